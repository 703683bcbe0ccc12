"""Opt-in timing diagnostics for benchmarks: milestones and event-loop stalls.

With ``MOODPLAYER_DIAGNOSTICS=FILE`` set, the app appends JSON lines to FILE: milestones
(``window_shown``, ``first_frame``, ``first_mood``, ``first_sound``) with wall-clock times, and
every few seconds the event loop's stalls (how late a 10 ms timer fired: p50, p99, max, in ms).
Without the variable nothing is measured or written.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QObject, QTimer

ENV = "MOODPLAYER_DIAGNOSTICS"
PROBE_INTERVAL_MS = 10
REPORT_EVERY_MS = 5000


class Diagnostics(QObject):
    """Writes milestones and event-loop stall figures when enabled."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        target = os.environ.get(ENV)
        self.path = Path(target) if target else None
        self._seen: set[str] = set()
        self._lateness: list[float] = []
        self._clock = QElapsedTimer()
        self._probe = QTimer(self)
        self._report = QTimer(self)
        if self.path is not None:
            self._probe.setInterval(PROBE_INTERVAL_MS)
            self._probe.timeout.connect(self._on_probe)
            self._report.setInterval(REPORT_EVERY_MS)
            self._report.timeout.connect(self._write_stalls)

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def start(self) -> None:
        if self.path is not None:
            self._clock.start()
            self._probe.start()
            self._report.start()

    def stop(self) -> None:
        if self.path is not None:
            self._write_stalls()
        self._probe.stop()
        self._report.stop()

    def milestone(self, name: str, **extra: object) -> None:
        """Record ``name`` once."""
        if self.path is None or name in self._seen:
            return
        self._seen.add(name)
        self._write({"event": name, "t": time.time(), **extra})

    def _on_probe(self) -> None:
        elapsed = self._clock.restart()
        self._lateness.append(max(0.0, elapsed - PROBE_INTERVAL_MS))

    def _write_stalls(self) -> None:
        if not self._lateness:
            return
        values = sorted(self._lateness)
        self._lateness = []

        def pick(q: float) -> float:
            return values[min(len(values) - 1, int(q * len(values)))]

        self._write({"event": "stalls", "t": time.time(), "samples": len(values),
                     "p50_ms": pick(0.5), "p99_ms": pick(0.99), "max_ms": values[-1]})

    def _write(self, record: dict[str, object]) -> None:
        assert self.path is not None
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")
