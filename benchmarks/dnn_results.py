"""The CNN part of benchmarks/RESULTS.md: speed, model agreement, node cases.

    python benchmarks/dnn_results.py [--quick] [--out benchmarks/RESULTS.md]

Measures and writes three sections between the ``<!-- dnn:begin -->`` and
``<!-- dnn:end -->`` markers of RESULTS.md (appended when absent), leaving
the classical-operation tables of ``make_results.py`` as they are:

* speed: whole models against onnxruntime and OpenCV dnn at 1 and 2 threads,
  GFLOP/s, and ResNet-18's largest 3x3 and 1x1 convolutions as a fraction of
  the measured FMA peak (``visioncore._bench_dnn``, the same code as
  ``visioncore bench --dnn``);
* model agreement: every whole model of the tests against onnxruntime
  (max |difference| relative to the output's largest magnitude);
* the ONNX backend node cases per operator (``tools/dnn_node_report.py``).

Needs the test extras (onnx, onnxruntime) and tests/ (model loaders).
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import warnings

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tools")]

import visioncore as vc
from visioncore import _bench_dnn

BEGIN, END = "<!-- dnn:begin -->", "<!-- dnn:end -->"
THREADS = (1, 2)


def _rel(got: np.ndarray, want: np.ndarray) -> float:
    return float(np.abs(got - want).max()) / max(float(np.abs(want).max()), 1e-30)


def _ort_run(data, feeds):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    sess = ort.InferenceSession(data, opts, providers=["CPUExecutionProvider"])
    return dict(zip([o.name for o in sess.get_outputs()], sess.run(None, feeds)))


def _agreement_rows() -> list[list[str]]:
    """One row per (model, batch): worst output difference vs onnxruntime."""
    import dnn_models

    rows = []
    rng = np.random.default_rng(0)
    for name in dnn_models.NAMES:
        data = dnn_models.load(name)
        chw, _ = dnn_models.SPECS[name]
        for batch in (1, 4):
            x = rng.standard_normal((batch, *chw)).astype(np.float32)
            net = vc.dnn.Net.load(data)
            feed = {net.inputs[0].name: x}
            want = _ort_run(data, feed)
            got = net.run(feed)
            worst = max(_rel(got[k], want[k]) for k in want)
            rows.append([f"{name} (PyTorch export)", str(batch), f"{worst:.1e}",
                         "yes" if worst <= 1e-4 else "NO"])
    rows += _zoo_rows()
    return rows


def _zoo_rows() -> list[list[str]]:
    """The onnx wheel's light model zoo with seeded random weights and
    N(0, 1) input, the logits before a final Softmax compared too (models up
    to 30M weights; the larger ones are checked against their stored output
    in tests/test_dnn_zoo.py)."""
    import onnx
    import test_dnn_zoo as zoo

    rows = []
    supported = set(vc.dnn.supported_ops())
    for name, _, _ in zoo._ZOO:
        model = onnx.load(zoo._path(name))
        missing = sorted(op for op in zoo._ops(model) if op not in supported)
        if missing:
            rows.append([f"{name} (onnx zoo)", "1", "-", "unsupported: " + ", ".join(missing)])
            continue
        if zoo._weight_count(model) > zoo._RANDOM_WEIGHTS_MAX:
            continue
        data, _ = zoo._random_weights(model, np.random.default_rng(1))
        inp, x = zoo._runner_input(model)
        x = np.random.default_rng(2).standard_normal(x.shape).astype(np.float32)
        got = vc.dnn.Net.load(data).run({inp: x})
        want = _ort_run(data, {inp: x})
        worst = max(_rel(got[k], want[k]) for k in want)
        rows.append([f"{name} (onnx zoo, random weights)", "1", f"{worst:.1e}",
                     "yes" if worst <= 1e-4 else "NO"])
    return rows


def agreement_markdown() -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rows = _agreement_rows()
    lines = [
        "## CNN models against onnxruntime",
        "",
        "Random N(0, 1) input, default thread count; the zoo models with seeded random weights,",
        "the logits before their final Softmax included (random weights saturate it).",
        "difference = max |visioncore - onnxruntime| / max |onnxruntime| over every output;",
        "the tests (tests/test_dnn_models.py, tests/test_dnn_zoo.py) require <= 1e-4.",
        "",
        "| model | batch | difference | within 1e-4 |",
        "|---|---:|---:|---|",
    ]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def node_markdown() -> str:
    from dnn_node_report import node_report_markdown

    return ("## ONNX backend node cases\n\n"
            "`onnx.backend.test.case.node`, generated and cached by tests/dnn_node_cases.py, run by\n"
            "tests/test_dnn_node.py at 1 and 2 threads. Every skip has a listed reason.\n\n"
            + node_report_markdown())


def splice(path: pathlib.Path, block: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    body = f"{BEGIN}\n{block.rstrip()}\n{END}\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + body + rest.split(END, 1)[1].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + body
    path.write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    parser.add_argument("--no-speed", action="store_true", help="skip the timing section")
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    parts = []
    if not args.no_speed:
        report = _bench_dnn.run(_bench_dnn.CASES, list(THREADS), repeat=3 if args.quick else 7)
        print(_bench_dnn.report_to_tables(report))
        parts.append(_bench_dnn.dnn_markdown(report))
    parts.append(agreement_markdown())
    parts.append(node_markdown())
    splice(pathlib.Path(args.out), "\n".join(parts))
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
