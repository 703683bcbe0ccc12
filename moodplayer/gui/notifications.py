"""Desktop notifications: the mood changed, a song started.

A notification goes through the tray icon when there is one (Qt sends it the desktop's way),
else straight to ``org.freedesktop.Notifications`` on the session bus. With neither (no tray,
no bus, no notification service) it is skipped quietly. Each kind replaces its previous
notification rather than piling up.

The D-Bus call is made through a ``QDBusInterface`` and ``QMetaObject.invokeMethod`` with typed
arguments, because the service checks the signature (``susssasa{sv}i``) and PySide turns a
Python ``int`` into a signed 32-bit value where the ``replaces_id`` must be unsigned.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject, QObject, Qt
from PySide6.QtDBus import QDBusConnection, QDBusInterface

from moodplayer import APP_ID, APP_NAME

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
TIMEOUT_MS = 5000
CALL_TIMEOUT_MS = 2000


@dataclass(frozen=True)
class Notification:
    """One notification as sent: its kind (``mood``/``song``), text, and the way it went."""

    kind: str
    summary: str
    body: str
    via: str


class DBusNotifications:
    """``org.freedesktop.Notifications`` on one bus connection."""

    def __init__(self, connection: QDBusConnection) -> None:
        self.connection = connection
        self._interface: QDBusInterface | None = None

    def available(self) -> bool:
        """Whether a notification service is running on the bus."""
        if not self.connection.isConnected():
            return False
        reply = self.connection.interface().isServiceRegistered(SERVICE)
        return bool(reply.isValid() and reply.value())

    def notify(self, summary: str, body: str, replaces: int = 0) -> int | None:
        """Show a notification; its id, or ``None`` when the service did not answer."""
        if self._interface is None:
            interface = QDBusInterface(SERVICE, PATH, SERVICE, self.connection)
            if not interface.isValid():
                log.info("notifications unavailable: %s", interface.lastError().message())
                return None
            interface.setTimeout(CALL_TIMEOUT_MS)
            self._interface = interface
        hints = {"desktop-entry": APP_ID}
        ok = QMetaObject.invokeMethod(
            self._interface, "Notify", Qt.ConnectionType.DirectConnection,
            Q_RETURN_ARG("uint"),
            Q_ARG(str, APP_NAME), Q_ARG("uint", int(replaces)), Q_ARG(str, APP_ID),
            Q_ARG(str, summary), Q_ARG(str, body), Q_ARG("QStringList", []),
            Q_ARG("QVariantMap", hints), Q_ARG(int, TIMEOUT_MS))
        if isinstance(ok, int) and not isinstance(ok, bool):
            return ok
        if not ok:
            log.info("notification not shown: %s", self._interface.lastError().message())
            self._interface = None
        return None


class Notifier(QObject):
    """Sends the app's notifications when their settings allow and the window is not in
    front (the listener already sees it there)."""

    def __init__(self, *, enabled: Callable[[str], bool], in_front: Callable[[], bool],
                 tray: Any = None, bus: DBusNotifications | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self.in_front = in_front
        self.tray = tray
        self.bus = bus
        self.sent: list[Notification] = []
        self._ids: dict[str, int] = {}

    def mood_changed(self, mood_name: str, reason: str) -> bool:
        """Announce a mood the camera settled on."""
        return self.send("mood", f"Mood: {mood_name}", reason)

    def song_started(self, title: str, detail: str) -> bool:
        """Announce a song."""
        return self.send("song", title, detail)

    def send(self, kind: str, summary: str, body: str) -> bool:
        """Show one notification of ``kind``; false when it was not shown (and why is logged
        at debug level)."""
        if not self.enabled(kind) or self.in_front():
            return False
        if self.tray is not None and self.tray.visible:
            self.tray.show_message(summary, body, TIMEOUT_MS)
            via = "tray"
        elif self.bus is not None and self.bus.available():
            ident = self.bus.notify(summary, body, self._ids.get(kind, 0))
            if ident is None:
                return False
            self._ids[kind] = ident
            via = "dbus"
        else:
            log.debug("no tray and no notification service: %s not shown", summary)
            return False
        self.sent.append(Notification(kind, summary, body, via))
        return True
