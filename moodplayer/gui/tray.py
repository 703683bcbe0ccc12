"""The system tray icon: a dot in the mood's colour, with the player's controls in its menu.

The menu reuses the window's own actions (play/pause, next, previous, the moods, quit) from
the action table, so their state and keys stay in one place; only show/hide is the tray's own.
Clicking the icon shows or hides the window. Where the desktop has no tray (and on the
offscreen platform) :func:`tray_available` is false and no icon is made.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRectF, Qt, Slot
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from moodplayer import APP_NAME
from moodplayer.moods import MOOD_ORDER, Mood

ICON_SIZES = (16, 22, 24, 32, 48, 64)
NO_MOOD_COLOUR = "#8b96a5"


def tray_available() -> bool:
    """Whether the desktop shows tray icons."""
    return QSystemTrayIcon.isSystemTrayAvailable()


def mood_icon(mood: Mood | None) -> QIcon:
    """A round icon in the mood's colour with a note on it."""
    icon = QIcon()
    colour = QColor(mood.colour if mood else NO_MOOD_COLOUR)
    for size in ICON_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1))
        painter.setPen(QColor("#ffffff"))
        font = QFont(painter.font())
        font.setPixelSize(max(8, int(size * 0.62)))
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, "♪")
        painter.end()
        icon.addPixmap(pixmap)
    return icon


class MoodTrayIcon(QObject):
    """The tray icon and its menu; :meth:`show_mood` recolours it."""

    def __init__(self, window: QWidget, actions: dict[str, QAction],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.icon = QSystemTrayIcon(self)
        self.icon.setObjectName("trayIcon")
        self.menu = QMenu()
        self.menu.setObjectName("trayMenu")
        self.menu.addAction(actions["play_pause"])
        self.menu.addAction(actions["next"])
        self.menu.addAction(actions["previous"])
        self.menu.addSeparator()
        self.mood_menu = self.menu.addMenu("Mood")
        self.mood_menu.addAction(actions["auto_mood"])
        self.mood_menu.addSeparator()
        for mood in MOOD_ORDER:
            self.mood_menu.addAction(actions[f"mood_{mood.value}"])
        self.mood_menu.addSeparator()
        self.mood_menu.addAction(actions["lock"])
        self.menu.addSeparator()
        self.show_hide = QAction("Hide Mood Player", self)
        self.show_hide.setObjectName("action_show_hide")
        self.show_hide.triggered.connect(self.toggle_window)
        self.menu.addAction(self.show_hide)
        self.menu.addSeparator()
        self.menu.addAction(actions["quit"])
        self.menu.aboutToShow.connect(self._update_show_hide)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.mood: Mood | None = None
        self.show_mood(None)

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    @property
    def visible(self) -> bool:
        """Whether the icon is in the tray."""
        return self.icon.isVisible()

    def show_mood(self, mood: Mood | None, detail: str = "") -> None:
        """Colour the icon for ``mood`` and say what plays in its tooltip."""
        if mood is not self.mood or self.icon.icon().isNull():
            self.icon.setIcon(mood_icon(mood))
        self.mood = mood
        lines = [APP_NAME + (f" — {mood.display_name}" if mood else "")]
        if detail:
            lines.append(detail)
        self.icon.setToolTip("\n".join(lines))

    def window_shown(self) -> bool:
        """Whether the window is on screen (not hidden, not minimised)."""
        return self.window.isVisible() and not self.window.isMinimized()

    @Slot()
    def toggle_window(self) -> None:
        """Hide the window, or bring it back to the front."""
        if self.window_shown():
            self.window.hide()
        else:
            self.window.showNormal()
            self.window.raise_()
            self.window.activateWindow()
        self._update_show_hide()

    @Slot()
    def _update_show_hide(self) -> None:
        self.show_hide.setText("Hide Mood Player" if self.window_shown() else "Show Mood Player")

    @Slot(QSystemTrayIcon.ActivationReason)
    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            self.toggle_window()

    def show_message(self, title: str, body: str, milliseconds: int = 5000) -> None:
        """A notification from the tray icon."""
        self.icon.showMessage(title, body, self.icon.icon(), milliseconds)
