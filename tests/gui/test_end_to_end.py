"""The real app, end to end: a generated video as the camera, real recognition, real libVLC
writing what it plays to a WAV file. A mood is decided and music comes out."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from moodplayer.context import create_context
from moodplayer.gui.controller import Controller, LaunchOptions
from moodplayer.moods import Mood
from moodplayer.perception.synthetic_video import load_test_face, write_test_video

pytestmark = pytest.mark.slow


def wav_rms(path: Path) -> tuple[float, float]:
    """(seconds, RMS of the samples scaled to [-1, 1])."""
    with wave.open(str(path)) as wav:
        frames = wav.readframes(wav.getnframes())
        seconds = wav.getnframes() / wav.getframerate()
        width = wav.getsampwidth()
    dtype = {2: np.int16, 4: np.int32}[width]
    samples = np.frombuffer(frames, dtype).astype(np.float64) / np.iinfo(dtype).max
    return seconds, float(np.sqrt(np.mean(samples**2))) if samples.size else 0.0


def test_the_app_decides_a_mood_from_the_video_and_plays_music(
    qtbot: QtBot, tmp_path: Path
) -> None:
    video = write_test_video(tmp_path / "smiling.avi", [(load_test_face(), 6.0)],
                             size=(640, 480), fps=30)
    audio = tmp_path / "out.wav"
    controller = Controller(create_context(report_problems=False),
                            LaunchOptions(camera=str(video), audio_out=audio))
    qtbot.addWidget(controller.window)
    controller.start()
    try:
        qtbot.waitUntil(lambda: controller.dj is not None
                        and controller.dj.detected_mood is Mood.HAPPY, timeout=60_000)
        assert "Happy" in controller.window.mood_panel.mood_label.text()
        assert controller.window.camera_view.live
        assert controller.player is not None
        qtbot.waitUntil(lambda: controller.player is not None
                        and controller.player.position > 2.0, timeout=30_000)
        assert controller.window.now_playing.title.text() != "Nothing playing"
        playlist = controller.window.playlist
        # the tags are read off the GUI thread, then the list shows their titles and lengths
        qtbot.waitUntil(lambda: playlist.count() > 0
                        and "Mood Player" in playlist.item(0).text(), timeout=10_000)
    finally:
        controller.shutdown()
    seconds, rms = wav_rms(audio)
    assert seconds > 2.0
    assert rms > 0.01  # music, not silence
