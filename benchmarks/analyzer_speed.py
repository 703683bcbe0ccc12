"""FaceAnalyzer speed on a generated 640x480 video with one face, against DeepFace's plain path.

    .venv/bin/python benchmarks/analyzer_speed.py [--frames 300] [--repeats 3]

The video (MJPG, written to a temporary folder and deleted afterwards) shows the shipped smiling
face, 288 pixels high, on a plain background, drifting sideways by up to 60 pixels (about
2 pixels a frame at 30 fps), so that reused face boxes are really a little stale.

Each variant runs in its own process (so that its peak memory is its own), reads the video
frame by frame and times only the analysis of each frame (decoding is the camera's job):

* ``extract_faces``: the baseline, DeepFace's plain path on every full frame,
  ``DeepFace.extract_faces(frame, detector_backend="opencv", enforce_detection=False)`` (with
  its default alignment), then the same classifier on the faces it returns;
* ``extract_faces-noalign``: the same with ``align=False``, to show what the alignment costs;
* ``analyzer-every-frame``: :class:`FaceAnalyzer` detecting on every frame (shrunk frame,
  full-resolution crop, no alignment), no box reuse;
* ``analyzer``: :class:`FaceAnalyzer` as the settings build it (default settings:
  detection at 320 pixels wide, boxes reused for 2 of every 3 frames).

All use the bundled model with flip augmentation (the default). Variants are interleaved,
``--repeats`` times, and the best and the median run are printed with the ratio of frames per
second to the baseline, the share of frames read as happy, and each process's peak resident
memory. The machine's 2 cores are shared with other work: figures vary from run to run.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

SIZE = (640, 480)
FPS = 30.0
FACE_HEIGHT = 288
VARIANTS = ("extract_faces", "extract_faces-noalign", "analyzer-every-frame", "analyzer")
BASELINE = "extract_faces"
WARM_UP_FRAMES = 5


def peak_rss_mb() -> float:
    """The process's peak resident set size so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_video(path: Path, frames: int) -> Path:
    """The drifting smiling face on the plain background, 640x480 MJPG."""
    import cv2

    from moodplayer.perception.synthetic_video import background, load_test_face

    face = load_test_face()
    side = FACE_HEIGHT
    face = cv2.resize(face, (side, side), interpolation=cv2.INTER_CUBIC)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), FPS, SIZE)
    scene = background(SIZE)
    top = (SIZE[1] - side) // 2
    for index in range(frames):
        left = (SIZE[0] - side) // 2 + round(60 * math.sin(2 * math.pi * index / 90))
        frame = scene.copy()
        frame[top:top + side, left:left + side] = face
        writer.write(frame)
    writer.release()
    return path


def build_variant(name: str) -> Any:
    """A function analysing one frame and returning the primary face's mood name or None."""
    from moodplayer.moods import MOOD_ORDER
    from moodplayer.paths import app_paths, prepare_deepface_environment
    from moodplayer.perception.classifiers import BundledClassifier
    from moodplayer.perception.face_analyzer import FaceAnalyzer, create_face_analyzer
    from moodplayer.settings import RecognitionSettings

    paths = app_paths()
    prepare_deepface_environment(paths)
    if name.startswith("extract_faces"):
        from deepface import DeepFace

        classifier = BundledClassifier(flip_augmentation=True)
        align = name == "extract_faces"

        def plain(frame: np.ndarray) -> str | None:
            faces = [f for f in DeepFace.extract_faces(frame, detector_backend="opencv",
                                                       enforce_detection=False, align=align)
                     if f["confidence"] > 0]
            if not faces:
                return None
            crops = [np.ascontiguousarray((f["face"][:, :, ::-1] * 255).astype(np.uint8))
                     for f in faces]
            rows = classifier.classify(crops)
            areas = [f["facial_area"]["w"] * f["facial_area"]["h"] for f in faces]
            return MOOD_ORDER[int(np.argmax(rows[int(np.argmax(areas))]))].value

        return plain
    if name == "analyzer-every-frame":
        analyzer = FaceAnalyzer(BundledClassifier(flip_augmentation=True), redetect_every=1,
                                paths=paths)
    else:
        analyzer = create_face_analyzer(RecognitionSettings(), paths)

    def analyse(frame: np.ndarray) -> str | None:
        primary = next((r for r in analyzer.analyze(frame) if r.primary), None)
        return None if primary is None else primary.dominant.value

    return analyse


def run_variant(name: str, video: Path) -> dict[str, Any]:
    """Time one variant over the video, in this process."""
    import cv2

    rss_start = peak_rss_mb()
    analyse = build_variant(name)
    capture = cv2.VideoCapture(str(video))
    timings: list[float] = []
    moods: list[str | None] = []
    index = 0
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        start = time.perf_counter()
        mood = analyse(frame)
        elapsed = time.perf_counter() - start
        if index >= WARM_UP_FRAMES:
            timings.append(elapsed)
            moods.append(mood)
        index += 1
    capture.release()
    total = sum(timings)
    return {
        "variant": name,
        "frames": len(timings),
        "fps": len(timings) / total,
        "ms_median": 1000 * statistics.median(timings),
        "ms_p95": 1000 * float(np.percentile(timings, 95)),
        "happy_share": sum(m == "happy" for m in moods) / len(moods),
        "no_face_share": sum(m is None for m in moods) / len(moods),
        "rss_before_mb": rss_start,
        "peak_rss_mb": peak_rss_mb(),
    }


def run_in_subprocess(name: str, video: Path) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, __file__, "--variant", name, "--video", str(video)],
        capture_output=True, text=True, check=True,
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=300, help="frames in the video")
    parser.add_argument("--repeats", type=int, default=3, help="runs of every variant")
    parser.add_argument("--variant", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--video", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:
        print(json.dumps(run_variant(args.variant, args.video)))
        return 0

    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in VARIANTS}
    with tempfile.TemporaryDirectory() as folder:
        video = write_video(Path(folder) / "one-face.avi", args.frames)
        print(f"video: {SIZE[0]}x{SIZE[1]}, {args.frames} frames, one face {FACE_HEIGHT} px "
              f"high drifting sideways; {args.repeats} interleaved runs per variant; "
              "2 CPU cores shared with other work, so figures vary")
        for repeat in range(1, args.repeats + 1):
            for name in VARIANTS:
                result = run_in_subprocess(name, video)
                runs[name].append(result)
                print(f"  run {repeat} {name:22} {result['fps']:6.1f} fps "
                      f"{result['ms_median']:6.1f} ms median", flush=True)

    baseline_best = max(r["fps"] for r in runs[BASELINE])
    baseline_median = statistics.median(r["fps"] for r in runs[BASELINE])
    print()
    print(f"{'variant':22} {'best fps':>9} {'median fps':>11} {'ms/frame':>9} {'p95 ms':>7} "
          f"{'x best':>7} {'x median':>9} {'happy':>6} {'peak MB':>8}")
    for name in VARIANTS:
        results = runs[name]
        best = max(results, key=lambda r: r["fps"])
        median_fps = statistics.median(r["fps"] for r in results)
        print(f"{name:22} {best['fps']:9.1f} {median_fps:11.1f} {best['ms_median']:9.1f} "
              f"{best['ms_p95']:7.1f} {best['fps'] / baseline_best:7.2f} "
              f"{median_fps / baseline_median:9.2f} {best['happy_share']:6.0%} "
              f"{max(r['peak_rss_mb'] for r in results):8.0f}")
    print("x best / x median: frames per second against the extract_faces baseline "
          "(best against best, median against median); ms/frame and p95 of the best run; "
          "peak MB: the largest peak resident memory of the variant's processes "
          "(Python, OpenCV, onnxruntime, DeepFace and the model included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
