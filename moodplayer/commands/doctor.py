"""``moodplayer doctor``: checks that everything the app needs is here, each with its fix.

Exit status 0 when the app can run (warnings allowed), 1 when a check failed.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass

from moodplayer.commands import Command
from moodplayer.commands._output import print_json
from moodplayer.context import AppContext
from moodplayer.paths import is_writable_dir

OK, WARN, FAIL = "ok", "warn", "fail"


@dataclass(frozen=True)
class CheckResult:
    """One check: its name, ``ok``/``warn``/``fail``, what was found and how to fix it."""

    name: str
    status: str
    detail: str
    fix: str = ""


def check_python(_: AppContext) -> CheckResult:
    version = ".".join(map(str, sys.version_info[:3]))
    if (3, 10) <= sys.version_info[:2] <= (3, 13):
        return CheckResult("python", OK, f"Python {version}")
    return CheckResult("python", FAIL, f"Python {version} is not supported",
                       "use Python 3.10 to 3.13")


def check_libvlc(_: AppContext) -> CheckResult:
    from moodplayer.music.vlc_runtime import LibVLCUnavailable, create_instance, libvlc_version

    try:
        version = libvlc_version()
        instance = create_instance("--quiet", "--aout=dummy", "--vout=dummy")
        instance.release()
    except LibVLCUnavailable as error:
        return CheckResult("libvlc", FAIL, error.reason, error.fix.removeprefix("To play music: "))
    return CheckResult("libvlc", OK, f"libVLC {version}, plugins load")


def check_qt(_: AppContext) -> CheckResult:
    try:
        from PySide6 import QtCore, QtWidgets  # noqa: F401
    except ImportError as error:
        return CheckResult("qt", FAIL, f"Qt cannot be loaded ({error})",
                           "sudo apt-get install libegl1 libgl1 libxkbcommon0 libfontconfig1 "
                           "libdbus-1-3, then reinstall Mood Player")
    return CheckResult("qt", OK, f"PySide6 {QtCore.qVersion()}")


def check_opencv(_: AppContext) -> CheckResult:
    try:
        import cv2
    except ImportError as error:
        return CheckResult("opencv", FAIL, f"OpenCV cannot be imported ({error})",
                           "pip install opencv-contrib-python-headless (and not opencv-python)")
    from pathlib import Path

    data_dir = getattr(cv2, "data", None)
    cascade = Path(getattr(data_dir, "haarcascades", "")) / "haarcascade_frontalface_default.xml"
    if not cascade.is_file():
        return CheckResult("opencv", FAIL, f"OpenCV {cv2.__version__} has no Haar cascades",
                           "pip uninstall opencv-python; "
                           "pip install --force-reinstall opencv-contrib-python-headless")
    return CheckResult("opencv", OK, f"OpenCV {cv2.__version__}, Haar cascades at {cascade.parent}")


def check_onnxruntime(_: AppContext) -> CheckResult:
    try:
        import onnxruntime
    except ImportError as error:
        return CheckResult("onnxruntime", FAIL, f"onnxruntime cannot be imported ({error})",
                           "pip install onnxruntime")
    return CheckResult("onnxruntime", OK, f"onnxruntime {onnxruntime.__version__}")


def check_deepface(_: AppContext) -> CheckResult:
    if importlib.util.find_spec("deepface") is None:
        return CheckResult("deepface", FAIL, "DeepFace is not installed", "pip install deepface")
    from importlib.metadata import version

    return CheckResult("deepface", OK, f"DeepFace {version('deepface')} (onnxruntime backend)")


def check_cameras(_: AppContext) -> CheckResult:
    from moodplayer.perception.cameras import list_cameras

    cameras = list_cameras()
    if not cameras:
        return CheckResult("cameras", WARN, "no camera opens (indices 0-9)",
                           "plug in a webcam, or choose the mood by hand (moodplayer --no-camera)")
    found = ", ".join(f"{c.index} ({c.name}, {c.width}x{c.height})" for c in cameras)
    return CheckResult("cameras", OK, f"cameras that open: {found}")


def check_bundled_model(context: AppContext) -> CheckResult:
    from moodplayer.perception.model_catalog import bundled_model

    model = bundled_model(context.paths)
    if not model.present:
        return CheckResult("bundled-model", FAIL, f"the bundled emotion model is missing: "
                           f"{model.path}", "reinstall Mood Player")
    try:
        import onnxruntime

        onnxruntime.InferenceSession(str(model.path), providers=["CPUExecutionProvider"])
    except Exception as error:
        return CheckResult("bundled-model", FAIL, f"the bundled model does not load ({error})",
                           "reinstall Mood Player")
    return CheckResult("bundled-model", OK,
                       f"{model.path} ({model.size_bytes / 1024:.0f} KB) loads")


def check_deepface_model(context: AppContext) -> CheckResult:
    from moodplayer.perception.model_catalog import deepface_emotion_model

    model = deepface_emotion_model(context.paths)
    if model.present:
        return CheckResult("deepface-model", OK,
                           f"DeepFace's emotion model at {model.path} "
                           f"({model.size_bytes / 1e6:.1f} MB)")
    return CheckResult("deepface-model", OK,
                       "DeepFace's emotion model is not downloaded (optional; "
                       "the bundled model is used)",
                       "moodplayer models download deepface-emotion")


def check_folders(context: AppContext) -> CheckResult:
    unwritable = [f"{name} ({path})" for name, path in context.paths.all_dirs().items()
                  if not is_writable_dir(path)]
    if unwritable:
        return CheckResult("folders", WARN, f"not writable: {', '.join(unwritable)}; settings "
                           "are kept in memory only",
                           "fix the folder's permissions, or set MOODPLAYER_HOME to a "
                           "writable folder")
    where = ", ".join(f"{n} {p}" for n, p in context.paths.all_dirs().items())
    return CheckResult("folders", OK, f"writable: {where}")


CHECKS: tuple[Callable[[AppContext], CheckResult], ...] = (
    check_python, check_qt, check_libvlc, check_opencv, check_onnxruntime, check_deepface,
    check_bundled_model, check_deepface_model, check_cameras, check_folders,
)


def run_checks(context: AppContext) -> list[CheckResult]:
    """Run every check; a check that crashes is reported as failed, never raised."""
    results = []
    for check in CHECKS:
        try:
            results.append(check(context))
        except Exception as error:  # a broken install must still give a report
            name = check.__name__.removeprefix("check_").replace("_", "-")
            results.append(CheckResult(name, FAIL, f"the check crashed: {error!r}",
                                       "reinstall Mood Player"))
    return results


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object per check")


_MARKS = {OK: "ok  ", WARN: "WARN", FAIL: "FAIL"}


def _run(args: argparse.Namespace, context: AppContext) -> int:
    results = run_checks(context)
    for result in results:
        if args.json:
            print_json(asdict(result))
        else:
            print(f"[{_MARKS[result.status]}] {result.name:15} {result.detail}")
            if result.fix and result.status != OK:
                print(f"       {'':15} fix: {result.fix}")
    failed = any(r.status == FAIL for r in results)
    if not args.json:
        print("Mood Player cannot run: fix the failed checks above." if failed
              else "Mood Player can run.")
    return 1 if failed else 0


COMMAND = Command("doctor", "check that everything Mood Player needs is here", _configure, _run)
