"""``moodplayer --self-test``: each step, the report it prints, and its exit status."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import numpy as np
import pytest

from moodplayer import self_test
from tests.conftest import run_cli


def test_self_test_from_the_source_tree_passes_every_step() -> None:
    result = run_cli("--self-test", env={"QT_QPA_PLATFORM": "offscreen"}, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    for number, (name, _step) in enumerate(self_test.STEPS, start=1):
        assert f"[{number}/{len(self_test.STEPS)}] {name} ..." in result.stdout
    assert result.stdout.count("      ok: ") == len(self_test.STEPS)
    assert "reads the test face as happy" in result.stdout
    assert "Self-test passed: 4 of 4 steps worked." in result.stdout


def test_self_test_is_a_top_level_flag_in_the_help() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    assert "--self-test" in result.stdout


def failing_step(workdir: Path) -> str:
    raise self_test.SelfTestFailure("the widget is blue")


def crashing_step(workdir: Path) -> str:
    raise ZeroDivisionError("boom")


def passing_step(workdir: Path) -> str:
    assert workdir.is_dir()
    return "all fine"


def test_a_failing_step_fails_the_run_but_every_step_still_runs() -> None:
    out = io.StringIO()
    steps = (("first", failing_step), ("second", crashing_step), ("third", passing_step))
    assert self_test.run_self_test(out, steps) == 1
    text = out.getvalue()
    assert "FAIL: the widget is blue" in text
    assert "FAIL: ZeroDivisionError: boom (at test_self_test.py:" in text
    assert "ok: all fine" in text
    assert "Self-test FAILED: first, second" in text


def test_all_steps_passing_gives_exit_status_zero() -> None:
    out = io.StringIO()
    assert self_test.run_self_test(out, (("only", passing_step),)) == 0
    assert "Self-test passed: 1 of 1 steps worked." in out.getvalue()


def test_offscreen_is_chosen_only_without_a_display() -> None:
    bare: dict[str, str] = {}
    self_test.use_offscreen_without_display(bare)
    assert bare == {"QT_QPA_PLATFORM": "offscreen"}
    with_display = {"DISPLAY": ":99"}
    self_test.use_offscreen_without_display(with_display)
    assert "QT_QPA_PLATFORM" not in with_display
    chosen = {"QT_QPA_PLATFORM": "xcb"}
    self_test.use_offscreen_without_display(chosen)
    assert chosen == {"QT_QPA_PLATFORM": "xcb"}


def write_wav(path: Path, samples: np.ndarray) -> Path:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes(samples.astype(np.int16).tobytes())
    return path


def test_wav_peak_tells_sound_from_silence(tmp_path: Path) -> None:
    silent = write_wav(tmp_path / "silent.wav", np.zeros(8000))
    assert self_test.wav_peak(silent) == (1.0, 0)
    tone = 1000 * np.sin(np.linspace(0, 200 * np.pi, 4000))
    seconds, peak = self_test.wav_peak(write_wav(tmp_path / "tone.wav", tone))
    assert seconds == pytest.approx(0.5)
    assert 990 <= peak <= 1000
