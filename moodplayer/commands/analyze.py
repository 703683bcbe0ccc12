"""``moodplayer analyze SOURCE``: the timeline of mood decisions for a camera, file or stream.

Without ``--json`` it prints a line whenever the mood changes, the face goes or comes back, or
the camera is lost or restored, then a summary. With ``--json`` it prints JSON lines, one at
least every 0.5 s of source time (and one for every change)::

    {"t": 1.0, "mood": "happy", "confidence": 0.97, "changed": true, "faces": 1,
     "reason": "happy led the last 1 s with 97% of the weight"}

and last ``{"summary": {"frames", "analysed", "seconds", "fps", "switches", "moods"}}``:
frames the source delivered, frames analysed, seconds of source analysed, analysed frames per
second of running time, mood switches (the first mood is not a switch), and the seconds each
mood was in force. Each analysed frame accounts for the source time until the next one (the
last for as long as the one before it), so ``seconds`` is ``moods`` plus the time before the
first mood. Files show a progress bar on stderr. Ctrl+C ends the analysis cleanly, with the
summary. Exit status 0, or 1 when the source or the model could not be used.
"""

from __future__ import annotations

import argparse
import queue
import sys
import threading
from dataclasses import dataclass, field
from typing import Any

from moodplayer.commands import Command
from moodplayer.commands._output import ProgressBar, print_json
from moodplayer.context import AppContext
from moodplayer.moods import MoodDecision
from moodplayer.settings import field_limits

JSON_INTERVAL = 0.5
"""With ``--json``, a line at least this often in source time."""


def _window(text: str) -> float:
    limits = field_limits("voting", "window_seconds")
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not limits["min"] <= value <= limits["max"]:
        raise argparse.ArgumentTypeError(
            f"the window must be {limits['min']:g} to {limits['max']:g} seconds")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("the number of seconds must be positive")
    return value


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", metavar="SOURCE",
                        help="camera index (0, 1, ...), video file or stream URL")
    parser.add_argument("--window", type=_window, metavar="S",
                        help="seconds of readings that vote on the mood (default: the setting, "
                             "3 s unless changed)")
    parser.add_argument("--seconds", type=_seconds, metavar="N",
                        help="stop after N seconds of source time (for cameras and streams)")
    parser.add_argument("--json", action="store_true",
                        help="print JSON lines (one at least every 0.5 s) and a summary line")


@dataclass
class MoodTally:
    """Adds up the source time each mood was in force, and the switches between moods."""

    moods: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    switches: int = 0
    _previous: MoodDecision | None = None
    _last_gap: float = 0.0

    def add(self, decision: MoodDecision) -> None:
        """Count one decision; the one before it lasted until this one."""
        if decision.changed and self._previous is not None and self._previous.mood is not None:
            self.switches += 1
        if self._previous is not None:
            self._last_gap = max(0.0, decision.timestamp - self._previous.timestamp)
            self._credit(self._previous, self._last_gap)
        self._previous = decision

    def finish(self) -> None:
        """Count the last decision, for as long as the gap before it."""
        if self._previous is not None:
            self._credit(self._previous, self._last_gap)
            self._previous = None

    def _credit(self, decision: MoodDecision, seconds: float) -> None:
        self.seconds += seconds
        if decision.mood is not None:
            name = decision.mood.value
            self.moods[name] = self.moods.get(name, 0.0) + seconds


def decision_line(decision: MoodDecision) -> dict[str, Any]:
    """One ``--json`` line."""
    return {
        "t": round(decision.timestamp, 3),
        "mood": decision.mood.value if decision.mood else None,
        "confidence": round(decision.confidence, 3),
        "changed": decision.changed,
        "faces": decision.faces,
        "reason": decision.reason,
    }


def _text_line(decision: MoodDecision) -> str:
    mood = decision.mood.value if decision.mood else "-"
    return f"{decision.timestamp:8.1f} s  {mood:9} {decision.confidence:4.0%}  {decision.reason}"


class TimelinePrinter:
    """Prints the decisions worth a line, in JSON or in words."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json
        self.progress_shown = False
        self._last_printed: float | None = None
        self._face_seen: bool | None = None

    def _print(self, line: str) -> None:
        if self.progress_shown and sys.stderr.isatty():  # start on a clean terminal line
            sys.stderr.write("\r\033[K")
        print(line, flush=True)

    def decision(self, decision: MoodDecision) -> None:
        face_changed = self._face_seen is not None and decision.face_seen != self._face_seen
        self._face_seen = decision.face_seen
        if self.as_json:
            due = (self._last_printed is None
                   or decision.timestamp - self._last_printed >= JSON_INTERVAL - 1e-9)
            if due or decision.changed or face_changed:
                print_json(decision_line(decision))
                self._last_printed = decision.timestamp
        elif decision.changed or face_changed:
            line = _text_line(decision)
            if face_changed and decision.face_seen:
                line += " (face back)"
            self._print(line)

    def note(self, message: str) -> None:
        """Something that is not a decision (camera lost...): stderr with JSON, else stdout."""
        if self.as_json:
            print(f"moodplayer: {message}", file=sys.stderr, flush=True)
        else:
            self._print(f"{'':12}{message}")


def _summary(stats: Any, tally: MoodTally) -> dict[str, Any]:
    return {
        "frames": stats.frames,
        "analysed": stats.analysed,
        "seconds": round(tally.seconds, 3),
        "fps": round(stats.fps, 2),
        "switches": tally.switches,
        "moods": {mood: round(seconds, 3) for mood, seconds in tally.moods.items()},
    }


def _print_summary(summary: dict[str, Any], as_json: bool, interrupted: bool) -> None:
    if as_json:
        print_json({"summary": summary})
        return
    moods = ", ".join(f"{mood} {seconds:.1f} s" for mood, seconds in
                      sorted(summary["moods"].items(), key=lambda item: -item[1])) or "none"
    print(f"{'Interrupted. ' if interrupted else ''}Analysed {summary['analysed']} of "
          f"{summary['frames']} frames, {summary['seconds']:.1f} s of source, at "
          f"{summary['fps']:.1f} frames per second; {summary['switches']} switch(es).")
    print(f"Moods: {moods}.")


def _run(args: argparse.Namespace, context: AppContext) -> int:
    from moodplayer.perception.events import (
        CameraLost,
        CameraRestored,
        DecisionMade,
        PipelineError,
        PipelineEvent,
        PipelineStatus,
    )
    from moodplayer.perception.pipeline import create_pipeline

    settings = context.settings.copy()
    if args.window is not None:
        settings.voting.window_seconds = args.window
    events: queue.Queue[PipelineEvent | None] = queue.Queue()
    pipeline = create_pipeline(args.source, settings, context.paths, events.put,
                               max_source_seconds=args.seconds, frames=False)

    def run_pipeline() -> None:
        try:
            pipeline.run()
        finally:
            events.put(None)

    worker = threading.Thread(target=run_pipeline, name="perception", daemon=True)
    worker.start()
    printer = TimelinePrinter(args.json)
    tally = MoodTally()
    progress: ProgressBar | None = None
    failed = interrupted = False
    while True:
        try:
            event = events.get(timeout=0.2)
            if event is None:
                break
            if isinstance(event, DecisionMade):
                tally.add(event.decision)
                printer.decision(event.decision)
                if progress is not None:
                    progress.update(event.decision.timestamp)
            elif isinstance(event, PipelineStatus) and event.state == "running":
                source = pipeline.source
                if source is not None and not source.live:
                    progress = ProgressBar(source.duration_seconds, f"analysing {args.source}")
                    printer.progress_shown = True
                elif not args.json:
                    print(f"Analysing {event.detail}; Ctrl+C ends it.", flush=True)
            elif isinstance(event, CameraLost):
                printer.note(f"{event.source} lost: {event.reason}; reconnecting")
            elif isinstance(event, CameraRestored):
                printer.note(f"{event.source} restored")
            elif isinstance(event, PipelineError):
                print(f"moodplayer: {event.message}", file=sys.stderr, flush=True)
                failed = failed or event.fatal
        except queue.Empty:
            continue
        except KeyboardInterrupt:  # Ctrl+C: stop the pipeline, print what was found
            interrupted = True
            pipeline.stop()
    worker.join()
    tally.finish()
    if progress is not None:
        if pipeline.stats.ended_by == "source ended" and progress.total:
            progress.update(progress.total, force=True)
        progress.close()
    if args.json or pipeline.stats.analysed or not failed:
        _print_summary(_summary(pipeline.stats, tally), args.json, interrupted)
    return 1 if failed else 0


COMMAND = Command(
    "analyze",
    "print the timeline of moods read from a camera, video file or stream",
    _configure,
    _run,
)
