"""Finding audio files in folders, fast and off the caller's thread.

:func:`walk_audio_files` walks folders recursively and yields the audio files (by extension:
every format libVLC plays) in a stable, natural order (``2 song`` before ``10 song``; a
folder's files before its sub-folders). It never opens a file, so tens of thousands of files
take seconds; tags are read later, lazily (:mod:`moodplayer.music.metadata`). Hidden files and
folders (``.name``, and the hidden attribute on Windows) are skipped; symbolic links to folders
are followed, but a folder already visited is never entered twice, so link loops end.

:class:`FolderScan` runs the walk in a worker thread and hands the results over in batches,
through a callback (called on the worker thread) and/or by iterating :meth:`FolderScan.batches`
on any thread. It can be cancelled at any time.
"""

from __future__ import annotations

import os
import queue
import re
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from moodplayer.music.background import BackgroundJob

AUDIO_SUFFIXES = frozenset({
    ".mp3", ".mp2", ".mpa", ".ogg", ".oga", ".opus", ".spx", ".flac", ".wav", ".wave",
    ".m4a", ".m4b", ".mp4a", ".aac", ".alac", ".wma", ".mka", ".webm", ".weba", ".aif",
    ".aiff", ".aifc", ".ape", ".mpc", ".wv", ".tta", ".ac3", ".eac3", ".dts", ".amr",
    ".au", ".snd", ".caf", ".mid", ".midi", ".mod", ".s3m", ".xm", ".it", ".voc", ".w64",
    ".3ga", ".dsf", ".dff", ".tak", ".ra", ".rm", ".oma",
})

BatchCallback = Callable[[list[Path]], None]


def is_audio_file(path: Path | str) -> bool:
    """Whether the file name has the extension of a format libVLC plays."""
    return os.path.splitext(str(path))[1].lower() in AUDIO_SUFFIXES


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders ``track 2`` before ``track 10`` and ignores case."""
    return tuple((0, int(part)) if part.isdigit() else (1, part)
                 for part in re.split(r"(\d+)", name.casefold()) if part)


def _is_hidden(entry: os.DirEntry[str]) -> bool:
    if entry.name.startswith("."):
        return True
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        try:
            attributes = entry.stat(follow_symlinks=False).st_file_attributes  # type: ignore[attr-defined]
        except OSError:
            return False
        return bool(attributes & stat.FILE_ATTRIBUTE_HIDDEN)  # type: ignore[attr-defined]
    return False


def walk_audio_files(
    roots: Sequence[Path], *, problems: list[str] | None = None,
    cancelled: threading.Event | None = None,
) -> Iterator[list[Path]]:
    """Yield the audio files under ``roots``, one list per folder that has any, in order.

    Folders that cannot be read are noted in ``problems`` and skipped. Setting ``cancelled``
    stops the walk before the next folder.
    """
    notes = problems if problems is not None else []
    visited: set[tuple[int, int]] = set()
    for root in roots:
        stack = [Path(root)]
        while stack:
            if cancelled is not None and cancelled.is_set():
                return
            folder = stack.pop()
            try:
                info = os.stat(folder)
            except OSError as error:
                notes.append(f"cannot open folder {folder} ({error.strerror or error})")
                continue
            if (info.st_dev, info.st_ino) in visited:
                continue  # reached again through a link: a loop, or the same folder twice
            visited.add((info.st_dev, info.st_ino))
            files: list[tuple[tuple[tuple[int, int | str], ...], str]] = []
            folders: list[tuple[tuple[tuple[int, int | str], ...], str]] = []
            try:
                with os.scandir(folder) as entries:
                    for entry in entries:
                        if _is_hidden(entry):
                            continue
                        try:
                            if entry.is_dir():
                                folders.append((natural_key(entry.name), entry.path))
                            elif (os.path.splitext(entry.name)[1].lower() in AUDIO_SUFFIXES
                                  and entry.is_file()):
                                files.append((natural_key(entry.name), entry.path))
                        except OSError:
                            continue  # a broken link or an entry that vanished
            except OSError as error:
                notes.append(f"cannot read folder {folder} ({error.strerror or error})")
                continue
            if files:
                files.sort()
                yield [Path(path) for _key, path in files]
            folders.sort(reverse=True)  # the stack pops the first folder first
            stack.extend(Path(path) for _key, path in folders)


@dataclass
class ScanResult:
    """What a finished (or cancelled) scan found."""

    files: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0


_END = object()


class FolderScan(BackgroundJob):
    """A scan of some folders in a worker thread, delivering audio files in batches.

    ``on_batch`` is called on the worker thread with each batch (at most ``batch_size`` files,
    handed over at least every ``interval`` seconds while files keep coming; the first batch
    goes out as soon as the first folder with music is read). ``on_done`` gets the
    :class:`ScanResult`. Exceptions raised by the callbacks end the scan and are reported in
    ``problems`` rather than lost in the thread.
    """

    thread_name = "moodplayer-folder-scan"

    def __init__(
        self, roots: Sequence[Path], *, on_batch: BatchCallback | None = None,
        on_done: Callable[[ScanResult], None] | None = None, batch_size: int = 500,
        interval: float = 0.2,
    ) -> None:
        super().__init__()
        self.roots = [Path(r) for r in roots]
        self._on_batch = on_batch
        self._on_done = on_done
        self._batch_size = max(1, batch_size)
        self._interval = interval
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._result = ScanResult()

    def wait(self, timeout: float | None = None) -> ScanResult | None:
        """Block until the scan ends; its result (``None`` if ``timeout`` passed first)."""
        return self._result if self.wait_done(timeout) else None

    def batches(self) -> Iterator[list[Path]]:
        """Iterate over the batches as they arrive, ending when the scan ends. One consumer."""
        while True:
            item = self._queue.get()
            if item is _END:
                self._queue.put(_END)  # a second iteration ends at once too
                return
            assert isinstance(item, list)
            yield item

    def _emit(self, batch: list[Path]) -> None:
        self._result.files.extend(batch)
        self._queue.put(batch)
        if self._on_batch is not None:
            self._on_batch(batch)

    def _work(self) -> None:
        started = time.monotonic()
        result = self._result
        pending: list[Path] = []
        last_emit = -float("inf")
        try:
            for files in walk_audio_files(self.roots, problems=result.problems,
                                          cancelled=self._cancel):
                pending.extend(files)
                now = time.monotonic()
                while len(pending) >= self._batch_size:
                    self._emit(pending[:self._batch_size])
                    pending = pending[self._batch_size:]
                    last_emit = now
                if pending and now - last_emit >= self._interval:
                    self._emit(pending)
                    pending, last_emit = [], now
                if self.cancelled:
                    break
            if pending and not self.cancelled:
                self._emit(pending)
        except Exception as error:  # a failing callback must not vanish with the thread
            result.problems.append(f"the scan stopped: {error!r}")
        result.cancelled = self.cancelled
        result.seconds = time.monotonic() - started
        self._queue.put(_END)

    def _finished(self) -> None:
        if self._on_done is not None:
            try:
                self._on_done(self._result)
            except Exception as error:
                self._result.problems.append(
                    f"the scan's completion callback failed: {error!r}")


def scan_folders(roots: Sequence[Path]) -> ScanResult:
    """Scan ``roots`` on the calling thread (for workers and commands that may block)."""
    started = time.monotonic()
    result = ScanResult()
    for files in walk_audio_files(roots, problems=result.problems):
        result.files.extend(files)
    result.seconds = time.monotonic() - started
    return result
