"""Shared fixtures: every test runs with its own MOODPLAYER_HOME and Qt offscreen."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def app_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A fresh MOODPLAYER_HOME for each test, so no test touches the real folders."""
    home = tmp_path_factory.mktemp("moodplayer-home")
    monkeypatch.setenv("MOODPLAYER_HOME", str(home))
    monkeypatch.setenv("DEEPFACE_HOME", str(home / "data" / "deepface"))
    yield home


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120,
            input_text: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m moodplayer ARGS`` in a subprocess with the current environment."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "moodplayer", *args],
        capture_output=True, text=True, timeout=timeout, env=full_env, cwd=REPO,
        input=input_text,
    )
