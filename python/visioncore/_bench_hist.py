"""Benchmark entries for hist operations (see visioncore.bench): the
OpenCV peer, tolerance and inputs of each timed call."""

from __future__ import annotations

import numpy as np

from . import bench


def _vc_hist(range_):
    def bind(vc, inp, out):
        fn = vc.histogram
        return lambda: fn(inp, 256, range_)

    return bind


def _cv_hist(range_):
    def bind(cv2, inp, out):
        calc = cv2.calcHist
        chans = [[c] for c in range(1 if inp.ndim == 2 else inp.shape[2])]
        r = list(range_)
        return lambda: [calc([inp], ch, None, [256], r) for ch in chans]

    return bind


def _cmp_hist(ours, theirs) -> float:
    ours = np.asarray(ours).reshape(len(theirs), -1)
    return float(max(np.max(np.abs(ours[i] - np.reshape(t, -1))) for i, t in enumerate(theirs)))


def _vc_out(fn_name, *args, **kwargs):
    def bind(vc, inp, out):
        fn = getattr(vc, fn_name)
        return lambda: fn(inp, *args, out=out, **kwargs)

    return bind


def _cv_clahe(clip, grid):
    def bind(cv2, inp, out):
        apply = cv2.createCLAHE(clipLimit=clip, tileGridSize=grid).apply
        return lambda: apply(inp, dst=out)

    return bind


def _cv_integral(cv2, inp, out):
    fn = cv2.integral
    return lambda: fn(inp, sum=out)


def _vc_integral2(vc, inp, out):
    fn = vc.integral
    s, sq = fn(inp, squared=True)
    bufs = (np.empty_like(s), np.empty_like(sq))
    return lambda: fn(inp, squared=True, out=bufs)


def _cv_integral2(cv2, inp, out):
    fn = cv2.integral2
    s, sq = fn(inp)
    return lambda: fn(inp, sum=s, sqsum=sq)


def _cmp_pair(ours, theirs) -> float:
    return float(max(np.max(np.abs(np.asarray(a, np.float64) - np.asarray(b, np.float64)))
                     for a, b in zip(ours, theirs)))


def _vc_level(fn_name):
    def bind(vc, inp, out):
        fn = getattr(vc, fn_name)
        return lambda: fn(inp)

    return bind


def _cv_level(flag):
    def bind(cv2, inp, out):
        fn, f = cv2.threshold, cv2.THRESH_BINARY | getattr(cv2, flag)
        dst = np.empty_like(inp)
        return lambda: fn(inp, 0, 255, f, dst=dst)[0]

    return bind


def _cmp_level(ours, theirs) -> float:
    return abs(float(ours) - float(theirs))


def _bimodal(rng, width, height, dtype):
    """A photo-like gray image: two overlapping Gaussian populations."""
    img = np.where(rng.random((height, width)) > 0.4, rng.normal(70, 20, (height, width)),
                   rng.normal(170, 25, (height, width)))
    return img.clip(0, 255).astype(np.uint8)


_LEVEL_NOTE = "OpenCV also writes the thresholded image"


def _build() -> list[bench.BenchOp]:
    ops = []
    for kind, dt in [("gray", "uint8"), ("rgb", "uint8"), ("gray", "float32")]:
        rng_ = (0, 1) if dt == "float32" else (0, 256)
        ops.append(bench.BenchOp(f"histogram:256:{kind}", kind, dt, "histogram", _vc_hist(rng_),
                                 _cv_hist(rng_), tolerance=0, compare=_cmp_hist))
    ops.append(bench.BenchOp("equalize_hist", "gray", "uint8", "equalize_hist",
                             _vc_out("equalize_hist"),
                             lambda cv2, inp, out: (lambda: cv2.equalizeHist(inp, dst=out)),
                             tolerance=0))
    ops.append(bench.BenchOp("clahe:2.0/8x8", "gray", "uint8", "clahe",
                             _vc_out("clahe", 2.0, (8, 8)), _cv_clahe(2.0, (8, 8)),
                             tolerance=0, make=_bimodal))
    for kind, dt in [("gray", "uint8"), ("rgb", "uint8"), ("gray", "float32")]:
        ops.append(bench.BenchOp(f"integral:{kind}", kind, dt, "integral", _vc_out("integral"),
                                 _cv_integral, tolerance=0))
    ops.append(bench.BenchOp("integral:squared:gray", "gray", "uint8", "integral", _vc_integral2,
                             _cv_integral2, tolerance=0, compare=_cmp_pair))
    ops.append(bench.BenchOp("threshold_otsu", "gray", "uint8", "threshold_otsu",
                             _vc_level("threshold_otsu"), _cv_level("THRESH_OTSU"),
                             tolerance=0, make=_bimodal, compare=_cmp_level,
                             peer_note=_LEVEL_NOTE))
    ops.append(bench.BenchOp("threshold_triangle", "gray", "uint8", "threshold_triangle",
                             _vc_level("threshold_triangle"), _cv_level("THRESH_TRIANGLE"),
                             tolerance=0, make=_bimodal, compare=_cmp_level,
                             peer_note=_LEVEL_NOTE))
    return ops


OPS: list[bench.BenchOp] = _build()
