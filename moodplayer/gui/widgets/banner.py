"""Banners: plain messages across the top of the window, each with an optional action.

A banner says what went wrong and what to do (no camera, camera lost, no music for a mood);
each has an id so the same problem is shown once and can be cleared when it is over.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

_LEVEL_COLOURS = {
    "info": ("#1f6feb", "#e7f0ff", "#0b2a57"),
    "warning": ("#b7791f", "#fff4e0", "#4a3000"),
    "error": ("#d1242f", "#ffe8e8", "#5c0a0e"),
}


class Banner(QFrame):
    """One message with an optional action button and a close button."""

    def __init__(self, banner_id: str, text: str, level: str,
                 action: tuple[str, Callable[[], None]] | None,
                 on_close: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner_id = banner_id
        border, background, foreground = _LEVEL_COLOURS.get(level, _LEVEL_COLOURS["info"])
        self.setObjectName("banner")
        self.setStyleSheet(
            f"#banner {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 6px; }} #banner QLabel {{ color: {foreground}; }}")
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        self.action_button: QPushButton | None = None
        if action is not None:
            text_, callback = action
            self.action_button = QPushButton(text_)
            self.action_button.clicked.connect(callback)
            layout.addWidget(self.action_button)
        close = QPushButton("Dismiss")
        close.setAccessibleName(f"Dismiss: {text}")
        close.clicked.connect(lambda: on_close(self.banner_id))
        layout.addWidget(close)


class BannerArea(QWidget):
    """A stack of banners, by id."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._banners: dict[str, Banner] = {}
        self.setVisible(False)

    def show_banner(self, banner_id: str, text: str, level: str = "warning",
                    action: tuple[str, Callable[[], None]] | None = None) -> Banner:
        """Show (or replace) the banner with this id."""
        self.clear_banner(banner_id)
        banner = Banner(banner_id, text, level, action, self.clear_banner, self)
        self._banners[banner_id] = banner
        self._layout.addWidget(banner)
        self.setVisible(True)
        return banner

    def clear_banner(self, banner_id: str) -> None:
        """Remove the banner with this id, if shown."""
        banner = self._banners.pop(banner_id, None)
        if banner is not None:
            banner.hide()
            banner.deleteLater()
        self.setVisible(bool(self._banners))

    def banner_text(self, banner_id: str) -> str | None:
        """The text of a shown banner, or None."""
        banner = self._banners.get(banner_id)
        return banner.label.text() if banner else None

    def ids(self) -> list[str]:
        """The ids of the banners shown."""
        return list(self._banners)
