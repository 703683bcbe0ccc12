"""VlcPlayer: the Player over libVLC (python-vlc), to the sound card or into a WAV file.

One libVLC ``MediaPlayer`` plays one track at a time; the queue, repeat, shuffle, previous,
fades and error handling are ours (:class:`~moodplayer.music.queued_player.QueuedPlayer`).

Threads. libVLC calls its event callbacks on its own threads and is not re-entrant, so a
callback only puts ``(generation, kind, detail)`` into an inbox. One dispatcher thread of ours
(``moodplayer-vlc-events``) drains it, talks to libVLC, steps fades, polls the position and
calls ``on_event`` — always on that thread, never while holding the player's lock. The owner
marshals events to its own thread (the GUI emits a Qt signal; a command puts them in a queue).
Public methods may be called from any thread.

What libVLC does that we correct for:

* a damaged file often gives no error at all: libVLC "plays" it and reaches its end at once.
  A track therefore counts as started only once libVLC reports an audio stream *and* playing;
  reaching the end without audio is an ERROR, and the queue goes on;
* with no real device buffer (``audio_file``, or no sound card) libVLC decodes about a second
  ahead and reports the end of a track that early; the player waits out the rest of the
  track (by libVLC's clock) before it moves on, so tracks last as long as they are;
* no sound card: libVLC plays into the void without an error; after a second of a track the
  player checks libVLC's statistics and reports ``AUDIO_OUTPUT_FAILED`` once.
"""

from __future__ import annotations

import logging
import queue
import random
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from moodplayer.music.player_api import PlaybackState, PlayerEventKind
from moodplayer.music.queued_player import QueuedPlayer
from moodplayer.music.tracks import Track
from moodplayer.music.vlc_runtime import create_instance, load_vlc

log = logging.getLogger(__name__)

DISPATCHER_NAME = "moodplayer-vlc-events"
BASE_OPTIONS = ("--quiet", "--no-video", "--no-xlib", "--no-metadata-network-access")
TAIL_TOLERANCE_SECONDS = 0.05
OUTPUT_CHECK_AFTER_SECONDS = 1.0
AUDIO_TRACK_TYPE = 0  # libvlc_track_audio

_WAKE = object()
_CLOSE = object()


class VlcPlayer(QueuedPlayer):
    """A Player on libVLC.

    ``audio_file``: write the sound into this WAV file (16-bit, 44.1 kHz, stereo; every track
    of the session in order) instead of the sound card; works with no sound card at all.
    ``max_audio_seconds``: the file stops growing at this length (libVLC decodes ahead, so
    stopping the player at a time would leave up to a second more).
    ``vlc_options``: extra libVLC options. ``position_interval``: seconds between POSITION
    events. Raises :class:`~moodplayer.music.vlc_runtime.LibVLCUnavailable` when libVLC or its
    plugins are missing, ``OSError`` when ``audio_file`` cannot be written.
    """

    def __init__(self, audio_file: Path | None = None, *, max_audio_seconds: float | None = None,
                 vlc_options: Sequence[str] = (), position_interval: float = 0.5,
                 rng: random.Random | None = None) -> None:
        super().__init__(rng)
        self._vlc = load_vlc()
        self._position_interval = position_interval
        self._sink: Any = None
        if audio_file is not None:
            from moodplayer.music.wav_sink import WavSink

            self._sink = WavSink(Path(audio_file), max_audio_seconds)
        try:
            self._instance = create_instance(*BASE_OPTIONS, *vlc_options)
        except Exception:
            self._close_sink()
            raise
        self._player = self._instance.media_player_new()
        self._inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._generation = 0
        self._closed = False
        self._reset_track_flags()
        self._output_checked = self._sink is not None
        self._c_callbacks: list[Any] = []  # ctypes callbacks must outlive libVLC's use of them
        if self._sink is not None:
            self._route_audio_to_sink()
        self._attach_events()
        self._dispatcher = threading.Thread(target=self._dispatch_loop, name=DISPATCHER_NAME,
                                            daemon=True)
        self._dispatcher.start()

    # ================================================================= set-up

    def _route_audio_to_sink(self) -> None:
        import ctypes

        from moodplayer.music.wav_sink import BYTES_PER_FRAME, CHANNELS, SAMPLE_FORMAT, SAMPLE_RATE

        vlc = self._vlc
        sink = self._sink

        @vlc.CallbackDecorators.AudioPlayCb
        def play(_opaque: Any, samples: Any, count: int, _pts: int) -> None:
            try:
                sink.write(ctypes.string_at(samples, count * BYTES_PER_FRAME))
            except Exception:  # a callback must never raise into libVLC
                log.exception("writing audio to %s failed", sink.path)

        @vlc.CallbackDecorators.AudioSetVolumeCb
        def set_volume(_opaque: Any, _volume: float, _mute: bool) -> None:
            """The sink applies our volume; libVLC's own must not apply twice."""

        self._c_callbacks += [play, set_volume]
        self._player.audio_set_callbacks(play, None, None, None, None, None)
        self._player.audio_set_volume_callback(set_volume)
        self._player.audio_set_format(SAMPLE_FORMAT, SAMPLE_RATE, CHANNELS)

    def _attach_events(self) -> None:
        kinds = {
            "MediaPlayerPlaying": "playing",
            "MediaPlayerEndReached": "end",
            "MediaPlayerEncounteredError": "error",
            "MediaPlayerESAdded": "es_added",
        }
        manager = self._player.event_manager()
        for vlc_name, kind in kinds.items():
            manager.event_attach(getattr(self._vlc.EventType, vlc_name), self._on_vlc_event,
                                 kind)

    def _on_vlc_event(self, event: Any, kind: str) -> None:
        """libVLC's thread: hand the event over, nothing else (libVLC is not re-entrant)."""
        detail = event.u.meta_type if kind == "es_added" else None  # es_changed.i_type
        self._inbox.put((self._generation, kind, detail))

    # ================================================================= dispatcher

    def _flush(self) -> None:
        if threading.current_thread() is self._dispatcher:
            self._drain_outbox()
        else:
            self._inbox.put(_WAKE)

    def _dispatch_loop(self) -> None:
        last_position_event = 0.0
        while True:
            try:
                item = self._inbox.get(timeout=self._wait_seconds())
            except queue.Empty:
                item = None
            if item is _CLOSE:
                break
            try:
                with self._operation():
                    if isinstance(item, tuple):
                        self._handle_vlc_event(*item)
                    self._tick()
                    now = time.monotonic()
                    if self._state is PlaybackState.PLAYING and self._started and \
                            now - last_position_event >= self._position_interval:
                        last_position_event = now
                        self._emit_position()
            except Exception:  # the dispatcher must survive a bad callback or a libVLC hiccup
                log.exception("the player's event dispatcher hit an error")

    def _wait_seconds(self) -> float:
        if self.fading:
            return 0.05
        if self._state is PlaybackState.PLAYING:
            if self._tail_deadline is not None:
                return max(0.0, min(0.1, self._tail_deadline - time.monotonic()))
            return 0.1
        return 0.5

    def _handle_vlc_event(self, generation: int, kind: str, detail: Any) -> None:
        if generation != self._generation or self._closed:
            return  # from a track we already left
        if kind == "es_added" and detail == AUDIO_TRACK_TYPE:
            self._audio_seen = True
        elif kind == "playing":
            self._playing_seen = True
        elif kind == "end":
            if self._started:
                self._on_end_reached()
            else:
                self._track_failed("there is no audio in it (the file is damaged, or not a "
                                   "format libVLC plays)")
            return
        elif kind == "error":
            self._track_failed(self._error_reason())
            return
        if self._audio_seen and self._playing_seen and not self._started:
            self._on_audio_started()

    def _tick(self) -> None:
        if self._closed:
            return  # libVLC may already be released (close() called from a handler)
        self._step_fade()
        if self._state is not PlaybackState.PLAYING or not self._started:
            return
        now = time.monotonic()
        if self._tail_deadline is not None:
            if now >= self._tail_deadline:
                self._tail_deadline = None
                self._track_finished()
            return
        reported = self._player.get_time()
        if reported >= 0 and reported != self._last_reported_ms:
            self._last_reported_ms = reported
            self._anchor(reported / 1000.0)
        if not self._output_checked and now - self._started_at >= OUTPUT_CHECK_AFTER_SECONDS:
            self._check_audio_output()

    # ================================================================= track life

    _track: Track | None
    _length: float | None
    _tail_deadline: float | None
    _tail_paused_remaining: float | None
    _last_reported_ms: int

    def _reset_track_flags(self) -> None:
        self._track = None
        self._audio_seen = False
        self._playing_seen = False
        self._started = False
        self._announce = True
        self._started_at = 0.0
        self._length = None
        self._anchor_position = 0.0
        self._anchor_time = time.monotonic()
        self._last_reported_ms = -1
        self._tail_deadline = None
        self._tail_paused_remaining = None

    def _anchor(self, position: float) -> None:
        self._anchor_position, self._anchor_time = position, time.monotonic()

    def _on_audio_started(self) -> None:
        self._started = True
        self._started_at = time.monotonic()
        length_ms = self._player.get_length()
        track = self._track
        self._length = length_ms / 1000.0 if length_ms > 0 else (track.duration if track else None)
        self._anchor(self._anchor_position)
        if self._announce:
            self._track_started(self._length)
        else:
            self._engine_apply_volume(self.output_volume)

    def _on_end_reached(self) -> None:
        """libVLC says the track ended; wait for what it decoded ahead to be heard."""
        heard = self._engine_position()
        remaining = (self._length - heard) if self._length else 0.0
        if remaining > TAIL_TOLERANCE_SECONDS and self._state is PlaybackState.PLAYING:
            self._tail_deadline = time.monotonic() + remaining
            return
        self._track_finished()

    def _error_reason(self) -> str:
        track = self._track
        path = track.path if track is not None else None
        if path is not None and not path.exists():
            return "the file does not exist"
        if path is not None and path.is_dir():
            return "it is a folder, not a file"
        return "libVLC cannot open it (the file is damaged, or not a format libVLC plays)"

    def _check_audio_output(self) -> None:
        """No sound card: libVLC decodes but plays nothing, and says so only in its log."""
        self._output_checked = True
        media = self._player.get_media()
        if media is None:
            return
        stats = self._vlc.MediaStats()
        if not media.get_stats(stats):
            return
        if stats.decoded_audio > 0 and stats.played_abuffers == 0:
            self._emit(PlayerEventKind.AUDIO_OUTPUT_FAILED, message=(
                "No sound device could be opened, so nothing is heard. Connect speakers or "
                "headphones and check the system's sound settings (PulseAudio/PipeWire or "
                "ALSA); `moodplayer play MOOD --audio-out FILE.wav` writes the sound to a "
                "file instead."))

    # ================================================================= engine

    def _engine_start(self, track: Track, start_at: float = 0.0) -> None:
        if self._closed:
            return
        self._engine_stop()
        self._track = track
        self._anchor(start_at)
        vlc_media = (self._instance.media_new(track.location) if track.is_stream
                     else self._instance.media_new_path(str(track.path)))
        if start_at > 0:
            vlc_media.add_option(f":start-time={start_at:.3f}")
        self._player.set_media(vlc_media)
        vlc_media.release()
        if self._player.play() == -1:
            self._inbox.put((self._generation, "error", None))

    def _engine_pause(self) -> None:
        if self._closed:
            return
        if self._tail_deadline is not None:
            self._tail_paused_remaining = max(0.0, self._tail_deadline - time.monotonic())
            self._tail_deadline = None
        self._anchor(self._engine_position_at(time.monotonic()))
        self._player.set_pause(1)

    def _engine_resume(self) -> None:
        if self._closed:
            return
        self._anchor(self._anchor_position)
        if self._tail_paused_remaining is not None:
            self._tail_deadline = time.monotonic() + self._tail_paused_remaining
            self._tail_paused_remaining = None
            return
        self._player.set_pause(0)

    def _engine_stop(self) -> None:
        if self._closed:
            return
        self._player.stop()  # synchronous: no event of the old track comes after this
        self._generation += 1
        self._reset_track_flags()

    def _engine_seek(self, seconds: float) -> None:
        if self._closed:
            return
        track = self._track
        in_tail = self._tail_deadline is not None or self._tail_paused_remaining is not None
        if track is None:
            return
        if in_tail or not self._started:
            paused = self._state is PlaybackState.PAUSED
            announce = self._announce and not self._started  # never announce a track twice
            self._engine_start(track, seconds)  # libVLC has finished it: open it again there
            self._announce = announce
            if paused:
                self._player.set_pause(1)
            return
        self._player.set_time(int(seconds * 1000))
        self._last_reported_ms = -1
        self._anchor(seconds)

    def _engine_position_at(self, now: float) -> float:
        if self._tail_paused_remaining is not None and self._length:
            return self._length - self._tail_paused_remaining
        position = self._anchor_position
        if self._state is PlaybackState.PLAYING and self._started:
            position += now - self._anchor_time
        if self._length:
            position = min(position, self._length)
        return max(0.0, position)

    def _engine_position(self) -> float:
        return self._engine_position_at(time.monotonic())

    def _engine_duration(self) -> float | None:
        if self._length:
            return self._length
        track = self._track or self.current_track
        return track.duration if track is not None else None

    def _engine_apply_volume(self, level: float) -> None:
        if self._closed:
            return
        if self._sink is not None:
            from moodplayer.music.wav_sink import gain_for_level

            self._sink.gain = gain_for_level(level)
        elif self._started:
            self._player.audio_set_volume(round(level))

    def _now(self) -> float:
        return time.monotonic()

    # ================================================================= extras

    @property
    def audio_file(self) -> Path | None:
        """The WAV file the sound goes to, or ``None`` for the sound card."""
        return None if self._sink is None else self._sink.path

    @property
    def seconds_written(self) -> float:
        """Seconds of sound written to ``audio_file`` so far (0 for the sound card)."""
        return 0.0 if self._sink is None else float(self._sink.seconds_written)

    @property
    def first_sound_at(self) -> float | None:
        """``time.monotonic()`` of the first non-silent sample written (file output only)."""
        return None if self._sink is None else self._sink.first_sound_at

    def close(self) -> None:
        """Stop, end the dispatcher, release libVLC and finish the WAV file (idempotent)."""
        with self._lock:
            if self._closed:
                return
            self._fade = None
            self._engine_stop()
            self._closed = True
        self._inbox.put(_CLOSE)
        if threading.current_thread() is not self._dispatcher:
            self._dispatcher.join(timeout=5)
        self.on_event = None
        self._player.release()
        self._instance.release()
        self._close_sink()

    def _close_sink(self) -> None:
        if self._sink is not None:
            self._sink.close()
