"""Trying a camera before using it: which cameras open, and a live preview of one source.

:class:`CameraFinder` lists the cameras that open (``list_cameras``) on a worker thread and
reports them with a signal, so the settings dialog never waits for a slow driver.
:class:`SourcePreview` opens a camera index, video file or stream URL on its own ``QThread``
and sends scaled-down ``QImage`` copies of its frames, about fifteen a second; it stops with
:meth:`SourcePreview.stop`. Nothing is analysed and nothing is written anywhere.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from moodplayer.gui.perception_thread import frame_to_qimage
from moodplayer.gui.thread_relay import call_on_gui_thread, prepare_relay
from moodplayer.settings import CameraSettings

log = logging.getLogger(__name__)

PREVIEW_INTERVAL = 1 / 15
PREVIEW_WIDTH = 480


class CameraFinder(QObject):
    """Lists the cameras that open, off the GUI thread; ``found`` carries ``CameraInfo``s."""

    found = Signal(list)

    def start(self) -> None:
        """Start looking; ``found`` is emitted once (an empty list when there is none)."""
        prepare_relay()
        threading.Thread(target=self._look, name="moodplayer-camera-finder",
                         daemon=True).start()

    def _look(self) -> None:
        from moodplayer.perception.cameras import list_cameras

        try:
            cameras: list[Any] = list_cameras()
        except Exception:  # a broken driver must not break the settings dialog
            log.exception("listing the cameras failed")
            cameras = []
        call_on_gui_thread(lambda: self.found.emit(cameras))


class SourcePreview(QThread):
    """Reads one source and emits its frames until :meth:`stop`."""

    frame = Signal(object)  # QImage
    failed = Signal(str)

    def __init__(self, source: str, camera: CameraSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("camera-preview")
        self.source = source
        self.camera = camera
        self._cancel = threading.Event()

    def run(self) -> None:
        from moodplayer.perception.frame_source import (
            SourceOpenError,
            SourceSpec,
            open_frame_source,
        )

        try:
            source = open_frame_source(SourceSpec.parse(self.source), self.camera,
                                       cancel=self._cancel, loop_files=True,
                                       realtime_files=True)
        except SourceOpenError as error:
            if not self._cancel.is_set():
                self.failed.emit(str(error))
            return
        except Exception as error:  # reported, never lost with the thread
            log.exception("the preview of %s failed", self.source)
            self.failed.emit(f"{self.source} cannot be opened: {error}")
            return
        try:
            self._show(source)
        except Exception as error:
            log.exception("the preview of %s failed", self.source)
            self.failed.emit(f"{source.name} stopped: {error}")
        finally:
            source.release()

    def _show(self, source: Any) -> None:
        last = 0.0
        while not self.isInterruptionRequested():
            frame = source.read(0.1)
            if frame is None:
                if source.ended:
                    self.failed.emit(f"The {source.name} has no more frames")
                    return
                continue
            now = time.monotonic()
            if now - last >= PREVIEW_INTERVAL:
                last = now
                self.frame.emit(frame_to_qimage(frame.image, PREVIEW_WIDTH))

    def stop(self, timeout_ms: int = 3000) -> bool:
        """Ask the preview to end and wait for it; true when it has."""
        self._cancel.set()
        self.requestInterruption()
        return self.wait(timeout_ms)
