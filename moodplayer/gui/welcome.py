"""The first-start welcome: shown once, when no music has been mapped yet.

It explains the camera and privacy in two sentences and offers to point each mood at a
folder of the listener's music; moods left alone play the bundled demo music. Skipping (or
closing it) starts on the demo music. Either way it is not shown again
(``behaviour.welcome_done``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from moodplayer.gui.settings_pages.music_page import mood_chip
from moodplayer.moods import MOOD_ORDER, Mood
from moodplayer.settings import Settings

if TYPE_CHECKING:
    from moodplayer.gui.controller import Controller

PRIVACY = ("Mood Player looks at your face through the camera to tell your mood, and plays "
           "music that fits it. The pictures stay in memory on this computer and are never "
           "saved or sent anywhere; press C at any time to turn the camera off.")
DEMO = "demo music"


def needs_welcome(settings: Settings) -> bool:
    """Whether to greet: not greeted before, and no mood has music of the listener's own."""
    mapped = any(sources for sources in settings.music.sources.values())
    return not settings.behaviour.welcome_done and not mapped


class WelcomeDialog(QDialog):
    """Welcome, privacy in two sentences, and a folder per mood."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeDialog")
        self.setWindowTitle("Welcome to Mood Player")
        self.controller = controller
        self.folders: dict[Mood, str] = {}
        self.folder_labels: dict[Mood, QLabel] = {}
        self._done = False

        title = QLabel("Welcome to Mood Player")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        privacy = QLabel(PRIVACY)
        privacy.setObjectName("privacyText")
        privacy.setWordWrap(True)
        ask = QLabel("Point each mood at a folder of your music, or skip and start with the "
                     "demo music (you can change this later in Settings › Music).")
        ask.setWordWrap(True)
        grid = QGridLayout()
        for row, mood in enumerate(MOOD_ORDER):
            name = QLabel(f"{mood.symbol}  {mood.display_name}")
            name.setMinimumWidth(120)
            chip = QLabel()
            chip.setPixmap(mood_chip(mood).pixmap(14, 14))
            folder = QLabel(DEMO)
            folder.setObjectName(f"welcomeFolder_{mood.value}")
            folder.setEnabled(False)
            button = QPushButton("Choose folder…")
            button.setObjectName(f"welcomeChoose_{mood.value}")
            button.setAccessibleName(f"Choose a folder for {mood.display_name}")
            button.clicked.connect(self._chooser(mood))
            grid.addWidget(chip, row, 0)
            grid.addWidget(name, row, 1)
            grid.addWidget(folder, row, 2)
            grid.addWidget(button, row, 3)
            self.folder_labels[mood] = folder
        grid.setColumnStretch(2, 1)
        self.skip_button = QPushButton("Skip — use the demo music")
        self.skip_button.setObjectName("welcomeSkip")
        self.skip_button.clicked.connect(self.skip)
        self.start_button = QPushButton("Start")
        self.start_button.setObjectName("welcomeStart")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(privacy)
        layout.addSpacing(6)
        layout.addWidget(ask)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.resize(660, self.sizeHint().height())

    def _chooser(self, mood: Mood) -> Callable[[], None]:
        def choose() -> None:
            folder = QFileDialog.getExistingDirectory(
                self, f"Choose a folder of music for {mood.display_name}")
            if folder:
                self.set_folder(mood, folder)

        return choose

    def set_folder(self, mood: Mood, folder: str) -> bool:
        """Use ``folder`` for ``mood``; false when it is not a folder."""
        if not Path(folder).is_dir():
            self.folder_labels[mood].setText(f"not a folder: {folder}")
            return False
        self.folders[mood] = folder
        label = self.folder_labels[mood]
        label.setText(folder)
        label.setEnabled(True)
        label.setToolTip(folder)
        return True

    @Slot()
    def start(self) -> None:
        """Use the folders chosen (the other moods play the demo music) and close."""
        settings = self.controller.context.settings.copy()
        settings.behaviour.welcome_done = True
        if self.folders:
            settings.music.sources = {**settings.music.sources,
                                      **{m.value: [f] for m, f in self.folders.items()}}
        self._done = True
        self.controller.apply_settings(settings)
        self.accept()

    @Slot()
    def skip(self) -> None:
        """Start on the demo music; the welcome is not shown again."""
        self._mark_done()
        self.reject()

    def _mark_done(self) -> None:
        if self._done:
            return
        self._done = True
        self.controller.context.settings.behaviour.welcome_done = True
        self.controller.context.save_settings()

    def reject(self) -> None:
        self._mark_done()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._mark_done()
        super().closeEvent(event)


def maybe_show_welcome(controller: Controller, delay_ms: int = 300) -> bool:
    """Greet the listener (after the window is up) when this is a first start; true if so."""
    if not needs_welcome(controller.context.settings):
        return False

    def show() -> None:
        dialog = WelcomeDialog(controller, controller.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    QTimer.singleShot(delay_ms, controller.window, show)
    return True
