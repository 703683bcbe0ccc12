"""The play queue's order: which track comes next under repeat and shuffle, and what failed.

:class:`PlayQueue` is pure bookkeeping with no audio and no threads; both players
(:mod:`~moodplayer.music.queued_player` and its subclasses) move through their tracks with it.

* The play order is a list of track indices. Without shuffle it is the playlist order; with
  shuffle it is a random permutation, and every track plays once before any repeats. A new
  shuffled pass never starts with the track that ended the previous one.
* ``repeat`` ALL wraps to a new pass, ONE replays the track when it ends by itself (``next``
  still moves on), OFF stops after the last track.
* A *next queue* may wait for the current track to end ("play sad music after this song").
* Tracks that failed since the last one that played are remembered, so a queue in which nothing
  plays is noticed instead of looping for ever.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from moodplayer.music.player_api import RepeatMode
from moodplayer.music.tracks import Track


@dataclass(frozen=True)
class NextQueue:
    """A queue waiting to replace the current one when the current track ends."""

    tracks: tuple[Track, ...]
    start_index: int


class PlayQueue:
    """Tracks, the order they play in, and where we are in it."""

    def __init__(self, rng: random.Random | None = None) -> None:
        self._rng = rng or random.Random()
        self.tracks: list[Track] = []
        self._order: list[int] = []
        self._cursor = 0
        self.shuffle = False
        self.repeat = RepeatMode.ALL
        self.next_queue: NextQueue | None = None
        self.failed: set[int] = set()

    # ------------------------------------------------------------------ reading

    @property
    def current(self) -> int | None:
        """Index (into :attr:`tracks`) of the current track, or ``None`` when empty."""
        if not self._order:
            return None
        return self._order[self._cursor]

    @property
    def current_track(self) -> Track | None:
        index = self.current
        return None if index is None else self.tracks[index]

    @property
    def order(self) -> list[int]:
        """The play order of this pass (track indices)."""
        return list(self._order)

    # ------------------------------------------------------------------ changing

    def set_tracks(self, tracks: Sequence[Track], start_index: int = 0) -> None:
        """Replace the tracks; ``start_index`` plays first. Forgets failures and the next queue."""
        self.tracks = list(tracks)
        self.failed.clear()
        self.next_queue = None
        if not self.tracks:
            self._order, self._cursor = [], 0
            return
        start = min(max(start_index, 0), len(self.tracks) - 1)
        self._order = self._new_order(first=start)
        self._cursor = 0 if self.shuffle else start

    def set_shuffle(self, shuffle: bool) -> None:
        """Turn shuffle on (the current track stays first of a new pass) or off."""
        if shuffle == self.shuffle:
            return
        self.shuffle = shuffle
        current = self.current
        if current is None:
            return
        self._order = self._new_order(first=current)
        self._cursor = 0 if shuffle else current

    def jump(self, index: int) -> None:
        """Make track ``index`` the current one (the rest of a shuffled pass stays to come)."""
        if not 0 <= index < len(self.tracks):
            raise IndexError(f"no track {index} in a queue of {len(self.tracks)}")
        if not self.shuffle:
            self._cursor = index
            return
        played = [i for i in self._order[: self._cursor + 1] if i != index]
        coming = [i for i in self._order[self._cursor + 1:] if i != index]
        self._order = [*played, index, *coming]
        self._cursor = len(played)

    def advance(self, *, natural: bool) -> int | None:
        """Move to the track after the current one and return it, or ``None`` to stop.

        ``natural`` is true when the current track ended by itself (repeat ONE replays it);
        false for the listener's *next* and for a track that failed.
        """
        if not self._order:
            return None
        if natural and self.repeat is RepeatMode.ONE:
            return self.current
        if self._cursor + 1 < len(self._order):
            self._cursor += 1
            return self.current
        if self.repeat is RepeatMode.OFF:
            return None
        last = self.current
        if self.shuffle:
            self._order = self._new_order(avoid_first=last)
        self._cursor = 0
        return self.current

    def rewind(self) -> None:
        """Go back to the first track of the pass (after the queue ran out with repeat OFF)."""
        self._cursor = 0

    def step_back(self) -> int | None:
        """Move to the track before the current one, or ``None`` at the start (restart it)."""
        if not self._order:
            return None
        if self._cursor > 0:
            self._cursor -= 1
            return self.current
        if self.repeat is RepeatMode.ALL and len(self._order) > 1:
            self._cursor = len(self._order) - 1
            return self.current
        return None

    def take_next_queue(self) -> bool:
        """Switch to the waiting next queue, if any; true when it switched."""
        waiting = self.next_queue
        if waiting is None:
            return False
        self.set_tracks(waiting.tracks, waiting.start_index)
        return True

    # ------------------------------------------------------------------ failures

    def mark_failed(self, index: int) -> bool:
        """Remember that track ``index`` failed; true when every track has now failed."""
        self.failed.add(index)
        return len(self.failed) >= len(self.tracks)

    def mark_played(self) -> None:
        """A track played: earlier failures no longer mean the whole queue is broken."""
        self.failed.clear()

    # ------------------------------------------------------------------ helpers

    def _new_order(self, first: int | None = None, avoid_first: int | None = None) -> list[int]:
        indices = list(range(len(self.tracks)))
        if not self.shuffle:
            return indices
        if first is not None:
            rest = [i for i in indices if i != first]
            self._rng.shuffle(rest)
            return [first, *rest]
        self._rng.shuffle(indices)
        if avoid_first is not None and len(indices) > 1 and indices[0] == avoid_first:
            swap = self._rng.randrange(1, len(indices))
            indices[0], indices[swap] = indices[swap], indices[0]
        return indices
