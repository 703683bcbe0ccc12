"""``moodplayer playlists [MOOD...] [--json]``: each mood's music, as the player will see it.

For every mood (or the moods named): its sources (folders, playlist files, files, streams, or
the bundled demo folder), how many tracks they give, their total duration (read from each
file, so a large library takes a moment) and every problem found: a missing folder, an
unreadable playlist, entries that do not exist. A mood without music says which mood plays
instead. ``--json`` prints one object with a key per mood. Exit status 0 (problems are
reported, not failures); 2 for an unknown mood name.
"""

from __future__ import annotations

import argparse
import sys

from moodplayer.commands import Command
from moodplayer.commands._output import ProgressBar, print_json
from moodplayer.context import AppContext
from moodplayer.moods import MOOD_ORDER, Mood

PROGRESS_FROM = 200  # show a progress bar when reading more durations than this


def format_duration(seconds: float) -> str:
    """``3725.4`` -> ``"1:02:05"``, ``65`` -> ``"1:05"``."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _tracks(count: int) -> str:
    return f"{count} track{'' if count == 1 else 's'}"


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("moods", nargs="*", metavar="MOOD",
                        help="only these moods (default: all seven)")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object with a key per mood")


def _run(args: argparse.Namespace, context: AppContext) -> int:
    from moodplayer.music.library import MoodLibrary

    try:
        moods = [Mood.parse(name) for name in args.moods] or list(MOOD_ORDER)
    except ValueError as error:
        print(f"moodplayer playlists: {error}", file=sys.stderr)
        return 2
    library = MoodLibrary(context.settings.music)
    bar: ProgressBar | None = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None and total > PROGRESS_FROM and sys.stderr.isatty():
            bar = ProgressBar(total, "Reading durations")
        if bar is not None:
            bar.update(done, force=done == total)

    summaries = library.summary(moods, on_progress=progress)
    if bar is not None:
        bar.close()
    messages = {mood: library.resolve(mood).message for mood in moods}
    if args.json:
        print_json({s.mood.value: {**s.to_json(), "message": messages[s.mood]}
                    for s in summaries})
        return 0
    for summary in summaries:
        count = _tracks(summary.track_count)
        length = format_duration(summary.duration)
        if summary.unknown_durations:
            length += f" + {summary.unknown_durations} of unknown length"
        demo = "  (demo music)" if summary.uses_demo else ""
        print(f"{summary.mood.value}: {count}, {length}{demo}")
        for source in summary.sources:
            print(f"  {source.kind:10} {source.location}  ({_tracks(source.tracks)})")
        for problem in summary.problems:
            print(f"  problem:   {problem}")
        if messages[summary.mood]:
            print(f"  note:      {messages[summary.mood]}")
    return 0


COMMAND = Command("playlists", "list each mood's music sources, tracks, duration and problems",
                  _configure, _run)
