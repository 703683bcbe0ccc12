"""The DJ: which music plays for which mood, and when, driven by decisions and the listener."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from moodplayer.moods import Mood, MoodDecision
from moodplayer.music.dj import DJ
from moodplayer.music.fake_player import FakePlayer
from moodplayer.music.player_api import PlaybackState as PlayerState
from moodplayer.music.player_api import PlayerEvent, PlayerEventKind, RepeatMode
from moodplayer.music.tracks import Track
from moodplayer.settings import MusicSettings, PlaybackState, SettingsStore

SONG = 10.0


def songs(mood: str, count: int = 3) -> list[Track]:
    return [Track(f"/music/{mood}/{mood}{n}.ogg", f"{mood} {n}", duration=SONG)
            for n in range(1, count + 1)]


@dataclass
class FakeLibrary:
    """A TrackSource from a table."""

    playlists: dict[Mood, list[Track]]

    def tracks_for(self, mood: Mood) -> list[Track]:
        return list(self.playlists.get(mood, []))


def every_mood(count: int = 3) -> dict[Mood, list[Track]]:
    return {mood: songs(mood.value, count) for mood in Mood}


@dataclass
class Rig:
    """A DJ over a fake player on a manual clock, with what it said and played."""

    playlists: dict[Mood, list[Track]] = field(default_factory=every_mood)
    music: MusicSettings = field(default_factory=MusicSettings)
    state: PlaybackState = field(default_factory=PlaybackState)
    unplayable: set[str] = field(default_factory=set)
    persist: Callable[[], object] | None = None
    songs_per_step: int = 2

    def __post_init__(self) -> None:
        self.now = 0.0
        self.notes: list[str] = []
        self.started: list[Track] = []
        self.player = FakePlayer(unplayable=self.unplayable)
        self.dj = DJ(self.player, FakeLibrary(self.playlists), self.music, self.state,
                     clock=lambda: self.now, persist=self.persist, on_note=self.notes.append,
                     songs_per_step=self.songs_per_step)
        self.player.on_event = self._deliver

    def _deliver(self, event: PlayerEvent) -> None:
        if event.kind is PlayerEventKind.TRACK_STARTED and event.track is not None:
            self.started.append(event.track)
        self.dj.on_player_event(event)

    def advance(self, seconds: float) -> None:
        self.now += seconds
        self.player.advance(seconds)

    def decide(self, mood: Mood | None) -> list[str]:
        return self.dj.on_decision(MoodDecision(timestamp=self.now, mood=mood, confidence=0.8))

    def moods_started(self) -> list[str]:
        return [t.location.split("/")[2] for t in self.started]

    def playing(self) -> str:
        track = self.player.current_track
        assert track is not None
        return track.location.split("/")[2]


@pytest.fixture
def rig() -> Rig:
    rig = Rig()
    rig.dj.start()
    return rig


def test_start_restores_the_saved_state_and_plays_the_last_mood() -> None:
    state = PlaybackState(last_mood="sad", volume=30, muted=True, shuffle=True, repeat="one")
    rig = Rig(state=state)
    notes = rig.dj.start()
    assert rig.player.volume == 30 and rig.player.muted
    assert rig.player.shuffle and rig.player.repeat is RepeatMode.ONE
    assert rig.playing() == "sad" and rig.player.state is PlayerState.PLAYING
    assert notes == ["Playing sad music"]


def test_start_with_the_first_mood_seen_plays_it_and_remembers_it() -> None:
    rig = Rig(state=PlaybackState(last_mood="sad", volume=30))
    notes = rig.dj.start(mood=Mood.HAPPY)
    assert rig.playing() == "happy" and rig.player.volume == 30
    assert rig.dj.mood is Mood.HAPPY and rig.dj.detected_mood is Mood.HAPPY
    assert rig.state.last_mood == "happy"
    assert notes == ["Playing happy music"]


def test_auto_follows_a_decision_at_the_end_of_the_song(rig: Rig) -> None:
    assert rig.decide(Mood.SAD) == ["Mood is now sad; playing sad music after this song"]
    rig.advance(SONG - 1)
    assert rig.playing() == "neutral"
    rig.advance(2)
    assert rig.playing() == "sad"
    assert (rig.dj.mood, rig.dj.playing_mood) == (Mood.SAD, Mood.SAD)
    assert rig.moods_started() == ["neutral", "sad"]


def test_an_uncertain_decision_changes_nothing(rig: Rig) -> None:
    assert rig.decide(None) == []
    assert rig.decide(Mood.NEUTRAL) == []
    rig.advance(SONG + 1)
    assert rig.moods_started() == ["neutral", "neutral"]


def test_immediate_mode_fades_out_switches_and_fades_in() -> None:
    rig = Rig(music=MusicSettings(switch_policy="immediate", fade_seconds=2.0))
    rig.dj.start()
    rig.advance(1.0)
    assert rig.decide(Mood.HAPPY) == ["Mood is now happy; switching to happy music"]
    rig.advance(1.0)
    assert rig.playing() == "neutral" and rig.player.fade_factor == pytest.approx(0.5, abs=0.05)
    rig.advance(1.05)
    assert rig.playing() == "happy"  # long before the neutral song's end
    assert rig.player.output_volume < 10
    rig.advance(2.0)
    assert rig.player.output_volume == rig.player.volume and not rig.player.fading
    assert rig.dj.playing_mood is Mood.HAPPY


def test_a_mood_that_comes_back_before_the_song_ends_cancels_the_switch(rig: Rig) -> None:
    rig.decide(Mood.SAD)
    assert rig.decide(Mood.NEUTRAL) == ["Mood is now neutral; the neutral music goes on"]
    rig.advance(SONG + 1)
    assert rig.moods_started() == ["neutral", "neutral"]


def test_a_manual_choice_overrides_decisions(rig: Rig) -> None:
    assert rig.dj.choose(Mood.HAPPY) == ["You chose happy; playing happy music after this song"]
    assert rig.decide(Mood.SAD) == []
    rig.advance(3 * SONG + 1)
    assert rig.moods_started() == ["neutral", "happy", "happy", "happy"]
    assert rig.dj.mode == "manual" and rig.state.mood_mode == "manual"


def test_a_manual_choice_may_switch_at_once(rig: Rig) -> None:
    rig.dj.choose(Mood.ANGRY, at_once=True)
    rig.advance(rig.music.fade_seconds + 0.1)
    assert rig.playing() == "angry"


def test_a_timed_lock_wins_over_decisions_until_it_ends() -> None:
    rig = Rig(music=MusicSettings(lock_minutes=10))
    rig.dj.start()
    assert rig.dj.choose(Mood.HAPPY, lock=True) == [
        "You chose happy, locked for 10 minutes; playing happy music after this song"]
    assert rig.dj.locked and rig.dj.lock_remaining() == 600
    rig.decide(Mood.SAD)
    rig.now += 599
    assert rig.dj.tick() == []
    rig.now += 2
    assert rig.dj.tick() == [
        "The lock on happy has ended",
        "Following your face again: mood is sad; playing sad music after this song"]
    assert rig.dj.mode == "auto" and not rig.dj.locked


def test_a_lock_of_0_minutes_lasts_until_the_listener_unlocks() -> None:
    rig = Rig(music=MusicSettings(lock_minutes=0))
    rig.dj.start()
    rig.dj.choose(Mood.HAPPY, lock=True)
    rig.decide(Mood.SAD)
    rig.now += 24 * 3600
    assert rig.dj.tick() == []
    assert rig.dj.locked and rig.dj.lock_remaining() is None and rig.dj.mood is Mood.HAPPY


def test_returning_to_auto_resumes_following_the_face(rig: Rig) -> None:
    rig.dj.choose(Mood.HAPPY)
    rig.advance(SONG + 1)
    rig.decide(Mood.FEAR)
    assert rig.dj.set_auto() == [
        "Following your face again: mood is fear; playing fear music after this song"]
    rig.advance(SONG)
    assert rig.playing() == "fear"


def test_returning_to_auto_without_a_decision_keeps_the_music(rig: Rig) -> None:
    rig.dj.choose(Mood.HAPPY)
    assert rig.dj.set_auto() == ["Following your face again"]
    assert rig.dj.mood is Mood.HAPPY


def test_lift_moves_from_sad_to_calmer_then_brighter_music() -> None:
    rig = Rig(music=MusicSettings(strategy="lift"))
    rig.dj.start()
    assert rig.decide(Mood.SAD) == [
        "Mood is now sad; playing sad music, then calmer (neutral), then brighter (happy) "
        "after this song"]
    rig.advance(7 * SONG + 1)
    assert rig.moods_started() == ["neutral", "sad", "sad", "neutral", "neutral", "happy",
                                   "happy", "happy"]
    assert "Moving on to calmer music (neutral) after this song" in rig.notes
    assert "Moving on to brighter music (happy) after this song" in rig.notes
    assert rig.dj.mood is Mood.SAD and rig.dj.playing_mood is Mood.HAPPY


def test_lift_skips_a_step_without_music() -> None:
    playlists = every_mood()
    playlists[Mood.NEUTRAL] = []
    rig = Rig(playlists=playlists, music=MusicSettings(strategy="lift"),
              state=PlaybackState(last_mood="angry"))
    rig.dj.start()
    rig.advance(4 * SONG + 1)
    assert rig.moods_started() == ["angry", "angry", "happy", "happy", "happy"]


def test_mirror_keeps_playing_the_moods_own_music() -> None:
    rig = Rig(state=PlaybackState(last_mood="sad"))
    rig.dj.start()
    rig.advance(5 * SONG + 1)
    assert set(rig.moods_started()) == {"sad"}


def test_new_settings_apply_from_the_next_change_of_mood(rig: Rig) -> None:
    rig.dj.update_settings(MusicSettings(strategy="lift", switch_policy="immediate"))
    assert rig.decide(Mood.ANGRY) == [
        "Mood is now angry; switching to angry music, then calmer (neutral), then brighter "
        "(happy)"]


def test_a_mood_without_music_falls_back_and_says_so() -> None:
    playlists = every_mood()
    playlists[Mood.FEAR] = []
    rig = Rig(playlists=playlists, music=MusicSettings(fallback_mood="happy"))
    rig.dj.start()
    notes = rig.decide(Mood.FEAR)
    assert notes == [
        "There is no fear music, so happy music plays instead (add music for fear in "
        "Settings > Music)",
        "Mood is now fear; playing fear music after this song"]
    rig.advance(SONG + 1)
    assert rig.playing() == "happy" and rig.dj.mood is Mood.FEAR


def test_no_music_at_all_is_said_plainly() -> None:
    rig = Rig(playlists={})
    assert rig.dj.start() == [
        "No music found for any mood: add folders or playlists in Settings > Music"]
    assert rig.player.state is PlayerState.STOPPED
    assert rig.decide(Mood.SAD)[-1] == "Mood is now sad; there is no music to play"


def test_music_that_cannot_be_played_at_all_falls_back() -> None:
    playlists = every_mood(2)
    rig = Rig(playlists=playlists, state=PlaybackState(last_mood="sad"),
              unplayable={t.location for t in playlists[Mood.SAD]})
    assert rig.dj.start() == ["Playing sad music",
                              "None of the sad music could be played; playing neutral music "
                              "instead"]
    assert rig.playing() == "neutral" and rig.player.state is PlayerState.PLAYING


def test_history_keeps_a_song_from_repeating_too_soon() -> None:
    shared = songs("shared", 2)
    playlists = every_mood(2)
    playlists[Mood.NEUTRAL] = shared[:1] + playlists[Mood.NEUTRAL]
    playlists[Mood.HAPPY] = [shared[0], *songs("happy", 2)]
    rig = Rig(playlists=playlists, music=MusicSettings(no_repeat_within=3))
    rig.dj.start()  # neutral starts with the shared song
    rig.decide(Mood.HAPPY)
    rig.advance(SONG + 1)
    assert rig.started[0] == shared[0]
    assert rig.started[1] != shared[0]  # happy's first song was just played: skipped


def test_history_allows_a_repeat_when_the_playlist_has_nothing_else() -> None:
    one = songs("one", 1)
    rig = Rig(playlists={Mood.NEUTRAL: one, Mood.HAPPY: one})
    rig.dj.start()
    rig.decide(Mood.HAPPY)
    rig.advance(SONG + 1)
    assert rig.started == [one[0], one[0]]


def test_each_mood_resumes_where_it_was(rig: Rig) -> None:
    rig.advance(SONG + 1)  # neutral1, neutral2
    rig.decide(Mood.SAD)
    rig.advance(SONG)  # sad1
    rig.decide(Mood.NEUTRAL)
    rig.advance(SONG)
    assert [t.title for t in rig.started] == ["neutral 1", "neutral 2", "sad 1", "neutral 3"]
    assert rig.state.resume == {"neutral": "/music/neutral/neutral3.ogg",
                                "sad": "/music/sad/sad1.ogg"}


def test_a_change_while_stopped_readies_the_music_without_playing(rig: Rig) -> None:
    rig.player.stop()
    assert rig.decide(Mood.SAD) == ["Mood is now sad; sad music is ready to play"]
    assert rig.player.state is PlayerState.STOPPED
    rig.player.play()
    assert rig.playing() == "sad"


def test_stopping_during_a_fade_still_switches_quietly() -> None:
    rig = Rig(music=MusicSettings(switch_policy="immediate", fade_seconds=2.0))
    rig.dj.start()
    rig.decide(Mood.HAPPY)
    rig.advance(0.5)
    rig.player.stop()
    rig.advance(3)
    assert rig.player.state is PlayerState.STOPPED
    assert rig.player.queue == rig.playlists[Mood.HAPPY]
    assert rig.dj.playing_mood is Mood.HAPPY and rig.dj.pending is None


def test_player_settings_and_the_mood_persist_in_the_settings_file(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    settings = store.load()
    rig = Rig(music=settings.music, state=settings.playback,
              persist=lambda: store.save(settings))
    rig.dj.start()
    rig.dj.set_volume(35)
    rig.dj.set_muted(True)
    rig.dj.set_shuffle(True)
    rig.dj.set_repeat(RepeatMode.OFF)
    rig.dj.choose(Mood.ANGRY)
    rig.advance(SONG + 1)

    again = store.load()
    assert (again.playback.volume, again.playback.muted, again.playback.shuffle,
            again.playback.repeat) == (35, True, True, "off")
    assert (again.playback.mood_mode, again.playback.last_mood) == ("manual", "angry")
    assert again.playback.resume["angry"].startswith("/music/angry/")
    restarted = Rig(music=again.music, state=again.playback)
    restarted.dj.start()
    assert restarted.dj.mode == "manual" and restarted.playing() == "angry"
    assert restarted.player.volume == 35 and restarted.player.repeat is RepeatMode.OFF
