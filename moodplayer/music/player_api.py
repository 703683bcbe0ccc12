"""The Player interface: a looping play queue over some audio engine, and its events.

Implementations: :class:`moodplayer.music.vlc_player.VlcPlayer` (libVLC) and
:class:`moodplayer.music.fake_player.FakePlayer` (for tests); one shared test suite runs
against both. Events are delivered by calling ``on_event`` on whatever thread the engine uses;
the owner marshals them (the GUI emits a Qt signal, a command puts them in a queue). A callback
never calls back into the player.
"""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from moodplayer.music.tracks import Track


class RepeatMode(enum.Enum):
    """What happens at the end of the queue or of a song."""

    ALL = "all"
    ONE = "one"
    OFF = "off"


class PlaybackState(enum.Enum):
    """What the player is doing."""

    STOPPED = "stopped"
    PLAYING = "playing"
    PAUSED = "paused"


class PlayerEventKind(enum.Enum):
    """Kinds of :class:`PlayerEvent`."""

    TRACK_STARTED = "track_started"  # the track's audio is playing (once per play)
    POSITION = "position"  # about twice a second while playing
    TRACK_ENDED = "track_ended"  # played to its end (not when skipped or stopped)
    STATE_CHANGED = "state_changed"
    ERROR = "error"          # one track failed; the queue goes on
    QUEUE_FAILED = "queue_failed"  # nothing in the queue can be played; stopped
    AUDIO_OUTPUT_FAILED = "audio_output_failed"  # no sound device: playing, but nothing heard


@dataclass(frozen=True)
class PlayerEvent:
    """Something the player reports. ``track``/``index`` name the track concerned."""

    kind: PlayerEventKind
    track: Track | None = None
    index: int | None = None
    position: float | None = None
    duration: float | None = None
    state: PlaybackState | None = None
    message: str = ""


EventCallback = Callable[[PlayerEvent], None]


class Player(ABC):
    """A play queue with transport controls. Times are in seconds, volume 0-100."""

    on_event: EventCallback | None = None

    @abstractmethod
    def set_queue(self, tracks: Sequence[Track], start_index: int = 0,
                  play: bool = True) -> None:
        """Replace the queue at once; ``start_index`` plays first (now, when ``play``)."""
    @abstractmethod
    def set_next_queue(self, tracks: Sequence[Track] | None, start_index: int = 0) -> None:
        """Replace the queue when the current track ends (or on ``next``); ``None`` cancels.

        When stopped, it replaces the queue at once (without starting it).
        """
    @property
    @abstractmethod
    def queue(self) -> list[Track]: ...
    @property
    @abstractmethod
    def current_index(self) -> int | None: ...
    @property
    @abstractmethod
    def current_track(self) -> Track | None: ...
    @property
    @abstractmethod
    def state(self) -> PlaybackState: ...
    @abstractmethod
    def play(self) -> None: ...
    @abstractmethod
    def pause(self) -> None: ...
    @abstractmethod
    def toggle_pause(self) -> None: ...
    @abstractmethod
    def stop(self) -> None: ...
    @abstractmethod
    def next(self) -> None: ...
    @abstractmethod
    def previous(self) -> None: ...
    @abstractmethod
    def play_index(self, index: int) -> None: ...
    @abstractmethod
    def seek(self, seconds: float) -> None: ...
    @property
    @abstractmethod
    def position(self) -> float: ...
    @property
    @abstractmethod
    def duration(self) -> float | None: ...
    @property
    @abstractmethod
    def volume(self) -> int: ...
    @abstractmethod
    def set_volume(self, volume: int) -> None: ...
    @property
    @abstractmethod
    def muted(self) -> bool: ...
    @abstractmethod
    def set_muted(self, muted: bool) -> None: ...
    @property
    @abstractmethod
    def shuffle(self) -> bool: ...
    @abstractmethod
    def set_shuffle(self, shuffle: bool) -> None: ...
    @property
    @abstractmethod
    def repeat(self) -> RepeatMode: ...
    @abstractmethod
    def set_repeat(self, mode: RepeatMode) -> None: ...
    @abstractmethod
    def fade_to(self, volume_factor: float, seconds: float,
                then: Callable[[], None] | None = None) -> None:
        """Move the fade factor (0-1, multiplying ``volume``) to ``volume_factor``.

        ``then`` runs when the fade is complete, on the player's own thread; it may call the
        player. A new fade replaces one in progress (whose ``then`` is dropped).
        """
    @abstractmethod
    def close(self) -> None: ...
