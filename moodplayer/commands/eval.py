"""``moodplayer eval DATASET_DIR``: how accurately emotions are recognised on a dataset.

The dataset has one folder per class, named after a mood (``anger``/``happiness``/``sadness``
spellings too). With ``--no-detect`` the images are taken as face crops and go straight to the
classifier; otherwise each goes through the face analyser (detector, then classifier) and an
image without a face counts as wrong. Prints accuracy, per-class recall and precision, the
confusion matrix and the count of images without a face (``--json``: one object). Unreadable
images are skipped and listed on stderr. Exit status 0, 1 when the model cannot be used, 2
when the folder is not a dataset.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from moodplayer.commands import Command
from moodplayer.commands._output import ProgressBar, print_json
from moodplayer.context import AppContext


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dataset", metavar="DATASET_DIR", type=Path,
                        help="folder with one sub-folder of images per mood")
    parser.add_argument("--no-detect", action="store_true",
                        help="the images are face crops: classify them whole, find no faces")
    parser.add_argument("--classifier", choices=("bundled", "deepface"),
                        help="the emotion model to measure (default: the one the settings "
                             "choose)")
    parser.add_argument("--tta", dest="tta", action="store_true", default=None,
                        help="average each face with its mirror image (default: as in the "
                             "settings)")
    parser.add_argument("--no-tta", dest="tta", action="store_false",
                        help="classify each face once, without its mirror image")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _run(args: argparse.Namespace, context: AppContext) -> int:
    from moodplayer.perception.classifiers import create_classifier
    from moodplayer.perception.evaluation import (
        DatasetError,
        analyzer_predictor,
        classifier_predictor,
        evaluate,
        find_dataset,
        format_report,
    )
    from moodplayer.perception.face_analyzer import FaceAnalyzer
    from moodplayer.perception.model_catalog import ModelUnavailable

    try:
        dataset = find_dataset(args.dataset)
    except DatasetError as error:
        print(f"moodplayer eval: {error}", file=sys.stderr)
        return 2
    for name in dataset.ignored_folders:
        print(f"moodplayer eval: ignored folder {name!r}: not a mood name", file=sys.stderr)

    recognition = context.settings.recognition
    flip = recognition.flip_augmentation if args.tta is None else args.tta
    try:
        classifier = create_classifier(args.classifier or recognition.classifier,
                                       context.paths, flip_augmentation=flip)
        if args.no_detect:
            predict = classifier_predictor(classifier)
        else:
            analyzer = FaceAnalyzer(
                classifier,
                detector_backend=recognition.detector_backend,
                detect_width=recognition.detect_width,
                min_face_confidence=recognition.min_face_confidence,
                redetect_every=1,
                paths=context.paths,
            )
            predict = analyzer_predictor(analyzer)
    except ModelUnavailable as error:
        print(f"moodplayer eval: {error}", file=sys.stderr)
        return 1

    mode = "classifier only" if args.no_detect else f"{recognition.detector_backend} detector"
    tta = "with" if flip else "without"
    print(f"Evaluating {classifier.name} ({mode}, {tta} flip augmentation) on "
          f"{len(dataset.images)} images in {dataset.root}", file=sys.stderr)
    progress = ProgressBar(len(dataset.images), "Evaluating")
    tally = evaluate(dataset, predict,
                     on_progress=lambda done: progress.update(done, done == len(dataset.images)))
    progress.close()
    if tally.unreadable:
        print(f"Skipped {len(tally.unreadable)} unreadable image(s):", file=sys.stderr)
        for path in tally.unreadable:
            print(f"  {path}", file=sys.stderr)

    summary = tally.summary()
    if args.json:
        print_json(summary)
    else:
        print(format_report(summary, skipped=len(tally.unreadable)))
    return 0


COMMAND = Command("eval", "measure emotion recognition on a folder-per-mood dataset",
                  _configure, _run)
