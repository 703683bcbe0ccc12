"""Frame sources: what the listener types, video files with media time, and open errors."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from moodplayer.perception.frame_source import (
    SourceOpenError,
    SourceSpec,
    VideoFileSource,
    open_frame_source,
)
from moodplayer.perception.synthetic_video import write_test_video

FPS = 30


@pytest.fixture(scope="module")
def two_second_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_test_video(tmp_path_factory.mktemp("video") / "clip.avi",
                            [(None, 2.0)], size=(160, 120), fps=FPS)


@pytest.mark.parametrize(("text", "kind", "target"), [
    ("0", "camera", 0),
    (" 2 ", "camera", 2),
    ("rtsp://192.168.1.9:554/live", "stream", "rtsp://192.168.1.9:554/live"),
    ("http://example.org/cam.mjpg", "stream", "http://example.org/cam.mjpg"),
    ("/videos/clip.mp4", "file", "/videos/clip.mp4"),
    ("file:///videos/clip.mp4", "file", "/videos/clip.mp4"),
    ("clip 1.avi", "file", "clip 1.avi"),
])
def test_what_the_listener_types_names_a_camera_a_stream_or_a_file(
        text: str, kind: str, target: object) -> None:
    spec = SourceSpec.parse(text)
    assert (spec.kind, spec.target) == (kind, target)
    assert spec.live == (kind != "file")


def test_a_home_relative_file_is_expanded_and_a_path_is_a_file() -> None:
    assert SourceSpec.parse("~/clip.mp4").target == str(Path.home() / "clip.mp4")
    assert SourceSpec.parse(Path("7")) == SourceSpec("file", "7")


def test_a_video_file_gives_every_frame_with_its_media_time_then_ends(
        two_second_video: Path) -> None:
    with open_frame_source(str(two_second_video)) as source:
        assert isinstance(source, VideoFileSource) and not source.live
        assert source.frame_rate == FPS and source.frame_count == 2 * FPS
        assert source.duration_seconds == pytest.approx(2.0)
        frames = []
        while (frame := source.read()) is not None:
            frames.append(frame)
        assert source.ended
    assert [f.index for f in frames] == list(range(2 * FPS))
    assert [f.timestamp for f in frames] == pytest.approx([i / FPS for i in range(2 * FPS)])
    assert frames[0].image.shape == (120, 160, 3)
    assert source.frames_read == 2 * FPS
    assert source.read() is None  # released: no more frames, no error


def test_every_nth_frame_keeps_media_time(two_second_video: Path) -> None:
    with open_frame_source(two_second_video.as_posix(), every_nth=4) as source:
        frames = []
        while (frame := source.read()) is not None:
            frames.append(frame)
    assert [f.index for f in frames] == list(range(0, 2 * FPS, 4))
    assert [f.timestamp for f in frames] == pytest.approx([i / FPS for i in range(0, 60, 4)])
    assert source.frames_read == 2 * FPS


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.mp4"
    with pytest.raises(SourceOpenError) as caught:
        open_frame_source(str(missing))
    assert str(missing) in str(caught.value) and "does not exist" in str(caught.value)


def test_a_file_that_is_no_video_says_what_to_try(tmp_path: Path) -> None:
    notes = tmp_path / "notes.mp4"
    notes.write_text("not a video at all\n")
    with pytest.raises(SourceOpenError) as caught:
        open_frame_source(str(notes))
    assert "could not be opened as a video" in caught.value.problem
    assert "ffmpeg" in caught.value.advice


def test_a_camera_that_does_not_exist_says_which_and_what_to_try() -> None:
    with pytest.raises(SourceOpenError) as caught:
        open_frame_source("57")
    message = str(caught.value)
    assert "camera 57" in message
    assert "moodplayer doctor" in message


def test_a_looping_file_starts_again_with_increasing_timestamps(two_second_video: Path) -> None:
    with open_frame_source(str(two_second_video), loop_files=True) as source:
        frames = [source.read() for _ in range(5 * FPS)]
        assert not source.ended
    stamps = [f.timestamp for f in frames if f is not None]
    assert len(stamps) == 5 * FPS
    assert all(later > earlier for earlier, later in itertools.pairwise(stamps))
    assert stamps[2 * FPS] == pytest.approx(2.0)  # the first frame of the second pass
    assert stamps[-1] == pytest.approx((5 * FPS - 1) / FPS)


def test_a_realtime_file_waits_for_each_frame_media_time(two_second_video: Path) -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    source = VideoFileSource(SourceSpec.parse(str(two_second_video)), realtime=True,
                             clock=lambda: now[0], sleep=sleep)
    try:
        first = source.read()
        assert first is not None and first.timestamp == 0.0 and slept == []
        second = source.read(timeout=1.0)  # due 1/30 s later: the source waits that long
        assert second is not None and slept == [pytest.approx(1 / FPS)]
        pending = source.read(timeout=0.01)  # not due yet: nothing, the frame is kept
        assert pending is None and not source.ended
        now[0] += 1.0
        third = source.read()
        assert third is not None and third.index == 2
    finally:
        source.release()
