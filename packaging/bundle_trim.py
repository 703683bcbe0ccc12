"""What the PyInstaller spec leaves out of the bundle, and what it strips; one rule per function.

Used by ``packaging/moodplayer.spec`` (PyInstaller runs the spec as a script, with this folder
on ``sys.path``) and by the tests. The figures behind each rule are in ``packaging/README.md``.

* Qt: the hooks collect every plugin of the Qt modules the app imports, including platforms for
  embedded screens (eglfs, linuxfb, vnc) and plugins of modules it never loads. Those go.
* Linux system libraries: PyInstaller copies the distribution's own shared libraries (glib,
  X11/xcb, fontconfig, libstdc++, ...) next to the app and puts that folder first on
  ``LD_LIBRARY_PATH``. The ``.deb`` depends on the packages that provide them instead: the
  bundle is smaller, and the system's libVLC plugins, which are loaded into the same process,
  see the same libraries the system built them against.
* Debug symbols: a Python built from source (pyenv, a CI tool cache) ships ``libpython`` and
  its extension modules unstripped; copies stripped of debug symbols replace them. Libraries
  from wheels are left alone (auditwheel already stripped most, and stripping a library that
  patchelf rewrote can break it).
* Haar cascades: DeepFace's OpenCV detector loads two of OpenCV's seventeen.
* Qt translations: the app is not translated, so Qt's own translations are left out too.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

HAAR_CASCADES = ("haarcascade_frontalface_default.xml", "haarcascade_eye.xml")
"""The cascades DeepFace's ``opencv`` detector loads (face, then eyes for alignment)."""

UNUSED_QT_PLUGINS = (
    "egldeviceintegrations/",  # eglfs: full-screen embedded devices
    "generic/",  # evdev and TUIO input for embedded devices
    "networkinformation/", "tls/", "qmltooling/", "sqldrivers/", "virtualkeyboard/",
    "platformthemes/qgtk3",  # pulls in GTK 3; xdgdesktopportal covers GNOME
    "platforms/qeglfs", "platforms/qlinuxfb", "platforms/qminimalegl",
    "platforms/qvkkhrdisplay", "platforms/qvnc",
    "wayland-shell-integration/fullscreen-shell", "wayland-shell-integration/ivi-shell",
    "wayland-shell-integration/wl-shell",
    "imageformats/qtiff", "imageformats/qwebp", "imageformats/qtga", "imageformats/qwbmp",
    "imageformats/qicns",
)
"""Qt plugins the app has no use for: a whole folder (``name/``) or files in a folder whose
name, without a ``lib`` prefix, starts so (Linux ``libqvnc.so``, Windows ``qtiff.dll``)."""

UNUSED_QT_LIBRARIES = (
    "Qt6Network", "Qt6Qml", "Qt6Quick", "Qt6Pdf", "Qt6VirtualKeyboard", "Qt6EglFSDeviceIntegration",
    "Qt6EglFsKmsSupport", "Qt6WlShellIntegration",
)
"""Qt libraries only the plugins above (or modules the app does not import) need."""

SYSTEM_LIBRARY_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/local/lib/")


def _posix(name: str) -> str:
    return name.replace("\\", "/")


def _qt_plugin(path: str) -> str | None:
    """``folder/name`` of a Qt plugin (``name`` without ``lib``), or ``None``."""
    for marker in ("PySide6/Qt/plugins/", "PySide6/plugins/"):
        if marker in path:
            inside = path.split(marker, 1)[1]
            folder, _, name = inside.rpartition("/")
            return f"{folder}/{name.removeprefix('lib')}"
    return None


def is_unused_qt_file(dest: str) -> bool:
    """Whether a bundle path (a Qt plugin, a Qt library) is never loaded by the app."""
    path = _posix(dest)
    plugin = _qt_plugin(path)
    if plugin is not None:
        return plugin.startswith(UNUSED_QT_PLUGINS)
    base = PurePosixPath(path).name
    return base.removeprefix("lib").startswith(UNUSED_QT_LIBRARIES)


def is_unused_translation(dest: str) -> bool:
    """Qt's translations (6 MB): the app's own text is English only, and Qt's standard
    dialogs in another language beside it would make a mixed interface."""
    path = _posix(dest)
    return "PySide6/Qt/translations/" in path or "PySide6/translations/" in path


def is_unused_cv2_data(dest: str) -> bool:
    """OpenCV data files other than the Haar cascades the detector loads."""
    path = PurePosixPath(_posix(dest))
    return path.parts[:2] == ("cv2", "data") and path.name not in HAAR_CASCADES \
        and path.suffix == ".xml"


def is_libvlc(dest: str) -> bool:
    """libVLC itself; on Linux the system's (with its plugins) is used, never a bundled one."""
    return PurePosixPath(_posix(dest)).name.startswith(("libvlc.so", "libvlccore.so"))


def is_system_library(source: str, python_prefixes: tuple[str, ...] = ()) -> bool:
    """Whether a binary came from the Linux distribution rather than Python or a wheel."""
    resolved = str(Path(source).resolve())
    if "site-packages" in resolved or "dist-packages" in resolved:
        return False
    if any(prefix and resolved.startswith(prefix.rstrip("/") + "/") for prefix in python_prefixes):
        return False
    return resolved.startswith(SYSTEM_LIBRARY_DIRS)


def is_python_build_binary(source: str, python_prefix: str = sys.base_prefix) -> bool:
    """``libpython`` or a standard-library extension from the Python installation itself."""
    resolved = str(Path(source).resolve())
    prefix = str(Path(python_prefix).resolve()).rstrip("/") + "/"
    return resolved.startswith(prefix) and "site-packages" not in resolved


def has_debug_info(path: Path) -> bool:
    """Whether an ELF file carries ``.debug_*`` sections (``readelf -S``)."""
    try:
        sections = subprocess.run(["readelf", "-S", "-W", str(path)], capture_output=True,
                                  text=True, check=False).stdout
    except OSError:
        return False
    return ".debug_info" in sections


def stripped_copy(source: str, workdir: Path) -> str:
    """A copy of ``source`` without debug symbols under ``workdir`` (the source if not ELF)."""
    origin = Path(source).resolve()
    if not has_debug_info(origin) or shutil.which("strip") is None:
        return source
    target = workdir / "stripped" / origin.name
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.stat().st_mtime < origin.stat().st_mtime:
        shutil.copy2(origin, target)
        subprocess.run(["strip", "--strip-debug", str(target)], check=True)
    return str(target)
