"""The mood voter: face readings in, a steady :class:`~moodplayer.moods.MoodDecision` out.

How a decision is made, driven only by the readings' timestamps (never the wall clock):

* **Votes.** Each frame casts at most one vote: the primary face's seven probabilities (the
  largest face when none is marked), multiplied by its face confidence (clipped to 0..1).
  Faces whose confidence is below ``min_reading_confidence`` do not vote; a frame with no
  usable face is not a vote for anything (in particular not for "neutral").
* **Window.** The votes of the last ``window_seconds`` are summed per mood; each mood's score is
  its share of that sum, so the scores add up to 1.
* **Evidence.** Each voting frame covers the time since the frame before it (at most
  :data:`MAX_FRAME_GAP` seconds). A mood is only decided once the votes in the window cover
  ``min_evidence_seconds``; until then the decision has no mood ("collecting evidence").
* **Hysteresis.** The first mood is the leader once there is enough evidence. Afterwards another
  mood replaces the mood in force only when it leads it by at least ``margin`` (a share, 0..1)
  over the window, also has the most weight over the last ``dwell_seconds`` alone (so a burst
  that is already over cannot win on the window's lag), and keeps both without a break for
  ``dwell_seconds``.
* **No face.** Short misses of the detector change nothing. After ``no_face_timeout_seconds``
  with no voting face the decision says so (``face_seen`` false) and keeps the mood in force.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from moodplayer.moods import MOOD_ORDER, Mood, MoodDecision
from moodplayer.perception.readings import EmotionReading
from moodplayer.settings import VotingSettings

log = logging.getLogger(__name__)

MAX_FRAME_GAP = 1.0
"""Longest stretch of time (seconds) one frame's vote is taken to cover, for the evidence."""

_EPSILON = 1e-6


@dataclass(frozen=True)
class _Vote:
    timestamp: float
    weights: npt.NDArray[np.float64]
    covers: float


def _format_seconds(seconds: float) -> str:
    rounded = round(seconds, 1)
    return f"{rounded:g} s"


def _percent(share: float) -> str:
    return f"{round(share * 100):d}%"


def _points(share: float) -> str:
    return f"{round(share * 100):d} points"


def voting_reading(
    readings: Sequence[EmotionReading], min_confidence: float = 0.0
) -> EmotionReading | None:
    """The reading that votes for a frame: the primary face, else the largest, if confident."""
    usable = [r for r in readings if r.face_confidence >= min_confidence and r.face_confidence > 0]
    if not usable:
        return None
    primary = [r for r in usable if r.primary]
    return max(primary or usable, key=lambda r: r.box.area)


class MoodVoter:
    """Turns timestamped readings into mood decisions with a sliding window and hysteresis.

    Call :meth:`update` once per analysed frame, in order of source time. Not thread-safe: one
    pipeline thread owns it.
    """

    def __init__(self, settings: VotingSettings | None = None) -> None:
        self.settings = settings or VotingSettings()
        self._clear()

    def _clear(self) -> None:
        self._votes: deque[_Vote] = deque()
        self._mood: Mood | None = None
        self._confidence = 0.0
        self._challenger: Mood | None = None
        self._challenger_since = 0.0
        self._last_timestamp: float | None = None
        self._first_timestamp: float | None = None
        self._last_face_timestamp: float | None = None

    @property
    def mood(self) -> Mood | None:
        """The mood in force (``None`` until the first decision)."""
        return self._mood

    def reset(self) -> None:
        """Forget everything, including the mood in force."""
        self._clear()

    def update(self, timestamp: float, readings: Sequence[EmotionReading]) -> MoodDecision:
        """Add one analysed frame (its source time and readings) and decide."""
        if self._last_timestamp is not None and timestamp < self._last_timestamp - _EPSILON:
            log.info("source time went back from %.3f to %.3f s; voting starts afresh",
                     self._last_timestamp, timestamp)
            self.reset()
        covers = 0.0
        if self._last_timestamp is not None:
            covers = min(timestamp - self._last_timestamp, MAX_FRAME_GAP)
        self._last_timestamp = timestamp
        if self._first_timestamp is None:
            self._first_timestamp = timestamp

        voter = voting_reading(readings, self.settings.min_reading_confidence)
        if voter is not None:
            weight = min(1.0, float(voter.face_confidence))
            weights = np.asarray(voter.probabilities, dtype=np.float64) * weight
            self._votes.append(_Vote(timestamp, weights, covers))
            self._last_face_timestamp = timestamp
        window_start = timestamp - self.settings.window_seconds
        while self._votes and self._votes[0].timestamp <= window_start + _EPSILON:
            self._votes.popleft()

        scores = self._scores()
        evidence = sum(v.covers for v in self._votes)
        return self._decide(timestamp, scores, evidence, faces=len(readings),
                            voted=voter is not None)

    # ------------------------------------------------------------------------------ internals

    def _scores(self) -> dict[Mood, float]:
        if not self._votes:
            return {}
        total = np.sum([v.weights for v in self._votes], axis=0)
        mass = float(total.sum())
        if mass <= 0:
            return {}
        return {mood: float(total[i] / mass) for i, mood in enumerate(MOOD_ORDER)}

    def _recent_leader(self, timestamp: float) -> Mood | None:
        """The mood with the most weight over the last ``dwell_seconds`` (the last vote if 0)."""
        start = timestamp - self.settings.dwell_seconds + _EPSILON
        recent = [v.weights for v in self._votes if v.timestamp > start] or [
            self._votes[-1].weights]
        return MOOD_ORDER[int(np.argmax(np.sum(recent, axis=0)))]

    def _window_span(self, timestamp: float) -> float:
        assert self._first_timestamp is not None
        return min(self.settings.window_seconds, timestamp - self._first_timestamp)

    def _decide(
        self, timestamp: float, scores: dict[Mood, float], evidence: float, faces: int,
        voted: bool,
    ) -> MoodDecision:
        settings = self.settings
        since_face = (None if self._last_face_timestamp is None
                      else timestamp - self._last_face_timestamp)
        face_lost = not voted and (
            since_face is None or since_face >= settings.no_face_timeout_seconds - _EPSILON)

        def decision(reason: str, changed: bool = False) -> MoodDecision:
            if self._mood is not None and scores:
                self._confidence = scores[self._mood]
            return MoodDecision(
                timestamp=timestamp, mood=self._mood,
                confidence=self._confidence if self._mood is not None else 0.0,
                scores=scores, reason=reason, changed=changed, face_seen=not face_lost,
                faces=faces,
            )

        if face_lost:
            self._challenger = None
            if since_face is None:
                return decision("no face seen yet")
            gone = f"no face for {_format_seconds(since_face)}"
            if self._mood is None:
                return decision(gone)
            return decision(f"{gone}; keeping {self._mood.value}")

        if evidence < settings.min_evidence_seconds - _EPSILON or not scores:
            self._challenger = None
            gathered = (f"{_format_seconds(evidence)} of "
                        f"{_format_seconds(settings.min_evidence_seconds)} of face readings")
            if self._mood is None:
                return decision(f"collecting evidence: {gathered}")
            return decision(f"keeping {self._mood.value} while collecting evidence: {gathered}")

        leader = max(scores, key=lambda m: scores[m])
        span = _format_seconds(self._window_span(timestamp))
        if self._mood is None:
            self._mood = leader
            return decision(
                f"{leader.value} led the last {span} with {_percent(scores[leader])} "
                "of the weight", changed=True)

        current = self._mood
        if leader == current:
            self._challenger = None
            return decision(
                f"{current.value} leads the last {span} with {_percent(scores[current])} "
                "of the weight")

        lead = scores[leader] - scores[current]
        if lead < settings.margin - _EPSILON:
            self._challenger = None
            return decision(
                f"keeping {current.value} ({_percent(scores[current])}): {leader.value} leads "
                f"by only {_points(lead)}, needs {_points(settings.margin)}")

        if self._recent_leader(timestamp) != leader:
            self._challenger = None
            return decision(
                f"keeping {current.value} ({_percent(scores[current])}): {leader.value} leads "
                f"the window by {_points(lead)} but not the last "
                f"{_format_seconds(settings.dwell_seconds)}")

        if self._challenger != leader:
            self._challenger = leader
            self._challenger_since = timestamp
        held = timestamp - self._challenger_since
        if held < settings.dwell_seconds - _EPSILON:
            return decision(
                f"keeping {current.value} ({_percent(scores[current])}): {leader.value} leads "
                f"by {_points(lead)} for {_format_seconds(held)} of the "
                f"{_format_seconds(settings.dwell_seconds)} dwell")

        self._mood = leader
        self._challenger = None
        return decision(
            f"{leader.value} led the last {span} with {_percent(scores[leader])} of the weight "
            f"({current.value} {_percent(scores[current])}), for "
            f"{_format_seconds(held)}", changed=True)
