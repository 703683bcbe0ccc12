"""The perception loop: frame source, face analyser, calibration and voter, in one thread.

:class:`PerceptionPipeline` knows nothing of Qt. Any thread can call its ``run()``, which
blocks until the source ends, a fatal error happens, or another thread calls ``stop()``.
Everything it has to say goes to one callback, on the pipeline's thread, as the events of
:mod:`moodplayer.perception.events`:

* ``PipelineStatus``: opening, loading model, running, paused, stopped;
* for every analysed frame ``FrameAnalysed`` then ``DecisionMade``;
* ``CameraLost`` / ``CameraRestored`` from a live source;
* ``PipelineError`` (``fatal`` ones end the run: no camera, no model);
* ``SourceEnded`` when a file is done;
* ``CalibrationProgress`` / ``CalibrationFinished`` during a neutral-face capture.

Cameras are read newest-frame-only (the source's grabber thread drops what the analyser cannot
keep up with); files are analysed frame by frame (every ``every_nth``), as fast as the machine
allows and deterministically, with their media time. Pausing a camera releases it. A consumer
that raises in the callback is logged and the loop goes on.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from moodplayer.perception.calibration import (
    BaselineCapture,
    CalibrationError,
    NeutralBaseline,
    load_baseline,
)
from moodplayer.perception.events import (
    CalibrationFinished,
    CalibrationProgress,
    DecisionMade,
    FrameAnalysed,
    PipelineError,
    PipelineEvent,
    PipelineStatus,
    SourceEnded,
)
from moodplayer.perception.frame_source import (
    CaptureFactory,
    Frame,
    FrameSource,
    SourceOpenError,
    SourceSpec,
    open_frame_source,
    opencv_capture,
)
from moodplayer.perception.readings import EmotionReading
from moodplayer.perception.voter import MoodVoter
from moodplayer.settings import CameraSettings, Settings

if TYPE_CHECKING:
    from moodplayer.paths import AppPaths
    from moodplayer.perception.live_source import WatchdogSettings

log = logging.getLogger(__name__)

MAX_CONSECUTIVE_FAILURES = 25
"""After this many frames in a row that the analyser fails on, the run stops with an error."""
READ_TIMEOUT = 0.1
"""How long one wait for a live frame lasts; bounds how late :meth:`stop` is noticed."""


@runtime_checkable
class FrameAnalyzer(Protocol):
    """What the pipeline needs of a face analyser."""

    def analyze(self, frame: npt.NDArray[np.uint8]) -> list[EmotionReading]:
        """One reading per face in a BGR frame."""
        ...


EventCallback = Callable[[PipelineEvent], None]
AnalyzerFactory = Callable[[], FrameAnalyzer]


@dataclass
class PipelineStats:
    """What one run did."""

    frames: int = 0
    """Frames the source delivered (including skipped and dropped ones)."""
    analysed: int = 0
    first_timestamp: float | None = None
    last_timestamp: float | None = None
    wall_seconds: float = 0.0
    """Time spent running (model loading excluded)."""
    analysis_seconds: float = 0.0
    failures: int = 0
    ended_by: str = ""
    """``source ended``, ``stopped``, ``time limit`` or ``error``."""
    _recent: deque[float] = field(default_factory=lambda: deque(maxlen=30), repr=False)

    def record(self, timestamp: float, analysis_seconds: float) -> None:
        """Count one analysed frame: its source time and how long the analyser took."""
        self.analysed += 1
        self.analysis_seconds += analysis_seconds
        self._recent.append(time.perf_counter())
        if self.first_timestamp is None:
            self.first_timestamp = timestamp
        self.last_timestamp = timestamp

    @property
    def source_seconds(self) -> float:
        """Source time from the first to the last analysed frame."""
        if self.first_timestamp is None or self.last_timestamp is None:
            return 0.0
        return self.last_timestamp - self.first_timestamp

    @property
    def fps(self) -> float:
        """Analysed frames per second of running time, over the whole run."""
        return self.analysed / self.wall_seconds if self.wall_seconds > 0 else 0.0

    @property
    def recent_fps(self) -> float:
        """Analysed frames per second over the last (up to) 30 frames."""
        if len(self._recent) < 2 or self._recent[-1] <= self._recent[0]:
            return 0.0
        return (len(self._recent) - 1) / (self._recent[-1] - self._recent[0])

    @property
    def mean_analysis_ms(self) -> float:
        """The analyser's mean time per frame in milliseconds."""
        return 1000 * self.analysis_seconds / self.analysed if self.analysed else 0.0


class PerceptionPipeline:
    """Reads frames, analyses faces, corrects for calibration, votes, and reports events.

    ``analyzer`` is an analyser or a function that builds one (called in :meth:`run`, so a
    heavy model loads on the pipeline's thread). ``baseline`` is the listener's calibration
    (``None``: readings are used as they are). ``max_source_seconds`` ends the run after that
    much source time. ``capture_factory`` and ``watchdog`` reach the frame source (tests inject
    fakes). ``frames`` false leaves the image out of ``FrameAnalysed`` consumers that only want
    readings (an empty array instead). ``file_as_camera`` paces a video file to its media
    time and loops it, so it can stand in for a webcam.
    """

    def __init__(
        self,
        source: str | int | Path | SourceSpec,
        analyzer: FrameAnalyzer | AnalyzerFactory,
        on_event: EventCallback,
        *,
        voter: MoodVoter | None = None,
        baseline: NeutralBaseline | None = None,
        camera: CameraSettings | None = None,
        every_nth: int = 1,
        max_source_seconds: float | None = None,
        capture_factory: CaptureFactory = opencv_capture,
        watchdog: WatchdogSettings | None = None,
        frames: bool = True,
        file_as_camera: bool = False,
    ) -> None:
        self.file_as_camera = file_as_camera
        self.spec = source if isinstance(source, SourceSpec) else SourceSpec.parse(source)
        self._analyzer_or_factory = analyzer
        self._on_event = on_event
        self.voter = voter or MoodVoter()
        self._baseline = baseline
        self.camera = camera or CameraSettings()
        self.every_nth = every_nth
        self.max_source_seconds = max_source_seconds
        self._capture_factory = capture_factory
        self._watchdog = watchdog
        self._send_frames = frames
        self._stop = threading.Event()
        self._resumed = threading.Event()
        self._resumed.set()
        self._capture_request: float | None = None
        self._capture_cancelled = False
        self._capture: BaselineCapture | None = None
        self._startup_problems: list[str] = []
        self.stats = PipelineStats()
        self.source: FrameSource | None = None

    # ------------------------------------------------------------------- for any thread

    def stop(self) -> None:
        """Ask the loop to end; :meth:`run` returns within about a frame's analysis."""
        self._stop.set()
        self._resumed.set()

    @property
    def stopping(self) -> bool:
        """Whether :meth:`stop` was called."""
        return self._stop.is_set()

    def pause(self) -> None:
        """Stop reading frames (a camera is released) until :meth:`resume`."""
        self._resumed.clear()

    def resume(self) -> None:
        """Read frames again after :meth:`pause`."""
        self._resumed.set()

    @property
    def paused(self) -> bool:
        """Whether the pipeline is paused."""
        return not self._resumed.is_set()

    @property
    def baseline(self) -> NeutralBaseline | None:
        """The calibration in use."""
        return self._baseline

    def set_baseline(self, baseline: NeutralBaseline | None) -> None:
        """Use another calibration from the next frame on (``None``: none)."""
        self._baseline = baseline

    def calibrate(self, seconds: float) -> None:
        """Start a neutral-face capture of ``seconds`` of source time on the next frame."""
        self._capture_request = seconds

    def cancel_calibration(self) -> None:
        """Drop a capture asked for or under way; the calibration in use stays as it is."""
        self._capture_request = None
        self._capture_cancelled = True

    def report_problem(self, message: str) -> None:
        """A non-fatal problem found before the run, reported when it starts."""
        self._startup_problems.append(message)

    # -------------------------------------------------------------------------- the loop

    def run(self) -> PipelineStats:
        """Run until the source ends, :meth:`stop` is called, or a fatal error; never raises."""
        try:
            self._run()
        except Exception as error:  # the loop must report, never die silently
            log.exception("the perception pipeline failed")
            self._emit(PipelineError(f"the perception pipeline failed: {error}", fatal=True))
            self.stats.ended_by = "error"
        self._emit(PipelineStatus("stopped", self.stats.ended_by))
        return self.stats

    def _run(self) -> None:
        for problem in self._startup_problems:
            self._emit(PipelineError(problem))
        self._emit(PipelineStatus("opening", self.spec.name))
        try:
            source = open_frame_source(
                self.spec, self.camera, capture_factory=self._capture_factory,
                watchdog=self._watchdog, every_nth=self.every_nth, cancel=self._stop,
                loop_files=self.file_as_camera, realtime_files=self.file_as_camera)
        except SourceOpenError as error:
            if self.stopping:
                self.stats.ended_by = "stopped"
                return
            self._emit(PipelineError(str(error), fatal=True))
            self.stats.ended_by = "error"
            return
        self.source = source
        try:
            analyzer = self._load_analyzer()
            if analyzer is not None:
                self._loop(source, analyzer)
        finally:
            source.release()

    def _load_analyzer(self) -> FrameAnalyzer | None:
        candidate = self._analyzer_or_factory
        if isinstance(candidate, FrameAnalyzer):
            return candidate
        self._emit(PipelineStatus("loading model"))
        try:
            return candidate()
        except Exception as error:
            log.exception("the face analyser could not be loaded")
            self._emit(PipelineError(f"the emotion model could not be loaded: {error}",
                                     fatal=True))
            self.stats.ended_by = "error"
            return None

    def _loop(self, source: FrameSource, analyzer: FrameAnalyzer) -> None:
        stats = self.stats
        self._emit(PipelineStatus("running", source.name))
        started = time.perf_counter()
        paused_for = 0.0
        try:
            while not self.stopping:
                if self.paused:
                    paused_for += self._wait_while_paused(source)
                    continue
                for event in source.events():
                    self._emit(event)
                frame = source.read(READ_TIMEOUT)
                stats.frames = source.frames_read
                if frame is None:
                    if source.ended:
                        stats.ended_by = "source ended"
                        self._emit(SourceEnded(source.name))
                        return
                    continue
                if self._past_time_limit(frame):
                    stats.ended_by = "time limit"
                    return
                if not self._analyse(frame, analyzer):
                    stats.ended_by = "error"
                    return
            stats.ended_by = "stopped"
        finally:
            stats.frames = source.frames_read
            stats.wall_seconds = time.perf_counter() - started - paused_for

    def _wait_while_paused(self, source: FrameSource) -> float:
        began = time.perf_counter()
        source.pause()
        self._emit(PipelineStatus("paused", source.name))
        self._resumed.wait()
        if not self.stopping:
            source.resume()
            self._emit(PipelineStatus("running", source.name))
        return time.perf_counter() - began

    def _past_time_limit(self, frame: Frame) -> bool:
        first = self.stats.first_timestamp
        return (self.max_source_seconds is not None and first is not None
                and frame.timestamp - first >= self.max_source_seconds - 1e-9)

    def _analyse(self, frame: Frame, analyzer: FrameAnalyzer) -> bool:
        """Analyse one frame and report; false when failures say the run must end."""
        stats = self.stats
        began = time.perf_counter()
        try:
            raw = analyzer.analyze(frame.image)
        except Exception as error:
            stats.failures += 1
            log.exception("analysing frame %d failed", frame.index)
            fatal = stats.failures >= MAX_CONSECUTIVE_FAILURES
            self._emit(PipelineError(f"analysing a frame failed: {error}", fatal=fatal))
            return not fatal
        stats.failures = 0
        elapsed = time.perf_counter() - began
        stats.record(frame.timestamp, elapsed)

        self._feed_calibration(frame.timestamp, raw)
        baseline = self._baseline
        readings = baseline.apply(raw) if baseline is not None else raw
        decision = self.voter.update(frame.timestamp, readings)
        image = frame.image if self._send_frames else np.empty((0, 0, 3), np.uint8)
        self._emit(FrameAnalysed(frame.timestamp, image, readings, stats.recent_fps,
                                 elapsed * 1000))
        self._emit(DecisionMade(decision))
        return True

    def _feed_calibration(self, timestamp: float, raw: list[EmotionReading]) -> None:
        if self._capture_cancelled:
            self._capture_cancelled = False
            self._capture = None
        if self._capture_request is not None:
            self._capture = BaselineCapture(self._capture_request)
            self._capture_request = None
        capture = self._capture
        if capture is None:
            return
        capture.add(timestamp, raw)
        self._emit(CalibrationProgress(capture.progress, capture.faces_seen))
        if not capture.done:
            return
        self._capture = None
        try:
            baseline = capture.result()
        except CalibrationError as error:
            self._emit(CalibrationFinished(None, str(error)))
            return
        self._baseline = baseline
        self._emit(CalibrationFinished(baseline, baseline.describe()))

    def _emit(self, event: PipelineEvent) -> None:
        try:
            self._on_event(event)
        except Exception:
            log.exception("a pipeline event consumer failed on %s", type(event).__name__)


def create_pipeline(
    source: str | int | Path | SourceSpec,
    settings: Settings,
    paths: AppPaths,
    on_event: EventCallback,
    *,
    every_nth: int = 1,
    max_source_seconds: float | None = None,
    frames: bool = True,
    file_as_camera: bool = False,
) -> PerceptionPipeline:
    """The pipeline the settings describe: their analyser (built on the pipeline's thread),
    voting, camera, and the saved calibration when calibration is enabled. A calibration file
    that cannot be used is reported as a (non-fatal) error when the run starts."""

    def build_analyzer() -> FrameAnalyzer:
        from moodplayer.perception.face_analyzer import create_face_analyzer

        return create_face_analyzer(settings.recognition, paths)

    baseline, problem = None, ""
    if settings.calibration.enabled:
        try:
            baseline = load_baseline(paths.calibration_file)
        except CalibrationError as error:
            problem = str(error)
    pipeline = PerceptionPipeline(
        source, build_analyzer, on_event, voter=MoodVoter(settings.voting), baseline=baseline,
        camera=settings.camera, every_nth=every_nth, max_source_seconds=max_source_seconds,
        frames=frames, file_as_camera=file_as_camera,
    )
    if problem:
        pipeline.report_problem(problem)
    return pipeline
