"""PlayQueue: the order tracks play in under repeat and shuffle, and noticing total failure."""

from __future__ import annotations

import random

from moodplayer.music.play_queue import NextQueue, PlayQueue
from moodplayer.music.player_api import RepeatMode
from moodplayer.music.tracks import Track

TRACKS = [Track(f"/m/{n}.ogg", str(n)) for n in range(5)]


def queue(shuffle: bool = False, repeat: RepeatMode = RepeatMode.ALL, start: int = 0,
          seed: int = 3) -> PlayQueue:
    play_queue = PlayQueue(random.Random(seed))
    play_queue.shuffle, play_queue.repeat = shuffle, repeat
    play_queue.set_tracks(TRACKS, start)
    return play_queue


def play_through(play_queue: PlayQueue, count: int) -> list[int]:
    order = [play_queue.current] + [play_queue.advance(natural=True) for _ in range(count - 1)]
    assert None not in order
    return [index for index in order if index is not None]


def test_in_order_it_loops_from_the_start_index() -> None:
    assert play_through(queue(start=3), 7) == [3, 4, 0, 1, 2, 3, 4]


def test_an_empty_queue_has_nothing_to_play() -> None:
    play_queue = queue()
    play_queue.set_tracks([])
    assert play_queue.current is None and play_queue.advance(natural=True) is None


def test_repeat_one_replays_unless_the_listener_moves_on() -> None:
    play_queue = queue(repeat=RepeatMode.ONE, start=4)
    assert play_queue.advance(natural=True) == 4
    assert play_queue.advance(natural=False) == 0  # next wraps like repeat all


def test_repeat_off_ends_after_the_last_track() -> None:
    play_queue = queue(repeat=RepeatMode.OFF, start=3)
    assert [play_queue.advance(natural=True) for _ in range(2)] == [4, None]


def test_shuffled_passes_hold_every_track_once_and_never_repeat_at_the_seam() -> None:
    for seed in range(30):
        order = play_through(queue(shuffle=True, start=2, seed=seed), 15)
        assert order[0] == 2
        passes = [order[0:5], order[5:10], order[10:15]]
        assert all(sorted(p) == [0, 1, 2, 3, 4] for p in passes)
        assert order[4] != order[5] and order[9] != order[10]


def test_turning_shuffle_on_keeps_the_current_track_first() -> None:
    play_queue = queue(start=3)
    play_queue.set_shuffle(True)
    assert play_queue.current == 3 and play_queue.order[0] == 3
    play_queue.set_shuffle(False)
    assert play_queue.current == 3 and play_queue.order == [0, 1, 2, 3, 4]


def test_jumping_in_a_shuffled_pass_keeps_the_rest_to_come() -> None:
    play_queue = queue(shuffle=True)
    coming = play_queue.order[1:]
    play_queue.jump(coming[2])
    rest = play_through(play_queue, 4)[1:]
    assert sorted([coming[2], *rest]) == sorted(coming)


def test_step_back_goes_back_and_wraps_only_with_repeat_all() -> None:
    play_queue = queue(start=1)
    assert play_queue.step_back() == 0
    assert play_queue.step_back() == 4
    play_queue.repeat = RepeatMode.OFF
    play_queue.jump(0)
    assert play_queue.step_back() is None


def test_a_queue_fails_when_every_track_failed_since_one_played() -> None:
    play_queue = queue()
    assert not any(play_queue.mark_failed(n) for n in range(4))
    play_queue.mark_played()
    assert not any(play_queue.mark_failed(n) for n in range(4))
    assert play_queue.mark_failed(4)


def test_the_next_queue_replaces_the_queue_when_taken() -> None:
    play_queue = queue()
    assert not play_queue.take_next_queue()
    play_queue.next_queue = NextQueue(tuple(TRACKS[:2]), 1)
    assert play_queue.take_next_queue()
    assert play_queue.tracks == TRACKS[:2] and play_queue.current == 1
    assert play_queue.next_queue is None
