"""The one Player test suite, run against the fake player and the libVLC player alike."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from moodplayer.music.fake_player import FakePlayer
from moodplayer.music.player_api import PlaybackState, PlayerEventKind, RepeatMode
from moodplayer.music.tracks import Track
from moodplayer.music.vlc_player import VlcPlayer
from tests.music.player_harness import PlayerHarness
from tests.music.tones import write_corrupt, write_tone

SHORT = 1.0
LONG = 5.0


@dataclass(frozen=True)
class Media:
    """Generated files: short tones, one long tone, and files libVLC cannot play."""

    short: tuple[Track, ...]
    long: Track
    broken: tuple[Track, ...]


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Media:
    folder = tmp_path_factory.mktemp("contract-media")
    short = tuple(
        Track(str(write_tone(folder / f"tone{n}.wav", SHORT, 330.0 + 110 * n)), f"tone{n}",
              duration=SHORT)
        for n in range(4))
    long = Track(str(write_tone(folder / "long.wav", LONG, 220.0)), "long", duration=LONG)
    broken = (
        Track(str(write_corrupt(folder / "garbage.mp3")), "garbage"),
        Track(str(write_corrupt(folder / "noise.ogg", seed=2)), "noise"),
        Track(str(folder / "missing.flac"), "missing"),
    )
    return Media(short, long, broken)


@pytest.fixture(params=["fake", "vlc"])
def harness(request: pytest.FixtureRequest, media: Media,
            tmp_path: Path) -> Iterator[PlayerHarness]:
    if request.param == "fake":
        player: FakePlayer | VlcPlayer = FakePlayer(
            unplayable={t.location for t in media.broken})
        rig = PlayerHarness(player, real_time=False)
    else:
        rig = PlayerHarness(VlcPlayer(audio_file=tmp_path / "out.wav"), real_time=True)
    yield rig
    rig.close()


def test_a_new_queue_plays_its_start_track(harness: PlayerHarness, media: Media) -> None:
    harness.player.set_queue(media.short[:3], start_index=1)
    started = harness.wait_for(PlayerEventKind.TRACK_STARTED)
    assert (started.index, started.track) == (1, media.short[1])
    assert started.duration == pytest.approx(SHORT, abs=0.05)
    assert harness.player.state is PlaybackState.PLAYING
    assert harness.player.current_track == media.short[1]


def test_a_queue_set_without_play_waits(harness: PlayerHarness, media: Media) -> None:
    harness.player.set_queue(media.short[:2], play=False)
    harness.let_time_pass(0.3)
    assert harness.player.state is PlaybackState.STOPPED
    assert harness.started() == []
    harness.player.play()
    assert harness.wait_for(PlayerEventKind.TRACK_STARTED).index == 0


def test_the_queue_loops_past_its_end_by_default(harness: PlayerHarness, media: Media) -> None:
    assert harness.player.repeat is RepeatMode.ALL
    harness.player.set_queue(media.short[:2])
    harness.wait_for(PlayerEventKind.TRACK_STARTED, count=3)
    assert harness.started()[:3] == [0, 1, 0]
    ended = harness.of_kind(PlayerEventKind.TRACK_ENDED)
    assert [e.index for e in ended[:2]] == [0, 1]


def test_repeat_one_replays_the_song(harness: PlayerHarness, media: Media) -> None:
    harness.player.set_repeat(RepeatMode.ONE)
    harness.player.set_queue(media.short[:2])
    harness.wait_for(PlayerEventKind.TRACK_STARTED, count=2)
    assert harness.started()[:2] == [0, 0]
    harness.player.next()  # the listener can still move on
    harness.wait_for(PlayerEventKind.TRACK_STARTED, count=3)
    assert harness.started()[2] == 1


def test_repeat_off_stops_after_the_last_song(harness: PlayerHarness, media: Media) -> None:
    harness.player.set_repeat(RepeatMode.OFF)
    harness.player.set_queue(media.short[:2])
    assert harness.wait_until(lambda: harness.player.state is PlaybackState.STOPPED
                              and len(harness.started()) == 2)
    harness.let_time_pass(0.3)
    assert harness.started() == [0, 1]
    assert harness.player.position == 0.0


def test_next_and_previous_move_through_the_queue(harness: PlayerHarness, media: Media) -> None:
    harness.player.set_queue(media.short[:3])
    harness.wait_for(PlayerEventKind.TRACK_STARTED)
    harness.player.next()
    harness.wait_for(PlayerEventKind.TRACK_STARTED, count=2)
    harness.player.previous()
    harness.wait_for(PlayerEventKind.TRACK_STARTED, count=3)
    harness.player.previous()  # at the first track, repeat all wraps to the last
    harness.wait_for(PlayerEventKind.TRACK_STARTED, count=4)
    assert harness.started()[:4] == [0, 1, 0, 2]


def test_previous_restarts_a_song_played_longer_than_3_seconds(
        harness: PlayerHarness, media: Media) -> None:
    harness.player.set_queue([media.short[0], media.long], start_index=1)
    harness.wait_for(PlayerEventKind.TRACK_STARTED)
    harness.player.seek(3.5)
    assert harness.player.position >= 3.4
    harness.player.previous()
    assert harness.player.current_index == 1
    assert harness.player.position < 1.0
    harness.let_time_pass(0.3)
    assert harness.started() == [1]  # restarted in place, not started anew


def test_shuffle_plays_every_track_once_before_repeating(
        harness: PlayerHarness, media: Media) -> None:
    harness.player.set_shuffle(True)
    harness.player.set_queue(media.short)
    for count in range(1, 9):
        harness.wait_for(PlayerEventKind.TRACK_STARTED, count=count)
        harness.player.next()
    harness.wait_for(PlayerEventKind.TRACK_STARTED, count=9)
    order = harness.started()
    assert sorted(order[:4]) == [0, 1, 2, 3]
    assert sorted(order[4:8]) == [0, 1, 2, 3]
    assert order[4] != order[3]  # a new pass does not start with the song that just played


def test_pause_holds_the_position_and_play_resumes(harness: PlayerHarness, media: Media) -> None:
    harness.player.set_queue([media.long])
    harness.wait_for(PlayerEventKind.TRACK_STARTED)
    harness.let_time_pass(0.5)
    harness.player.pause()
    assert harness.player.state is PlaybackState.PAUSED
    held = harness.player.position
    harness.let_time_pass(0.5)
    assert harness.player.position == pytest.approx(held, abs=0.15)
    harness.player.toggle_pause()
    assert harness.player.state is PlaybackState.PLAYING

    def states() -> list[PlaybackState | None]:
        return [e.state for e in harness.of_kind(PlayerEventKind.STATE_CHANGED)]

    assert harness.wait_until(lambda: states()[-2:] == [PlaybackState.PAUSED,
                                                        PlaybackState.PLAYING], timeout=2)


def test_seek_moves_the_position_within_the_song(harness: PlayerHarness, media: Media) -> None:
    harness.player.set_queue([media.long])
    harness.wait_for(PlayerEventKind.TRACK_STARTED)
    harness.player.seek(2.5)
    assert harness.player.position == pytest.approx(2.5, abs=0.3)
    harness.player.seek(99)  # past the end: clamped to the song
    assert harness.player.position <= LONG
    assert harness.player.duration == pytest.approx(LONG, abs=0.05)


def test_volume_and_mute_set_what_is_heard(harness: PlayerHarness, media: Media) -> None:
    player = harness.player
    player.set_volume(150)
    assert player.volume == 100
    player.set_volume(40)
    assert (player.volume, player.output_volume) == (40, 40.0)
    player.set_muted(True)
    assert player.muted and player.output_volume == 0.0
    player.set_muted(False)
    assert player.output_volume == 40.0


def test_a_fade_steps_the_volume_and_then_calls_back(harness: PlayerHarness, media: Media) -> None:
    player = harness.player
    player.set_queue([media.long])
    harness.wait_for(PlayerEventKind.TRACK_STARTED)
    calls: list[float] = []
    player.fade_to(0.0, 0.4, then=lambda: calls.append(player.fade_factor))
    assert player.fading
    assert harness.wait_until(lambda: calls != [], timeout=3)
    assert calls == [0.0]
    assert player.volume == 100 and player.output_volume == 0.0  # the volume itself is kept
    player.fade_to(1.0, 0.0)
    assert player.output_volume == 100.0


def test_an_unplayable_track_is_skipped_with_an_error(harness: PlayerHarness, media: Media) -> None:
    queue = [media.short[0], media.broken[0], media.broken[2], media.short[1]]
    harness.player.set_queue(queue)
    harness.wait_for(PlayerEventKind.TRACK_STARTED, count=2)
    assert harness.started()[:2] == [0, 3]
    errors = harness.of_kind(PlayerEventKind.ERROR)
    assert [e.index for e in errors] == [1, 2]
    assert "garbage" in errors[0].message and "missing" in errors[1].message
    assert harness.of_kind(PlayerEventKind.QUEUE_FAILED) == []


def test_a_queue_where_nothing_plays_stops_with_a_clear_error(
        harness: PlayerHarness, media: Media) -> None:
    harness.player.set_queue(media.broken)
    failed = harness.wait_for(PlayerEventKind.QUEUE_FAILED)
    assert "could be played" in failed.message or "could not be played" in failed.message
    assert "3 tracks" in failed.message
    assert harness.player.state is PlaybackState.STOPPED
    harness.let_time_pass(0.5)
    assert len(harness.of_kind(PlayerEventKind.ERROR)) == 3  # each tried once: no spinning
    assert len(harness.of_kind(PlayerEventKind.QUEUE_FAILED)) == 1


def test_a_next_queue_waits_for_the_song_to_end(harness: PlayerHarness, media: Media) -> None:
    harness.player.set_queue(media.short[:2])
    harness.wait_for(PlayerEventKind.TRACK_STARTED)
    harness.player.set_next_queue([media.short[2], media.short[3]], start_index=1)
    assert harness.player.queue == list(media.short[:2])  # not yet
    started = harness.wait_for(PlayerEventKind.TRACK_STARTED, count=2)
    assert started.track == media.short[3]
    assert harness.player.queue == [media.short[2], media.short[3]]


def test_next_takes_the_next_queue_and_none_cancels_it(
        harness: PlayerHarness, media: Media) -> None:
    harness.player.set_queue([media.long])
    harness.wait_for(PlayerEventKind.TRACK_STARTED)
    harness.player.set_next_queue([media.short[0]])
    harness.player.set_next_queue(None)
    harness.player.set_next_queue([media.short[1]])
    harness.player.next()
    started = harness.wait_for(PlayerEventKind.TRACK_STARTED, count=2)
    assert started.track == media.short[1]


def test_stop_then_play_starts_the_song_again(harness: PlayerHarness, media: Media) -> None:
    harness.player.set_queue(media.short[:2], start_index=1)
    harness.wait_for(PlayerEventKind.TRACK_STARTED)
    harness.player.stop()
    assert harness.player.state is PlaybackState.STOPPED
    assert harness.player.position == 0.0
    harness.player.play()
    assert harness.wait_for(PlayerEventKind.TRACK_STARTED, count=2).index == 1


def test_play_index_jumps_to_a_track(harness: PlayerHarness, media: Media) -> None:
    harness.player.set_queue(media.short)
    harness.wait_for(PlayerEventKind.TRACK_STARTED)
    harness.player.play_index(3)
    assert harness.wait_for(PlayerEventKind.TRACK_STARTED, count=2).index == 3
    with pytest.raises(IndexError):
        harness.player.play_index(9)


def test_an_empty_queue_is_quietly_stopped(harness: PlayerHarness) -> None:
    harness.player.set_queue([])
    harness.player.play()
    harness.player.next()
    harness.player.previous()
    harness.let_time_pass(0.2)
    assert harness.player.state is PlaybackState.STOPPED
    assert harness.player.current_track is None
    assert harness.started() == []


def test_position_events_arrive_while_playing(harness: PlayerHarness, media: Media) -> None:
    harness.player.set_queue([media.long])
    harness.wait_for(PlayerEventKind.TRACK_STARTED)
    harness.let_time_pass(1.2)
    positions = [e.position for e in harness.of_kind(PlayerEventKind.POSITION)]
    assert positions and max(p for p in positions if p is not None) > 0.5
