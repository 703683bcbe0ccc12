"""Using edited settings while the app runs: what changed, taking the edits in, and reloading
the moods whose music changed in the background.

:func:`compare_settings` says which parts changed and what that means (restart the perception
thread, reload some moods' music). :func:`adopt_settings` copies the sections the settings
dialog edits into the live settings object in place (the playback state and the window, which
the app itself keeps, are left alone). :class:`MusicReloader` builds moods again off the GUI
thread and calls back on it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QObject

from moodplayer.gui.thread_relay import call_on_gui_thread, prepare_relay
from moodplayer.moods import MOOD_ORDER, Mood
from moodplayer.music.library import LibraryLoad, MoodLibrary
from moodplayer.settings import Settings

EDITED_SECTIONS = ("camera", "recognition", "voting", "calibration", "music", "behaviour")
"""The settings sections the settings dialog and the welcome edit."""
CAMERA_FIELDS = ("source", "width", "height", "fps")
"""Camera fields the running camera was opened with (a change reopens it)."""


@dataclass(frozen=True)
class SettingsChange:
    """What differs between the settings in use and new ones."""

    sections: frozenset[str]
    camera_source: bool = False
    restart_perception: bool = False
    remapped: frozenset[Mood] = frozenset()

    @property
    def music(self) -> bool:
        return "music" in self.sections


def compare_settings(old: Settings, new: Settings) -> SettingsChange:
    """What changes when ``new`` replaces ``old``."""
    sections = frozenset(name for name in EDITED_SECTIONS
                         if getattr(old, name) != getattr(new, name))
    camera = any(getattr(old.camera, f) != getattr(new.camera, f) for f in CAMERA_FIELDS)
    restart = (camera or "recognition" in sections or "voting" in sections
               or old.calibration.enabled != new.calibration.enabled)
    remapped = frozenset(
        mood for mood in MOOD_ORDER
        if old.music.sources.get(mood.value, []) != new.music.sources.get(mood.value, []))
    return SettingsChange(sections, old.camera.source != new.camera.source, restart, remapped)


def adopt_settings(live: Settings, new: Settings) -> None:
    """Copy the edited sections of ``new`` into ``live`` (the object everyone holds)."""
    for name in EDITED_SECTIONS:
        setattr(live, name, copy.deepcopy(getattr(new, name)))


class MusicReloader(QObject):
    """Builds moods again on the library's worker thread, then calls back on the GUI thread.

    A newer reload cancels the one before it, whose callback is then not called.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        prepare_relay()
        self._job: LibraryLoad | None = None
        self._generation = 0
        self._then: Callable[[frozenset[Mood]], None] | None = None
        self._moods: frozenset[Mood] = frozenset()

    def reload(self, library: MoodLibrary, moods: Iterable[Mood],
               then: Callable[[frozenset[Mood]], None]) -> None:
        """Build ``moods`` in the background; ``then(moods)`` runs on this thread after."""
        if self._job is not None:
            self._job.cancel()
        self._generation += 1
        generation = self._generation
        self._moods = frozenset(moods)
        self._then = then

        def done() -> None:
            call_on_gui_thread(lambda: self._on_loaded(generation))

        self._job = library.load(sorted(self._moods, key=MOOD_ORDER.index), on_done=done)

    @property
    def busy(self) -> bool:
        """Whether a reload is running."""
        return self._job is not None and not self._job.done

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
        self._then = None

    def _on_loaded(self, generation: int) -> None:
        if generation != self._generation or self._then is None:
            return
        then, self._then = self._then, None
        then(self._moods)
