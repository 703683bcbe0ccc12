"""The shared vocabulary of moods: the seven emotions, their looks, and a mood decision.

Everything in the app (recognition, voting, music, GUI) speaks of moods through this module.
The order of :class:`Mood` is the order of the emotion models' outputs
(``angry disgust fear happy sad surprise neutral``, as in FER2013 and DeepFace).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field


class Mood(enum.Enum):
    """One of the seven basic emotions, in the emotion models' output order."""

    ANGRY = "angry"
    DISGUST = "disgust"
    FEAR = "fear"
    HAPPY = "happy"
    SAD = "sad"
    SURPRISE = "surprise"
    NEUTRAL = "neutral"

    @property
    def index(self) -> int:
        """Position of this mood in a model's probability vector."""
        return MOOD_ORDER.index(self)

    @property
    def display_name(self) -> str:
        """The name shown to the listener."""
        return _LOOKS[self].display_name

    @property
    def colour(self) -> str:
        """The mood's colour as ``#rrggbb``, used for bars, the timeline and the tray icon."""
        return _LOOKS[self].colour

    @property
    def symbol(self) -> str:
        """A short symbol (emoji) for the mood."""
        return _LOOKS[self].symbol

    @classmethod
    def parse(cls, text: str) -> Mood:
        """Return the mood named by ``text`` (any case; ``anger``/``happiness`` spellings too).

        Raises ``ValueError`` with the accepted names when ``text`` names no mood.
        """
        key = text.strip().lower()
        key = _ALIASES.get(key, key)
        for mood in cls:
            if mood.value == key:
                return mood
        names = ", ".join(m.value for m in cls)
        raise ValueError(f"unknown mood {text!r}; choose one of: {names}")


@dataclass(frozen=True)
class MoodLooks:
    """How a mood looks in the GUI."""

    display_name: str
    colour: str
    symbol: str


_LOOKS: dict[Mood, MoodLooks] = {
    Mood.ANGRY: MoodLooks("Angry", "#e5484d", "😠"),
    Mood.DISGUST: MoodLooks("Disgusted", "#8aa33c", "😖"),
    Mood.FEAR: MoodLooks("Afraid", "#8e4ec6", "😨"),
    Mood.HAPPY: MoodLooks("Happy", "#f5b70a", "😄"),
    Mood.SAD: MoodLooks("Sad", "#3e7bfa", "😢"),
    Mood.SURPRISE: MoodLooks("Surprised", "#f76b15", "😮"),
    Mood.NEUTRAL: MoodLooks("Neutral", "#8b96a5", "😐"),
}

_ALIASES = {
    "anger": "angry",
    "disgusted": "disgust",
    "afraid": "fear",
    "fearful": "fear",
    "scared": "fear",
    "happiness": "happy",
    "joy": "happy",
    "sadness": "sad",
    "surprised": "surprise",
    "calm": "neutral",
    "contempt": "disgust",
}

MOOD_ORDER: tuple[Mood, ...] = tuple(Mood)
MOOD_NAMES: tuple[str, ...] = tuple(m.value for m in MOOD_ORDER)


@dataclass(frozen=True)
class MoodDecision:
    """What the voter concluded at one moment of source time.

    ``mood`` is the mood in force (``None`` until there is enough evidence for a first one);
    ``changed`` is true on the decision that switched to it. ``scores`` holds every mood's share
    of the weighted votes in the window (they sum to 1 when there were votes). ``reason`` says
    in words why, for the listener. ``face_seen`` is false while no usable face is seen.
    """

    timestamp: float
    mood: Mood | None
    confidence: float
    scores: Mapping[Mood, float] = field(default_factory=dict)
    reason: str = ""
    changed: bool = False
    face_seen: bool = True
    faces: int = 0

    @property
    def leading(self) -> Mood | None:
        """The mood with the highest score in the window, whether or not it is in force."""
        if not self.scores:
            return None
        return max(self.scores, key=lambda m: self.scores[m])
