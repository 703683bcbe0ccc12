"""``moodplayer models``: which emotion models exist, and downloading DeepFace's.

* ``models list [--json]``: each model with where it lives, its size, whether it is usable
  (loads, right shapes) and whether it is the one the settings pick (``--json``: one object
  per model and line).
* ``models download deepface-emotion [--force]``: fetch DeepFace's emotion weights into the
  app's data folder with a progress bar; fails within seconds with a clear message when
  offline, and never leaves a partial file (also when interrupted with Ctrl+C).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict, dataclass

from moodplayer.commands import Command
from moodplayer.commands._output import ProgressBar, print_json
from moodplayer.context import AppContext


@dataclass(frozen=True)
class ModelStatus:
    """One model as ``models list`` reports it."""

    name: str
    description: str
    path: str
    bundled: bool
    present: bool
    size_bytes: int
    usable: bool
    problem: str
    active: bool
    download: str


def model_statuses(context: AppContext) -> list[ModelStatus]:
    """Every known model, checked: present, loads, and which one the settings pick."""
    from moodplayer.perception.classifiers import AUTO_PREFERENCE
    from moodplayer.perception.model_catalog import (
        ModelUnavailable,
        all_models,
        check_emotion_model,
    )

    checked = []
    for model in all_models(context.paths):
        problem = ""
        if not model.present:
            problem = "not downloaded" if model.download_name else "missing"
        else:
            try:
                check_emotion_model(model.path, model.input_size)
            except ModelUnavailable as error:
                problem = str(error)
        checked.append((model, problem))
    usable = [model.name for model, problem in checked if not problem]
    wanted = context.settings.recognition.classifier
    active = next((n for n in AUTO_PREFERENCE if n in usable), "") if wanted == "auto" else wanted
    return [
        ModelStatus(
            name=model.name, description=model.description, path=str(model.path),
            bundled=model.bundled, present=model.present, size_bytes=model.size_bytes,
            usable=not problem, problem=problem, active=model.name == active,
            download=(f"moodplayer models download {model.download_name}"
                      if model.download_name else ""),
        )
        for model, problem in checked
    ]


def _list(args: argparse.Namespace, context: AppContext) -> int:
    statuses = model_statuses(context)
    for status in statuses:
        if args.json:
            print_json(asdict(status))
            continue
        state = "usable" if status.usable else status.problem
        mark = "*" if status.active else " "
        size = f"{status.size_bytes / 1e6:.1f} MB" if status.present else "-"
        print(f"{mark} {status.name:9} {state:15} {size:>9}  {status.description}")
        print(f"  {'':9} {status.path}")
        if not status.usable and status.download:
            print(f"  {'':9} get it with: {status.download}")
    if not args.json:
        print(f"* the model in use (setting: {context.settings.recognition.classifier})")
    return 0


def _download(args: argparse.Namespace, context: AppContext) -> int:
    from moodplayer.perception.model_catalog import (
        DEEPFACE_EMOTION_DOWNLOAD,
        ModelUnavailable,
        check_emotion_model,
        deepface_emotion_model,
    )
    from moodplayer.perception.model_download import DownloadError, download_deepface_emotion

    if args.model != DEEPFACE_EMOTION_DOWNLOAD:  # argparse choices make this unreachable
        return 2
    model = deepface_emotion_model(context.paths)
    if model.present and not args.force:
        try:
            check_emotion_model(model.path, model.input_size)
        except ModelUnavailable as error:
            print(f"The file in place is broken ({error}); downloading it again.",
                  file=sys.stderr)
        else:
            print(f"{model.description} is already downloaded: {model.path} "
                  "(--force downloads it again)")
            return 0

    bar = ProgressBar(None, f"Downloading {args.model}")

    def show(received: int, total: int | None) -> None:
        bar.total = total
        bar.update(received, force=received == total)

    try:
        path = download_deepface_emotion(context.paths, progress=show)
    except DownloadError as error:
        bar.close()
        print(f"moodplayer models download: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        bar.close()
        print("Download interrupted; nothing was kept.", file=sys.stderr)
        return 130
    bar.close()
    print(f"Downloaded {model.description} to {path} ({path.stat().st_size / 1e6:.1f} MB).")
    return 0


def _configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list the emotion models and whether they work")
    listing.add_argument("--json", action="store_true", help="print one JSON object per model")
    listing.set_defaults(models_action=_list)
    download = actions.add_parser("download", help="download an optional model")
    download.add_argument("model", choices=("deepface-emotion",),
                          help="deepface-emotion: DeepFace's own emotion model")
    download.add_argument("--force", action="store_true",
                          help="download again even when the model is already here")
    download.set_defaults(models_action=_download)


def _run(args: argparse.Namespace, context: AppContext) -> int:
    return int(args.models_action(args, context))


COMMAND = Command("models", "list the emotion models, or download an optional one",
                  _configure, _run)
