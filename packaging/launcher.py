"""The frozen app's entry point: the same as the ``moodplayer`` command."""

import multiprocessing
import sys

from moodplayer.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
