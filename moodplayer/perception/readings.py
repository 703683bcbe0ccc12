"""What the analyser says about one face in one frame."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from moodplayer.moods import MOOD_ORDER, Mood


@dataclass(frozen=True)
class FaceBox:
    """A face's rectangle in frame pixels."""

    x: int
    y: int
    width: int
    height: int

    @property
    def area(self) -> int:
        """Area in pixels (the largest face is the primary one)."""
        return self.width * self.height


@dataclass(frozen=True)
class EmotionReading:
    """One face: where it is, how sure the detector is, and the seven emotion probabilities.

    ``probabilities`` has seven entries in :data:`moodplayer.moods.MOOD_ORDER` and sums to 1.
    ``classifier`` names the model that produced them; ``primary`` marks the largest face.
    """

    box: FaceBox
    face_confidence: float
    probabilities: npt.NDArray[np.float32]
    classifier: str
    primary: bool = False

    @property
    def dominant(self) -> Mood:
        """The most probable mood."""
        return MOOD_ORDER[int(np.argmax(self.probabilities))]

    def probability(self, mood: Mood) -> float:
        """The probability of ``mood``."""
        return float(self.probabilities[mood.index])

    def as_dict(self) -> dict[str, float]:
        """Probabilities by mood name, for JSON and the GUI."""
        pairs = zip(MOOD_ORDER, self.probabilities, strict=True)
        return {mood.value: float(p) for mood, p in pairs}
