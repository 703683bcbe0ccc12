"""Measure how well emotions are recognised on a folder-per-class dataset.

A dataset is a folder with one sub-folder per class, named after a mood (``happy``,
``anger``, ``sadness``... anything :meth:`Mood.parse` accepts), each holding images.
:func:`find_dataset` lists the labelled images; :class:`EvaluationTally` counts the outcomes
(a prediction, no face found, or an unreadable image) and gives accuracy, per-class recall and
precision and the confusion matrix. Images where no face was found count as wrong; unreadable
images are skipped and listed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from moodplayer.moods import MOOD_ORDER, Mood

if TYPE_CHECKING:
    from moodplayer.perception.classifiers import EmotionClassifier
    from moodplayer.perception.face_analyzer import FaceAnalyzer

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff", ".pgm", ".ppm", ".pnm"}
)


class DatasetError(ValueError):
    """The folder is not a folder-per-class dataset; the message says why."""


@dataclass(frozen=True)
class LabelledImage:
    """One image file and the mood it is labelled with."""

    path: Path
    mood: Mood


@dataclass(frozen=True)
class Dataset:
    """The labelled images of a dataset, and the sub-folders that named no mood."""

    root: Path
    images: list[LabelledImage]
    ignored_folders: list[str] = field(default_factory=list)


def find_dataset(root: Path) -> Dataset:
    """List the images of a folder-per-class dataset, sorted by class then by name.

    Raises :class:`DatasetError` when ``root`` is not a folder or has no class folder.
    """
    if not root.is_dir():
        raise DatasetError(f"{root} is not a folder")
    images: list[LabelledImage] = []
    ignored: list[str] = []
    class_folders = 0
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            mood = Mood.parse(folder.name)
        except ValueError:
            ignored.append(folder.name)
            continue
        class_folders += 1
        for path in sorted(folder.rglob("*")):
            if (path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES
                    and not path.name.startswith(".")):
                images.append(LabelledImage(path, mood))
    if not class_folders:
        names = ", ".join(m.value for m in MOOD_ORDER)
        raise DatasetError(f"{root} has no class folders named after a mood ({names})")
    return Dataset(root, images, ignored)


def read_image(path: Path) -> npt.NDArray[np.uint8] | None:
    """Read an image as BGR, or ``None`` when it cannot be read or decoded."""
    import cv2

    try:
        data = np.fromfile(path, dtype=np.uint8)
    except OSError:
        return None
    if data.size == 0:
        return None
    image = cv2.imdecode(data, cv2.IMREAD_COLOR)
    if image is None or image.size == 0:
        return None
    return np.asarray(image, dtype=np.uint8)


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Consecutive lists of at most ``size`` items."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class EvaluationTally:
    """Counts of outcomes; :meth:`summary` turns them into the report."""

    confusion: npt.NDArray[np.int64] = field(
        default_factory=lambda: np.zeros((len(MOOD_ORDER), len(MOOD_ORDER)), np.int64)
    )
    no_face_by_class: npt.NDArray[np.int64] = field(
        default_factory=lambda: np.zeros(len(MOOD_ORDER), np.int64)
    )
    unreadable: list[Path] = field(default_factory=list)

    def add_prediction(self, true: Mood, predicted: Mood) -> None:
        self.confusion[true.index, predicted.index] += 1

    def add_no_face(self, true: Mood) -> None:
        self.no_face_by_class[true.index] += 1

    def add_unreadable(self, path: Path) -> None:
        self.unreadable.append(path)

    @property
    def n(self) -> int:
        """Images evaluated: predictions plus images without a face (unreadable excluded)."""
        return int(self.confusion.sum() + self.no_face_by_class.sum())

    @property
    def no_face(self) -> int:
        return int(self.no_face_by_class.sum())

    @property
    def correct(self) -> int:
        return int(np.trace(self.confusion))

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 0.0

    def summary(self) -> dict[str, Any]:
        """The report as JSON-ready data: n, accuracy, no_face, per_class, confusion.

        Recall is ``None`` for a class with no images, precision ``None`` for a class never
        predicted.
        """
        per_class: dict[str, dict[str, Any]] = {}
        confusion: dict[str, dict[str, int]] = {}
        predicted_totals = self.confusion.sum(axis=0)
        for mood in MOOD_ORDER:
            i = mood.index
            hits = int(self.confusion[i, i])
            n_true = int(self.confusion[i].sum() + self.no_face_by_class[i])
            n_predicted = int(predicted_totals[i])
            per_class[mood.value] = {
                "n": n_true,
                "recall": hits / n_true if n_true else None,
                "precision": hits / n_predicted if n_predicted else None,
            }
            confusion[mood.value] = {
                other.value: int(self.confusion[i, other.index]) for other in MOOD_ORDER
            }
        return {
            "n": self.n,
            "accuracy": self.accuracy,
            "no_face": self.no_face,
            "per_class": per_class,
            "confusion": confusion,
        }


def format_report(summary: dict[str, Any], skipped: int = 0) -> str:
    """The summary as text: accuracy, a per-class table and the confusion matrix."""
    names = [m.value for m in MOOD_ORDER]
    lines = [
        f"images: {summary['n']}   accuracy: {summary['accuracy']:.2%}   "
        f"no face found: {summary['no_face']}   unreadable (skipped): {skipped}",
        "",
        f"{'class':10} {'n':>6} {'recall':>8} {'precision':>10}",
    ]

    def percent(value: float | None) -> str:
        return "-" if value is None else f"{value:.1%}"

    for name in names:
        row = summary["per_class"][name]
        lines.append(
            f"{name:10} {row['n']:>6} {percent(row['recall']):>8} "
            f"{percent(row['precision']):>10}"
        )
    lines += ["", "confusion (rows: true, columns: predicted)",
              f"{'':10}" + "".join(f"{n[:8]:>9}" for n in names)]
    for name in names:
        counts = summary["confusion"][name]
        lines.append(f"{name:10}" + "".join(f"{counts[other]:>9}" for other in names))
    return "\n".join(lines)


Predictor = Callable[[list[npt.NDArray[np.uint8]]], list[Mood | None]]
"""Reads a batch of images and says the mood of each, ``None`` where no face was found."""


def classifier_predictor(classifier: EmotionClassifier) -> Predictor:
    """Predict with the classifier alone, on whole images that are already face crops."""

    def predict(images: list[npt.NDArray[np.uint8]]) -> list[Mood | None]:
        probabilities = classifier.classify(images)
        return [MOOD_ORDER[int(i)] for i in np.argmax(probabilities, axis=1)]

    return predict


def analyzer_predictor(analyzer: FaceAnalyzer) -> Predictor:
    """Predict through the face analyser: the primary face's mood, ``None`` without a face."""

    def predict(images: list[npt.NDArray[np.uint8]]) -> list[Mood | None]:
        moods: list[Mood | None] = []
        for image in images:
            analyzer.reset()  # every image stands alone: no face box carried over
            readings = analyzer.analyze(image)
            moods.append(next((r.dominant for r in readings if r.primary), None))
        return moods

    return predict


def evaluate(
    dataset: Dataset,
    predict: Predictor,
    *,
    batch_size: int = 64,
    on_progress: Callable[[int], None] | None = None,
) -> EvaluationTally:
    """Run ``predict`` over every image of ``dataset`` and count the outcomes."""
    tally = EvaluationTally()
    done = 0
    for batch in batched(dataset.images, batch_size):
        readable: list[tuple[LabelledImage, npt.NDArray[np.uint8]]] = []
        for item in batch:
            image = read_image(item.path)
            if image is None:
                log.info("skipped unreadable image %s", item.path)
                tally.add_unreadable(item.path)
            else:
                readable.append((item, image))
        if readable:
            predictions = predict([image for _, image in readable])
            for (item, _), predicted in zip(readable, predictions, strict=True):
                if predicted is None:
                    tally.add_no_face(item.mood)
                else:
                    tally.add_prediction(item.mood, predicted)
        done += len(batch)
        if on_progress is not None:
            on_progress(done)
    return tally
