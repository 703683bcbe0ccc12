"""Which cameras open: a quick probe that never hangs when there are none.

On Linux a camera index ``i`` is ``/dev/video<i>``; indices without a device node are not
opened at all (opening them makes OpenCV print warnings and wait). Each open runs in a worker
thread with a time limit, so a driver that blocks cannot stall the caller.
"""

from __future__ import annotations

import logging
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CameraInfo:
    """A camera that opened and delivered a frame."""

    index: int
    width: int
    height: int
    name: str


def _device_name(index: int) -> str:
    sys_name = Path(f"/sys/class/video4linux/video{index}/name")
    try:
        return sys_name.read_text(encoding="utf-8").strip()
    except OSError:
        return f"Camera {index}"


def candidate_indices(max_index: int = 10) -> list[int]:
    """Indices worth opening: on Linux those with a ``/dev/video<i>`` node, elsewhere all."""
    if sys.platform.startswith("linux"):
        return [i for i in range(max_index) if Path(f"/dev/video{i}").exists()]
    return list(range(max_index))


def _try_open(index: int, result: dict[int, CameraInfo | None]) -> None:
    import cv2

    capture = cv2.VideoCapture(index)
    try:
        ok, frame = capture.read() if capture.isOpened() else (False, None)
        if ok and frame is not None:
            result[index] = CameraInfo(index, frame.shape[1], frame.shape[0], _device_name(index))
        else:
            result[index] = None
    finally:
        capture.release()


def list_cameras(max_index: int = 10, timeout_seconds: float = 3.0) -> list[CameraInfo]:
    """The cameras among indices ``0..max_index-1`` that open and deliver a frame."""
    indices = candidate_indices(max_index)
    if not indices:
        return []
    result: dict[int, CameraInfo | None] = {}
    for index in indices:
        worker = threading.Thread(target=_try_open, args=(index, result), daemon=True)
        worker.start()
        worker.join(timeout_seconds)
        if worker.is_alive():
            log.warning("camera %d did not answer within %.0f s; skipped", index, timeout_seconds)
    return [info for index in indices if (info := result.get(index)) is not None]
