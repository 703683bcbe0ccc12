"""Editors for single settings, built from the settings model's limits and help texts.

Each editor shows one field of one settings section (``voting.window_seconds``...), loads its
value from a :class:`~moodplayer.settings.Settings`, writes it back, and says in words why its
current input cannot be used. Pages put them in a :class:`FieldForm`, which lays each out with
its label and its one-sentence help and loads, stores and checks them all together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from moodplayer.settings import Settings, field_help, field_limits


class FieldEditor(Protocol):
    """One edited setting: ``section.name`` shown by ``widget``."""

    section: str
    name: str
    widget: QWidget

    def load(self, value: Any) -> None:
        """Show ``value``."""
        ...

    def value(self) -> Any:
        """The value shown, in the settings' type."""
        ...

    def problem(self) -> str:
        """Why the input cannot be used ('' when it can)."""
        ...


def read_field(settings: Settings, section: str, name: str) -> Any:
    """``settings.<section>.<name>``."""
    return getattr(getattr(settings, section), name)


def write_field(settings: Settings, section: str, name: str, value: Any) -> None:
    """Set ``settings.<section>.<name>``."""
    setattr(getattr(settings, section), name, value)


def help_label(text: str) -> QLabel:
    """A small, wrapped explanation under a field, in the theme's quieter text colour."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("fieldHelp")
    font = label.font()
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.92))
    label.setFont(font)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


class NumberField:
    """A whole or decimal number within the field's limits, with a unit."""

    def __init__(self, section: str, name: str, *, decimals: int = 0, step: float = 1.0,
                 suffix: str = "", percent: bool = False) -> None:
        self.section, self.name = section, name
        limits = field_limits(section, name)
        self.low, self.high = limits["min"], limits["max"]
        self.percent = percent
        scale = 100.0 if percent else 1.0
        spin: QSpinBox | QDoubleSpinBox
        if decimals == 0 and not percent:
            spin = QSpinBox()
            spin.setRange(int(self.low), int(self.high))
            spin.setSingleStep(int(step))
        else:
            spin = QDoubleSpinBox()
            spin.setDecimals(decimals)
            spin.setRange(self.low * scale, self.high * scale)
            spin.setSingleStep(step)
        spin.setSuffix(suffix)
        spin.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        spin.setKeyboardTracking(False)
        spin.setObjectName(f"{section}_{name}")
        self.spin = spin
        self.widget: QWidget = spin

    def load(self, value: Any) -> None:
        self.spin.setValue(value * 100 if self.percent else value)

    def value(self) -> Any:
        shown = self.spin.value()
        if self.percent:
            return round(shown / 100.0, 4)
        return shown

    def problem(self) -> str:
        if self.spin.hasAcceptableInput():
            return ""
        scale = 100.0 if self.percent else 1.0
        typed = self.spin.lineEdit().text().strip() or "nothing"
        return (f"{typed!r} is not a number from {self.low * scale:g} to "
                f"{self.high * scale:g}{self.spin.suffix()}")


class ChoiceField:
    """One of the field's choices, each shown with a plain label."""

    def __init__(self, section: str, name: str, labels: dict[str, str] | None = None,
                 choices: Sequence[str] | None = None) -> None:
        self.section, self.name = section, name
        labels = labels or {}
        self.combo = QComboBox()
        self.combo.setObjectName(f"{section}_{name}")
        for choice in choices or field_limits(section, name)["choices"]:
            self.combo.addItem(labels.get(choice, choice), choice)
        self.widget: QWidget = self.combo

    def load(self, value: Any) -> None:
        index = self.combo.findData(value)
        self.combo.setCurrentIndex(max(0, index))

    def value(self) -> Any:
        return self.combo.currentData()

    def problem(self) -> str:
        return "" if self.combo.currentIndex() >= 0 else "nothing is chosen"


class BoolField:
    """A setting that is on or off."""

    def __init__(self, section: str, name: str, text: str) -> None:
        self.section, self.name = section, name
        self.check = QCheckBox(text)
        self.check.setObjectName(f"{section}_{name}")
        self.widget: QWidget = self.check

    def load(self, value: Any) -> None:
        self.check.setChecked(bool(value))

    def value(self) -> Any:
        return self.check.isChecked()

    def problem(self) -> str:
        return ""


class FieldForm(QWidget):
    """Rows of label and editor, each with its help sentence under the editor; loads, stores
    and checks its editors."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: list[FieldEditor] = []
        self.labels: dict[str, str] = {}
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(2)
        self.grid.setColumnStretch(1, 1)

    def add(self, label: str, editor: FieldEditor, help_text: str | None = None) -> None:
        """Add a row; the help sentence defaults to the setting's own."""
        text = field_help(editor.section, editor.name) if help_text is None else help_text
        row = self.grid.rowCount()
        if row > 0 and self.editors:
            self.grid.setRowMinimumHeight(row, 8)  # a little air between settings
            row += 1
        field = QHBoxLayout()
        field.setContentsMargins(0, 0, 0, 0)
        field.addWidget(editor.widget)
        field.addStretch(1)
        column, span = (1, 1) if label else (0, 2)  # a check box spans the label column
        if label:
            row_label = QLabel(f"{label}:")
            row_label.setBuddy(editor.widget)
            self.grid.addWidget(row_label, row, 0)
        self.grid.addLayout(field, row, column, 1, span)
        if text:
            self.grid.addWidget(help_label(text), row + 1, column, 1, span)
            editor.widget.setToolTip(text)
        editor.widget.setAccessibleName(label or editor.name)
        self.editors.append(editor)
        self.labels[f"{editor.section}.{editor.name}"] = label or editor.name

    def load(self, settings: Settings) -> None:
        for editor in self.editors:
            editor.load(read_field(settings, editor.section, editor.name))

    def store(self, settings: Settings) -> None:
        for editor in self.editors:
            write_field(settings, editor.section, editor.name, editor.value())

    def problems(self) -> list[tuple[QWidget, str]]:
        """(widget, 'Label: why') for each editor whose input cannot be used."""
        found = []
        for editor in self.editors:
            problem = editor.problem()
            if problem:
                label = self.labels[f"{editor.section}.{editor.name}"]
                found.append((editor.widget, f"{label}: {problem}"))
        return found


class FormPage(QWidget):
    """A settings page made of :class:`FieldForm`s (set ``self.forms``): loads, stores and
    checks them all; pages with more to do extend these."""

    title = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.forms: tuple[FieldForm, ...] = ()

    def load(self, settings: Settings) -> None:
        for form in self.forms:
            form.load(settings)

    def store(self, settings: Settings) -> None:
        for form in self.forms:
            form.store(settings)

    def problems(self) -> list[tuple[QWidget, str]]:
        return [problem for form in self.forms for problem in form.problems()]

    def shutdown(self) -> None:
        """Stop what the page runs in the background (nothing by default)."""
