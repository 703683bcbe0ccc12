"""The perception pipeline: a generated video through the real analyser, and fault injection
with a fake camera and fake analysers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from moodplayer.moods import Mood, MoodDecision
from moodplayer.paths import app_paths
from moodplayer.perception.calibration import NeutralBaseline, save_baseline
from moodplayer.perception.events import (
    CalibrationFinished,
    CalibrationProgress,
    CameraLost,
    CameraRestored,
    DecisionMade,
    FrameAnalysed,
    PipelineError,
    PipelineEvent,
    PipelineStatus,
    SourceEnded,
)
from moodplayer.perception.pipeline import PerceptionPipeline, create_pipeline
from moodplayer.perception.readings import EmotionReading, FaceBox
from moodplayer.perception.synthetic_video import load_test_face, write_test_video
from moodplayer.settings import RecognitionSettings, Settings, VotingSettings
from tests.perception.fake_camera import FakeCamera
from tests.perception.test_live_source import QUICK, wait_for


class Recorder:
    """Collects events from the pipeline's thread."""

    def __init__(self) -> None:
        self.events: list[PipelineEvent] = []
        self._lock = threading.Lock()

    def __call__(self, event: PipelineEvent) -> None:
        with self._lock:
            self.events.append(event)

    def of(self, kind: type) -> list:
        with self._lock:
            return [e for e in self.events if isinstance(e, kind)]

    def decisions(self) -> list[MoodDecision]:
        return [e.decision for e in self.of(DecisionMade)]

    def statuses(self) -> list[str]:
        return [e.state for e in self.of(PipelineStatus)]


class FixedAnalyzer:
    """Says the same thing about every frame."""

    def __init__(self, probabilities: np.ndarray | None, classifier: str = "fake") -> None:
        self.probabilities = probabilities
        self.classifier = classifier
        self.calls = 0

    def analyze(self, frame: np.ndarray) -> list[EmotionReading]:
        self.calls += 1
        if self.probabilities is None:
            return []
        return [EmotionReading(FaceBox(10, 10, 40, 40), 0.95,
                               self.probabilities.astype(np.float32), self.classifier, True)]


def one_hot(mood: Mood, share: float = 0.9) -> np.ndarray:
    probs = np.full(7, (1 - share) / 6)
    probs[mood.index] = share
    return probs


def run_in_thread(pipeline: PerceptionPipeline) -> threading.Thread:
    thread = threading.Thread(target=pipeline.run, daemon=True)
    thread.start()
    return thread


@pytest.fixture(scope="module")
def smile_gap_smile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """4 s of the smiling face, 4 s of an empty scene, 4 s of the face again (640x480, 30 fps)."""
    face = load_test_face()
    return write_test_video(tmp_path_factory.mktemp("video") / "smile-gap-smile.avi",
                            [(face, 4.0), (None, 4.0), (face, 4.0)])


@pytest.fixture(scope="module")
def real_analyzer() -> object:
    from moodplayer.perception.face_analyzer import create_face_analyzer

    return create_face_analyzer(RecognitionSettings(), app_paths())


@pytest.fixture
def camera() -> FakeCamera:
    return FakeCamera()


@pytest.fixture
def live_pipeline(camera: FakeCamera) -> Iterator[tuple[PerceptionPipeline, Recorder]]:
    recorder = Recorder()
    pipeline = PerceptionPipeline("0", FixedAnalyzer(one_hot(Mood.HAPPY)), recorder,
                                  capture_factory=camera.factory, watchdog=QUICK)
    thread = run_in_thread(pipeline)
    yield pipeline, recorder
    pipeline.stop()
    thread.join(10)
    assert not thread.is_alive()


def test_a_generated_video_gives_the_expected_decisions_at_the_expected_source_times(
        smile_gap_smile: Path, real_analyzer: object) -> None:
    recorder = Recorder()
    pipeline = PerceptionPipeline(str(smile_gap_smile), real_analyzer, recorder,  # type: ignore[arg-type]
                                  voter=None, every_nth=3)
    stats = pipeline.run()
    decisions = recorder.decisions()
    voting = VotingSettings()  # defaults: 3 s window, 1 s of evidence, 3 s without a face

    # every 3rd frame of 12 s at 30 fps, each analysed once, with its media time
    assert stats.analysed == 120 and len(decisions) == 120 and stats.frames == 360
    assert [round(d.timestamp, 3) for d in decisions] == [round(i / 10, 3) for i in range(120)]

    # one decision only: happy, as soon as there is 1 s of evidence
    changes = [d for d in decisions if d.changed]
    assert len(changes) == 1 and changes[0].mood is Mood.HAPPY
    assert changes[0].timestamp == pytest.approx(voting.min_evidence_seconds)
    assert changes[0].confidence > 0.8

    # the face leaves at 4 s: the mood is kept; after the timeout the decision says so
    # (a reused face box may read the empty scene for a frame or two after 4 s)
    by_time = {round(d.timestamp, 1): d for d in decisions}
    assert all(by_time[t / 10].face_seen for t in range(10, 69))
    gone = [d for d in decisions if 4.0 <= d.timestamp < 8.0 and not d.face_seen]
    assert gone and 6.9 <= gone[0].timestamp <= 7.2
    assert all(d.mood is Mood.HAPPY and "keeping happy" in d.reason for d in gone)
    assert all(d.mood is Mood.HAPPY for d in decisions if d.timestamp >= 1.0)

    # the face is back at 8 s: seen again at once, still happy, no switch
    assert by_time[8.0].face_seen and by_time[8.0].faces == 1
    assert by_time[11.9].mood is Mood.HAPPY and by_time[11.9].face_seen
    assert recorder.of(SourceEnded) == [SourceEnded(f"video file {smile_gap_smile}")]
    assert recorder.statuses() == ["opening", "running", "stopped"]
    assert stats.ended_by == "source ended"


def test_a_file_that_ends_stops_the_pipeline_cleanly(tmp_path: Path) -> None:
    video = write_test_video(tmp_path / "short.avi", [(None, 1.0)], size=(160, 120), fps=20)
    recorder = Recorder()
    analyzer = FixedAnalyzer(one_hot(Mood.SAD))
    pipeline = PerceptionPipeline(str(video), analyzer, recorder)
    stats = pipeline.run()  # returns by itself
    assert stats.analysed == analyzer.calls == 20 and stats.frames == 20
    assert stats.ended_by == "source ended" and stats.source_seconds == pytest.approx(0.95)
    assert isinstance(recorder.events[-2], SourceEnded)
    assert recorder.events[-1] == PipelineStatus("stopped", "source ended")
    assert pipeline.source is not None and pipeline.source.read() is None  # released
    analysed = recorder.of(FrameAnalysed)
    assert analysed[0].frame.shape == (120, 160, 3) and analysed[0].readings[0].dominant is Mood.SAD


def test_a_camera_that_dies_is_reported_lost_and_then_restored(
        live_pipeline: tuple[PerceptionPipeline, Recorder], camera: FakeCamera) -> None:
    pipeline, recorder = live_pipeline
    wait_for(lambda: any(d.mood is Mood.HAPPY for d in recorder.decisions()))
    camera.unplug()
    wait_for(lambda: bool(recorder.of(CameraLost)))
    camera.plug_in()
    wait_for(lambda: bool(recorder.of(CameraRestored)))
    restored_at = recorder.events.index(recorder.of(CameraRestored)[0])
    wait_for(lambda: any(isinstance(e, FrameAnalysed) for e in recorder.events[restored_at:]))
    lost_at = recorder.events.index(recorder.of(CameraLost)[0])
    assert lost_at < restored_at
    assert recorder.of(CameraLost)[0] == CameraLost("camera 0", "it stopped sending frames")
    assert not recorder.of(PipelineError)
    assert pipeline.voter.mood is Mood.HAPPY  # the mood survived the outage


def test_stop_from_another_thread_ends_the_run_and_releases_the_camera(
        camera: FakeCamera) -> None:
    recorder = Recorder()
    pipeline = PerceptionPipeline("0", FixedAnalyzer(None), recorder,
                                  capture_factory=camera.factory, watchdog=QUICK)
    thread = run_in_thread(pipeline)
    wait_for(lambda: len(recorder.of(FrameAnalysed)) >= 3)
    pipeline.stop()
    thread.join(5)
    assert not thread.is_alive()
    assert recorder.statuses()[-1] == "stopped" and pipeline.stats.ended_by == "stopped"
    assert camera.open_now == 0
    assert pipeline.stats.frames >= pipeline.stats.analysed >= 3


def test_pausing_releases_the_camera_and_resuming_analyses_again(
        live_pipeline: tuple[PerceptionPipeline, Recorder], camera: FakeCamera) -> None:
    pipeline, recorder = live_pipeline
    wait_for(lambda: len(recorder.of(FrameAnalysed)) >= 3)
    pipeline.pause()
    wait_for(lambda: recorder.statuses()[-1] == "paused" and camera.open_now == 0)
    analysed = len(recorder.of(FrameAnalysed))
    assert pipeline.paused
    pipeline.resume()
    wait_for(lambda: len(recorder.of(FrameAnalysed)) > analysed + 3)
    assert recorder.statuses()[-2:] == ["paused", "running"]
    assert camera.open_now == 1 and not recorder.of(CameraLost)


def test_a_camera_that_cannot_be_opened_is_a_fatal_error_naming_it(camera: FakeCamera) -> None:
    camera.opens_refused = True
    recorder = Recorder()
    stats = PerceptionPipeline("2", FixedAnalyzer(None), recorder,
                               capture_factory=camera.factory, watchdog=QUICK).run()
    errors = recorder.of(PipelineError)
    assert len(errors) == 1 and errors[0].fatal
    assert errors[0].message.startswith("camera 2 could not be opened.")
    assert stats.ended_by == "error" and recorder.statuses()[-1] == "stopped"


def test_a_model_that_does_not_load_is_a_fatal_error(camera: FakeCamera) -> None:
    def broken_model() -> FixedAnalyzer:
        raise RuntimeError("model file is corrupt")

    recorder = Recorder()
    PerceptionPipeline("0", broken_model, recorder, capture_factory=camera.factory,
                       watchdog=QUICK).run()
    assert recorder.statuses() == ["opening", "loading model", "stopped"]
    [error] = recorder.of(PipelineError)
    assert error.fatal and "model file is corrupt" in error.message
    assert camera.open_now == 0


def test_frames_the_analyser_fails_on_are_reported_and_many_in_a_row_end_the_run(
        tmp_path: Path) -> None:
    class Flaky:
        calls = 0

        def analyze(self, frame: np.ndarray) -> list[EmotionReading]:
            self.calls += 1
            if self.calls == 2 or self.calls > 5:
                raise ValueError("bad frame")
            return []

    video = write_test_video(tmp_path / "v.avi", [(None, 3.0)], size=(64, 48), fps=20)
    recorder = Recorder()
    stats = PerceptionPipeline(str(video), Flaky(), recorder).run()
    errors = recorder.of(PipelineError)
    assert not errors[0].fatal and "bad frame" in errors[0].message
    assert errors[-1].fatal and len(errors) == 1 + 25
    assert stats.ended_by == "error" and stats.analysed == 4


def test_a_consumer_that_raises_does_not_stop_the_pipeline(tmp_path: Path) -> None:
    video = write_test_video(tmp_path / "v.avi", [(None, 0.5)], size=(64, 48), fps=20)
    seen = []

    def grumpy(event: PipelineEvent) -> None:
        seen.append(event)
        raise RuntimeError("consumer bug")

    stats = PerceptionPipeline(str(video), FixedAnalyzer(None), grumpy).run()
    assert stats.analysed == 10 and isinstance(seen[-1], PipelineStatus)


def test_a_time_limit_ends_the_run_after_that_much_source_time(tmp_path: Path) -> None:
    video = write_test_video(tmp_path / "v.avi", [(None, 2.0)], size=(64, 48), fps=10)
    stats = PerceptionPipeline(str(video), FixedAnalyzer(None), Recorder(),
                               max_source_seconds=1.0).run()
    assert stats.analysed == 10 and stats.ended_by == "time limit"


def test_a_calibration_capture_in_the_pipeline_corrects_the_readings_after_it(
        tmp_path: Path) -> None:
    # This listener's resting face reads mostly sad to the model.
    resting = np.array([0.05, 0.02, 0.05, 0.03, 0.55, 0.02, 0.28])
    video = write_test_video(tmp_path / "v.avi", [(None, 4.0)], size=(64, 48), fps=10)
    recorder = Recorder()
    pipeline = PerceptionPipeline(str(video), FixedAnalyzer(resting), recorder)
    pipeline.calibrate(2.0)
    pipeline.run()
    progress = recorder.of(CalibrationProgress)
    assert progress[0].fraction == 0.0 and progress[-1].fraction == 1.0
    [finished] = recorder.of(CalibrationFinished)
    assert finished.baseline is not None and finished.baseline.resting_mood is Mood.SAD
    assert "resting face read as sad" in finished.message
    done_at = recorder.events.index(finished)
    before = [e for e in recorder.events[:done_at] if isinstance(e, FrameAnalysed)]
    after = [e for e in recorder.events[done_at:] if isinstance(e, FrameAnalysed)]
    assert before[-1].readings[0].dominant is Mood.SAD
    assert after and all(e.readings[0].dominant is Mood.NEUTRAL for e in after)
    assert pipeline.baseline is finished.baseline


def test_a_cancelled_calibration_capture_ends_without_a_result_and_keeps_the_baseline(
        tmp_path: Path) -> None:
    resting = np.array([0.05, 0.02, 0.05, 0.03, 0.55, 0.02, 0.28])
    video = write_test_video(tmp_path / "v.avi", [(None, 4.0)], size=(64, 48), fps=10)
    recorder = Recorder()
    pipeline: PerceptionPipeline

    def cancel_midway(event: PipelineEvent) -> None:
        recorder(event)
        if len(recorder.of(CalibrationProgress)) == 5:
            pipeline.cancel_calibration()

    pipeline = PerceptionPipeline(str(video), FixedAnalyzer(resting), cancel_midway)
    pipeline.calibrate(2.0)
    pipeline.run()
    assert len(recorder.of(CalibrationProgress)) == 5
    assert recorder.of(CalibrationFinished) == []
    assert pipeline.baseline is None
    assert recorder.of(FrameAnalysed)[-1].readings[0].dominant is Mood.SAD


def test_create_pipeline_uses_the_settings_and_the_saved_calibration(tmp_path: Path) -> None:
    paths = app_paths()
    baseline = NeutralBaseline((0.1, 0.0, 0.1, 0.0, 0.5, 0.0, 0.3), "bundled")
    save_baseline(baseline, paths.calibration_file)
    settings = Settings()
    settings.voting.window_seconds = 5.0
    pipeline = create_pipeline("clip.mp4", settings, paths, Recorder())
    assert pipeline.baseline == baseline and pipeline.voter.settings.window_seconds == 5.0
    settings.calibration.enabled = False
    assert create_pipeline("clip.mp4", settings, paths, Recorder()).baseline is None


def test_a_broken_calibration_file_is_reported_and_ignored(tmp_path: Path) -> None:
    paths = app_paths()
    paths.calibration_file.parent.mkdir(parents=True, exist_ok=True)
    paths.calibration_file.write_text("{not json")
    recorder = Recorder()
    pipeline = create_pipeline(str(tmp_path / "missing.avi"), Settings(), paths, recorder)
    assert pipeline.baseline is None
    pipeline.run()
    errors = recorder.of(PipelineError)
    assert not errors[0].fatal and "calibrate again" in errors[0].message
    assert errors[1].fatal and "does not exist" in errors[1].message
