"""The settings dialog (Ctrl+,): four pages, applied without a restart, saved atomically.

The dialog edits a copy of the settings. OK and Apply collect every page into a fresh copy of
the live settings, refuse the whole change when any input cannot be used (the page is shown,
the field focused, and the reason written under the pages), and otherwise hand the settings to
:meth:`Controller.apply_settings <moodplayer.gui.controller.Controller.apply_settings>`, which
uses them at once and saves the file atomically. Cancel changes nothing.

:func:`open_settings_dialog` and :func:`open_calibration_wizard` are what the window's actions
call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from moodplayer.gui.settings_pages.behaviour_page import BehaviourPage
from moodplayer.gui.settings_pages.camera_page import CameraPage
from moodplayer.gui.settings_pages.music_page import MusicPage
from moodplayer.gui.settings_pages.recognition_page import RecognitionPage
from moodplayer.settings import Settings, validate

if TYPE_CHECKING:
    from moodplayer.gui.calibration_wizard import CalibrationWizard
    from moodplayer.gui.controller import Controller

Problem = tuple[QWidget | None, str]


class SettingsPageLike(Protocol):
    """What the dialog needs of a page."""

    title: str

    def load(self, settings: Settings) -> None: ...

    def store(self, settings: Settings) -> None: ...

    def problems(self) -> list[tuple[QWidget, str]]: ...

    def shutdown(self) -> None: ...


class SettingsDialog(QDialog):
    """Camera, recognition, music and behaviour settings."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings — Mood Player")
        self.controller = controller
        self.camera_page = CameraPage(controller)
        self.recognition_page = RecognitionPage(controller)
        self.music_page = MusicPage(controller)
        self.behaviour_page = BehaviourPage(controller)
        self.pages: tuple[QWidget, ...] = (self.camera_page, self.recognition_page,
                                           self.music_page, self.behaviour_page)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsPages")
        for page in self.pages:
            self.tabs.addTab(page, _page(page).title)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("settingsProblems")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #d13438; font-weight: bold;")
        self.problem_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Apply
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        apply_button.clicked.connect(self.apply)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.load(controller.context.settings)
        self.resize(860, 640)
        application = QCoreApplication.instance()
        if application is not None:  # quitting with the dialog open still stops its threads
            application.aboutToQuit.connect(self._shutdown)

    def load(self, settings: Settings) -> None:
        """Show ``settings`` on every page."""
        draft = settings.copy()
        for page in self.pages:
            _page(page).load(draft)

    def collect(self) -> tuple[Settings, list[Problem]]:
        """The live settings with every page's edits, and what is wrong with them."""
        settings = self.controller.context.settings.copy()
        problems: list[Problem] = []
        for page in self.pages:
            _page(page).store(settings)
            problems.extend(_page(page).problems())
        problems.extend((None, problem) for problem in validate(settings))
        return settings, problems

    @Slot()
    def apply(self) -> bool:
        """Use and save the edits; false (nothing changed) when some input is refused."""
        settings, problems = self.collect()
        if problems:
            self.show_problems(problems)
            return False
        saved = self.controller.apply_settings(settings)
        self.problem_label.hide()
        if not saved and self.controller.context.store.save_error:
            self.problem_label.setText(self.controller.context.store.save_error)
            self.problem_label.show()
        self.recognition_page.refresh_status()
        return True

    def show_problems(self, problems: list[Problem]) -> None:
        """Say what is wrong, show the first page concerned and focus its field."""
        lines = [text for _widget, text in problems]
        self.problem_label.setText("Not saved: " + "\n".join(lines))
        self.problem_label.show()
        widget = problems[0][0]
        if widget is None:
            return
        for index, page in enumerate(self.pages):
            if page.isAncestorOf(widget):
                self.tabs.setCurrentIndex(index)
                break
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def accept(self) -> None:
        if self.apply():
            self._shutdown()
            super().accept()

    def reject(self) -> None:
        self._shutdown()
        super().reject()

    @Slot()
    def _shutdown(self) -> None:
        for page in self.pages:
            _page(page).shutdown()


def _page(widget: QWidget) -> SettingsPageLike:
    return widget  # type: ignore[return-value]  # every page implements SettingsPageLike


def open_settings_dialog(controller: Controller) -> SettingsDialog:
    """Show the settings dialog (one at a time) over the main window and return it."""
    existing = controller.window.findChild(SettingsDialog)
    if isinstance(existing, SettingsDialog) and existing.isVisible():
        existing.raise_()
        existing.activateWindow()
        return existing
    dialog = SettingsDialog(controller, controller.window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_calibration_wizard(controller: Controller) -> CalibrationWizard:
    """Show the calibration wizard over the main window and return it."""
    from moodplayer.gui.calibration_wizard import CalibrationWizard

    wizard = CalibrationWizard(controller, controller.window)
    wizard.open()
    return wizard
