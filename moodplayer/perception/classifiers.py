"""Emotion classifiers: face crops in, seven probabilities per face out.

:class:`EmotionClassifier` is the one small interface; two real models stand behind it:

* :class:`BundledClassifier` runs the bundled mini-Xception (FER2013) model with onnxruntime;
  it needs no download and works on first start.
* :class:`DeepFaceClassifier` runs DeepFace's own emotion model through DeepFace's own code,
  only when its weights were downloaded (``moodplayer models download deepface-emotion``);
  it refuses to start otherwise, so it can never trigger a download.

Both take a batch of BGR crops (grey crops are accepted too) and return an ``(n, 7)`` float32
array in :data:`moodplayer.moods.MOOD_ORDER`, each row summing to 1. Both may average the
prediction of each crop with that of its mirror image (flip test-time augmentation).
:func:`create_classifier` picks one by name, ``auto`` being the most accurate one present.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from moodplayer.moods import MOOD_ORDER
from moodplayer.paths import AppPaths
from moodplayer.perception.model_catalog import (
    BUNDLED_INPUT_SIZE,
    DEEPFACE_INPUT_SIZE,
    ModelUnavailable,
    bundled_model,
    check_session_contract,
    deepface_emotion_model,
)

log = logging.getLogger(__name__)

Probabilities = npt.NDArray[np.float32]
"""An ``(n, 7)`` float32 array of emotion probabilities in ``MOOD_ORDER``."""

CLASSIFIER_NAMES = ("bundled", "deepface")

AUTO_PREFERENCE = ("bundled", "deepface")
"""The order ``auto`` tries the classifiers in: most accurate first. Measured with
``moodplayer eval DIR --no-detect --classifier bundled``: the bundled model reads 66.3% of
FER2013 PublicTest with flip augmentation (65.2% without); DeepFace's model is reported at
57.4% on FER2013 test (its weights could not be downloaded where this was measured)."""


@runtime_checkable
class EmotionClassifier(Protocol):
    """Reads the emotion on face crops."""

    name: str

    def classify(self, faces: Sequence[npt.NDArray[np.uint8]]) -> Probabilities:
        """Seven probabilities per crop (BGR or grey), as an ``(n, 7)`` float32 array."""
        ...


def grey_crop(face: npt.NDArray[Any]) -> npt.NDArray[np.uint8]:
    """A crop as one grey channel; accepts grey, BGR and BGRA crops. Raises on an empty one."""
    import cv2

    image = np.asarray(face)
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.ndim not in (2, 3) or image.shape[0] == 0 or image.shape[1] == 0:
        raise ValueError(f"a face crop must be a non-empty image, got shape {image.shape}")
    if image.dtype != np.uint8:
        image = np.clip(image, 0, 255).astype(np.uint8)
    if image.ndim == 2:
        return image
    if image.shape[2] == 4:
        return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY), dtype=np.uint8)
    if image.shape[2] == 3:
        return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    raise ValueError(f"a face crop must have 1, 3 or 4 channels, got {image.shape[2]}")


def bgr_crop(face: npt.NDArray[Any]) -> npt.NDArray[np.uint8]:
    """A crop as three BGR channels; accepts grey, BGR and BGRA crops. Raises on an empty one."""
    import cv2

    image = np.asarray(face)
    if image.dtype != np.uint8:
        image = np.clip(image, 0, 255).astype(np.uint8)
    if image.ndim == 3 and image.shape[0] and image.shape[1]:
        if image.shape[2] == 3:
            return image
        if image.shape[2] == 4:
            return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGRA2BGR), dtype=np.uint8)
    return np.asarray(cv2.cvtColor(grey_crop(image), cv2.COLOR_GRAY2BGR), dtype=np.uint8)


def resize_square(image: npt.NDArray[Any], size: int) -> npt.NDArray[Any]:
    """Resize to ``size`` x ``size``: area averaging when shrinking, bilinear when growing."""
    import cv2

    height, width = image.shape[:2]
    if (height, width) == (size, size):
        return image
    shrinking = height > size and width > size
    interpolation = cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
    return np.asarray(cv2.resize(image, (size, size), interpolation=interpolation))


def normalise_rows(probabilities: npt.NDArray[Any]) -> Probabilities:
    """Make every row a probability distribution (non-negative, summing to 1), as float32."""
    rows = np.clip(np.asarray(probabilities, dtype=np.float64), 0.0, None)
    totals = rows.sum(axis=1, keepdims=True)
    uniform = np.full_like(rows, 1.0 / rows.shape[1])
    rows = np.divide(rows, totals, out=uniform, where=totals > 0)
    return rows.astype(np.float32)


def average_with_mirror(predictions: npt.NDArray[Any], count: int) -> npt.NDArray[Any]:
    """Average the first ``count`` rows with the next ``count`` (their mirror images)."""
    if predictions.shape[0] == count:
        return predictions
    return (predictions[:count] + predictions[count:]) / 2.0


def default_threads() -> int:
    """onnxruntime threads per session: at most 2, to leave room for the camera and the GUI."""
    return max(1, min(2, os.cpu_count() or 1))


class BundledClassifier:
    """The bundled mini-Xception model on onnxruntime (grey 64x64 crops scaled to [-1, 1])."""

    name = "bundled"

    def __init__(
        self,
        model_path: Path | None = None,
        *,
        flip_augmentation: bool = True,
        threads: int | None = None,
    ) -> None:
        import onnxruntime

        self.model_path = model_path or bundled_model().path
        self.flip_augmentation = flip_augmentation
        if not self.model_path.is_file():
            raise ModelUnavailable(
                f"The bundled emotion model is missing ({self.model_path}); "
                "reinstall Mood Player."
            )
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or default_threads()
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # no busy-waiting between runs: the camera, the GUI and the music share the cores
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        try:
            self._session = onnxruntime.InferenceSession(
                str(self.model_path), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as error:  # onnxruntime has its own error types for bad files
            raise ModelUnavailable(
                f"The bundled emotion model does not load ({error}); reinstall Mood Player."
            ) from error
        check_session_contract(self._session, self.model_path, BUNDLED_INPUT_SIZE)
        self._input_name = self._session.get_inputs()[0].name

    def preprocess(self, faces: Sequence[npt.NDArray[Any]]) -> npt.NDArray[np.float32]:
        """Crops as the model's input: ``(n, 64, 64, 1)`` float32 in [-1, 1]."""
        batch = np.empty((len(faces), BUNDLED_INPUT_SIZE, BUNDLED_INPUT_SIZE, 1), np.float32)
        for index, face in enumerate(faces):
            batch[index, :, :, 0] = resize_square(grey_crop(face), BUNDLED_INPUT_SIZE)
        batch /= 127.5
        batch -= 1.0
        return batch

    def classify(self, faces: Sequence[npt.NDArray[np.uint8]]) -> Probabilities:
        if len(faces) == 0:
            return np.zeros((0, len(MOOD_ORDER)), np.float32)
        batch = self.preprocess(faces)
        if self.flip_augmentation:
            batch = np.concatenate([batch, batch[:, :, ::-1, :]])
        predictions = self._session.run(None, {self._input_name: batch})[0]
        return normalise_rows(average_with_mirror(predictions, len(faces)))


class DeepFaceClassifier:
    """DeepFace's own emotion model, run through DeepFace's preprocessing and model class.

    The crops go the way ``DeepFace.analyze`` sends them: scaled to [0, 1], letterboxed to
    224x224 by DeepFace's ``resize_image``, then DeepFace's ``EmotionClient.predict`` (grey,
    48x48). Its labels are reordered into ``MOOD_ORDER`` by name.
    """

    name = "deepface"

    def __init__(self, paths: AppPaths, *, flip_augmentation: bool = True) -> None:
        from moodplayer.perception.deepface_offline import downloads_refused, import_deepface

        self.flip_augmentation = flip_augmentation
        import_deepface(paths)
        self.weights_path = deepface_emotion_model(paths).path
        if not self.weights_path.is_file() or self.weights_path.stat().st_size == 0:
            raise ModelUnavailable(
                f"DeepFace's emotion model is not downloaded (looked for {self.weights_path}). "
                "Download it with: moodplayer models download deepface-emotion"
            )
        from deepface.models.demography.DemographyUtils import EMOTION_LABELS
        from deepface.modules import modeling

        try:
            with downloads_refused():
                # a fresh instance, not DeepFace.build_model's process-wide cached one
                model_class = modeling.get_model_class("facial_attribute", "Emotion")
                self._model = model_class()
        except ModelUnavailable:
            raise
        except Exception as error:  # DeepFace wraps loading errors in ValueError and others
            raise ModelUnavailable(
                f"DeepFace's emotion model at {self.weights_path} does not load ({error}). "
                "Download it again with: moodplayer models download deepface-emotion"
            ) from error
        session = getattr(self._model, "model", None)
        if session is not None and hasattr(session, "get_inputs"):
            check_session_contract(session, self.weights_path, DEEPFACE_INPUT_SIZE)
        self._order = [EMOTION_LABELS.index(mood.value) for mood in MOOD_ORDER]

    def classify(self, faces: Sequence[npt.NDArray[np.uint8]]) -> Probabilities:
        if len(faces) == 0:
            return np.zeros((0, len(MOOD_ORDER)), np.float32)
        from deepface.modules import preprocessing

        inputs = []
        for face in faces:
            scaled = np.asarray(bgr_crop(face), np.float32) / 255.0
            inputs.append(preprocessing.resize_image(scaled, (224, 224))[0])
        if self.flip_augmentation:
            inputs += [image[:, ::-1, :] for image in inputs]
        predictions = np.atleast_2d(self._model.predict(np.stack(inputs)))
        predictions = average_with_mirror(predictions, len(faces))
        return normalise_rows(predictions[:, self._order])


def create_classifier(
    name: str, paths: AppPaths, flip_augmentation: bool = True
) -> EmotionClassifier:
    """The classifier called ``name`` (``auto``, ``bundled`` or ``deepface``).

    ``auto`` is the first of :data:`AUTO_PREFERENCE` that loads. Raises
    :class:`ModelUnavailable` when the chosen one (or, for ``auto``, every one) cannot be used.
    """
    if name == "bundled":
        return BundledClassifier(flip_augmentation=flip_augmentation)
    if name == "deepface":
        return DeepFaceClassifier(paths, flip_augmentation=flip_augmentation)
    if name != "auto":
        choices = ", ".join(("auto", *CLASSIFIER_NAMES))
        raise ValueError(f"unknown classifier {name!r}; choose one of: {choices}")
    problems = []
    for candidate in AUTO_PREFERENCE:
        if candidate == "deepface" and not deepface_emotion_model(paths).present:
            problems.append("DeepFace's emotion model is not downloaded")
            continue
        try:
            return create_classifier(candidate, paths, flip_augmentation)
        except ModelUnavailable as error:
            log.warning("emotion classifier %s cannot be used: %s", candidate, error)
            problems.append(str(error))
    raise ModelUnavailable("No emotion model can be used: " + "; ".join(problems))
