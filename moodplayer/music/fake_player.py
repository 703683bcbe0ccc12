"""FakePlayer: the Player in memory, on a clock the test moves by hand.

It behaves like :class:`~moodplayer.music.vlc_player.VlcPlayer` (both share
:class:`~moodplayer.music.queued_player.QueuedPlayer`), but no sound is made and no time passes
until :meth:`FakePlayer.advance` is called, so the queue, fades and the DJ can be tested in
milliseconds. Fault injection: tracks whose location is in ``unplayable`` fail like a corrupt
file does in libVLC.

Events are delivered synchronously on the calling thread, after the call that caused them has
finished (so a handler may call the player again); during :meth:`FakePlayer.advance` they are
delivered as they happen, as a real player's would be.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from moodplayer.music.queued_player import QueuedPlayer
from moodplayer.music.tracks import Track

FADE_STEP_SECONDS = 0.05
MIN_TRACK_SECONDS = 0.01


class FakePlayer(QueuedPlayer):
    """An in-memory player. Track lengths come from ``Track.duration`` (or ``default_duration``)."""

    def __init__(self, *, unplayable: Iterable[str] = (), default_duration: float = 180.0,
                 rng: random.Random | None = None) -> None:
        super().__init__(rng)
        self.clock = 0.0
        self.unplayable: set[str] = set(unplayable)
        self.default_duration = default_duration
        self.applied_volume = self.output_volume
        self.closed = False
        self._loaded: Track | None = None
        self._starting: tuple[Track, float] | None = None
        self._running = False
        self._position = 0.0

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` of playback time pass: songs end, the queue moves on, fades step."""
        with self._operation():
            remaining = max(0.0, seconds)
            while True:
                self._settle()
                if remaining <= 0.0:
                    break
                step = remaining
                if self.fading:
                    step = min(step, FADE_STEP_SECONDS)
                playing = self._running and self._loaded is not None
                if playing:
                    step = max(0.0, min(step, self._length() - self._position))
                self.clock += step
                remaining -= step
                if playing:
                    self._position += step
                self._step_fade()
                if playing and self._position >= self._length() - 1e-9:
                    self._running = False
                    self._track_finished()
                self._settle()
                self._drain_outbox()  # events as they happen, as a real player sends them
            self._emit_position()

    def close(self) -> None:
        with self._operation():
            self.stop()
            self.closed = True

    # ----------------------------------------------------------------- engine

    def _length(self, track: Track | None = None) -> float:
        track = track or self._loaded or self.current_track
        if track is None:
            return 0.0
        return max(MIN_TRACK_SECONDS, track.duration or self.default_duration)

    def _settle(self) -> None:
        """Resolve tracks that were asked to start: they play, or fail like a corrupt file."""
        while self._starting is not None:
            track, start_at = self._starting
            self._starting = None
            if track.location in self.unplayable:
                self._track_failed("the file is corrupt or not audio")
                continue
            self._loaded, self._position, self._running = track, start_at, True
            self._track_started(self._length(track))

    def _after_operation(self) -> None:
        self._settle()

    def _engine_start(self, track: Track, start_at: float = 0.0) -> None:
        self._loaded, self._running, self._position = None, False, 0.0
        self._starting = (track, start_at)

    def _engine_pause(self) -> None:
        self._running = False

    def _engine_resume(self) -> None:
        self._running = self._loaded is not None

    def _engine_stop(self) -> None:
        self._loaded, self._starting, self._running, self._position = None, None, False, 0.0

    def _engine_seek(self, seconds: float) -> None:
        self._position = seconds

    def _engine_position(self) -> float:
        return self._position

    def _engine_duration(self) -> float | None:
        return self._length() if self.current_track is not None else None

    def _engine_apply_volume(self, level: float) -> None:
        self.applied_volume = level

    def _now(self) -> float:
        return self.clock
