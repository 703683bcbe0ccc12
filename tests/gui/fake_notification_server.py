"""A stand-in desktop notification service for tests: ``python -m
tests.gui.fake_notification_server`` takes ``org.freedesktop.Notifications`` on the session bus
and prints each notification it gets as a JSON line. Its ``Notify`` is typed like the real one
(``susssasa{sv}i`` → ``u``), so a call with other types is refused as the real service would."""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusAbstractAdaptor, QDBusConnection


@ClassInfo({"D-Bus Interface": "org.freedesktop.Notifications"})  # type: ignore[call-arg, operator]
class Notifications(QDBusAbstractAdaptor):
    """The ``Notify`` method of the notification specification."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.count = 0

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int,  # type: ignore[arg-type]
          result="uint")
    def Notify(self, app: str, replaces: int, icon: str, summary: str,
               body: str, actions: list[str], hints: dict[str, object], timeout: int) -> int:
        self.count += 1
        ident = replaces or self.count
        print(json.dumps({"id": ident, "app": app, "replaces": replaces, "icon": icon,
                          "summary": summary, "body": body, "hints": hints,
                          "timeout": timeout}), flush=True)
        return ident


def main() -> int:
    app = QCoreApplication(sys.argv[:1])
    bus = QDBusConnection.sessionBus()
    root = QObject()
    Notifications(root)
    if not (bus.registerObject("/org/freedesktop/Notifications", root)
            and bus.registerService("org.freedesktop.Notifications")):
        print("could not register", file=sys.stderr)
        return 1
    print("ready", flush=True)
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
