"""The perception loop on its own ``QThread``: heavy imports, the model and the camera live here.

The thread runs a :class:`~moodplayer.perception.pipeline.PerceptionPipeline` and turns its
events into Qt signals (queued to the GUI thread). Frames cross as ``QImage`` copies, scaled
down for the preview. Every exception is caught and emitted; stopping is
``requestInterruption()`` + ``wait()`` (see :meth:`PerceptionThread.shutdown`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QImage

from moodplayer.perception.events import (
    CameraLost,
    CameraRestored,
    DecisionMade,
    FrameAnalysed,
    PipelineError,
    PipelineEvent,
    PipelineStatus,
    SourceEnded,
)

log = logging.getLogger(__name__)

PREVIEW_WIDTH = 640
PipelineFactory = Callable[[Callable[[PipelineEvent], None]], Any]


def frame_to_qimage(frame: npt.NDArray[np.uint8], max_width: int = PREVIEW_WIDTH) -> QImage:
    """A GUI-owned RGB ``QImage`` copy of a BGR frame, at most ``max_width`` wide."""
    width = frame.shape[1]
    step = max(1, int(np.ceil(width / max_width)))
    small = frame[::step, ::step, ::-1]  # BGR -> RGB, cheap downscale for the preview
    rgb = np.ascontiguousarray(small)
    image = QImage(rgb.data, rgb.shape[1], rgb.shape[0], rgb.strides[0],
                   QImage.Format.Format_RGB888)
    copy = image.copy()
    copy.setText("scale", str(step))
    return copy


class PerceptionThread(QThread):
    """Runs the pipeline built by ``pipeline_factory(on_event)`` and emits what it reports."""

    status = Signal(str, str)             # state, detail
    frame_ready = Signal(QImage, list, float, float)  # image, readings, fps, analysis ms
    decision = Signal(object)             # MoodDecision
    camera_lost = Signal(str, str)        # source, reason
    camera_restored = Signal(str)
    error = Signal(str, bool)             # message, fatal
    source_ended = Signal(str)
    other_event = Signal(object)          # calibration progress and results

    def __init__(self, pipeline_factory: PipelineFactory, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("perception")
        self._factory = pipeline_factory
        self._pipeline: Any = None

    @property
    def pipeline(self) -> Any:
        """The running pipeline (``None`` before :meth:`run` built it)."""
        return self._pipeline

    def run(self) -> None:
        try:
            self._pipeline = self._factory(self._on_event)
            if self.isInterruptionRequested():
                return
            self._pipeline.run()
        except Exception as error:  # the thread reports, never dies silently
            log.exception("the perception thread failed")
            self.error.emit(f"The camera and recognition stopped: {error}", True)

    def _on_event(self, event: PipelineEvent) -> None:
        if self.isInterruptionRequested() and self._pipeline is not None:
            self._pipeline.stop()
        if isinstance(event, FrameAnalysed):
            image = frame_to_qimage(event.frame) if event.frame.size else QImage()
            self.frame_ready.emit(image, list(event.readings), event.fps, event.analysis_ms)
        elif isinstance(event, DecisionMade):
            self.decision.emit(event.decision)
        elif isinstance(event, PipelineStatus):
            self.status.emit(event.state, event.detail)
        elif isinstance(event, CameraLost):
            self.camera_lost.emit(event.source, event.reason)
        elif isinstance(event, CameraRestored):
            self.camera_restored.emit(event.source)
        elif isinstance(event, PipelineError):
            self.error.emit(event.message, event.fatal)
        elif isinstance(event, SourceEnded):
            self.source_ended.emit(event.source)
        else:
            self.other_event.emit(event)

    def pause_camera(self) -> None:
        """Stop reading frames (the camera is released) until :meth:`resume_camera`."""
        if self._pipeline is not None:
            self._pipeline.pause()

    def resume_camera(self) -> None:
        if self._pipeline is not None:
            self._pipeline.resume()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Ask the loop to end and wait for it; true when the thread has finished."""
        self.requestInterruption()
        if self._pipeline is not None:
            self._pipeline.stop()
        return self.wait(timeout_ms)
