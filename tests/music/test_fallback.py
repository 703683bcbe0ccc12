from moodplayer.moods import Mood
from moodplayer.music.fallback import fallback_order


def test_the_configured_mood_comes_first_then_calm_before_loud() -> None:
    assert fallback_order(Mood.SAD, "surprise") == [
        Mood.SURPRISE, Mood.NEUTRAL, Mood.HAPPY, Mood.FEAR, Mood.DISGUST, Mood.ANGRY]


def test_the_wanted_mood_is_never_its_own_fallback() -> None:
    order = fallback_order(Mood.NEUTRAL, "neutral")
    assert Mood.NEUTRAL not in order and order[0] is Mood.HAPPY
    assert len(order) == 6


def test_an_unknown_fallback_name_is_skipped() -> None:
    assert fallback_order(Mood.ANGRY, "bored")[0] is Mood.NEUTRAL
