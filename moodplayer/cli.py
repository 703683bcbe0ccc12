"""The ``moodplayer`` command line: with no sub-command it opens the window.

Sub-commands live in :mod:`moodplayer.commands`, one module each, and are found at start-up.
Heavy libraries are imported only by the command that needs them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from moodplayer import APP_NAME, __version__
from moodplayer.commands import discover_commands


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every discovered sub-command."""
    parser = argparse.ArgumentParser(
        prog="moodplayer",
        description=f"{APP_NAME}: plays the music that fits the mood on your face.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log everything to stderr")
    parser.add_argument("--self-test", action="store_true",
                        help="check that recognition, video, audio and the window work "
                             "(no camera, display or network needed), then exit")
    gui = parser.add_argument_group("window options (when no command is given)")
    gui.add_argument("--camera", metavar="SOURCE",
                     help="camera index, video file or stream URL to read faces from")
    gui.add_argument("--no-camera", action="store_true",
                     help="start without the camera, choosing the mood by hand")
    gui.add_argument("--mood", metavar="MOOD", help="start with this mood chosen by hand")
    gui.add_argument("--audio-out", metavar="FILE.wav",
                     help="write the music to this WAV file instead of the sound card")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in discover_commands():
        sub_parser = sub.add_parser(command.name, help=command.help, description=command.help,
                                    aliases=list(command.aliases))
        command.configure(sub_parser)
        sub_parser.set_defaults(run_command=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:
        from moodplayer.self_test import run_self_test

        return run_self_test()
    from moodplayer.context import create_context

    try:
        if getattr(args, "run_command", None) is not None:
            context = create_context(verbose=args.verbose)
            return int(args.run_command(args, context))
        if args.mood:
            from moodplayer.moods import Mood

            try:
                Mood.parse(args.mood)
            except ValueError as error:
                parser.error(str(error))
        from moodplayer.gui.app import run_gui

        return run_gui(args, create_context(verbose=args.verbose))
    except KeyboardInterrupt:
        print("moodplayer: interrupted", file=sys.stderr)
        return 130
