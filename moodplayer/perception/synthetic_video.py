"""Generated test videos: a face (or none) on a plain background, segment after segment.

Used by the tests, the benchmarks and the self-test to get a real video file with known content
without shipping one or downloading anything::

    face = load_test_face()
    write_test_video(path, [(face, 4.0), (None, 3.0), (face, 4.0)])

writes 11 s of 640x480 MJPG video at 30 frames per second: the face for 4 s, an empty scene for
3 s, the face again for 4 s. The background is a soft grey gradient with no face-like
structure, so a detector finds a face exactly in the face segments.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from moodplayer.paths import assets_dir

Image = npt.NDArray[np.uint8]

HAPPY_FACE_FILE = "happy-face.png"
"""The shipped smiling face (a crop of scikit-image's public-domain ``astronaut`` image)."""


def happy_face_path() -> Path:
    """Where the shipped smiling test face lives."""
    return assets_dir() / "test-media" / HAPPY_FACE_FILE


def load_test_face() -> Image:
    """The shipped smiling test face as a BGR image."""
    import cv2

    path = happy_face_path()
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise FileNotFoundError(f"the test face is missing or unreadable: {path}")
    return np.asarray(image, dtype=np.uint8)


def background(size: tuple[int, int] = (640, 480)) -> Image:
    """A soft vertical grey-blue gradient of ``size`` (width, height), BGR."""
    width, height = size
    rows = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
    cols = np.linspace(0.0, 1.0, width, dtype=np.float32)[None, :]
    base = 150.0 + 50.0 * rows + 10.0 * cols
    frame = np.stack([base + 15.0, base + 5.0, base - 5.0], axis=-1)
    return np.clip(frame, 0, 255).astype(np.uint8)


def compose_frame(
    face: Image | None, size: tuple[int, int] = (640, 480), face_height: int | None = None,
) -> Image:
    """One frame: the background with ``face`` scaled to ``face_height`` pixels, centred.

    ``face_height`` defaults to 60% of the frame height. ``None`` for ``face`` gives the empty
    scene. Grey faces are accepted and converted to BGR.
    """
    import cv2

    frame = background(size)
    if face is None:
        return frame
    if face.ndim == 2:
        face = np.asarray(cv2.cvtColor(face, cv2.COLOR_GRAY2BGR), dtype=np.uint8)
    width, height = size
    target_h = min(face_height or int(height * 0.6), height)
    target_w = min(width, max(1, round(face.shape[1] * target_h / face.shape[0])))
    scaled = cv2.resize(face, (target_w, target_h), interpolation=cv2.INTER_AREA
                        if target_h < face.shape[0] else cv2.INTER_CUBIC)
    top, left = (height - target_h) // 2, (width - target_w) // 2
    frame[top:top + target_h, left:left + target_w] = scaled
    return frame


def write_test_video(
    path: Path | str,
    segments: Sequence[tuple[Image | None, float]],
    size: tuple[int, int] = (640, 480),
    fps: float = 30.0,
    face_height: int | None = None,
) -> Path:
    """Write an MJPG ``.avi`` of ``segments`` — ``(face image or None, seconds)`` each — to
    ``path`` and return it. Each segment has ``round(seconds * fps)`` frames."""
    import cv2

    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter.fourcc(*"MJPG"), fps, size)
    if not writer.isOpened():
        raise RuntimeError(f"OpenCV cannot write an MJPG video to {out}")
    try:
        for face, seconds in segments:
            frame = compose_frame(face, size, face_height)
            for _ in range(round(seconds * fps)):
                writer.write(frame)
    finally:
        writer.release()
    return out
