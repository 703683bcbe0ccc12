"""Settings > Recognition: the emotion model, the face detector, how the votes settle on a
mood, and the neutral-face calibration (download, calibrate, clear)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from moodplayer.gui.settings_pages.fields import (
    BoolField,
    ChoiceField,
    FieldForm,
    FormPage,
    NumberField,
    help_label,
)

if TYPE_CHECKING:
    from moodplayer.gui.controller import Controller

CLASSIFIER_LABELS = {
    "auto": "Automatic (the best model present)",
    "bundled": "Bundled mini-Xception (works offline)",
    "deepface": "DeepFace's emotion model (download it first)",
}
DETECTOR_LABELS = {"opencv": "opencv (works offline)"}


def calibration_status(controller: Controller) -> str:
    """The saved calibration in one sentence."""
    from moodplayer.perception.calibration import CalibrationError, load_baseline

    try:
        baseline = load_baseline(controller.context.paths.calibration_file)
    except CalibrationError as error:
        return f"The saved calibration cannot be used: {error}."
    if baseline is None:
        return "Not calibrated: readings are used as the model gives them."
    when = baseline.created[:10] or "earlier"
    return f"Calibrated ({when}): {baseline.describe()}."


class RecognitionPage(FormPage):
    """The recognition page of the settings dialog."""

    title = "Recognition"

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.classifier = ChoiceField("recognition", "classifier", CLASSIFIER_LABELS)
        self.detector = ChoiceField("recognition", "detector_backend", DETECTOR_LABELS)
        self.window_seconds = NumberField("voting", "window_seconds", decimals=1, step=0.5,
                                          suffix=" s")
        self.margin = NumberField("voting", "margin", decimals=0, step=5, suffix=" %",
                                  percent=True)
        self.dwell = NumberField("voting", "dwell_seconds", decimals=1, step=0.5, suffix=" s")
        self.use_calibration = BoolField("calibration", "enabled",
                                         "Correct the readings for my resting face")

        model_form = FieldForm()
        model_form.add("Emotion model", self.classifier)
        self.model_status = QLabel()
        self.model_status.setObjectName("modelStatus")
        self.model_status.setWordWrap(True)
        self.download_button = QPushButton("Download DeepFace's model…")
        self.download_button.setObjectName("downloadModel")
        model_row = QHBoxLayout()
        model_row.addWidget(self.model_status, 1)
        model_row.addWidget(self.download_button)
        model_form.add("Face detector", self.detector,
                       "DeepFace's face detector. opencv works offline; the others need their "
                       "own weights downloaded first.")
        models = QGroupBox("Model")
        models_layout = QVBoxLayout(models)
        models_layout.addWidget(model_form)
        models_layout.addLayout(model_row)

        voting_form = FieldForm()
        voting_form.add("Window", self.window_seconds)
        voting_form.add("Margin", self.margin)
        voting_form.add("Dwell", self.dwell)
        voting = QGroupBox("Settling on a mood")
        QVBoxLayout(voting).addWidget(voting_form)

        calibration_form = FieldForm()
        calibration_form.add("", self.use_calibration,
                             "Calibration learns how your face reads at rest, so that a resting "
                             "face is not taken for sad or angry.")
        self.calibration_status = QLabel()
        self.calibration_status.setObjectName("calibrationStatus")
        self.calibration_status.setWordWrap(True)
        self.calibrate_button = QPushButton("Calibrate now…")
        self.calibrate_button.setObjectName("calibrateNow")
        self.clear_button = QPushButton("Clear calibration")
        self.clear_button.setObjectName("clearCalibration")
        buttons = QHBoxLayout()
        buttons.addWidget(self.calibrate_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        calibration = QGroupBox("Calibration")
        calibration_layout = QVBoxLayout(calibration)
        calibration_layout.addWidget(calibration_form)
        calibration_layout.addWidget(self.calibration_status)
        calibration_layout.addLayout(buttons)
        calibration_layout.addWidget(help_label(
            "Calibrating and clearing take effect at once; only the seven averages are kept, "
            "never a picture."))

        layout = QVBoxLayout(self)
        layout.addWidget(models)
        layout.addWidget(voting)
        layout.addWidget(calibration)
        layout.addStretch(1)
        self.forms = (model_form, voting_form, calibration_form)

        self.download_button.clicked.connect(self.download_model)
        self.calibrate_button.clicked.connect(self.calibrate)
        self.clear_button.clicked.connect(self.clear_calibration)
        self.refresh_status()

    def problems(self) -> list[tuple[QWidget, str]]:
        found = super().problems()
        if self.classifier.value() == "deepface" and not self.deepface_model_present():
            found.insert(0, (self.classifier.widget,
                             "Emotion model: DeepFace's model is not downloaded yet. Press "
                             "'Download DeepFace's model…', or choose Automatic."))
        return found

    def shutdown(self) -> None:
        """Stop a download still running (its thread must end before the dialog goes)."""
        dialog = getattr(self, "download_dialog", None)
        if dialog is not None:
            dialog.stop_and_wait()

    # ----------------------------------------------------------------------- actions

    def deepface_model_present(self) -> bool:
        from moodplayer.perception.model_catalog import deepface_emotion_model

        return deepface_emotion_model(self.controller.context.paths).present

    def refresh_status(self) -> None:
        """Say whether DeepFace's model is present and what the calibration is."""
        if self.deepface_model_present():
            self.model_status.setText("DeepFace's emotion model is downloaded.")
            self.download_button.setText("Download again…")
        else:
            self.model_status.setText("DeepFace's emotion model is not downloaded; the bundled "
                                      "model is used.")
        self.calibration_status.setText(calibration_status(self.controller))
        self.clear_button.setEnabled(self.controller.context.paths.calibration_file.exists())
        camera_running = self.controller.perception is not None
        self.calibrate_button.setToolTip(
            "" if camera_running else "The camera is off; the wizard will offer to start it.")

    @Slot()
    def download_model(self) -> None:
        """Open the download dialog (modal) and show the outcome here."""
        from moodplayer.gui.model_download_dialog import ModelDownloadDialog

        dialog = ModelDownloadDialog(self.controller.context.paths, self)
        self.download_dialog = dialog
        dialog.finished.connect(lambda _code: self.refresh_status())
        dialog.open()

    @Slot()
    def calibrate(self) -> None:
        """Open the calibration wizard over the settings dialog."""
        from moodplayer.gui.calibration_wizard import CalibrationWizard

        wizard = CalibrationWizard(self.controller, self)
        wizard.finished.connect(lambda _code: self._calibrated(wizard.saved))
        self.calibration_wizard = wizard
        wizard.open()

    def _calibrated(self, saved: bool) -> None:
        if saved:  # a new calibration is meant to be used
            self.use_calibration.load(True)
        self.refresh_status()

    @Slot()
    def clear_calibration(self) -> None:
        """Delete the saved calibration and stop correcting the readings."""
        from moodplayer.perception.calibration import clear_baseline

        try:
            had = clear_baseline(self.controller.context.paths.calibration_file)
        except OSError as error:
            self.calibration_status.setText(f"The calibration could not be cleared: {error}.")
            return
        perception = self.controller.perception
        if perception is not None and perception.pipeline is not None:
            perception.pipeline.set_baseline(None)
        self.refresh_status()
        if had:
            self.calibration_status.setText("Calibration cleared: readings are used as the "
                                            "model gives them.")
