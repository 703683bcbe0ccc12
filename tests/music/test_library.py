"""The mood library: sources from the settings, the demo music, fallback and problems."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from mutagen.flac import FLAC

from moodplayer.moods import MOOD_ORDER, Mood
from moodplayer.music.library import LibraryLoad, MoodLibrary, SourceKind, SourceReport
from moodplayer.music.tracks import Track, TrackSource
from moodplayer.paths import bundled_playlists_dir
from moodplayer.settings import MusicSettings
from tests.music.audio_files import write_flac, write_wav

WAIT = 30.0


def touch(*paths: Path) -> None:
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")


@pytest.fixture()
def demo(tmp_path: Path) -> Path:
    """A demo folder like playlists/: two tracks for every mood."""
    root = tmp_path / "demo"
    for mood in MOOD_ORDER:
        touch(root / mood.value / f"01 {mood.value} one.ogg",
              root / mood.value / f"02 {mood.value} two.ogg")
    return root


def library(demo: Path, **sources: list[str]) -> MoodLibrary:
    return MoodLibrary(MusicSettings(sources=dict(sources)), demo_dir=demo)


def names(tracks: list[Track]) -> list[str]:
    return [Path(t.location).name for t in tracks]


def test_it_is_a_track_source() -> None:
    source: TrackSource = MoodLibrary(MusicSettings())
    assert callable(source.tracks_for)


def test_by_default_every_mood_plays_the_bundled_playlists_folder() -> None:
    lib = MoodLibrary(MusicSettings())
    for mood in MOOD_ORDER:
        assert lib.sources_for(mood) == ([str(bundled_playlists_dir() / mood.value)], True)


def test_moods_left_out_or_given_no_sources_play_the_demo_music(
    demo: Path, tmp_path: Path
) -> None:
    touch(tmp_path / "mine/a.mp3")
    lib = library(demo, happy=[str(tmp_path / "mine")], sad=[], angry=["  "])
    assert names(lib.tracks_for(Mood.HAPPY)) == ["a.mp3"]
    assert names(lib.tracks_for(Mood.SAD)) == ["01 sad one.ogg", "02 sad two.ogg"]
    assert names(lib.tracks_for(Mood.ANGRY)) == ["01 angry one.ogg", "02 angry two.ogg"]
    sad, happy = lib.music_for(Mood.SAD), lib.music_for(Mood.HAPPY)
    assert sad is not None and sad.uses_demo
    assert happy is not None and not happy.uses_demo


def test_a_mood_combines_folders_playlists_files_and_streams_in_order(
    demo: Path, tmp_path: Path
) -> None:
    touch(tmp_path / "folder/b.mp3", tmp_path / "folder/sub/c.flac", tmp_path / "single.opus",
          tmp_path / "lists/x.ogg")
    (tmp_path / "lists/mix.m3u8").write_text(
        "#EXTM3U\n#EXTINF:30,Named In Playlist\nx.ogg\n../folder/b.mp3\n"
        "#EXTINF:-1,Radio Calm\nhttps://radio.example/calm\n", encoding="utf-8")
    lib = library(demo, neutral=[str(tmp_path / "folder"), str(tmp_path / "lists/mix.m3u8"),
                                 str(tmp_path / "single.opus"), "http://radio.example/direct"])
    music = lib.music_for(Mood.NEUTRAL)
    assert music is not None
    assert [t.location for t in music.tracks] == [
        str(tmp_path / "folder/b.mp3"), str(tmp_path / "folder/sub/c.flac"),
        str(tmp_path / "lists/x.ogg"), "https://radio.example/calm",
        str(tmp_path / "single.opus"), "http://radio.example/direct"]
    assert [t.title for t in music.tracks][:4] == ["B", "C", "Named In Playlist", "Radio Calm"]
    assert music.tracks[2].duration == 30.0
    assert music.sources == (
        SourceReport(str(tmp_path / "folder"), SourceKind.FOLDER, 2),
        SourceReport(str(tmp_path / "lists/mix.m3u8"), SourceKind.PLAYLIST, 2),
        SourceReport(str(tmp_path / "single.opus"), SourceKind.FILE, 1),
        SourceReport("http://radio.example/direct", SourceKind.STREAM, 1))
    assert music.problems == ()


def test_a_playlist_may_list_folders_and_other_playlists(demo: Path, tmp_path: Path) -> None:
    touch(tmp_path / "songs/a.mp3", tmp_path / "more/z.ogg")
    (tmp_path / "inner.pls").write_text("[playlist]\nFile1=more/z.ogg\n", encoding="utf-8")
    (tmp_path / "outer.m3u").write_text("songs\ninner.pls\nouter.m3u\n", encoding="utf-8")
    lib = library(demo, fear=[str(tmp_path / "outer.m3u")])
    assert names(lib.tracks_for(Mood.FEAR)) == ["a.mp3", "z.ogg"]
    assert any("includes itself" in p for p in lib.problems_for(Mood.FEAR))


def test_home_and_relative_sources_start_from_the_home_folder(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    touch(tmp_path / "Music/calm/a.mp3")
    touch(tmp_path / "Music/happy/b.mp3")
    lib = library(demo, neutral=["~/Music/calm"], happy=["Music/happy"])
    assert names(lib.tracks_for(Mood.NEUTRAL)) == ["a.mp3"]
    assert names(lib.tracks_for(Mood.HAPPY)) == ["b.mp3"]


def test_the_same_file_from_two_sources_is_listed_once(demo: Path, tmp_path: Path) -> None:
    touch(tmp_path / "f/a.mp3")
    (tmp_path / "f/list.m3u").write_text("a.mp3\n", encoding="utf-8")
    lib = library(demo, happy=[str(tmp_path / "f"), str(tmp_path / "f/list.m3u")])
    assert names(lib.tracks_for(Mood.HAPPY)) == ["a.mp3"]


def test_problems_are_reported_per_mood_in_plain_words(demo: Path, tmp_path: Path) -> None:
    touch(tmp_path / "ok/a.mp3", tmp_path / "empty/readme.txt", tmp_path / "notes.txt")
    (tmp_path / "broken.xspf").write_text("<playlist><trackList>", encoding="utf-8")
    (tmp_path / "holes.m3u").write_text("ok/a.mp3\nok/gone.mp3\n", encoding="utf-8")
    lib = library(demo, sad=[
        str(tmp_path / "nowhere"), str(tmp_path / "missing.m3u"), str(tmp_path / "broken.xspf"),
        str(tmp_path / "holes.m3u"), str(tmp_path / "empty"), str(tmp_path / "notes.txt"),
    ])
    music = lib.music_for(Mood.SAD)
    assert music is not None
    assert names(list(music.tracks)) == ["a.mp3"]
    assert [s.kind for s in music.sources] == [
        SourceKind.MISSING, SourceKind.MISSING, SourceKind.UNREADABLE, SourceKind.PLAYLIST,
        SourceKind.FOLDER, SourceKind.UNKNOWN]
    problems = music.problems
    assert problems[0].startswith(f"Folder {tmp_path / 'nowhere'} does not exist")
    assert problems[1].startswith(f"Playlist {tmp_path / 'missing.m3u'} does not exist")
    assert "not valid XSPF" in problems[2]
    assert "gone.mp3" in problems[3] and "does not exist; skipped" in problems[3]
    assert problems[4] == f"Folder {tmp_path / 'empty'} has no music files in it."
    assert "is not a folder, a playlist or a music file" in problems[5]
    assert lib.problems_for(Mood.HAPPY) == []  # other moods are unaffected


def test_a_missing_demo_folder_says_to_reinstall(tmp_path: Path) -> None:
    lib = MoodLibrary(MusicSettings(), demo_dir=tmp_path / "no-demo")
    resolution = lib.resolve(Mood.HAPPY)
    assert resolution.tracks == []
    assert "demo music folder" in resolution.problems[0]
    assert "reinstall Mood Player" in resolution.problems[0]


def test_resolve_gives_the_moods_own_tracks_when_it_has_some(demo: Path) -> None:
    resolution = library(demo).resolve(Mood.SAD)
    assert resolution.playing is Mood.SAD and not resolution.fell_back
    assert resolution.message == "" and len(resolution.tracks) == 2


def test_an_empty_mood_falls_back_to_the_configured_mood_and_says_so(
    demo: Path, tmp_path: Path
) -> None:
    (tmp_path / "empty").mkdir()
    lib = library(demo, sad=[str(tmp_path / "empty")])
    resolution = lib.resolve(Mood.SAD)
    assert resolution.fell_back and resolution.playing is Mood.NEUTRAL
    assert names(resolution.tracks) == ["01 neutral one.ogg", "02 neutral two.ogg"]
    assert resolution.message == (
        "No music for sad yet; playing neutral instead. Add a folder in Settings > Music.")
    assert resolution.problems == (f"Folder {tmp_path / 'empty'} has no music files in it.",)


def test_the_fallback_mood_comes_from_the_settings(demo: Path, tmp_path: Path) -> None:
    lib = MoodLibrary(MusicSettings(sources={"angry": [str(tmp_path / "none")]},
                                    fallback_mood="happy"), demo_dir=demo)
    resolution = lib.resolve(Mood.ANGRY)
    assert resolution.playing is Mood.HAPPY and "playing happy instead" in resolution.message


def test_when_the_fallback_is_empty_too_the_calmest_mood_with_music_plays(
    demo: Path, tmp_path: Path
) -> None:
    nowhere = [str(tmp_path / "none")]
    lib = library(demo, sad=nowhere, neutral=nowhere)
    resolution = lib.resolve(Mood.SAD)
    assert resolution.playing is Mood.HAPPY  # after neutral comes happy, never angry first
    assert resolution.message.startswith("No music for sad yet; playing happy instead.")


def test_with_no_music_anywhere_nothing_plays_and_the_message_says_why(tmp_path: Path) -> None:
    nowhere = [str(tmp_path / "none")]
    lib = MoodLibrary(MusicSettings(sources={m.value: nowhere for m in Mood}),
                      demo_dir=tmp_path / "no-demo")
    resolution = lib.resolve(Mood.SAD)
    assert resolution.tracks == [] and resolution.playing is Mood.SAD
    assert resolution.message == ("No music for sad, nor for any other mood. "
                                  "Add a folder in Settings > Music.")


def test_moods_are_built_once_and_rebuilt_after_refresh(demo: Path) -> None:
    lib = library(demo)
    first = lib.music_for(Mood.HAPPY)
    assert lib.is_ready(Mood.HAPPY) and lib.music_for(Mood.HAPPY) is first
    touch(demo / "happy" / "03 new.ogg")
    assert len(lib.tracks_for(Mood.HAPPY)) == 2  # cached
    lib.refresh(Mood.HAPPY)
    assert not lib.is_ready(Mood.HAPPY)
    assert len(lib.tracks_for(Mood.HAPPY)) == 3


def test_new_settings_rebuild_only_the_moods_whose_sources_changed(
    demo: Path, tmp_path: Path
) -> None:
    touch(tmp_path / "mine/a.mp3")
    lib = library(demo)
    happy, sad = lib.music_for(Mood.HAPPY), lib.music_for(Mood.SAD)
    lib.update_settings(MusicSettings(sources={"sad": [str(tmp_path / "mine")]}))
    assert lib.music_for(Mood.HAPPY) is happy
    assert lib.music_for(Mood.SAD) is not sad
    assert names(lib.tracks_for(Mood.SAD)) == ["a.mp3"]


def test_load_builds_moods_in_the_background_reporting_tracks_as_found(demo: Path) -> None:
    lib = library(demo)
    updates: list[tuple[Mood, int, bool]] = []
    finished = threading.Event()
    load = lib.load([Mood.HAPPY, Mood.SAD],
                    on_update=lambda mood, tracks, complete: updates.append(
                        (mood, len(tracks), complete)),
                    on_done=finished.set)
    assert finished.wait(WAIT) and load.wait_done(WAIT) and load.errors == []
    assert (Mood.HAPPY, 2, True) in updates and (Mood.SAD, 2, True) in updates
    assert updates.index((Mood.HAPPY, 2, False)) < updates.index((Mood.HAPPY, 2, True))
    assert lib.is_ready(Mood.HAPPY) and lib.is_ready(Mood.SAD)
    assert not lib.is_ready(Mood.ANGRY)


def test_while_a_mood_loads_resolve_can_return_what_was_found_so_far_or_wait(
    demo: Path
) -> None:
    lib = library(demo)
    found_some = threading.Event()
    release = threading.Event()

    def hold_after_first_report(mood: Mood, tracks: list[Track], complete: bool) -> None:
        if not complete:
            found_some.set()
            release.wait(WAIT)

    load = lib.load([Mood.HAPPY], on_update=hold_after_first_report)
    assert found_some.wait(WAIT)
    partial = lib.resolve(Mood.HAPPY, wait=False)
    assert not partial.complete and names(partial.tracks) == ["01 happy one.ogg",
                                                              "02 happy two.ogg"]
    waiter_result: list[int] = []
    waiter = threading.Thread(target=lambda: waiter_result.append(
        len(lib.resolve(Mood.HAPPY).tracks)))
    waiter.start()
    release.set()
    waiter.join(WAIT)
    assert waiter_result == [2] and load.wait_done(WAIT)
    assert lib.resolve(Mood.HAPPY, wait=False).complete


def test_a_cancelled_load_leaves_unfinished_moods_to_be_built_later(demo: Path) -> None:
    lib = library(demo)

    def cancel_at_once(mood: Mood, tracks: list[Track], complete: bool) -> None:
        load.cancel()

    load = LibraryLoad(lib, list(MOOD_ORDER), on_update=cancel_at_once)
    assert load.start().wait_done(WAIT) and load.errors == []
    assert not any(lib.is_ready(m) for m in MOOD_ORDER)
    assert len(lib.tracks_for(Mood.NEUTRAL)) == 2  # built when asked


def test_summary_counts_tracks_and_adds_up_durations_read_from_the_files(
    demo: Path, tmp_path: Path
) -> None:
    (tmp_path / "calm").mkdir()
    write_wav(tmp_path / "calm/a.wav", seconds=1.5)
    write_flac(tmp_path / "calm/b.flac")
    (tmp_path / "calm/list.m3u").write_text(
        "#EXTINF:-1,Radio\nhttp://radio.example/x\n", encoding="utf-8")
    lib = library(demo, neutral=[str(tmp_path / "calm"), str(tmp_path / "calm/list.m3u"),
                                 str(tmp_path / "gone")])
    progress: list[tuple[int, int]] = []
    (summary,) = lib.summary([Mood.NEUTRAL], on_progress=lambda d, t: progress.append((d, t)))
    assert summary.track_count == 3 and summary.unknown_durations == 1
    assert summary.duration == pytest.approx(1.5 + 2.048)
    assert progress[-1] == (3, 3)
    data = summary.to_json()
    assert data["tracks"] == 3 and data["uses_demo"] is False
    assert [s["kind"] for s in data["sources"]] == ["folder", "playlist", "missing"]
    assert len(data["problems"]) == 1 and "gone" in data["problems"][0]


def test_describe_reads_tags_lazily(demo: Path, tmp_path: Path) -> None:
    (tmp_path / "tagged").mkdir()
    path = write_flac(tmp_path / "tagged/01_song.flac")
    audio = FLAC(path)
    audio["title"], audio["artist"] = "Real Title", "Mood Player"
    audio.save()
    lib = library(demo, happy=[str(tmp_path / "tagged")])
    (track,) = lib.tracks_for(Mood.HAPPY)
    assert track.title == "Song" and track.artist == ""  # building reads no tags
    described = lib.describe(track)
    assert (described.title, described.artist) == ("Real Title", "Mood Player")
    assert described.location == track.location
