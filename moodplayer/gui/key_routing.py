"""Keys that a focused control needs go to that control, not to the window's shortcuts.

Space plays and pauses, Left/Right seek, letters choose actions — except while a control that
uses those keys has the focus: Space presses a focused button, arrows move a focused slider,
list or dropdown. This keeps every control operable from the keyboard alone.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)

_ARROWS = {Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down}
_ACTIVATE = {Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter}


def control_wants_key(widget: object, event: QKeyEvent) -> bool:
    """Whether the focused ``widget`` should receive ``event`` instead of a shortcut."""
    key = Qt.Key(event.key())
    plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                  Qt.KeyboardModifier.KeypadModifier)
    if isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)):
        return plain or event.modifiers() == Qt.KeyboardModifier.ShiftModifier
    if not plain:
        return False
    if isinstance(widget, QAbstractButton):
        return key in _ACTIVATE
    if isinstance(widget, (QAbstractSlider, QComboBox)):
        return key in _ARROWS or key in _ACTIVATE
    if isinstance(widget, QAbstractItemView):
        return key in _ARROWS or key in _ACTIVATE or key in (Qt.Key.Key_Home, Qt.Key.Key_End)
    return False


class FocusedControlKeys(QObject):
    """An application event filter that lets focused controls keep their keys."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            focus = QApplication.focusWidget()
            if focus is not None and watched is focus and control_wants_key(focus, event):
                event.accept()
        return False
