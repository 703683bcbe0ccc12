"""Neutral-face calibration: learn how the listener's resting face reads, and correct for it.

Some faces look "sad" or "angry" to an emotion model while they rest. A short capture of the
listener's resting face (``capture_seconds`` of readings, 10 s by default) gives their
*baseline* ``b``: the mean of the seven probabilities the model gave that face.

**The correction.** A resting face should read as the neutral target ``t`` (neutral
:data:`NEUTRAL_TARGET_SHARE`, the rest shared evenly by the other six moods). Each reading ``p``
is multiplied, mood by mood, by how far the baseline is from that target, then renormalised::

    p'[k] = p[k] * (t[k] / max(b[k], FLOOR)) ** STRENGTH  /  (sum over k of the same)

With ``STRENGTH`` 1 the resting face itself reads exactly ``t`` afterwards; every other
expression is shifted by the same factors, so a smile still reads happy while the listener's
resting "sadness" no longer counts as sadness. This is the usual prior-shift correction: the
model's output is divided by what it says about this listener at rest, relative to what it
should say. ``FLOOR`` keeps a mood the resting face never shows from being boosted without
bound.

``STRENGTH`` is 0.5 by default: half the full correction in log terms (the resting face reads
mostly, not exactly, neutral). ``benchmarks/calibration_effect.py`` on faces-dev (calibrated
on half of the neutral photos, measured on everything else) gave about +1 point of accuracy
(58.8% to 60.5% and 59.9% to 61.6% on the faces found, with the halves swapped) at 0.5, while
full strength over-corrected (sad recall fell from 27% to 11%) and gained nothing on one half.
The stored baseline keeps its strength and target, so a saved calibration means the same later.

A baseline belongs to the classifier that produced it: readings of another classifier are left
as they are. The baseline is saved as JSON in the data folder (``AppPaths.calibration_file``),
written atomically; it can be loaded and cleared. No picture is ever stored, only the seven
averages.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from moodplayer.moods import MOOD_NAMES, MOOD_ORDER, Mood
from moodplayer.perception.readings import EmotionReading
from moodplayer.perception.voter import voting_reading
from moodplayer.settings import atomic_write_text

log = logging.getLogger(__name__)

NEUTRAL_TARGET_SHARE = 0.7
"""How much of a resting face's reading should be neutral after the correction."""
FLOOR = 0.02
"""Baseline probabilities are taken as at least this, so no factor grows without bound."""
STRENGTH = 0.5
"""Exponent of the correction factors: 1 corrects fully, 0 not at all."""
MIN_READINGS = 5
"""A capture needs at least this many readings of a face."""
FILE_VERSION = 1

Probabilities = npt.NDArray[np.float32]


class CalibrationError(Exception):
    """A capture gave no usable baseline, or a saved baseline cannot be read."""


def neutral_target(share: float = NEUTRAL_TARGET_SHARE) -> npt.NDArray[np.float64]:
    """The distribution a resting face should read as: ``share`` neutral, the rest even."""
    target = np.full(len(MOOD_ORDER), (1.0 - share) / (len(MOOD_ORDER) - 1))
    target[Mood.NEUTRAL.index] = share
    return target


@dataclass(frozen=True)
class NeutralBaseline:
    """How one listener's resting face reads, and the correction that follows from it."""

    probabilities: tuple[float, ...]
    """Mean probabilities of the resting face, in :data:`MOOD_ORDER`."""
    classifier: str
    """The classifier that produced them; only its readings are corrected."""
    readings: int = 0
    seconds: float = 0.0
    created: str = ""
    strength: float = STRENGTH
    target_share: float = NEUTRAL_TARGET_SHARE

    def __post_init__(self) -> None:
        values = np.asarray(self.probabilities, dtype=np.float64)
        if values.shape != (len(MOOD_ORDER),) or not np.all(np.isfinite(values)) \
                or np.any(values < 0) or values.sum() <= 0:
            raise CalibrationError(f"a baseline needs seven probabilities, got "
                                   f"{list(self.probabilities)!r}")
        if not 0.0 <= self.strength <= 2.0 or not 0.0 < self.target_share < 1.0:
            raise CalibrationError(f"strength {self.strength} or target share "
                                   f"{self.target_share} out of range")

    @property
    def resting_mood(self) -> Mood:
        """What the resting face reads as before the correction."""
        return MOOD_ORDER[int(np.argmax(self.probabilities))]

    def factors(self) -> npt.NDArray[np.float64]:
        """The per-mood correction factors ``(t / max(b, FLOOR)) ** strength``."""
        baseline = np.asarray(self.probabilities, dtype=np.float64)
        baseline = baseline / baseline.sum()
        factors = neutral_target(self.target_share) / np.maximum(baseline, FLOOR)
        return np.asarray(factors ** self.strength)

    def correct(self, probabilities: npt.ArrayLike) -> Probabilities:
        """Corrected probabilities for one reading ``(7,)`` or a batch ``(n, 7)``."""
        values = np.asarray(probabilities, dtype=np.float64) * self.factors()
        total = values.sum(axis=-1, keepdims=True)
        return np.asarray(values / np.where(total > 0, total, 1.0), dtype=np.float32)

    def apply(self, readings: Sequence[EmotionReading]) -> list[EmotionReading]:
        """The readings with corrected probabilities (other classifiers' left as they are)."""
        return [
            dataclasses.replace(r, probabilities=self.correct(r.probabilities))
            if r.classifier == self.classifier else r
            for r in readings
        ]

    def describe(self) -> str:
        """One line for the listener: what the resting face read as."""
        share = max(self.probabilities) / sum(self.probabilities)
        return (f"your resting face read as {self.resting_mood.value} ({share:.0%}) over "
                f"{self.seconds:.0f} s; readings are corrected for it")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data, probabilities by mood name."""
        return {
            "version": FILE_VERSION,
            "classifier": self.classifier,
            "probabilities": dict(zip(MOOD_NAMES, map(float, self.probabilities), strict=True)),
            "readings": self.readings,
            "seconds": self.seconds,
            "created": self.created,
            "strength": self.strength,
            "target_share": self.target_share,
        }

    @classmethod
    def from_dict(cls, data: Any) -> NeutralBaseline:
        """Read :meth:`to_dict`'s data back; :class:`CalibrationError` when it is not that."""
        try:
            probabilities = data["probabilities"]
            values = tuple(float(probabilities[name]) for name in MOOD_NAMES)
            return cls(values, str(data["classifier"]), int(data.get("readings", 0)),
                       float(data.get("seconds", 0.0)), str(data.get("created", "")),
                       float(data.get("strength", STRENGTH)),
                       float(data.get("target_share", NEUTRAL_TARGET_SHARE)))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise CalibrationError(f"not a calibration: {error!r}") from error


def baseline_from_probabilities(
    probabilities: npt.ArrayLike, classifier: str, seconds: float = 0.0,
    strength: float = STRENGTH, target_share: float = NEUTRAL_TARGET_SHARE,
) -> NeutralBaseline:
    """The baseline of resting-face readings ``(n, 7)``: their mean."""
    values = np.asarray(probabilities, dtype=np.float64).reshape(-1, len(MOOD_ORDER))
    if len(values) < MIN_READINGS:
        raise CalibrationError(
            f"only {len(values)} reading(s) of a face; at least {MIN_READINGS} are needed. "
            "Sit facing the camera in good light and try again")
    mean = values.mean(axis=0)
    created = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    return NeutralBaseline(tuple(float(v) for v in mean / mean.sum()), classifier,
                           len(values), seconds, created, strength, target_share)


class BaselineCapture:
    """Collects the listener's resting face for ``seconds`` of source time.

    Feed it every analysed frame with :meth:`add`; when :attr:`done`, :meth:`result` gives the
    baseline (or raises :class:`CalibrationError` when too few faces were seen).
    """

    def __init__(self, seconds: float = 10.0) -> None:
        self.seconds = seconds
        self._start: float | None = None
        self._elapsed = 0.0
        self._probabilities: list[npt.NDArray[np.float32]] = []
        self._classifiers: dict[str, int] = {}

    @property
    def progress(self) -> float:
        """How much of the capture is done, 0..1."""
        return min(1.0, self._elapsed / self.seconds) if self.seconds > 0 else 1.0

    @property
    def done(self) -> bool:
        """Whether the capture has covered its seconds."""
        return self.progress >= 1.0

    @property
    def faces_seen(self) -> int:
        """How many frames had a face so far."""
        return len(self._probabilities)

    def add(self, timestamp: float, readings: Sequence[EmotionReading]) -> None:
        """One analysed frame: its source time and readings (the primary face counts)."""
        if self._start is None:
            self._start = timestamp
        self._elapsed = timestamp - self._start
        if self.done:
            return
        reading = voting_reading(readings)
        if reading is not None:
            self._probabilities.append(np.asarray(reading.probabilities, dtype=np.float32))
            self._classifiers[reading.classifier] = self._classifiers.get(
                reading.classifier, 0) + 1

    def result(self) -> NeutralBaseline:
        """The baseline from the faces seen; :class:`CalibrationError` when there were few."""
        if not self._probabilities:
            raise CalibrationError(
                "no face was seen during the calibration. Sit facing the camera in good light "
                "and try again")
        classifier = max(self._classifiers, key=lambda c: self._classifiers[c])
        return baseline_from_probabilities(np.stack(self._probabilities), classifier,
                                           round(self._elapsed, 2))


def save_baseline(baseline: NeutralBaseline, path: Path) -> None:
    """Write the baseline atomically as JSON (raises ``OSError`` when it cannot)."""
    atomic_write_text(path, json.dumps(baseline.to_dict(), indent=2) + "\n")
    log.info("calibration saved to %s: %s", path, baseline.describe())


def load_baseline(path: Path) -> NeutralBaseline | None:
    """The saved baseline; ``None`` when there is none; :class:`CalibrationError` when the
    file exists but cannot be used (say so and calibrate again)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:
        raise CalibrationError(f"the calibration file {path} cannot be read ({error})") from error
    try:
        return NeutralBaseline.from_dict(json.loads(text))
    except (json.JSONDecodeError, CalibrationError) as error:
        raise CalibrationError(
            f"the calibration file {path} is broken ({error}); calibrate again") from error


def clear_baseline(path: Path) -> bool:
    """Delete the saved baseline; true when there was one."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    log.info("calibration cleared (%s)", path)
    return True
