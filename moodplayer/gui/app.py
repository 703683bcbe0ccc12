"""Starting the desktop app: the QApplication, the theme, the window and the controller.

Nothing heavy is imported here: the window appears at once, and the camera, the model and
libVLC start right after it is shown (the model on the perception thread).
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from moodplayer import APP_ID, APP_NAME, __version__
from moodplayer.context import AppContext
from moodplayer.moods import Mood
from moodplayer.paths import assets_dir


def launch_options(args: argparse.Namespace) -> object:
    """The controller's options from the command line."""
    from moodplayer.gui.controller import LaunchOptions

    return LaunchOptions(
        camera=args.camera,
        no_camera=bool(args.no_camera),
        mood=Mood.parse(args.mood) if args.mood else None,
        audio_out=Path(args.audio_out) if getattr(args, "audio_out", None) else None,
    )


def app_icon() -> object:
    """The app icon, from the SVG and its rendered sizes."""
    from PySide6.QtGui import QIcon

    icon = QIcon(str(assets_dir() / "icons" / "moodplayer.svg"))
    for png in sorted((assets_dir() / "icons" / "hicolor").glob("*/apps/*.png")):
        icon.addFile(str(png))
    return icon


def quit_on_signals(quit_app: Callable[[], None]) -> None:
    """Ctrl+C in the terminal and SIGTERM quit cleanly (the state is saved).

    Python runs signal handlers only between bytecodes, so a timer wakes the interpreter
    a few times a second while Qt's event loop runs.
    """
    from PySide6.QtCore import QCoreApplication, QTimer

    def handler(signum: int, frame: object) -> None:
        QTimer.singleShot(0, quit_app)

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    waker = QTimer(QCoreApplication.instance())
    waker.setInterval(250)
    waker.timeout.connect(lambda: None)
    waker.start()


def run_gui(args: argparse.Namespace, context: AppContext) -> int:
    """Open the main window and run the event loop until it closes."""
    from PySide6.QtWidgets import QApplication

    from moodplayer.gui.controller import Controller, LaunchOptions
    from moodplayer.gui.key_routing import FocusedControlKeys
    from moodplayer.gui.theme import follow_system_theme

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())  # type: ignore[arg-type]
    follow_system_theme(app)
    key_filter = FocusedControlKeys(app)
    app.installEventFilter(key_filter)
    options = launch_options(args)
    assert isinstance(options, LaunchOptions)
    controller = Controller(context, options)
    quit_on_signals(controller.quit)
    controller.start()
    status = int(app.exec())
    controller.shutdown()
    return status
