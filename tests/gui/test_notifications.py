"""Desktop notifications: a new mood from the camera is announced (a mood chosen by hand is
not), songs only when asked; through the tray icon, or straight to the notification service
on the session bus with the types it expects; with neither, nothing happens."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from moodplayer import APP_ID
from moodplayer.context import AppContext
from moodplayer.gui.desktop_integration import DesktopIntegration
from moodplayer.gui.notifications import DBusNotifications, Notification, Notifier
from moodplayer.moods import Mood
from tests.conftest import REPO
from tests.gui.harness import (
    PrivateBus,
    ScriptedCamera,
    private_bus,
    returning_listener,
    scripted_pipeline,
    start_controller,
)

__all__ = ["private_bus"]  # the fixture, used by name


class FakeTray:
    """What the notifier needs of the tray icon."""

    def __init__(self, visible: bool = True) -> None:
        self.visible = visible
        self.messages: list[tuple[str, str]] = []

    def show_message(self, title: str, body: str, milliseconds: int = 5000) -> None:
        self.messages.append((title, body))


@pytest.fixture
def context() -> AppContext:
    return returning_listener()


@pytest.fixture
def service(qtbot: QtBot, private_bus: PrivateBus) -> Iterator[subprocess.Popen[str]]:
    server = subprocess.Popen([sys.executable, "-m", "tests.gui.fake_notification_server"],
                              stdout=subprocess.PIPE, text=True, cwd=REPO)
    assert server.stdout is not None
    assert server.stdout.readline().strip() == "ready"
    yield server
    server.terminate()
    server.wait(5)


def test_the_camera_s_new_mood_is_announced_through_the_tray_and_songs_only_when_asked(
        qtbot: QtBot, context: AppContext) -> None:
    camera = ScriptedCamera()
    controller = start_controller(qtbot, context, pipeline_factory=scripted_pipeline(
        camera, context), desktop=lambda c: DesktopIntegration(c, use_bus=False, tray=True))
    try:
        notifier = controller.desktop.notifier
        assert notifier is not None
        notifier.in_front = lambda: False
        qtbot.waitUntil(lambda: any(n.kind == "mood" for n in notifier.sent), timeout=10_000)
        [mood] = [n for n in notifier.sent if n.kind == "mood"]
        assert mood.summary == "Mood: Sad" and mood.via == "tray"
        assert "sad" in mood.body
        assert not any(n.kind == "song" for n in notifier.sent)  # off by default
        controller.context.settings.behaviour.notify_song_start = True
        controller.next_song()
        [song] = [n for n in notifier.sent if n.kind == "song"]
        track = controller.player.current_track if controller.player else None
        assert track is not None and song.summary == controller.library.describe(track).title
        controller.choose_mood(Mood.HAPPY)  # by hand: the listener knows
        assert [n.kind for n in notifier.sent].count("mood") == 1
    finally:
        camera.close()
        controller.shutdown()


def test_nothing_is_announced_while_the_window_is_in_front_or_when_turned_off() -> None:
    tray = FakeTray()
    settings = {"mood": True, "song": False}
    in_front = [True]
    notifier = Notifier(enabled=settings.__getitem__, in_front=lambda: in_front[0], tray=tray)
    assert not notifier.mood_changed("Happy", "happy led")
    in_front[0] = False
    assert notifier.mood_changed("Happy", "happy led")
    assert not notifier.song_started("Song", "Artist")
    settings["mood"] = False
    assert not notifier.mood_changed("Sad", "sad led")
    assert tray.messages == [("Mood: Happy", "happy led")]


def test_without_a_tray_or_a_bus_notifications_are_skipped_quietly() -> None:
    notifier = Notifier(enabled=lambda kind: True, in_front=lambda: False,
                        tray=FakeTray(visible=False), bus=None)
    assert not notifier.mood_changed("Happy", "happy led")
    assert notifier.sent == []


def test_without_a_tray_the_notification_service_gets_a_correctly_typed_call(
        private_bus: PrivateBus, service: subprocess.Popen[str]) -> None:
    bus = DBusNotifications(private_bus.connect("notifier"))
    assert bus.available()
    notifier = Notifier(enabled=lambda kind: True, in_front=lambda: False, tray=None, bus=bus)
    assert notifier.mood_changed("Happy", "happy led the last 3 s")
    assert service.stdout is not None
    first = json.loads(service.stdout.readline())
    assert first["summary"] == "Mood: Happy" and first["body"] == "happy led the last 3 s"
    assert first["app"] == "Mood Player" and first["replaces"] == 0
    assert first["hints"] == {"desktop-entry": APP_ID}
    assert notifier.mood_changed("Sad", "sad led the last 3 s")
    second = json.loads(service.stdout.readline())
    assert second["replaces"] == first["id"]  # the new mood replaces the old notice
    assert notifier.sent == [Notification("mood", "Mood: Happy", "happy led the last 3 s",
                                          "dbus"),
                             Notification("mood", "Mood: Sad", "sad led the last 3 s", "dbus")]


def test_a_bus_without_a_notification_service_is_skipped(private_bus: PrivateBus) -> None:
    bus = DBusNotifications(private_bus.connect("lonely"))
    assert not bus.available()
    notifier = Notifier(enabled=lambda kind: True, in_front=lambda: False, tray=None, bus=bus)
    assert not notifier.mood_changed("Happy", "happy led")


def test_the_fake_service_refuses_a_call_with_the_wrong_types(
        private_bus: PrivateBus, service: subprocess.Popen[str], tmp_path: Path) -> None:
    # what a plain call from Python sends: replaces_id as int32, so 'sisssasa{sv}i'
    from PySide6.QtDBus import QDBusMessage

    connection = private_bus.connect("untyped")
    message = QDBusMessage.createMethodCall("org.freedesktop.Notifications",
                                            "/org/freedesktop/Notifications",
                                            "org.freedesktop.Notifications", "Notify")
    message.setArguments(["app", 0, "", "summary", "body", ["x"], {"a": "b"}, 1000])
    reply = connection.call(message)
    assert reply.type() == QDBusMessage.MessageType.ErrorMessage
