"""Benchmark entries for geometry operations (see visioncore.bench): the
OpenCV peer, tolerance and inputs of each timed call."""

from __future__ import annotations

import numpy as np

from .bench import BenchOp

DTYPES = [("gray", "uint8"), ("rgb", "uint8"), ("gray", "float32")]
_CACHE: dict = {}


def _tol(dtype: str) -> float:
    return 1.0 if dtype == "uint8" else 1e-4


def _cv_interp(cv2, name: str) -> int:
    return {"nearest": cv2.INTER_NEAREST, "linear": cv2.INTER_LINEAR, "area": cv2.INTER_AREA,
            "cubic": cv2.INTER_CUBIC}[name]


def _resize(factor: float, interp: str):
    def size(inp):
        h, w = inp.shape[:2]
        return max(1, round(w * factor)), max(1, round(h * factor))

    def bind_vc(vc, inp, out):
        fn, sz = vc.resize, size(inp)
        return lambda: fn(inp, sz, interpolation=interp, out=out)

    def bind_cv(cv2, inp, out):
        fn, sz, code = cv2.resize, size(inp), _cv_interp(cv2, interp)
        return lambda: fn(inp, sz, dst=out, interpolation=code)

    return bind_vc, bind_cv


def _rotation(shape):
    h, w = shape[:2]
    a = np.deg2rad(15.0)
    c, s = np.cos(a), np.sin(a)
    # cv2.getRotationMatrix2D((w / 2, h / 2), 15, 1) written out
    return np.array([[c, s, (1 - c) * w / 2 - s * h / 2], [-s, c, s * w / 2 + (1 - c) * h / 2]])


def _homography(shape):
    h, w = shape[:2]
    return np.array([[1.02, 0.05, -0.015 * w], [-0.04, 0.97, 0.02 * h],
                     [5e-5 * 1920 / w, -3e-5 * 1080 / h, 1.0]])


def _barrel_maps(shape):
    """The maps of a barrel-distortion correction (k1 = -0.25, k2 = 0.08)."""
    key = ("barrel", shape[:2])
    if key not in _CACHE:
        h, w = shape[:2]
        f = 0.52 * w
        ys, xs = np.indices((h, w), dtype=np.float64)
        x, y = (xs - w / 2) / f, (ys - h / 2) / f
        r2 = x * x + y * y
        k = 1 + (-0.25 + 0.08 * r2) * r2
        _CACHE[key] = ((x * k * f + w / 2).astype(np.float32), (y * k * f + h / 2).astype(np.float32))
    return _CACHE[key]


def _warp_affine():
    def bind_vc(vc, inp, out):
        fn, m, size = vc.warp_affine, _rotation(inp.shape), inp.shape[1::-1]
        return lambda: fn(inp, m, size, out=out)

    def bind_cv(cv2, inp, out):
        fn, m, size = cv2.warpAffine, _rotation(inp.shape), inp.shape[1::-1]
        return lambda: fn(inp, m, size, dst=out)

    return bind_vc, bind_cv


def _warp_perspective():
    def bind_vc(vc, inp, out):
        fn, m, size = vc.warp_perspective, _homography(inp.shape), inp.shape[1::-1]
        return lambda: fn(inp, m, size, out=out)

    def bind_cv(cv2, inp, out):
        fn, m, size = cv2.warpPerspective, _homography(inp.shape), inp.shape[1::-1]
        return lambda: fn(inp, m, size, dst=out)

    return bind_vc, bind_cv


def _remap():
    def bind_vc(vc, inp, out):
        fn, (mx, my) = vc.remap, _barrel_maps(inp.shape)
        return lambda: fn(inp, mx, my, out=out)

    def bind_cv(cv2, inp, out):
        fn, (mx, my), code = cv2.remap, _barrel_maps(inp.shape), cv2.INTER_LINEAR
        return lambda: fn(inp, mx, my, code, dst=out)

    return bind_vc, bind_cv


def _flip():
    def bind_vc(vc, inp, out):
        fn = vc.flip
        return lambda: fn(inp, "horizontal", out=out)

    def bind_cv(cv2, inp, out):
        fn = cv2.flip
        return lambda: fn(inp, 1, dst=out)

    return bind_vc, bind_cv


def _rotate():
    def bind_vc(vc, inp, out):
        fn = vc.rotate90
        return lambda: fn(inp, 1, out=out)

    def bind_cv(cv2, inp, out):
        fn, code = cv2.rotate, cv2.ROTATE_90_COUNTERCLOCKWISE
        return lambda: fn(inp, code, dst=out)

    return bind_vc, bind_cv


def _build() -> list[BenchOp]:
    ops = []
    for kind, dtype in DTYPES:
        tol = _tol(dtype)
        # ids are "<name>/<dtype>": the input kind joins the name for RGB
        tag = "" if kind == "gray" else ":" + kind
        for factor, label in ((0.5, "0.5x"), (2.0, "2x")):
            for interp in ("linear", "area", "cubic"):
                ops.append(BenchOp(f"resize:{label}:{interp}{tag}", kind, dtype, "resize",
                                   *_resize(factor, interp), tolerance=tol))
        ops.append(BenchOp(f"warp_affine:rot15{tag}", kind, dtype, "warp_affine", *_warp_affine(),
                           tolerance=tol))
        ops.append(BenchOp(f"warp_perspective{tag}", kind, dtype, "warp_perspective",
                           *_warp_perspective(), tolerance=tol))
        ops.append(BenchOp(f"remap:barrel{tag}", kind, dtype, "remap", *_remap(), tolerance=tol))
        ops.append(BenchOp(f"flip:horizontal{tag}", kind, dtype, "flip", *_flip(), tolerance=0.0))
        ops.append(BenchOp(f"rotate90{tag}", kind, dtype, "rotate90", *_rotate(), tolerance=0.0))
    return ops


GEOMETRY_OPS = _build()
