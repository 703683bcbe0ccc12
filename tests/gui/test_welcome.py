"""The first-start welcome: shown once when no music is mapped, explains the camera and
privacy in two sentences, maps the folders chosen, and otherwise starts on the demo music."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from moodplayer.context import AppContext, create_context
from moodplayer.gui.controller import Controller
from moodplayer.gui.welcome import PRIVACY, WelcomeDialog, needs_welcome
from moodplayer.moods import Mood
from moodplayer.settings import SettingsStore
from tests.gui.harness import start_controller, write_music


@pytest.fixture
def context() -> AppContext:
    return create_context(report_problems=False)  # a first start: nothing mapped, no welcome


def welcome_of(qtbot: QtBot, controller: Controller) -> WelcomeDialog:
    qtbot.waitUntil(lambda: isinstance(controller.window.findChild(WelcomeDialog),
                                       WelcomeDialog))
    dialog = controller.window.findChild(WelcomeDialog)
    assert isinstance(dialog, WelcomeDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_the_first_start_welcomes_and_maps_the_folders_chosen(
        qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    music = write_music(tmp_path / "mine", (Mood.HAPPY, Mood.SAD), per_mood=3)
    controller = start_controller(qtbot, context)
    try:
        dialog = welcome_of(qtbot, controller)
        assert dialog.findChild(type(dialog.skip_button), "welcomeSkip") is dialog.skip_button
        assert not dialog.set_folder(Mood.FEAR, str(tmp_path / "nowhere"))
        assert dialog.set_folder(Mood.HAPPY, str(music / "happy"))
        assert dialog.set_folder(Mood.SAD, str(music / "sad"))
        dialog.start_button.click()
        assert not dialog.isVisible()
        expected = {"happy": [str(music / "happy")], "sad": [str(music / "sad")]}
        for settings in (context.settings, SettingsStore(context.paths.settings_file).load()):
            assert settings.music.sources == expected
            assert settings.behaviour.welcome_done
        qtbot.waitUntil(lambda: len(controller.library.tracks_for(Mood.HAPPY)) == 3)
        assert controller.library.sources_for(Mood.ANGRY)[1]  # the rest: demo music
    finally:
        controller.shutdown()


def test_skipping_starts_on_the_demo_music_and_the_welcome_is_not_shown_again(
        qtbot: QtBot, context: AppContext) -> None:
    controller = start_controller(qtbot, context)
    try:
        dialog = welcome_of(qtbot, controller)
        dialog.skip_button.click()
        assert not dialog.isVisible()
    finally:
        controller.shutdown()
    again = create_context(report_problems=False)
    assert again.settings.behaviour.welcome_done
    assert again.settings.music.sources == {}
    assert not needs_welcome(again.settings)
    second = start_controller(qtbot, again)
    try:
        qtbot.wait(600)  # longer than the welcome's delay
        assert second.window.findChild(WelcomeDialog) is None
    finally:
        second.shutdown()


def test_closing_the_welcome_counts_as_skipping(qtbot: QtBot, context: AppContext) -> None:
    controller = start_controller(qtbot, context)
    try:
        welcome_of(qtbot, controller).close()
        assert context.settings.behaviour.welcome_done
    finally:
        controller.shutdown()


def test_no_welcome_once_music_is_mapped(tmp_path: Path) -> None:
    settings = create_context(report_problems=False).settings
    assert needs_welcome(settings)
    settings.music.sources = {"happy": [str(tmp_path)]}
    assert not needs_welcome(settings)


def test_the_privacy_note_is_two_sentences_about_the_camera_and_the_pictures() -> None:
    sentences = [s for s in PRIVACY.split(". ") if s]
    assert len(sentences) == 2
    assert "camera" in sentences[0] and "never saved or sent" in sentences[1]
