"""The app on the desktop: the tray icon, notifications and MPRIS, fed from one place.

:class:`DesktopIntegration` makes whichever of them the desktop offers (a tray icon where
there is a tray; MPRIS and D-Bus notifications where there is a session bus) and skips the rest
quietly. The controller tells it what happened: a player event, a change of mood, a seek, new
settings; it tells the controller whether closing the window should keep the app in the tray.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtDBus import QDBusConnection
from PySide6.QtGui import QGuiApplication

from moodplayer.gui.mpris import MprisService, session_bus_configured
from moodplayer.gui.notifications import DBusNotifications, Notifier
from moodplayer.gui.tray import MoodTrayIcon, tray_available
from moodplayer.music.player_api import PlayerEvent, PlayerEventKind

if TYPE_CHECKING:
    from moodplayer.gui.controller import Controller
    from moodplayer.moods import Mood

log = logging.getLogger(__name__)


def session_bus() -> QDBusConnection | None:
    """The session bus when there is one (never starts a bus of its own). A headless run on
    the offscreen platform (tests, tools) has no desktop, so it does not use the bus either."""
    if not session_bus_configured() or QGuiApplication.platformName() == "offscreen":
        return None
    connection = QDBusConnection.sessionBus()
    return connection if connection.isConnected() else None


class DesktopIntegration(QObject):
    """Tray icon, notifications and MPRIS for one controller."""

    def __init__(self, controller: Controller, *, bus: QDBusConnection | None = None,
                 use_bus: bool = True, tray: bool | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._bus = bus
        self._use_bus = use_bus
        self._want_tray = tray
        self.tray: MoodTrayIcon | None = None
        self.mpris: MprisService | None = None
        self.notifier: Notifier | None = None
        self._notified_mood: Mood | None = None

    def start(self) -> None:
        """Make what the desktop offers."""
        controller = self.controller
        if self._want_tray if self._want_tray is not None else tray_available():
            self.tray = MoodTrayIcon(controller.window, controller.actions, self)
            self.tray.show()
        bus = self._bus if self._bus is not None else (session_bus() if self._use_bus else None)
        self.notifier = Notifier(enabled=self._notifications_enabled,
                                 in_front=self._window_in_front, tray=self.tray,
                                 bus=DBusNotifications(bus) if bus is not None else None,
                                 parent=self)
        if bus is not None:
            service = MprisService(controller, bus, self)
            if service.start():
                self.mpris = service

    def stop(self) -> None:
        """Leave the tray and the bus."""
        if self.tray is not None:
            self.tray.hide()
        if self.mpris is not None:
            self.mpris.stop()

    def _notifications_enabled(self, kind: str) -> bool:
        behaviour = self.controller.context.settings.behaviour
        return behaviour.notify_mood_change if kind == "mood" else behaviour.notify_song_start

    def _window_in_front(self) -> bool:
        window = self.controller.window
        return window.isVisible() and not window.isMinimized() and window.isActiveWindow()

    # ---------------------------------------------------------------- what happened

    def player_event(self, event: PlayerEvent) -> None:
        """After the controller handled a player event."""
        if event.kind is PlayerEventKind.POSITION:
            if self.mpris is not None and event.position is not None:
                self.mpris.position_changed(event.position)
            return
        if event.kind is PlayerEventKind.TRACK_STARTED and event.track is not None:
            described = self.controller.library.describe(event.track)
            detail = " — ".join(part for part in (described.artist, described.album) if part)
            if self.notifier is not None:
                self.notifier.song_started(described.title, detail)
            self._show_in_tray(described.display)
        if self.mpris is not None:
            self.mpris.refresh()

    def mood_changed(self, mood: Mood, *, by_hand: bool, reason: str) -> None:
        """The mood in force changed (by the camera, or by hand)."""
        player = self.controller.player
        track = player.current_track if player is not None else None
        self._show_in_tray(track.display if track is not None else "", mood)
        if by_hand:
            self._notified_mood = mood
            return
        if mood is not self._notified_mood and self.notifier is not None:
            self.notifier.mood_changed(mood.display_name, reason)
        self._notified_mood = mood

    def modes_changed(self) -> None:
        """Volume, mute, shuffle or repeat changed."""
        if self.mpris is not None:
            self.mpris.refresh()

    def seeked(self, seconds: float) -> None:
        """The listener (or a remote) jumped to ``seconds``."""
        if self.mpris is not None:
            self.mpris.seeked(seconds)

    def settings_changed(self) -> None:
        """New settings were applied (notifications and the tray read them when used)."""
        if self.mpris is not None:
            self.mpris.refresh()

    def keep_running_on_close(self) -> bool:
        """Whether closing the window should only hide it (to the tray)."""
        return (self.tray is not None and self.tray.visible
                and self.controller.context.settings.behaviour.minimize_to_tray)

    def _show_in_tray(self, detail: str, mood: Mood | None = None) -> None:
        if self.tray is None:
            return
        dj = self.controller.dj
        shown = mood or (dj.mood if dj is not None else None)
        self.tray.show_mood(shown, detail)
