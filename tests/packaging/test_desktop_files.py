"""The Linux desktop integration: desktop file, AppStream metainfo and icons, all named by the
app id, validated with the freedesktop tools (installed by install-system-deps.sh --test)."""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from moodplayer import APP_ID, APP_NAME, __version__
from tests.conftest import REPO

LINUX = REPO / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
HICOLOR = REPO / "assets" / "icons" / "hicolor"


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing: scripts/install-system-deps.sh --test installs it")
        pytest.skip(f"{name} is not installed (scripts/install-system-deps.sh --test)")
    return path


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_passes_desktop_file_validate() -> None:
    result = subprocess.run([require_tool("desktop-file-validate"), str(DESKTOP)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "", result.stdout  # no warnings either


def test_metainfo_passes_appstreamcli_validate() -> None:
    result = subprocess.run([require_tool("appstreamcli"), "validate", "--no-net",
                             str(METAINFO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "W:" not in result.stdout and "E:" not in result.stdout, result.stdout


def test_desktop_file_launches_the_command_and_names_the_icon_by_the_app_id() -> None:
    entry = desktop_entry()
    assert entry["Name"] == APP_NAME
    assert entry["Exec"].split()[0] == "moodplayer"
    assert entry["TryExec"] == "moodplayer"
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'moodplayer = "moodplayer.cli:main"' in pyproject


def test_metainfo_names_the_app_its_launcher_a_screenshot_and_this_release() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == APP_NAME
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("icon") == APP_ID
    paragraphs = root.findall("description/p")
    assert paragraphs and all(p.text and p.text.strip() for p in paragraphs)
    images = [image.text or "" for image in root.iter("image")]
    assert images and all(url.startswith("https://") and url.endswith(".png") for url in images)
    releases = [release.get("version") for release in root.iter("release")]
    assert releases[0] == __version__, "add this version to <releases>, newest first"


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@pytest.mark.parametrize("size", [16, 24, 32, 48, 64, 128, 256, 512])
def test_every_icon_size_is_rendered_at_its_size_under_the_app_id(size: int) -> None:
    icon = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert icon.is_file(), "run: QT_QPA_PLATFORM=offscreen python packaging/render_icons.py"
    assert png_size(icon) == (size, size)


def test_the_16_pixel_icon_is_filled_and_its_face_is_drawn_in_dark_pixels() -> None:
    from PySide6.QtGui import QImage

    image = QImage(str(HICOLOR / "16x16" / "apps" / f"{APP_ID}.png"))
    pixels = [image.pixelColor(x, y) for x in range(16) for y in range(16)]
    assert sum(1 for p in pixels if p.alpha() > 128) > 16 * 16 // 2
    dark = [p for p in pixels if p.alpha() > 200 and p.lightness() < 90]
    assert len(dark) >= 8, "eyes and smile must stay visible at 16 px"
