"""The settings dialog: every field shows and saves what the settings hold, input that cannot
be used is refused with the reason and never saved, and changes take effect at once."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from moodplayer.context import AppContext, create_context
from moodplayer.gui.controller import Controller
from moodplayer.gui.live_settings import EDITED_SECTIONS
from moodplayer.gui.settings_dialog import SettingsDialog, open_settings_dialog
from moodplayer.gui.settings_pages.camera_page import NO_CAMERA_TEXT, OTHER_SOURCE
from moodplayer.gui.settings_pages.fields import BoolField, ChoiceField, NumberField
from moodplayer.moods import Mood
from moodplayer.music.player_api import PlaybackState
from moodplayer.perception.synthetic_video import write_test_video
from moodplayer.settings import Settings, SettingsStore
from tests.gui.harness import ScriptedCamera, start_controller, start_with_camera, write_music

FIELDS_THE_DIALOG_EDITS = {
    "camera": {"source", "width", "height", "fps", "show_preview", "start_enabled"},
    "recognition": {"classifier", "detector_backend"},
    "voting": {"window_seconds", "margin", "dwell_seconds"},
    "calibration": {"enabled"},
    "music": {"sources", "strategy", "switch_policy", "fade_seconds", "fallback_mood"},
    "behaviour": {"notify_mood_change", "notify_song_start", "minimize_to_tray",
                  "remember_geometry"},
}


@pytest.fixture
def video(tmp_path: Path) -> Path:
    return write_test_video(tmp_path / "clip.avi", [(None, 2.0)], size=(64, 48), fps=10)


@pytest.fixture
def context(tmp_path: Path, video: Path) -> AppContext:
    """Settings where every field the dialog edits differs from its default."""
    music = write_music(tmp_path / "music")
    playlist = tmp_path / "sad.m3u"
    playlist.write_text("\n".join(str(p) for p in sorted((music / "sad").iterdir())) + "\n")
    ctx = create_context(report_problems=False)
    s = ctx.settings
    s.camera.source, s.camera.width, s.camera.height, s.camera.fps = str(video), 1280, 720, 15
    s.camera.show_preview, s.camera.start_enabled = False, False
    s.recognition.classifier, s.recognition.detector_backend = "bundled", "ssd"
    s.voting.window_seconds, s.voting.margin, s.voting.dwell_seconds = 4.5, 0.25, 2.0
    s.calibration.enabled = False
    s.music.sources = {"happy": [str(music / "happy")], "sad": [str(playlist)]}
    s.music.strategy, s.music.switch_policy = "lift", "immediate"
    s.music.fade_seconds, s.music.fallback_mood = 3.5, "happy"
    s.behaviour.notify_mood_change, s.behaviour.notify_song_start = False, True
    s.behaviour.minimize_to_tray, s.behaviour.remember_geometry = True, False
    s.behaviour.welcome_done = True
    ctx.save_settings()
    return ctx


@pytest.fixture
def controller(qtbot: QtBot, context: AppContext) -> Iterator[Controller]:
    made = start_controller(qtbot, context)
    yield made
    made.shutdown()


@pytest.fixture
def dialog(qtbot: QtBot, controller: Controller) -> SettingsDialog:
    shown = open_settings_dialog(controller)
    qtbot.waitUntil(lambda: shown.isVisible())
    return shown


def edited(settings: Settings) -> dict[str, dict[str, object]]:
    return {name: dataclasses.asdict(getattr(settings, name)) for name in EDITED_SECTIONS}


def saved(context: AppContext) -> Settings:
    return SettingsStore(context.paths.settings_file).load()


def press(dialog: SettingsDialog, which: QDialogButtonBox.StandardButton) -> None:
    dialog.buttons.button(which).click()


def test_the_dialog_edits_every_field_the_issue_names(dialog: SettingsDialog) -> None:
    simple = {(e.section, e.name) for page in dialog.pages
              for form in getattr(page, "forms", (getattr(page, "form", None),)) if form
              for e in form.editors}
    custom = {("camera", "source"), ("camera", "width"), ("camera", "height"),
              ("music", "sources")}
    wanted = {(section, name) for section, names in FIELDS_THE_DIALOG_EDITS.items()
              for name in names}
    assert wanted <= simple | custom


def test_every_field_shows_the_saved_value_and_saves_it_back_unchanged(
        qtbot: QtBot, dialog: SettingsDialog, context: AppContext) -> None:
    before = edited(context.settings)
    page = dialog.camera_page
    qtbot.waitUntil(lambda: page.cameras_listed)
    assert page.choice.currentData() == OTHER_SOURCE
    assert page.source_edit.text() == context.settings.camera.source
    assert page.resolution.currentText() == "1280 × 720"
    assert dialog.recognition_page.window_seconds.spin.value() == 4.5
    assert dialog.recognition_page.margin.spin.value() == 25
    assert dialog.music_page.sources[Mood.HAPPY] == context.settings.music.sources["happy"]
    collected, problems = dialog.collect()
    assert problems == []
    assert edited(collected) == before
    press(dialog, QDialogButtonBox.StandardButton.Ok)
    assert not dialog.isVisible()
    assert edited(saved(context)) == before


def test_every_field_changed_in_the_dialog_is_used_and_saved(
        qtbot: QtBot, dialog: SettingsDialog, context: AppContext, tmp_path: Path) -> None:
    other_video = write_test_video(tmp_path / "other.avi", [(None, 1.0)], size=(64, 48), fps=10)
    camera = dialog.camera_page
    camera.choose_source(str(other_video))
    camera.choose_resolution(640, 480)
    changed_to = {}
    for page in dialog.pages:
        forms = getattr(page, "forms", None) or (page.form,)  # type: ignore[attr-defined]
        for form in forms:
            for editor in form.editors:
                if isinstance(editor, BoolField):
                    editor.check.setChecked(not editor.check.isChecked())
                elif isinstance(editor, NumberField):
                    editor.spin.setValue(editor.spin.value() + editor.spin.singleStep())
                elif isinstance(editor, ChoiceField):
                    combo = editor.combo
                    index = (combo.currentIndex() + 1) % combo.count()
                    if combo.itemData(index) == "deepface":  # needs a download first
                        index = (index + 1) % combo.count()
                    combo.setCurrentIndex(index)
                changed_to[(editor.section, editor.name)] = editor.value()
    new_folder = write_music(tmp_path / "more", (Mood.ANGRY,))
    assert dialog.music_page.add_source(Mood.ANGRY, str(new_folder / "angry"))
    dialog.music_page.select_mood(Mood.SAD)
    dialog.music_page.source_list.setCurrentRow(0)
    dialog.music_page.remove_selected()
    press(dialog, QDialogButtonBox.StandardButton.Ok)
    assert not dialog.isVisible(), dialog.problem_label.text()
    for settings in (context.settings, saved(context)):
        for (section, name), value in changed_to.items():
            assert getattr(getattr(settings, section), name) == value, (section, name)
        assert settings.camera.source == str(other_video)
        assert (settings.camera.width, settings.camera.height) == (640, 480)
        assert settings.music.sources == {
            "happy": context.settings.music.sources["happy"],
            "angry": [str(new_folder / "angry")]}
    assert len(changed_to) >= 17


@pytest.mark.parametrize("case", ["missing file", "bad url", "not a number", "deepface"])
def test_input_that_cannot_be_used_is_refused_with_the_reason_and_not_saved(
        qtbot: QtBot, dialog: SettingsDialog, context: AppContext, case: str) -> None:
    file_before = context.paths.settings_file.read_bytes()
    live_before = edited(context.settings)
    if case == "missing file":
        dialog.camera_page.source_edit.setText("/no/such/clip.mp4")
        reason = "there is no file /no/such/clip.mp4"
    elif case == "bad url":
        dialog.camera_page.source_edit.setText("rtsp://")
        reason = "not a complete stream URL"
    elif case == "not a number":
        spin = dialog.recognition_page.window_seconds.spin
        spin.lineEdit().setText("ninety")
        reason = "Window: 'ninety' is not a number from 0.5 to 30 s"
    else:
        dialog.recognition_page.classifier.load("deepface")
        reason = "DeepFace's model is not downloaded yet"
    press(dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.isVisible()
    assert dialog.problem_label.isVisible()
    assert reason in dialog.problem_label.text()
    assert context.paths.settings_file.read_bytes() == file_before
    assert edited(context.settings) == live_before


def test_a_music_source_that_does_not_exist_is_refused_when_added(
        dialog: SettingsDialog) -> None:
    page = dialog.music_page
    before = dict(page.sources)
    assert not page.add_source(Mood.FEAR, "/no/such/folder")
    assert "does not exist" in page.note.text()
    assert page.sources == before


def test_the_music_page_counts_each_moods_tracks_in_the_background(
        qtbot: QtBot, dialog: SettingsDialog, tmp_path: Path) -> None:
    page = dialog.music_page
    qtbot.waitUntil(lambda: not page.counter.pending())
    assert page.mood_list.item(3).text() == "Happy — 2 tracks"
    assert page.mood_list.item(4).text() == "Sad — 2 tracks"  # from the playlist
    assert "demo music" in page.mood_list.item(0).text()
    bigger = write_music(tmp_path / "big", (Mood.HAPPY,), per_mood=5)
    page.add_source(Mood.HAPPY, str(bigger / "happy"))
    qtbot.waitUntil(lambda: page.mood_list.item(3).text() == "Happy — 7 tracks")
    assert page.count_label.text() == "7 tracks"


def test_without_a_camera_the_page_says_so_and_previews_a_typed_video_file(
        qtbot: QtBot, dialog: SettingsDialog, video: Path) -> None:
    page = dialog.camera_page
    qtbot.waitUntil(lambda: page.cameras_listed)
    assert page.cameras == []  # this machine has no camera
    assert page.finder_status.text() == NO_CAMERA_TEXT
    page.source_edit.setText(str(video))
    qtbot.waitUntil(lambda: page.preview.live, timeout=10_000)
    page.source_edit.setText("/no/such/clip.mp4")
    qtbot.waitUntil(lambda: "Nothing to preview" in page.preview.message)
    dialog.reject()
    assert page._preview is None


def test_cancel_changes_nothing(dialog: SettingsDialog, context: AppContext) -> None:
    file_before = context.paths.settings_file.read_bytes()
    dialog.recognition_page.window_seconds.spin.setValue(9.0)
    dialog.behaviour_page.notify_song.check.setChecked(False)
    press(dialog, QDialogButtonBox.StandardButton.Cancel)
    assert context.settings.voting.window_seconds == 4.5
    assert context.settings.behaviour.notify_song_start
    assert context.paths.settings_file.read_bytes() == file_before


def test_a_new_voting_window_restarts_the_camera_with_it_at_once(
        qtbot: QtBot, context: AppContext) -> None:
    context.settings.camera.start_enabled = True
    camera = ScriptedCamera()
    controller = start_with_camera(qtbot, context, camera)
    try:
        first = controller.perception
        assert first is not None and first.pipeline.voter.settings.window_seconds == 4.5
        dialog = open_settings_dialog(controller)
        dialog.recognition_page.window_seconds.spin.setValue(7.5)
        press(dialog, QDialogButtonBox.StandardButton.Apply)
        assert dialog.isVisible()
        second = controller.perception
        assert second is not None and second is not first
        assert not first.isRunning()
        qtbot.waitUntil(lambda: second.pipeline is not None)
        assert second.pipeline.voter.settings.window_seconds == 7.5
        qtbot.waitUntil(lambda: controller.window.camera_view.live)
        assert json.loads(context.paths.settings_file.read_text())["voting"][
            "window_seconds"] == 7.5
        dialog.reject()
    finally:
        camera.close()
        controller.shutdown()


def test_a_new_folder_for_the_mood_playing_now_plays_at_once(
        qtbot: QtBot, controller: Controller, tmp_path: Path) -> None:
    music = controller.context.settings.music
    music.strategy, music.fade_seconds = "mirror", 0.0
    assert controller.dj is not None
    controller.dj.update_settings(music)
    controller.choose_mood(Mood.HAPPY)
    player = controller.player
    assert player is not None and player.state is PlaybackState.PLAYING
    assert all("/music/happy/" in t.location for t in player.queue)
    fresh = write_music(tmp_path / "fresh", (Mood.HAPPY,), per_mood=3)
    dialog = open_settings_dialog(controller)
    page = dialog.music_page
    page.select_mood(Mood.HAPPY)
    page.source_list.setCurrentRow(0)
    page.remove_selected()
    page.add_source(Mood.HAPPY, str(fresh / "happy"))
    press(dialog, QDialogButtonBox.StandardButton.Ok)
    qtbot.waitUntil(lambda: len(player.queue) == 3
                    and all("/fresh/happy/" in t.location for t in player.queue))
    assert player.state is PlaybackState.PLAYING
    assert controller.context.settings.music.sources["happy"] == [str(fresh / "happy")]


def test_clearing_the_calibration_deletes_it_and_stops_the_correction(
        dialog: SettingsDialog, context: AppContext) -> None:
    from moodplayer.perception.calibration import baseline_from_probabilities, save_baseline

    save_baseline(baseline_from_probabilities([[0.1, 0, 0, 0, 0.6, 0, 0.3]] * 6, "bundled"),
                  context.paths.calibration_file)
    page = dialog.recognition_page
    page.refresh_status()
    assert "resting face read as sad" in page.calibration_status.text()
    page.clear_button.click()
    assert not context.paths.calibration_file.exists()
    assert "cleared" in page.calibration_status.text()


def test_the_camera_in_use_is_offered_and_previewed_from_its_own_frames(
        qtbot: QtBot, context: AppContext) -> None:
    context.settings.camera.source, context.settings.camera.start_enabled = "0", True
    camera = ScriptedCamera()
    controller = start_with_camera(qtbot, context, camera)
    try:
        page = open_settings_dialog(controller).camera_page
        qtbot.waitUntil(lambda: page.cameras_listed)
        assert page.choice.currentText() == "Camera 0 (in use)"
        assert page.chosen_source() == "0"
        qtbot.waitUntil(lambda: page.preview.live)
        assert page._preview is None  # not opened a second time
    finally:
        camera.close()
        controller.shutdown()
