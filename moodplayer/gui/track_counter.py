"""Counting the tracks a mood's sources give, in the background, for the settings dialog.

Each request builds a throwaway :class:`~moodplayer.music.library.MoodLibrary` holding only
that mood's sources (so unsaved edits are counted as they stand) and loads it on the library's
worker thread. ``counted`` reports the running count and, once complete, the final one; a newer
request for the same mood cancels the older one, whose late reports are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from moodplayer.gui.thread_relay import call_on_gui_thread, prepare_relay
from moodplayer.moods import Mood
from moodplayer.music.library import LibraryLoad, MoodLibrary
from moodplayer.music.tracks import Track
from moodplayer.settings import MusicSettings


@dataclass(frozen=True)
class TrackCount:
    """What one mood's sources give: how many tracks, whether done, what went wrong."""

    mood: Mood
    tracks: int
    complete: bool
    uses_demo: bool
    problems: tuple[str, ...] = ()


class TrackCounter(QObject):
    """Counts tracks per mood off the GUI thread; ``counted`` carries :class:`TrackCount`."""

    counted = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        prepare_relay()
        self._jobs: dict[Mood, tuple[int, MoodLibrary, LibraryLoad]] = {}
        self._complete: set[Mood] = set()
        self._generation = 0

    def count(self, mood: Mood, sources: list[str]) -> None:
        """Count ``mood``'s tracks from ``sources`` (empty: the demo music)."""
        self._cancel(mood)
        self._complete.discard(mood)
        self._generation += 1
        generation = self._generation
        library = MoodLibrary(MusicSettings(sources={mood.value: list(sources)}))

        def update(found: Mood, tracks: list[Track], complete: bool) -> None:
            count = len(tracks)
            call_on_gui_thread(lambda: self._on_report(found, generation, count, complete))

        job = library.load([mood], on_update=update)
        self._jobs[mood] = (generation, library, job)

    def pending(self) -> bool:
        """Whether a mood asked for has no complete count yet."""
        return any(mood not in self._complete for mood in self._jobs)

    def shutdown(self) -> None:
        """Cancel every count."""
        for mood in list(self._jobs):
            self._cancel(mood)

    def _cancel(self, mood: Mood) -> None:
        entry = self._jobs.pop(mood, None)
        if entry is not None:
            entry[2].cancel()

    def _on_report(self, mood: Mood, generation: int, tracks: int, complete: bool) -> None:
        entry = self._jobs.get(mood)
        if entry is None or entry[0] != generation:
            return  # a count that was replaced or cancelled
        if complete:
            self._complete.add(mood)
        library = entry[1]
        uses_demo = library.sources_for(mood)[1]
        problems: tuple[str, ...] = ()
        if complete and library.is_ready(mood):
            problems = tuple(library.problems_for(mood))
        self.counted.emit(TrackCount(mood, tracks, complete, uses_demo, problems))
