"""PyInstaller run-time hook: point python-vlc at the libVLC bundled on Windows and macOS.

The Windows and macOS builds copy libVLC and its plugins into ``<bundle>/vlc/`` (Windows:
``libvlc.dll``, ``libvlccore.dll``, ``plugins/``; macOS: ``lib/libvlc.dylib``,
``lib/libvlccore.dylib``, ``plugins/``, the layout of ``VLC.app/Contents/MacOS``). When they
are there, ``PYTHON_VLC_LIB_PATH`` and ``PYTHON_VLC_MODULE_PATH`` are set before python-vlc is
imported; when not, nothing is set and python-vlc looks for an installed VLC as usual. A value
the user set is respected. On Linux the system's libVLC is used and this hook does nothing.
"""

import os
import sys


def _bundled_libvlc(root: str) -> tuple[str, str] | None:
    """``(libvlc, libvlccore)`` in the bundle on Windows and macOS, else ``None``."""
    if sys.platform.startswith("win"):
        return os.path.join(root, "libvlc.dll"), os.path.join(root, "libvlccore.dll")
    if sys.platform == "darwin":
        return (os.path.join(root, "lib", "libvlc.dylib"),
                os.path.join(root, "lib", "libvlccore.dylib"))
    return None


def _point_python_vlc_at_bundled_libvlc() -> None:
    root = os.path.join(getattr(sys, "_MEIPASS", os.path.dirname(sys.executable)), "vlc")
    found = _bundled_libvlc(root)
    plugins = os.path.join(root, "plugins")
    if found is None or "PYTHON_VLC_LIB_PATH" in os.environ:
        return
    library, core = found
    if not (os.path.isfile(library) and os.path.isfile(core) and os.path.isdir(plugins)):
        return
    os.environ["PYTHON_VLC_LIB_PATH"] = library
    os.environ["PYTHON_VLC_MODULE_PATH"] = plugins
    os.environ.setdefault("VLC_PLUGIN_PATH", plugins)
    if sys.platform.startswith("win"):
        os.add_dll_directory(root)  # libvlc.dll needs libvlccore.dll beside it
    else:
        import ctypes

        ctypes.CDLL(core, mode=ctypes.RTLD_GLOBAL)  # libvlc.dylib needs libvlccore first


_point_python_vlc_at_bundled_libvlc()
