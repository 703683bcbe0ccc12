"""FakePlayer specifics: the manual clock, fault injection, events as time passes."""

from __future__ import annotations

from moodplayer.music.fake_player import FakePlayer
from moodplayer.music.player_api import PlaybackState, PlayerEvent, PlayerEventKind
from moodplayer.music.tracks import Track

SONGS = [Track(f"/m/{n}.ogg", str(n), duration=2.0) for n in range(3)]


def test_nothing_happens_until_the_clock_is_advanced() -> None:
    player = FakePlayer()
    player.set_queue(SONGS)
    assert player.position == 0.0 and player.clock == 0.0
    player.advance(1.5)
    assert (player.current_index, player.position) == (0, 1.5)
    player.advance(1.0)
    assert (player.current_index, player.position) == (1, 0.5)


def test_a_track_made_unplayable_later_fails_when_it_comes() -> None:
    player = FakePlayer()
    errors: list[PlayerEvent] = []
    player.on_event = lambda e: errors.append(e) if e.kind is PlayerEventKind.ERROR else None
    player.set_queue(SONGS)
    player.unplayable.add(SONGS[1].location)
    player.advance(2.0)
    assert player.current_index == 2
    assert [e.index for e in errors] == [1]


def test_events_arrive_as_time_passes_so_a_handler_can_act_between_songs() -> None:
    player = FakePlayer()

    def handler(event: PlayerEvent) -> None:
        if event.kind is PlayerEventKind.TRACK_ENDED and event.index == 0:
            player.stop()  # the listener stops after the first song

    player.on_event = handler
    player.set_queue(SONGS)
    player.advance(10.0)
    assert player.state is PlaybackState.STOPPED and player.clock == 10.0


def test_an_unknown_length_uses_the_default_duration() -> None:
    player = FakePlayer(default_duration=4.0)
    player.set_queue([Track("/m/x.ogg", "x")])
    assert player.duration == 4.0
    player.close()
    assert player.closed and player.state is PlaybackState.STOPPED
