"""The rules that decide what the PyInstaller bundle leaves out (packaging/bundle_trim.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "packaging"))

import bundle_trim


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-x11-integration.so",
    "PySide6/Qt/plugins/generic/libqtuiotouchplugin.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/lib/libQt6Network.so.6",
    "PySide6/Qt/lib/libQt6Qml.so.6",
    "libQt6EglFSDeviceIntegration.so.6",
    "PySide6\\plugins\\imageformats\\qtiff.dll",
    "PySide6\\plugins\\generic\\qtuiotouchplugin.dll",
    "PySide6\\Qt6Network.dll",
])
def test_qt_parts_the_app_never_loads_are_left_out(dest: str) -> None:
    assert bundle_trim.is_unused_qt_file(dest)


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
    "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
    "PySide6/Qt/lib/libQt6Widgets.so.6",
    "PySide6/Qt/lib/libQt6DBus.so.6",
    "PySide6/Qt/lib/libQt6Svg.so.6",
    "PySide6/Qt/lib/libQt6OpenGL.so.6",  # the Wayland EGL plugins need it
    "PySide6\\plugins\\platforms\\qwindows.dll",
    "PySide6\\plugins\\imageformats\\qjpeg.dll",
    "PySide6\\Qt6Widgets.dll",
])
def test_qt_parts_the_app_uses_stay(dest: str) -> None:
    assert not bundle_trim.is_unused_qt_file(dest)


def test_qt_translations_are_left_out_on_every_platform() -> None:
    assert bundle_trim.is_unused_translation("PySide6/Qt/translations/qtbase_de.qm")
    assert bundle_trim.is_unused_translation("PySide6\\translations\\qtbase_de.qm")
    assert not bundle_trim.is_unused_translation("assets/icons/moodplayer.svg")


def test_only_the_cascades_the_detector_loads_are_kept() -> None:
    assert not bundle_trim.is_unused_cv2_data("cv2/data/haarcascade_frontalface_default.xml")
    assert not bundle_trim.is_unused_cv2_data("cv2/data/haarcascade_eye.xml")
    assert bundle_trim.is_unused_cv2_data("cv2/data/haarcascade_fullbody.xml")
    assert not bundle_trim.is_unused_cv2_data("cv2/config.py")


def test_libvlc_is_recognised_by_name() -> None:
    assert bundle_trim.is_libvlc("libvlc.so.5")
    assert bundle_trim.is_libvlc("lib/libvlccore.so.9")
    assert not bundle_trim.is_libvlc("libvorbis.so.0")


def test_distribution_libraries_are_told_from_python_and_wheel_ones(tmp_path: Path) -> None:
    assert bundle_trim.is_system_library("/usr/lib/x86_64-linux-gnu/libglib-2.0.so.0")
    assert bundle_trim.is_system_library("/lib/x86_64-linux-gnu/libz.so.1")
    wheel_lib = "/usr/lib/python3/dist-packages/PySide6/Qt/lib/libQt6Core.so.6"
    assert not bundle_trim.is_system_library(wheel_lib)
    assert not bundle_trim.is_system_library(
        "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", python_prefixes=("/usr",))
    assert not bundle_trim.is_system_library(str(tmp_path / "libfoo.so"))


def test_python_build_binaries_are_those_of_the_python_installation() -> None:
    prefix = sys.base_prefix
    assert bundle_trim.is_python_build_binary(f"{prefix}/lib/libpython3.11.so.1.0", prefix)
    assert not bundle_trim.is_python_build_binary(
        f"{prefix}/lib/python3.11/site-packages/cv2/cv2.abi3.so", prefix)
    assert not bundle_trim.is_python_build_binary("/usr/lib/libz.so.1", "/opt/python")


@pytest.mark.skipif(shutil.which("strip") is None or shutil.which("gcc") is None,
                    reason="needs binutils and gcc")
def test_a_library_with_debug_info_is_copied_without_it(tmp_path: Path) -> None:
    source = tmp_path / "lib.c"
    source.write_text("int answer(void) { return 42; }\n")
    library = tmp_path / "libanswer.so"
    subprocess.run(["gcc", "-g", "-shared", "-fPIC", "-o", str(library), str(source)],
                   check=True)
    assert bundle_trim.has_debug_info(library)
    copy = Path(bundle_trim.stripped_copy(str(library), tmp_path / "work"))
    assert copy != library and copy.is_file()
    assert not bundle_trim.has_debug_info(copy)
    assert bundle_trim.has_debug_info(library), "the original is left alone"
    assert bundle_trim.stripped_copy(str(copy), tmp_path / "again") == str(copy)
