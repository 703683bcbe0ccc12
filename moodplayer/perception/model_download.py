"""Download DeepFace's emotion weights, only when the listener asks for them.

The file goes to DeepFace's weights folder under the app's data folder, where
:class:`~moodplayer.perception.classifiers.DeepFaceClassifier` finds it:

* each source URL is tried in turn with a short timeout, so an offline machine fails within
  seconds with a message that says so (DeepFace's own download may stall for a minute);
* the bytes go to a temporary file beside the target, reported to a progress callback;
* the temporary file must load in onnxruntime with the emotion model's contract before it is
  renamed over the target, so a half-written or wrong file is never left in place;
* any failure or interruption (including Ctrl+C) removes the temporary file.
"""

from __future__ import annotations

import contextlib
import http.client
import logging
import os
import socket
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

from moodplayer.paths import AppPaths
from moodplayer.perception.model_catalog import (
    DEEPFACE_EMOTION_URLS,
    ModelFile,
    ModelUnavailable,
    check_emotion_model,
    deepface_emotion_model,
)

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int | None], None]
"""Called with the bytes received so far and the total size (``None`` when unknown)."""

CHUNK_BYTES = 64 * 1024
DEFAULT_TIMEOUT_SECONDS = 5.0


class DownloadError(RuntimeError):
    """The download failed; the message says why and what to do. Nothing was left behind."""


def _offline_hint(target: Path) -> str:
    return (f"Check the internet connection and try again, or copy {target.name} "
            f"into {target.parent} by hand.")


def _fetch(url: str, destination: Path, timeout: float,
           progress: ProgressCallback | None) -> None:
    """Stream ``url`` into ``destination`` (an open temporary file's path)."""
    request = urllib.request.Request(url, headers={"User-Agent": "moodplayer"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        received = 0
        with destination.open("wb") as out:
            if progress is not None:
                progress(0, total)
            while chunk := response.read(CHUNK_BYTES):
                out.write(chunk)
                received += len(chunk)
                if progress is not None:
                    progress(received, total)
            out.flush()
            os.fsync(out.fileno())
    if total is not None and received != total:
        raise DownloadError(f"the download from {url} stopped after {received} of {total} "
                            "bytes")


def _describe(error: BaseException) -> str:
    """A plain reason for a network error."""
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(error, urllib.error.HTTPError):
        return f"the server answered {error.code} {error.reason}"
    if isinstance(reason, socket.gaierror):
        return "the server's name cannot be resolved (no network connection?)"
    if isinstance(reason, TimeoutError):
        return "the server did not answer in time (no network connection?)"
    if isinstance(reason, ConnectionRefusedError):
        return "the connection was refused (no network connection, or a proxy is down?)"
    if isinstance(reason, http.client.HTTPException):
        return f"the connection broke off ({type(reason).__name__})"
    if isinstance(reason, OSError) and reason.strerror:
        return f"{reason.strerror} (no network connection?)"
    return str(reason) or type(reason).__name__


def download_model(
    model: ModelFile,
    urls: Sequence[str],
    *,
    progress: ProgressCallback | None = None,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
) -> Path:
    """Download ``model`` from the first of ``urls`` that works; return its path.

    Raises :class:`DownloadError` (nothing left behind) when every source fails or the file
    is not a valid emotion model. ``KeyboardInterrupt`` also leaves nothing behind.
    """
    target = model.path
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DownloadError(f"Cannot create {target.parent} ({error.strerror or error}).") \
            from error
    failures: list[str] = []
    for url in urls:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".part",
                                         dir=target.parent)
        os.close(fd)
        temp = Path(temp_name)
        try:
            log.info("downloading %s from %s", model.name, url)
            try:
                _fetch(url, temp, timeout, progress)
            except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
                failures.append(f"{url}: {_describe(error)}")
                continue
            except DownloadError as error:
                failures.append(str(error))
                continue
            try:
                check_emotion_model(temp, model.input_size)
            except ModelUnavailable as error:
                failures.append(f"{url}: the file is not a usable emotion model ({error})")
                continue
            os.replace(temp, target)
            log.info("%s saved to %s", model.name, target)
            return target
        finally:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
    raise DownloadError(
        f"Could not download {model.download_name or model.name} to {target}:\n  "
        + "\n  ".join(failures) + "\n" + _offline_hint(target)
    )


def download_deepface_emotion(
    paths: AppPaths,
    *,
    progress: ProgressCallback | None = None,
    urls: Sequence[str] = DEEPFACE_EMOTION_URLS,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
) -> Path:
    """Download DeepFace's emotion model into the app's DeepFace weights folder."""
    return download_model(deepface_emotion_model(paths), urls, progress=progress,
                          timeout=timeout)
