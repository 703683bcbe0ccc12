"""Finding libVLC: import python-vlc safely and say exactly how to install what is missing.

python-vlc raises ``NotImplementedError`` when it finds no libVLC, calls ``sys.exit`` when
``PYTHON_VLC_LIB_PATH`` points at nothing, and ``vlc.Instance()`` returns ``None`` when libVLC
loads but its plugins do not. All of these become one :class:`LibVLCUnavailable`.
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path
from types import ModuleType
from typing import Any


class LibVLCUnavailable(RuntimeError):
    """libVLC or its plugins cannot be used. ``fix`` says how to install them."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(f"{message}. {fix}")
        self.reason = message
        self.fix = fix


def _os_release() -> dict[str, str]:
    try:
        text = Path("/etc/os-release").read_text(encoding="utf-8")
    except OSError:
        return {}
    pairs = (line.split("=", 1) for line in text.splitlines() if "=" in line)
    return {key: value.strip().strip('"') for key, value in pairs}


def install_command() -> str:
    """The command that installs libVLC with its plugins on this operating system."""
    if sys.platform.startswith("win") or sys.platform == "darwin":
        return ("reinstall Mood Player (its installer bundles libVLC), "
                "or install VLC from https://www.videolan.org/")
    release = _os_release()
    family = f"{release.get('ID', '')} {release.get('ID_LIKE', '')}"
    if any(name in family for name in ("debian", "ubuntu")):
        return "sudo apt-get install libvlc5 vlc-plugin-base"
    if "fedora" in family or "rhel" in family:
        return "sudo dnf install vlc-libs vlc-plugins-base  (from RPM Fusion)"
    if "arch" in family:
        return "sudo pacman -S vlc"
    if "suse" in family:
        return "sudo zypper install libvlc5 vlc-codecs"
    return f"install libVLC 3 and its plugins with your {platform.system()} package manager"


def load_vlc() -> ModuleType:
    """Import python-vlc, or raise :class:`LibVLCUnavailable` naming the fix."""
    try:
        import vlc
    except (ImportError, OSError, NotImplementedError, SystemExit) as error:
        import os

        configured = os.environ.get("PYTHON_VLC_LIB_PATH")
        if configured:
            detail = f"PYTHON_VLC_LIB_PATH={configured} cannot be loaded"
        else:
            detail = str(error) if str(error) not in ("", "1") else "it could not be loaded"
        raise LibVLCUnavailable(f"libVLC was not found ({detail})",
                                f"To play music: {install_command()}") from None
    return vlc


def create_instance(*options: str) -> Any:
    """A ``vlc.Instance`` with ``options``, or :class:`LibVLCUnavailable` when it cannot start."""
    vlc = load_vlc()
    instance = vlc.Instance(list(options)) if options else vlc.Instance()
    if instance is None:
        raise LibVLCUnavailable(
            "libVLC was found but its plugins did not load",
            f"To play music: {install_command()}")
    return instance


def libvlc_version() -> str:
    """libVLC's version string, or raises :class:`LibVLCUnavailable`."""
    vlc = load_vlc()
    raw = vlc.libvlc_get_version()
    return raw.decode() if isinstance(raw, bytes) else str(raw)
