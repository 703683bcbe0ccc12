"""The one table of the window's actions: each action's id, text, keys and help.

Menus, buttons, the help overlay and the shortcuts all come from :data:`ACTION_SPECS`;
:func:`create_actions` turns it into ``QAction`` objects owned by the window.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from moodplayer.moods import MOOD_ORDER


@dataclass(frozen=True)
class ActionSpec:
    """One action: what it is called, its keys (first is shown in menus), what it does."""

    id: str
    text: str
    keys: tuple[str, ...]
    help: str
    menu: str
    checkable: bool = False


_MOOD_KEYS = {mood: str(number) for number, mood in enumerate(MOOD_ORDER, start=1)}

ACTION_SPECS: tuple[ActionSpec, ...] = (
    ActionSpec("play_pause", "&Play / Pause", ("Space", "Media Play", "Media Pause",
               "Toggle Media Play/Pause"), "Play or pause the music", "Playback"),
    ActionSpec("stop", "&Stop", ("Media Stop",), "Stop the music", "Playback"),
    ActionSpec("next", "&Next song", ("N", "Ctrl+Right", "Media Next"),
               "Skip to the next song", "Playback"),
    ActionSpec("previous", "P&revious song", ("P", "Ctrl+Left", "Media Previous"),
               "Restart the song, or go to the previous one", "Playback"),
    ActionSpec("seek_forward", "Seek forward 5 s", ("Right",), "Jump 5 seconds ahead",
               "Playback"),
    ActionSpec("seek_back", "Seek back 5 s", ("Left",), "Jump 5 seconds back", "Playback"),
    ActionSpec("volume_up", "Volume up", ("Ctrl+Up", "Volume Up"), "Louder by 5%", "Playback"),
    ActionSpec("volume_down", "Volume down", ("Ctrl+Down", "Volume Down"), "Quieter by 5%",
               "Playback"),
    ActionSpec("mute", "&Mute", ("M", "Volume Mute"), "Mute or unmute", "Playback",
               checkable=True),
    ActionSpec("shuffle", "S&huffle", ("S",), "Play the playlist in random order", "Playback",
               checkable=True),
    ActionSpec("repeat", "Repeat: all", ("R",), "Cycle repeat: all, one, off", "Playback"),
    ActionSpec("auto_mood", "&Auto mood", ("A",), "Let the camera choose the mood", "Mood"),
    *(
        ActionSpec(f"mood_{mood.value}", f"{mood.symbol} {mood.display_name}",
                   (_MOOD_KEYS[mood],), f"Choose the {mood.value} mood by hand", "Mood")
        for mood in MOOD_ORDER
    ),
    ActionSpec("lock", "&Lock mood", ("L",), "Keep the chosen mood; the camera turns off",
               "Mood", checkable=True),
    ActionSpec("camera", "&Camera on", ("C",), "Pause or resume the camera", "Mood",
               checkable=True),
    ActionSpec("calibrate", "Ca&librate neutral face…", (),
               "Learn your resting face so it reads as neutral", "Mood"),
    ActionSpec("help", "&Keyboard shortcuts", ("F1", "?"), "Show every shortcut", "Help"),
    ActionSpec("about", "&About Mood Player", (), "Version and credits", "Help"),
    ActionSpec("settings", "&Settings…", ("Ctrl+,",), "Open the settings", "File"),
    ActionSpec("quit", "&Quit", ("Ctrl+Q",), "Quit Mood Player", "File"),
)

MENU_ORDER = ("File", "Playback", "Mood", "Help")


def spec(action_id: str) -> ActionSpec:
    """The spec of one action."""
    for item in ACTION_SPECS:
        if item.id == action_id:
            return item
    raise KeyError(action_id)


def create_actions(parent: QWidget) -> dict[str, QAction]:
    """A ``QAction`` per spec, with its shortcuts active anywhere in the window."""
    actions: dict[str, QAction] = {}
    for item in ACTION_SPECS:
        action = QAction(item.text, parent)
        action.setObjectName(f"action_{item.id}")
        action.setShortcuts([QKeySequence(key) for key in item.keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(f"{item.help} ({item.keys[0]})" if item.keys else item.help)
        action.setStatusTip(item.help)
        action.setCheckable(item.checkable)
        parent.addAction(action)
        actions[item.id] = action
    return actions


def shortcut_rows() -> list[tuple[str, str]]:
    """(keys, what they do) for every action with keys, for the help overlay and README."""
    rows = []
    for item in ACTION_SPECS:
        if item.keys:
            shown = [k for k in item.keys if not k.startswith(("Media", "Toggle Media", "Volume "))]
            rows.append((" or ".join(shown or item.keys[:1]), item.help))
    return rows
