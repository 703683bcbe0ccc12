"""Does the neutral-face calibration help? Accuracy on a labelled face set before and after.

    .venv/bin/python benchmarks/calibration_effect.py [DATASET] [--classifier auto|bundled|...]

DATASET is a folder-per-class set of photos (default ``../shared/data/faces-dev``, read in
place, never copied; the script says so and stops when it is absent). Every image goes through
the real :class:`FaceAnalyzer` once. The neutral images are split in two by name: one half
(every other image) is the calibration capture, the other half is measured with every other
class. Printed: accuracy (no face found counts as wrong) without calibration (the baseline of
this run) and with it, per-class recall, then the same with the halves swapped and a small
sweep of the correction's strength and neutral target, the default marked.

faces-dev has one photo per person, so its "resting face" is a population's, not one
listener's: this measures whether the correction removes the model's bias toward some moods
on such photos, the nearest thing to a listener's baseline the data allows.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from moodplayer.moods import MOOD_ORDER, Mood
from moodplayer.paths import app_paths, prepare_deepface_environment
from moodplayer.perception.calibration import (
    NEUTRAL_TARGET_SHARE,
    STRENGTH,
    NeutralBaseline,
    baseline_from_probabilities,
)
from moodplayer.settings import RecognitionSettings

DEFAULT_DATASET = Path(__file__).resolve().parents[2] / "shared" / "data" / "faces-dev"


def read_all(dataset: Path, classifier: str) -> tuple[list[Path], list[Mood], np.ndarray, str]:
    """Analyse every image once: (paths, labels, probabilities (n, 7) with NaN rows for no
    face, classifier name)."""
    from moodplayer.perception.evaluation import find_dataset, read_image
    from moodplayer.perception.face_analyzer import create_face_analyzer

    analyzer = create_face_analyzer(RecognitionSettings(classifier=classifier), app_paths())
    images = find_dataset(dataset).images
    paths, labels, rows = [], [], []
    start = time.perf_counter()
    for number, item in enumerate(images, 1):
        image = read_image(item.path)
        if image is None:
            print(f"unreadable, skipped: {item.path}", file=sys.stderr)
            continue
        analyzer.reset()  # independent photos: no face box carried over
        readings = analyzer.analyze(image)
        primary = next((r for r in readings if r.primary), readings[0] if readings else None)
        rows.append(np.full(7, np.nan) if primary is None else primary.probabilities)
        paths.append(item.path)
        labels.append(item.mood)
        if number % 50 == 0:
            print(f"\ranalysed {number}/{len(images)}", end="", file=sys.stderr, flush=True)
    print(f"\ranalysed {len(images)} images in {time.perf_counter() - start:.0f} s",
          file=sys.stderr)
    return paths, labels, np.asarray(rows, dtype=np.float64), analyzer.classifier.name


def accuracy(labels: list[Mood], probabilities: np.ndarray,
             baseline: NeutralBaseline | None) -> tuple[float, float, dict[Mood, float]]:
    """Accuracy (no face = wrong), accuracy on the faces found, and recall per class."""
    found = ~np.isnan(probabilities).any(axis=1)
    values = np.nan_to_num(probabilities)
    if baseline is not None:
        values = baseline.correct(values)
    predicted = values.argmax(axis=1)
    truth = np.array([m.index for m in labels])
    correct = (predicted == truth) & found
    recall = {mood: float(correct[truth == mood.index].mean())
              for mood in MOOD_ORDER if (truth == mood.index).any()}
    return float(correct.mean()), float(correct[found].mean()), recall


def split(paths: list[Path], labels: list[Mood], probabilities: np.ndarray, half: int
          ) -> tuple[np.ndarray, list[Mood], np.ndarray]:
    """(calibration probabilities, measured labels, measured probabilities) for one half."""
    neutral = [i for i, m in enumerate(labels) if m is Mood.NEUTRAL]
    neutral.sort(key=lambda i: paths[i].name)
    calibration = set(neutral[half::2])
    measured = [i for i in range(len(labels)) if i not in calibration]
    rows = probabilities[sorted(calibration)]
    rows = rows[~np.isnan(rows).any(axis=1)]
    return rows, [labels[i] for i in measured], probabilities[measured]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--classifier", default="auto")
    args = parser.parse_args()
    if not args.dataset.is_dir():
        print(f"{args.dataset} is absent: nothing to measure (this benchmark needs a "
              "folder-per-class photo set)")
        return 0
    prepare_deepface_environment()
    paths, labels, probabilities, classifier = read_all(args.dataset, args.classifier)
    no_face = int(np.isnan(probabilities).any(axis=1).sum())
    print(f"dataset {args.dataset}: {len(labels)} images, no face found in {no_face}; "
          f"classifier {classifier}")

    for half in (0, 1):
        rows, measured_labels, measured = split(paths, labels, probabilities, half)
        baseline = baseline_from_probabilities(rows, classifier)
        before, found_before, recall_before = accuracy(measured_labels, measured, None)
        after, found_after, recall_after = accuracy(measured_labels, measured, baseline)
        print(f"\nsplit {half}: calibrated on {len(rows)} neutral faces, measured on "
              f"{len(measured_labels)} images; resting face read as "
              + ", ".join(f"{m.value} {p:.2f}" for m, p in
                          zip(MOOD_ORDER, baseline.probabilities, strict=True)))
        print(f"  accuracy without calibration {before:.1%}, with {after:.1%} "
              f"({after - before:+.1%}, ratio {after / before:.3f}); on the faces found "
              f"{found_before:.1%} -> {found_after:.1%}")
        print("  recall  " + "  ".join(
            f"{m.value} {recall_before[m]:.0%}->{recall_after[m]:.0%}" for m in recall_before))
        print("  sweep (strength, neutral target): " + "  ".join(
            f"({strength:g}, {share:g}){'*' if (strength, share) == (STRENGTH, NEUTRAL_TARGET_SHARE) else ''} "  # noqa: E501
            f"{accuracy(measured_labels, measured, baseline_from_probabilities(rows, classifier, 0.0, strength, share))[0]:.1%}"  # noqa: E501
            for strength in (0.5, 1.0) for share in (0.5, 0.7, 0.9)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
