"""Every folder the app reads or writes, resolved in one place.

User folders come from platformdirs (config, data, cache, logs). Setting ``MOODPLAYER_HOME``
moves all of them under one folder (``config/``, ``data/``, ``cache/``, ``logs/``), which is
what the tests do. Bundled resources (the emotion model, the demo playlists, icons) are found
next to the package in a source checkout and under ``sys._MEIPASS`` in a frozen build.

:func:`prepare_deepface_environment` points DeepFace at the app's data folder and its
onnxruntime backend; it must run before anything imports deepface.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from platformdirs import PlatformDirs

APP_DIR_NAME = "moodplayer"
HOME_ENV = "MOODPLAYER_HOME"
RESOURCES_ENV = "MOODPLAYER_RESOURCES"


@dataclass(frozen=True)
class AppPaths:
    """The app's user folders. Nothing is created until :meth:`ensure` is called."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path
    log_dir: Path

    @property
    def settings_file(self) -> Path:
        """The one settings file."""
        return self.config_dir / "settings.json"

    @property
    def models_dir(self) -> Path:
        """Where downloaded models live."""
        return self.data_dir / "models"

    @property
    def deepface_home(self) -> Path:
        """The folder given to DeepFace as ``DEEPFACE_HOME`` (it adds ``.deepface/weights``)."""
        return self.data_dir / "deepface"

    @property
    def deepface_weights_dir(self) -> Path:
        """Where DeepFace looks for (and downloads) its weight files."""
        return self.deepface_home / ".deepface" / "weights"

    @property
    def calibration_file(self) -> Path:
        """The listener's neutral-face baseline."""
        return self.data_dir / "calibration.json"

    @property
    def log_file(self) -> Path:
        """The rotating log file."""
        return self.log_dir / "moodplayer.log"

    def all_dirs(self) -> dict[str, Path]:
        """Every user folder by name."""
        return {
            "config": self.config_dir,
            "data": self.data_dir,
            "cache": self.cache_dir,
            "logs": self.log_dir,
        }


def app_paths(environ: dict[str, str] | None = None) -> AppPaths:
    """Resolve the user folders, honouring ``MOODPLAYER_HOME``."""
    env = os.environ if environ is None else environ
    home = env.get(HOME_ENV)
    if home:
        root = Path(home).expanduser().resolve()
        return AppPaths(root / "config", root / "data", root / "cache", root / "logs")
    dirs = PlatformDirs(APP_DIR_NAME, appauthor=False)
    return AppPaths(
        Path(dirs.user_config_dir),
        Path(dirs.user_data_dir),
        Path(dirs.user_cache_dir),
        Path(dirs.user_log_dir),
    )


def resources_dir() -> Path:
    """The folder holding ``assets/`` and ``playlists/``: the checkout, or the frozen bundle."""
    override = os.environ.get(RESOURCES_ENV)
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def assets_dir() -> Path:
    """Bundled assets: icons, the emotion model, test media."""
    return resources_dir() / "assets"


def bundled_models_dir() -> Path:
    """The bundled emotion model and its notice."""
    return assets_dir() / "models"


def bundled_playlists_dir() -> Path:
    """The demo music, one folder per mood."""
    return resources_dir() / "playlists"


def prepare_deepface_environment(paths: AppPaths | None = None) -> Path:
    """Point DeepFace at the app's data folder and at onnxruntime; return its weights folder.

    DeepFace creates ``$DEEPFACE_HOME/.deepface/weights`` when imported (``~/.deepface`` when
    the variable is unset), and chooses its backend from ``DEEPFACE_BACKEND_ENGINE``.
    An existing ``DEEPFACE_HOME`` set by the user is respected.
    """
    resolved = paths or app_paths()
    os.environ.setdefault("DEEPFACE_HOME", str(resolved.deepface_home))
    os.environ.setdefault("DEEPFACE_BACKEND_ENGINE", "onnx")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    return Path(os.environ["DEEPFACE_HOME"]) / ".deepface" / "weights"


def is_writable_dir(path: Path) -> bool:
    """Whether ``path`` exists or can be created, and a file can be written in it."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError:
        return False
    return True
