"""A fake camera for fault injection: it can be unplugged, frozen, made to hang, or refuse to
open, and counts how often it was opened and released. Its ``factory`` stands in for
``cv2.VideoCapture``."""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np

from moodplayer.perception.frame_source import CAP_PROP_FRAME_HEIGHT, CAP_PROP_FRAME_WIDTH


class FakeCamera:
    """The device; each open gives a :class:`FakeCapture` on it."""

    def __init__(self, size: tuple[int, int] = (64, 48), interval: float = 0.005) -> None:
        self.size = size
        self.interval = interval
        self.plugged_in = True
        self.opens_refused = False
        self.frozen = False
        self.unstuck = threading.Event()
        self.unstuck.set()
        self.opened = 0
        self.released = 0
        self.requested: dict[int, float] = {}
        self._rng = np.random.default_rng(0)
        self._lock = threading.Lock()

    @property
    def open_now(self) -> int:
        """Captures opened and not yet released."""
        return self.opened - self.released

    def factory(self, target: int | str) -> FakeCapture:
        with self._lock:
            self.opened += 1
        return FakeCapture(self, self.plugged_in and not self.opens_refused)

    def picture(self) -> np.ndarray:
        width, height = self.size
        with self._lock:
            return self._rng.integers(0, 255, (height, width, 3), dtype=np.uint8)

    def unplug(self) -> None:
        self.plugged_in = False

    def plug_in(self) -> None:
        self.plugged_in = True

    def hang(self) -> None:
        """The next reads block in the 'driver' until :meth:`unhang`."""
        self.unstuck.clear()

    def unhang(self) -> None:
        self.unstuck.set()


class FakeCapture:
    """One open handle on a :class:`FakeCamera` (the ``cv2.VideoCapture`` interface)."""

    def __init__(self, camera: FakeCamera, opened: bool) -> None:
        self.camera = camera
        self._opened = opened
        self._released = False
        self._frozen_picture: np.ndarray | None = None

    def isOpened(self) -> bool:  # OpenCV's spelling
        return self._opened and not self._released

    def read(self) -> tuple[bool, Any]:
        camera = self.camera
        camera.unstuck.wait()
        time.sleep(camera.interval)
        if self._released or not camera.plugged_in:
            return False, None
        if camera.frozen:
            if self._frozen_picture is None:
                self._frozen_picture = camera.picture()
            return True, self._frozen_picture.copy()
        self._frozen_picture = None
        return True, camera.picture()

    def grab(self) -> bool:
        return self.read()[0]

    def set(self, prop: int, value: float) -> bool:
        self.camera.requested[prop] = value
        return True

    def get(self, prop: int) -> float:
        if prop == CAP_PROP_FRAME_WIDTH:
            return float(self.camera.size[0])
        if prop == CAP_PROP_FRAME_HEIGHT:
            return float(self.camera.size[1])
        return self.camera.requested.get(prop, 0.0)

    def release(self) -> None:
        if not self._released:
            self._released = True
            with self.camera._lock:
                self.camera.released += 1
