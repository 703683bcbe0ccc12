"""The mirror and lift paths from a mood to the music over the following songs."""

from __future__ import annotations

from moodplayer.moods import Mood
from moodplayer.music.music_path import LIFTED_MOODS, describe_path, music_path


def test_lift_takes_the_unpleasant_moods_through_calmer_to_brighter_music() -> None:
    assert {Mood.SAD, Mood.ANGRY, Mood.FEAR, Mood.DISGUST} == LIFTED_MOODS
    for mood in LIFTED_MOODS:
        assert music_path(mood, "lift") == (mood, Mood.NEUTRAL, Mood.HAPPY)


def test_other_moods_and_mirror_play_the_moods_own_music() -> None:
    for mood in (Mood.HAPPY, Mood.SURPRISE, Mood.NEUTRAL):
        assert music_path(mood, "lift") == (mood,)
    for mood in Mood:
        assert music_path(mood, "mirror") == (mood,)


def test_a_path_reads_as_words() -> None:
    assert describe_path((Mood.FEAR,)) == "fear music"
    assert describe_path(music_path(Mood.FEAR, "lift")) == (
        "fear music, then calmer (neutral), then brighter (happy)")
