"""Screenshots of the settings dialog's pages and the calibration wizard, under Xvfb.

    .venv/bin/python scripts/settings_screenshots.py --out docs/screenshots

Starts the real app (its own temporary MOODPLAYER_HOME, a generated video of a smiling face as
the camera, libVLC writing to a temporary WAV), opens Settings and saves each page as
``settings-<page>.png``, then runs the calibration wizard on the video and saves its result as
``calibration.png``. Needs Xvfb
(``scripts/install-system-deps.sh --test``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAGES = ("camera", "recognition", "music", "behaviour")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    args = parser.parse_args()
    if not shutil.which("Xvfb"):
        raise SystemExit("needs Xvfb: scripts/install-system-deps.sh --test")
    sys.path.insert(0, str(REPO / "scripts"))
    from screenshot import start_xvfb  # the main window's screenshot script

    server, display = start_xvfb(1400, 900)
    home = Path(tempfile.mkdtemp(prefix="moodplayer-settings-shot-"))
    try:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
               "MOODPLAYER_HOME": str(home), "MOODPLAYER_THEME": args.theme}
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        child = subprocess.run([sys.executable, __file__, "--child", str(args.out.resolve())],
                               env=env, cwd=REPO, timeout=240)
        return child.returncode
    finally:
        server.terminate()
        shutil.rmtree(home, ignore_errors=True)


def child(out: Path) -> int:
    """In the X server: run the app, open the dialogs, save pictures of them."""
    sys.path.insert(0, str(REPO))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from moodplayer.context import create_context
    from moodplayer.gui.app import app_icon
    from moodplayer.gui.calibration_wizard import Step
    from moodplayer.gui.controller import Controller, LaunchOptions
    from moodplayer.gui.settings_dialog import open_calibration_wizard, open_settings_dialog
    from moodplayer.gui.theme import follow_system_theme
    from moodplayer.moods import Mood
    from moodplayer.paths import bundled_playlists_dir
    from moodplayer.perception.synthetic_video import load_test_face, write_test_video

    work = Path(tempfile.mkdtemp(prefix="moodplayer-settings-media-"))
    video = write_test_video(work / "face.avi", [(load_test_face(), 30.0)],
                             size=(640, 480), fps=30)
    app = QApplication(sys.argv[:1])
    app.setWindowIcon(app_icon())  # type: ignore[arg-type]
    follow_system_theme(app)
    context = create_context(report_problems=False)
    settings = context.settings
    settings.behaviour.welcome_done = True
    settings.behaviour.remember_geometry = False
    settings.camera.source = str(video)
    settings.music.sources = {"happy": [str(bundled_playlists_dir() / "happy")],
                              "sad": [str(bundled_playlists_dir() / "sad")]}
    controller = Controller(context, LaunchOptions(audio_out=work / "out.wav"))
    controller.start()
    controller.window.setGeometry(0, 0, 1280, 800)
    out.mkdir(parents=True, exist_ok=True)
    steps: list[tuple[int, object]] = []

    def save(widget: QWidget, name: str) -> None:
        path = out / name
        widget.grab().save(str(path), "PNG", 0)
        print(f"saved {path} ({path.stat().st_size // 1024} KB)")

    def later(ms: int, action: object) -> None:
        steps.append((ms, action))

    def run_steps() -> None:
        if not steps:
            return
        ms, action = steps.pop(0)

        def go() -> None:
            action()  # type: ignore[operator]
            run_steps()

        QTimer.singleShot(ms, go)

    state: dict[str, object] = {}

    def open_settings() -> None:
        dialog = open_settings_dialog(controller)
        dialog.move(60, 40)
        state["dialog"] = dialog

    def page(index: int) -> object:
        def show() -> None:
            dialog = state["dialog"]
            dialog.tabs.setCurrentIndex(index)  # type: ignore[attr-defined]
            if PAGES[index] == "music":
                dialog.music_page.select_mood(Mood.HAPPY)  # type: ignore[attr-defined]
        return show

    def shoot_page(index: int) -> object:
        return lambda: save(state["dialog"], f"settings-{PAGES[index]}.png")  # type: ignore[arg-type]

    def open_wizard() -> None:
        state["dialog"].reject()  # type: ignore[attr-defined]
        wizard = open_calibration_wizard(controller)
        wizard.move(60, 40)
        state["wizard"] = wizard

    def start_wizard() -> None:
        state["wizard"].primary.click()  # type: ignore[attr-defined]

    def wait_result() -> None:
        wizard = state["wizard"]
        while wizard.step is not Step.RESULT:  # type: ignore[attr-defined]
            app.processEvents()

    def finish() -> None:
        state["wizard"].reject()  # type: ignore[attr-defined]
        controller.quit()

    later(9000, open_settings)
    for index in range(len(PAGES)):
        later(300, page(index))
        later(2500 if index == 0 else 800, shoot_page(index))
    later(300, open_wizard)
    later(1500, start_wizard)
    later(100, wait_result)
    later(1500, lambda: save(state["wizard"], "calibration.png"))  # type: ignore[arg-type]
    later(100, finish)
    run_steps()
    app.exec()
    controller.shutdown()
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        raise SystemExit(child(Path(sys.argv[2])))
    raise SystemExit(main())
