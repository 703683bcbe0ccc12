import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from moodplayer.perception.synthetic_video import background, load_test_face
from tests.conftest import run_cli
from tests.perception.model_fixtures import (
    astronaut_photo,
    install_tiny_deepface_model,
    use_app_deepface_home,
)


def save(path: Path, image: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    assert cv2.imwrite(str(path), image)


@pytest.fixture
def faces_and_scenes(tmp_path: Path) -> Path:
    """happiness/: the smiling face, its mirror image and a corrupt file; neutral/: two
    scenes without a face."""
    root = tmp_path / "dataset"
    face = load_test_face()
    save(root / "happiness" / "astronaut.png", face)
    save(root / "happiness" / "astronaut-mirrored.jpg", np.ascontiguousarray(face[:, ::-1]))
    (root / "happiness" / "corrupt.jpg").write_bytes(b"\xff\xd8\xff\xe0 cut short")
    save(root / "neutral" / "empty-scene.png", background((320, 240)))
    save(root / "neutral" / "spacesuit.png", astronaut_photo()[260:, :])
    return root


@pytest.fixture
def face_crops(tmp_path: Path) -> Path:
    root = tmp_path / "crops"
    face = load_test_face()
    save(root / "happy" / "astronaut.png", face)
    save(root / "happy" / "astronaut-grey.png", cv2.cvtColor(face, cv2.COLOR_BGR2GRAY))
    (root / "happy" / "corrupt.png").write_bytes(b"\x89PNG not really")
    (root / "sad").mkdir()
    return root


def eval_json(*args: str) -> tuple[dict[str, object], str]:
    result = run_cli("eval", *args, "--json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1  # one object, nothing else on stdout
    return json.loads(lines[0]), result.stderr


def test_eval_through_the_analyser_counts_exactly_and_reports_the_corrupt_image(
    faces_and_scenes: Path,
) -> None:
    summary, stderr = eval_json(str(faces_and_scenes), "--classifier", "bundled")
    assert set(summary) == {"n", "accuracy", "no_face", "per_class", "confusion"}
    assert summary["n"] == 4
    assert summary["no_face"] == 2
    assert summary["accuracy"] == 0.5
    confusion = summary["confusion"]
    assert isinstance(confusion, dict)
    assert confusion["happy"] == {"angry": 0, "disgust": 0, "fear": 0, "happy": 2, "sad": 0,
                                  "surprise": 0, "neutral": 0}
    assert sum(confusion["neutral"].values()) == 0  # no face found: in no cell
    per_class = summary["per_class"]
    assert isinstance(per_class, dict)
    assert per_class["happy"] == {"n": 2, "recall": 1.0, "precision": 1.0}
    assert per_class["neutral"] == {"n": 2, "recall": 0.0, "precision": None}
    assert "Skipped 1 unreadable image(s)" in stderr
    assert "corrupt.jpg" in stderr
    assert "Evaluating [" in stderr  # the progress bar


def test_eval_without_detection_classifies_whole_crops_with_and_without_flipping(
    face_crops: Path,
) -> None:
    for tta in ("--tta", "--no-tta"):
        summary, stderr = eval_json(str(face_crops), "--no-detect", "--classifier", "bundled",
                                    tta)
        assert summary["n"] == 2
        assert summary["no_face"] == 0
        assert summary["accuracy"] == 1.0
        assert summary["per_class"]["happy"] == {"n": 2, "recall": 1.0, "precision": 1.0}
        assert summary["per_class"]["sad"] == {"n": 0, "recall": None, "precision": None}
        assert "corrupt.png" in stderr
        assert ("with flip" if tta == "--tta" else "without flip") in stderr


def test_eval_prints_a_readable_report(face_crops: Path) -> None:
    result = run_cli("eval", str(face_crops), "--no-detect")
    assert result.returncode == 0, result.stderr
    assert "accuracy: 100.00%" in result.stdout
    assert "confusion (rows: true, columns: predicted)" in result.stdout
    assert "unreadable (skipped): 1" in result.stdout


def test_eval_runs_deepfaces_model_when_it_is_downloaded(
    monkeypatch: pytest.MonkeyPatch, face_crops: Path
) -> None:
    install_tiny_deepface_model(monkeypatch)
    summary, stderr = eval_json(str(face_crops), "--no-detect", "--classifier", "deepface")
    assert summary["n"] == 2
    assert "Evaluating deepface" in stderr


def test_eval_says_what_to_do_when_deepfaces_model_is_missing(
    monkeypatch: pytest.MonkeyPatch, face_crops: Path
) -> None:
    use_app_deepface_home(monkeypatch)
    result = run_cli("eval", str(face_crops), "--classifier", "deepface")
    assert result.returncode == 1
    assert "moodplayer models download deepface-emotion" in result.stderr


def test_eval_refuses_a_folder_that_is_not_a_dataset(tmp_path: Path) -> None:
    result = run_cli("eval", str(tmp_path))
    assert result.returncode == 2
    assert "no class folders" in result.stderr
