"""Generated test videos: the segments are where they should be, with a findable face."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from moodplayer.perception.frame_source import open_frame_source
from moodplayer.perception.synthetic_video import (
    compose_frame,
    happy_face_path,
    load_test_face,
    write_test_video,
)


def haar_faces(image: np.ndarray) -> int:
    import cv2

    cascade = cv2.CascadeClassifier(
        str(Path(cv2.data.haarcascades) / "haarcascade_frontalface_default.xml"))
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    return len(cascade.detectMultiScale(grey, 1.1, 5))


def test_the_shipped_test_face_loads() -> None:
    face = load_test_face()
    assert happy_face_path().is_file()
    assert face.ndim == 3 and face.shape[2] == 3 and min(face.shape[:2]) >= 64


def test_a_generated_video_has_its_segments_in_order(tmp_path: Path) -> None:
    face = load_test_face()
    path = write_test_video(tmp_path / "clip.avi", [(face, 1.0), (None, 0.5), (face, 0.5)],
                            size=(320, 240), fps=10)
    with open_frame_source(str(path)) as source:
        frames = []
        while (frame := source.read()) is not None:
            frames.append(frame)
    assert len(frames) == 20
    assert frames[0].image.shape == (240, 320, 3)
    with_face = [haar_faces(f.image) == 1 for f in frames]
    assert with_face == [True] * 10 + [False] * 5 + [True] * 5


def test_a_frame_without_a_face_is_the_plain_background() -> None:
    empty = compose_frame(None, (200, 100))
    assert empty.shape == (100, 200, 3) and haar_faces(empty) == 0
    grey_face = compose_frame(load_test_face()[:, :, 0], (640, 480), face_height=300)
    assert haar_faces(grey_face) == 1
