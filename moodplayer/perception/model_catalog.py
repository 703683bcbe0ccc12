"""The emotion models the app knows: where each lives and whether it is present.

* ``bundled``: the mini-Xception FER2013 model shipped in ``assets/models`` (ONNX).
* ``deepface``: DeepFace's own emotion model, present only after the listener downloaded it
  (``moodplayer models download deepface-emotion``) into DeepFace's weights folder under the
  app's data folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from moodplayer.paths import AppPaths, bundled_models_dir

BUNDLED_MODEL_FILE = "emotion-minixception.onnx"
DEEPFACE_EMOTION_FILE = "facial_expression_model_weights.onnx"
DEEPFACE_EMOTION_URLS = (
    "https://github.com/serengil/deepface_models/releases/download/v1.0/"
    "facial_expression_model_weights.onnx",
    "https://huggingface.co/serengil/deepface/resolve/main/facial_expression_model_weights.onnx",
)


@dataclass(frozen=True)
class ModelFile:
    """One emotion model file."""

    name: str
    description: str
    path: Path
    bundled: bool

    @property
    def present(self) -> bool:
        """Whether the file exists and is not empty."""
        return self.path.is_file() and self.path.stat().st_size > 0

    @property
    def size_bytes(self) -> int:
        """Size on disk, 0 when absent."""
        return self.path.stat().st_size if self.present else 0


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
        paths.deepface_weights_dir / DEEPFACE_EMOTION_FILE,
        bundled=False,
    )


def all_models(paths: AppPaths) -> list[ModelFile]:
    """Every model the app knows, bundled first."""
    return [bundled_model(paths), deepface_emotion_model(paths)]
