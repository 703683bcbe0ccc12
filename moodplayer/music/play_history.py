"""What was played lately, so a song is not repeated too soon, and where to start a playlist.

:class:`PlayHistory` keeps the locations of the songs started, newest last.
:meth:`PlayHistory.choose_start` picks where a playlist starts: after the song it was left at
(so each mood resumes where it was), skipping songs played within the last ``no_repeat_within``
plays when the playlist has others; when every song was played that recently, the one played
longest ago.
"""

from __future__ import annotations

import collections
from collections.abc import Sequence

from moodplayer.music.tracks import Track

KEPT_PLAYS = 500


class PlayHistory:
    """The most recent plays (track locations), newest last."""

    def __init__(self, no_repeat_within: int) -> None:
        self.no_repeat_within = max(0, no_repeat_within)
        self._plays: collections.deque[str] = collections.deque(maxlen=KEPT_PLAYS)

    def record(self, location: str) -> None:
        """A song started."""
        self._plays.append(location)

    @property
    def plays(self) -> list[str]:
        """Every remembered play, oldest first."""
        return list(self._plays)

    def recent(self) -> list[str]:
        """The last ``no_repeat_within`` plays, oldest first."""
        if self.no_repeat_within == 0:
            return []
        return list(self._plays)[-self.no_repeat_within:]

    def plays_ago(self, location: str) -> int | None:
        """How many plays ago ``location`` last started (1 = the latest), or ``None``."""
        for age, played in enumerate(reversed(self._plays), start=1):
            if played == location:
                return age
        return None

    def choose_start(self, tracks: Sequence[Track], after: str | None = None) -> int:
        """Index of the track to start ``tracks`` with (0 for an empty list)."""
        if not tracks:
            return 0
        locations = [t.location for t in tracks]
        first = (locations.index(after) + 1) % len(tracks) if after in locations else 0
        cyclic = [(first + step) % len(tracks) for step in range(len(tracks))]
        recent = set(self.recent())
        for index in cyclic:
            if locations[index] not in recent:
                return index

        def age(index: int) -> int:
            ago = self.plays_ago(locations[index])
            return ago if ago is not None else len(self._plays) + 1

        return max(cyclic, key=age)  # played longest ago; ties keep the cyclic order
