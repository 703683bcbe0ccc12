"""The libVLC player for real: what it writes into the WAV file, its threads, its errors."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from moodplayer.music.player_api import PlaybackState, PlayerEvent, PlayerEventKind, RepeatMode
from moodplayer.music.tracks import Track
from moodplayer.music.vlc_player import DISPATCHER_NAME, VlcPlayer
from moodplayer.music.wav_sink import CHANNELS, SAMPLE_RATE
from tests.conftest import REPO
from tests.music.player_harness import PlayerHarness
from tests.music.tones import read_recording, write_corrupt, write_steps, write_tone

FULL_RMS = 0.5 / np.sqrt(2)  # a sine of amplitude 0.5


@pytest.fixture
def output(tmp_path: Path) -> Path:
    return tmp_path / "out.wav"


@pytest.fixture
def rig(output: Path) -> Iterator[PlayerHarness]:
    harness = PlayerHarness(VlcPlayer(audio_file=output), real_time=True)
    yield harness
    harness.close()


def tone_track(path: Path, seconds: float, amplitude: float = 0.5,
               frequency: float = 440.0) -> Track:
    return Track(str(write_tone(path, seconds, frequency, amplitude)), path.stem,
                 duration=seconds)


def play_to_the_end(rig: PlayerHarness, tracks: list[Track], timeout: float = 10) -> None:
    rig.player.set_repeat(RepeatMode.OFF)
    rig.player.set_queue(tracks)
    assert rig.wait_until(lambda: rig.player.state is PlaybackState.STOPPED
                          and bool(rig.snapshot()), timeout=timeout)
    rig.close()


def test_a_track_is_written_to_the_wav_at_its_length_and_loudness(
        rig: PlayerHarness, output: Path, tmp_path: Path) -> None:
    play_to_the_end(rig, [tone_track(tmp_path / "a.wav", 2.0)])
    played = read_recording(output)
    assert (played.channels, played.rate) == (CHANNELS, SAMPLE_RATE)
    assert played.seconds == pytest.approx(2.0, abs=0.05)
    assert played.rms == pytest.approx(FULL_RMS, rel=0.02)


def test_the_queue_loops_past_its_end_into_the_file(
        rig: PlayerHarness, output: Path, tmp_path: Path) -> None:
    rig.player.set_queue([tone_track(tmp_path / "a.wav", 1.0)])
    rig.wait_for(PlayerEventKind.TRACK_STARTED, count=3)
    rig.close()
    assert read_recording(output).sounding_seconds() >= 2.0  # two whole loops, the third begun


def test_volume_50_is_quieter_by_libvlcs_cubic_curve(
        rig: PlayerHarness, output: Path, tmp_path: Path) -> None:
    rig.player.set_volume(50)
    play_to_the_end(rig, [tone_track(tmp_path / "a.wav", 1.0)])
    assert read_recording(output).rms == pytest.approx(FULL_RMS * 0.5 ** 3, rel=0.05)


def test_next_leaves_the_song_and_plays_the_next_one(
        rig: PlayerHarness, output: Path, tmp_path: Path) -> None:
    quiet = tone_track(tmp_path / "quiet.wav", 4.0, amplitude=0.2)
    loud = tone_track(tmp_path / "loud.wav", 1.0, amplitude=0.6)
    rig.player.set_repeat(RepeatMode.OFF)
    rig.player.set_queue([quiet, loud])
    rig.wait_for(PlayerEventKind.TRACK_STARTED)
    rig.player.next()
    assert rig.wait_until(lambda: rig.player.state is PlaybackState.STOPPED)
    rig.close()
    played = read_recording(output)
    assert played.sounding_seconds(threshold=0.3) == pytest.approx(1.0, abs=0.1)
    assert played.sounding_seconds(threshold=0.05) < 3.0  # far less than the 4 s quiet song


def test_seek_skips_ahead_in_the_song(rig: PlayerHarness, output: Path, tmp_path: Path) -> None:
    path = write_steps(tmp_path / "two-parts.wav", [(3.0, 0.2), (2.0, 0.6)])
    rig.player.set_repeat(RepeatMode.OFF)
    rig.player.set_queue([Track(str(path), "two parts", duration=5.0)])
    rig.wait_for(PlayerEventKind.TRACK_STARTED)
    rig.player.seek(3.0)
    assert rig.wait_until(lambda: rig.player.state is PlaybackState.STOPPED)
    rig.close()
    played = read_recording(output)
    assert played.sounding_seconds(threshold=0.3) == pytest.approx(2.0, abs=0.15)
    assert played.seconds < 4.0  # most of the quiet first part was skipped


def test_a_fade_ramps_the_sound_down_in_the_file(
        rig: PlayerHarness, output: Path, tmp_path: Path) -> None:
    rig.player.set_queue([tone_track(tmp_path / "long.wav", 5.0)])
    rig.wait_for(PlayerEventKind.TRACK_STARTED)
    done = threading.Event()
    rig.player.fade_to(0.0, 1.0, then=done.set)
    assert done.wait(5)
    rig.let_time_pass(0.3)
    rig.close()
    played = read_recording(output)
    assert played.rms_between(0.0, 0.5) == pytest.approx(FULL_RMS, rel=0.05)
    assert played.rms_between(played.seconds - 0.2, played.seconds) < 0.005
    windows = [played.rms_between(s, s + 0.1) for s in np.arange(0, played.seconds, 0.1)]
    assert any(0.02 < w < 0.3 for w in windows)  # a ramp, not a cut


def test_a_corrupt_file_in_the_middle_is_skipped_and_playback_goes_on(
        rig: PlayerHarness, output: Path, tmp_path: Path) -> None:
    broken = Track(str(write_corrupt(tmp_path / "broken.mp3")), "broken")
    play_to_the_end(rig, [tone_track(tmp_path / "a.wav", 1.0), broken,
                          tone_track(tmp_path / "b.wav", 1.0, frequency=660)])
    errors = rig.of_kind(PlayerEventKind.ERROR)
    assert [(e.index, e.track) for e in errors] == [(1, broken)]
    assert "broken" in errors[0].message and "no audio" in errors[0].message
    assert rig.started() == [0, 2]
    assert read_recording(output).sounding_seconds() == pytest.approx(2.0, abs=0.1)


def test_a_folder_of_only_corrupt_files_stops_with_the_clear_error(
        rig: PlayerHarness, output: Path, tmp_path: Path) -> None:
    broken = [Track(str(write_corrupt(tmp_path / f"bad{n}.ogg", seed=n)), f"bad{n}")
              for n in range(4)]
    rig.player.set_queue(broken)
    failed = rig.wait_for(PlayerEventKind.QUEUE_FAILED, timeout=5)
    assert failed.message.startswith("Nothing to play: any of the 4 tracks")
    assert "Check the files" in failed.message
    rig.let_time_pass(0.5)
    assert len(rig.of_kind(PlayerEventKind.ERROR)) == 4
    assert rig.player.state is PlaybackState.STOPPED
    rig.close()
    assert read_recording(output).seconds == 0.0


def test_events_arrive_on_the_players_own_thread_never_libvlcs(
        rig: PlayerHarness, tmp_path: Path) -> None:
    rig.player.set_queue([tone_track(tmp_path / "a.wav", 1.0)])
    rig.wait_for(PlayerEventKind.TRACK_STARTED, count=2)
    assert rig.threads == {DISPATCHER_NAME}


def test_a_failing_event_handler_does_not_stop_the_events(tmp_path: Path) -> None:
    player = VlcPlayer(audio_file=tmp_path / "out.wav")
    seen: list[PlayerEvent] = []
    arrived = threading.Event()

    def handler(event: PlayerEvent) -> None:
        seen.append(event)
        if event.kind is PlayerEventKind.TRACK_STARTED and len(seen) > 3:
            arrived.set()
        raise RuntimeError("a bug in the owner's handler")

    player.on_event = handler
    try:
        player.set_queue([tone_track(tmp_path / "a.wav", 0.5)])
        assert arrived.wait(6)
    finally:
        player.close()


def test_close_is_idempotent_and_the_player_is_quiet_afterwards(
        rig: PlayerHarness, tmp_path: Path) -> None:
    rig.player.set_queue([tone_track(tmp_path / "a.wav", 1.0)])
    rig.wait_for(PlayerEventKind.TRACK_STARTED)
    rig.close()
    count = len(rig.snapshot())
    rig.close()
    rig.player.next()
    rig.player.set_volume(10)
    rig.let_time_pass(0.3)
    assert len(rig.snapshot()) == count


def test_an_unwritable_audio_file_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        VlcPlayer(audio_file=tmp_path / "no-such-folder" / "out.wav")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses libVLC's ALSA output")
def test_no_sound_device_is_reported_once(tmp_path: Path) -> None:
    player = VlcPlayer(vlc_options=["--aout=alsa", "--alsa-audio-device=moodplayer-no-such-pcm"])
    rig = PlayerHarness(player, real_time=True)
    try:
        player.set_queue([tone_track(tmp_path / "a.wav", 3.0)])
        failed = rig.wait_for(PlayerEventKind.AUDIO_OUTPUT_FAILED, timeout=5)
        assert "No sound device" in failed.message and "--audio-out" in failed.message
    finally:
        rig.close()


def test_missing_libvlc_raises_the_one_clear_error() -> None:
    code = ("from moodplayer.music.vlc_player import VlcPlayer\n"
            "from moodplayer.music.vlc_runtime import LibVLCUnavailable\n"
            "try:\n    VlcPlayer()\n"
            "except LibVLCUnavailable as error:\n    print('FIX:', error.fix)\n")
    env = {"PYTHON_VLC_LIB_PATH": "/nonexistent/libvlc.so.5", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, cwd=REPO, timeout=60)
    assert "FIX: To play music:" in result.stdout, result.stderr
