"""Logging: a rotating file in the log folder plus stderr; every module uses its own logger."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
_installed: list[logging.Handler] = []


def configure_logging(log_file: Path | None, *, verbose: bool = False) -> str | None:
    """Send logs to ``log_file`` (rotating, 1 MB x 3) and warnings (or all, when verbose) to
    stderr, replacing what an earlier call installed. Returns a problem message when the log
    file cannot be opened; logging to stderr still works then."""
    root = logging.getLogger()
    for handler in _installed:
        root.removeHandler(handler)
        handler.close()
    _installed.clear()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setLevel(logging.DEBUG if verbose else logging.WARNING)
    stderr.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    _installed.append(stderr)
    problem = None
    if log_file is not None:
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            file_handler = logging.handlers.RotatingFileHandler(
                log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        except OSError as error:
            problem = f"cannot write the log file {log_file} ({error}); logging to stderr only"
        else:
            file_handler.setFormatter(logging.Formatter(FORMAT))
            file_handler.setLevel(logging.DEBUG)
            _installed.append(file_handler)
    for handler in _installed:
        root.addHandler(handler)
    for noisy in ("PIL", "matplotlib", "urllib3", "h5py"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if problem:
        logging.getLogger(__name__).warning("%s", problem)
    return problem
