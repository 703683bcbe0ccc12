"""MPRIS2 on a private session bus: a D-Bus client controls the player and reads what plays,
and hears PropertiesChanged and Seeked as they happen. Without a bus nothing is started."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import SLOT, QObject, Slot
from PySide6.QtDBus import QDBusMessage
from pytestqt.qtbot import QtBot

from moodplayer import APP_ID
from moodplayer.context import AppContext
from moodplayer.gui.controller import Controller
from moodplayer.gui.desktop_integration import DesktopIntegration
from moodplayer.gui.mpris import (
    OBJECT_PATH,
    PLAYER_INTERFACE,
    PROPERTIES_INTERFACE,
    ROOT_INTERFACE,
    SERVICE,
    MprisService,
    session_bus_configured,
)
from moodplayer.moods import Mood
from moodplayer.music.player_api import PlaybackState, RepeatMode
from tests.gui.harness import (
    DBusMonitor,
    PrivateBus,
    dbus_send,
    private_bus,
    returning_listener,
    start_controller,
)

__all__ = ["private_bus"]  # the fixture, used by name

GET = f"{PROPERTIES_INTERFACE}.Get"
SET = f"{PROPERTIES_INTERFACE}.Set"


class SignalRecorder(QObject):
    """A QtDBus client's receiver: keeps every signal message it is sent."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[QDBusMessage] = []

    @Slot(QDBusMessage)
    def record(self, message: QDBusMessage) -> None:
        self.messages.append(message)

    def named(self, member: str) -> list[QDBusMessage]:
        return [m for m in self.messages if m.member() == member]


@pytest.fixture
def context() -> AppContext:
    ctx = returning_listener()  # the demo music: tagged Ogg files
    ctx.settings.music.fade_seconds = 0.0
    return ctx


@pytest.fixture
def app(qtbot: QtBot, private_bus: PrivateBus, context: AppContext) -> Iterator[Controller]:
    connection = private_bus.connect("moodplayer-app")
    controller = start_controller(qtbot, context, desktop=lambda c: DesktopIntegration(
        c, bus=connection, tray=False))
    controller.choose_mood(Mood.NEUTRAL)
    yield controller
    controller.shutdown()


SIGNALS = ((PROPERTIES_INTERFACE, "PropertiesChanged"), (PLAYER_INTERFACE, "Seeked"))


@pytest.fixture
def listener(private_bus: PrivateBus) -> Iterator[SignalRecorder]:
    client = private_bus.connect("test-client")
    recorder = SignalRecorder()
    for interface, name in SIGNALS:
        assert client.connect("", OBJECT_PATH, interface, name, recorder,
                              SLOT("record(QDBusMessage)"))
    yield recorder
    for interface, name in SIGNALS:
        client.disconnect("", OBJECT_PATH, interface, name, recorder,
                          SLOT("record(QDBusMessage)"))


def get(qtbot: QtBot, name: str, interface: str = PLAYER_INTERFACE) -> str:
    return dbus_send(qtbot, SERVICE, OBJECT_PATH, GET, f"string:{interface}", f"string:{name}")


def call(qtbot: QtBot, method: str, *args: str) -> str:
    return dbus_send(qtbot, SERVICE, OBJECT_PATH, f"{PLAYER_INTERFACE}.{method}", *args)


def test_a_dbus_client_pauses_skips_and_reads_the_status_and_metadata(
        qtbot: QtBot, app: Controller) -> None:
    player = app.player
    assert player is not None and player.state is PlaybackState.PLAYING
    assert 'string "Playing"' in get(qtbot, "PlaybackStatus")
    call(qtbot, "PlayPause")
    assert player.state is PlaybackState.PAUSED
    assert 'string "Paused"' in get(qtbot, "PlaybackStatus")
    call(qtbot, "PlayPause")
    assert player.state is PlaybackState.PLAYING
    first = player.current_index
    call(qtbot, "Next")
    assert player.current_index != first
    track = player.current_track
    assert track is not None
    described = app.library.describe(track)
    metadata = get(qtbot, "Metadata")
    assert f'string "{described.title}"' in metadata
    assert re.search(r'"xesam:artist"\s+variant\s+array \[\s+string "Mood Player"', metadata)
    assert 'string "Mood Player Demo Music"' in metadata  # the album
    assert re.search(r'"mpris:length"\s+variant\s+int(32|64) 180000000', metadata)
    art = re.search(r'"mpris:artUrl"\s+variant\s+string "file://([^"]+)"', metadata)
    assert art and Path(art.group(1)).is_file()
    assert re.search(r'"mpris:trackid"\s+variant\s+object path "/io/github/', metadata)
    call(qtbot, "Stop")
    assert player.state is PlaybackState.STOPPED
    call(qtbot, "Play")
    assert player.state is PlaybackState.PLAYING


def test_properties_changed_is_sent_when_the_song_changes(
        qtbot: QtBot, app: Controller, listener: SignalRecorder, tmp_path: Path) -> None:
    player = app.player
    assert player is not None
    monitor = DBusMonitor(qtbot, OBJECT_PATH, tmp_path / "monitor.txt")
    try:
        app.next_song()
        track = player.current_track
        assert track is not None
        title = app.library.describe(track).title
        qtbot.waitUntil(lambda: f'string "{title}"' in monitor.text())
        told = monitor.text().split("member=PropertiesChanged")[-1]
        assert f'string "{PLAYER_INTERFACE}"' in told
        assert '"Metadata"' in told and f'string "{title}"' in told
        app.play_pause()
        qtbot.waitUntil(lambda: 'string "Paused"' in monitor.text())
    finally:
        monitor.close()
    signals = listener.named("PropertiesChanged")
    assert len(signals) >= 2
    assert {m.signature() for m in signals} == {"sa{sv}as"}
    assert all(m.arguments()[0] == PLAYER_INTERFACE and m.arguments()[2] == []
               for m in signals)


def test_seeking_over_the_bus_moves_the_song_and_is_announced(
        qtbot: QtBot, app: Controller, listener: SignalRecorder) -> None:
    player = app.player
    assert player is not None
    call(qtbot, "Seek", "int64:30000000")
    assert player.position == pytest.approx(30.0)
    qtbot.waitUntil(lambda: bool(listener.named("Seeked")))
    seeked = listener.named("Seeked")[-1]
    assert seeked.signature() == "x" and seeked.arguments() == [30_000_000]
    trackid = re.search(r'"mpris:trackid"\s+variant\s+object path "([^"]+)"',
                        get(qtbot, "Metadata"))
    assert trackid
    call(qtbot, "SetPosition", f"objpath:{trackid.group(1)}", "int64:12000000")
    assert player.position == pytest.approx(12.0)
    call(qtbot, "SetPosition", "objpath:/io/github/moodplayer/MoodPlayer/track/99_0",
         "int64:50000000")
    assert player.position == pytest.approx(12.0)  # not the song playing: ignored
    assert re.search(r"variant\s+int64 12000000", get(qtbot, "Position"))
    app.seek_to(40.0)
    qtbot.waitUntil(lambda: listener.named("Seeked")[-1].arguments() == [40_000_000])


def test_volume_shuffle_and_loop_status_can_be_set_over_the_bus(
        qtbot: QtBot, app: Controller) -> None:
    player = app.player
    assert player is not None
    dbus_send(qtbot, SERVICE, OBJECT_PATH, SET, f"string:{PLAYER_INTERFACE}",
              "string:Volume", "variant:double:0.5")
    assert player.volume == 50
    assert "double 0.5" in get(qtbot, "Volume")
    dbus_send(qtbot, SERVICE, OBJECT_PATH, SET, f"string:{PLAYER_INTERFACE}",
              "string:LoopStatus", "variant:string:Track")
    assert player.repeat is RepeatMode.ONE
    dbus_send(qtbot, SERVICE, OBJECT_PATH, SET, f"string:{PLAYER_INTERFACE}",
              "string:Shuffle", "variant:boolean:true")
    assert player.shuffle
    assert app.actions["shuffle"].isChecked()  # the window shows it too
    for name in ("CanGoNext", "CanGoPrevious", "CanPlay", "CanPause", "CanSeek",
                 "CanControl"):
        assert "boolean true" in get(qtbot, name), name


def test_the_root_interface_names_the_app_and_quits_it(
        qtbot: QtBot, app: Controller) -> None:
    assert 'string "Mood Player"' in get(qtbot, "Identity", ROOT_INTERFACE)
    assert f'string "{APP_ID}"' in get(qtbot, "DesktopEntry", ROOT_INTERFACE)
    assert "boolean true" in get(qtbot, "CanRaise", ROOT_INTERFACE)
    introspection = dbus_send(qtbot, SERVICE, OBJECT_PATH,
                              "org.freedesktop.DBus.Introspectable.Introspect")
    assert '<property name="Position" type="x" access="read"/>' in introspection
    assert re.search(r'<signal name="Seeked">\s*<arg type="x"', introspection)
    assert re.search(r'<method name="SetPosition">\s*<arg type="o"', introspection)
    dbus_send(qtbot, SERVICE, OBJECT_PATH, f"{ROOT_INTERFACE}.Quit")
    assert app._closing


def test_a_second_player_on_the_bus_takes_an_instance_name(
        qtbot: QtBot, app: Controller, private_bus: PrivateBus) -> None:
    other = MprisService(app, private_bus.connect("second-app"))
    assert other.start()
    assert other.service_name.startswith(f"{SERVICE}.instance")
    other.stop()


def test_a_headless_run_leaves_the_desktop_s_bus_alone(
        qtbot: QtBot, context: AppContext, private_bus: PrivateBus) -> None:
    controller = start_controller(qtbot, context, desktop=lambda c: DesktopIntegration(c))
    try:  # the offscreen platform: tests and tools never show up on a real desktop
        assert controller.desktop.mpris is None
        assert controller.desktop.notifier is not None and controller.desktop.notifier.bus is None
    finally:
        controller.shutdown()


def test_without_a_session_bus_mpris_is_skipped_quietly(
        qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))  # no 'bus' socket in it
    assert not session_bus_configured()
    (tmp_path / "bus").touch()
    assert session_bus_configured()  # the usual systemd place counts
    (tmp_path / "bus").unlink()
    controller = start_controller(qtbot, context, desktop=lambda c: DesktopIntegration(c))
    try:
        assert controller.desktop.mpris is None
        controller.next_song()  # nothing to tell, nothing breaks
        controller.seek_to(10.0)
    finally:
        controller.shutdown()
