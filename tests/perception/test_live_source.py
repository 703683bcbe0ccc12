"""Live sources on a fake camera: newest frame only, lost and restored, pause, release."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator

import pytest

from moodplayer.perception.events import CameraLost, CameraRestored
from moodplayer.perception.frame_source import (
    CAP_PROP_FPS,
    CAP_PROP_FRAME_HEIGHT,
    CAP_PROP_FRAME_WIDTH,
    SourceOpenError,
    open_frame_source,
)
from moodplayer.perception.live_source import LiveSource, WatchdogSettings, backoff_delays
from moodplayer.settings import CameraSettings
from tests.perception.fake_camera import FakeCamera

QUICK = WatchdogSettings(no_frame_seconds=0.3, stale_seconds=0.3, first_frame_seconds=3.0,
                         reconnect_first_delay=0.05, reconnect_max_delay=0.2,
                         failed_read_pause=0.005)


def wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    """Poll until ``condition`` holds (a bounded wait, not a timing check)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the condition did not come true in time")
        time.sleep(0.01)


@pytest.fixture
def camera() -> FakeCamera:
    return FakeCamera()


@pytest.fixture
def source(camera: FakeCamera) -> Iterator[LiveSource]:
    opened = open_frame_source("0", CameraSettings(width=1280, height=720, fps=15),
                               capture_factory=camera.factory, watchdog=QUICK)
    assert isinstance(opened, LiveSource)
    yield opened
    opened.release()


def collect_events(source: LiveSource, wanted: type, seconds: float = 10.0) -> list[object]:
    """Read frames (as a consumer would) until an event of type ``wanted`` arrives."""
    events: list[object] = []

    def arrived() -> bool:
        source.read(timeout=0.02)
        events.extend(source.events())
        return any(isinstance(e, wanted) for e in events)

    wait_for(arrived, seconds)
    return events


def test_the_requested_size_and_rate_are_asked_of_the_camera(
        source: LiveSource, camera: FakeCamera) -> None:
    assert camera.requested[CAP_PROP_FRAME_WIDTH] == 1280
    assert camera.requested[CAP_PROP_FRAME_HEIGHT] == 720
    assert camera.requested[CAP_PROP_FPS] == 15
    assert source.live and not source.ended and source.name == "camera 0"


def test_a_slow_consumer_gets_the_newest_frame_and_never_a_backlog(source: LiveSource) -> None:
    indices, stamps = [], []
    for _ in range(5):
        time.sleep(0.05)  # a slow analysis: several frames arrive meanwhile
        frame = source.read(timeout=1.0)
        assert frame is not None
        indices.append(frame.index)
        stamps.append(frame.timestamp)
    assert indices == sorted(set(indices))
    assert any(b - a > 1 for a, b in itertools.pairwise(indices))  # stale frames were dropped
    assert stamps == sorted(stamps)
    assert source.frames_read > len(indices)


def test_a_camera_that_dies_is_reported_lost_then_restored_when_it_comes_back(
        source: LiveSource, camera: FakeCamera) -> None:
    assert source.read(timeout=1.0) is not None
    camera.unplug()
    events = collect_events(source, CameraLost)
    lost = next(e for e in events if isinstance(e, CameraLost))
    assert lost.source == "camera 0" and lost.reason == "it stopped sending frames"
    assert source.lost
    wait_for(lambda: camera.opened >= 3)  # it keeps trying to reconnect
    camera.plug_in()
    events = collect_events(source, CameraRestored)
    assert events[-1] == CameraRestored("camera 0")
    assert not source.lost
    assert source.read(timeout=1.0) is not None
    assert camera.open_now == 1  # every failed attempt was released


def test_a_camera_repeating_the_same_picture_is_lost(
        source: LiveSource, camera: FakeCamera) -> None:
    camera.frozen = True
    lost = [e for e in collect_events(source, CameraLost) if isinstance(e, CameraLost)]
    assert lost == [CameraLost("camera 0", "it keeps sending the same picture")]
    camera.frozen = False
    collect_events(source, CameraRestored)


def test_a_read_that_hangs_in_the_driver_is_noticed_by_the_consumer(
        source: LiveSource, camera: FakeCamera) -> None:
    camera.hang()
    lost = [e for e in collect_events(source, CameraLost) if isinstance(e, CameraLost)]
    assert lost == [CameraLost("camera 0", "it stopped answering (a read hangs)")]
    camera.unhang()
    collect_events(source, CameraRestored)


def test_pausing_releases_the_camera_and_resuming_opens_it_again(
        source: LiveSource, camera: FakeCamera) -> None:
    source.pause()
    wait_for(lambda: camera.open_now == 0)
    assert source.paused and source.read(timeout=0.05) is None
    opened = camera.opened
    time.sleep(0.4)  # longer than the watchdog's limits: a pause is not a lost camera
    assert source.events() == [] and camera.opened == opened
    source.resume()
    wait_for(lambda: source.read(timeout=0.05) is not None)
    assert camera.open_now == 1 and source.events() == []


def test_release_always_releases_the_device(camera: FakeCamera) -> None:
    source = open_frame_source("1", capture_factory=camera.factory, watchdog=QUICK)
    assert camera.open_now == 1
    source.release()
    source.release()
    assert camera.open_now == 0


def test_release_while_a_read_hangs_releases_the_device_when_the_read_returns(
        camera: FakeCamera) -> None:
    source = open_frame_source("0", capture_factory=camera.factory, watchdog=QUICK)
    camera.hang()
    time.sleep(0.05)
    assert isinstance(source, LiveSource)
    source.release(timeout=0.1)  # returns although the grabber is stuck
    assert camera.open_now == 1
    camera.unhang()
    wait_for(lambda: camera.open_now == 0)


def test_a_camera_that_cannot_be_opened_names_the_device_and_what_to_try(
        camera: FakeCamera) -> None:
    camera.opens_refused = True
    with pytest.raises(SourceOpenError) as caught:
        open_frame_source("3", capture_factory=camera.factory, watchdog=QUICK)
    assert caught.value.problem == "camera 3 could not be opened"
    assert "in use by another program" in caught.value.advice
    assert camera.open_now == 0


def test_a_camera_that_opens_but_sends_nothing_gives_up_with_advice(camera: FakeCamera) -> None:
    camera.hang()
    watchdog = WatchdogSettings(first_frame_seconds=0.2)
    with pytest.raises(SourceOpenError) as caught:
        open_frame_source("0", capture_factory=camera.factory, watchdog=watchdog)
    assert "sent no picture within 0.2 s" in caught.value.problem
    camera.unhang()
    wait_for(lambda: camera.open_now == 0)


def test_a_stream_that_cannot_be_opened_says_to_check_the_address(camera: FakeCamera) -> None:
    camera.opens_refused = True
    with pytest.raises(SourceOpenError) as caught:
        open_frame_source("rtsp://10.0.0.9/live", capture_factory=camera.factory, watchdog=QUICK)
    assert "stream rtsp://10.0.0.9/live could not be opened" in str(caught.value)
    assert "Check the address" in str(caught.value)


def test_reconnection_waits_longer_after_each_failure_up_to_a_limit() -> None:
    delays = backoff_delays(WatchdogSettings(reconnect_first_delay=0.5, reconnect_max_delay=4))
    assert list(itertools.islice(delays, 6)) == [0.5, 1.0, 2.0, 4, 4, 4]
