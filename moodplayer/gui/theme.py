"""Light or dark, as the system says: a Fusion palette for each, switched when the system
changes its colour scheme. ``MOODPLAYER_THEME=light|dark`` forces one (screenshots, tests)."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


def dark_palette() -> QPalette:
    """A calm dark palette."""
    palette = QPalette()
    role = QPalette.ColorRole
    colours = {
        role.Window: "#1e2024", role.WindowText: "#e6e8eb", role.Base: "#16181b",
        role.AlternateBase: "#222529", role.ToolTipBase: "#2a2d32", role.ToolTipText: "#e6e8eb",
        role.Text: "#e6e8eb", role.Button: "#2a2d32", role.ButtonText: "#e6e8eb",
        role.BrightText: "#ff6b6b", role.Highlight: "#4c8dff", role.HighlightedText: "#ffffff",
        role.Mid: "#4a4f57", role.Dark: "#121316", role.Light: "#3a3e45",
        role.PlaceholderText: "#8a9099", role.Link: "#6ea8ff",
    }
    for colour_role, value in colours.items():
        palette.setColor(colour_role, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for colour_role in (role.Text, role.ButtonText, role.WindowText):
        palette.setColor(disabled, colour_role, QColor("#6b7079"))
    return palette


def light_palette() -> QPalette:
    """Fusion's light palette with a clearer highlight."""
    palette = QApplication.style().standardPalette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#2f6fe4"))
    return palette


def system_prefers_dark() -> bool:
    """Whether the system asks for a dark theme (``MOODPLAYER_THEME`` overrides)."""
    forced = os.environ.get("MOODPLAYER_THEME", "").lower()
    if forced in ("light", "dark"):
        return forced == "dark"
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication) -> bool:
    """Use Fusion with the palette the system asks for; returns whether it is dark."""
    app.setStyle("Fusion")
    dark = system_prefers_dark()
    app.setPalette(dark_palette() if dark else light_palette())
    return dark


def follow_system_theme(app: QApplication) -> None:
    """Apply the theme now and again whenever the system's colour scheme changes."""
    apply_theme(app)
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app))
