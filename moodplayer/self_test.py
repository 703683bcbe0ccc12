"""``moodplayer --self-test``: proves an installed (or frozen) Mood Player works, headless.

It needs no camera, no sound card, no network and no display, and runs each step in turn,
printing what it found:

1. **recognition** — loads the bundled emotion model and DeepFace's OpenCV face detector, and
   reads the shipped smiling test face (``assets/test-media/happy-face.png``) as happy;
2. **video** — writes a short test video with OpenCV and reads frames back through the app's
   frame source;
3. **audio** — plays one second of a bundled demo track through libVLC into a WAV file and
   checks that the WAV holds sound, not silence;
4. **window** — opens the main window and closes it again (Qt's ``offscreen`` platform when
   there is no display).

The exit status is 0 only when every step worked. Everything is written to a temporary folder
(also ``MOODPLAYER_HOME``, unless one is set), which is removed afterwards.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

AUDIO_SECONDS = 1.0
AUDIO_TIMEOUT_SECONDS = 20.0
VIDEO_FRAMES = 5
SILENCE_LEVEL = 16  # a 16-bit sample above this counts as sound


class SelfTestFailure(Exception):
    """A step ran but found something wrong; the message says what."""


@dataclass(frozen=True)
class StepResult:
    """What one step found."""

    name: str
    ok: bool
    detail: str
    seconds: float


def check_recognition(workdir: Path) -> str:
    """The bundled model, behind DeepFace's OpenCV detector, reads the test face as happy."""
    from moodplayer.moods import Mood
    from moodplayer.paths import app_paths
    from moodplayer.perception.classifiers import create_classifier
    from moodplayer.perception.face_analyzer import FaceAnalyzer
    from moodplayer.perception.synthetic_video import compose_frame, load_test_face

    paths = app_paths()
    classifier = create_classifier("bundled", paths)
    analyzer = FaceAnalyzer(classifier, detector_backend="opencv", paths=paths)
    readings = analyzer.analyze(compose_frame(load_test_face()))
    if not readings:
        raise SelfTestFailure("the detector found no face in the test image")
    reading = next(r for r in readings if r.primary)
    if reading.dominant is not Mood.HAPPY:
        raise SelfTestFailure(
            f"the test face was read as {reading.dominant.value}, not happy "
            f"({_format_probabilities(reading.as_dict())})")
    return (f"{classifier.name} model reads the test face as happy "
            f"({reading.probability(Mood.HAPPY):.0%}), face found by opencv")


def _format_probabilities(probabilities: dict[str, float]) -> str:
    return ", ".join(f"{name} {value:.0%}" for name, value in probabilities.items())


def check_video(workdir: Path) -> str:
    """A generated video file is read back frame by frame through the app's frame source."""
    from moodplayer.perception.frame_source import Frame, open_frame_source
    from moodplayer.perception.synthetic_video import load_test_face, write_test_video

    video = write_test_video(workdir / "self-test.avi", [(load_test_face(), 0.5), (None, 0.5)])
    frames: list[Frame] = []
    with open_frame_source(str(video)) as source:
        while len(frames) < VIDEO_FRAMES:
            frame = source.read(timeout=2.0)
            if frame is None:
                break
            frames.append(frame)
    if len(frames) < VIDEO_FRAMES:
        raise SelfTestFailure(f"read {len(frames)} of {VIDEO_FRAMES} frames from {video.name}")
    height, width = frames[0].image.shape[:2]
    return f"read {len(frames)} frames of {width}x{height} from a generated MJPG video"


def first_demo_track() -> Path:
    """The first bundled demo track (by mood folder, then name)."""
    from moodplayer.music.scanner import is_audio_file
    from moodplayer.paths import bundled_playlists_dir

    folder = bundled_playlists_dir()
    tracks = sorted(p for p in folder.rglob("*") if p.is_file() and is_audio_file(p))
    if not tracks:
        raise SelfTestFailure(f"no demo track in {folder}")
    return tracks[0]


def wav_peak(path: Path) -> tuple[float, int]:
    """Seconds of audio in a 16-bit WAV and its largest absolute sample."""
    import wave

    import numpy as np

    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != 2:
            raise SelfTestFailure(f"{path.name} is not 16-bit PCM")
        seconds = wav.getnframes() / wav.getframerate()
        samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
    peak = int(np.abs(samples.astype(np.int32)).max()) if samples.size else 0
    return seconds, peak


def check_audio(workdir: Path) -> str:
    """One second of a demo track, played by libVLC into a WAV file, is not silent."""
    from moodplayer.music.library import track_from_file
    from moodplayer.music.player_api import PlayerEvent, PlayerEventKind
    from moodplayer.music.vlc_player import VlcPlayer
    from moodplayer.music.vlc_runtime import libvlc_version

    track_file = first_demo_track()
    wav = workdir / "self-test.wav"
    errors: list[str] = []

    def on_event(event: PlayerEvent) -> None:
        if event.kind in (PlayerEventKind.ERROR, PlayerEventKind.QUEUE_FAILED):
            errors.append(event.message or event.kind.value)

    player = VlcPlayer(audio_file=wav)
    player.on_event = on_event
    try:
        player.set_queue([track_from_file(track_file)])
        deadline = time.monotonic() + AUDIO_TIMEOUT_SECONDS
        while player.seconds_written < AUDIO_SECONDS and not errors:
            if time.monotonic() > deadline:
                raise SelfTestFailure(
                    f"libVLC wrote {player.seconds_written:.2f} s of {track_file.name} "
                    f"in {AUDIO_TIMEOUT_SECONDS:.0f} s")
            time.sleep(0.05)
    finally:
        player.close()
    if errors:
        raise SelfTestFailure(f"libVLC could not play {track_file.name}: {errors[0]}")
    seconds, peak = wav_peak(wav)
    if seconds < AUDIO_SECONDS * 0.9:
        raise SelfTestFailure(f"the WAV holds {seconds:.2f} s, expected {AUDIO_SECONDS:.1f} s")
    if peak <= SILENCE_LEVEL:
        raise SelfTestFailure(f"the WAV of {track_file.name} is silent (peak {peak})")
    return (f"libVLC {libvlc_version()} played {seconds:.1f} s of "
            f"{track_file.parent.name}/{track_file.name} into a WAV (peak {peak / 32767:.0%})")


def use_offscreen_without_display(environ: MutableMapping[str, str] | None = None) -> None:
    """Choose Qt's offscreen platform when there is no display (and none was chosen)."""
    environ = os.environ if environ is None else environ
    if sys.platform.startswith("linux") and "QT_QPA_PLATFORM" not in environ \
            and not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY"):
        environ["QT_QPA_PLATFORM"] = "offscreen"


def check_window(workdir: Path) -> str:
    """The main window opens and closes."""
    use_offscreen_without_display()
    from PySide6.QtWidgets import QApplication

    from moodplayer import APP_ID, APP_NAME
    from moodplayer.gui.main_window import MainWindow

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    window = MainWindow()
    window.show()
    app.processEvents()
    shown = window.isVisible()
    size = window.size()
    window.close()
    app.processEvents()
    if not shown:
        raise SelfTestFailure("the main window did not become visible")
    if window.isVisible():
        raise SelfTestFailure("the main window did not close")
    return (f"main window {size.width()}x{size.height()} opened and closed "
            f"on Qt's {app.platformName()} platform")


STEPS: tuple[tuple[str, Callable[[Path], str]], ...] = (
    ("recognition", check_recognition),
    ("video", check_video),
    ("audio", check_audio),
    ("window", check_window),
)


def run_step(name: str, step: Callable[[Path], str], workdir: Path) -> StepResult:
    """Run one step, turning any exception into a failed result."""
    started = time.monotonic()
    try:
        detail = step(workdir)
        ok = True
    except SelfTestFailure as failure:
        detail, ok = str(failure), False
    except Exception as error:  # the self-test reports every failure and goes on
        last = traceback.extract_tb(error.__traceback__)[-1]
        detail = (f"{type(error).__name__}: {error} "
                  f"(at {Path(last.filename).name}:{last.lineno})")
        ok = False
    return StepResult(name, ok, detail, time.monotonic() - started)


def run_self_test(out: TextIO | None = None,
                  steps: tuple[tuple[str, Callable[[Path], str]], ...] = STEPS) -> int:
    """Run every step, print each result; 0 when all worked, 1 otherwise."""
    from moodplayer import APP_NAME, __version__
    from moodplayer.paths import HOME_ENV, prepare_deepface_environment, resources_dir

    stream = out or sys.stdout
    frozen = "frozen" if getattr(sys, "frozen", False) else "from source"
    print(f"{APP_NAME} {__version__} self-test ({frozen}; resources in {resources_dir()})",
          file=stream, flush=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="moodplayer-self-test-") as temp:
        workdir = Path(temp)
        if not os.environ.get(HOME_ENV):
            os.environ[HOME_ENV] = str(workdir / "home")
        prepare_deepface_environment()
        for number, (name, step) in enumerate(steps, start=1):
            print(f"[{number}/{len(steps)}] {name} ...", file=stream, flush=True)
            result = run_step(name, step, workdir)
            status = "ok" if result.ok else "FAIL"
            print(f"      {status}: {result.detail} ({result.seconds:.1f} s)",
                  file=stream, flush=True)
            results.append(result)
    failed = [result.name for result in results if not result.ok]
    if failed:
        print(f"Self-test FAILED: {', '.join(failed)}", file=stream, flush=True)
        return 1
    print(f"Self-test passed: {len(results)} of {len(results)} steps worked.",
          file=stream, flush=True)
    return 0
