"""Live sources: a camera or a stream, read by a grabber thread that keeps the newest frame.

A slow consumer always gets the newest picture and never a backlog. Timestamps are seconds since
the source was opened. A watchdog reports :class:`CameraLost` when no new frame comes: reads
failing for ``no_frame_seconds``, one read hanging that long (the consumer notices, since the
grabber is stuck in the driver), or the same picture bit for bit for ``stale_seconds`` (a
near-uniform picture, such as a covered lens, may repeat). The grabber then releases the device
and reopens it, waiting longer after each failed attempt, and reports :class:`CameraRestored`
once frames flow again. Pausing releases the device (its light goes off); resuming reopens it.
The grabber thread owns the device and always releases it, also when a read was stuck when the
source was released.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from moodplayer.perception.events import CameraLost, CameraRestored
from moodplayer.perception.frame_source import (
    CAP_PROP_BUFFERSIZE,
    CAP_PROP_FPS,
    CAP_PROP_FRAME_HEIGHT,
    CAP_PROP_FRAME_WIDTH,
    Capture,
    CaptureFactory,
    Frame,
    FrameSource,
    Image,
    SourceEvent,
    SourceOpenError,
    SourceSpec,
    opencv_capture,
)
from moodplayer.settings import CameraSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WatchdogSettings:
    """How a live source decides it is lost and how it reconnects (seconds)."""

    no_frame_seconds: float = 2.0
    """Reads failing, or one read hanging, for this long: the camera is lost."""
    stale_seconds: float = 3.0
    """The same picture (bit for bit) for this long: the camera is lost."""
    first_frame_seconds: float = 8.0
    """Opening waits this long for the first frame before giving up."""
    reconnect_first_delay: float = 0.5
    reconnect_max_delay: float = 8.0
    """Reconnection attempts start after the first delay, which doubles up to the maximum."""
    failed_read_pause: float = 0.02
    """Pause after a failed read before the next one (keeps a dead device from spinning)."""


def backoff_delays(watchdog: WatchdogSettings) -> Iterator[float]:
    """The waits before reconnection attempts: the first delay, doubling up to the maximum."""
    delay = watchdog.reconnect_first_delay
    while True:
        yield delay
        delay = min(delay * 2, watchdog.reconnect_max_delay)


def _signature(image: Image) -> Image:
    """A small sample of the picture, to notice a camera repeating the same frame."""
    return np.ascontiguousarray(image[::16, ::16])


def _is_plain(sample: Image) -> bool:
    """A near-uniform picture (lens covered, dark room) legitimately repeats itself."""
    return float(sample.std()) < 2.0


class LiveSource(FrameSource):
    """A camera or stream read by a grabber thread that keeps only the newest frame."""

    def __init__(
        self,
        spec: SourceSpec,
        camera: CameraSettings | None = None,
        capture_factory: CaptureFactory = opencv_capture,
        watchdog: WatchdogSettings | None = None,
        clock: Callable[[], float] = time.monotonic,
        cancel: threading.Event | None = None,
    ) -> None:
        super().__init__(spec)
        self.camera = camera or CameraSettings()
        self.watchdog = watchdog or WatchdogSettings()
        self._factory = capture_factory
        self._clock = clock
        self._lock = threading.Condition()
        self._stop = threading.Event()
        self._resumed = threading.Event()
        self._resumed.set()
        self._events: list[SourceEvent] = []
        self._newest: Frame | None = None
        self._returned_index = -1
        self._lost = False
        self._open_error: SourceOpenError | None = None
        self._started_at = clock()
        self._last_frame_at = self._started_at
        self._reading_since: float | None = None
        self._stale_sample: Image | None = None
        self._delays = backoff_delays(self.watchdog)
        self._first_frame = threading.Event()
        if capture_factory is opencv_capture:
            self._check_device_exists()
        self._thread = threading.Thread(target=self._grab_loop, name=f"grabber {spec.name}",
                                        daemon=True)
        self._thread.start()
        self._wait_for_first_frame(cancel)

    # ---- the consumer's side

    @property
    def ended(self) -> bool:
        return False

    @property
    def paused(self) -> bool:
        """Whether the source is paused (the device released)."""
        return not self._resumed.is_set()

    @property
    def lost(self) -> bool:
        """Whether the source is currently reported lost."""
        return self._lost

    def read(self, timeout: float = 0.1) -> Frame | None:
        deadline = self._clock() + timeout
        with self._lock:
            while True:
                if self.paused or self._stop.is_set():
                    return None
                newest = self._newest
                if newest is not None and newest.index > self._returned_index:
                    self._returned_index = newest.index
                    return newest
                reading_since = self._reading_since
                if (reading_since is not None
                        and self._clock() - reading_since >= self.watchdog.no_frame_seconds):
                    self._report_lost("it stopped answering (a read hangs)")
                remaining = deadline - self._clock()
                if remaining <= 0:
                    return None
                self._lock.wait(remaining)

    def events(self) -> list[SourceEvent]:
        with self._lock:
            events, self._events = self._events, []
        return events

    def pause(self) -> None:
        self._resumed.clear()
        with self._lock:
            if self._newest is not None:  # a frame from before the pause is never handed out
                self._returned_index = self._newest.index
            self._lock.notify_all()

    def resume(self) -> None:
        with self._lock:
            self._last_frame_at = self._clock()
        self._resumed.set()

    def release(self, timeout: float = 2.0) -> None:
        """Stop the grabber; it releases the device. Waits up to ``timeout`` seconds for it
        (a read stuck in the driver cannot be interrupted; the thread releases the device as
        soon as that read returns)."""
        self._stop.set()
        self._resumed.set()
        with self._lock:
            self._lock.notify_all()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("%s: a read is stuck in the driver; the device will be released "
                            "when it returns", self.name)

    # ---- opening

    def _check_device_exists(self) -> None:
        if (self.spec.kind == "camera" and sys.platform.startswith("linux")
                and not Path(f"/dev/video{self.spec.target}").exists()):
            raise SourceOpenError(
                f"{self.name} was not found (there is no /dev/video{self.spec.target})",
                "Plug in a webcam, or pick another camera (moodplayer doctor lists the "
                "cameras that open), or choose the mood by hand")

    def _cannot_open(self) -> SourceOpenError:
        if self.spec.kind == "stream":
            return SourceOpenError(
                f"{self.name} could not be opened",
                "Check the address, that the stream is running and that this computer can "
                "reach it")
        return SourceOpenError(
            f"{self.name} could not be opened",
            "It may be in use by another program (close video calls and other camera apps), "
            "or you may lack permission (on Linux, join the 'video' group and log in again); "
            "moodplayer doctor lists the cameras that open")

    def _wait_for_first_frame(self, cancel: threading.Event | None) -> None:
        limit = self._clock() + self.watchdog.first_frame_seconds
        while not self._first_frame.wait(0.05):
            if self._open_error is not None or (cancel is not None and cancel.is_set()):
                break
            if self._clock() >= limit:
                self._open_error = SourceOpenError(
                    f"{self.name} opened but sent no picture within "
                    f"{self.watchdog.first_frame_seconds:g} s",
                    "Unplug it and plug it in again, close other programs using it, or try "
                    "another camera number")
                break
        if self._open_error is not None or not self._first_frame.is_set():
            error = self._open_error
            self.release()
            if error is not None:
                raise error
            raise SourceOpenError(f"opening {self.name} was cancelled", "Start it again")

    def _open_capture(self) -> Capture | None:
        """Open the device and ask for the configured size and rate; ``None`` if it fails."""
        try:
            capture = self._factory(self.spec.target)
        except Exception as error:
            log.warning("%s: opening failed: %s", self.name, error)
            return None
        if not capture.isOpened():
            capture.release()
            return None
        if self.spec.kind == "camera":
            capture.set(CAP_PROP_FRAME_WIDTH, float(self.camera.width))
            capture.set(CAP_PROP_FRAME_HEIGHT, float(self.camera.height))
            capture.set(CAP_PROP_FPS, float(self.camera.fps))
            capture.set(CAP_PROP_BUFFERSIZE, 1.0)
            log.info("%s opened at %gx%g, %g fps", self.name, capture.get(CAP_PROP_FRAME_WIDTH),
                     capture.get(CAP_PROP_FRAME_HEIGHT), capture.get(CAP_PROP_FPS))
        return capture

    # ---- the grabber thread

    def _grab_loop(self) -> None:
        capture: Capture | None = None
        try:
            capture = self._open_capture()
            if capture is None:
                self._open_error = self._cannot_open()
                return
            while not self._stop.is_set():
                if self.paused:
                    self._release(capture)
                    capture = None
                    self._resumed.wait()
                    continue
                if capture is None:
                    capture = self._reconnect()
                    continue
                if not self._grab_one(capture):
                    self._release(capture)
                    capture = None
        except Exception:  # the grabber must never die silently
            log.exception("%s: the frame grabber failed", self.name)
            with self._lock:
                self._report_lost("the frame grabber failed")
        finally:
            self._release(capture)

    def _grab_one(self, capture: Capture) -> bool:
        """Read one frame and hand it over; false when the capture should be given up."""
        with self._lock:
            self._reading_since = self._clock()
        try:
            ok, image = capture.read()
        finally:
            with self._lock:
                self._reading_since = None
        now = self._clock()
        with self._lock:
            if ok and image is not None:
                sample = _signature(image)
                repeated = (self._newest is not None and not _is_plain(sample)
                            and self._stale_sample is not None
                            and np.array_equal(sample, self._stale_sample))
                if not repeated:
                    self._stale_sample = sample
                    self._deliver(image, now)
                    return True
                if now - self._last_frame_at >= self.watchdog.stale_seconds:
                    self._report_lost("it keeps sending the same picture")
                    return False
            elif now - self._last_frame_at >= self.watchdog.no_frame_seconds:
                self._report_lost("it stopped sending frames")
                return False
        if not ok:
            self._stop.wait(self.watchdog.failed_read_pause)
        return True

    def _deliver(self, image: Image, now: float) -> None:
        """Make ``image`` the newest frame (caller holds the lock); dropped while paused."""
        if self.paused:
            return
        index = self._newest.index + 1 if self._newest is not None else 0
        self._newest = Frame(now - self._started_at, image, index)
        self._last_frame_at = now
        self.frames_read += 1
        if self._lost:
            self._lost = False
            self._delays = backoff_delays(self.watchdog)
            self._events.append(CameraRestored(self.name))
            log.info("%s restored", self.name)
        self._first_frame.set()
        self._lock.notify_all()

    def _report_lost(self, reason: str) -> None:
        """Report the source lost once (caller holds the lock)."""
        if self._lost or self._stop.is_set() or self.paused:
            return
        self._lost = True
        self._events.append(CameraLost(self.name, reason))
        log.warning("%s lost: %s", self.name, reason)
        self._lock.notify_all()

    def _reconnect(self) -> Capture | None:
        """Open the device again; ``None`` when stopped or paused meanwhile.

        While the source is lost, each attempt waits first; the wait doubles from attempt to
        attempt (also when the device opens but fails again) and starts over once frames flow.
        """
        while not self._stop.is_set() and not self.paused:
            if self._lost:
                delay = next(self._delays)
                log.info("%s: reconnecting in %.1f s", self.name, delay)
                if self._stop.wait(delay) or self.paused:
                    break
            capture = self._open_capture()
            if capture is not None:
                with self._lock:
                    self._last_frame_at = self._clock()
                    self._stale_sample = None
                return capture
            with self._lock:
                self._report_lost("it cannot be opened")
        return None

    def _release(self, capture: Capture | None) -> None:
        """Release ``capture`` if any, logging (never raising) a failure."""
        if capture is not None:
            try:
                capture.release()
            except Exception:
                log.exception("%s: releasing the device failed", self.name)
