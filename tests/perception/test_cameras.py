"""Listing the cameras that open never hangs, with no camera or with one that blocks."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import pytest

from moodplayer.perception import cameras


def test_with_no_camera_the_list_is_empty_and_nothing_is_opened(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cameras, "candidate_indices", lambda max_index=10: [])
    assert cameras.list_cameras() == []


def test_a_camera_that_blocks_when_opened_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    import cv2

    stuck = threading.Event()

    class Capture:
        def __init__(self, index: int) -> None:
            self.index = index

        def isOpened(self) -> bool:  # OpenCV's spelling
            return True

        def read(self) -> tuple[bool, Any]:
            if self.index == 0:
                stuck.wait()  # a driver that does not answer (until the test ends)
                return False, None
            return True, np.zeros((480, 640, 3), np.uint8)

        def release(self) -> None:
            pass

    monkeypatch.setattr(cameras, "candidate_indices", lambda max_index=10: [0, 1])
    monkeypatch.setattr(cv2, "VideoCapture", Capture)
    try:
        found = cameras.list_cameras(timeout_seconds=0.3)  # returns although camera 0 hangs
    finally:
        stuck.set()
    assert [(c.index, c.width, c.height) for c in found] == [(1, 640, 480)]
