"""Starting the desktop app: the QApplication and the main window."""

from __future__ import annotations

import argparse
import sys

from moodplayer import APP_ID, APP_NAME, __version__
from moodplayer.context import AppContext


def run_gui(args: argparse.Namespace, context: AppContext) -> int:
    """Open the main window and run the event loop until it closes."""
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    window = QMainWindow()
    window.setWindowTitle(APP_NAME)
    label = QLabel(f"{APP_NAME} {__version__}")
    window.setCentralWidget(label)
    window.resize(800, 600)
    window.show()
    return int(app.exec())
