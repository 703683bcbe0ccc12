"""Frames with their time, from a camera, a video file or a stream URL.

:func:`open_frame_source` parses what the listener typed (``0``, ``clip.mp4``,
``rtsp://...``) and returns a :class:`FrameSource` whose :meth:`FrameSource.read` gives
:class:`Frame` objects: ``(timestamp, image)`` plus the frame's number.

* **Video files** (:class:`VideoFileSource`, here) are read frame by frame, every frame (or
  every ``every_nth``), with the file's own media time as the timestamp: analysing a file is
  deterministic and as fast as the machine allows, never throttled to real time.
* **Cameras and streams** (:class:`~moodplayer.perception.live_source.LiveSource`) are read by
  a grabber thread that keeps only the newest frame, with a watchdog that reports a lost camera
  and reconnects.

Everything that can go wrong while opening raises :class:`SourceOpenError`, whose message names
the device and says what to try. :meth:`FrameSource.release` always releases the device, also
after errors; sources are context managers.

OpenCV is reached only through a *capture factory* (``cv2.VideoCapture`` by default), so tests
can inject a fake capture that dies and comes back.
"""

from __future__ import annotations

import logging
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np
import numpy.typing as npt

from moodplayer.perception.events import CameraLost, CameraRestored
from moodplayer.settings import CameraSettings

if TYPE_CHECKING:
    from moodplayer.perception.live_source import WatchdogSettings

log = logging.getLogger(__name__)

Image = npt.NDArray[np.uint8]
SourceEvent = CameraLost | CameraRestored

# OpenCV's property numbers (cv2.CAP_PROP_*), spelled out so this module imports without cv2.
CAP_PROP_POS_MSEC = 0
CAP_PROP_FRAME_WIDTH = 3
CAP_PROP_FRAME_HEIGHT = 4
CAP_PROP_FPS = 5
CAP_PROP_POS_FRAMES = 1
CAP_PROP_FRAME_COUNT = 7
CAP_PROP_BUFFERSIZE = 38


class Capture(Protocol):
    """The part of ``cv2.VideoCapture`` a frame source uses."""

    def isOpened(self) -> bool: ...  # OpenCV's spelling
    def read(self) -> tuple[bool, Any]: ...
    def grab(self) -> bool: ...
    def set(self, prop: int, value: float) -> bool: ...
    def get(self, prop: int) -> float: ...
    def release(self) -> None: ...


CaptureFactory = Callable[[int | str], Capture]


def opencv_capture(target: int | str) -> Capture:
    """The real capture: ``cv2.VideoCapture(target)``."""
    import cv2

    capture: Capture = cv2.VideoCapture(target)
    return capture


@dataclass(frozen=True)
class Frame:
    """One frame: its source time in seconds, the BGR image, and its number in the source."""

    timestamp: float
    image: Image
    index: int


class SourceOpenError(Exception):
    """A source could not be opened: ``problem`` names the device, ``advice`` what to try."""

    def __init__(self, problem: str, advice: str) -> None:
        super().__init__(f"{problem}. {advice}")
        self.problem = problem
        self.advice = advice


SourceKind = Literal["camera", "file", "stream"]


@dataclass(frozen=True)
class SourceSpec:
    """What to open: a camera index, a video file, or a stream URL."""

    kind: SourceKind
    target: int | str

    @classmethod
    def parse(cls, text: str | int | Path) -> SourceSpec:
        """``"0"``/``0`` is camera 0, ``"scheme://..."`` a stream, anything else (and any
        :class:`~pathlib.Path`) a file."""
        if isinstance(text, int):
            return cls("camera", text)
        if isinstance(text, Path):
            return cls("file", str(text.expanduser()))
        stripped = text.strip()
        if stripped.isdigit():
            return cls("camera", int(stripped))
        if "://" in stripped and not stripped.lower().startswith("file://"):
            return cls("stream", stripped)
        return cls("file", str(Path(stripped.removeprefix("file://")).expanduser()))

    @property
    def live(self) -> bool:
        """Cameras and streams are live; files are read at their own pace."""
        return self.kind != "file"

    @property
    def name(self) -> str:
        """How the source is named in messages: ``camera 0``, ``video file x.mp4``, ..."""
        if self.kind == "camera":
            return f"camera {self.target}"
        if self.kind == "file":
            return f"video file {self.target}"
        return f"stream {self.target}"


class FrameSource(ABC):
    """Frames with their source time. Use :func:`open_frame_source` to make one."""

    def __init__(self, spec: SourceSpec) -> None:
        self.spec = spec
        self.frames_read = 0
        """Frames the source delivered, including those skipped or dropped as stale."""

    @property
    def live(self) -> bool:
        """Whether this is a camera or stream (newest frame only) rather than a file."""
        return self.spec.live

    @property
    def name(self) -> str:
        """The source in words, for messages."""
        return self.spec.name

    @property
    @abstractmethod
    def ended(self) -> bool:
        """True once a file has no more frames (never for live sources)."""

    @property
    def duration_seconds(self) -> float | None:
        """A file's length in seconds when known; ``None`` for live sources."""
        return None

    @property
    def frame_rate(self) -> float | None:
        """The source's frames per second when known."""
        return None

    @abstractmethod
    def read(self, timeout: float = 0.1) -> Frame | None:
        """The next frame to analyse; ``None`` when none came within ``timeout`` (live) or at
        the end (files: see :attr:`ended`)."""

    def events(self) -> list[SourceEvent]:
        """Camera lost/restored events since the last call (live sources only)."""
        return []

    def pause(self) -> None:  # noqa: B027 - optional hook, nothing to do for files
        """Stop reading (a camera is released). Files just wait."""

    def resume(self) -> None:  # noqa: B027 - optional hook
        """Read again after :meth:`pause`."""

    @abstractmethod
    def release(self) -> None:
        """Let go of the device or file. Safe to call more than once."""

    def __enter__(self) -> FrameSource:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


# ---------------------------------------------------------------------------------- files


class VideoFileSource(FrameSource):
    """A video file, read in order with its media time; ``every_nth`` skips frames cheaply.

    Standing in for a webcam (the GUI with ``--camera FILE``), ``realtime`` delivers frames no
    faster than their media time and ``loop`` starts again at the end with timestamps that
    keep increasing, so the voter sees one continuous stream.
    """

    def __init__(self, spec: SourceSpec, capture_factory: CaptureFactory = opencv_capture,
                 every_nth: int = 1, *, loop: bool = False, realtime: bool = False,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        super().__init__(spec)
        self.loop = loop
        self.realtime = realtime
        self._clock = clock
        self._sleep = sleep
        self._loop_offset = 0.0
        self._anchor: tuple[float, float] | None = None  # (wall clock, media time)
        self._pending: Frame | None = None
        if every_nth < 1:
            raise ValueError("every_nth must be at least 1")
        self.every_nth = every_nth
        path = Path(str(spec.target))
        if capture_factory is opencv_capture and not path.is_file():
            raise SourceOpenError(f"{spec.name} does not exist",
                                  "Check the path, or give a camera number such as 0")
        self._capture: Capture | None = capture_factory(str(path))
        if not self._capture.isOpened():
            self.release()
            raise SourceOpenError(
                f"{spec.name} could not be opened as a video",
                "OpenCV cannot decode it; convert it to MP4 (H.264), e.g. "
                f"ffmpeg -i '{path}' converted.mp4")
        fps = self._capture.get(CAP_PROP_FPS)
        count = self._capture.get(CAP_PROP_FRAME_COUNT)
        self._fps = fps if fps and fps > 0 and fps < 1000 else None
        self._count = int(count) if count and count > 0 else None
        self._next_index = 0
        self._last_timestamp = -1.0
        self._ended = False

    @property
    def ended(self) -> bool:
        return self._ended

    @property
    def frame_rate(self) -> float | None:
        return self._fps

    @property
    def frame_count(self) -> int | None:
        """Frames in the file, as its header says (may be missing or approximate)."""
        return self._count

    @property
    def duration_seconds(self) -> float | None:
        if self._fps and self._count:
            return self._count / self._fps
        return None

    def read(self, timeout: float = 0.1) -> Frame | None:
        frame = self._pending or self._read_next()
        self._pending = None
        if frame is None or not self.realtime:
            return frame
        if self._anchor is None:
            self._anchor = (self._clock(), frame.timestamp)
        due = self._anchor[0] + (frame.timestamp - self._anchor[1])
        wait = due - self._clock()
        if wait > 0:
            self._sleep(min(wait, timeout))
            if due - self._clock() > 1e-3:
                self._pending = frame
                return None
        return frame

    def _read_next(self) -> Frame | None:
        frame = self._read_file()
        if frame is None and self.loop and self._ended and self._restart():
            frame = self._read_file()
        return frame

    def _restart(self) -> bool:
        """Back to the first frame; later timestamps continue after the last one."""
        capture = self._capture
        if capture is None or self._next_index == 0:
            return False
        step = 1 / self._fps if self._fps else 1 / 30
        self._loop_offset += self._last_timestamp + step
        self._last_timestamp = -1.0
        self._next_index = 0
        self._ended = False
        capture.set(CAP_PROP_POS_FRAMES, 0)
        log.info("%s: looping to the start", self.name)
        return True

    def _read_file(self) -> Frame | None:
        capture = self._capture
        if capture is None or self._ended:
            return None
        if self._next_index > 0:
            for _ in range(self.every_nth - 1):
                if not capture.grab():
                    self._end()
                    return None
                self._next_index += 1
                self.frames_read += 1
        ok, image = capture.read()
        if not ok or image is None:
            self._end()
            return None
        index = self._next_index
        self._next_index += 1
        self.frames_read += 1
        return Frame(self._loop_offset + self._media_time(capture, index), image, index)

    def _media_time(self, capture: Capture, index: int) -> float:
        """The frame's media time; frame number over frame rate when the file gives none."""
        stamp = capture.get(CAP_PROP_POS_MSEC) / 1000.0
        if (index > 0 and stamp <= 0) or stamp < self._last_timestamp or stamp != stamp:
            stamp = index / self._fps if self._fps else self._last_timestamp + 1 / 30
        self._last_timestamp = stamp
        return float(stamp)

    def _end(self) -> None:
        self._ended = True
        log.info("%s ended after %d frames", self.name, self.frames_read)

    def release(self) -> None:
        capture, self._capture = self._capture, None
        if capture is not None:
            capture.release()


def open_frame_source(
    source: str | int | Path | SourceSpec,
    camera: CameraSettings | None = None,
    *,
    capture_factory: CaptureFactory = opencv_capture,
    watchdog: WatchdogSettings | None = None,
    every_nth: int = 1,
    cancel: threading.Event | None = None,
    loop_files: bool = False,
    realtime_files: bool = False,
) -> FrameSource:
    """Open a camera index, video file or stream URL. Raises :class:`SourceOpenError`.

    ``camera`` gives the requested size and frame rate for cameras; ``every_nth`` makes a file
    source return every n-th frame; ``cancel`` aborts waiting for a live source's first frame;
    ``loop_files`` and ``realtime_files`` make a file stand in for a camera (see
    :class:`VideoFileSource`).
    """
    spec = source if isinstance(source, SourceSpec) else SourceSpec.parse(source)
    if spec.kind == "file":
        return VideoFileSource(spec, capture_factory, every_nth, loop=loop_files,
                               realtime=realtime_files)
    from moodplayer.perception.live_source import LiveSource

    return LiveSource(spec, camera, capture_factory, watchdog, cancel=cancel)
