"""Which music a mood leads to, over the following songs: the mirror and lift strategies.

``mirror`` plays the music of the mood itself, for as long as the mood lasts.

``lift`` follows the iso principle of music therapy: meet the listener where they are, then
move gently. For the four unpleasant moods it starts with music that matches the mood, moves
to calmer music, then to brighter music, a few songs per step, and stays there::

    sad     -> 2 sad songs     -> 2 neutral songs (calmer) -> happy music (brighter), looping
    angry   -> 2 angry songs   -> 2 neutral songs          -> happy music
    fear    -> 2 fear songs    -> 2 neutral songs          -> happy music
    disgust -> 2 disgust songs -> 2 neutral songs          -> happy music

Every other mood (happy, surprise, neutral) is mirrored under ``lift`` too. A step whose
playlist is empty is skipped. When the mood in force changes, its own path starts over.
"""

from __future__ import annotations

from moodplayer.moods import Mood

LIFTED_MOODS: frozenset[Mood] = frozenset({Mood.SAD, Mood.ANGRY, Mood.FEAR, Mood.DISGUST})
CALMER: Mood = Mood.NEUTRAL
BRIGHTER: Mood = Mood.HAPPY
SONGS_PER_STEP = 2
"""Songs played at each step of a lift path before moving on (the last step loops)."""

STEP_WORDS: dict[int, str] = {1: "calmer", 2: "brighter"}


def music_path(mood: Mood, strategy: str) -> tuple[Mood, ...]:
    """The moods whose music plays, step by step, for a listener in ``mood``."""
    if strategy == "lift" and mood in LIFTED_MOODS:
        return (mood, CALMER, BRIGHTER)
    return (mood,)


def describe_path(path: tuple[Mood, ...]) -> str:
    """The path in words, e.g. ``sad music, then calmer (neutral), then brighter (happy)``."""
    words = [f"{path[0].value} music"]
    for step, mood in enumerate(path[1:], start=1):
        words.append(f"{STEP_WORDS.get(step, 'then')} ({mood.value})")
    return ", then ".join(words)
