"""The mood voter, driven by scripted streams of readings (source time only, no sleeping)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pytest

from moodplayer.moods import MOOD_ORDER, Mood, MoodDecision
from moodplayer.perception.readings import EmotionReading, FaceBox
from moodplayer.perception.voter import MoodVoter, voting_reading
from moodplayer.settings import VotingSettings

FPS = 10
SETTINGS = VotingSettings(window_seconds=3.0, margin=0.15, dwell_seconds=1.5,
                          min_evidence_seconds=1.0, no_face_timeout_seconds=3.0,
                          min_reading_confidence=0.0)


def probabilities(mood: Mood, share: float = 1.0) -> np.ndarray:
    """``share`` on ``mood``, the rest spread evenly over the other six."""
    probs = np.full(7, (1.0 - share) / 6, dtype=np.float32)
    probs[mood.index] = share
    return probs


FACE = FaceBox(100, 100, 200, 200)


def reading(mood: Mood, share: float = 1.0, confidence: float = 1.0,
            box: FaceBox = FACE, primary: bool = True) -> EmotionReading:
    return EmotionReading(box, confidence, probabilities(mood, share), "fake", primary)


def frame_times(start: float, end: float) -> list[float]:
    """Timestamps at FPS from ``start`` up to and including ``end``."""
    first, last = round(start * FPS), round(end * FPS)
    return [i / FPS for i in range(first, last + 1)]


def run(voter: MoodVoter, stream: Iterable[tuple[float, Sequence[EmotionReading]]]
        ) -> list[MoodDecision]:
    return [voter.update(t, readings) for t, readings in stream]


def steady(mood: Mood, start: float, end: float, share: float = 0.8
           ) -> list[tuple[float, list[EmotionReading]]]:
    return [(t, [reading(mood, share)]) for t in frame_times(start, end)]


def no_face(start: float, end: float) -> list[tuple[float, list[EmotionReading]]]:
    return [(t, []) for t in frame_times(start, end)]


def switches(decisions: Sequence[MoodDecision]) -> list[tuple[float, Mood | None]]:
    return [(d.timestamp, d.mood) for d in decisions if d.changed]


def test_a_steady_stream_gives_one_decision_and_no_switch() -> None:
    decisions = run(MoodVoter(SETTINGS), steady(Mood.HAPPY, 0.0, 60.0))
    assert switches(decisions) == [(1.0, Mood.HAPPY)]
    assert all(d.mood is None for d in decisions if d.timestamp < 1.0)
    assert all(d.mood is Mood.HAPPY for d in decisions if d.timestamp >= 1.0)
    last = decisions[-1]
    assert last.face_seen and last.faces == 1
    assert last.confidence == pytest.approx(0.8)
    assert sum(last.scores.values()) == pytest.approx(1.0)
    assert last.reason == "happy leads the last 3 s with 80% of the weight"


def test_the_first_decision_explains_itself_in_words() -> None:
    decisions = run(MoodVoter(SETTINGS), steady(Mood.HAPPY, 0.0, 1.0, share=0.71))
    assert decisions[0].reason == "collecting evidence: 0 s of 1 s of face readings"
    assert decisions[5].reason == "collecting evidence: 0.5 s of 1 s of face readings"
    assert decisions[-1].changed
    assert decisions[-1].reason == "happy led the last 1 s with 71% of the weight"


def test_a_noisy_alternating_stream_does_not_flap() -> None:
    rng = np.random.default_rng(7)
    stream = []
    for i, t in enumerate(frame_times(0.0, 120.0)):
        # every other frame looks sad; all of them are noisy; 10% of frames have no face
        mood = Mood.SAD if i % 2 else Mood.HAPPY
        if rng.random() < 0.1:
            stream.append((t, []))
            continue
        probs = probabilities(mood, 0.6) + rng.uniform(0, 0.2, 7).astype(np.float32)
        probs /= probs.sum()
        stream.append((t, [EmotionReading(FaceBox(0, 0, 50, 50), 0.9, probs, "fake", True)]))
    decisions = run(MoodVoter(SETTINGS), stream)
    assert len(switches(decisions)) == 1  # the first decision only, never a flip
    assert decisions[-1].mood in (Mood.HAPPY, Mood.SAD)


def test_a_short_burst_of_another_expression_does_not_switch() -> None:
    stream = steady(Mood.HAPPY, 0.0, 10.0) + steady(Mood.SURPRISE, 10.1, 12.0, share=0.9) \
        + steady(Mood.HAPPY, 12.1, 20.0)
    decisions = run(MoodVoter(SETTINGS), stream)
    assert switches(decisions) == [(1.0, Mood.HAPPY)]
    during = [d for d in decisions if 11.0 < d.timestamp <= 12.0]
    assert any("surprise leads by" in d.reason and "dwell" in d.reason for d in during)


def test_a_real_change_switches_after_the_dwell_and_not_before() -> None:
    voter = MoodVoter(SETTINGS)
    decisions = run(voter, steady(Mood.HAPPY, 0.0, 5.0, share=1.0)
                    + steady(Mood.SAD, 5.1, 12.0, share=1.0))
    # sad leads happy by the margin from the 18th sad frame (6.8 s): 18/30 - 12/30 >= 0.15,
    # then keeps it for the 1.5 s dwell.
    qualified = next(d for d in decisions if d.timestamp > 5 and "dwell" in d.reason)
    assert qualified.timestamp == pytest.approx(6.8)
    before = [d for d in decisions if 6.8 <= d.timestamp < 8.3]
    assert before and all(d.mood is Mood.HAPPY and not d.changed for d in before)
    assert switches(decisions) == [(1.0, Mood.HAPPY), (8.3, Mood.SAD)]
    switch = next(d for d in decisions if d.timestamp == 8.3)
    assert switch.reason == "sad led the last 3 s with 100% of the weight (happy 0%), for 1.5 s"


def test_a_lead_below_the_margin_keeps_the_current_mood() -> None:
    # After a happy start, sad and happy readings alternate, the sad ones a little surer:
    # sad leads, but by 12 points, never by the 15 it needs.
    stream = steady(Mood.HAPPY, 0.0, 5.0, share=1.0)
    for i, t in enumerate(frame_times(5.1, 30.0)):
        stream.append((t, [reading(Mood.HAPPY, 0.8) if i % 2 else reading(Mood.SAD, 1.0)]))
    decisions = run(MoodVoter(SETTINGS), stream)
    assert switches(decisions) == [(1.0, Mood.HAPPY)]
    assert decisions[-1].reason == (
        "keeping happy (40%): sad leads by only 12 points, needs 15 points")


def test_exact_decision_times_for_a_scripted_stream() -> None:
    settings = VotingSettings(window_seconds=2.0, margin=0.2, dwell_seconds=1.0,
                              min_evidence_seconds=0.5, no_face_timeout_seconds=2.0)
    stream = (no_face(0.0, 1.0) + steady(Mood.NEUTRAL, 1.1, 6.0, share=1.0)
              + steady(Mood.ANGRY, 6.1, 12.0, share=1.0) + no_face(12.1, 20.0))
    decisions = run(MoodVoter(settings), stream)
    # neutral: each frame covers the 0.1 s since the frame before it, so the frames from 1.1 to
    # 1.5 s cover 0.5 s -> 1.5 s.
    # angry: with 20 frames in the window, angry leads by 0.2 from the 12th angry frame (7.2 s),
    # and holds the lead for 1.0 s -> 8.2 s.
    assert switches(decisions) == [(1.5, Mood.NEUTRAL), (8.2, Mood.ANGRY)]
    by_time = {d.timestamp: d for d in decisions}
    assert by_time[0.5].reason == "no face seen yet" and by_time[0.5].mood is None
    # the face goes after 12.0: short misses change nothing, after 2 s the decision says so
    assert by_time[13.9].face_seen and by_time[13.9].mood is Mood.ANGRY
    assert not by_time[14.0].face_seen
    assert by_time[14.0].reason == "no face for 2 s; keeping angry"
    assert by_time[20.0].mood is Mood.ANGRY and not by_time[20.0].changed
    assert by_time[20.0].reason == "no face for 8 s; keeping angry"


def test_losing_the_face_keeps_the_mood_and_says_so_and_is_no_vote_for_neutral() -> None:
    voter = MoodVoter(SETTINGS)
    decisions = run(voter, steady(Mood.SAD, 0.0, 10.0) + no_face(10.1, 40.0))
    after = [d for d in decisions if d.timestamp >= 13.0]
    assert after and all(d.mood is Mood.SAD and not d.face_seen for d in after)
    assert all("keeping sad" in d.reason and "no face for" in d.reason for d in after)
    assert all(d.faces == 0 for d in after)
    assert switches(decisions) == [(1.0, Mood.SAD)]
    assert after[-1].confidence == pytest.approx(0.8)  # the confidence it was decided with

    # the face comes back with another mood: the mood is held until there is evidence again,
    # then the normal margin and dwell apply
    back = run(voter, steady(Mood.HAPPY, 40.1, 50.0))
    assert back[0].face_seen and back[0].mood is Mood.SAD
    assert "collecting evidence" in back[0].reason
    change = switches(back)
    assert len(change) == 1 and change[0][1] is Mood.HAPPY
    assert 40.1 + SETTINGS.min_evidence_seconds <= change[0][0] <= 40.1 + 3.0 + 1.5


def test_low_confidence_faces_do_not_vote() -> None:
    settings = VotingSettings(min_reading_confidence=0.5)
    stream = [(t, [reading(Mood.FEAR, confidence=0.3)]) for t in frame_times(0.0, 10.0)]
    decisions = run(MoodVoter(settings), stream)
    assert all(d.mood is None for d in decisions)
    assert decisions[-1].faces == 1 and not decisions[-1].face_seen


def test_votes_are_weighted_by_face_confidence() -> None:
    stream = []
    for i, t in enumerate(frame_times(0.0, 3.0)):
        # as many sad frames as happy ones, but the sad face is found with little confidence
        stream.append((t, [reading(Mood.SAD, confidence=0.2) if i % 2
                           else reading(Mood.HAPPY, confidence=1.0)]))
    decision = run(MoodVoter(SETTINGS), stream)[-1]
    assert decision.mood is Mood.HAPPY
    assert decision.scores[Mood.HAPPY] > 3 * decision.scores[Mood.SAD]


def test_the_primary_face_votes_when_there_are_several() -> None:
    listener = reading(Mood.HAPPY, box=FaceBox(0, 0, 200, 200), primary=True)
    passer_by = reading(Mood.ANGRY, box=FaceBox(300, 0, 60, 60), primary=False)
    assert voting_reading([passer_by, listener]) is listener
    assert voting_reading([passer_by, reading(Mood.SAD, box=FaceBox(0, 0, 90, 90),
                                              primary=False)]).dominant is Mood.SAD
    decisions = run(MoodVoter(SETTINGS), [(t, [passer_by, listener])
                                          for t in frame_times(0.0, 2.0)])
    assert decisions[-1].mood is Mood.HAPPY and decisions[-1].faces == 2


def test_settings_change_the_window_margin_and_dwell() -> None:
    quick = VotingSettings(window_seconds=1.0, margin=0.0, dwell_seconds=0.0,
                           min_evidence_seconds=0.2)
    stream = steady(Mood.HAPPY, 0.0, 3.0, share=1.0) + steady(Mood.SAD, 3.1, 5.0, share=1.0)
    # window 1 s = 10 frames: sad leads happy once it has 6 of them (3.6 s); no dwell
    assert switches(run(MoodVoter(quick), stream)) == [(0.2, Mood.HAPPY), (3.6, Mood.SAD)]


def test_source_time_going_back_starts_afresh() -> None:
    voter = MoodVoter(SETTINGS)
    run(voter, steady(Mood.HAPPY, 0.0, 5.0))
    decision = voter.update(0.0, [reading(Mood.SAD)])
    assert decision.mood is None and voter.mood is None


def test_scores_cover_every_mood_in_order() -> None:
    decision = run(MoodVoter(SETTINGS), steady(Mood.HAPPY, 0.0, 2.0))[-1]
    assert list(decision.scores) == list(MOOD_ORDER)
    assert decision.leading is Mood.HAPPY
