"""Render the app icon's PNG sizes from ``assets/icons/moodplayer.svg`` with Qt's SVG renderer.

Run: ``QT_QPA_PLATFORM=offscreen python packaging/render_icons.py`` — writes
(from ``moodplayer-small.svg`` for 16 and 24 px, where the full icon's note is too thin)
``assets/icons/hicolor/<size>x<size>/apps/io.github.moodplayer.MoodPlayer.png`` (the icon is
named by the app id, as the desktop file and the AppStream metainfo name it), which are
committed. ``packaging/build.py`` calls :func:`write_windows_icon` and :func:`write_macos_icon`
to make the ``.ico`` and ``.icns`` the Windows and macOS builds need from those PNGs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from moodplayer import APP_ID  # noqa: E402

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICONS = REPO / "assets" / "icons"
SVG = ICONS / "moodplayer.svg"
SMALL_SVG = ICONS / "moodplayer-small.svg"
"""The icon drawn for small sizes: the music note of the full icon is too thin below 32 px."""
SMALL_SIZES = (16, 24)
ICON_NAME = APP_ID


def png_path(size: int, root: Path = ICONS / "hicolor") -> Path:
    """Where the PNG of ``size`` pixels lives in the hicolor tree."""
    return root / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"


def render(svg: Path = SVG, out_root: Path = ICONS / "hicolor",
           sizes: tuple[int, ...] = SIZES, small_svg: Path | None = SMALL_SVG) -> list[Path]:
    """Render ``svg`` at each size (``small_svg`` at :data:`SMALL_SIZES`); returns the files."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderers = {}
    for path in (svg, small_svg):
        if path is not None:
            renderers[path] = QSvgRenderer(str(path))
            if not renderers[path].isValid():
                raise SystemExit(f"cannot read {path}")
    written = []
    for size in sizes:
        renderer = renderers[small_svg if small_svg and size in SMALL_SIZES else svg]
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        target = png_path(size, out_root)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target)):
            raise SystemExit(f"cannot write {target}")
        written.append(target)
    return written


def write_windows_icon(target: Path, root: Path = ICONS / "hicolor") -> Path:
    """A multi-size ``.ico`` (16-256 px) from the rendered PNGs."""
    from PIL import Image

    sizes = [size for size in SIZES if size <= 256]
    largest = Image.open(png_path(256, root)).convert("RGBA")
    target.parent.mkdir(parents=True, exist_ok=True)
    largest.save(target, format="ICO", sizes=[(size, size) for size in sizes])
    return target


def write_macos_icon(target: Path, root: Path = ICONS / "hicolor") -> Path:
    """An ``.icns`` (16-512 px) from the rendered PNGs."""
    from PIL import Image

    largest = Image.open(png_path(512, root)).convert("RGBA")
    smaller = [Image.open(png_path(size, root)).convert("RGBA")
               for size in (16, 32, 64, 128, 256)]
    target.parent.mkdir(parents=True, exist_ok=True)
    largest.save(target, format="ICNS", append_images=smaller)
    return target


if __name__ == "__main__":
    for path in render():
        print(path.relative_to(REPO))
