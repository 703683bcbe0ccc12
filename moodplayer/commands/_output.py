"""Small helpers shared by the sub-commands: JSON printing and a progress bar on stderr."""

from __future__ import annotations

import json
import sys
import time
from typing import Any, TextIO


def print_json(data: Any, stream: TextIO | None = None) -> None:
    """Print ``data`` as one line of JSON and flush (JSON-lines friendly)."""
    out = stream or sys.stdout
    out.write(json.dumps(data, ensure_ascii=False) + "\n")
    out.flush()


class ProgressBar:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, total: float | None, label: str, stream: TextIO | None = None) -> None:
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self._last_draw = 0.0
        self._start = time.monotonic()

    def update(self, done: float, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_draw < 0.1:
            return
        self._last_draw = now
        elapsed = now - self._start
        if self.total:
            fraction = min(1.0, done / self.total)
            filled = int(fraction * 30)
            bar = "#" * filled + "-" * (30 - filled)
            text = f"\r{self.label} [{bar}] {fraction:6.1%} {elapsed:5.1f}s"
        else:
            text = f"\r{self.label} {done:g} {elapsed:5.1f}s"
        self.stream.write(text)
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()
