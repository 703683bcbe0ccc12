"""A job that runs once in a daemon worker thread and can be cancelled and waited for.

Subclasses implement :meth:`BackgroundJob._work` (checking :attr:`BackgroundJob.cancelled`
between steps) and may override :meth:`BackgroundJob._finished`, which runs on the worker
after the job is marked done. Used by the folder scanner and the library's background load.
"""

from __future__ import annotations

import threading
from typing import TypeVar

JobT = TypeVar("JobT", bound="BackgroundJob")


class BackgroundJob:
    """Start once, cancel any time, ask whether it is done, wait for it."""

    thread_name = "moodplayer-job"

    def __init__(self) -> None:
        self._cancel = threading.Event()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self: JobT) -> JobT:
        """Start the worker and return at once."""
        if self._thread is not None:
            raise RuntimeError(f"{type(self).__name__} was already started")
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Ask the worker to stop at its next check."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """Whether :meth:`cancel` was called."""
        return self._cancel.is_set()

    @property
    def done(self) -> bool:
        """Whether the worker has finished (completed, cancelled or failed)."""
        return self._done.is_set()

    def wait_done(self, timeout: float | None = None) -> bool:
        """Block until the job ends; false if ``timeout`` passed first."""
        return self._done.wait(timeout)

    def _run(self) -> None:
        try:
            self._work()
        finally:
            self._done.set()
            self._finished()

    def _work(self) -> None:
        raise NotImplementedError

    def _finished(self) -> None:
        """Called on the worker once the job is done (for completion callbacks)."""
