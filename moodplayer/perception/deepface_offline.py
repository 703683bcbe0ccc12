"""Use DeepFace without ever letting it download: its models are built under a guard.

DeepFace fetches any weight file it lacks the moment a model is built (detectors such as
``ssd``, ``yunet`` or ``centerface``, the emotion model, even the Haar cascades when OpenCV
lacks them), which fails offline or stalls for up to a minute. The app only downloads what
the listener asked for (``moodplayer models download``), so every DeepFace model is built
inside :func:`downloads_refused`: a weight file that is present is used, one that is absent
raises :class:`~moodplayer.perception.model_catalog.ModelUnavailable` at once.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from moodplayer.paths import AppPaths, prepare_deepface_environment
from moodplayer.perception.model_catalog import ModelUnavailable

_guard_lock = threading.RLock()


class DownloadRefused(ModelUnavailable):
    """DeepFace wanted to download a weight file the listener has not downloaded."""


def import_deepface(paths: AppPaths) -> None:
    """Point DeepFace at the app's folders and the onnxruntime engine, then import it."""
    prepare_deepface_environment(paths)
    import deepface  # noqa: F401  (creates $DEEPFACE_HOME/.deepface/weights)


def _refusing_weights_lookup(file_name: str, source_url: Any, compress_type: Any = None) -> str:
    from deepface.commons import folder_utils

    weights = Path(folder_utils.get_deepface_home()) / ".deepface" / "weights"
    target = weights / file_name
    if target.is_file():
        return os.path.normpath(target)
    raise DownloadRefused(
        f"{file_name} is not in {weights}, and Mood Player never downloads it on its own. "
        f"Copy the file there, or choose a model or detector that works offline."
    )


def _refuse_download(*args: Any, **kwargs: Any) -> Any:
    raise DownloadRefused("Mood Player does not let DeepFace download files on its own.")


@contextlib.contextmanager
def downloads_refused() -> Iterator[None]:
    """Within this block, DeepFace uses weight files that are present and downloads nothing."""
    from deepface.commons import weight_utils

    gdown = getattr(weight_utils, "gdown", None)
    with _guard_lock:
        saved_lookup = weight_utils.download_weights_if_necessary
        saved_download = getattr(gdown, "download", None)
        weight_utils.download_weights_if_necessary = _refusing_weights_lookup
        if gdown is not None:
            gdown.download = _refuse_download
        try:
            yield
        finally:
            weight_utils.download_weights_if_necessary = saved_lookup
            if gdown is not None:
                gdown.download = saved_download
