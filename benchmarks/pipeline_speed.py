"""The whole perception pipeline on generated 640x480 videos at 30 fps: speed, latency, memory.

    .venv/bin/python benchmarks/pipeline_speed.py [--runs 2] [--steady-seconds 60]

Videos (written to a temporary folder, deleted afterwards):

* *steady*: the shipped smiling face for ``--steady-seconds``;
* *change*: the smiling face for 10 s, then another face for 10 s: a neutral-looking and an
  angry-looking face from scikit-image's ``lfw_subset`` (public LFW crops, 25x25, upscaled), the
  nearest thing to "the expression changes" that needs no shipped or downloaded photo.

Printed for each run, each measured in the same run:

* baselines: decoding alone (frames per second the file source delivers), the analyser alone
  on decoded frames held in memory, and the pipeline with an analyser that costs nothing (its
  own overhead: decoding, voting, events);
* the pipeline on the steady video: analysed frames per second (every frame of the file,
  analysed in order) and the ratio to the analyser alone (the pipeline's own overhead),
  switches per minute;
* decision latency after the change, in source time: from the first frame of the new face to
  the decision that switches to it, against the limit window + dwell + 0.5 s;
* a live replay: the steady video played as a 30 fps camera (a capture that paces itself in
  real time) through the newest-frame grabber, frames analysed and dropped;
* peak memory (resident set size) after loading the model and at the end.

The machine's 2 cores are shared with other work; figures vary from run to run.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from moodplayer.moods import Mood
from moodplayer.paths import app_paths, prepare_deepface_environment
from moodplayer.perception.events import DecisionMade, PipelineEvent
from moodplayer.perception.frame_source import Capture, open_frame_source
from moodplayer.perception.pipeline import PerceptionPipeline
from moodplayer.perception.synthetic_video import load_test_face, write_test_video
from moodplayer.perception.voter import MoodVoter
from moodplayer.settings import RecognitionSettings, VotingSettings

SIZE = (640, 480)
FPS = 30.0
CHANGE_AT = 10.0
OTHER_FACES = {"neutral": 72, "angry": 97}
"""Indices in ``skimage.data.lfw_subset()`` of faces the bundled model reads as that mood."""


def peak_rss_mb() -> float:
    """The process's peak resident set size so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def lfw_face(index: int) -> np.ndarray:
    from skimage.data import lfw_subset

    return np.asarray(lfw_subset()[index] * 255, dtype=np.uint8)


def decode_fps(video: Path) -> float:
    with open_frame_source(video) as source:
        start = time.perf_counter()
        count = 0
        while source.read() is not None:
            count += 1
    return count / (time.perf_counter() - start)


def analyser_fps(analyzer: Any, video: Path, frames: int = 100) -> float:
    images = []
    with open_frame_source(video) as source:
        while len(images) < frames and (frame := source.read()) is not None:
            images.append(frame.image)
    start = time.perf_counter()
    for image in images:
        analyzer.analyze(image)
    return len(images) / (time.perf_counter() - start)


class ConstantAnalyzer:
    """Says "one happy face" about every frame at no cost: the pipeline's own overhead."""

    def __init__(self) -> None:
        from moodplayer.perception.readings import EmotionReading, FaceBox

        probabilities = np.full(7, 0.01, dtype=np.float32)
        probabilities[Mood.HAPPY.index] = 0.94
        self.readings = [EmotionReading(FaceBox(0, 0, 100, 100), 1.0, probabilities, "none",
                                        True)]

    def analyze(self, frame: np.ndarray) -> list[Any]:
        return self.readings


def run_pipeline(video: Path | str, analyzer: Any, **options: Any
                 ) -> tuple[list[Any], PerceptionPipeline]:
    decisions: list[Any] = []

    def keep(event: PipelineEvent) -> None:
        if isinstance(event, DecisionMade):
            decisions.append(event.decision)

    pipeline = PerceptionPipeline(video, analyzer, keep, voter=MoodVoter(), frames=False,
                                  **options)
    pipeline.run()
    return decisions, pipeline


def latency(decisions: list[Any], mood: Mood) -> float | None:
    switch = next((d for d in decisions if d.changed and d.mood is mood
                   and d.timestamp >= CHANGE_AT), None)
    return None if switch is None else switch.timestamp - CHANGE_AT


class PacedCapture:
    """A video file played back like a camera: :meth:`read` keeps to the file's frame rate.

    A real camera's sensor noise makes every frame differ; a generated video repeats the same
    picture, which the watchdog would take for a frozen camera. So each frame gets its number
    in its top-left pixel.
    """

    def __init__(self, path: str) -> None:
        import cv2

        self._capture = cv2.VideoCapture(path)
        self._interval = 1.0 / FPS
        self._next = time.perf_counter()
        self._count = 0

    def isOpened(self) -> bool:  # OpenCV's spelling
        return bool(self._capture.isOpened())

    def read(self) -> tuple[bool, Any]:
        delay = self._next - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        self._next = max(self._next + self._interval, time.perf_counter() - self._interval)
        ok, image = self._capture.read()
        if ok:
            self._count += 1
            image[0, 0] = (self._count % 256, self._count // 256 % 256, 0)
        return ok, image

    def grab(self) -> bool:
        return bool(self._capture.grab())

    def set(self, prop: int, value: float) -> bool:
        return True

    def get(self, prop: int) -> float:
        return float(self._capture.get(prop))

    def release(self) -> None:
        self._capture.release()


def live_replay(video: Path, analyzer: Any, seconds: float) -> tuple[int, int, float]:
    """(frames delivered, frames analysed, analysed per second) for a paced replay."""

    def factory(_target: int | str) -> Capture:
        return PacedCapture(str(video))

    _, pipeline = run_pipeline("0", analyzer, capture_factory=factory,
                               max_source_seconds=seconds)
    stats = pipeline.stats
    return stats.frames, stats.analysed, stats.fps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--steady-seconds", type=float, default=60.0)
    parser.add_argument("--live-seconds", type=float, default=10.0)
    args = parser.parse_args()
    prepare_deepface_environment()
    from moodplayer.perception.face_analyzer import create_face_analyzer

    voting = VotingSettings()
    limit = voting.window_seconds + voting.dwell_seconds + 0.5
    rss_start = peak_rss_mb()
    with tempfile.TemporaryDirectory() as folder:
        face = load_test_face()
        steady = write_test_video(Path(folder) / "steady.avi", [(face, args.steady_seconds)],
                                  SIZE, FPS)
        changes = {
            mood: write_test_video(Path(folder) / f"to-{mood}.avi",
                                   [(face, CHANGE_AT), (lfw_face(index), 10.0)], SIZE, FPS)
            for mood, index in OTHER_FACES.items()
        }
        analyzer = create_face_analyzer(RecognitionSettings(), app_paths())
        analyzer.analyze(load_test_face())  # warm up
        rss_model = peak_rss_mb()
        print(f"videos: {SIZE[0]}x{SIZE[1]} at {FPS:g} fps; steady {args.steady_seconds:g} s; "
              f"changes at {CHANGE_AT:g} s; classifier {analyzer.classifier.name}; "
              "2 shared cores, figures vary with the other work on the machine")
        print(f"peak memory: {rss_start:.0f} MB before the model, {rss_model:.0f} MB with it")
        pipeline_fps = []
        rss_pipeline = 0.0
        for run in range(1, args.runs + 1):
            decisions, pipeline = run_pipeline(steady, analyzer)
            rss_pipeline = rss_pipeline or peak_rss_mb()  # before the baselines hold frames
            decoded = decode_fps(steady)
            alone = analyser_fps(analyzer, steady)
            _, bare = run_pipeline(steady, ConstantAnalyzer())
            stats = pipeline.stats
            minutes = stats.source_seconds / 60
            switches = sum(1 for d in decisions if d.changed) - 1
            pipeline_fps.append(stats.fps)
            print(f"\nrun {run}: decoding alone {decoded:.0f} fps; analyser alone {alone:.1f} "
                  f"fps; pipeline {stats.fps:.1f} fps ({stats.analysed}/{stats.frames} frames, "
                  f"analyser {stats.mean_analysis_ms:.1f} ms/frame), "
                  f"{stats.fps / alone:.2f}x the analyser alone")
            print(f"  pipeline with a no-cost analyser: {bare.stats.fps:.0f} fps "
                  f"({1000 / bare.stats.fps:.2f} ms/frame of decoding, voting and events)")
            print(f"  steady video: {switches} switch(es) in {minutes:.1f} min "
                  f"= {switches / minutes:.1f} per minute; mood "
                  f"{decisions[-1].mood.value if decisions[-1].mood else None}")
            for mood, video in changes.items():
                decisions, _ = run_pipeline(video, analyzer)
                delay = latency(decisions, Mood(mood))
                shown = "no switch" if delay is None else f"{delay:.2f} s"
                ok = delay is not None and delay <= limit
                print(f"  happy -> {mood}: switched after {shown} of source time "
                      f"(limit {limit:g} s: {'ok' if ok else 'MISSED'})")
            delivered, analysed, live_fps = live_replay(steady, analyzer, args.live_seconds)
            print(f"  live replay at {FPS:g} fps for {args.live_seconds:g} s: {analysed} of "
                  f"{delivered} frames analysed ({live_fps:.1f} fps), "
                  f"{delivered - analysed} stale frames dropped")
        print(f"\npipeline fps over {args.runs} run(s): median "
              f"{statistics.median(pipeline_fps):.1f} (min {min(pipeline_fps):.1f}, "
              f"max {max(pipeline_fps):.1f}); target >= 25")
        print(f"peak memory after the first pipeline run: {rss_pipeline:.0f} MB "
              f"(+{rss_pipeline - rss_model:.0f} MB over the loaded model); at the end, with "
              f"the baselines' 100 frames held in memory: {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
