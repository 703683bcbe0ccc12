"""Time from "play" to the first audio, for VlcPlayer against a bare python-vlc MediaPlayer.

    .venv/bin/python benchmarks/play_latency.py [--runs N] [--track FILE]

Everything plays into memory or a WAV file (libVLC's ``amem`` callbacks), so it runs with no
sound card, and "first audio" is exact: the moment the first non-silent sample reaches the
output callback. Measured, median (and worst) of ``--runs``:

* baseline: a bare ``vlc.MediaPlayer`` with an amem callback, from ``play()`` to first sound,
  and from creating its ``vlc.Instance`` to first sound;
* VlcPlayer: from ``set_queue()`` to first sound, and to the TRACK_STARTED event (ratio to the
  first baseline);
* VlcPlayer including its start-up, ``VlcPlayer()`` to first sound (ratio to the second);
* the command: ``moodplayer play MOOD --seconds 1 --audio-out FILE`` from process start to its
  "Now playing" line, and to the end of the process.

The track is a generated 3 s tone (WAV), or ``--track`` (e.g. a bundled OGG).
"""

from __future__ import annotations

import argparse
import ctypes
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import wave
from pathlib import Path

import numpy as np

from moodplayer.music.player_api import PlayerEvent, PlayerEventKind
from moodplayer.music.tracks import Track
from moodplayer.music.vlc_player import BASE_OPTIONS, VlcPlayer
from moodplayer.music.vlc_runtime import create_instance, load_vlc
from moodplayer.music.wav_sink import SOUND_THRESHOLD

REPO = Path(__file__).resolve().parent.parent


def write_tone(path: Path, seconds: float = 3.0) -> Path:
    t = np.arange(int(seconds * 44100)) / 44100
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(44100)
        out.writeframes((0.5 * np.sin(2 * np.pi * 440 * t) * 32767).astype("<i2").tobytes())
    return path


def bare_python_vlc(track: Path, *, include_startup: bool) -> float:
    """Seconds from MediaPlayer.play() (or from creating the libVLC instance) to the first
    non-silent sample: the baseline."""
    vlc = load_vlc()
    begun = time.monotonic()
    instance = create_instance(*BASE_OPTIONS)
    player = instance.media_player_new()
    heard = threading.Event()
    when: list[float] = []

    @vlc.CallbackDecorators.AudioPlayCb
    def play(_opaque: object, samples: int, count: int, _pts: int) -> None:
        if heard.is_set():
            return
        data = np.frombuffer(ctypes.string_at(samples, count * 4), dtype=np.int16)
        if data.size and int(np.abs(data.astype(np.int32)).max()) > SOUND_THRESHOLD:
            when.append(time.monotonic())
            heard.set()

    player.audio_set_callbacks(play, None, None, None, None, None)
    player.audio_set_format("S16N", 44100, 2)
    player.set_media(instance.media_new_path(str(track)))
    start = begun if include_startup else time.monotonic()
    player.play()
    heard.wait(10)
    player.stop()
    player.release()
    instance.release()
    return when[0] - start


def vlc_player(track: Path, folder: Path, *, include_startup: bool) -> tuple[float, float]:
    """(seconds to first sound, seconds to TRACK_STARTED) for VlcPlayer."""
    begun = time.monotonic()
    player = VlcPlayer(audio_file=folder / "out.wav")
    started = threading.Event()
    started_at: list[float] = []

    def on_event(event: PlayerEvent) -> None:
        if event.kind is PlayerEventKind.TRACK_STARTED and not started.is_set():
            started_at.append(time.monotonic())
            started.set()

    player.on_event = on_event
    start = begun if include_startup else time.monotonic()
    player.set_queue([Track(str(track), track.stem)])
    started.wait(10)
    deadline = time.monotonic() + 10
    while player.first_sound_at is None and time.monotonic() < deadline:
        time.sleep(0.001)
    sound = player.first_sound_at
    player.close()
    assert sound is not None, "no sound came out"
    return sound - start, started_at[0] - start


def command(track: Path, folder: Path) -> tuple[float, float]:
    """(process start to "Now playing", process start to exit) for ``moodplayer play``."""
    home = folder / "home"
    env = {**os.environ, "MOODPLAYER_HOME": str(home)}
    music = folder / "music"
    music.mkdir(exist_ok=True)
    (music / track.name).write_bytes(track.read_bytes())
    setup = ("from moodplayer.paths import app_paths\n"
             "from moodplayer.settings import Settings, SettingsStore\n"
             f"s = Settings(); s.music.sources = {{'neutral': [{str(music)!r}]}}\n"
             "SettingsStore(app_paths().settings_file).save(s)\n")
    subprocess.run([sys.executable, "-c", setup], env=env, check=True)
    start = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "moodplayer", "play", "neutral", "--seconds", "1",
         "--audio-out", str(folder / "cmd.wav")],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=REPO)
    assert process.stdout is not None
    first_track = None
    for line in process.stdout:
        if line.startswith("Now playing") and first_track is None:
            first_track = time.monotonic() - start
    process.wait()
    assert first_track is not None, "the command printed no track"
    return first_track, time.monotonic() - start


def summary(name: str, values: list[float], baseline: float | None = None) -> str:
    median = statistics.median(values)
    text = f"{name:62} median {median * 1000:7.1f} ms   worst {max(values) * 1000:7.1f} ms"
    if baseline:
        text += f"   x{median / baseline:5.2f} of baseline"
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--track", type=Path, help="play this file instead of a tone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        track = args.track or write_tone(folder / "tone.wav")
        print(f"track: {track} ({track.stat().st_size / 1024:.0f} KB); libVLC "
              f"{load_vlc().libvlc_get_version().decode()}; {args.runs} runs each")
        bare_python_vlc(track, include_startup=False)  # warm the disk and plugin caches
        baseline = [bare_python_vlc(track, include_startup=False) for _ in range(args.runs)]
        baseline_cold = [bare_python_vlc(track, include_startup=True) for _ in range(args.runs)]
        queued = [vlc_player(track, folder, include_startup=False) for _ in range(args.runs)]
        cold = [vlc_player(track, folder, include_startup=True) for _ in range(args.runs)]
        runs = [command(track, folder) for _ in range(max(3, args.runs // 2))]
    base, base_cold = statistics.median(baseline), statistics.median(baseline_cold)
    print(summary("baseline: bare MediaPlayer.play() -> first sound", baseline))
    print(summary("baseline: bare vlc.Instance() created + play() -> first sound",
                  baseline_cold))
    print(summary("VlcPlayer.set_queue() -> first sound", [q[0] for q in queued], base))
    print(summary("VlcPlayer.set_queue() -> TRACK_STARTED event", [q[1] for q in queued], base))
    print(summary("VlcPlayer() created + set_queue() -> first sound", [c[0] for c in cold],
                  base_cold))
    print(summary("`moodplayer play` process start -> 'Now playing' line",
                  [r[0] for r in runs]))
    print(summary("`moodplayer play --seconds 1` process start -> exit", [r[1] for r in runs]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
