"""Launching the app as a user does: the window comes up, SIGTERM quits cleanly and saves."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


def launch(tmp_path: Path, *args: str) -> tuple[subprocess.Popen[str], Path]:
    diagnostics = tmp_path / "diagnostics.jsonl"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "MOODPLAYER_DIAGNOSTICS": str(diagnostics)}
    process = subprocess.Popen([sys.executable, "-m", "moodplayer", *args], cwd=REPO, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return process, diagnostics


def wait_for(diagnostics: Path, event: str, timeout: float = 60) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if diagnostics.exists():
            for line in diagnostics.read_text().splitlines():
                record = json.loads(line)
                if record["event"] == event:
                    return dict(record)
        time.sleep(0.1)
    raise AssertionError(f"no {event} within {timeout} s")


def test_sigterm_quits_cleanly_and_saves_the_chosen_mood(tmp_path: Path) -> None:
    process, diagnostics = launch(tmp_path, "--no-camera", "--mood", "sad",
                                  "--audio-out", str(tmp_path / "out.wav"))
    try:
        wait_for(diagnostics, "window_shown")
        wait_for(diagnostics, "first_sound")
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    settings = json.loads(
        (Path(os.environ["MOODPLAYER_HOME"]) / "config" / "settings.json").read_text())
    assert settings["playback"]["last_mood"] == "sad"
    assert settings["playback"]["mood_mode"] == "manual"
    assert (tmp_path / "out.wav").stat().st_size > 44
