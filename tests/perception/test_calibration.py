"""Neutral-face calibration: a biased model is corrected, and the baseline is kept safely."""

from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from moodplayer.moods import MOOD_NAMES, Mood
from moodplayer.paths import app_paths
from moodplayer.perception.calibration import (
    BaselineCapture,
    CalibrationError,
    NeutralBaseline,
    baseline_from_probabilities,
    clear_baseline,
    load_baseline,
    save_baseline,
)
from moodplayer.perception.readings import EmotionReading, FaceBox
from moodplayer.perception.voter import MoodVoter


def reading(probabilities: list[float], classifier: str = "biased") -> EmotionReading:
    return EmotionReading(FaceBox(0, 0, 100, 100), 0.9,
                          np.asarray(probabilities, dtype=np.float32), classifier, True)


class BiasedClassifier:
    """A fake model that sees this listener's resting face as rather sad.

    ``noise`` jitters each reading, as a real model's readings jitter from frame to frame.
    """

    RESTING: ClassVar[list[float]] = [0.06, 0.02, 0.06, 0.03, 0.50, 0.03, 0.30]
    SMILE: ClassVar[list[float]] = [0.02, 0.01, 0.02, 0.80, 0.08, 0.02, 0.05]
    FROWN: ClassVar[list[float]] = [0.05, 0.02, 0.03, 0.01, 0.80, 0.01, 0.08]

    def __init__(self, seed: int = 1) -> None:
        self.rng = np.random.default_rng(seed)

    def read(self, face: list[float]) -> EmotionReading:
        probs = np.asarray(face) * self.rng.uniform(0.8, 1.2, 7)
        return reading(list(probs / probs.sum()))


def capture(classifier: BiasedClassifier, seconds: float = 10.0, fps: int = 10) -> NeutralBaseline:
    session = BaselineCapture(seconds)
    for i in range(int(seconds * fps) + 1):
        session.add(i / fps, [classifier.read(BiasedClassifier.RESTING)])
    assert session.done and session.progress == 1.0
    return session.result()


def test_a_biased_classifier_is_corrected_so_the_resting_face_reads_neutral() -> None:
    model = BiasedClassifier()
    baseline = capture(model)
    assert baseline.resting_mood is Mood.SAD and baseline.classifier == "biased"
    assert baseline.readings == 100 and baseline.seconds == 10.0  # the frames of [0 s, 10 s)

    rest = model.read(BiasedClassifier.RESTING)
    assert rest.dominant is Mood.SAD
    corrected = baseline.apply([rest])[0]
    assert corrected.dominant is Mood.NEUTRAL
    assert corrected.probabilities.sum() == pytest.approx(1.0)
    # real expressions still read as what they are
    assert baseline.apply([model.read(BiasedClassifier.SMILE)])[0].dominant is Mood.HAPPY
    assert baseline.apply([model.read(BiasedClassifier.FROWN)])[0].dominant is Mood.SAD


def test_with_calibration_the_voter_decides_neutral_for_a_resting_face() -> None:
    model = BiasedClassifier()
    baseline = capture(model)
    stream = [(i / 10, [model.read(BiasedClassifier.RESTING)]) for i in range(100)]
    raw, calibrated = MoodVoter(), MoodVoter()
    for t, readings in stream:
        raw.update(t, readings)
        calibrated.update(t, baseline.apply(readings))
    assert raw.mood is Mood.SAD
    assert calibrated.mood is Mood.NEUTRAL


def test_the_correction_is_the_documented_one() -> None:
    baseline = NeutralBaseline((0.1, 0.0, 0.1, 0.1, 0.4, 0.1, 0.2), "m", strength=1.0,
                               target_share=0.7)
    # full strength: the resting face itself reads exactly the neutral target
    resting = baseline.correct(baseline.probabilities)
    target = [0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.7]
    # disgust is 0 in the baseline: floored at 0.02, so it cannot be boosted without bound
    expected = np.array([0.1 * 0.5, 0.0, 0.1 * 0.5, 0.1 * 0.5, 0.4 * 0.125, 0.1 * 0.5,
                         0.2 * 3.5])
    assert resting == pytest.approx(expected / expected.sum(), abs=1e-6)
    assert resting[Mood.NEUTRAL.index] == pytest.approx(0.7 / (0.7 + 0.25), abs=1e-6)
    assert baseline.factors()[Mood.DISGUST.index] == pytest.approx(0.05 / 0.02)
    half = NeutralBaseline(baseline.probabilities, "m", strength=0.5)
    assert half.factors() == pytest.approx(np.sqrt(np.array(target) / np.maximum(
        baseline.probabilities, 0.02)))
    batch = half.correct(np.stack([baseline.probabilities] * 3))
    assert batch.shape == (3, 7) and batch.sum(axis=1) == pytest.approx([1, 1, 1])


def test_readings_of_another_classifier_are_left_as_they_are() -> None:
    baseline = capture(BiasedClassifier())
    other = reading(BiasedClassifier.RESTING, classifier="deepface")
    assert baseline.apply([other])[0] is other


def test_a_capture_without_a_face_gives_a_clear_error() -> None:
    session = BaselineCapture(3.0)
    for i in range(40):
        session.add(i / 10, [])
    assert session.done and session.faces_seen == 0
    with pytest.raises(CalibrationError, match="no face was seen"):
        session.result()


def test_a_capture_with_too_few_faces_gives_a_clear_error() -> None:
    session = BaselineCapture(3.0)
    for i in range(40):
        session.add(i / 10, [reading(BiasedClassifier.RESTING)] if i < 3 else [])
    with pytest.raises(CalibrationError, match="only 3 reading"):
        session.result()


def test_the_baseline_is_saved_loaded_and_cleared() -> None:
    path = app_paths().calibration_file
    assert load_baseline(path) is None
    baseline = capture(BiasedClassifier())
    save_baseline(baseline, path)
    data = json.loads(path.read_text())
    assert list(data["probabilities"]) == list(MOOD_NAMES)
    assert data["classifier"] == "biased" and data["version"] == 1
    loaded = load_baseline(path)
    assert loaded is not None
    assert loaded.probabilities == pytest.approx(baseline.probabilities)
    assert (loaded.classifier, loaded.readings, loaded.created) == (
        baseline.classifier, baseline.readings, baseline.created)
    assert clear_baseline(path) and not path.exists()
    assert not clear_baseline(path)
    assert load_baseline(path) is None


@pytest.mark.parametrize("content", [
    "{not json",
    '{"classifier": "bundled"}',
    '{"classifier": "bundled", "probabilities": {"happy": 1}}',
    '{"classifier": "bundled", "probabilities": {"angry": -1, "disgust": 0, "fear": 0, '
    '"happy": 0, "sad": 0, "surprise": 0, "neutral": 0}}',
])
def test_a_broken_baseline_file_is_reported_not_used(tmp_path: Path, content: str) -> None:
    path = tmp_path / "calibration.json"
    path.write_text(content)
    with pytest.raises(CalibrationError, match="calibrate again"):
        load_baseline(path)


def test_a_baseline_needs_enough_readings() -> None:
    with pytest.raises(CalibrationError):
        baseline_from_probabilities(np.full((2, 7), 1 / 7), "bundled")
