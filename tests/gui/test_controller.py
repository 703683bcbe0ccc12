"""The controller: keys and the dropdown drive the DJ and the player; perception events update
the window; failures show banners and dialogs; quitting stops every thread and timer."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from moodplayer.context import AppContext, create_context
from moodplayer.gui.controller import Controller, LaunchOptions
from moodplayer.moods import MOOD_ORDER, Mood, MoodDecision
from moodplayer.music.fake_player import FakePlayer
from moodplayer.music.player_api import PlaybackState, RepeatMode
from moodplayer.music.vlc_runtime import LibVLCUnavailable
from moodplayer.perception.events import (
    CameraLost,
    CameraRestored,
    DecisionMade,
    FrameAnalysed,
    PipelineError,
    PipelineEvent,
    PipelineStatus,
)
from moodplayer.perception.readings import EmotionReading, FaceBox


class ScriptedPipeline:
    """Stands in for the perception pipeline: plays a script of events, then waits."""

    def __init__(self, on_event: Callable[[PipelineEvent], None],
                 script: list[PipelineEvent]) -> None:
        self.on_event = on_event
        self.script = script
        self._stop = threading.Event()
        self._resumed = threading.Event()
        self._resumed.set()
        self.pauses = 0

    def run(self) -> None:
        self.on_event(PipelineStatus("running", "scripted"))
        for event in self.script:
            if self._stop.is_set():
                break
            self.on_event(event)
            time.sleep(0.01)
        self._stop.wait()
        self.on_event(PipelineStatus("stopped", "stopped"))

    def stop(self) -> None:
        self._stop.set()
        self._resumed.set()

    def pause(self) -> None:
        self.pauses += 1
        self._resumed.clear()

    def resume(self) -> None:
        self._resumed.set()

    @property
    def paused(self) -> bool:
        return not self._resumed.is_set()


def reading(mood: Mood, p: float = 0.8) -> EmotionReading:
    probabilities = np.full(7, (1 - p) / 6, np.float32)
    probabilities[mood.index] = p
    return EmotionReading(FaceBox(200, 120, 160, 160), 0.9, probabilities, "bundled", True)


def frame(t: float, mood: Mood) -> FrameAnalysed:
    return FrameAnalysed(t, np.zeros((480, 640, 3), np.uint8), [reading(mood)], 30.0, 5.0)


def decision(t: float, mood: Mood | None, changed: bool = True) -> DecisionMade:
    scores = {m: (0.8 if m is mood else 0.2 / 6) for m in MOOD_ORDER}
    return DecisionMade(MoodDecision(t, mood, 0.8, scores, f"{mood} led the last 3 s",
                                     changed=changed, faces=1))


@pytest.fixture
def context(tmp_path: Path) -> AppContext:
    for mood in MOOD_ORDER:
        (tmp_path / "music" / mood.value).mkdir(parents=True)
        for n in (1, 2, 3):
            (tmp_path / "music" / mood.value / f"{mood.value}-{n}.ogg").write_bytes(b"x")
    ctx = create_context(report_problems=False)
    ctx.settings.music.sources = {
        m.value: [str(tmp_path / "music" / m.value)] for m in MOOD_ORDER}
    return ctx


ControllerFactory = Callable[..., Controller]


@pytest.fixture
def make_controller(qtbot: QtBot, context: AppContext) -> Iterator[ControllerFactory]:
    made: list[Controller] = []

    def make(script: list[PipelineEvent] | None = None, *, player: Any = None,
             options: LaunchOptions | None = None) -> Controller:
        events = [frame(0.1, Mood.NEUTRAL), decision(0.1, Mood.NEUTRAL)] if script is None \
            else script

        def factory(on_event: Callable[[PipelineEvent], None]) -> ScriptedPipeline:
            return ScriptedPipeline(on_event, events)

        controller = Controller(context, options or LaunchOptions(),
                                player=player if player is not None else FakePlayer(),
                                pipeline_factory=factory)
        qtbot.addWidget(controller.window)
        controller.start()
        qtbot.waitUntil(lambda: controller.dj is not None)
        made.append(controller)
        return controller

    yield make
    for controller in made:
        controller.shutdown()


def press(controller: Controller, key: str) -> None:
    from PySide6.QtGui import QKeySequence

    combination = QKeySequence(key)[0]
    window = controller.window
    window.activateWindow()
    QTest.keyClick(window.centralWidget(), combination.key(), combination.keyboardModifiers())


def test_keys_drive_the_player(qtbot: QtBot, make_controller: ControllerFactory) -> None:
    controller = make_controller()
    player = controller.player
    assert isinstance(player, FakePlayer)
    qtbot.waitActive(controller.window)
    qtbot.waitUntil(lambda: player.state is PlaybackState.PLAYING)
    press(controller, "Space")
    assert player.state is PlaybackState.PAUSED
    press(controller, "Space")
    assert player.state is PlaybackState.PLAYING
    first = player.current_index
    press(controller, "N")
    assert player.current_index != first
    player.advance(20)
    press(controller, "Right")
    assert player.position == pytest.approx(25, abs=0.5)
    press(controller, "Left")
    assert player.position == pytest.approx(20, abs=0.5)
    volume = player.volume
    press(controller, "Ctrl+Down")
    assert player.volume == volume - 5
    press(controller, "Ctrl+Up")
    assert player.volume == volume
    press(controller, "M")
    assert player.muted and controller.window.now_playing.volume_label.text() == "muted"
    press(controller, "S")
    assert player.shuffle
    press(controller, "R")
    assert player.repeat is RepeatMode.ONE
    press(controller, "P")  # more than 3 s in: previous restarts the song
    assert player.position < 1
    press(controller, "F1")
    assert controller.window.help_overlay.isVisible()


def test_the_dropdown_overrides_the_camera_and_auto_hands_control_back(
    qtbot: QtBot, make_controller: ControllerFactory
) -> None:
    controller = make_controller([frame(0.1, Mood.HAPPY), decision(0.1, Mood.HAPPY)])
    dj = controller.dj
    assert dj is not None
    qtbot.waitUntil(lambda: dj.mood is Mood.HAPPY)
    panel = controller.window.mood_panel
    panel.dropdown.setCurrentIndex(1 + Mood.SAD.index)
    panel.dropdown.activated.emit(1 + Mood.SAD.index)
    assert dj.mode == "manual" and dj.mood is Mood.SAD
    player = controller.player
    assert isinstance(player, FakePlayer)
    assert player.fading  # at once: the old music fades out ...
    player.advance(3)  # ... and the sad music follows, not at the end of the song
    assert all("/sad/" in t.location for t in player.queue)
    assert "SAD" in controller.window.playlist_title.text()
    controller._on_decision(decision(5.0, Mood.ANGRY).decision)
    assert dj.mood is Mood.SAD  # the override wins over the camera
    panel.dropdown.activated.emit(0)  # Auto
    assert dj.mode == "auto" and dj.mood is Mood.ANGRY
    assert panel.dropdown.currentIndex() == 0


def test_number_keys_choose_a_mood_and_a_lock_turns_the_camera_off(
    qtbot: QtBot, make_controller: ControllerFactory
) -> None:
    controller = make_controller()
    qtbot.waitActive(controller.window)
    dj = controller.dj
    assert dj is not None
    press(controller, "6")
    assert dj.mood is Mood.SURPRISE and dj.mode == "manual"
    press(controller, "L")
    assert dj.locked
    qtbot.waitUntil(lambda: controller.perception is not None
                    and controller.perception.pipeline is not None)
    assert controller.perception is not None
    qtbot.waitUntil(lambda: controller.perception.pipeline.paused)  # type: ignore[union-attr]
    assert "locked" in controller.window.camera_view.message
    press(controller, "A")
    assert dj.mode == "auto" and not dj.locked
    assert not controller.perception.pipeline.paused  # type: ignore[union-attr]


def test_decisions_update_the_bars_the_timeline_and_the_mood_label(
    qtbot: QtBot, make_controller: ControllerFactory
) -> None:
    controller = make_controller([frame(0.5, Mood.SAD), decision(0.5, Mood.SAD)])
    window = controller.window
    qtbot.waitUntil(lambda: window.emotion_bars.values()[Mood.SAD.index] == pytest.approx(0.8))
    qtbot.waitUntil(lambda: "Sad" in window.mood_panel.mood_label.text())
    assert "led the last 3 s" in window.mood_panel.reason_label.text()
    assert window.camera_view.live
    controller._tick()
    assert window.timeline.segments()[-1].mood is Mood.SAD
    assert "Model: bundled" in window.model_status.text()


def test_camera_lost_and_restored_show_and_clear_the_banner(
    qtbot: QtBot, make_controller: ControllerFactory
) -> None:
    controller = make_controller([decision(0.1, Mood.SAD), CameraLost("0", "no frames for 2 s")])
    banners = controller.window.banners
    qtbot.waitUntil(lambda: "camera" in banners.ids())
    assert "music keeps playing" in (banners.banner_text("camera") or "")
    assert controller.player is not None and controller.player.state is PlaybackState.PLAYING
    controller.perception._on_event(CameraRestored("0"))  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: "camera" not in banners.ids())


def test_no_camera_offers_manual_mode_and_music_goes_on(
    qtbot: QtBot, make_controller: ControllerFactory
) -> None:
    controller = make_controller([PipelineError("camera 0 could not be opened", fatal=True)])
    banners = controller.window.banners
    qtbot.waitUntil(lambda: "camera" in banners.ids())
    assert "Choose the mood by hand" in (banners.banner_text("camera") or "")
    assert controller.player is not None and controller.player.state is PlaybackState.PLAYING


def test_the_music_waits_for_the_first_mood_and_plays_its_playlist(
    qtbot: QtBot, make_controller: ControllerFactory
) -> None:
    controller = make_controller([frame(0.1, Mood.ANGRY), decision(0.1, Mood.ANGRY)])
    player = controller.player
    assert isinstance(player, FakePlayer)
    qtbot.waitUntil(lambda: player.state is PlaybackState.PLAYING)
    assert player.queue and all("/angry/" in t.location for t in player.queue)
    assert "ANGRY" in controller.window.playlist_title.text()


def test_without_a_mood_the_music_starts_on_the_last_one_after_a_wait(
    qtbot: QtBot, make_controller: ControllerFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import moodplayer.gui.controller as controller_module

    monkeypatch.setattr(controller_module, "FIRST_MOOD_WAIT_MS", 200)
    controller = make_controller([frame(0.1, Mood.HAPPY)])  # a face, but no decision yet
    player = controller.player
    assert isinstance(player, FakePlayer)
    assert player.state is PlaybackState.STOPPED
    assert "Waiting for your mood" in controller.window.playback_status.text()
    qtbot.waitUntil(lambda: player.state is PlaybackState.PLAYING)
    assert all("/neutral/" in t.location for t in player.queue)  # the saved last mood


def test_a_song_that_cannot_play_is_noted_and_the_next_plays(
    qtbot: QtBot, make_controller: ControllerFactory, context: AppContext
) -> None:
    broken = {str(Path(context.settings.music.sources[m.value][0]) / f"{m.value}-1.ogg")
              for m in MOOD_ORDER}
    player = FakePlayer(unplayable=broken)
    controller = make_controller(player=player)
    qtbot.waitUntil(lambda: "Could not play" in controller.window.statusBar().currentMessage())
    assert player.state is PlaybackState.PLAYING
    assert player.current_track is not None and player.current_track.location not in broken


def test_an_empty_mood_falls_back_and_offers_to_add_music(
    qtbot: QtBot, make_controller: ControllerFactory, context: AppContext, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    context.settings.music.sources["fear"] = [str(empty)]
    controller = make_controller(options=LaunchOptions(mood=Mood.FEAR))
    banners = controller.window.banners
    qtbot.waitUntil(lambda: "fallback" in banners.ids())
    assert "No music for fear" in (banners.banner_text("fallback") or "")
    assert isinstance(controller.player, FakePlayer)
    controller.player.advance(3)
    assert all("/neutral/" in t.location for t in controller.player.queue)


def test_a_missing_libvlc_shows_the_dialog_and_the_window_still_works(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    import moodplayer.music.vlc_player as vlc_player

    def missing(*args: object, **kwargs: object) -> None:
        raise LibVLCUnavailable("libVLC was not found", "sudo apt-get install libvlc5")

    monkeypatch.setattr(vlc_player, "VlcPlayer", missing)
    controller = Controller(context, LaunchOptions(),
                            pipeline_factory=lambda on_event: ScriptedPipeline(
                                on_event, [frame(0.2, Mood.HAPPY), decision(0.2, Mood.HAPPY)]))
    qtbot.addWidget(controller.window)
    controller.start()
    try:
        qtbot.waitUntil(lambda: hasattr(controller, "libvlc_dialog"))
        dialog = controller.libvlc_dialog
        assert isinstance(dialog, QMessageBox) and dialog.isVisible()
        assert "sudo apt-get install libvlc5" in dialog.text()
        assert not controller.actions["play_pause"].isEnabled()
        qtbot.waitUntil(lambda: "Happy" in controller.window.mood_panel.mood_label.text())
        controller.choose_mood(Mood.SAD)  # choosing by hand still works without music
        assert "Sad" in controller.window.mood_panel.mood_label.text()
    finally:
        controller.shutdown()


def test_quitting_stops_the_thread_and_the_timers_and_saves_the_state(
    qtbot: QtBot, make_controller: ControllerFactory, context: AppContext
) -> None:
    controller = make_controller([frame(0.1, Mood.HAPPY)])
    thread = controller.perception
    assert isinstance(thread, QThread)
    qtbot.waitUntil(thread.isRunning)
    controller.set_volume(35)
    controller.actions["quit"].trigger()
    assert not thread.isRunning()
    assert not controller.tick_timer.isActive() and not controller.save_timer.isActive()
    assert isinstance(controller.player, FakePlayer) and controller.player.closed
    saved = context.store.load()
    assert saved.playback.volume == 35
    assert saved.window.geometry
    alive = [t for t in threading.enumerate() if t.name.startswith(("moodplayer", "perception"))]
    assert alive == []
    assert not any(isinstance(o, QTimer) and o.isActive()
                   for o in controller.children())
    QApplication.processEvents()


def test_the_saved_volume_is_shown_and_used_while_waiting_and_after(
    qtbot: QtBot, make_controller: ControllerFactory, context: AppContext
) -> None:
    context.settings.playback.volume = 42
    controller = make_controller([frame(0.1, Mood.HAPPY), decision(0.1, Mood.HAPPY)])
    player = controller.player
    assert isinstance(player, FakePlayer)
    qtbot.waitUntil(lambda: player.state is PlaybackState.PLAYING)
    assert player.volume == 42
    assert controller.window.now_playing.volume_label.text() == "42%"
