"""``moodplayer play``: headless playback of a mood's music, into a WAV file here."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from moodplayer.paths import app_paths
from moodplayer.settings import Settings, SettingsStore
from tests.conftest import REPO, run_cli
from tests.music.tones import read_recording, write_corrupt, write_tone


def point_mood_at(mood: str, folder: Path) -> None:
    """Save settings (in this test's MOODPLAYER_HOME) that map ``mood`` to ``folder``."""
    settings = Settings()
    settings.music.sources = {mood: [str(folder)]}
    SettingsStore(app_paths().settings_file).save(settings)


@pytest.fixture
def music(tmp_path: Path) -> Path:
    folder = tmp_path / "calm"
    folder.mkdir()
    write_tone(folder / "01 first.wav", 1.0, 440)
    write_tone(folder / "02 second.wav", 1.0, 660)
    point_mood_at("neutral", folder)
    return folder


def test_play_writes_the_moods_music_into_a_wav_and_prints_each_track(
        music: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.wav"
    result = run_cli("play", "neutral", "--seconds", "2.5", "--audio-out", str(out))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (f"Playing neutral music (2 tracks, looping) for 2.5 s, into {out}")
    assert lines[1] == "Now playing 1/2: First (0:01)"
    assert lines[2] == "Now playing 2/2: Second (0:01)"
    assert lines[-1].startswith("Wrote 2.") and lines[-1].endswith(f"of sound to {out}")
    played = read_recording(out)
    assert played.seconds == pytest.approx(2.5, abs=0.3)
    assert played.sounding_seconds() == pytest.approx(played.seconds, abs=0.1)


def test_play_skips_a_broken_file_and_says_so(music: Path, tmp_path: Path) -> None:
    write_corrupt(music / "03 broken.mp3")
    result = run_cli("play", "neutral", "--seconds", "2.2", "--shuffle",
                     "--audio-out", str(tmp_path / "out.wav"))
    assert result.returncode == 0, result.stderr
    assert "Cannot play 'Broken': there is no audio in it" in result.stderr
    assert result.stdout.count("Now playing") >= 2


def test_play_fails_clearly_when_nothing_can_be_played(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    for n in range(2):
        write_corrupt(folder / f"bad{n}.ogg", seed=n)
    point_mood_at("sad", folder)
    result = run_cli("play", "sad", "--seconds", "5", "--audio-out", str(tmp_path / "o.wav"))
    assert result.returncode == 1
    assert "Nothing to play: any of the 2 tracks in the queue could not be played" in \
        result.stderr
    assert "Traceback" not in result.stderr


def test_a_mood_without_music_plays_the_fallback_mood_and_says_so(
        music: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    settings = Settings()
    settings.music.sources = {"neutral": [str(music)], "fear": [str(empty)]}
    SettingsStore(app_paths().settings_file).save(settings)
    result = run_cli("play", "fear", "--seconds", "1", "--audio-out", str(tmp_path / "o.wav"))
    assert result.returncode == 0, result.stderr
    assert "playing neutral instead" in result.stdout
    assert "Playing neutral music (2 tracks" in result.stdout


def test_missing_libvlc_gives_the_install_command_and_exit_1(
        music: Path, tmp_path: Path) -> None:
    result = run_cli("play", "neutral", "--seconds", "1", "--audio-out",
                     str(tmp_path / "o.wav"),
                     env={"PYTHON_VLC_LIB_PATH": "/nonexistent/libvlc.so.5"})
    assert result.returncode == 1
    assert "moodplayer play: libVLC was not found" in result.stderr
    assert "libvlc5 vlc-plugin-base" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_mood_or_an_unwritable_file_is_refused(music: Path, tmp_path: Path) -> None:
    unknown = run_cli("play", "grumpy")
    assert unknown.returncode == 2 and "unknown mood 'grumpy'" in unknown.stderr
    unwritable = run_cli("play", "neutral", "--audio-out", str(tmp_path / "no" / "o.wav"))
    assert unwritable.returncode == 1 and "cannot write" in unwritable.stderr


def test_ctrl_c_stops_cleanly_and_finishes_the_wav(music: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.wav"
    process = subprocess.Popen(
        [sys.executable, "-m", "moodplayer", "play", "neutral", "--audio-out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
        env=dict(os.environ))
    assert process.stdout is not None
    assert process.stdout.readline().startswith("Playing neutral music")
    assert process.stdout.readline().startswith("Now playing 1/2")
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert "Stopped." in stdout and "Traceback" not in stderr
    assert read_recording(out).seconds > 0.5  # a valid WAV with its header finished
