"""The calibration wizard: learn the listener's resting face in about ten seconds.

It explains itself in two sentences, counts down, then asks the running pipeline for a
neutral-face capture (:meth:`PerceptionPipeline.calibrate`) and follows it live: a progress
bar, and a check that a face is seen. When no face has been seen for
:data:`FACE_LOSS_SECONDS` of source time (or the camera sends nothing for
:data:`STALL_SECONDS`), the capture is dropped and starts again from zero as soon as a face is
back. At the end it shows the baseline it found next to the live reading, uncorrected and
corrected, and saves it when asked.

Cancelling at any point changes nothing: the capture is dropped, the calibration that was in
use before is put back (also if a capture finished at that very moment), and nothing is saved.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import time
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QFont, QImage
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from moodplayer.gui.widgets.camera_view import CameraView, FaceMark
from moodplayer.gui.widgets.comparison_bars import ComparisonBars
from moodplayer.perception.events import CalibrationFinished, CalibrationProgress
from moodplayer.perception.readings import EmotionReading

if TYPE_CHECKING:
    from moodplayer.gui.controller import Controller
    from moodplayer.gui.perception_thread import PerceptionThread
    from moodplayer.perception.calibration import NeutralBaseline

log = logging.getLogger(__name__)

COUNTDOWN_SECONDS = 3
FACE_LOSS_SECONDS = 1.0
"""Source seconds without a face after which the capture starts again."""
STALL_SECONDS = 3.0
"""Wall-clock seconds without a capture report after which the capture starts again."""
LINGER_MS = 2000
"""After a cancel, how long the wizard still undoes a capture that finished just then."""

EXPLANATION = (
    "Some faces read a little sad or angry to the emotion model even when they rest. Look at "
    "the camera with a relaxed face for {seconds:.0f} seconds, and Mood Player learns how your "
    "resting face reads and corrects for it."
)


class Step(enum.Enum):
    """Where the wizard is."""

    INTRO = "intro"
    COUNTDOWN = "countdown"
    WAITING = "waiting for a face"
    CAPTURE = "capture"
    RESULT = "result"
    FAILED = "failed"
    CLOSED = "closed"


def primary_reading(readings: list[EmotionReading]) -> EmotionReading | None:
    """The face that counts: the primary one, else the first."""
    return next((r for r in readings if r.primary), readings[0] if readings else None)


def uncorrected(probabilities: Any, baseline: NeutralBaseline) -> list[float]:
    """Undo ``baseline``'s correction of one reading (``p`` is proportional to ``p' / f``)."""
    values = np.asarray(probabilities, dtype=np.float64) / baseline.factors()
    total = values.sum()
    return [float(v) for v in (values / total if total > 0 else values)]


class CalibrationWizard(QDialog):
    """Guides the listener through a neutral-face capture on the running camera."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calibrationWizard")
        self.setWindowTitle("Calibrate your resting face — Mood Player")
        self.setModal(True)
        self.controller = controller
        self.seconds = controller.context.settings.calibration.capture_seconds
        self.countdown_seconds = COUNTDOWN_SECONDS
        self.step = Step.INTRO
        self.restarts = 0
        self.found: NeutralBaseline | None = None
        self.saved = False
        self._thread: PerceptionThread | None = None
        self._pipeline: Any = None
        self._old_baseline: NeutralBaseline | None = None
        self._capturing = False
        self._awaiting_start = False
        self._faces = 0
        self._last_face_elapsed = 0.0
        self._last_report = 0.0
        self._counting = 0
        self.face_now = False
        self._live: Any = None
        self._live_classifier = ""
        self._build()
        self.countdown_timer = QTimer(self)
        self.countdown_timer.setInterval(1000)
        self.countdown_timer.timeout.connect(self._count_down)
        self.stall_timer = QTimer(self)
        self.stall_timer.setInterval(500)
        self.stall_timer.timeout.connect(self._check_stall)
        self._connect_camera()
        self._show_step(Step.INTRO)

    # ----------------------------------------------------------------------- layout

    def _build(self) -> None:
        title = QLabel("Calibrate your resting face")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        title.setFont(font)
        self.explanation = QLabel(EXPLANATION.format(seconds=self.seconds))
        self.explanation.setWordWrap(True)
        self.preview = CameraView()
        self.preview.setMinimumSize(300, 225)
        self.preview.show_message("Waiting for the camera…")
        self.face_label = QLabel()
        self.face_label.setObjectName("faceCheck")

        self.pages = QStackedWidget()
        intro = QWidget()
        intro_layout = QVBoxLayout(intro)
        self.intro_text = QLabel()
        self.intro_text.setWordWrap(True)
        self.camera_button = QPushButton("Turn the camera on")
        self.camera_button.setObjectName("turnCameraOn")
        self.camera_button.clicked.connect(self._turn_camera_on)
        intro_layout.addWidget(self.intro_text)
        intro_layout.addWidget(self.camera_button, 0, Qt.AlignmentFlag.AlignLeft)
        intro_layout.addStretch(1)

        countdown = QWidget()
        countdown_layout = QVBoxLayout(countdown)
        self.countdown_label = QLabel()
        self.countdown_label.setObjectName("countdown")
        big = QFont(self.countdown_label.font())
        big.setPointSizeF(big.pointSizeF() * 4)
        big.setBold(True)
        self.countdown_label.setFont(big)
        self.countdown_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        countdown_layout.addWidget(QLabel("Relax your face and look at the camera…"))
        countdown_layout.addWidget(self.countdown_label, 1)

        capture = QWidget()
        capture_layout = QVBoxLayout(capture)
        self.progress = QProgressBar()
        self.progress.setObjectName("captureProgress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Calibration progress")
        self.capture_text = QLabel()
        self.capture_text.setObjectName("captureText")
        self.capture_text.setWordWrap(True)
        capture_layout.addWidget(self.capture_text)
        capture_layout.addWidget(self.progress)
        capture_layout.addStretch(1)

        result = QWidget()
        result_layout = QVBoxLayout(result)
        self.result_text = QLabel()
        self.result_text.setObjectName("resultText")
        self.result_text.setWordWrap(True)
        self.bars = ComparisonBars()
        self.bars.setObjectName("baselineBars")
        result_layout.addWidget(self.result_text)
        result_layout.addWidget(self.bars, 1)

        failed = QWidget()
        failed_layout = QVBoxLayout(failed)
        self.failed_text = QLabel()
        self.failed_text.setObjectName("failedText")
        self.failed_text.setWordWrap(True)
        failed_layout.addWidget(self.failed_text)
        failed_layout.addStretch(1)

        self.page_for = {Step.INTRO: intro, Step.COUNTDOWN: countdown, Step.WAITING: capture,
                         Step.CAPTURE: capture, Step.RESULT: result, Step.FAILED: failed}
        for page in (intro, countdown, capture, result, failed):
            self.pages.addWidget(page)

        self.primary = QPushButton("Start")
        self.primary.setObjectName("wizardPrimary")
        self.primary.setDefault(True)
        self.primary.clicked.connect(self._primary_clicked)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("wizardCancel")
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.primary)

        left = QVBoxLayout()
        left.addWidget(self.preview, 1)
        left.addWidget(self.face_label)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.explanation)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        self.resize(820, 460)

    # ----------------------------------------------------------------------- the camera

    def _connect_camera(self) -> None:
        thread = self.controller.perception
        if thread is self._thread:
            return
        self._disconnect()
        self._thread = thread
        if thread is not None:
            thread.frame_ready.connect(self._on_frame)
            thread.other_event.connect(self._on_event)

    def _disconnect(self) -> None:
        thread, self._thread = self._thread, None
        if thread is None:
            return
        for signal, slot in ((thread.frame_ready, self._on_frame),
                             (thread.other_event, self._on_event)):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)

    def camera_ready(self) -> bool:
        """Whether the camera is on and not paused."""
        thread = self._thread
        if thread is None:
            return False
        pipeline = thread.pipeline
        return pipeline is None or not pipeline.paused

    @Slot()
    def _turn_camera_on(self) -> None:
        self.controller.toggle_camera()
        self._connect_camera()
        self._show_step(Step.INTRO)

    @Slot(QImage, list, float, float)
    def _on_frame(self, image: QImage, readings: list[EmotionReading], fps: float,
                  analysis_ms: float) -> None:
        primary = primary_reading(readings)
        self.face_now = primary is not None
        scale = float(image.text("scale") or 1)
        if not image.isNull():
            marks = [FaceMark(int(r.box.x / scale), int(r.box.y / scale),
                              int(r.box.width / scale), int(r.box.height / scale), r.dominant,
                              r.probability(r.dominant), r.primary) for r in readings]
            self.preview.show_frame(image, marks)
        if primary is not None:
            self._live = np.asarray(primary.probabilities, dtype=np.float64)
            self._live_classifier = primary.classifier
        self._show_face()
        if self.step is Step.WAITING and self.face_now:
            self._begin_capture()
        elif self.step is Step.RESULT:
            self._show_comparison()

    def _show_face(self) -> None:
        if self._thread is None:
            self.face_label.setText("The camera is off.")
        elif self.face_now:
            self.face_label.setText("✓ Face seen")
            self.face_label.setStyleSheet("color: #2f9e44; font-weight: bold;")
            return
        else:
            self.face_label.setText("✗ No face — look at the camera")
        self.face_label.setStyleSheet("color: #d9822b; font-weight: bold;")

    # ----------------------------------------------------------------------- steps

    def _show_step(self, step: Step) -> None:
        self.step = step
        if step in self.page_for:
            self.pages.setCurrentWidget(self.page_for[step])
        self.primary.setVisible(step in (Step.INTRO, Step.RESULT, Step.FAILED))
        if step is Step.INTRO:
            ready = self.camera_ready()
            self.primary.setText("Start")
            self.primary.setEnabled(ready)
            self.camera_button.setVisible(not ready)
            if self._thread is None:
                self.intro_text.setText(f"The camera is off. Calibration needs it for "
                                        f"{self.seconds:.0f} seconds; turn it on to begin.")
                self.camera_button.setText("Turn the camera on")
            elif not ready:
                self.intro_text.setText("The camera is paused. Resume it to begin.")
                self.camera_button.setText("Resume the camera")
            else:
                self.intro_text.setText("Sit as you usually do, in your usual light. Press "
                                        "Start; a short countdown comes first.")
        elif step is Step.RESULT:
            self.primary.setText("Save")
            self.primary.setEnabled(True)
            self.primary.setFocus()
        elif step is Step.FAILED:
            self.primary.setText("Try again")
            self.primary.setEnabled(self.camera_ready())
        self._show_face()

    @Slot()
    def _primary_clicked(self) -> None:
        if self.step in (Step.INTRO, Step.FAILED):
            self.start()
        elif self.step is Step.RESULT:
            self.save()

    def start(self) -> None:
        """Begin the countdown (then the capture)."""
        if not self.camera_ready():
            return
        self.found = None
        self._counting = self.countdown_seconds
        if self._counting <= 0:
            self._countdown_over()
            return
        self.countdown_label.setText(str(self._counting))
        self._show_step(Step.COUNTDOWN)
        self.countdown_timer.start()

    @Slot()
    def _count_down(self) -> None:
        self._counting -= 1
        if self._counting > 0:
            self.countdown_label.setText(str(self._counting))
            return
        self.countdown_timer.stop()
        self._countdown_over()

    def _countdown_over(self) -> None:
        if self.face_now:
            self._begin_capture()
        else:
            self._wait_for_face("Look at the camera: the capture begins when your face is seen.")

    def _wait_for_face(self, message: str) -> None:
        self.progress.setValue(0)
        self.capture_text.setText(message)
        self._show_step(Step.WAITING)

    def _begin_capture(self) -> None:
        thread = self._thread
        pipeline = thread.pipeline if thread is not None else None
        if pipeline is None:
            self._wait_for_face("Waiting for the camera…")
            return
        if self._pipeline is not pipeline:
            self._pipeline = pipeline
            self._old_baseline = pipeline.baseline
        pipeline.calibrate(self.seconds)
        self._capturing = True
        self._awaiting_start = True
        self._last_report = time.monotonic()
        self.progress.setValue(0)
        self.capture_text.setText(f"Keep a relaxed face… {self.seconds:.0f} s left")
        self._show_step(Step.CAPTURE)
        self.stall_timer.start()

    def _restart_capture(self, message: str) -> None:
        if self._pipeline is not None:
            self._pipeline.cancel_calibration()
        self._capturing = False
        self._awaiting_start = False
        self.stall_timer.stop()
        self.restarts += 1
        self._wait_for_face(message)

    @Slot()
    def _check_stall(self) -> None:
        if self.step is Step.CAPTURE and time.monotonic() - self._last_report > STALL_SECONDS:
            self._restart_capture("The camera sent no pictures for a moment, so the count "
                                  "starts again when your face is seen.")

    # ----------------------------------------------------------------------- pipeline events

    @Slot(object)
    def _on_event(self, event: object) -> None:
        if isinstance(event, CalibrationProgress):
            self._on_progress(event)
        elif isinstance(event, CalibrationFinished):
            self._on_finished(event)

    def _on_progress(self, event: CalibrationProgress) -> None:
        if not self._capturing or self.step is not Step.CAPTURE:
            return
        if self._awaiting_start:
            if event.fraction > 0.0:
                return  # from a capture that was replaced
            self._awaiting_start = False
            self._faces = event.faces_seen
            self._last_face_elapsed = 0.0
        self._last_report = time.monotonic()
        elapsed = event.fraction * self.seconds
        if event.faces_seen > self._faces:
            self._faces = event.faces_seen
            self._last_face_elapsed = elapsed
        if elapsed - self._last_face_elapsed > FACE_LOSS_SECONDS:
            self._restart_capture("I lost your face, so the count starts again when you look "
                                  "at the camera.")
            return
        self.progress.setValue(int(event.fraction * 1000))
        left = max(0.0, self.seconds - elapsed)
        self.capture_text.setText(f"Keep a relaxed face… {left:.0f} s left")

    def _on_finished(self, event: CalibrationFinished) -> None:
        if not self._capturing or self._awaiting_start or self.step is not Step.CAPTURE:
            # a capture that was dropped finished anyway: undo what it changed
            if event.baseline is not None and self._pipeline is not None:
                self._pipeline.set_baseline(self._intended_baseline())
            return
        self._capturing = False
        self.stall_timer.stop()
        if event.baseline is None:
            self.failed_text.setText(f"No calibration: {event.message}.")
            self._show_step(Step.FAILED)
            return
        self.found = event.baseline
        self.progress.setValue(1000)
        self.result_text.setText(
            f"Found: {event.baseline.describe()}. Below, the baseline next to what the camera "
            "sees now, without and with the correction. Save to keep it.")
        self._show_comparison()
        self._show_step(Step.RESULT)

    def _intended_baseline(self) -> NeutralBaseline | None:
        """The calibration that should be in use: the one found while it is shown or saved,
        else the one from before the wizard."""
        if self.found is not None and (self.saved or self.step is Step.RESULT):
            return self.found
        return self._old_baseline

    def _show_comparison(self) -> None:
        found = self.found
        if found is None:
            return
        live = self._live if self.face_now else None
        raw = corrected = None
        if live is not None:
            corrected = [float(v) for v in live]
            raw = uncorrected(live, found) if self._live_classifier == found.classifier \
                else corrected
        self.bars.set_columns([("Baseline (resting face)", found.probabilities),
                               ("Now, uncorrected", raw), ("Now, corrected", corrected)])

    # ----------------------------------------------------------------------- ending

    def save(self) -> bool:
        """Save the calibration found and keep using it; false (and why) when it cannot."""
        from moodplayer.perception.calibration import save_baseline

        if self.found is None:
            return False
        context = self.controller.context
        try:
            save_baseline(self.found, context.paths.calibration_file)
        except OSError as error:
            self.result_text.setText(f"The calibration could not be saved: {error}. It is used "
                                     "until Mood Player quits.")
            return False
        self.saved = True
        if not context.settings.calibration.enabled:
            context.settings.calibration.enabled = True
            context.save_settings()
        self._disconnect()
        self.step = Step.CLOSED
        self.accept()
        return True

    def _abandon(self) -> None:
        """Stop whatever runs and put the previous calibration back."""
        self.countdown_timer.stop()
        self.stall_timer.stop()
        if self.saved or self.step is Step.CLOSED:
            return
        pipeline = self._pipeline
        if pipeline is not None:
            if self._capturing:
                pipeline.cancel_calibration()
            pipeline.set_baseline(self._old_baseline)
        self._capturing = False
        self.found = None
        self.step = Step.CLOSED
        QTimer.singleShot(LINGER_MS, self, self._disconnect)

    def reject(self) -> None:
        self._abandon()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._abandon()
        super().closeEvent(event)
