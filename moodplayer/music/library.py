"""The mood library: which tracks each mood plays, built from the listener's sources.

Each mood maps to sources in ``MusicSettings.sources``: folders (scanned recursively), playlist
files (M3U, M3U8, PLS, XSPF), single audio files, or stream URLs; ``~`` and relative paths
start from the home folder. A mood left out (or given an empty list) plays the bundled demo
music, ``playlists/<mood>/``. :class:`MoodLibrary` builds
each mood's track list on first use and keeps it until :meth:`MoodLibrary.refresh` or new
settings; everything that went wrong (a missing folder, an unreadable playlist, entries that do
not exist) is kept per mood as plain sentences for the listener.

Building never reads tags: tracks are titled from their file names (or the playlist's
``#EXTINF`` titles) and :meth:`MoodLibrary.describe` reads the tags of a track when it is
shown. :meth:`MoodLibrary.load` builds moods in a worker thread and reports tracks as they are
found; ``tracks_for`` and ``resolve`` on a mood being loaded wait for it (or, with
``wait=False``, return what was found so far).

:meth:`MoodLibrary.resolve` is what the DJ asks: the mood's tracks or, when it has none, the
fallback mood's tracks with a message saying so.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from moodplayer.moods import MOOD_ORDER, Mood
from moodplayer.music.background import BackgroundJob
from moodplayer.music.fallback import fallback_order
from moodplayer.music.metadata import MetadataCache, title_from_filename
from moodplayer.music.playlist_files import (
    PlaylistEntry,
    PlaylistError,
    is_playlist_file,
    is_url,
    read_playlist,
    resolve_location,
)
from moodplayer.music.scanner import is_audio_file, walk_audio_files
from moodplayer.music.tracks import Track
from moodplayer.settings import MusicSettings

ADD_MUSIC_HINT = "Add a folder in Settings > Music."
MAX_PLAYLIST_NESTING = 4

UpdateCallback = Callable[[Mood, list[Track], bool], None]


class SourceKind:
    """What a configured source turned out to be."""

    FOLDER = "folder"
    PLAYLIST = "playlist"
    FILE = "file"
    STREAM = "stream"
    MISSING = "missing"
    UNREADABLE = "unreadable"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SourceReport:
    """One source of a mood: as configured, what it is, how many tracks it gave."""

    location: str
    kind: str
    tracks: int


@dataclass(frozen=True)
class MoodMusic:
    """A mood's tracks as built from its sources, with what went wrong on the way."""

    mood: Mood
    tracks: tuple[Track, ...]
    sources: tuple[SourceReport, ...]
    problems: tuple[str, ...]
    uses_demo: bool


@dataclass(frozen=True)
class Resolution:
    """What to play for a mood: its own tracks, or the fallback mood's with a message.

    ``mood`` is the mood asked for, ``playing`` the mood whose music ``tracks`` is (the same
    unless the mood had none). ``message`` is empty when the mood has music; otherwise it says
    what happened and what to do. ``problems`` are the asked-for mood's. ``complete`` is false
    only for ``resolve(..., wait=False)`` while the mood is still being loaded.
    """

    mood: Mood
    playing: Mood
    tracks: list[Track]
    message: str = ""
    problems: tuple[str, ...] = ()
    complete: bool = True

    @property
    def fell_back(self) -> bool:
        """Whether the tracks are another mood's because this one had none."""
        return self.playing is not self.mood


@dataclass(frozen=True)
class MoodSummary:
    """One mood for ``moodplayer playlists``: sources, tracks, total duration, problems.

    ``duration`` sums the durations that could be read; ``unknown_durations`` counts tracks
    (streams, unreadable files) whose duration is unknown.
    """

    mood: Mood
    uses_demo: bool
    sources: tuple[SourceReport, ...]
    track_count: int
    duration: float
    unknown_durations: int
    problems: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "uses_demo": self.uses_demo,
            "sources": [dataclasses.asdict(s) for s in self.sources],
            "tracks": self.track_count,
            "duration_seconds": round(self.duration, 3),
            "unknown_durations": self.unknown_durations,
            "problems": list(self.problems),
        }


class _Collector:
    """Gathers one mood's tracks (without duplicates) and problems while it is built."""

    def __init__(self, on_tracks: Callable[[list[Track]], None] | None,
                 cancelled: threading.Event | None) -> None:
        self.tracks: list[Track] = []
        self.problems: list[str] = []
        self.cancelled = cancelled
        self._seen: set[str] = set()
        self._on_tracks = on_tracks
        self._reported = 0
        self._last_report = -float("inf")

    def add(self, track: Track) -> None:
        if track.location in self._seen:
            return
        self._seen.add(track.location)
        self.tracks.append(track)

    def flush(self) -> None:
        """Report the tracks found so far (at most five times a second)."""
        if self._on_tracks is None or len(self.tracks) == self._reported:
            return
        now = time.monotonic()
        if now - self._last_report >= 0.2:
            self._reported, self._last_report = len(self.tracks), now
            self._on_tracks(list(self.tracks))

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled is not None and self.cancelled.is_set()


def track_from_file(path: Path | str) -> Track:
    """A track for a local file, titled from its file name (tags are read later)."""
    return Track(location=str(path), title=title_from_filename(path))


def track_from_entry(entry: PlaylistEntry) -> Track:
    """A track for a playlist entry, with the title, artist and duration the playlist gives."""
    title = entry.title or (entry.location if entry.is_stream
                            else title_from_filename(entry.location))
    return Track(location=entry.location, title=title, artist=entry.artist or "",
                 album=entry.album or "", duration=entry.duration)


class _MoodSlot:
    """One mood's built music, the lock held while building it, and tracks found so far."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.music: MoodMusic | None = None
        self.partial: list[Track] = []
        self.generation = 0


class MoodLibrary:
    """Each mood's tracks, from the listener's sources or the bundled demo music.

    Implements :class:`moodplayer.music.tracks.TrackSource`. Thread-safe: the GUI, the DJ and
    a background :meth:`load` may all ask at once; a mood is built once.
    """

    def __init__(self, music: MusicSettings, *, demo_dir: Path | None = None,
                 metadata: MetadataCache | None = None) -> None:
        if demo_dir is None:
            from moodplayer.paths import bundled_playlists_dir

            demo_dir = bundled_playlists_dir()
        self.demo_dir = demo_dir
        self.metadata = metadata or MetadataCache()
        self._settings = dataclasses.replace(music, sources=dict(music.sources))
        self._slots = {mood: _MoodSlot() for mood in MOOD_ORDER}

    # ------------------------------------------------------------------ configuration

    @property
    def fallback_mood(self) -> Mood:
        """The mood played when a mood has no music."""
        return Mood.parse(self._settings.fallback_mood)

    def sources_for(self, mood: Mood) -> tuple[list[str], bool]:
        """The sources of ``mood`` and whether they are the bundled demo music."""
        configured = [s for s in self._settings.sources.get(mood.value, []) if s.strip()]
        if configured:
            return configured, False
        return [str(self.demo_dir / mood.value)], True

    def update_settings(self, music: MusicSettings) -> None:
        """Use new settings; moods whose sources changed are built again when next asked."""
        old = self._settings
        self._settings = dataclasses.replace(music, sources=dict(music.sources))
        for mood in MOOD_ORDER:
            if old.sources.get(mood.value) != music.sources.get(mood.value):
                self.refresh(mood)

    def refresh(self, mood: Mood | None = None) -> None:
        """Forget what was built (for ``mood``, or for every mood) so it is built again."""
        for target in [mood] if mood is not None else list(MOOD_ORDER):
            slot = self._slots[target]
            slot.generation += 1
            slot.music = None

    # ------------------------------------------------------------------ asking for music

    def music_for(self, mood: Mood, *,
                  on_tracks: Callable[[list[Track]], None] | None = None,
                  cancelled: threading.Event | None = None) -> MoodMusic | None:
        """The built music of ``mood``, building it now (on this thread) if needed.

        Waits when another thread is building it. ``on_tracks`` gets the tracks found so far
        while this call builds. Returns ``None`` only when ``cancelled`` was set mid-build.
        """
        slot = self._slots[mood]
        with slot.lock:
            if slot.music is not None:
                return slot.music
            generation = slot.generation

            def partial(tracks: list[Track]) -> None:
                slot.partial = tracks
                if on_tracks is not None:
                    on_tracks(tracks)

            music = self._build(mood, partial, cancelled)
            slot.partial = []
            if music is not None and slot.generation == generation:
                slot.music = music
            return music

    def tracks_for(self, mood: Mood) -> list[Track]:
        """The tracks mapped to ``mood`` in order (may be empty); builds or waits if needed."""
        music = self.music_for(mood)
        return list(music.tracks) if music else []

    def problems_for(self, mood: Mood) -> list[str]:
        """What went wrong building ``mood``'s music (builds or waits if needed)."""
        music = self.music_for(mood)
        return list(music.problems) if music else []

    def is_ready(self, mood: Mood) -> bool:
        """Whether ``mood`` is built, so asking for it returns at once."""
        return self._slots[mood].music is not None

    def resolve(self, mood: Mood, *, wait: bool = True) -> Resolution:
        """What to play for ``mood``: its tracks, or the fallback mood's with a message.

        With ``wait=False`` a mood still being built (by :meth:`load`) is not waited for: the
        tracks found so far come back with ``complete=False``. Never raises for missing music.
        """
        slot = self._slots[mood]
        if not wait and slot.music is None and slot.lock.locked():
            return Resolution(mood, mood, list(slot.partial), complete=False)
        music = self.music_for(mood)
        problems = music.problems if music else ()
        if music and music.tracks:
            return Resolution(mood, mood, list(music.tracks), problems=problems)
        name = mood.value
        for candidate in fallback_order(mood, self._settings.fallback_mood):
            other = self.music_for(candidate)
            if other and other.tracks:
                return Resolution(
                    mood, candidate, list(other.tracks),
                    f"No music for {name} yet; playing {candidate.value} instead. "
                    f"{ADD_MUSIC_HINT}", problems)
        return Resolution(mood, mood, [],
                          f"No music for {name}, nor for any other mood. {ADD_MUSIC_HINT}",
                          problems)

    def describe(self, track: Track, *, with_cover: bool = False) -> Track:
        """``track`` with its tags read (title, artist, album, duration, cover if asked)."""
        return self.metadata.describe(track, with_cover=with_cover)

    def load(self, moods: Iterable[Mood] | None = None, *,
             on_update: UpdateCallback | None = None,
             on_done: Callable[[], None] | None = None) -> LibraryLoad:
        """Build ``moods`` (default: all) in a worker thread; returns the running load.

        ``on_update(mood, tracks_so_far, complete)`` is called on the worker thread as tracks
        are found and once with ``complete=True`` per mood; ``on_done`` when all are built.
        The callbacks run while the mood is being built: they should only hand the tracks
        over (a queue, a Qt signal), never ask the library for that mood (it would wait for
        itself).
        """
        return LibraryLoad(self, list(moods) if moods is not None else list(MOOD_ORDER),
                           on_update, on_done).start()

    def summary(self, moods: Sequence[Mood] | None = None, *,
                on_progress: Callable[[int, int], None] | None = None) -> list[MoodSummary]:
        """Per mood: sources, track count, total duration (reads every file's duration) and
        problems. ``on_progress(done, total)`` is called while durations are read."""
        chosen = list(moods) if moods is not None else list(MOOD_ORDER)
        built = [(mood, self.music_for(mood)) for mood in chosen]
        total = sum(len(music.tracks) for _mood, music in built if music)
        done = 0
        summaries = []
        for mood, music in built:
            assert music is not None  # no cancel event was given
            seconds, unknown = 0.0, 0
            for track in music.tracks:
                duration = self._duration_of(track)
                if duration is None:
                    unknown += 1
                else:
                    seconds += duration
                done += 1
                if on_progress is not None:
                    on_progress(done, total)
            summaries.append(MoodSummary(mood, music.uses_demo, music.sources,
                                         len(music.tracks), seconds, unknown, music.problems))
        return summaries

    def _duration_of(self, track: Track) -> float | None:
        path = track.path
        if path is None:
            return track.duration
        duration = self.metadata.get(path).duration
        return duration if duration is not None else track.duration

    # ------------------------------------------------------------------ building

    def _build(self, mood: Mood, on_tracks: Callable[[list[Track]], None],
               cancelled: threading.Event | None) -> MoodMusic | None:
        sources, uses_demo = self.sources_for(mood)
        collector = _Collector(on_tracks, cancelled)
        reports = []
        for source in sources:
            before = len(collector.tracks)
            kind = self._add_source(source, collector, uses_demo)
            if collector.is_cancelled:
                return None
            reports.append(SourceReport(source, kind, len(collector.tracks) - before))
        return MoodMusic(mood, tuple(collector.tracks), tuple(reports),
                         tuple(collector.problems), uses_demo)

    def _add_source(self, source: str, into: _Collector, is_demo: bool) -> str:
        text = source.strip()
        if is_url(text):
            into.add(Track(location=text, title=text))
            return SourceKind.STREAM
        location = resolve_location(text, Path.home())
        if location is None:
            into.problems.append(f"{text} is not a folder, playlist or file on this computer.")
            return SourceKind.UNKNOWN
        path = Path(location)
        if not path.exists():
            if is_demo:
                into.problems.append(
                    f"The demo music folder {path} is missing (reinstall Mood Player). "
                    f"{ADD_MUSIC_HINT}")
            else:
                what = "Playlist" if is_playlist_file(path) else "Folder"
                into.problems.append(
                    f"{what} {path} does not exist (moved, renamed or on a drive that is not "
                    "connected?).")
            return SourceKind.MISSING
        if path.is_dir():
            found = self._add_folder(path, into)
            if found == 0 and not into.is_cancelled:
                into.problems.append(f"Folder {path} has no music files in it.")
            return SourceKind.FOLDER
        if is_playlist_file(path):
            ok = self._add_playlist(path, into, depth=0, seen=set())
            return SourceKind.PLAYLIST if ok else SourceKind.UNREADABLE
        if is_audio_file(path):
            into.add(track_from_file(path))
            return SourceKind.FILE
        into.problems.append(f"{path} is not a folder, a playlist or a music file.")
        return SourceKind.UNKNOWN

    def _add_folder(self, folder: Path, into: _Collector) -> int:
        before = len(into.tracks)
        problems: list[str] = []
        for files in walk_audio_files([folder], problems=problems, cancelled=into.cancelled):
            for file in files:
                into.add(track_from_file(file))
            into.flush()
        into.problems.extend(problem[0].upper() + problem[1:] + "." for problem in problems)
        return len(into.tracks) - before

    def _add_playlist(self, path: Path, into: _Collector, *, depth: int,
                      seen: set[str]) -> bool:
        key = os.path.normcase(os.path.realpath(path))
        if key in seen or depth > MAX_PLAYLIST_NESTING:
            into.problems.append(f"Playlist {path} includes itself (or nests too deep); "
                                 "the repeated part was skipped.")
            return True
        seen = seen | {key}
        try:
            playlist = read_playlist(path)
        except PlaylistError as error:
            into.problems.append(f"{str(error)[0].upper()}{str(error)[1:]}.")
            return False
        into.problems.extend(f"Playlist {problem}" for problem in playlist.problems)
        for entry in playlist.entries:
            if into.is_cancelled:
                break
            local = None if entry.is_stream else Path(entry.location)
            if local is not None and local.is_dir():
                self._add_folder(local, into)
            elif local is not None and is_playlist_file(local):
                self._add_playlist(local, into, depth=depth + 1, seen=seen)
            else:
                into.add(track_from_entry(entry))
        into.flush()
        return True


class LibraryLoad(BackgroundJob):
    """Moods being built in a worker thread (see :meth:`MoodLibrary.load`).

    ``errors`` collects anything unexpected that stopped the worker. Cancelling stops after
    the folder being read; moods left unfinished are built again when asked for.
    """

    thread_name = "moodplayer-library-load"

    def __init__(self, library: MoodLibrary, moods: list[Mood],
                 on_update: UpdateCallback | None = None,
                 on_done: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.library = library
        self.moods = moods
        self.on_update = on_update
        self.on_done = on_done
        self.errors: list[str] = []

    def _work(self) -> None:
        try:
            for mood in self.moods:
                if self.cancelled:
                    break

                def report(tracks: list[Track], mood: Mood = mood) -> None:
                    if self.on_update is not None:
                        self.on_update(mood, tracks, False)

                music = self.library.music_for(mood, on_tracks=report, cancelled=self._cancel)
                if music is not None and self.on_update is not None:
                    self.on_update(mood, list(music.tracks), True)
        except Exception as error:  # reported, never lost with the thread
            self.errors.append(f"loading the music library failed: {error!r}")

    def _finished(self) -> None:
        if self.on_done is not None and not self.cancelled:
            try:
                self.on_done()
            except Exception as error:
                self.errors.append(f"the library load's completion callback failed: {error!r}")
