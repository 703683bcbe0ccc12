from pathlib import Path

import cv2
import numpy as np
import pytest

from moodplayer.moods import MOOD_ORDER, Mood
from moodplayer.paths import app_paths
from moodplayer.perception import classifiers
from moodplayer.perception.classifiers import (
    BundledClassifier,
    DeepFaceClassifier,
    EmotionClassifier,
    create_classifier,
)
from moodplayer.perception.model_catalog import (
    ModelFile,
    ModelUnavailable,
    deepface_emotion_model,
)
from moodplayer.perception.synthetic_video import load_test_face
from tests.perception.model_fixtures import (
    block_network,
    install_tiny_deepface_model,
    use_app_deepface_home,
)


@pytest.fixture(scope="module")
def bundled() -> BundledClassifier:
    return BundledClassifier(flip_augmentation=False)


@pytest.fixture
def happy_face() -> np.ndarray:
    return load_test_face()


def lose_the_bundled_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    absent = ModelFile("bundled", "absent", tmp_path / "missing.onnx", bundled=True)
    monkeypatch.setattr(classifiers, "bundled_model", lambda paths=None: absent)


def assert_probabilities(rows: np.ndarray, count: int) -> None:
    assert rows.shape == (count, len(MOOD_ORDER))
    assert rows.dtype == np.float32
    assert np.all(rows >= 0)
    np.testing.assert_allclose(rows.sum(axis=1), 1.0, atol=1e-5)


def test_the_bundled_model_reads_the_smiling_astronaut_as_happy(happy_face: np.ndarray) -> None:
    for flip in (False, True):
        classifier = BundledClassifier(flip_augmentation=flip)
        rows = classifier.classify([happy_face])
        assert_probabilities(rows, 1)
        assert MOOD_ORDER[int(np.argmax(rows[0]))] is Mood.HAPPY
        assert rows[0, Mood.HAPPY.index] > 0.9


def test_the_bundled_classifier_is_an_emotion_classifier(bundled: BundledClassifier) -> None:
    assert isinstance(bundled, EmotionClassifier)
    assert bundled.name == "bundled"


def test_a_batch_gives_the_same_rows_as_one_crop_at_a_time(
    bundled: BundledClassifier, happy_face: np.ndarray
) -> None:
    crops = [happy_face, happy_face[:, ::-1], cv2.resize(happy_face, (48, 48)),
             happy_face[20:140, 30:130]]
    batch = bundled.classify(crops)
    assert_probabilities(batch, len(crops))
    one_by_one = np.concatenate([bundled.classify([crop]) for crop in crops])
    np.testing.assert_allclose(batch, one_by_one, atol=1e-5)


def test_flip_augmentation_averages_each_crop_with_its_mirror_image(
    bundled: BundledClassifier, happy_face: np.ndarray
) -> None:
    crop = happy_face[10:150, 5:140]
    plain = bundled.classify([crop, crop[:, ::-1]])
    flipped = BundledClassifier(flip_augmentation=True).classify([crop])
    np.testing.assert_allclose(flipped[0], plain.mean(axis=0), atol=1e-5)


def test_grey_and_bgra_crops_read_like_their_bgr_original(
    bundled: BundledClassifier, happy_face: np.ndarray
) -> None:
    grey = cv2.cvtColor(happy_face, cv2.COLOR_BGR2GRAY)
    bgra = cv2.cvtColor(happy_face, cv2.COLOR_BGR2BGRA)
    rows = bundled.classify([happy_face, grey, grey[:, :, None], bgra])
    for row in rows[1:]:
        np.testing.assert_allclose(row, rows[0], atol=1e-5)


def test_no_crops_give_an_empty_array_and_an_empty_crop_is_refused(
    bundled: BundledClassifier,
) -> None:
    assert bundled.classify([]).shape == (0, 7)
    with pytest.raises(ValueError, match="non-empty"):
        bundled.classify([np.zeros((0, 10, 3), np.uint8)])


def test_a_missing_or_broken_bundled_model_is_reported_with_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="reinstall"):
        BundledClassifier(tmp_path / "absent.onnx")
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"not an onnx model")
    with pytest.raises(ModelUnavailable, match="does not load"):
        BundledClassifier(broken)


def test_the_deepface_classifier_refuses_to_start_without_its_weights_and_downloads_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    weights = use_app_deepface_home(monkeypatch)
    attempts = block_network(monkeypatch)
    with pytest.raises(ModelUnavailable, match="models download deepface-emotion"):
        DeepFaceClassifier(app_paths())
    assert attempts == []
    assert not weights.exists() or not any(weights.iterdir())


def test_the_deepface_classifier_runs_deepfaces_own_emotion_model_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install_tiny_deepface_model(monkeypatch)
    from deepface.models.demography.onnx import Emotion

    calls: list[tuple[int, ...]] = []
    original = Emotion.EmotionClient.predict

    def spy(self: Emotion.EmotionClient, img: np.ndarray) -> np.ndarray:
        calls.append(np.shape(img))
        return original(self, img)

    monkeypatch.setattr(Emotion.EmotionClient, "predict", spy)
    classifier = DeepFaceClassifier(app_paths(), flip_augmentation=False)
    white = np.full((90, 70, 3), 255, np.uint8)
    black = np.zeros((50, 50), np.uint8)
    rows = classifier.classify([white, black])
    assert_probabilities(rows, 2)
    # the tiny model reads brightness: DeepFace scaled the crops to [0, 1] and made them grey
    assert MOOD_ORDER[int(np.argmax(rows[0]))] is Mood.HAPPY
    assert rows[0, Mood.HAPPY.index] > 0.99
    assert MOOD_ORDER[int(np.argmax(rows[1]))] is Mood.SAD
    assert calls == [(2, 224, 224, 3)]  # one batch, letterboxed the way DeepFace.analyze does
    assert classifier.name == "deepface"


def test_the_deepface_classifier_reorders_deepfaces_labels_by_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install_tiny_deepface_model(monkeypatch)
    from deepface.models.demography import DemographyUtils

    # were DeepFace to list happy last and neutral fourth, "happy" must still come out as happy
    shuffled = ["angry", "disgust", "fear", "neutral", "sad", "surprise", "happy"]
    monkeypatch.setattr(DemographyUtils, "EMOTION_LABELS", shuffled)
    classifier = DeepFaceClassifier(app_paths(), flip_augmentation=True)
    row = classifier.classify([np.full((60, 60, 3), 255, np.uint8)])[0]
    assert MOOD_ORDER[int(np.argmax(row))] is Mood.NEUTRAL


def test_create_classifier_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    use_app_deepface_home(monkeypatch)
    paths = app_paths()
    assert create_classifier("bundled", paths).name == "bundled"
    assert create_classifier("auto", paths).name == "bundled"
    with pytest.raises(ModelUnavailable, match="not downloaded"):
        create_classifier("deepface", paths)
    with pytest.raises(ValueError, match="auto, bundled, deepface"):
        create_classifier("best", paths)


def test_auto_prefers_the_more_accurate_bundled_model_even_when_deepfaces_is_present(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install_tiny_deepface_model(monkeypatch)
    paths = app_paths()
    assert deepface_emotion_model(paths).present
    assert create_classifier("auto", paths).name == "bundled"
    assert create_classifier("deepface", paths).name == "deepface"


def test_auto_falls_back_to_deepfaces_model_when_the_bundled_one_is_broken(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    install_tiny_deepface_model(monkeypatch)
    lose_the_bundled_model(monkeypatch, tmp_path)
    assert create_classifier("auto", app_paths()).name == "deepface"


def test_auto_says_why_when_no_model_can_be_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    use_app_deepface_home(monkeypatch)
    lose_the_bundled_model(monkeypatch, tmp_path)
    with pytest.raises(ModelUnavailable, match="No emotion model can be used"):
        create_classifier("auto", app_paths())
