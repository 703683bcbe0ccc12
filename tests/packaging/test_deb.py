"""The .deb end to end: ``make package`` builds it, apt installs it on this machine, the
installed ``moodplayer --self-test`` passes (offscreen, and on X11 under Xvfb), every bundled
library finds what it needs, and ``apt-get remove`` leaves nothing under /opt/moodplayer.

Slow (a PyInstaller build, then an install); needs root and apt, which CI has.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from moodplayer import APP_ID, __version__
from tests.conftest import REPO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(3600),
    pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("apt-get") is None,
                       reason="the .deb is built and installed on Debian/Ubuntu (apt-get) only"),
    pytest.mark.skipif(sys.platform.startswith("linux") and os.geteuid() != 0,
                       reason="installing a .deb needs root (CI runs as root)"),
]

INSTALL_DIR = Path("/opt/moodplayer")
LAUNCHER = Path("/usr/bin/moodplayer")
DIST = REPO / "packaging" / "dist"
DEB_GOAL_MB = 150
FIGURES: dict[str, float] = {}


def tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.splitlines()[-lines:])


def apt_get(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    result = subprocess.run(["apt-get", "-y", "-q", "--no-install-recommends", *args],
                            capture_output=True, text=True, env=env, timeout=1200)
    if result.returncode != 0 and args[0] == "install":
        # the package lists may be missing or stale on a fresh machine
        subprocess.run(["apt-get", "update", "-qq"], capture_output=True, env=env, timeout=600)
        result = subprocess.run(["apt-get", "-y", "-q", "--no-install-recommends", *args],
                                capture_output=True, text=True, env=env, timeout=1200)
    assert result.returncode == 0, tail(result.stdout + result.stderr)
    return result


def package_status() -> str:
    result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "moodplayer"],
                            capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else "not-installed"


def without_display(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "PYTHONPATH",
                          "VIRTUAL_ENV", "MOODPLAYER_RESOURCES")}
    env["MOODPLAYER_HOME"] = str(home)
    return env


@pytest.fixture(scope="module")
def deb() -> Iterator[Path]:
    started = time.monotonic()
    result = subprocess.run(["make", "-C", str(REPO), "package"], capture_output=True,
                            text=True, timeout=3000)
    assert result.returncode == 0, tail(result.stdout + result.stderr)
    FIGURES["make_package_seconds"] = round(time.monotonic() - started, 1)
    print(tail(result.stdout, 4))
    report = json.loads((DIST / "build-report.json").read_text())
    path = Path(report["deb"])
    assert path.is_file() and path.name.startswith(f"moodplayer_{__version__}_")
    yield path


def elf_files(root: Path) -> list[Path]:
    found = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def missing_libraries(root: Path) -> dict[str, list[str]]:
    """``ldd`` of every ELF file, with the library path the app's launcher sets."""
    env = {**os.environ, "LD_LIBRARY_PATH": str(root / "_internal")}
    missing = {}
    for path in elf_files(root):
        output = subprocess.run(["ldd", str(path)], capture_output=True, text=True,
                                env=env).stdout
        lost = [line.split()[0] for line in output.splitlines() if "not found" in line]
        if lost:
            missing[str(path.relative_to(root))] = lost
    return missing


MENU_WINDOW_SCRIPT = """
"$@" &
app=$!
for attempt in $(seq 120); do
    if xwininfo -root -tree | grep -q '("moodplayer" "Mood Player")'; then break; fi
    kill -0 $app 2>/dev/null || break
    sleep 0.25
done
sleep 2
xwininfo -root -tree
kill -0 $app 2>/dev/null && echo "APP STILL RUNNING"
kill -TERM $app 2>/dev/null
wait $app 2>/dev/null || true
"""
MAIN_WINDOW = re.compile(r'\("moodplayer" "Mood Player"\)\s+(\d+)x(\d+)')


def desktop_exec(desktop_file: Path) -> list[str]:
    """The command a menu runs for the desktop file (its field codes dropped)."""
    for line in desktop_file.read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            return [word for word in line.removeprefix("Exec=").split()
                    if not word.startswith("%")]
    raise AssertionError(f"{desktop_file} has no Exec line")


def test_the_deb_installs_passes_its_self_test_and_removes_cleanly(
        deb: Path, tmp_path: Path) -> None:
    size_mb = deb.stat().st_size / 1e6
    FIGURES["deb_mb"] = round(size_mb, 1)
    assert size_mb < DEB_GOAL_MB, f"{deb.name} is {size_mb:.1f} MB"

    started = time.monotonic()
    apt_get("install", str(deb))
    FIGURES["install_seconds"] = round(time.monotonic() - started, 1)
    try:
        assert package_status() == "install ok installed"
        assert (INSTALL_DIR / "moodplayer").is_file() and LAUNCHER.is_file()
        share = Path("/usr/share")
        assert (share / "applications" / f"{APP_ID}.desktop").is_file()
        assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
        assert (share / "icons/hicolor/256x256/apps" / f"{APP_ID}.png").is_file()
        assert (share / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg").is_file()

        bundled = {path.name for path in INSTALL_DIR.rglob("*")}
        assert not any(name.startswith("libvlc") for name in bundled), "use the system libVLC"
        for heavy in ("tensorflow", "torch", "pandas", "scipy", "sklearn", "matplotlib"):
            assert heavy not in bundled, f"{heavy} must not be bundled"
        assert missing_libraries(INSTALL_DIR) == {}

        started = time.monotonic()
        offscreen = subprocess.run([str(LAUNCHER), "--self-test"], capture_output=True,
                                   text=True, timeout=300, cwd=tmp_path,
                                   env=without_display(tmp_path / "home"))
        FIGURES["self_test_seconds"] = round(time.monotonic() - started, 1)
        assert offscreen.returncode == 0, offscreen.stdout + offscreen.stderr
        assert f"frozen; resources in {INSTALL_DIR}/_internal" in offscreen.stdout
        assert "Qt's offscreen platform" in offscreen.stdout

        on_x11 = subprocess.run(["xvfb-run", "-a", str(LAUNCHER), "--self-test"],
                                capture_output=True, text=True, timeout=300, cwd=tmp_path,
                                env=without_display(tmp_path / "home-x11"))
        assert on_x11.returncode == 0, on_x11.stdout + on_x11.stderr
        assert "Qt's xcb platform" in on_x11.stdout

        # what the menu entry runs shows the main window on X11, and keeps running
        command = desktop_exec(share / "applications" / f"{APP_ID}.desktop")
        menu = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", "bash", "-c",
                               MENU_WINDOW_SCRIPT, "menu", *command], capture_output=True,
                              text=True, timeout=300, cwd=tmp_path,
                              env=without_display(tmp_path / "home-menu"))
        windows = [(int(w), int(h)) for w, h in MAIN_WINDOW.findall(menu.stdout)]
        assert any(w >= 400 and h >= 300 for w, h in windows), menu.stdout + menu.stderr
        assert "APP STILL RUNNING" in menu.stdout, menu.stdout + menu.stderr
    finally:
        started = time.monotonic()
        apt_get("remove", "moodplayer")
        FIGURES["remove_seconds"] = round(time.monotonic() - started, 1)
        print(f"deb test figures: {json.dumps(FIGURES)}")
    assert not INSTALL_DIR.exists()
    assert not LAUNCHER.exists()
    assert not (Path("/usr/share/applications") / f"{APP_ID}.desktop").exists()
    assert package_status() in ("not-installed", "unknown ok not-installed",
                                "deinstall ok config-files")
    apt_get("purge", "moodplayer")
    assert package_status() in ("not-installed", "unknown ok not-installed")
