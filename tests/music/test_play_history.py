"""PlayHistory: where a playlist starts so songs do not repeat too soon."""

from __future__ import annotations

from moodplayer.music.play_history import PlayHistory
from moodplayer.music.tracks import Track

SONGS = [Track(f"/m/{name}.ogg", name) for name in "abcd"]


def history(*played: str, within: int = 2) -> PlayHistory:
    plays = PlayHistory(within)
    for name in played:
        plays.record(f"/m/{name}.ogg")
    return plays


def test_a_playlist_resumes_after_the_song_it_was_left_at() -> None:
    assert history().choose_start(SONGS, after="/m/b.ogg") == 2
    assert history().choose_start(SONGS, after="/m/d.ogg") == 0  # wraps
    assert history().choose_start(SONGS, after="/m/gone.ogg") == 0


def test_songs_played_within_the_last_n_plays_are_skipped() -> None:
    assert history("c", "a").choose_start(SONGS) == 1
    assert history("c", "a", "d").choose_start(SONGS, after="/m/b.ogg") == 2  # c is 3 plays ago


def test_when_all_were_played_lately_the_oldest_play_starts() -> None:
    plays = history("b", "a", "c", "d", within=4)
    assert plays.choose_start(SONGS) == 1
    assert plays.plays_ago("d") is None and plays.plays_ago("/m/d.ogg") == 1


def test_no_repeat_within_0_keeps_nothing_back() -> None:
    assert history("a", within=0).choose_start(SONGS) == 0
    assert history().choose_start([]) == 0
