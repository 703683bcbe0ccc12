"""The current mood's playlist: every song, the playing one highlighted; Enter or a
double-click plays a song."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from moodplayer.gui.widgets.now_playing import format_time
from moodplayer.music.tracks import Track


class PlaylistView(QListWidget):
    """A list of tracks; emits ``play_requested(index)``."""

    play_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Playlist")
        self.setAlternatingRowColors(True)
        self.setUniformItemSizes(True)
        self.itemDoubleClicked.connect(lambda item: self.play_requested.emit(self.row(item)))
        self._playing: int | None = None

    def show_tracks(self, tracks: Sequence[Track]) -> None:
        """Replace the list."""
        self.clear()
        for number, track in enumerate(tracks, start=1):
            length = format_time(track.duration) if track.duration else ""
            by = f"  —  {track.artist}" if track.artist else ""
            item = QListWidgetItem(f"{number:>2}. {track.title}{by}    {length}")
            item.setData(Qt.ItemDataRole.UserRole, track.location)
            item.setToolTip(track.location)
            self.addItem(item)
        self._playing = None

    def show_playing(self, index: int | None) -> None:
        """Highlight the playing song."""
        for row in range(self.count()):
            item = self.item(row)
            font = QFont(item.font())
            font.setBold(row == index)
            item.setFont(font)
            text = item.text().removeprefix("▶ ")
            item.setText(f"▶ {text}" if row == index else text)
        self._playing = index
        if index is not None and 0 <= index < self.count():
            self.scrollToItem(self.item(index))

    @property
    def playing_row(self) -> int | None:
        """The highlighted row."""
        return self._playing

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.play_requested.emit(self.currentRow())
            return
        super().keyPressEvent(event)
