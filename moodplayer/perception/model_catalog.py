"""The emotion models the app knows: where each lives and whether it is present.

* ``bundled``: the mini-Xception FER2013 model shipped in ``assets/models`` (ONNX).
* ``deepface``: DeepFace's own emotion model, present only after the listener downloaded it
  (``moodplayer models download deepface-emotion``) into DeepFace's weights folder under the
  app's data folder.

:class:`ModelUnavailable` is the one error every part of perception raises when a model or a
detector cannot be used; its message says what to do.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from moodplayer.paths import AppPaths, bundled_models_dir

BUNDLED_MODEL_FILE = "emotion-minixception.onnx"
DEEPFACE_EMOTION_FILE = "facial_expression_model_weights.onnx"
DEEPFACE_EMOTION_URLS = (
    "https://github.com/serengil/deepface_models/releases/download/v1.0/"
    "facial_expression_model_weights.onnx",
    "https://huggingface.co/serengil/deepface/resolve/main/facial_expression_model_weights.onnx",
)
DEEPFACE_EMOTION_DOWNLOAD = "deepface-emotion"
"""The name ``moodplayer models download`` knows DeepFace's emotion model by."""

BUNDLED_INPUT_SIZE = 64
"""The bundled model reads grey 64x64 crops."""
DEEPFACE_INPUT_SIZE = 48
"""DeepFace's emotion model reads grey 48x48 crops."""


class ModelUnavailable(RuntimeError):
    """A model or face detector cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class ModelFile:
    """One emotion model file."""

    name: str
    description: str
    path: Path
    bundled: bool
    download_name: str = ""
    input_size: int = BUNDLED_INPUT_SIZE

    @property
    def present(self) -> bool:
        """Whether the file exists and is not empty."""
        return self.path.is_file() and self.path.stat().st_size > 0

    @property
    def size_bytes(self) -> int:
        """Size on disk, 0 when absent."""
        return self.path.stat().st_size if self.present else 0


def deepface_weights_dir(paths: AppPaths) -> Path:
    """The folder DeepFace reads its weights from: ``$DEEPFACE_HOME/.deepface/weights``.

    Mirrors :func:`moodplayer.paths.prepare_deepface_environment` without changing the
    environment: a ``DEEPFACE_HOME`` set by the user wins, else the app's data folder.
    """
    home = os.environ.get("DEEPFACE_HOME") or str(paths.deepface_home)
    return Path(home) / ".deepface" / "weights"


def bundled_model(paths: AppPaths | None = None) -> ModelFile:
    """The bundled mini-Xception model."""
    return ModelFile(
        "bundled",
        "mini-Xception trained on FER2013 (bundled, ONNX)",
        bundled_models_dir() / BUNDLED_MODEL_FILE,
        bundled=True,
    )


def deepface_emotion_model(paths: AppPaths) -> ModelFile:
    """DeepFace's own emotion model in the app's DeepFace weights folder."""
    return ModelFile(
        "deepface",
        "DeepFace's emotion model (optional download)",
        deepface_weights_dir(paths) / DEEPFACE_EMOTION_FILE,
        bundled=False,
        download_name=DEEPFACE_EMOTION_DOWNLOAD,
        input_size=DEEPFACE_INPUT_SIZE,
    )


def all_models(paths: AppPaths) -> list[ModelFile]:
    """Every model the app knows, bundled first."""
    return [bundled_model(paths), deepface_emotion_model(paths)]


def check_emotion_model(path: Path, input_size: int) -> None:
    """Load an emotion model in onnxruntime and check its contract; raise ModelUnavailable.

    The contract: one input ``[n, size, size, 1]`` and one output ``[n, 7]``.
    """
    import onnxruntime

    try:
        session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    except Exception as error:  # onnxruntime raises its own error types for a bad file
        raise ModelUnavailable(f"{path} is not a valid ONNX model ({error})") from error
    check_session_contract(session, path, input_size)


def check_session_contract(session: Any, path: Path, input_size: int) -> None:
    """Check an onnxruntime session's shapes against the emotion contract."""
    inputs = session.get_inputs()
    outputs = session.get_outputs()
    in_shape = list(inputs[0].shape) if len(inputs) == 1 else []
    out_shape = list(outputs[0].shape) if outputs else []
    if in_shape[1:] != [input_size, input_size, 1] or out_shape[1:] != [7]:
        raise ModelUnavailable(
            f"{path} is not an emotion model: it takes {in_shape or 'several inputs'} and "
            f"gives {out_shape}, expected [n, {input_size}, {input_size}, 1] -> [n, 7]"
        )
