"""A track: one playable thing (a file or a stream URL) and what is known about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from moodplayer.moods import Mood


@dataclass(frozen=True)
class Track:
    """One song. ``location`` is a local path or a URL; metadata falls back to the file name.

    ``duration`` is in seconds (``None`` when unknown). ``cover`` holds embedded cover art
    bytes when the metadata reader found some (read lazily; may be ``None``).
    """

    location: str
    title: str
    artist: str = ""
    album: str = ""
    duration: float | None = None
    cover: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def is_stream(self) -> bool:
        """Whether the track is a URL rather than a local file."""
        return "://" in self.location and not self.location.startswith("file://")

    @property
    def path(self) -> Path | None:
        """The local file, or ``None`` for a stream."""
        if self.is_stream:
            return None
        return Path(self.location.removeprefix("file://"))

    @property
    def display(self) -> str:
        """``Artist - Title`` (or just the title) for lists and notifications."""
        return f"{self.artist} - {self.title}" if self.artist else self.title


class TrackSource(Protocol):
    """Anything that can say which tracks a mood has (the music library)."""

    def tracks_for(self, mood: Mood) -> list[Track]:
        """The tracks mapped to ``mood``, in playlist order (may be empty)."""
        ...
