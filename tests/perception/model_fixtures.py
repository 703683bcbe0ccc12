"""Test helpers for the emotion models: a tiny DeepFace-shaped ONNX model, DeepFace's folder
inside the test's MOODPLAYER_HOME, a blocked network and the public-domain astronaut photo.

The tiny model is generated here with the ``onnx`` helper and never shipped as a model.
"""

from __future__ import annotations

import socket
from pathlib import Path

import numpy as np
import pytest

from moodplayer.paths import app_paths
from moodplayer.perception.model_catalog import DEEPFACE_EMOTION_FILE

# DeepFace's label order: angry disgust fear happy sad surprise neutral
HAPPY, SAD = 3, 4


def write_tiny_emotion_model(path: Path, size: int = 48) -> Path:
    """An ONNX model with DeepFace's emotion contract, ``[n, size, size, 1] -> [n, 7]``.

    It answers from the mean brightness m of its input: logits ``10 * m`` for happy and
    ``5 - 10 * m`` for sad (0 for the rest), then softmax. Bright faces read happy, dark sad.
    """
    import onnx
    from onnx import TensorProto, helper

    weights = np.zeros((1, 7), np.float32)
    weights[0, HAPPY], weights[0, SAD] = 10.0, -10.0
    bias = np.zeros(7, np.float32)
    bias[SAD] = 5.0
    graph = helper.make_graph(
        [
            helper.make_node("ReduceMean", ["input", "axes"], ["mean"], keepdims=0),
            helper.make_node("Unsqueeze", ["mean", "one"], ["mean_column"]),
            helper.make_node("MatMul", ["mean_column", "weights"], ["scaled"]),
            helper.make_node("Add", ["scaled", "bias"], ["logits"]),
            helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
        ],
        "tiny_emotion",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["n", size, size, 1])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["n", 7])],
        initializer=[
            helper.make_tensor("axes", TensorProto.INT64, [3], [1, 2, 3]),
            helper.make_tensor("one", TensorProto.INT64, [1], [1]),
            helper.make_tensor("weights", TensorProto.FLOAT, [1, 7], weights.ravel().tolist()),
            helper.make_tensor("bias", TensorProto.FLOAT, [7], bias.tolist()),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(path))
    return path


def use_app_deepface_home(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point DeepFace at this test's MOODPLAYER_HOME; return its weights folder.

    ``prepare_deepface_environment`` keeps a ``DEEPFACE_HOME`` that is already set, so one set
    by an earlier test in this process would otherwise leak in.
    """
    paths = app_paths()
    monkeypatch.setenv("DEEPFACE_HOME", str(paths.deepface_home))
    monkeypatch.setenv("DEEPFACE_BACKEND_ENGINE", "onnx")
    return paths.deepface_weights_dir


def install_tiny_deepface_model(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Place the tiny model where DeepFace looks for its emotion weights; return its path."""
    return write_tiny_emotion_model(use_app_deepface_home(monkeypatch) / DEEPFACE_EMOTION_FILE)


class NetworkBlocked(OSError):
    """Raised by the blocked network."""


def block_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every name lookup and connection fail at once; return the attempts made."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args[:2]))
        raise NetworkBlocked(101, "Network is unreachable (blocked by the test)")

    def no_names(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args[:2]))
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known (test)")

    monkeypatch.setattr(socket, "getaddrinfo", no_names)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


def astronaut_photo() -> np.ndarray:
    """scikit-image's public-domain ``astronaut`` photo (NASA, Eileen Collins), as BGR."""
    from skimage import data

    return np.ascontiguousarray(data.astronaut()[:, :, ::-1])


ASTRONAUT_FACE_CENTRE = (224, 113)
"""Where the smiling face is in the astronaut photo (x, y)."""
