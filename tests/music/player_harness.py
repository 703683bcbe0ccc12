"""One way to drive either player in tests: collect its events, wait for them, let time pass.

The fake player runs on a manual clock (waiting advances it); the libVLC player runs in real
time (waiting polls). Both write nothing to a sound card: VlcPlayer plays into a WAV file.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from moodplayer.music.fake_player import FakePlayer
from moodplayer.music.player_api import PlayerEvent, PlayerEventKind
from moodplayer.music.queued_player import QueuedPlayer
from moodplayer.music.tracks import Track

STEP = 0.02


class PlayerHarness:
    """A player under test with the events it delivered."""

    def __init__(self, player: QueuedPlayer, *, real_time: bool) -> None:
        self.player = player
        self.real_time = real_time
        self.events: list[PlayerEvent] = []
        self.threads: set[str] = set()
        self._lock = threading.Lock()
        player.on_event = self._collect

    def _collect(self, event: PlayerEvent) -> None:
        with self._lock:
            self.events.append(event)
            self.threads.add(threading.current_thread().name)

    def snapshot(self) -> list[PlayerEvent]:
        with self._lock:
            return list(self.events)

    def of_kind(self, kind: PlayerEventKind) -> list[PlayerEvent]:
        return [e for e in self.snapshot() if e.kind is kind]

    def started(self) -> list[int]:
        """Queue indices of the tracks started, in order."""
        return [e.index for e in self.of_kind(PlayerEventKind.TRACK_STARTED)
                if e.index is not None]

    def let_time_pass(self, seconds: float) -> None:
        if self.real_time:
            time.sleep(seconds)
        else:
            assert isinstance(self.player, FakePlayer)
            self.player.advance(seconds)

    def wait_until(self, condition: Callable[[], bool], timeout: float = 8.0) -> bool:
        """Let time pass until ``condition()`` holds; false when ``timeout`` passed first."""
        waited = 0.0
        while not condition():
            if waited >= timeout:
                return False
            self.let_time_pass(STEP if self.real_time else 0.05)
            waited += STEP if self.real_time else 0.05
        return True

    def wait_for(self, kind: PlayerEventKind, count: int = 1,
                 timeout: float = 8.0) -> PlayerEvent:
        """The ``count``-th event of ``kind``, waiting for it to arrive."""
        arrived = self.wait_until(lambda: len(self.of_kind(kind)) >= count, timeout)
        assert arrived, f"no {count}x {kind.value} within {timeout}s: {self.snapshot()}"
        return self.of_kind(kind)[count - 1]

    def close(self) -> None:
        self.player.close()


def tracks_from(paths: list[Path], durations: dict[Path, float]) -> list[Track]:
    """Tracks for files, with their known lengths (the fake player needs them)."""
    return [Track(str(p), p.stem, duration=durations.get(p)) for p in paths]
