"""Which mood's music plays when a mood has none: one order, used by the library and the DJ.

First the configured fallback mood, then neutral, then the other moods from calm and bright
to dark and loud, so that a missing sad playlist never ends in angry music while calmer music
exists.
"""

from __future__ import annotations

import contextlib

from moodplayer.moods import Mood

CALM_FIRST: tuple[Mood, ...] = (
    Mood.NEUTRAL, Mood.HAPPY, Mood.SURPRISE, Mood.SAD, Mood.FEAR, Mood.DISGUST, Mood.ANGRY,
)


def fallback_order(wanted: Mood, fallback_mood: str) -> list[Mood]:
    """The moods to try, in order, when ``wanted`` has no music (``wanted`` itself excluded).

    ``fallback_mood`` is the setting's mood name; an unknown name is skipped.
    """
    order: list[Mood] = []
    with contextlib.suppress(ValueError):
        order.append(Mood.parse(fallback_mood))
    for mood in CALM_FIRST:
        if mood not in order:
            order.append(mood)
    return [mood for mood in order if mood is not wanted]
