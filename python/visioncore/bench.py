"""Benchmarks: every implemented operation timed on this machine, side by side
with the same operation in OpenCV at the same thread count.

The one list of benchmarked operations is ``REGISTRY`` below; ``visioncore
bench``, the pytest-benchmark suites in ``benchmarks/`` and
``benchmarks/make_results.py`` all read it.

Timing rules (the same for both libraries): outputs are preallocated and
passed as ``out=`` / ``dst=``; warm-up calls; then a loop whose length is
calibrated to take a few milliseconds, timed ``repeat`` times, alternating
between the two libraries; the result is the median per-call time. Before timing, the visioncore result is checked
against OpenCV's (within each entry's tolerance); if they disagree the
comparison is skipped with a note instead of comparing different work.
"""

from __future__ import annotations

import dataclasses
import datetime
import fnmatch
import os
import platform
import statistics
import sys
import time
from collections.abc import Sequence
from typing import Any, Callable, TextIO

import numpy as np

from . import _core

# --------------------------------------------------------------------------
# The registry
# --------------------------------------------------------------------------

_SHORT = {"uint8": "u8", "uint16": "u16", "float32": "f32"}


@dataclasses.dataclass(frozen=True)
class BenchOp:
    """One benchmarked operation.

    name: the operation ("rgb_to_gray", "demosaic:malvar", "yuv_to_rgb:NV12").
    input: the input kind: gray, rgb, rgba, hsv, raw (Bayer mosaic) or yuv.
    dtype: input dtype name.
    requires: the ``visioncore`` attribute that must exist (else skipped).
    bind_vc: (vc, inp, out) -> a no-argument callable making the call; with
        ``out=None`` it allocates its result. Functions and constants are
        looked up once, at binding, so the timed loop holds only the call.
    bind_cv: the same for OpenCV, writing into ``out`` (None: no peer).
    tolerance: max |visioncore - OpenCV| accepted before timing.
    border: pixels excluded at each edge when comparing (border conventions).
    fixed_size: (w, h) the entry always uses, whatever --size says.
    peer_note: a note shown next to the OpenCV time.
    make: (rng, width, height, dtype) -> the input, for entries whose input is
        not one of the standard kinds (a binary mask, an edge map, a photo).
    compare: (visioncore result, OpenCV result) -> a discrepancy checked
        against ``tolerance``, for results that are not one image (keypoints,
        contours, counts); default: max |a - b| outside ``border``.
    in_place: the op draws into its input: the bytes of the image say nothing
        about its work, so no GB/s figure is given.
    """

    name: str
    input: str
    dtype: str
    requires: str
    bind_vc: Callable[[Any, Any, Any], Callable[[], Any]]
    bind_cv: Callable[[Any, Any, Any], Callable[[], Any]] | None = None
    tolerance: float = 1.0
    border: int = 0
    fixed_size: tuple[int, int] | None = None
    peer_note: str = ""
    make: Callable[[np.random.Generator, int, int, np.dtype], Any] | None = None
    compare: Callable[[Any, Any], float] | None = None
    in_place: bool = False

    @property
    def id(self) -> str:
        """Unique key, also what --ops filters on: "rgb_to_gray/u8"."""
        return f"{self.name}/{_SHORT[self.dtype]}"


def _cvt(code_name: str):
    """An OpenCV cvtColor peer (the code is looked up when bound, so a
    missing code only skips that entry)."""

    def bind(cv2, inp, out):
        cvt, code = cv2.cvtColor, getattr(cv2, code_name)
        return lambda: cvt(inp, code, dst=out)

    return bind


def _vc_unary(fn_name: str):
    def bind(vc, inp, out):
        fn = getattr(vc, fn_name)
        return lambda: fn(inp, out=out)

    return bind


_YUV_CODES = {"NV12": "COLOR_YUV2RGB_NV12", "NV21": "COLOR_YUV2RGB_NV21",
              "I420": "COLOR_YUV2RGB_I420", "YV12": "COLOR_YUV2RGB_YV12",
              "YUYV": "COLOR_YUV2RGB_YUYV", "UYVY": "COLOR_YUV2RGB_UYVY"}


def _vc_yuv(layout: str):
    def bind(vc, inp, out):
        fn, buf, w, h = vc.yuv_to_rgb, inp.buffer, inp.width, inp.height
        return lambda: fn(buf, w, h, layout, out=out)

    return bind


def _cv_yuv(layout: str):
    def bind(cv2, inp, out):
        cvt, code, buf = cv2.cvtColor, getattr(cv2, _YUV_CODES[layout]), inp.buffer
        return lambda: cvt(buf, code, dst=out)

    return bind


def _vc_demosaic(method: str):
    def bind(vc, inp, out):
        fn = vc.demosaic
        return lambda: fn(inp, "RGGB", method=method, out=out)

    return bind


def _build_registry() -> list[BenchOp]:
    ops: list[BenchOp] = []
    all_dtypes = ("uint8", "uint16", "float32")
    simple = [
        ("rgb_to_gray", "rgb", all_dtypes, "COLOR_RGB2GRAY"),
        ("gray_to_rgb", "gray", all_dtypes, "COLOR_GRAY2RGB"),
        ("rgb_to_bgr", "rgb", all_dtypes, "COLOR_RGB2BGR"),
        ("rgba_to_rgb", "rgba", all_dtypes, "COLOR_RGBA2RGB"),
        ("rgb_to_rgba", "rgb", all_dtypes, "COLOR_RGB2RGBA"),
        ("rgb_to_hsv", "rgb", ("uint8", "float32"), "COLOR_RGB2HSV"),
        ("hsv_to_rgb", "hsv", ("uint8", "float32"), "COLOR_HSV2RGB"),
    ]
    for name, kind, dtypes, code in simple:
        for dt in dtypes:
            tol = 1.0 if dt != "float32" else 1e-4
            if dt == "float32" and name == "rgb_to_hsv":
                tol = 1e-2  # hue is in degrees, [0, 360)
            ops.append(BenchOp(name, kind, dt, name, _vc_unary(name), _cvt(code), tolerance=tol))
    for dt in ("uint8", "uint16"):
        # OpenCV names Bayer codes after the second row's 2nd/3rd pixels:
        # our RGGB is its BayerBG. Borders follow different conventions.
        ops.append(BenchOp("demosaic:bilinear", "raw", dt, "demosaic", _vc_demosaic("bilinear"),
                           _cvt("COLOR_BayerBG2RGB"), tolerance=1.0, border=2))
        ops.append(BenchOp("demosaic:malvar", "raw", dt, "demosaic", _vc_demosaic("malvar"),
                           _cvt("COLOR_BayerBG2RGB_EA"), tolerance=float("inf"),
                           peer_note="peer: OpenCV edge-aware (_EA), a different algorithm"))
    for layout in ("NV12", "NV21", "I420", "YV12", "YUYV", "UYVY"):
        ops.append(BenchOp(f"yuv_to_rgb:{layout}", "yuv", "uint8", "yuv_to_rgb", _vc_yuv(layout),
                           _cv_yuv(layout), tolerance=2.0))
    # Preprocessing entries, one module per area.
    from . import (_bench_arith, _bench_draw, _bench_edges, _bench_filter, _bench_geometry,
                   _bench_hist, _bench_keypoints, _bench_morph, _bench_nonlinear, _bench_shapes,
                   _bench_templ)

    ops += _bench_filter.FILTER_OPS + _bench_geometry.GEOMETRY_OPS
    ops += _bench_morph.OPS + _bench_nonlinear.OPS
    ops += _bench_hist.OPS + _bench_arith.OPS
    # Feature extraction entries.
    ops += _bench_edges.OPS + _bench_keypoints.OPS + _bench_shapes.OPS + _bench_templ.OPS
    ops += _bench_draw.OPS
    ops.append(BenchOp("call_overhead:rgb_to_gray", "rgb", "uint8", "rgb_to_gray",
                       _vc_unary("rgb_to_gray"), _cvt("COLOR_RGB2GRAY"), fixed_size=(1, 1),
                       peer_note="1x1 image: per-call cost"))
    return ops


REGISTRY: list[BenchOp] = _build_registry()


def select(patterns: Sequence[str] | None, registry: Sequence[BenchOp] = REGISTRY) -> list[BenchOp]:
    """Entries whose id matches any pattern: a glob (with * ? [) or a
    substring; None or empty selects all."""
    if not patterns:
        return list(registry)
    chosen = []
    for op in registry:
        for p in patterns:
            if any(ch in p for ch in "*?[") and (fnmatch.fnmatchcase(op.id, p)
                                                 or fnmatch.fnmatchcase(op.name, p)):
                chosen.append(op)
                break
            if p in op.id:
                chosen.append(op)
                break
    return chosen


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------


@dataclasses.dataclass
class YuvFrame:
    """A packed YUV frame: ``buffer`` is shaped as OpenCV expects it
    ((H*3/2, W) for the 4:2:0 layouts, (H, W, 2) for YUYV/UYVY)."""

    buffer: np.ndarray
    width: int
    height: int

    @property
    def nbytes(self) -> int:
        return self.buffer.nbytes


def make_input(op: BenchOp, width: int, height: int, seed: int = 0):
    """A deterministic random input for ``op`` at the given size."""
    rng = np.random.default_rng(seed)
    dt = np.dtype(op.dtype)
    if op.make is not None:
        return op.make(rng, width, height, dt)

    def rand(shape):
        if dt == np.float32:
            return rng.random(shape, dtype=np.float32)
        return rng.integers(0, int(np.iinfo(dt).max) + 1, shape, dtype=dt)

    if op.input == "gray" or op.input == "raw":
        return rand((height, width))
    if op.input == "rgb":
        return rand((height, width, 3))
    if op.input == "rgba":
        return rand((height, width, 4))
    if op.input == "hsv":
        img = rand((height, width, 3))
        if dt == np.uint8:
            img[:, :, 0] = rng.integers(0, 180, (height, width), dtype=np.uint8)
        else:
            img[:, :, 0] *= 360
        return img
    if op.input == "yuv":
        layout = op.name.split(":")[1]
        if layout in ("YUYV", "UYVY"):
            buf = rng.integers(0, 256, (height, width, 2), dtype=np.uint8)
        else:
            buf = rng.integers(0, 256, (height * 3 // 2, width), dtype=np.uint8)
        return YuvFrame(buf, width, height)
    raise ValueError(f"unknown input kind {op.input!r}")


def input_bytes(inp) -> int:
    return inp.nbytes


# --------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------


def _loop_seconds(fn: Callable[[], Any], loops: int) -> float:
    perf = time.perf_counter
    t0 = perf()
    for _ in range(loops):
        fn()
    return perf() - t0


def _calibrate(fn: Callable[[], Any], min_loop_s: float) -> int:
    """Warm-up calls, then the loop length that takes at least min_loop_s."""
    fn()
    fn()
    loops = 1
    while True:
        elapsed = _loop_seconds(fn, loops)
        if elapsed >= min_loop_s or loops >= 1 << 20:
            return loops
        loops = max(loops * 2, int(loops * min_loop_s / max(elapsed, 1e-9) * 1.2))


def time_call(fn: Callable[[], Any], repeat: int = 7, min_loop_s: float = 0.02) -> float:
    """Median seconds per call: warm-up, calibrate a loop of at least
    ``min_loop_s``, then time that loop ``repeat`` times."""
    loops = _calibrate(fn, min_loop_s)
    return statistics.median(_loop_seconds(fn, loops) / loops for _ in range(max(1, repeat)))


def time_pair(fa: Callable[[], Any], fb: Callable[[], Any], repeat: int = 7,
              min_loop_s: float = 0.02) -> tuple[float, float]:
    """Median seconds per call of two functions, their timed loops
    interleaved (a, b, a, b, ...) so that both see the same machine load:
    on a shared machine, load drifts between two separate series."""
    la, lb = _calibrate(fa, min_loop_s), _calibrate(fb, min_loop_s)
    sa, sb = [], []
    for _ in range(max(1, repeat)):
        sa.append(_loop_seconds(fa, la) / la)
        sb.append(_loop_seconds(fb, lb) / lb)
    return statistics.median(sa), statistics.median(sb)


def out_like(result):
    """A preallocated ``out=`` for a result: an array like it, or None when
    the op returns something else (keypoints, a tuple)."""
    return np.empty_like(result) if isinstance(result, np.ndarray) else None


def discrepancy(op: BenchOp, ref, peer) -> float:
    """How far the peer's result is from ours, in the entry's own measure."""
    if op.compare is not None:
        return float(op.compare(ref, peer))
    return _max_abs_diff(np.asarray(ref), np.asarray(peer), op.border)


def _max_abs_diff(a: np.ndarray, b: np.ndarray, border: int) -> float:
    if a.shape != b.shape:
        return float("inf")
    if border and a.shape[0] > 2 * border and a.shape[1] > 2 * border:
        a = a[border:-border, border:-border]
        b = b[border:-border, border:-border]
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a.astype(np.float64) - b.astype(np.float64))))


def import_cv2():
    """(cv2 module or None, reason it is missing or None)."""
    try:
        import cv2
    except Exception as e:  # noqa: BLE001 - ImportError, or a broken install
        return None, (f"OpenCV (cv2) is not importable ({type(e).__name__}: {e}); "
                      "install opencv-python-headless to fill the OpenCV column")
    return cv2, None


@dataclasses.dataclass
class Result:
    op: str
    id: str
    input: str
    dtype: str
    width: int
    height: int
    threads: int
    isa: str
    vc_ms: float | None
    cv_ms: float | None
    ratio: float | None
    note: str = ""
    # bytes of input plus output images per call (None when either is not an
    # array): with vc_ms, the achieved memory traffic of memory-bound ops
    bytes_moved: int | None = None

    @property
    def image(self) -> str:
        return f"{self.width}x{self.height} {self.input} {_SHORT.get(self.dtype, self.dtype)}"


def bench_one(op: BenchOp, width: int, height: int, threads: int, *, cv2=None,
              repeat: int = 7, min_loop_s: float = 0.02) -> Result:
    """Times one registry entry at one size and thread count (at the current
    ISA level). Sets both libraries' thread counts; the caller restores them."""
    import visioncore as vc

    if op.fixed_size:
        width, height = op.fixed_size
    res = Result(op.name, op.id, op.input, op.dtype, width, height, threads, vc.get_isa(),
                 None, None, None)
    if not hasattr(vc, op.requires):
        res.note = f"skipped: vc.{op.requires} is not in this build"
        return res
    vc.set_num_threads(threads)
    inp = make_input(op, width, height)
    try:
        ref = op.bind_vc(vc, inp, None)()
    except Exception as e:  # noqa: BLE001 - any failure becomes a note, not a crash
        res.note = f"skipped: visioncore raised {type(e).__name__}: {e}"
        return res
    notes = [op.peer_note] if op.fixed_size and op.peer_note else []
    # stage 1: run the peer once and compare, so only equal work is compared
    call_cv = None
    if cv2 is not None and op.bind_cv is not None:
        cv2.setNumThreads(threads)
        try:
            call_cv = op.bind_cv(cv2, inp, out_like(ref))
            peer = call_cv()
        except Exception as e:  # noqa: BLE001 - cv2.error, or a missing code
            first = (str(e).splitlines() or [""])[0][:80]
            notes.append(f"no OpenCV peer ({type(e).__name__}: {first})")
            call_cv = None
        if call_cv is not None:
            diff = discrepancy(op, ref, peer)
            if diff > op.tolerance:
                notes.append(f"results differ from OpenCV by up to {diff:g} "
                             f"(tolerance {op.tolerance:g}): comparison skipped")
                call_cv = None
    # stage 2: time both, outputs preallocated, loops interleaved
    if isinstance(ref, np.ndarray) and hasattr(inp, "nbytes") and not op.in_place:
        res.bytes_moved = int(inp.nbytes + ref.nbytes)
    call_vc = op.bind_vc(vc, inp, out_like(ref))
    if call_cv is None:
        res.vc_ms = 1e3 * time_call(call_vc, repeat, min_loop_s)
    else:
        t_vc, t_cv = time_pair(call_vc, call_cv, repeat, min_loop_s)
        res.vc_ms, res.cv_ms = 1e3 * t_vc, 1e3 * t_cv
        res.ratio = res.cv_ms / res.vc_ms if res.vc_ms > 0 else None
        if op.peer_note and not op.fixed_size:
            notes.append(op.peer_note)
    res.note = "; ".join(notes)
    return res


class Progress:
    """A plain-text progress bar on a stream (stderr): redrawn in place on a
    terminal, one line per step otherwise."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool = True):
        self.total = max(total, 1)
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.tty = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()

    def step(self, label: str) -> None:
        if not self.enabled:
            return
        width = 30
        filled = width * self.done // self.total
        bar = "#" * filled + "." * (width - filled)
        text = f"[{bar}] {self.done + 1}/{self.total} {label}"
        if self.tty:
            self.stream.write("\r" + text[:118].ljust(118))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
        self.done += 1

    def close(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("\r" + " " * 118 + "\r")
            self.stream.flush()


def run(ops: Sequence[BenchOp], sizes: Sequence[tuple[int, int]], threads: Sequence[int],
        isas: Sequence[str | None] = (None,), *, repeat: int = 7, min_loop_s: float = 0.02,
        use_cv2: bool = True, progress: bool = True, stream: TextIO | None = None) -> dict:
    """Runs ``ops`` at every size x thread count x ISA level. Returns the report
    dict that ``--json`` writes (see ``report_to_table``)."""
    import visioncore as vc

    cv2, cv2_missing = import_cv2() if use_cv2 else (None, "OpenCV comparison disabled")
    old_threads, old_isa = vc.get_num_threads(), vc.get_isa()
    old_cv_threads = cv2.getNumThreads() if cv2 is not None else None
    jobs = []
    for isa in isas:
        for t in threads:
            for size in sizes:
                for op in ops:
                    if op.fixed_size and size != sizes[0]:
                        continue  # size-independent entries run once per thread count
                    jobs.append((isa, t, size, op))
    bar = Progress(len(jobs), stream, progress)
    results: list[Result] = []
    try:
        for isa, t, (w, h), op in jobs:
            vc.set_isa(isa or old_isa)
            shown = op.fixed_size or (w, h)
            bar.step(f"{op.id} {shown[0]}x{shown[1]} threads={t}")
            results.append(bench_one(op, w, h, t, cv2=cv2, repeat=repeat, min_loop_s=min_loop_s))
    finally:
        bar.close()
        vc.set_num_threads(old_threads)
        vc.set_isa(old_isa)
        if cv2 is not None:
            cv2.setNumThreads(old_cv_threads)
    return {
        "machine": machine_info(),
        "versions": versions(cv2),
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "settings": {"sizes": [f"{w}x{h}" for w, h in sizes], "threads": list(threads),
                     "isa": [i or vc.get_isa() for i in isas], "repeat": repeat,
                     "min_loop_s": min_loop_s},
        "opencv": None if cv2_missing else cv2.__version__,
        "opencv_missing": cv2_missing,
        "results": [dataclasses.asdict(r) | {"image": r.image} for r in results],
    }


# --------------------------------------------------------------------------
# Machine facts and the table
# --------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.lower().startswith(("model name", "hardware", "cpu model")):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def machine_info() -> dict:
    info = _core.build_info()
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = os.cpu_count() or 1
    return {
        "cpu": cpu_model(),
        "logical_cpus": os.cpu_count(),
        "usable_cpus": usable,
        "arch": platform.machine(),
        "os": f"{platform.system()} {platform.release()}",
        "active_isa": info["active_isa"],
        "available_isas": list(info["available_isas"]),
        # 1-minute load average: above the cpu count, other processes
        # competed for the cores and the timings (2-thread ones most) suffer
        "load_avg_1min": _load_avg(),
    }


def copy_bandwidth(nbytes: int, repeat: int = 7) -> float:
    """GB/s (read + write) of one thread copying ``nbytes`` between two
    buffers: the yardstick for memory-bound operations."""
    src = np.ones(nbytes, np.uint8)
    dst = np.empty_like(src)
    seconds = time_call(lambda: np.copyto(dst, src), repeat=repeat)
    return 2 * nbytes / seconds / 1e9


def _load_avg() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def versions(cv2=None) -> dict:
    import visioncore as vc

    return {
        "visioncore": vc.__version__,
        "opencv": getattr(cv2, "__version__", None),
        "numpy": np.__version__,
        "python": platform.python_version(),
    }


def _fmt_ms(v: float | None) -> str:
    if v is None:
        return "-"
    return f"{v:.4f}" if v < 0.1 else (f"{v:.3f}" if v < 10 else f"{v:.1f}")


def report_to_table(report: dict, markdown: bool = False) -> str:
    """The results as an aligned text table (or a Markdown table)."""
    header = ["operation", "image", "threads", "isa", "visioncore ms", "OpenCV ms",
              "ratio", "note"]
    rows = []
    for r in report["results"]:
        ratio = "-" if r["ratio"] is None else f"{r['ratio']:.2f}"
        rows.append([r["op"], r["image"], str(r["threads"]), r["isa"], _fmt_ms(r["vc_ms"]),
                     _fmt_ms(r["cv_ms"]), ratio, r["note"]])
    if markdown:
        lines = ["| " + " | ".join(header) + " |",
                 "|" + "---|---|---:|---|---:|---:|---:|---" + "|"]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(header[i]), *(len(row[i]) for row in rows)) if rows else len(header[i])
              for i in range(len(header))]
    right = {2, 4, 5, 6}

    def line(cells):
        out = [c.rjust(widths[i]) if i in right else c.ljust(widths[i])
               for i, c in enumerate(cells)]
        return "  ".join(out).rstrip()

    sep = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), sep] + [line(row) for row in rows])


def parse_size(text: str) -> tuple[int, int]:
    """"1920x1080" -> (1920, 1080)."""
    parts = text.lower().split("x")
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or min(int(p) for p in parts) < 1:
        raise ValueError(f"expected a size like 1920x1080; got {text!r}")
    return int(parts[0]), int(parts[1])
