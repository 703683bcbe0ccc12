"""The main window: lays out the widgets, builds the menus from the action table, and shows
state. It holds no logic of its own; :mod:`moodplayer.gui.controller` wires it to the rest."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from moodplayer import APP_NAME
from moodplayer.gui.actions import ACTION_SPECS, MENU_ORDER, create_actions
from moodplayer.gui.widgets.banner import BannerArea
from moodplayer.gui.widgets.camera_view import CameraView
from moodplayer.gui.widgets.emotion_bars import EmotionBars
from moodplayer.gui.widgets.help_overlay import HelpOverlay
from moodplayer.gui.widgets.mood_panel import MoodPanel
from moodplayer.gui.widgets.mood_timeline import MoodTimeline
from moodplayer.gui.widgets.now_playing import NowPlaying
from moodplayer.gui.widgets.playlist_view import PlaylistView

STYLE = """
QFrame#card { border: 1px solid palette(mid); border-radius: 8px; }
QToolButton { padding: 4px 8px; }
*:focus { outline: 2px solid palette(highlight); }
QToolButton:focus, QPushButton:focus, QComboBox:focus, QSlider:focus, QListWidget:focus {
    border: 2px solid palette(highlight); border-radius: 4px; }
QLabel#sectionTitle { font-weight: bold; color: palette(mid); }
"""


def _card(*widgets: QWidget, title: str = "") -> QFrame:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(10, 8, 10, 10)
    if title:
        heading = QLabel(title.upper())
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
    for widget in widgets:
        layout.addWidget(widget, 1 if isinstance(widget, (CameraView, PlaylistView)) else 0)
    return frame


class MainWindow(QMainWindow):
    """The window the listener sees."""

    close_requested = Signal(QCloseEvent)

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(760, 540)
        self.actions_by_id = create_actions(self)
        self.banners = BannerArea()
        self.camera_view = CameraView()
        self.emotion_bars = EmotionBars()
        self.mood_panel = MoodPanel(self.actions_by_id["lock"], self.actions_by_id["camera"])
        self.timeline = MoodTimeline()
        self.now_playing = NowPlaying(self.actions_by_id)
        self.playlist = PlaylistView()
        self.playlist_title = QLabel("PLAYLIST")
        self.playlist_title.setObjectName("sectionTitle")

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(_card(self.camera_view, title="Camera"), 3)
        left_layout.addWidget(_card(self.mood_panel, self.emotion_bars, title="Mood"), 0)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(_card(self.now_playing, title="Now playing"), 0)
        playlist_card = QFrame()
        playlist_card.setObjectName("card")
        playlist_layout = QVBoxLayout(playlist_card)
        playlist_layout.setContentsMargins(10, 8, 10, 10)
        playlist_layout.addWidget(self.playlist_title)
        playlist_layout.addWidget(self.playlist, 1)
        right_layout.addWidget(playlist_card, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 6)
        self.splitter.setChildrenCollapsible(False)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.addWidget(self.banners)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.timeline)
        self.setCentralWidget(central)
        self.help_overlay = HelpOverlay(central)
        self.setStyleSheet(STYLE)

        self.camera_status = QLabel("Camera: off")
        self.model_status = QLabel("Model: –")
        self.playback_status = QLabel("Stopped")
        status = self.statusBar()
        status.addWidget(self.camera_status)
        status.addWidget(self._separator())
        status.addWidget(self.model_status)
        status.addPermanentWidget(self.playback_status)
        self._build_menus()
        self.resize(1280, 800)

    @staticmethod
    def _separator() -> QLabel:
        label = QLabel("·")
        label.setEnabled(False)
        return label

    def _build_menus(self) -> None:
        menus = {name: self.menuBar().addMenu(f"&{name}") for name in MENU_ORDER}
        for item in ACTION_SPECS:
            menu = menus[item.menu]
            if item.id in ("auto_mood", "lock", "calibrate", "quit", "stop", "about"):
                menu.addSeparator()
            menu.addAction(self.actions_by_id[item.id])

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_requested.emit(event)
