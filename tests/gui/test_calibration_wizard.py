"""The calibration wizard on the real pipeline with a scripted camera: it completes and saves,
starts the count again when the face is lost, and Cancel at any point changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from moodplayer.context import AppContext
from moodplayer.gui.calibration_wizard import CalibrationWizard, Step
from moodplayer.gui.controller import Controller, LaunchOptions
from moodplayer.gui.settings_dialog import open_calibration_wizard
from moodplayer.moods import Mood
from moodplayer.perception.calibration import (
    NeutralBaseline,
    baseline_from_probabilities,
    load_baseline,
    save_baseline,
)
from tests.gui.harness import (
    RESTING_FACE,
    ScriptedCamera,
    returning_listener,
    scripted_pipeline,
    start_controller,
    start_with_camera,
)

CAPTURE = 20_000  # ms: ten seconds of scripted camera take about a second


@pytest.fixture
def context() -> AppContext:
    return returning_listener()


@pytest.fixture
def camera() -> Iterator[ScriptedCamera]:
    scripted = ScriptedCamera()
    yield scripted
    scripted.close()


@pytest.fixture
def earlier() -> NeutralBaseline:
    """A calibration made before: this face once read a little angry at rest."""
    return baseline_from_probabilities([[0.5, 0.02, 0.05, 0.03, 0.1, 0.02, 0.28]] * 6,
                                       "bundled")




@pytest.fixture
def app(qtbot: QtBot, context: AppContext, camera: ScriptedCamera) -> Iterator[Controller]:
    controller = start_with_camera(qtbot, context, camera)
    yield controller
    camera.close()
    controller.shutdown()


def open_wizard(qtbot: QtBot, controller: Controller, countdown: int = 0) -> CalibrationWizard:
    wizard = open_calibration_wizard(controller)
    wizard.countdown_seconds = countdown
    qtbot.waitUntil(lambda: wizard.isVisible() and wizard.face_now)
    assert wizard.primary.isEnabled() and wizard.primary.text() == "Start"
    return wizard


def pipeline_baseline(controller: Controller) -> NeutralBaseline | None:
    assert controller.perception is not None
    return controller.perception.pipeline.baseline


def test_the_wizard_counts_down_captures_shows_the_baseline_and_saves_it(
        qtbot: QtBot, app: Controller, context: AppContext) -> None:
    wizard = open_wizard(qtbot, app, countdown=1)
    assert "relaxed face for 10 seconds" in wizard.explanation.text()
    assert wizard.explanation.text().count(". ") == 1  # two sentences
    wizard.primary.click()
    assert wizard.step is Step.COUNTDOWN and wizard.countdown_label.text() == "1"
    qtbot.waitUntil(lambda: wizard.step is Step.CAPTURE)
    qtbot.waitUntil(lambda: wizard.progress.value() > 0)
    assert wizard.face_label.text() == "✓ Face seen"
    qtbot.waitUntil(lambda: wizard.step is Step.RESULT, timeout=CAPTURE)
    found = wizard.found
    assert found is not None and found.resting_mood is Mood.SAD
    assert np.allclose(found.probabilities, RESTING_FACE / RESTING_FACE.sum(), atol=1e-4)
    assert found.seconds >= 9.9
    assert "resting face read as sad" in wizard.result_text.text()
    assert pipeline_baseline(app) is found  # in use while shown
    qtbot.waitUntil(lambda: wizard.bars.columns()[2][1] is not None)
    [(_, baseline), (_, uncorrected), (_, corrected)] = wizard.bars.columns()
    assert np.allclose(baseline, found.probabilities)
    assert np.allclose(uncorrected, RESTING_FACE, atol=1e-3)  # the live face, uncorrected
    assert Mood.NEUTRAL.index == int(np.argmax(corrected))  # ... and as it is used now
    assert not context.paths.calibration_file.exists()
    assert wizard.primary.text() == "Save"
    wizard.primary.click()
    assert not wizard.isVisible()
    assert load_baseline(context.paths.calibration_file) == found
    assert pipeline_baseline(app) is found
    assert wizard.restarts == 0


def test_losing_the_face_starts_the_count_again(
        qtbot: QtBot, app: Controller, camera: ScriptedCamera) -> None:
    wizard = open_wizard(qtbot, app)
    wizard.primary.click()
    qtbot.waitUntil(lambda: wizard.progress.value() > 300, timeout=CAPTURE)
    camera.face = False
    qtbot.waitUntil(lambda: wizard.step is Step.WAITING, timeout=CAPTURE)
    assert wizard.restarts == 1
    assert wizard.progress.value() == 0
    assert "lost your face" in wizard.capture_text.text()
    assert wizard.face_label.text().startswith("✗ No face")
    frames = camera.frames
    qtbot.waitUntil(lambda: camera.frames > frames + 150)  # 15 s of camera without a face
    assert wizard.step is Step.WAITING and wizard.found is None
    camera.face = True
    qtbot.waitUntil(lambda: wizard.step is Step.RESULT, timeout=CAPTURE)
    assert wizard.restarts == 1
    assert wizard.found is not None and wizard.found.seconds >= 9.9  # a whole new count
    wizard.reject()


@pytest.mark.parametrize("when", ["at the start", "during the capture", "with the result"])
def test_cancel_at_any_point_changes_nothing(
        qtbot: QtBot, context: AppContext, camera: ScriptedCamera, earlier: NeutralBaseline,
        when: str) -> None:
    save_baseline(earlier, context.paths.calibration_file)
    saved = context.paths.calibration_file.read_bytes()
    controller = start_with_camera(qtbot, context, camera, baseline=earlier)
    try:
        wizard = open_wizard(qtbot, controller)
        if when != "at the start":
            wizard.primary.click()
            qtbot.waitUntil(lambda: wizard.progress.value() > 300, timeout=CAPTURE)
        if when == "with the result":
            qtbot.waitUntil(lambda: wizard.step is Step.RESULT, timeout=CAPTURE)
            assert pipeline_baseline(controller) is wizard.found
        wizard.cancel_button.click()
        assert not wizard.isVisible()
        assert pipeline_baseline(controller) is earlier
        frames = camera.frames
        qtbot.waitUntil(lambda: camera.frames > frames + 150)  # longer than a capture
        assert pipeline_baseline(controller) is earlier
        assert context.paths.calibration_file.read_bytes() == saved
    finally:
        camera.close()
        controller.shutdown()


def test_with_the_camera_off_the_wizard_offers_to_turn_it_on(
        qtbot: QtBot, context: AppContext, camera: ScriptedCamera, tmp_path: Path) -> None:
    controller = start_controller(qtbot, context, options=LaunchOptions(no_camera=True),
                                  pipeline_factory=scripted_pipeline(camera, context))
    try:
        assert controller.perception is None
        wizard = open_calibration_wizard(controller)
        assert wizard.step is Step.INTRO
        assert not wizard.primary.isEnabled()
        assert "camera is off" in wizard.intro_text.text()
        assert wizard.camera_button.isVisibleTo(wizard)
        wizard.camera_button.click()
        qtbot.waitUntil(lambda: wizard.face_now)
        assert wizard.primary.isEnabled()
        wizard.reject()
    finally:
        camera.close()
        controller.shutdown()


def test_calibrating_from_the_settings_turns_the_correction_on_there_too(
        qtbot: QtBot, app: Controller, context: AppContext) -> None:
    from moodplayer.gui.settings_dialog import open_settings_dialog

    context.settings.calibration.enabled = False
    dialog = open_settings_dialog(app)
    page = dialog.recognition_page
    assert not page.use_calibration.value()
    page.calibrate_button.click()
    wizard = page.calibration_wizard
    wizard.countdown_seconds = 0
    qtbot.waitUntil(lambda: wizard.face_now)
    wizard.primary.click()
    qtbot.waitUntil(lambda: wizard.step is Step.RESULT, timeout=CAPTURE)
    wizard.primary.click()  # Save
    assert page.use_calibration.value()
    assert "resting face read as sad" in page.calibration_status.text()
    dialog.accept()
    assert context.settings.calibration.enabled
    assert load_baseline(context.paths.calibration_file) == wizard.found
