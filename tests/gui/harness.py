"""Helpers for the tests of the settings, the wizard and the desktop integration.

* :class:`ScriptedCamera` is a "video file" whose frames are made on demand: bright while
  ``face`` is true (the :class:`RestingFaceAnalyzer` then reads a face), dark when not. Its
  media time moves ``step`` seconds per frame, so the real
  :class:`~moodplayer.perception.pipeline.PerceptionPipeline` (with its real calibration
  capture) runs through seconds of "camera" in a fraction of the time.
* :func:`start_controller` starts the real controller with a :class:`FakePlayer`, the given
  pipeline and, unless told otherwise, no tray and no bus.
"""

from __future__ import annotations

import gc
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from moodplayer.context import AppContext, create_context
from moodplayer.gui.controller import Controller, LaunchOptions
from moodplayer.gui.desktop_integration import DesktopIntegration
from moodplayer.moods import MOOD_ORDER, Mood
from moodplayer.music.fake_player import FakePlayer
from moodplayer.perception.calibration import NeutralBaseline
from moodplayer.perception.events import PipelineEvent
from moodplayer.perception.frame_source import CAP_PROP_FPS, CAP_PROP_POS_MSEC
from moodplayer.perception.pipeline import PerceptionPipeline
from moodplayer.perception.readings import EmotionReading, FaceBox
from moodplayer.perception.voter import MoodVoter

RESTING_FACE = np.array([0.05, 0.02, 0.05, 0.03, 0.55, 0.02, 0.28], np.float32)
"""How the scripted listener's resting face reads: mostly sad."""


class ScriptedCamera:
    """Frames on demand, with a face or without (see the module's documentation)."""

    def __init__(self, step: float = 0.1, interval: float = 0.01,
                 size: tuple[int, int] = (64, 48)) -> None:
        self.step = step
        self.interval = interval
        self.size = size
        self.face = True
        self.frames = 0
        self._closed = threading.Event()

    def capture(self, target: int | str) -> ScriptedCapture:
        """The capture factory the pipeline opens the 'file' with."""
        return ScriptedCapture(self)

    def close(self) -> None:
        """End the stream (the pipeline then stops as at the end of a file)."""
        self._closed.set()

    @property
    def closed(self) -> bool:
        return self._closed.is_set()


class ScriptedCapture:
    """The ``cv2.VideoCapture`` face of a :class:`ScriptedCamera`."""

    def __init__(self, camera: ScriptedCamera) -> None:
        self.camera = camera
        self.index = -1

    def isOpened(self) -> bool:  # OpenCV's spelling
        return not self.camera.closed

    def read(self) -> tuple[bool, Any]:
        camera = self.camera
        time.sleep(camera.interval)
        if camera.closed:
            return False, None
        self.index += 1
        camera.frames += 1
        width, height = camera.size
        level = 200 if camera.face else 10
        return True, np.full((height, width, 3), level, np.uint8)

    def grab(self) -> bool:
        ok, _frame = self.read()
        return ok

    def get(self, prop: int) -> float:
        if prop == CAP_PROP_POS_MSEC:
            return max(0, self.index) * self.camera.step * 1000.0
        if prop == CAP_PROP_FPS:
            return 1.0 / self.camera.step
        return 0.0

    def set(self, prop: int, value: float) -> bool:
        return False

    def release(self) -> None:
        pass


class RestingFaceAnalyzer:
    """Reads a face in bright frames (the listener at rest), none in dark ones."""

    def __init__(self, probabilities: np.ndarray = RESTING_FACE,
                 classifier: str = "bundled") -> None:
        self.probabilities = probabilities
        self.classifier = classifier

    def analyze(self, frame: np.ndarray) -> list[EmotionReading]:
        if float(frame.mean()) < 100:
            return []
        return [EmotionReading(FaceBox(8, 6, 40, 36), 0.95, self.probabilities.copy(),
                               self.classifier, True)]


def scripted_pipeline(camera: ScriptedCamera, context: AppContext, analyzer: Any = None,
                      baseline: NeutralBaseline | None = None,
                      ) -> Callable[[Callable[[PipelineEvent], None]], Any]:
    """A pipeline factory: the real pipeline on the scripted camera."""

    def build(on_event: Callable[[PipelineEvent], None]) -> PerceptionPipeline:
        return PerceptionPipeline("scripted-camera.avi", analyzer or RestingFaceAnalyzer(),
                                  on_event, voter=MoodVoter(context.settings.voting),
                                  baseline=baseline, camera=context.settings.camera,
                                  capture_factory=camera.capture)

    return build


def returning_listener() -> AppContext:
    """The app's context for a listener who has seen the welcome (demo music, no camera
    of their own)."""
    context = create_context(report_problems=False)
    context.settings.behaviour.welcome_done = True
    return context


def write_music(folder: Path, moods: tuple[Mood, ...] = MOOD_ORDER, per_mood: int = 2) -> Path:
    """Folders of (silent, never decoded) music files, one per mood; returns ``folder``."""
    for mood in moods:
        (folder / mood.value).mkdir(parents=True, exist_ok=True)
        for number in range(1, per_mood + 1):
            (folder / mood.value / f"{number:02d} {mood.value} song.ogg").write_bytes(b"")
    return folder


def start_controller(qtbot: QtBot, context: AppContext, *, pipeline_factory: Any = None,
                     player: Any = None, options: LaunchOptions | None = None,
                     desktop: Callable[[Controller], DesktopIntegration] | None = None,
                     ) -> Controller:
    """The real controller on a FakePlayer, started (no tray, no bus unless ``desktop``;
    no camera unless ``pipeline_factory``)."""
    if options is None:
        options = LaunchOptions(no_camera=pipeline_factory is None)
    controller = Controller(context, options,
                            player=player if player is not None else FakePlayer(),
                            pipeline_factory=pipeline_factory)
    controller.desktop = (desktop(controller) if desktop is not None
                          else DesktopIntegration(controller, use_bus=False, tray=False))
    qtbot.addWidget(controller.window)
    controller.start()
    qtbot.waitUntil(lambda: controller.dj is not None)
    return controller


class PrivateBus:
    """A ``dbus-daemon`` of the test's own; ``connect(name)`` opens a connection to it."""

    def __init__(self, address: str, pid: int) -> None:
        self.address = address
        self.pid = pid
        self.names: list[str] = []

    def connect(self, name: str) -> QDBusConnection:
        connection = QDBusConnection.connectToBus(self.address, name)
        assert connection.isConnected(), connection.lastError().message()
        self.names.append(name)
        return connection

    def close(self) -> None:
        """Close this test's connections (after everything using them is gone), then the bus."""
        gc.collect()
        for name in self.names:
            QDBusConnection.disconnectFromBus(name)
        gc.collect()
        QCoreApplication.processEvents()
        os.kill(self.pid, signal.SIGTERM)


@pytest.fixture
def private_bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[PrivateBus]:
    """A session bus started for this test (its address in DBUS_SESSION_BUS_ADDRESS)."""
    if shutil.which("dbus-daemon") is None:
        pytest.skip("needs dbus-daemon (Debian: dbus)")
    started = subprocess.run(
        ["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
        capture_output=True, text=True, timeout=20, check=True)
    address, pid = started.stdout.split()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    bus = PrivateBus(address, int(pid))
    yield bus
    bus.close()


def dbus_send(qtbot: QtBot, destination: str, path: str, method: str, *args: str) -> str:
    """Call ``method`` with ``dbus-send`` while the event loop keeps the app answering."""
    process = subprocess.Popen(
        ["dbus-send", "--session", "--print-reply", f"--dest={destination}", path, method,
         *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=15_000)
    out, err = process.communicate()
    assert process.returncode == 0, err
    return out


class DBusMonitor:
    """``dbus-monitor`` watching the signals of one object path, its output kept as text."""

    def __init__(self, qtbot: QtBot, path: str, log: Path) -> None:
        self.log = log
        self._handle = log.open("w")
        self.process = subprocess.Popen(
            ["dbus-monitor", "--session", f"type='signal',path='{path}'"],
            stdout=self._handle, stderr=subprocess.STDOUT)
        # a monitor announces itself by losing its own name: then it sees everything
        qtbot.waitUntil(lambda: "NameLost" in self.text(), timeout=10_000)

    def text(self) -> str:
        self._handle.flush()
        return self.log.read_text()

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(5)
        self._handle.close()


def start_with_camera(qtbot: QtBot, context: AppContext, camera: ScriptedCamera,
                      baseline: NeutralBaseline | None = None) -> Controller:
    """The controller on the real pipeline over ``camera``, once the pipeline is built."""
    controller = start_controller(qtbot, context, pipeline_factory=scripted_pipeline(
        camera, context, baseline=baseline))
    qtbot.waitUntil(lambda: controller.perception is not None
                    and controller.perception.pipeline is not None)
    return controller
