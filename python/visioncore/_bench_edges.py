"""Benchmark entries for edges operations (see visioncore.bench): the
OpenCV peer, tolerance and inputs of each timed call."""

from __future__ import annotations

import numpy as np

from . import bench


def _photo_like(rng, width, height, dtype):
    """Smoothed noise plus a few bright shapes: edges and corners like a
    photograph's, not a random image's everywhere-edge."""
    small = rng.integers(0, 256, ((height + 7) // 8, (width + 7) // 8)).astype(np.float32)
    img = np.kron(small, np.ones((8, 8), np.float32))[:height, :width].astype(np.float64)
    # separable 9-tap box (edge-padded, shape kept), twice: soft transitions
    for _ in range(2):
        for axis in (0, 1):
            pad = [(4, 4) if a == axis else (0, 0) for a in (0, 1)]
            c = np.cumsum(np.pad(img, pad, mode="edge"), axis=axis)
            c = np.concatenate([np.zeros_like(c.take([0], axis=axis)), c], axis=axis)
            n = img.shape[axis]
            img = (c.take(np.arange(9, n + 9), axis=axis) - c.take(np.arange(n), axis=axis)) / 9
    img += rng.normal(0, 2, img.shape)
    out = np.clip(img, 0, 255).astype(np.uint8)
    if np.dtype(dtype) == np.float32:
        return out.astype(np.float32) / 255
    return out


def _edge_fraction(a, b) -> float:
    """Fraction of edge-map pixels that differ."""
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        return float("inf")
    return float(np.count_nonzero(a != b)) / max(a.size, 1)


def _rel_max(a, b) -> float:
    """max |a - b| relative to the largest |b| (corner responses)."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    if a.shape != b.shape:
        return float("inf")
    return float(np.abs(a - b).max() / max(np.abs(b).max(), 1e-30))


def _corner_miss(a, b) -> float:
    """Fraction of OpenCV's corners without one of ours within 0.5 px."""
    b = np.zeros((0, 2), np.float32) if b is None else np.asarray(b).reshape(-1, 2)
    a = np.asarray(a).reshape(-1, 2)
    if len(b) == 0:
        return 0.0 if len(a) == 0 else 1.0
    if len(a) == 0:
        return 1.0
    hits = 0
    for i in range(0, len(b), 256):
        d = ((b[i:i + 256, None, :] - a[None, :, :]) ** 2).sum(-1)
        hits += int((d.min(axis=1) <= 0.25).sum())
    return 1.0 - hits / len(b)


def _canny_vc(low, high, **kw):
    def bind(vc, inp, out):
        fn = vc.canny
        return lambda: fn(inp, low, high, out=out, **kw)

    return bind


def _canny_cv(low, high, aperture=3, l2=False):
    def bind(cv2, inp, out):
        fn = cv2.Canny
        return lambda: fn(inp, low, high, edges=out, apertureSize=aperture, L2gradient=l2)

    return bind


def _harris_vc(vc, inp, out):
    fn = vc.corner_harris
    return lambda: fn(inp, 3, 3, 0.04, out=out)


def _harris_cv(cv2, inp, out):
    fn = cv2.cornerHarris
    return lambda: fn(inp, 3, 3, 0.04, dst=out)


def _min_eigen_vc(vc, inp, out):
    fn = vc.corner_min_eigen
    return lambda: fn(inp, 3, out=out)


def _min_eigen_cv(cv2, inp, out):
    fn = cv2.cornerMinEigenVal
    return lambda: fn(inp, 3, dst=out)


def _gftt_vc(vc, inp, out):
    fn = vc.good_features_to_track
    return lambda: fn(inp, 1000, 0.01, 10)


def _gftt_cv(cv2, inp, out):
    fn = cv2.goodFeaturesToTrack
    return lambda: fn(inp, 1000, 0.01, 10)


def _build() -> list[bench.BenchOp]:
    ops = [
        bench.BenchOp("canny", "gray", "uint8", "canny", _canny_vc(50, 150),
                      _canny_cv(50, 150), tolerance=0.005, make=_photo_like,
                      compare=_edge_fraction),
        bench.BenchOp("canny:l2", "gray", "uint8", "canny", _canny_vc(50, 150, l2_gradient=True),
                      _canny_cv(50, 150, l2=True), tolerance=0.005, make=_photo_like,
                      compare=_edge_fraction),
        bench.BenchOp("canny:5x5", "gray", "uint8", "canny", _canny_vc(300, 900, aperture=5),
                      _canny_cv(300, 900, aperture=5), tolerance=0.005, make=_photo_like,
                      compare=_edge_fraction),
    ]
    for dt in ("uint8", "float32"):
        ops += [
            bench.BenchOp("corner_harris", "gray", dt, "corner_harris", _harris_vc, _harris_cv,
                          tolerance=1e-4, make=_photo_like, compare=_rel_max),
            bench.BenchOp("corner_min_eigen", "gray", dt, "corner_min_eigen", _min_eigen_vc,
                          _min_eigen_cv, tolerance=1e-4, make=_photo_like, compare=_rel_max),
        ]
    ops.append(bench.BenchOp("good_features_to_track", "gray", "uint8", "good_features_to_track",
                             _gftt_vc, _gftt_cv, tolerance=0.05, make=_photo_like,
                             compare=_corner_miss))
    return ops


OPS: list[bench.BenchOp] = _build()
