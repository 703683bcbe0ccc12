"""Build the packaged app: the PyInstaller one-folder bundle, then (on Linux) the ``.deb``.

Run it with the build venv's Python (``make package`` creates the venv and runs this)::

    packaging/build/venv/bin/python packaging/build.py [--no-deb] [--skip-bundle] [--compression xz]

It prints how long each stage took and the size of the bundle and of the ``.deb`` against the
goals (bundle < 350 MB, ``.deb`` < 150 MB), and writes the same figures to
``packaging/dist/build-report.json``. Output: ``packaging/dist/moodplayer/`` (the bundle; on
macOS also ``packaging/dist/Mood Player.app``) and ``packaging/dist/moodplayer_<v>_<arch>.deb``.
Windows and macOS add libVLC and make their installers with the scripts in
``packaging/windows`` and ``packaging/macos``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from moodplayer import __version__  # noqa: E402

DIST = HERE / "dist"
WORK = HERE / "build"
BUNDLE = DIST / "moodplayer"
SPEC = HERE / "moodplayer.spec"
BUNDLE_GOAL_MB = 350
DEB_GOAL_MB = 150
MB = 1_000_000


def tree_size(path: Path) -> int:
    """Bytes in the files under ``path`` (symbolic links not followed or counted)."""
    if path.is_file():
        return path.stat().st_size
    total = 0
    for directory, _dirs, files in os.walk(path):
        for name in files:
            file = Path(directory) / name
            if not file.is_symlink():
                total += file.stat().st_size
    return total


def check_resources() -> list[str]:
    """Problems with what the bundle must carry (the model, the demo music)."""
    problems = []
    if not any((REPO / "assets" / "models").glob("*.onnx")):
        problems.append("assets/models has no .onnx emotion model")
    from moodplayer.music.scanner import is_audio_file

    music = [p for p in (REPO / "playlists").rglob("*") if p.is_file() and is_audio_file(p)]
    if not music:
        problems.append("playlists/ has no demo music: the bundle's self-test will fail "
                        "its audio step")
    return problems


def make_icons() -> None:
    """The ``.ico`` / ``.icns`` the Windows and macOS builds use, from the rendered PNGs."""
    from render_icons import write_macos_icon, write_windows_icon

    icons = WORK / "icons"
    if sys.platform.startswith("win"):
        write_windows_icon(icons / "moodplayer.ico")
    elif sys.platform == "darwin":
        write_macos_icon(icons / "moodplayer.icns")


def build_bundle() -> None:
    """Run PyInstaller on the spec (a clean build)."""
    make_icons()
    for old in (BUNDLE, DIST / "Mood Player.app"):
        if old.exists():
            shutil.rmtree(old)
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(DIST), "--workpath", str(WORK / "pyinstaller"), str(SPEC)],
        check=True, cwd=REPO, env={**os.environ, "MOODPLAYER_ICON_DIR": str(WORK / "icons")},
    )


def report_line(name: str, size: int, goal_mb: int) -> str:
    verdict = "within" if size < goal_mb * MB else "OVER"
    return f"{name:<8} {size / MB:8.1f} MB   ({verdict} the goal of {goal_mb} MB)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Mood Player bundle and installer.")
    parser.add_argument("--no-deb", action="store_true", help="build the bundle only")
    parser.add_argument("--skip-bundle", action="store_true",
                        help="reuse packaging/dist/moodplayer (only make the .deb)")
    parser.add_argument("--compression", choices=("zstd", "xz"), default="zstd",
                        help=".deb compression: zstd (fast, default) or xz (a fifth smaller, "
                             "about 7 minutes on two cores)")
    args = parser.parse_args(argv)

    for problem in check_resources():
        print(f"build: warning: {problem}", file=sys.stderr)
    report: dict[str, object] = {"version": __version__, "platform": sys.platform}
    started = time.monotonic()
    if not args.skip_bundle:
        print(f"build: PyInstaller one-folder bundle from {SPEC.relative_to(REPO)} ...",
              flush=True)
        build_bundle()
        report["bundle_seconds"] = round(time.monotonic() - started, 1)
    if not (BUNDLE / ("moodplayer-cli.exe" if sys.platform.startswith("win")
                      else "moodplayer")).exists():
        print(f"build: no bundle at {BUNDLE}", file=sys.stderr)
        return 1
    bundle_size = tree_size(BUNDLE)
    report["bundle_bytes"] = bundle_size
    lines = [report_line("bundle", bundle_size, BUNDLE_GOAL_MB) + f"  {BUNDLE}"]

    if sys.platform.startswith("linux") and not args.no_deb:
        from linux.build_deb import build_deb

        deb_started = time.monotonic()
        print("build: .deb with dpkg-deb ...", flush=True)
        deb = build_deb(BUNDLE, DIST, WORK / "deb", compression=args.compression)
        report["deb_seconds"] = round(time.monotonic() - deb_started, 1)
        report["deb_bytes"] = deb.stat().st_size
        report["deb"] = str(deb)
        lines.append(report_line(".deb", deb.stat().st_size, DEB_GOAL_MB) + f"  {deb}")

    report["total_seconds"] = round(time.monotonic() - started, 1)
    (DIST / "build-report.json").write_text(json.dumps(report, indent=2) + "\n")
    print("\n".join(lines))
    stages = ", ".join(f"{key.removesuffix('_seconds')} {value} s"
                       for key, value in report.items() if key.endswith("_seconds"))
    print(f"time     {stages}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
