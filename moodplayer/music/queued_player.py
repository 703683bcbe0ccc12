"""What every Player does the same way, over a small engine contract.

:class:`QueuedPlayer` implements :class:`~moodplayer.music.player_api.Player`: the play queue
(:class:`~moodplayer.music.play_queue.PlayQueue`), transport (play, pause, next, previous that
restarts the song after 3 s, seek), volume, mute and fades, skipping tracks that fail and
stopping with ``QUEUE_FAILED`` when none plays. A subclass supplies the engine: start a track,
pause, resume, stop, seek, say the position, apply a volume; and it reports back with
:meth:`_track_started`, :meth:`_track_finished` and :meth:`_track_failed`.

Threading: every public method and every engine report runs under one re-entrant lock.
Events and fade ``then`` callbacks are collected while the lock is held and handed out after it
is released, in order, by :meth:`_flush` (the subclass decides on which thread).
"""

from __future__ import annotations

import collections
import contextlib
import random
import threading
from abc import abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from moodplayer.music.play_queue import NextQueue, PlayQueue
from moodplayer.music.player_api import (
    PlaybackState,
    Player,
    PlayerEvent,
    PlayerEventKind,
    RepeatMode,
)
from moodplayer.music.tracks import Track

RESTART_AFTER_SECONDS = 3.0
"""``previous`` restarts the current song when it has played longer than this."""


@dataclass
class _Fade:
    start_factor: float
    target: float
    started: float
    seconds: float
    then: Callable[[], None] | None


OutboxItem = PlayerEvent | Callable[[], None]


class QueuedPlayer(Player):
    """A Player whose queue logic is shared; subclasses provide the audio engine."""

    def __init__(self, rng: random.Random | None = None) -> None:
        self._lock = threading.RLock()
        self._depth = 0
        self._queue = PlayQueue(rng)
        self._state = PlaybackState.STOPPED
        self._volume = 100
        self._muted = False
        self._fade_factor = 1.0
        self._fade: _Fade | None = None
        self._outbox: collections.deque[OutboxItem] = collections.deque()
        self._draining = False
        self.on_event = None

    # ================================================================= engine contract

    @abstractmethod
    def _engine_start(self, track: Track, start_at: float = 0.0) -> None:
        """Start ``track`` at ``start_at`` seconds; report the outcome later."""

    @abstractmethod
    def _engine_pause(self) -> None: ...

    @abstractmethod
    def _engine_resume(self) -> None: ...

    @abstractmethod
    def _engine_stop(self) -> None: ...

    @abstractmethod
    def _engine_seek(self, seconds: float) -> None: ...

    @abstractmethod
    def _engine_position(self) -> float: ...

    @abstractmethod
    def _engine_duration(self) -> float | None: ...

    @abstractmethod
    def _engine_apply_volume(self, level: float) -> None:
        """Make the output as loud as ``level`` (0-100, already faded and muted)."""

    @abstractmethod
    def _now(self) -> float:
        """The clock fades run on, in seconds."""

    def _after_operation(self) -> None:
        """Called with the lock held at the end of every outermost operation."""

    # ================================================================= plumbing

    @contextlib.contextmanager
    def _operation(self) -> Iterator[None]:
        """Hold the lock; when the outermost operation ends, hand out what it produced."""
        with self._lock:
            self._depth += 1
            try:
                yield
                if self._depth == 1:
                    self._after_operation()
            finally:
                self._depth -= 1
                outermost = self._depth == 0
        if outermost:
            self._flush()

    def _flush(self) -> None:
        """Hand out queued events and callbacks in order (subclasses may pick the thread)."""
        self._drain_outbox()

    def _drain_outbox(self) -> None:
        if self._draining:
            return  # the outer loop hands out what nested calls add
        self._draining = True
        try:
            while self._outbox:
                item = self._outbox.popleft()
                if isinstance(item, PlayerEvent):
                    callback = self.on_event
                    if callback is not None:
                        callback(item)
                else:
                    item()
        finally:
            self._draining = False

    def _emit(self, kind: PlayerEventKind, *, message: str = "",
              position: float | None = None, duration: float | None = None,
              track: Track | None = None, index: int | None = None) -> None:
        if track is None and index is None:
            track, index = self._queue.current_track, self._queue.current
        state = self._state if kind is PlayerEventKind.STATE_CHANGED else None
        self._outbox.append(PlayerEvent(kind, track=track, index=index, position=position,
                                        duration=duration, state=state, message=message))

    def _set_state(self, state: PlaybackState) -> None:
        if state is not self._state:
            self._state = state
            self._emit(PlayerEventKind.STATE_CHANGED)

    def _emit_position(self) -> None:
        if self._state is not PlaybackState.STOPPED and self._queue.current is not None:
            self._emit(PlayerEventKind.POSITION, position=self._engine_position(),
                       duration=self._engine_duration())

    def _start_current(self, start_at: float = 0.0) -> None:
        track = self._queue.current_track
        if track is None:
            self._stop_engine()
            return
        self._set_state(PlaybackState.PLAYING)
        self._engine_start(track, start_at)

    def _stop_engine(self) -> None:
        self._engine_stop()
        self._set_state(PlaybackState.STOPPED)

    def _move_on(self, *, natural: bool) -> None:
        """After a track ended or failed (or on next): the next queue, the next track, or stop."""
        if self._queue.take_next_queue():
            self._start_current()
            return
        if self._queue.advance(natural=natural) is None:
            self._queue.rewind()
            self._stop_engine()
            return
        self._start_current()

    # ================================================================= engine reports

    def _track_started(self, duration: float | None) -> None:
        """The engine is playing the current track (it has audio)."""
        self._queue.mark_played()
        self._engine_apply_volume(self.output_volume)
        self._emit(PlayerEventKind.TRACK_STARTED, position=0.0, duration=duration)

    def _track_finished(self) -> None:
        """The current track played to its end."""
        self._emit(PlayerEventKind.TRACK_ENDED, duration=self._engine_duration(),
                   position=self._engine_duration())
        self._move_on(natural=True)

    def _track_failed(self, reason: str) -> None:
        """The current track cannot be played: say why, skip it, stop if nothing plays."""
        track, index = self._queue.current_track, self._queue.current
        if track is None or index is None:
            return
        self._emit(PlayerEventKind.ERROR, message=f"Cannot play {track.display!r}: {reason}")
        if self._queue.mark_failed(index) and self._queue.next_queue is None:
            count = len(self._queue.tracks)
            what = "the only track" if count == 1 else f"any of the {count} tracks"
            self._queue.rewind()
            self._stop_engine()
            self._emit(PlayerEventKind.QUEUE_FAILED, track=None, index=None, message=(
                f"Nothing to play: {what} in the queue could not be played "
                f"(last: {track.display!r}: {reason}). Check the files, or choose other music "
                "for this mood."))
            return
        self._move_on(natural=False)

    # ================================================================= fades

    def _step_fade(self) -> None:
        """Advance a fade in progress to the engine's clock (subclasses call this often)."""
        fade = self._fade
        if fade is None:
            return
        elapsed = self._now() - fade.started
        done = elapsed >= fade.seconds - 1e-6  # (a clock summed in steps is a hair short)
        if done:
            self._fade_factor = fade.target
        else:
            share = elapsed / fade.seconds
            self._fade_factor = fade.start_factor + (fade.target - fade.start_factor) * share
        self._engine_apply_volume(self.output_volume)
        if done:
            self._fade = None
            if fade.then is not None:
                self._outbox.append(fade.then)

    @property
    def fading(self) -> bool:
        """Whether a fade is in progress."""
        return self._fade is not None

    @property
    def fade_factor(self) -> float:
        """The current fade factor, 0-1 (1 when no fade has lowered the sound)."""
        return self._fade_factor

    @property
    def output_volume(self) -> float:
        """What is heard, 0-100: the volume times the fade factor, 0 when muted."""
        return 0.0 if self._muted else self._volume * self._fade_factor

    # ================================================================= Player

    def set_queue(self, tracks: Sequence[Track], start_index: int = 0,
                  play: bool = True) -> None:
        with self._operation():
            self._engine_stop()
            self._queue.set_tracks(tracks, start_index)
            if play and self._queue.tracks:
                self._start_current()
            else:
                self._set_state(PlaybackState.STOPPED)

    def set_next_queue(self, tracks: Sequence[Track] | None, start_index: int = 0) -> None:
        with self._operation():
            if tracks is None:
                self._queue.next_queue = None
            elif self._state is PlaybackState.STOPPED:
                self._queue.set_tracks(tracks, start_index)
            else:
                self._queue.next_queue = NextQueue(tuple(tracks), start_index)

    @property
    def next_queue(self) -> tuple[Track, ...] | None:
        """The queue waiting for the current track to end, if any."""
        waiting = self._queue.next_queue
        return None if waiting is None else waiting.tracks

    @property
    def queue(self) -> list[Track]:
        return list(self._queue.tracks)

    @property
    def current_index(self) -> int | None:
        return self._queue.current

    @property
    def current_track(self) -> Track | None:
        return self._queue.current_track

    @property
    def state(self) -> PlaybackState:
        return self._state

    def play(self) -> None:
        with self._operation():
            if self._state is PlaybackState.PAUSED:
                self._engine_resume()
                self._set_state(PlaybackState.PLAYING)
            elif self._state is PlaybackState.STOPPED and self._queue.current is not None:
                self._queue.mark_played()
                self._start_current()

    def pause(self) -> None:
        with self._operation():
            if self._state is PlaybackState.PLAYING:
                self._engine_pause()
                self._set_state(PlaybackState.PAUSED)

    def toggle_pause(self) -> None:
        with self._operation():
            if self._state is PlaybackState.PLAYING:
                self.pause()
            else:
                self.play()

    def stop(self) -> None:
        with self._operation():
            self._fade = None
            self._fade_factor = 1.0
            self._stop_engine()

    def next(self) -> None:
        with self._operation():
            if self._queue.current is not None:
                self._engine_stop()
                self._move_on(natural=False)

    def previous(self) -> None:
        with self._operation():
            if self._queue.current is None:
                return
            playing = self._state is not PlaybackState.STOPPED
            if playing and self._engine_position() > RESTART_AFTER_SECONDS:
                self._engine_seek(0.0)
                self._emit_position()
                return
            self._engine_stop()
            self._queue.step_back()
            self._start_current()

    def play_index(self, index: int) -> None:
        with self._operation():
            self._engine_stop()
            self._queue.jump(index)
            self._start_current()

    def seek(self, seconds: float) -> None:
        with self._operation():
            if self._state is PlaybackState.STOPPED or self._queue.current is None:
                return
            duration = self._engine_duration()
            target = max(0.0, seconds)
            if duration is not None:
                target = min(target, duration)
            self._engine_seek(target)
            self._emit_position()

    @property
    def position(self) -> float:
        with self._lock:
            if self._state is PlaybackState.STOPPED:
                return 0.0
            return self._engine_position()

    @property
    def duration(self) -> float | None:
        with self._lock:
            if self._queue.current is None:
                return None
            return self._engine_duration()

    @property
    def volume(self) -> int:
        return self._volume

    def set_volume(self, volume: int) -> None:
        with self._operation():
            self._volume = max(0, min(100, int(volume)))
            self._engine_apply_volume(self.output_volume)

    @property
    def muted(self) -> bool:
        return self._muted

    def set_muted(self, muted: bool) -> None:
        with self._operation():
            self._muted = bool(muted)
            self._engine_apply_volume(self.output_volume)

    @property
    def shuffle(self) -> bool:
        return self._queue.shuffle

    def set_shuffle(self, shuffle: bool) -> None:
        with self._operation():
            self._queue.set_shuffle(bool(shuffle))

    @property
    def repeat(self) -> RepeatMode:
        return self._queue.repeat

    def set_repeat(self, mode: RepeatMode) -> None:
        with self._operation():
            self._queue.repeat = RepeatMode(mode)

    def fade_to(self, volume_factor: float, seconds: float,
                then: Callable[[], None] | None = None) -> None:
        with self._operation():
            target = max(0.0, min(1.0, float(volume_factor)))
            self._fade = _Fade(self._fade_factor, target, self._now(), max(0.0, seconds), then)
            self._step_fade()
