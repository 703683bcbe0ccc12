from pathlib import Path

import cv2
import numpy as np
import pytest

from moodplayer.moods import Mood
from moodplayer.perception.classifiers import BundledClassifier
from moodplayer.perception.evaluation import (
    DatasetError,
    EvaluationTally,
    classifier_predictor,
    evaluate,
    find_dataset,
    format_report,
    read_image,
)
from moodplayer.perception.synthetic_video import load_test_face


def write_image(path: Path, image: np.ndarray | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(path), np.zeros((8, 8, 3), np.uint8) if image is None else image)
    return path


def test_class_folders_are_mood_names_in_any_accepted_spelling(tmp_path: Path) -> None:
    for name in ("anger/a.png", "Happiness/b.jpg", "sadness/c.png", "neutral/deeper/d.png",
                 "surprise/e.JPEG"):
        write_image(tmp_path / name)
    (tmp_path / "Happiness" / "notes.txt").write_text("x")
    write_image(tmp_path / "sadness" / ".hidden.png")
    write_image(tmp_path / "unsorted" / "f.png")
    dataset = find_dataset(tmp_path)
    assert [(p.path.name, p.mood) for p in dataset.images] == [
        ("b.jpg", Mood.HAPPY), ("a.png", Mood.ANGRY), ("d.png", Mood.NEUTRAL),
        ("c.png", Mood.SAD), ("e.JPEG", Mood.SURPRISE)]
    assert dataset.ignored_folders == ["unsorted"]


def test_a_folder_without_mood_folders_is_not_a_dataset(tmp_path: Path) -> None:
    write_image(tmp_path / "cats" / "a.png")
    with pytest.raises(DatasetError, match="no class folders"):
        find_dataset(tmp_path)
    with pytest.raises(DatasetError, match="not a folder"):
        find_dataset(tmp_path / "absent")


def test_unreadable_files_read_as_none(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8 not really a jpeg")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    assert read_image(broken) is None
    assert read_image(empty) is None
    assert read_image(tmp_path / "absent.png") is None
    assert read_image(write_image(tmp_path / "ok.png")).shape == (8, 8, 3)


def test_the_tally_counts_no_face_as_wrong_and_gives_recall_and_precision() -> None:
    tally = EvaluationTally()
    for true, predicted in [(Mood.HAPPY, Mood.HAPPY), (Mood.HAPPY, Mood.HAPPY),
                            (Mood.HAPPY, Mood.SAD), (Mood.SAD, Mood.SAD),
                            (Mood.ANGRY, Mood.SAD)]:
        tally.add_prediction(true, predicted)
    tally.add_no_face(Mood.HAPPY)
    summary = tally.summary()
    assert summary["n"] == 6
    assert summary["no_face"] == 1
    assert summary["accuracy"] == pytest.approx(3 / 6)
    assert summary["per_class"]["happy"] == {"n": 4, "recall": 0.5, "precision": 1.0}
    assert summary["per_class"]["sad"] == {"n": 1, "recall": 1.0, "precision": pytest.approx(1 / 3)}
    assert summary["per_class"]["angry"] == {"n": 1, "recall": 0.0, "precision": None}
    assert summary["per_class"]["fear"] == {"n": 0, "recall": None, "precision": None}
    assert summary["confusion"]["happy"]["sad"] == 1
    assert summary["confusion"]["angry"] == {"angry": 0, "disgust": 0, "fear": 0, "happy": 0,
                                             "sad": 1, "surprise": 0, "neutral": 0}
    report = format_report(summary, skipped=2)
    assert "accuracy: 50.00%" in report and "unreadable (skipped): 2" in report
    assert "confusion (rows: true, columns: predicted)" in report


def test_evaluate_skips_and_lists_unreadable_images(tmp_path: Path) -> None:
    face = load_test_face()
    write_image(tmp_path / "happy" / "face.png", face)
    write_image(tmp_path / "happy" / "mirror.png", face[:, ::-1])
    (tmp_path / "happy" / "corrupt.jpg").write_bytes(b"garbage")
    write_image(tmp_path / "sad" / "face.png", face)
    progress: list[int] = []
    tally = evaluate(find_dataset(tmp_path), classifier_predictor(BundledClassifier()),
                     batch_size=2, on_progress=progress.append)
    assert [p.name for p in tally.unreadable] == ["corrupt.jpg"]
    assert progress == [2, 4]
    summary = tally.summary()
    assert summary["n"] == 3
    assert summary["confusion"]["happy"]["happy"] == 2
    assert summary["confusion"]["sad"]["happy"] == 1
    assert summary["accuracy"] == pytest.approx(2 / 3)
