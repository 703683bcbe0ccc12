"""WavSink: what libVLC hands over lands in one WAV file, at the player's volume."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from moodplayer.music.wav_sink import SAMPLE_RATE, WavSink, gain_for_level
from tests.music.tones import read_recording


def frames(seconds: float, value: int = 10000) -> bytes:
    return np.full(int(seconds * SAMPLE_RATE) * 2, value, dtype=np.int16).tobytes()


def test_samples_are_appended_at_the_gain_and_the_header_is_finished(tmp_path: Path) -> None:
    sink = WavSink(tmp_path / "out.wav")
    sink.write(frames(0.5, 0))
    assert sink.first_sound_at is None  # silence is not sound
    sink.write(frames(0.5))
    assert sink.first_sound_at is not None
    sink.gain = gain_for_level(50)
    sink.write(frames(0.5))
    sink.close()
    sink.close()
    played = read_recording(tmp_path / "out.wav")
    assert played.seconds == pytest.approx(1.5)
    assert played.samples[int(0.7 * SAMPLE_RATE)] == pytest.approx(10000 / 32768)
    assert played.samples[int(1.2 * SAMPLE_RATE)] == pytest.approx(1250 / 32768, abs=1e-4)
    sink.write(frames(0.1))  # after close: dropped, no error


def test_the_file_stops_growing_at_max_seconds(tmp_path: Path) -> None:
    sink = WavSink(tmp_path / "out.wav", max_seconds=0.75)
    for _ in range(3):
        sink.write(frames(0.5))
    sink.close()
    assert sink.seconds_written == 0.75
    assert read_recording(tmp_path / "out.wav").seconds == 0.75


def test_the_volume_curve_is_libvlcs_cubic_one() -> None:
    assert [gain_for_level(v) for v in (0, 50, 100, 150)] == [0.0, 0.125, 1.0, 1.0]
