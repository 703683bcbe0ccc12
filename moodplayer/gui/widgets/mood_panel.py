"""The mood panel: the mood in force, its confidence and reason, and the listener's controls.

The dropdown offers Auto then the seven moods; choosing a mood overrides the camera, Auto hands
control back. The lock and camera buttons are bound to the window's actions.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from moodplayer.moods import MOOD_ORDER, Mood

AUTO_TEXT = "Auto (camera)"


class MoodPanel(QWidget):
    """Shows the current mood and lets the listener choose one."""

    mood_chosen = Signal(object)  # Mood, or None for Auto

    def __init__(self, lock_action: QAction, camera_action: QAction,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mood_label = QLabel("…")
        self.mood_label.setObjectName("moodLabel")
        font = QFont(self.mood_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.mood_label.setFont(font)
        self.confidence_label = QLabel("")
        self.reason_label = QLabel("Waiting for the camera…")
        self.reason_label.setWordWrap(True)
        self.reason_label.setSizePolicy(QSizePolicy.Policy.Preferred,
                                        QSizePolicy.Policy.Minimum)
        self.reason_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.dropdown = QComboBox()
        self.dropdown.setAccessibleName("Mood")
        self.dropdown.setToolTip(
            "Choose the mood by hand, or Auto to let the camera choose (A, 1-7)")
        self.dropdown.addItem(AUTO_TEXT, None)
        for number, mood in enumerate(MOOD_ORDER, start=1):
            self.dropdown.addItem(f"{mood.symbol}  {mood.display_name}  ({number})", mood)
        self.dropdown.activated.connect(self._on_activated)

        self.lock_button = QToolButton()
        self.lock_button.setDefaultAction(lock_action)
        self.lock_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.camera_button = QToolButton()
        self.camera_button.setDefaultAction(camera_action)
        self.camera_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

        heading = QHBoxLayout()
        heading.addWidget(self.mood_label, 1)
        heading.addWidget(self.confidence_label, 0, Qt.AlignmentFlag.AlignBottom)
        controls = QHBoxLayout()
        controls.addWidget(QLabel("Mood:"))
        controls.addWidget(self.dropdown, 1)
        controls.addWidget(self.lock_button)
        controls.addWidget(self.camera_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(heading)
        layout.addWidget(self.reason_label)
        layout.addLayout(controls)

    def _on_activated(self, index: int) -> None:
        self.mood_chosen.emit(self.dropdown.itemData(index))

    def show_choice(self, mood: Mood | None) -> None:
        """Reflect the listener's choice (None: Auto) in the dropdown without emitting."""
        index = 0 if mood is None else 1 + MOOD_ORDER.index(mood)
        self.dropdown.blockSignals(True)
        self.dropdown.setCurrentIndex(index)
        self.dropdown.blockSignals(False)

    def show_mood(self, mood: Mood | None, confidence: float | None, reason: str) -> None:
        """Show the mood in force, its confidence and why."""
        if mood is None:
            self.mood_label.setText("No mood yet")
            self.mood_label.setStyleSheet("")
        else:
            self.mood_label.setText(f"{mood.symbol} {mood.display_name}")
            self.mood_label.setStyleSheet(f"color: {mood.colour};")
        self.confidence_label.setText("" if confidence is None else f"{confidence:.0%} sure")
        self.reason_label.setText(reason)
