"""Start the real app under Xvfb on a generated video and save a screenshot of its window.

    .venv/bin/python scripts/screenshot.py --size 1280x800 --out docs/screenshot.png
    .venv/bin/python scripts/screenshot.py --size 800x600 --theme dark --out /tmp/small.png

Needs Xvfb and ImageMagick's ``import`` (``scripts/install-system-deps.sh --test``). The app
runs with its own temporary MOODPLAYER_HOME, a smiling face as the camera and libVLC writing
to a temporary WAV file, so nothing of yours is touched and no sound is made.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def start_xvfb(width: int, height: int) -> tuple[subprocess.Popen[bytes], str]:
    """A private X server big enough for the window."""
    for number in range(90, 120):
        if not Path(f"/tmp/.X{number}-lock").exists():
            display = f":{number}"
            server = subprocess.Popen(
                ["Xvfb", display, "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1.0)
            return server, display
    raise SystemExit("no free X display number between :90 and :119")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1280x800", help="window size WxH")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshot.png")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--seconds", type=float, default=14.0,
                        help="how long the app runs before the screenshot")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    if not shutil.which("Xvfb") or not shutil.which("import"):
        raise SystemExit("needs Xvfb and ImageMagick: scripts/install-system-deps.sh --test")
    server, display = start_xvfb(width, height)
    home = Path(tempfile.mkdtemp(prefix="moodplayer-shot-"))
    try:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
               "MOODPLAYER_HOME": str(home), "MOODPLAYER_THEME": args.theme}
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(width), str(height), str(args.seconds),
             str(args.out.resolve())],
            env=env, cwd=REPO, timeout=args.seconds + 120)
        return child.returncode
    finally:
        server.terminate()
        shutil.rmtree(home, ignore_errors=True)


def child(width: int, height: int, seconds: float, out: Path) -> int:
    """In the X server: run the app, move and size its window, wait, take the picture."""
    sys.path.insert(0, str(REPO))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from moodplayer.context import create_context
    from moodplayer.gui.app import app_icon
    from moodplayer.gui.controller import Controller, LaunchOptions
    from moodplayer.gui.theme import follow_system_theme
    from moodplayer.perception.synthetic_video import load_test_face, write_test_video

    work = Path(tempfile.mkdtemp(prefix="moodplayer-shot-media-"))
    video = write_test_video(work / "face.avi", [(load_test_face(), 30.0)],
                             size=(640, 480), fps=30)
    app = QApplication(sys.argv[:1])
    app.setWindowIcon(app_icon())  # type: ignore[arg-type]
    follow_system_theme(app)
    controller = Controller(create_context(report_problems=False),
                            LaunchOptions(camera=str(video), audio_out=work / "out.wav"))
    controller.context.settings.behaviour.remember_geometry = False
    controller.context.settings.behaviour.welcome_done = True  # the window, not the welcome
    controller.start()
    controller.window.setGeometry(0, 0, width, height)

    def shoot() -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["import", "-window", "root", "-crop", f"{width}x{height}+0+0",
                        "+repage", str(out)], check=True)
        print(f"saved {out} ({out.stat().st_size // 1024} KB)")
        controller.quit()

    QTimer.singleShot(int(seconds * 1000), shoot)
    app.exec()
    controller.shutdown()
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        raise SystemExit(child(int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]),
                               Path(sys.argv[5])))
    raise SystemExit(main())
