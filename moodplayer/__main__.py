"""``python -m moodplayer``: the same as the ``moodplayer`` command."""

from moodplayer.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
