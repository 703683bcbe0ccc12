"""Now playing: cover art, title, artist and album, the seek slider and the transport controls.

Buttons are bound to the window's actions (one table drives buttons, menus and keys). The seek
slider seeks when released (or on each keyboard step), and shows elapsed and remaining time.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QImage, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractSlider,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from moodplayer.gui.icons import painted_icon
from moodplayer.moods import Mood


def format_time(seconds: float | None) -> str:
    """``m:ss`` (or ``h:mm:ss``); ``--:--`` when unknown."""
    if seconds is None or seconds < 0:
        return "--:--"
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def placeholder_cover(mood: Mood | None, size: int) -> QPixmap:
    """A mood-coloured square with the mood's symbol, for songs without cover art."""
    pixmap = QPixmap(size, size)
    colour = QColor(mood.colour if mood else "#8b96a5")
    pixmap.fill(colour.darker(140))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(colour)
    painter.setPen(Qt.PenStyle.NoPen)
    margin = size * 0.12
    painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin))
    painter.setPen(QColor("#ffffff"))
    font = QFont(painter.font())
    font.setPixelSize(int(size * 0.36))
    painter.setFont(font)
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, "♪")
    painter.end()
    return pixmap


def _tool_button(action: QAction, icon: str) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    button.setIconSize(QSize(22, 22))
    button.setMinimumSize(QSize(38, 34))
    button.setProperty("icon_name", icon)
    button.setAccessibleName(action.text().replace("&", ""))
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button


class NowPlaying(QWidget):
    """The song playing and the controls to move through the playlist."""

    seek_requested = Signal(float)
    volume_changed = Signal(int)

    COVER_SIZE = 120

    def __init__(self, actions: dict[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._duration: float | None = None
        self._dragging = False
        self._mood: Mood | None = None
        self._has_cover = False

        self.cover = QLabel()
        self.cover.setFixedSize(self.COVER_SIZE, self.COVER_SIZE)
        self.cover.setAccessibleName("Cover art")
        self.title = QLabel("Nothing playing")
        title_font = QFont(self.title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.35)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.title.setWordWrap(True)
        self.artist = QLabel("")
        self.album = QLabel("")
        self.album.setEnabled(False)

        self.seek = QSlider(Qt.Orientation.Horizontal)
        self.seek.setAccessibleName("Position in the song")
        self.seek.setRange(0, 0)
        self.seek.setSingleStep(5)
        self.seek.setPageStep(30)
        self.seek.sliderPressed.connect(self._on_pressed)
        self.seek.sliderReleased.connect(self._on_released)
        self.seek.actionTriggered.connect(self._on_slider_action)
        self.elapsed = QLabel("0:00")
        self.remaining = QLabel("--:--")

        self.previous_button = _tool_button(actions["previous"], "previous")
        self.play_button = _tool_button(actions["play_pause"], "play")
        self.next_button = _tool_button(actions["next"], "next")
        self.mute_button = _tool_button(actions["mute"], "volume")
        self.shuffle_button = _tool_button(actions["shuffle"], "shuffle")
        self.repeat_button = _tool_button(actions["repeat"], "repeat-all")
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setSingleStep(5)
        self.volume.setAccessibleName("Volume")
        self.volume.setMaximumWidth(140)
        self.volume.valueChanged.connect(self.volume_changed)
        self.volume_label = QLabel("80%")
        self.volume_label.setMinimumWidth(36)

        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.artist)
        text.addWidget(self.album)
        text.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.cover)
        top.addLayout(text, 1)
        seek_row = QGridLayout()
        seek_row.addWidget(self.elapsed, 0, 0)
        seek_row.addWidget(self.seek, 0, 1)
        seek_row.addWidget(self.remaining, 0, 2)
        transport = QHBoxLayout()
        for button in (self.previous_button, self.play_button, self.next_button):
            transport.addWidget(button)
        transport.addSpacing(12)
        transport.addWidget(self.shuffle_button)
        transport.addWidget(self.repeat_button)
        transport.addStretch(1)
        transport.addWidget(self.mute_button)
        transport.addWidget(self.volume)
        transport.addWidget(self.volume_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(seek_row)
        layout.addLayout(transport)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.show_track(None, "", "", None, None)
        self.refresh_icons()

    def show_track(self, title: str | None, artist: str, album: str,
                   cover: bytes | None, mood: Mood | None) -> None:
        """Show a song (``title`` None: nothing playing); cover bytes or a mood placeholder."""
        self._mood = mood
        self.title.setText(title or "Nothing playing")
        self.artist.setText(artist)
        self.album.setText(album)
        pixmap = QPixmap()
        self._has_cover = bool(cover) and pixmap.loadFromData(cover or b"")
        if self._has_cover:
            pixmap = pixmap.scaled(self.COVER_SIZE, self.COVER_SIZE,
                                   Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
        else:
            pixmap = placeholder_cover(mood, self.COVER_SIZE)
        self.cover.setPixmap(pixmap)

    def cover_image(self) -> QImage:
        """The cover shown (for tests and the tray)."""
        return self.cover.pixmap().toImage()

    def show_position(self, position: float, duration: float | None) -> None:
        """Update the slider and the elapsed/remaining labels (not while the user drags)."""
        self._duration = duration
        if not self._dragging:
            self.seek.blockSignals(True)
            self.seek.setRange(0, int(duration or 0))
            self.seek.setValue(int(position))
            self.seek.blockSignals(False)
        self.elapsed.setText(format_time(position))
        remaining = None if duration is None else max(0.0, duration - position)
        self.remaining.setText("-" + format_time(remaining) if remaining is not None else "--:--")

    def _set_icon(self, button: QToolButton, name: str) -> None:
        button.setProperty("icon_name", name)
        colour = self.palette().color(QPalette.ColorRole.ButtonText)
        button.defaultAction().setIcon(painted_icon(name, colour))

    def refresh_icons(self) -> None:
        """Repaint the icons (after a theme change)."""
        for button in (self.previous_button, self.play_button, self.next_button,
                       self.mute_button, self.shuffle_button, self.repeat_button):
            self._set_icon(button, str(button.property("icon_name")))

    def show_playing(self, playing: bool) -> None:
        self._set_icon(self.play_button, "pause" if playing else "play")

    def show_volume(self, volume: int, muted: bool) -> None:
        self.volume.blockSignals(True)
        self.volume.setValue(volume)
        self.volume.blockSignals(False)
        self.volume_label.setText("muted" if muted else f"{volume}%")
        self._set_icon(self.mute_button, "muted" if muted else "volume")

    def show_modes(self, shuffle: bool, repeat: str) -> None:
        self.shuffle_button.setChecked(shuffle)
        self._set_icon(self.repeat_button, f"repeat-{repeat}")
        self.repeat_button.setToolTip(f"Repeat: {repeat} (R cycles all, one, off)")

    def _on_pressed(self) -> None:
        self._dragging = True

    def _on_released(self) -> None:
        self._dragging = False
        self.seek_requested.emit(float(self.seek.value()))

    def _on_slider_action(self, action: int) -> None:
        if self._dragging or action == QAbstractSlider.SliderAction.SliderMove.value:
            return
        self.seek_requested.emit(float(self.seek.sliderPosition()))
