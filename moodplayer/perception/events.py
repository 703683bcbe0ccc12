"""What the perception pipeline reports, for any thread or UI to consume.

The pipeline calls one callback with these events (or yields them). Frames in
:class:`FrameAnalysed` are the pipeline's own copies; a consumer on another thread that keeps
one must copy it again (the GUI copies into a ``QImage``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from moodplayer.moods import MoodDecision
from moodplayer.perception.readings import EmotionReading

if TYPE_CHECKING:
    from moodplayer.perception.calibration import NeutralBaseline


@dataclass(frozen=True)
class PipelineStatus:
    """A state change of the pipeline, in words: ``starting camera``, ``loading model``,
    ``running``, ``paused``, ``stopped``."""

    state: str
    detail: str = ""


@dataclass(frozen=True)
class FrameAnalysed:
    """One analysed frame: source time, the frame (BGR), its readings, speed figures."""

    timestamp: float
    frame: npt.NDArray[np.uint8]
    readings: list[EmotionReading]
    fps: float
    analysis_ms: float


@dataclass(frozen=True)
class DecisionMade:
    """The voter's decision after a frame."""

    decision: MoodDecision


@dataclass(frozen=True)
class CameraLost:
    """The camera stopped delivering (unplugged, stale frames). Reconnection is under way."""

    source: str
    reason: str


@dataclass(frozen=True)
class CameraRestored:
    """The camera delivers frames again."""

    source: str


@dataclass(frozen=True)
class PipelineError:
    """Something failed. ``fatal`` errors stop the pipeline (no camera, model not loading)."""

    message: str
    fatal: bool = False


@dataclass(frozen=True)
class SourceEnded:
    """A video file reached its end; the pipeline stops."""

    source: str


@dataclass(frozen=True)
class CalibrationProgress:
    """A neutral-face capture is under way: ``fraction`` done, faces seen so far."""

    fraction: float
    faces_seen: int


@dataclass(frozen=True)
class CalibrationFinished:
    """A neutral-face capture ended: the new baseline (now in use), or ``None`` and why not.

    The pipeline does not save it; whoever asked for the capture does.
    """

    baseline: NeutralBaseline | None
    message: str


PipelineEvent = (
    PipelineStatus | FrameAnalysed | DecisionMade | CameraLost | CameraRestored
    | PipelineError | SourceEnded | CalibrationProgress | CalibrationFinished
)
