"""CNN inference benchmarks: ``vc.dnn.Net`` against onnxruntime and OpenCV's dnn.

What ``visioncore bench --dnn``, ``benchmarks/bench_dnn.py`` and the lead's
``benchmarks/make_results.py`` (through :func:`dnn_markdown`) share.

Models: the graph-only models shipped in ``visioncore.models`` (ResNet-18 and
MobileNetV2 at 1x3x224x224, the LeNet-style digit CNN at batch 1 and 64),
filled with seeded weights. For each model and thread count every engine
gets the same seeded N(0, 1) input; the peers' outputs are checked against
visioncore's (max |diff| <= 1e-3 * max |visioncore|) before anything is
timed, and a peer that disagrees is not timed. Engines:

- visioncore: ``Net.load(bytes, num_threads=n)``
- onnxruntime: CPUExecutionProvider, ORT_ENABLE_ALL, intra_op_num_threads = n,
  inter_op_num_threads = 1, sequential execution
- OpenCV: ``cv2.dnn.readNetFromONNX(bytes)`` with ``cv2.setNumThreads(n)``

Timing: warm-up runs, a loop calibrated per engine to take ``min_loop_s``,
then ``repeat`` rounds that run the engines' loops one after the other
(alternating, so all see the same machine load); the median per-call time.
GFLOP/s counts 2 * multiply-adds of Conv, ConvTranspose, Gemm and MatMul,
from the graph's shapes (:func:`model_flops`).

Layers: the largest 3x3 and the largest 1x1 convolution of ResNet-18 (by
FLOPs; the first of equals), with the model's weights, timed through the
private ``vc.dnn._Conv2dKernel`` (weights packed once) and a one-node
onnxruntime model; reported as GFLOP/s and as a fraction of the machine's
peak FMA rate at that thread count, measured with
``vc._core.dnn._fma_peak_gflops`` at the active ISA level.
"""

from __future__ import annotations

import dataclasses
import datetime
import fnmatch
import math
import statistics
from collections.abc import Sequence
from typing import Any, Callable, TextIO

import numpy as np

from . import bench

AGREE_RTOL = 1e-3


@dataclasses.dataclass(frozen=True)
class DnnCase:
    """A whole-model case (``layer`` None) or a ResNet-18 layer case."""

    model: str
    batch: int
    layer: str | None = None  # "conv3x3" or "conv1x1"

    @property
    def id(self) -> str:
        return f"{self.model}:{self.layer}" if self.layer else f"{self.model}/b{self.batch}"


CASES: tuple[DnnCase, ...] = (
    DnnCase("resnet18", 1), DnnCase("mobilenetv2", 1), DnnCase("digit_cnn", 1),
    DnnCase("digit_cnn", 64), DnnCase("resnet18", 1, "conv3x3"),
    DnnCase("resnet18", 1, "conv1x1"),
)


def select(patterns: Sequence[str] | None) -> list[DnnCase]:
    """Cases whose id matches a glob or contains a substring; all for None."""
    if not patterns:
        return list(CASES)
    out = []
    for c in CASES:
        for p in patterns:
            if (any(ch in p for ch in "*?[") and fnmatch.fnmatchcase(c.id, p)) or p in c.id:
                out.append(c)
                break
    return out


# --------------------------------------------------------------------------
# Shapes and FLOPs from the graph
# --------------------------------------------------------------------------

@dataclasses.dataclass
class ConvLayer:
    """One Conv node with its input shape (batch included) and FLOPs."""

    name: str
    x_shape: tuple[int, ...]
    w_name: str
    b_name: str | None
    strides: tuple[int, int]
    pads: tuple[int, int, int, int]
    dilations: tuple[int, int]
    group: int
    flops: float
    kernel: tuple[int, int]


def _pool_out(size: int, k: int, s: int, p0: int, p1: int, d: int = 1, ceil: bool = False) -> int:
    span = (k - 1) * d + 1
    q = (size + p0 + p1 - span) / s
    return int(math.ceil(q) if ceil else math.floor(q)) + 1


def _window(attrs: dict, kernel: Sequence[int], x: Sequence[int]):
    n = len(kernel)
    strides = list(attrs.get("strides", [1] * n))
    dil = list(attrs.get("dilations", [1] * n))
    pads = list(attrs.get("pads", [0] * (2 * n)))
    auto = attrs.get("auto_pad", "NOTSET")
    auto = auto.decode() if isinstance(auto, bytes) else auto
    if auto in ("SAME_UPPER", "SAME_LOWER"):
        for i in range(n):
            out = -(-x[i] // strides[i])
            total = max(0, (out - 1) * strides[i] + (kernel[i] - 1) * dil[i] + 1 - x[i])
            lo = total // 2 if auto == "SAME_UPPER" else total - total // 2
            pads[i], pads[i + n] = lo, total - lo
    elif auto == "VALID":
        pads = [0] * (2 * n)
    return strides, pads, dil


def _broadcast(a: Sequence[int], b: Sequence[int]) -> tuple[int, ...]:
    return tuple(np.broadcast_shapes(tuple(a), tuple(b)))


def analyse(model: bytes, batch: int) -> tuple[float | None, list[ConvLayer]]:
    """(FLOPs of the model at this batch, or None when a shape could not be
    followed; the Conv layers with their input shapes)."""
    import visioncore as vc

    info = vc.dnn.read_model(model)
    shapes: dict[str, tuple[int, ...]] = {t.name: tuple(t.shape) for t in info.initializers}
    consts: dict[str, np.ndarray] = {}
    for v in info.inputs:
        if v.name not in shapes and v.shape is not None:
            shapes[v.name] = tuple(batch if not isinstance(d, int) else d for d in v.shape)
    flops = 0.0
    convs: list[ConvLayer] = []
    known = True
    for n in info.nodes:
        a = n.attributes
        ins = [shapes.get(i) if i else None for i in n.inputs]
        op = n.op_type
        out: tuple[int, ...] | None = None
        try:
            if op == "Constant" and "value" in a:
                consts[n.outputs[0]] = np.asarray(a["value"])
                out = tuple(consts[n.outputs[0]].shape)
            elif op in ("Conv", "ConvTranspose"):
                x, w = ins[0], ins[1]
                k = list(a.get("kernel_shape", w[2:]))
                s, p, d = _window(a, k, x[2:])
                g = int(a.get("group", 1))
                nsp = len(k)
                if op == "Conv":
                    sp = [_pool_out(x[2 + i], k[i], s[i], p[i], p[i + nsp], d[i])
                          for i in range(nsp)]
                    out = (x[0], w[0], *sp)
                    macs = float(np.prod(out, dtype=np.float64)) * w[1] * float(np.prod(k))
                    if nsp == 2:
                        convs.append(ConvLayer(
                            n.name, tuple(x), n.inputs[1], n.inputs[2] if len(n.inputs) > 2
                            and n.inputs[2] else None, (s[0], s[1]), (p[0], p[1], p[2], p[3]),
                            (d[0], d[1]), g, 2 * macs, (k[0], k[1])))
                else:
                    op_pad = list(a.get("output_padding", [0] * nsp))
                    sp = [s[i] * (x[2 + i] - 1) + op_pad[i] + (k[i] - 1) * d[i] + 1 - p[i]
                          - p[i + nsp] for i in range(nsp)]
                    out = (x[0], w[1] * g, *sp)
                    macs = float(np.prod(x, dtype=np.float64)) * w[1] * float(np.prod(k))
                flops += 2 * macs
            elif op in ("MaxPool", "AveragePool"):
                x = ins[0]
                k = list(a["kernel_shape"])
                s, p, d = _window(a, k, x[2:])
                ceil = bool(a.get("ceil_mode", 0))
                out = (x[0], x[1], *[_pool_out(x[2 + i], k[i], s[i], p[i], p[i + len(k)], d[i],
                                                ceil) for i in range(len(k))])
            elif op in ("GlobalAveragePool", "GlobalMaxPool"):
                out = (*ins[0][:2], *[1] * (len(ins[0]) - 2))
            elif op == "Flatten":
                ax = int(a.get("axis", 1)) % (len(ins[0]) + 1)
                out = (int(np.prod(ins[0][:ax])), int(np.prod(ins[0][ax:])))
            elif op == "Gemm":
                am, bm = ins[0], ins[1]
                m, k = (am[1], am[0]) if a.get("transA", 0) else (am[0], am[1])
                nn = bm[0] if a.get("transB", 0) else bm[1]
                out = (m, nn)
                flops += 2.0 * m * k * nn
            elif op == "MatMul":
                am, bm = ins[0], ins[1]
                out = (*_broadcast(am[:-2], bm[:-2]), am[-2], bm[-1])
                flops += 2.0 * float(np.prod(out, dtype=np.float64)) * am[-1]
            elif op == "Concat":
                ax = int(a["axis"]) % len(ins[0])
                out = tuple(sum(s[ax] for s in ins) if i == ax else d
                            for i, d in enumerate(ins[0]))
            elif op == "Resize":
                x = ins[0]
                if len(n.inputs) > 3 and n.inputs[3] in consts:
                    out = tuple(int(v) for v in consts[n.inputs[3]])
                else:
                    sc = consts[n.inputs[2]]
                    out = tuple(math.floor(d * f) for d, f in zip(x, sc))
            elif op in ("Add", "Sub", "Mul", "Div", "Sum", "Max", "Min"):
                out = ins[0]
                for other in ins[1:]:
                    out = _broadcast(out, other)
            elif len(ins) >= 1 and ins[0] is not None:
                out = ins[0]  # elementwise and per-channel ops keep the shape
        except (KeyError, IndexError, TypeError, ValueError):
            out = None
        if out is None:
            known = False
            continue
        shapes[n.outputs[0]] = tuple(int(v) for v in out)
    return (flops if known else None), convs


# --------------------------------------------------------------------------
# Engines
# --------------------------------------------------------------------------

def import_ort():
    """(onnxruntime module or None, reason it is missing or None)."""
    try:
        import onnxruntime
    except Exception as e:  # noqa: BLE001 - ImportError, or a broken install
        return None, (f"onnxruntime is not importable ({type(e).__name__}: {e}); "
                      "install onnxruntime to fill its column")
    return onnxruntime, None


def ort_session(ort, model: bytes, threads: int):
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.log_severity_level = 3
    return ort.InferenceSession(model, so, providers=["CPUExecutionProvider"])


def _disagreement(ref: np.ndarray, got: Any) -> float:
    got = np.asarray(got, dtype=np.float32)
    if got.shape != ref.shape:
        return float("inf")
    scale = max(float(np.abs(ref).max()), 1e-30)
    return float(np.abs(got - ref).max()) / scale


def _time_many(fns: dict[str, Callable[[], Any]], repeat: int,
               min_loop_s: float) -> dict[str, float]:
    """Median seconds per call of each function, rounds interleaved."""
    loops = {k: bench._calibrate(f, min_loop_s) for k, f in fns.items()}
    samples: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(max(1, repeat)):
        for k, f in fns.items():
            samples[k].append(bench._loop_seconds(f, loops[k]) / loops[k])
    return {k: statistics.median(v) for k, v in samples.items()}


def _gflops(flops: float | None, ms: float | None) -> float | None:
    if flops is None or not ms:
        return None
    return flops / (ms * 1e-3) / 1e9


def _ratio(peer: float | None, ours: float | None) -> float | None:
    return peer / ours if peer and ours else None


def _load_model(name: str) -> bytes:
    from . import models

    return models.load_bytes(name)


def _input_shape(model: bytes, batch: int) -> tuple[int, ...]:
    import visioncore as vc

    v = vc.dnn.read_model(model).inputs[0]
    return tuple(batch if not isinstance(d, int) else d for d in v.shape)


@dataclasses.dataclass
class Prepared:
    """The engines of one case, checked to agree: name -> a no-argument call
    (visioncore first), notes on peers left out, FLOPs per call, and what
    the row shows as input. Layer calls run at ``vc.get_num_threads()``."""

    fns: dict[str, Callable[[], Any]]
    notes: list[str]
    flops: float | None
    input: str
    layer: ConvLayer | None = None


def _add_peer(p: Prepared, name: str, label: str, fn: Callable[[], Any], ref: np.ndarray,
              first_output) -> None:
    d = _disagreement(ref, first_output(fn()))
    if d <= AGREE_RTOL:
        p.fns[name] = fn
    else:
        p.notes.append(f"{label} differs by {d:.2g} (relative): not timed")


def prepare_model(case: DnnCase, threads: int, *, ort=None, cv2=None) -> Prepared:
    """visioncore, onnxruntime and OpenCV running one whole model at
    ``threads`` (OpenCV's count is set here, process-wide)."""
    import visioncore as vc

    model = _load_model(case.model)
    shape = _input_shape(model, case.batch)
    flops, _ = analyse(model, case.batch)
    x = np.random.default_rng(0).standard_normal(shape, dtype=np.float32)
    net = vc.dnn.Net.load(model, num_threads=threads)
    ref = net(x)
    p = Prepared({"visioncore": lambda: net(x)}, [], flops, "x".join(map(str, shape)))
    if ort is not None:
        sess = ort_session(ort, model, threads)
        feed = {sess.get_inputs()[0].name: x}
        _add_peer(p, "onnxruntime", "onnxruntime", lambda: sess.run(None, feed), ref,
                  lambda r: r[0])
    if cv2 is not None:
        cv2.setNumThreads(threads)
        try:
            cvnet = cv2.dnn.readNetFromONNX(np.frombuffer(model, np.uint8))

            def cv_forward():
                cvnet.setInput(x)
                return cvnet.forward()

            _add_peer(p, "opencv", "OpenCV", cv_forward, ref, lambda r: r)
        except cv2.error as e:
            p.notes.append(f"OpenCV cannot run it ({str(e).strip().splitlines()[-1][:60]})")
    return p


def bench_model(case: DnnCase, threads: int, *, ort=None, cv2=None, repeat: int = 7,
                min_loop_s: float = 0.05) -> dict:
    """Times one whole-model case at one thread count."""
    import visioncore as vc

    p = prepare_model(case, threads, ort=ort, cv2=cv2)
    ms = {k: 1e3 * v for k, v in _time_many(p.fns, repeat, min_loop_s).items()}
    vc_ms = ms["visioncore"]
    return {
        "id": case.id, "kind": "model", "model": case.model, "batch": case.batch,
        "input": p.input, "threads": threads, "isa": vc.get_isa(),
        "gflop": None if p.flops is None else p.flops / 1e9,
        "vc_ms": vc_ms, "ort_ms": ms.get("onnxruntime"), "cv_ms": ms.get("opencv"),
        "ort_ratio": _ratio(ms.get("onnxruntime"), vc_ms),
        "cv_ratio": _ratio(ms.get("opencv"), vc_ms),
        "vc_gflops": _gflops(p.flops, vc_ms), "ort_gflops": _gflops(p.flops, ms.get("onnxruntime")),
        "cv_gflops": _gflops(p.flops, ms.get("opencv")), "note": "; ".join(p.notes),
    }


def pick_layer(convs: Sequence[ConvLayer], kernel: int) -> ConvLayer:
    """The plain (group 1) kxk Conv with the most FLOPs, the first of equals."""
    cands = [c for c in convs if c.kernel == (kernel, kernel) and c.group == 1]
    best = max(c.flops for c in cands)
    return next(c for c in cands if c.flops == best)


def _one_conv_model(layer: ConvLayer, w: np.ndarray, b: np.ndarray | None) -> bytes:
    from onnx import TensorProto, helper, numpy_helper

    inits = [numpy_helper.from_array(w, "w")]
    ins = ["x", "w"]
    if b is not None:
        inits.append(numpy_helper.from_array(b, "b"))
        ins.append("b")
    node = helper.make_node("Conv", ins, ["y"], kernel_shape=list(layer.kernel),
                            strides=list(layer.strides), pads=list(layer.pads),
                            dilations=list(layer.dilations), group=layer.group)
    g = helper.make_graph([node], "conv", [helper.make_tensor_value_info(
        "x", TensorProto.FLOAT, list(layer.x_shape))],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)], inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
    m.ir_version = 8
    return m.SerializeToString()


def prepare_layer(case: DnnCase, threads: int, *, ort=None) -> Prepared:
    """The largest 3x3 or 1x1 Conv of the model: visioncore's prepacked
    kernel (run at ``vc.get_num_threads()``) and a one-node onnxruntime
    model at ``threads``."""
    import visioncore as vc

    model = _load_model(case.model)
    _, convs = analyse(model, case.batch)
    layer = pick_layer(convs, 3 if case.layer == "conv3x3" else 1)
    info = vc.dnn.read_model(model)
    w = np.ascontiguousarray(info.initializer(layer.w_name), dtype=np.float32)
    b = None if layer.b_name is None else np.ascontiguousarray(
        info.initializer(layer.b_name), dtype=np.float32)
    x = np.random.default_rng(1).standard_normal(layer.x_shape, dtype=np.float32)
    kern = vc.dnn._Conv2dKernel(w, b, layer.x_shape[1], strides=layer.strides, pads=layer.pads,
                                dilations=layer.dilations, group=layer.group)
    with vc.num_threads(threads):
        ref = kern(x)
    shape = (f"{layer.x_shape[1]}->{w.shape[0]} {layer.kernel[0]}x{layer.kernel[1]}"
             f"/s{layer.strides[0]} on {layer.x_shape[2]}x{layer.x_shape[3]}")
    p = Prepared({"visioncore": lambda: kern(x)}, [], layer.flops, shape, layer)
    if ort is not None:
        try:
            sess = ort_session(ort, _one_conv_model(layer, w, b), threads)
        except ImportError:
            p.notes.append("onnx is not importable: no one-node onnxruntime model")
        else:
            _add_peer(p, "onnxruntime", "onnxruntime", lambda: sess.run(None, {"x": x}), ref,
                      lambda r: r[0])
    return p


def bench_layer(case: DnnCase, threads: int, peak: float | None, *, ort=None, repeat: int = 7,
                min_loop_s: float = 0.05) -> dict:
    """Times the largest 3x3 or 1x1 Conv of the model at one thread count."""
    import visioncore as vc

    p = prepare_layer(case, threads, ort=ort)
    with vc.num_threads(threads):
        t = _time_many(p.fns, repeat, min_loop_s)
    vc_ms = 1e3 * t["visioncore"]
    ort_ms = 1e3 * t["onnxruntime"] if "onnxruntime" in t else None
    vg, og = _gflops(p.flops, vc_ms), _gflops(p.flops, ort_ms)
    return {
        "id": case.id, "kind": "layer", "model": case.model, "layer": p.layer.name,
        "shape": p.input, "threads": threads, "isa": vc.get_isa(), "gflop": p.flops / 1e9,
        "vc_ms": vc_ms, "ort_ms": ort_ms, "ort_ratio": _ratio(ort_ms, vc_ms),
        "vc_gflops": vg, "ort_gflops": og, "peak_gflops": peak,
        "vc_peak_frac": vg / peak if vg and peak else None,
        "ort_peak_frac": og / peak if og and peak else None, "note": "; ".join(p.notes),
    }


def run(cases: Sequence[DnnCase], threads: Sequence[int], *, repeat: int = 7,
        min_loop_s: float = 0.05, peak_seconds: float = 0.2, use_ort: bool = True,
        use_cv2: bool = True, progress: bool = True, stream: TextIO | None = None) -> dict:
    """Runs the cases at every thread count; returns the report dict (JSON-able)."""
    import visioncore as vc

    ort, ort_missing = import_ort() if use_ort else (None, "onnxruntime comparison disabled")
    cv2, cv2_missing = bench.import_cv2() if use_cv2 else (None, "OpenCV comparison disabled")
    old_cv = cv2.getNumThreads() if cv2 is not None else None
    peaks: dict[int, float] = {}
    jobs = [(t, c) for t in threads for c in cases]
    bar = bench.Progress(len(jobs), stream, progress)
    rows: list[dict] = []
    try:
        for t, c in jobs:
            bar.step(f"{c.id} threads={t}")
            if c.layer is None:
                rows.append(bench_model(c, t, ort=ort, cv2=cv2, repeat=repeat,
                                        min_loop_s=min_loop_s))
            else:
                if t not in peaks:
                    peaks[t] = vc._core.dnn._fma_peak_gflops(t, peak_seconds)
                rows.append(bench_layer(c, t, peaks[t], ort=ort, repeat=repeat,
                                        min_loop_s=min_loop_s))
    finally:
        bar.close()
        if cv2 is not None:
            cv2.setNumThreads(old_cv)
    return {
        "machine": bench.machine_info(),
        "versions": bench.versions(cv2) | {"onnxruntime": getattr(ort, "__version__", None)},
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "settings": {"threads": list(threads), "repeat": repeat, "min_loop_s": min_loop_s,
                     "isa": vc.get_isa(), "cases": [c.id for c in cases]},
        "peak_gflops": {str(k): v for k, v in peaks.items()},
        "onnxruntime_missing": ort_missing,
        "opencv_missing": cv2_missing,
        "results": rows,
    }


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------

def _f(v: float | None, fmt: str) -> str:
    return "-" if v is None else format(v, fmt)


def _table(header: list[str], rows: list[list[str]], right: set[int], markdown: bool) -> str:
    if markdown:
        align = "|".join("---:" if i in right else "---" for i in range(len(header)))
        lines = ["| " + " | ".join(header) + " |", "|" + align + "|"]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max([len(header[i])] + [len(r[i]) for r in rows]) for i in range(len(header))]

    def line(cells):
        return "  ".join(c.rjust(widths[i]) if i in right else c.ljust(widths[i])
                         for i, c in enumerate(cells)).rstrip()

    return "\n".join([line(header), "  ".join("-" * w for w in widths)]
                     + [line(r) for r in rows])


def report_to_tables(report: dict, markdown: bool = False) -> str:
    """The model table and the layer table, as aligned text or Markdown."""
    ms = bench._fmt_ms
    models = [r for r in report["results"] if r["kind"] == "model"]
    layers = [r for r in report["results"] if r["kind"] == "layer"]
    parts = []
    if models:
        header = ["model", "input", "threads", "GFLOP", "visioncore ms", "onnxruntime ms",
                  "ratio ort", "OpenCV ms", "ratio cv", "vc GFLOP/s", "note"]
        rows = [[r["model"], r["input"], str(r["threads"]), _f(r["gflop"], ".3g"),
                 ms(r["vc_ms"]), ms(r["ort_ms"]), _f(r["ort_ratio"], ".2f"), ms(r["cv_ms"]),
                 _f(r["cv_ratio"], ".2f"), _f(r["vc_gflops"], ".1f"), r["note"]]
                for r in models]
        parts.append(_table(header, rows, {2, 3, 4, 5, 6, 7, 8, 9}, markdown))
    if layers:
        header = ["layer", "conv", "threads", "visioncore ms", "onnxruntime ms", "ratio ort",
                  "vc GFLOP/s", "ort GFLOP/s", "peak GFLOP/s", "vc % peak", "ort % peak",
                  "note"]
        rows = [[f"{r['model']} {r['layer']}", r["shape"], str(r["threads"]), ms(r["vc_ms"]),
                 ms(r["ort_ms"]), _f(r["ort_ratio"], ".2f"), _f(r["vc_gflops"], ".1f"),
                 _f(r["ort_gflops"], ".1f"), _f(r["peak_gflops"], ".1f"),
                 _f(None if r["vc_peak_frac"] is None else 100 * r["vc_peak_frac"], ".0f"),
                 _f(None if r["ort_peak_frac"] is None else 100 * r["ort_peak_frac"], ".0f"),
                 r["note"]] for r in layers]
        parts.append(_table(header, rows, set(range(2, 11)), markdown))
    return "\n\n".join(parts)


def summary_line(report: dict) -> str:
    m, v = report["machine"], report["versions"]
    return (f"visioncore {v['visioncore']} vs onnxruntime {v.get('onnxruntime') or '-'} and "
            f"OpenCV {v.get('opencv') or '-'} on {m['cpu']} ({m['usable_cpus']} cpus, "
            f"{report['settings']['isa']}); ratio = peer ms / visioncore ms, above 1 means "
            "visioncore is faster")


def dnn_markdown(results: dict) -> str:
    """The CNN speed section for benchmarks/RESULTS.md from a :func:`run` report."""
    m = results["machine"]
    peaks = ", ".join(f"{t} thread{'s' if t != '1' else ''}: {g:.0f} GFLOP/s"
                      for t, g in results.get("peak_gflops", {}).items())
    lines = [
        "## CNN inference (vc.dnn.Net vs onnxruntime and OpenCV dnn)",
        "",
        (f"{m['cpu']}, {m['usable_cpus']} usable cpus, ISA {results['settings']['isa']}; "
        f"onnxruntime {results['versions'].get('onnxruntime') or '-'}, OpenCV "
        f"{results['versions'].get('opencv') or '-'}; {results['date']}. Graph-only models "
        "from visioncore.models with seeded weights; median of "
        f"{results['settings']['repeat']} alternating rounds; ratio = peer ms / visioncore ms "
        "(above 1: visioncore faster). GFLOP/s counts 2 x multiply-adds of "
        "Conv/ConvTranspose/Gemm/MatMul as a direct convolution computes them; where "
        "visioncore runs a 3x3 layer with Winograd F(2x2,3x3) (fewer multiplies), its GFLOP/s "
        "and % of peak are direct-equivalent rates."),
        "",
        report_to_tables(results, markdown=True),
    ]
    if peaks:
        lines += ["", f"Peak FMA rate measured with `vc._core.dnn._fma_peak_gflops`: {peaks}."]
    return "\n".join(lines) + "\n"
