"""The tray icon: its menu drives the player and the mood, its colour follows the mood, and
closing the window keeps the app in the tray when the setting is on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from moodplayer.context import AppContext, create_context
from moodplayer.gui.controller import Controller
from moodplayer.gui.desktop_integration import DesktopIntegration
from moodplayer.gui.tray import MoodTrayIcon, mood_icon
from moodplayer.moods import Mood
from moodplayer.music.player_api import PlaybackState
from tests.gui.harness import start_controller, write_music


@pytest.fixture
def context(tmp_path: Path) -> AppContext:
    music = write_music(tmp_path / "music", per_mood=3)
    ctx = create_context(report_problems=False)
    ctx.settings.music.sources = {m.value: [str(music / m.value)] for m in Mood}
    ctx.settings.music.fade_seconds = 0.0
    return ctx


@pytest.fixture
def app(qtbot: QtBot, context: AppContext) -> Iterator[Controller]:
    controller = start_controller(
        qtbot, context, desktop=lambda c: DesktopIntegration(c, use_bus=False, tray=True))
    controller.choose_mood(Mood.SAD)
    yield controller
    controller.shutdown()


def tray_of(controller: Controller) -> MoodTrayIcon:
    tray = controller.desktop.tray
    assert tray is not None
    return tray


def item(menu: QMenu, text: str) -> QAction:
    for action in menu.actions():
        if action.text().replace("&", "") == text:
            return action
    raise AssertionError(f"no {text!r} in {[a.text() for a in menu.actions()]}")


def colour_of(tray: MoodTrayIcon) -> QColor:
    image = tray.icon.icon().pixmap(32, 32).toImage()
    return image.pixelColor(5, 16)


def test_the_tray_menu_plays_pauses_skips_and_goes_back(app: Controller) -> None:
    tray = tray_of(app)
    player = app.player
    assert player is not None and player.state is PlaybackState.PLAYING
    item(tray.menu, "Play / Pause").trigger()
    assert player.state is PlaybackState.PAUSED
    item(tray.menu, "Play / Pause").trigger()
    assert player.state is PlaybackState.PLAYING
    first = player.current_index
    item(tray.menu, "Next song").trigger()
    assert player.current_index != first
    item(tray.menu, "Previous song").trigger()
    assert player.current_index == first


def test_the_tray_mood_menu_chooses_the_mood_and_auto_hands_it_back(app: Controller) -> None:
    tray = tray_of(app)
    assert app.dj is not None and app.player is not None
    item(tray.mood_menu, f"{Mood.HAPPY.symbol} Happy").trigger()
    assert app.dj.mood is Mood.HAPPY and app.dj.mode == "manual"
    assert all("/music/happy/" in track.location for track in app.player.queue)
    assert colour_of(tray) == QColor(Mood.HAPPY.colour)
    assert "Happy" in tray.icon.toolTip()
    item(tray.mood_menu, "Auto mood").trigger()
    assert app.dj.mode == "auto"


def test_the_icon_is_painted_in_the_colour_of_each_mood() -> None:
    for mood in (*Mood, None):
        image = mood_icon(mood).pixmap(32, 32).toImage()
        expected = QColor(mood.colour if mood else "#8b96a5")
        assert image.pixelColor(5, 16) == expected
        assert image.pixelColor(0, 0).alpha() == 0  # round, not square


def test_show_hide_hides_the_window_and_brings_it_back(qtbot: QtBot, app: Controller) -> None:
    tray = tray_of(app)
    window = app.window
    window.show()
    qtbot.waitUntil(window.isVisible)
    tray.menu.aboutToShow.emit()
    assert tray.show_hide.text() == "Hide Mood Player"
    tray.show_hide.trigger()
    assert not window.isVisible()
    assert tray.show_hide.text() == "Show Mood Player"
    tray.show_hide.trigger()
    assert window.isVisible()


def test_closing_the_window_keeps_playing_in_the_tray_when_the_setting_is_on(
        app: Controller) -> None:
    app.context.settings.behaviour.minimize_to_tray = True
    app.window.close()
    assert not app.window.isVisible()
    assert app.player is not None and app.player.state is PlaybackState.PLAYING
    assert not app._closing
    item(tray_of(app).menu, "Quit").trigger()
    assert app._closing


def test_closing_the_window_quits_when_the_setting_is_off(app: Controller) -> None:
    app.context.settings.behaviour.minimize_to_tray = False
    app.window.close()
    assert app._closing


def test_without_a_tray_there_is_no_icon_and_closing_quits(
        qtbot: QtBot, context: AppContext) -> None:
    context.settings.behaviour.minimize_to_tray = True
    controller = start_controller(  # the offscreen platform has no system tray
        qtbot, context, desktop=lambda c: DesktopIntegration(c, use_bus=False))
    try:
        assert controller.desktop.tray is None
        controller.window.close()
        assert controller._closing
    finally:
        controller.shutdown()
