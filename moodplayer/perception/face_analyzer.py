"""Frame in, one emotion reading per face out: DeepFace's detector, then a classifier.

:class:`FaceAnalyzer` keeps up with a live camera on two cores because of what the
measurements (``benchmarks/analyzer_speed.py``, ``moodplayer eval`` on faces-dev) showed:

* faces are found on a copy of the frame shrunk to ``detect_width`` pixels (320: a quarter of
  the pixels of a 640x480 frame, a quarter of the detection time) and cropped from the
  full-resolution frame, so the classifier gets all the detail there is;
* DeepFace's eye alignment is skipped: ``extract_faces`` pads the frame to twice its size for
  it, which costs more than the detection itself, and the rotation gained nothing on
  faces-dev (``align=True`` brings it back, done on the full-resolution face);
* what the padding did help with is a face that fills the image or touches its edge, which
  OpenCV's cascade misses: only when nothing is found, the search is repeated with a black
  border of ``edge_padding`` around the (small) image;
* the box is grown by ``margin`` (15%) before cropping: OpenCV's boxes are tighter than the
  FER2013 faces the model learnt from (faces-dev: 50% at 0.15 against 46% at 0);
* the last face boxes are reused for up to ``redetect_every - 1`` frames (never when they
  are older than ``max_box_age`` seconds), so most frames cost only a crop and a classifier
  run. A frame without a face is searched again at once.

A face that the detector reports with confidence 0 (DeepFace's stand-in for "the whole frame")
is not a face, nor is one below ``min_face_confidence``. When several faces are found each gets
a reading and the largest is marked ``primary``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from moodplayer.paths import AppPaths
from moodplayer.perception.classifiers import EmotionClassifier, create_classifier
from moodplayer.perception.model_catalog import ModelUnavailable
from moodplayer.perception.readings import EmotionReading, FaceBox
from moodplayer.settings import RecognitionSettings

log = logging.getLogger(__name__)

BACKEND_ALIASES = {"yolov8": "yolov8n", "yolov11": "yolov11n", "yolov12": "yolov12n"}
"""Detector names in the settings that DeepFace knows under another name."""

Point = tuple[int, int]


@dataclass(frozen=True)
class FoundFace:
    """A face found by a detector, in the coordinates of the image it was given."""

    box: FaceBox
    confidence: float
    left_eye: Point | None = None
    right_eye: Point | None = None

    def shifted(self, dx: int, dy: int) -> FoundFace:
        """The same face with its coordinates moved by ``(dx, dy)``."""

        def shift_point(point: Point | None) -> Point | None:
            return None if point is None else (point[0] + dx, point[1] + dy)

        box = self.box
        return FoundFace(FaceBox(box.x + dx, box.y + dy, box.width, box.height),
                         self.confidence, shift_point(self.left_eye), shift_point(self.right_eye))

    def scaled(self, factor: float) -> FoundFace:
        """The same face in an image ``factor`` times as large."""

        def scale_point(point: Point | None) -> Point | None:
            return None if point is None else (round(point[0] * factor), round(point[1] * factor))

        box = self.box
        return FoundFace(
            FaceBox(round(box.x * factor), round(box.y * factor),
                    round(box.width * factor), round(box.height * factor)),
            self.confidence, scale_point(self.left_eye), scale_point(self.right_eye),
        )


class FaceDetector(Protocol):
    """Finds faces in a BGR image."""

    name: str

    def detect(self, image: npt.NDArray[np.uint8]) -> list[FoundFace]:
        """Every face in ``image``, in its pixel coordinates."""
        ...


class DeepFaceDetector:
    """One of DeepFace's face detectors, built without letting it download anything."""

    def __init__(self, backend: str = "opencv", paths: AppPaths | None = None) -> None:
        from moodplayer.paths import app_paths
        from moodplayer.perception.deepface_offline import downloads_refused, import_deepface

        self.name = BACKEND_ALIASES.get(backend, backend)
        import_deepface(paths or app_paths())
        from deepface.modules import modeling

        try:
            with downloads_refused():
                self._model = modeling.build_model(task="face_detector", model_name=self.name)
        except ModelUnavailable as error:
            raise ModelUnavailable(
                f"The {backend} face detector needs weights that are not downloaded: {error} "
                "The opencv detector works offline."
            ) from error
        except Exception as error:  # a missing package, an unknown name, a broken file
            raise ModelUnavailable(
                f"The {backend} face detector cannot be loaded ({error}). "
                "The opencv detector works offline."
            ) from error

    def detect(self, image: npt.NDArray[np.uint8]) -> list[FoundFace]:
        found = []
        for area in self._model.detect_faces(image):
            found.append(FoundFace(
                FaceBox(int(area.x), int(area.y), int(area.w), int(area.h)),
                float(area.confidence or 0.0),
                _point(area.left_eye), _point(area.right_eye),
            ))
        return found


def _point(value: Any) -> Point | None:
    return None if value is None else (int(value[0]), int(value[1]))


def clip_box(box: FaceBox, width: int, height: int) -> FaceBox | None:
    """``box`` cut to the frame, or ``None`` when nothing of it is left."""
    x0, y0 = max(0, box.x), max(0, box.y)
    x1, y1 = min(width, box.x + box.width), min(height, box.y + box.height)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    return FaceBox(x0, y0, x1 - x0, y1 - y0)


def expand_box(box: FaceBox, margin: float) -> FaceBox:
    """``box`` grown by ``margin`` times its size on every side (shrunk when negative)."""
    dx, dy = round(box.width * margin), round(box.height * margin)
    return FaceBox(box.x - dx, box.y - dy, box.width + 2 * dx, box.height + 2 * dy)


def as_bgr_frame(frame: npt.NDArray[Any]) -> npt.NDArray[np.uint8]:
    """A frame as a BGR ``uint8`` image; grey and BGRA frames are converted."""
    import cv2

    image = np.asarray(frame)
    if image.ndim not in (2, 3) or image.shape[0] < 2 or image.shape[1] < 2:
        raise ValueError(f"a frame must be an image, got an array of shape {image.shape}")
    if image.dtype != np.uint8:
        image = np.clip(image, 0, 255).astype(np.uint8)
    if image.ndim == 2 or image.shape[2] == 1:
        return np.asarray(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR), dtype=np.uint8)
    if image.shape[2] == 4:
        return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGRA2BGR), dtype=np.uint8)
    return image


class FaceAnalyzer:
    """Finds the faces in a frame and reads the emotion on each.

    ``detector_backend`` names a DeepFace detector (``opencv`` works offline); a ready
    ``detector`` may be passed instead. ``margin`` grows each face box before cropping.
    ``redetect_every`` is how many frames share one detection (1: detect on every frame).
    """

    def __init__(
        self,
        classifier: EmotionClassifier,
        detector_backend: str = "opencv",
        detect_width: int = 320,
        min_face_confidence: float = 0.0,
        *,
        align: bool = False,
        margin: float = 0.15,
        edge_padding: float = 0.25,
        redetect_every: int = 3,
        max_box_age: float = 0.25,
        detector: FaceDetector | None = None,
        paths: AppPaths | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if detect_width < 16:
            raise ValueError(f"detect_width must be at least 16 pixels, got {detect_width}")
        if redetect_every < 1:
            raise ValueError(f"redetect_every must be at least 1, got {redetect_every}")
        self.classifier = classifier
        self.detector: FaceDetector = detector or DeepFaceDetector(detector_backend, paths)
        self.detect_width = detect_width
        self.min_face_confidence = min_face_confidence
        self.align = align
        self.margin = margin
        self.edge_padding = edge_padding
        self.redetect_every = redetect_every
        self.max_box_age = max_box_age
        self._clock = clock
        self._last_faces: list[FoundFace] = []
        self._last_shape: tuple[int, ...] = ()
        self._last_detection_time = 0.0
        self._frames_since_detection = 0

    def reset(self) -> None:
        """Forget the last face boxes: the next frame is searched afresh."""
        self._last_faces = []
        self._last_shape = ()
        self._frames_since_detection = 0

    def analyze(self, frame: npt.NDArray[Any]) -> list[EmotionReading]:
        """One reading per face in ``frame`` (BGR), the largest marked primary; [] for none."""
        image = as_bgr_frame(frame)
        faces = self._faces_in(image)
        if not faces:
            return []
        crops = [self._crop(image, face) for face in faces]
        probabilities = self.classifier.classify(crops)
        primary = max(range(len(faces)), key=lambda i: faces[i].box.area)
        return [
            EmotionReading(
                box=face.box,
                face_confidence=face.confidence,
                probabilities=probabilities[i],
                classifier=self.classifier.name,
                primary=i == primary,
            )
            for i, face in enumerate(faces)
        ]

    def find_faces(self, frame: npt.NDArray[Any]) -> list[FoundFace]:
        """Detect the faces in ``frame`` now (no reuse), in full-resolution coordinates.

        The frame is shrunk to ``detect_width`` first. When no face is found, the search is
        repeated with a black border of ``edge_padding`` around the image: OpenCV's cascade
        misses a face that fills the frame or touches its edge, and the border finds it.
        """
        import cv2

        image = as_bgr_frame(frame)
        height, width = image.shape[:2]
        scale = min(1.0, self.detect_width / width)
        small = image
        if scale < 1.0:
            size = (max(1, round(width * scale)), max(1, round(height * scale)))
            small = np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA),
                               dtype=np.uint8)
        found = self._usable(self.detector.detect(small))
        if not found and self.edge_padding > 0.0:
            pad_y = round(small.shape[0] * self.edge_padding)
            pad_x = round(small.shape[1] * self.edge_padding)
            padded = np.asarray(cv2.copyMakeBorder(small, pad_y, pad_y, pad_x, pad_x,
                                                   cv2.BORDER_CONSTANT, value=(0, 0, 0)),
                                dtype=np.uint8)
            found = [face.shifted(-pad_x, -pad_y)
                     for face in self._usable(self.detector.detect(padded))]
        faces = []
        for face in found:
            full = face.scaled(1.0 / scale) if scale < 1.0 else face
            box = clip_box(full.box, width, height)
            if box is not None:
                faces.append(FoundFace(box, full.confidence, full.left_eye, full.right_eye))
        return faces

    def _usable(self, found: list[FoundFace]) -> list[FoundFace]:
        """The faces that are faces: confidence above 0 and at least the minimum (capped at 1)."""
        return [
            FoundFace(face.box, min(1.0, face.confidence), face.left_eye, face.right_eye)
            for face in found
            if face.confidence > 0.0 and face.confidence >= self.min_face_confidence
        ]

    def _faces_in(self, image: npt.NDArray[np.uint8]) -> list[FoundFace]:
        now = self._clock()
        reuse = (
            bool(self._last_faces)
            and self._frames_since_detection + 1 < self.redetect_every
            and now - self._last_detection_time <= self.max_box_age
            and image.shape == self._last_shape
        )
        if reuse:
            self._frames_since_detection += 1
            return self._last_faces
        self._last_faces = self.find_faces(image)
        self._last_shape = image.shape
        self._last_detection_time = now
        self._frames_since_detection = 0
        return self._last_faces

    def _crop(self, image: npt.NDArray[np.uint8], face: FoundFace) -> npt.NDArray[np.uint8]:
        height, width = image.shape[:2]
        box = clip_box(expand_box(face.box, self.margin), width, height) or face.box
        if self.align:
            aligned = self._aligned_crop(image, face, box)
            if aligned is not None:
                return aligned
        return image[box.y:box.y + box.height, box.x:box.x + box.width]

    def _aligned_crop(
        self, image: npt.NDArray[np.uint8], face: FoundFace, box: FaceBox
    ) -> npt.NDArray[np.uint8] | None:
        """The face rotated so the eyes are level, the way DeepFace aligns it."""
        from deepface.modules import detection

        left_eye, right_eye = face.left_eye, face.right_eye
        if left_eye is None or right_eye is None:
            left_eye, right_eye = self._find_eyes(image, box)
        if left_eye is None or right_eye is None:
            return None
        area = (box.x, box.y, box.width, box.height)
        sub_image, rel_x, rel_y = detection.extract_sub_image(img=image, facial_area=area)
        aligned, angle = detection.align_img_wrt_eyes(
            img=sub_image,
            left_eye=(left_eye[0] - box.x + rel_x, left_eye[1] - box.y + rel_y),
            right_eye=(right_eye[0] - box.x + rel_x, right_eye[1] - box.y + rel_y),
        )
        x1, y1, x2, y2 = detection.project_facial_area(
            facial_area=(rel_x, rel_y, rel_x + box.width, rel_y + box.height),
            angle=angle, size=(sub_image.shape[0], sub_image.shape[1]),
        )
        crop = aligned[int(y1):int(y2), int(x1):int(x2)]
        return np.asarray(crop, dtype=np.uint8) if crop.size else None


    def _find_eyes(
        self, image: npt.NDArray[np.uint8], box: FaceBox
    ) -> tuple[Point | None, Point | None]:
        """Eyes in the full-resolution face, with DeepFace's OpenCV eye finder."""
        from deepface.modules import modeling

        finder = modeling.build_model(task="face_detector", model_name="opencv")
        crop = image[box.y:box.y + box.height, box.x:box.x + box.width]
        left, right = finder.find_eyes(crop)
        if left is None or right is None:
            return None, None
        return (left[0] + box.x, left[1] + box.y), (right[0] + box.x, right[1] + box.y)


def create_face_analyzer(recognition: RecognitionSettings, paths: AppPaths) -> FaceAnalyzer:
    """The analyser the settings describe: their classifier, detector and limits.

    Raises :class:`ModelUnavailable` when the classifier or the detector cannot be used.
    """
    classifier = create_classifier(
        recognition.classifier, paths, flip_augmentation=recognition.flip_augmentation
    )
    return FaceAnalyzer(
        classifier,
        detector_backend=recognition.detector_backend,
        detect_width=recognition.detect_width,
        min_face_confidence=recognition.min_face_confidence,
        paths=paths,
    )
