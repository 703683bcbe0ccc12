"""``moodplayer playlists``: every mood's sources, tracks, duration and problems."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from moodplayer.commands.playlists import format_duration
from moodplayer.moods import MOOD_NAMES
from moodplayer.paths import bundled_playlists_dir
from tests.conftest import run_cli
from tests.music.audio_files import write_flac, write_wav


def write_settings(home: Path, music: dict[str, Any]) -> None:
    path = home / "config" / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": 2, "music": music}), encoding="utf-8")


def playlists_json(*args: str) -> dict[str, Any]:
    result = run_cli("playlists", "--json", *args)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1  # one object
    data = json.loads(lines[0])
    assert isinstance(data, dict)
    return data


@pytest.fixture()
def my_music(tmp_path: Path, app_home: Path) -> Path:
    """The listener's own music for happy (a folder + a playlist) and neutral, and a broken
    sad mapping (the other moods play the demo music)."""
    music = tmp_path / "music"
    (music / "happy" / "disc 2").mkdir(parents=True)
    write_wav(music / "happy" / "01 sunny.wav", seconds=1.0)
    write_wav(music / "happy" / "disc 2" / "02 bright.wav", seconds=2.0)
    write_flac(music / "happy" / "03 flac.flac")
    (music / "neutral").mkdir()
    write_wav(music / "neutral" / "calm.wav", seconds=0.5)
    (music / "happy" / "cover.jpg").write_bytes(b"\xff\xd8 not music")
    (music / "radio.m3u8").write_text(
        "#EXTM3U\n#EXTINF:-1,Happy Radio\nhttps://radio.example/happy\nhappy/01 sunny.wav\n"
        "happy/gone.wav\n", encoding="utf-8")
    write_settings(app_home, {"sources": {
        "happy": [str(music / "happy"), str(music / "radio.m3u8")],
        "sad": [str(music / "no such folder")],
        "neutral": [str(music / "neutral")],
    }})
    return music


def test_json_has_a_key_per_mood_with_counts_durations_and_problems(my_music: Path) -> None:
    data = playlists_json()
    assert list(data) == list(MOOD_NAMES)
    happy = data["happy"]
    assert happy["tracks"] == 4  # three files + one stream; the duplicate is listed once
    assert happy["duration_seconds"] == pytest.approx(1.0 + 2.0 + 2.048, abs=0.01)
    assert happy["unknown_durations"] == 1
    assert happy["uses_demo"] is False
    assert happy["sources"] == [
        {"location": str(my_music / "happy"), "kind": "folder", "tracks": 3},
        {"location": str(my_music / "radio.m3u8"), "kind": "playlist", "tracks": 1}]
    assert len(happy["problems"]) == 1 and "gone.wav" in happy["problems"][0]
    assert happy["message"] == ""
    sad = data["sad"]
    assert sad["tracks"] == 0 and sad["sources"][0]["kind"] == "missing"
    assert "does not exist" in sad["problems"][0]
    assert sad["message"].startswith("No music for sad yet; playing neutral instead.")
    assert data["neutral"]["uses_demo"] is False
    assert data["angry"]["uses_demo"] is True


def test_moods_can_be_named_to_list_only_them(my_music: Path) -> None:
    assert list(playlists_json("sad", "Happiness")) == ["sad", "happy"]


def test_the_text_listing_shows_sources_tracks_duration_and_problems(my_music: Path) -> None:
    result = run_cli("playlists", "happy", "sad")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "happy: 4 tracks, 0:05 + 1 of unknown length"
    assert f"  folder     {my_music / 'happy'}  (3 tracks)" in lines
    assert f"  playlist   {my_music / 'radio.m3u8'}  (1 track)" in lines
    assert any(line.startswith("  problem:") and "gone.wav" in line for line in lines)
    assert "sad: 0 tracks, 0:00" in lines
    assert any(line.startswith("  note:      No music for sad yet") for line in lines)


def test_an_unknown_mood_is_an_error_with_the_names_to_choose_from() -> None:
    result = run_cli("playlists", "grumpy")
    assert result.returncode == 2
    assert "unknown mood 'grumpy'" in result.stderr and "neutral" in result.stderr


@pytest.mark.parametrize("seconds, text", [(0, "0:00"), (65, "1:05"), (3725.4, "1:02:05"),
                                           (59.6, "1:00")])
def test_durations_are_shown_as_minutes_and_seconds(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


def test_the_bundled_demo_music_gives_every_mood_tracks_of_30_to_90_seconds() -> None:
    data = playlists_json()
    for mood in MOOD_NAMES:
        entry = data[mood]
        assert entry["uses_demo"] is True
        assert entry["sources"] == [{"location": str(bundled_playlists_dir() / mood),
                                     "kind": "folder", "tracks": entry["tracks"]}]
        assert entry["problems"] == [] and entry["message"] == ""
        assert entry["tracks"] >= 2, mood
        assert entry["unknown_durations"] == 0
        average = entry["duration_seconds"] / entry["tracks"]
        assert 30 <= average <= 90, (mood, average)
