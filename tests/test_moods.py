import re

import pytest

from moodplayer.moods import MOOD_NAMES, Mood, MoodDecision


def test_moods_are_in_the_emotion_models_output_order() -> None:
    assert MOOD_NAMES == ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
    assert [m.index for m in Mood] == list(range(7))


def test_every_mood_has_a_name_a_colour_and_a_symbol() -> None:
    for mood in Mood:
        assert mood.display_name
        assert re.fullmatch(r"#[0-9a-f]{6}", mood.colour)
        assert mood.symbol
    assert len({m.colour for m in Mood}) == 7


@pytest.mark.parametrize(("text", "mood"), [
    ("happy", Mood.HAPPY), ("Happiness", Mood.HAPPY), ("anger", Mood.ANGRY),
    ("sadness", Mood.SAD), (" NEUTRAL ", Mood.NEUTRAL), ("surprised", Mood.SURPRISE),
])
def test_parse_accepts_names_and_dataset_spellings(text: str, mood: Mood) -> None:
    assert Mood.parse(text) is mood


def test_parse_names_the_choices_when_the_mood_is_unknown() -> None:
    with pytest.raises(ValueError, match="choose one of: angry, disgust"):
        Mood.parse("bored")


def test_decision_reports_its_leading_mood() -> None:
    decision = MoodDecision(1.0, Mood.SAD, 0.5, {Mood.SAD: 0.3, Mood.HAPPY: 0.7})
    assert decision.leading is Mood.HAPPY
    assert MoodDecision(0.0, None, 0.0).leading is None
