"""``moodplayer play MOOD [--seconds N] [--audio-out FILE.wav] [--shuffle] [--volume N]``.

Plays a mood's playlist headless through libVLC, looping, and prints each track as it starts.
Without ``--seconds`` it plays until Ctrl+C, which stops cleanly. With ``--audio-out`` the sound
goes into a WAV file instead of the sound card (no sound card needed), and ``--seconds`` counts
seconds of sound written. A mood without music plays the fallback mood's, and says so.

Exit status: 0 after playing (also when stopped by Ctrl+C); 1 when nothing can be played (no
music, only broken files, libVLC missing, no sound device, an unwritable WAV file); 2 for an
unknown mood.
"""

from __future__ import annotations

import argparse
import contextlib
import queue
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from moodplayer.commands import Command
from moodplayer.context import AppContext
from moodplayer.moods import MOOD_NAMES, Mood

if TYPE_CHECKING:
    from moodplayer.music.library import MoodLibrary
    from moodplayer.music.player_api import PlayerEvent
    from moodplayer.music.tracks import Track
    from moodplayer.music.vlc_player import VlcPlayer

POLL_SECONDS = 0.1


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("mood", metavar="MOOD", help=f"one of: {', '.join(MOOD_NAMES)}")
    parser.add_argument("--seconds", type=float, metavar="N",
                        help="stop after N seconds (default: play until Ctrl+C)")
    parser.add_argument("--audio-out", type=Path, metavar="FILE.wav",
                        help="write the sound to this WAV file instead of the sound card")
    parser.add_argument("--shuffle", action="store_true",
                        help="play the tracks in random order (each once before any repeats)")
    parser.add_argument("--volume", type=int, metavar="0-100",
                        help="volume (default: the saved volume; 100 with --audio-out)")


def _fail(message: str) -> int:
    print(f"moodplayer play: {message}", file=sys.stderr)
    return 1


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Let ``kill`` stop playback as cleanly as Ctrl+C does."""
    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(args: argparse.Namespace, context: AppContext) -> int:
    try:
        mood = Mood.parse(args.mood)
    except ValueError as error:
        print(f"moodplayer play: {error}", file=sys.stderr)
        return 2
    if args.seconds is not None and args.seconds <= 0:
        return _fail("--seconds must be more than 0")

    from moodplayer.music.library import MoodLibrary
    from moodplayer.music.vlc_runtime import LibVLCUnavailable

    library = MoodLibrary(context.settings.music)
    found = library.resolve(mood)
    for problem in found.problems:
        print(f"moodplayer play: {mood.value}: {problem}", file=sys.stderr)
    if not found.tracks:
        return _fail(found.message or f"there is no music for {mood.value}")
    if found.message:
        print(found.message)

    from moodplayer.music.vlc_player import VlcPlayer

    try:
        player = VlcPlayer(audio_file=args.audio_out, max_audio_seconds=args.seconds)
    except LibVLCUnavailable as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(f"cannot write {args.audio_out}: {error.strerror or error}")
    default_volume = 100 if args.audio_out else context.settings.playback.volume
    player.set_volume(default_volume if args.volume is None else args.volume)
    player.set_shuffle(args.shuffle)
    events: queue.SimpleQueue[PlayerEvent] = queue.SimpleQueue()
    player.on_event = events.put  # the player's thread only hands events over
    where = f"into {args.audio_out}" if args.audio_out else "on the sound card"
    length = f" for {args.seconds:g} s" if args.seconds else " until Ctrl+C"
    count = len(found.tracks)
    print(f"Playing {found.playing.value} music ({count} track{'s' * (count != 1)}, "
          f"looping){length}, {where}")
    try:
        with _sigterm_as_interrupt():
            status = _play(player, library, found.tracks, events, args.seconds)
    except KeyboardInterrupt:
        print("Stopped.")
        status = 0
    finally:
        player.close()
    if args.audio_out and status == 0:
        print(f"Wrote {player.seconds_written:.1f} s of sound to {args.audio_out}")
    return status


def _play(player: VlcPlayer, library: MoodLibrary, tracks: list[Track],
          events: queue.SimpleQueue[PlayerEvent], seconds: float | None) -> int:
    """Play until ``seconds`` pass (of sound written, with a WAV file) or playback fails."""
    from moodplayer.commands.playlists import format_duration
    from moodplayer.music.player_api import PlayerEventKind

    started = time.monotonic()
    player.set_queue(tracks)
    while True:
        played = player.seconds_written if player.audio_file else time.monotonic() - started
        if seconds is not None and played >= seconds:
            return 0
        try:
            event = events.get(timeout=POLL_SECONDS)
        except queue.Empty:
            continue
        if event.kind is PlayerEventKind.TRACK_STARTED and event.track is not None:
            track = library.describe(event.track)
            length = event.duration or track.duration
            shown = f" ({format_duration(length)})" if length else ""
            number = (event.index or 0) + 1
            print(f"Now playing {number}/{len(tracks)}: {track.display}{shown}", flush=True)
        elif event.kind is PlayerEventKind.ERROR:
            print(f"moodplayer play: {event.message}; skipped", file=sys.stderr, flush=True)
        elif event.kind in (PlayerEventKind.QUEUE_FAILED, PlayerEventKind.AUDIO_OUTPUT_FAILED):
            return _fail(event.message)


COMMAND = Command("play", "play a mood's music headless (to the sound card or a WAV file)",
                  _configure, _run)
