"""Hands the player's events to the GUI thread.

libVLC calls back on its own threads and is not re-entrant, so the player's ``on_event``
callback only emits a Qt signal; Qt queues it to the GUI thread, where a ``@Slot`` does the
work.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from moodplayer.music.player_api import PlayerEvent


class PlayerEventBridge(QObject):
    """``deliver`` may be called from any thread; ``player_event`` is emitted on the GUI thread."""

    player_event = Signal(object)

    def deliver(self, player_event: PlayerEvent) -> None:
        """The player's ``on_event`` callback: emit only, never touch the player here."""
        self.player_event.emit(player_event)
