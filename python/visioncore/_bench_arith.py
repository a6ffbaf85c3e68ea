"""Benchmark entries for arith operations (see visioncore.bench): the
OpenCV peer, tolerance and inputs of each timed call.

threshold (each mode on gray uint8, binary on RGB uint8 and gray float32),
convert_scale uint8 -> float32 and float32 -> uint8, normalize minmax on
uint8 and float32, add_weighted and absdiff (two inputs, built by ``make``).
All are memory-bound: ``traffic_bytes`` gives the bytes one call reads and
writes, for GB/s figures."""

from __future__ import annotations

import dataclasses

import numpy as np

from . import bench

_MODES = ["binary", "binary_inv", "trunc", "tozero", "tozero_inv"]
_CV_MODES = {"binary": "THRESH_BINARY", "binary_inv": "THRESH_BINARY_INV",
             "trunc": "THRESH_TRUNC", "tozero": "THRESH_TOZERO",
             "tozero_inv": "THRESH_TOZERO_INV"}
_CV_DEPTH = {"uint8": "CV_8U", "uint16": "CV_16U", "int16": "CV_16S", "float32": "CV_32F"}


@dataclasses.dataclass
class Pair:
    """Two same-shaped images, the inputs of a binary operation."""

    a: np.ndarray
    b: np.ndarray

    @property
    def nbytes(self) -> int:
        return self.a.nbytes + self.b.nbytes

    @property
    def dtype(self) -> np.dtype:
        return self.a.dtype

    @property
    def shape(self) -> tuple[int, ...]:
        return self.a.shape


def _rand(rng, shape, dt):
    if dt == np.float32:
        return rng.random(shape, dtype=np.float32)
    return rng.integers(0, int(np.iinfo(dt).max) + 1, shape, dtype=dt)


def _make_pair(channels):
    def make(rng, width, height, dt):
        shape = (height, width) if channels == 1 else (height, width, channels)
        return Pair(_rand(rng, shape, dt), _rand(rng, shape, dt))

    return make


def traffic_bytes(inp, result) -> int:
    """Bytes one call reads and writes (inputs + result)."""
    return int(inp.nbytes + result.nbytes)


def _threshold(mode, t):
    def bind_vc(vc, inp, out):
        fn = vc.threshold
        return lambda: fn(inp, t, 255, mode, out=out)

    def bind_cv(cv2, inp, out):
        fn, code = cv2.threshold, getattr(cv2, _CV_MODES[mode])
        return lambda: fn(inp, t, 255, code, dst=out)[1]  # cv2 returns (t, dst)

    return bind_vc, bind_cv


def _convert(dtype, alpha):
    def bind_vc(vc, inp, out):
        fn = vc.convert_scale
        return lambda: fn(inp, dtype, alpha, out=out)

    def bind_cv(cv2, inp, out):
        if dtype == "uint8":
            # non-negative input: convertScaleAbs is convertTo to uint8
            fn = cv2.convertScaleAbs
            return lambda: fn(inp, dst=out, alpha=alpha)
        fn, depth = cv2.multiply, getattr(cv2, _CV_DEPTH[dtype])
        return lambda: fn(inp, 1.0, dst=out, scale=alpha, dtype=depth)

    return bind_vc, bind_cv


def _normalize():
    def bind_vc(vc, inp, out):
        fn = vc.normalize
        return lambda: fn(inp, 0, 255, "minmax", out=out)

    def bind_cv(cv2, inp, out):
        fn, code = cv2.normalize, cv2.NORM_MINMAX
        return lambda: fn(inp, out, 0, 255, code)

    return bind_vc, bind_cv


def _add_weighted():
    def bind_vc(vc, inp, out):
        fn, a, b = vc.add_weighted, inp.a, inp.b
        return lambda: fn(a, 0.7, b, 0.3, 1.5, out=out)

    def bind_cv(cv2, inp, out):
        fn, a, b = cv2.addWeighted, inp.a, inp.b
        return lambda: fn(a, 0.7, b, 0.3, 1.5, dst=out)

    return bind_vc, bind_cv


def _absdiff():
    def bind_vc(vc, inp, out):
        fn, a, b = vc.absdiff, inp.a, inp.b
        return lambda: fn(a, b, out=out)

    def bind_cv(cv2, inp, out):
        fn, a, b = cv2.absdiff, inp.a, inp.b
        return lambda: fn(a, b, dst=out)

    return bind_vc, bind_cv


def _ops() -> list[bench.BenchOp]:
    ops = []
    for mode in _MODES:
        ops.append(bench.BenchOp(f"threshold:{mode}", "gray", "uint8", "threshold",
                                 *_threshold(mode, 127), tolerance=0.0))
    ops.append(bench.BenchOp("threshold:binary:rgb", "rgb", "uint8", "threshold",
                             *_threshold("binary", 127), tolerance=0.0))
    ops.append(bench.BenchOp("threshold:binary", "gray", "float32", "threshold",
                             *_threshold("binary", 0.5), tolerance=0.0))
    ops.append(bench.BenchOp("convert_scale:to_f32", "gray", "uint8", "convert_scale",
                             *_convert("float32", 1 / 255), tolerance=1e-6,
                             peer_note="peer: cv2.multiply(img, 1, scale, dtype=CV_32F); "
                                       "Python cv2 has no convertTo"))
    ops.append(bench.BenchOp("convert_scale:to_u8", "gray", "float32", "convert_scale",
                             *_convert("uint8", 255.0), tolerance=0.0,
                             peer_note="peer: cv2.convertScaleAbs (same result for x >= 0)"))
    for dt in ("uint8", "float32"):
        ops.append(bench.BenchOp("normalize:minmax", "gray", dt, "normalize", *_normalize(),
                                 tolerance=0.0 if dt == "uint8" else 1e-4))
    for dt in ("uint8", "float32"):
        ops.append(bench.BenchOp("add_weighted", "gray", dt, "add_weighted", *_add_weighted(),
                                 tolerance=0.0, make=_make_pair(1)))
    for dt in ("uint8", "uint16", "float32"):
        ops.append(bench.BenchOp("absdiff", "gray", dt, "absdiff", *_absdiff(), tolerance=0.0,
                                 make=_make_pair(1)))
    ops.append(bench.BenchOp("absdiff:rgb", "rgb", "uint8", "absdiff", *_absdiff(),
                             tolerance=0.0, make=_make_pair(3)))
    return ops


OPS: list[bench.BenchOp] = _ops()
