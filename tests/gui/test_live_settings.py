"""Edited settings in a running app: what a change means, taking it in without losing the
app's own state, reloading remapped moods off the GUI thread, and the start-up settings."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from moodplayer.gui.live_settings import MusicReloader, adopt_settings, compare_settings
from moodplayer.moods import Mood
from moodplayer.music.library import MoodLibrary
from moodplayer.settings import MusicSettings, Settings
from tests.gui.harness import (
    ScriptedCamera,
    returning_listener,
    scripted_pipeline,
    start_controller,
    write_music,
)


def test_a_camera_recognition_or_voting_change_restarts_the_perception_thread() -> None:
    old = Settings()
    for section, name, value in (("camera", "source", "1"), ("camera", "fps", 15),
                                 ("recognition", "classifier", "bundled"),
                                 ("voting", "margin", 0.3), ("calibration", "enabled", False)):
        new = old.copy()
        setattr(getattr(new, section), name, value)
        assert compare_settings(old, new).restart_perception, (section, name)
    for section, name, value in (("camera", "show_preview", False),
                                 ("camera", "start_enabled", False),
                                 ("music", "strategy", "lift"),
                                 ("behaviour", "notify_song_start", True),
                                 ("calibration", "capture_seconds", 5.0)):
        new = old.copy()
        setattr(getattr(new, section), name, value)
        change = compare_settings(old, new)
        assert not change.restart_perception, (section, name)
        assert change.sections == {section}


def test_the_moods_whose_sources_changed_are_named() -> None:
    old = Settings()
    new = old.copy()
    new.music.sources = {"happy": ["/music/happy"]}
    change = compare_settings(old, new)
    assert change.music and change.remapped == {Mood.HAPPY}
    assert not change.camera_source


def test_adopting_keeps_the_live_objects_the_playback_state_and_the_window() -> None:
    live = Settings()
    playback, window = live.playback, live.window
    live.playback.volume, live.window.geometry = 33, "abc"
    new = Settings()
    new.voting.window_seconds = 9.0
    new.playback.volume = 90
    adopt_settings(live, new)
    assert live.voting.window_seconds == 9.0
    assert live.playback is playback and live.playback.volume == 33
    assert live.window is window and window.geometry == "abc"
    new.voting.window_seconds = 1.0
    assert live.voting.window_seconds == 9.0  # a copy, not shared


def test_the_reloader_builds_moods_in_the_background_then_calls_back(
        qtbot: QtBot, tmp_path: Path) -> None:
    music = write_music(tmp_path, (Mood.SAD,), per_mood=4)
    library = MoodLibrary(MusicSettings(sources={"sad": [str(music / "sad")]}))
    reloader = MusicReloader()
    called: list[frozenset[Mood]] = []
    reloader.reload(library, {Mood.SAD}, called.append)
    qtbot.waitUntil(lambda: called == [frozenset({Mood.SAD})])
    assert library.is_ready(Mood.SAD)
    superseded: list[frozenset[Mood]] = []
    reloader.reload(library, {Mood.SAD}, superseded.append)
    reloader.reload(library, {Mood.HAPPY}, called.append)
    qtbot.waitUntil(lambda: len(called) == 2)
    assert superseded == []


def test_with_start_enabled_off_the_app_starts_with_the_camera_off_and_plays(
        qtbot: QtBot) -> None:
    context = returning_listener()
    context.settings.camera.start_enabled = False
    context.settings.camera.show_preview = False
    camera = ScriptedCamera()
    controller = start_controller(qtbot, context,
                                  pipeline_factory=scripted_pipeline(camera, context))
    try:
        qtbot.waitUntil(lambda: controller.player is not None
                        and controller.player.current_track is not None)
        assert controller.perception is None
        assert "Camera off at start" in controller.window.camera_view.message
        assert not controller.actions["camera"].isChecked()
        controller.toggle_camera()  # C: the camera comes on when asked
        qtbot.waitUntil(lambda: controller.window.camera_view.live)
        assert not controller.window.camera_view._show_frames  # the picture stays hidden
    finally:
        camera.close()
        controller.shutdown()
