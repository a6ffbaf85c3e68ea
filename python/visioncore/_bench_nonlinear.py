"""Benchmark entries for nonlinear operations (see visioncore.bench): the
OpenCV peer, tolerance and inputs of each timed call."""

from __future__ import annotations


from . import bench

INPUTS = [("gray", "uint8"), ("rgb", "uint8"), ("gray", "float32")]


def _median(ksize):
    def bind_vc(vc, inp, out):
        fn = vc.median_blur
        return lambda: fn(inp, ksize, out=out)

    def bind_cv(cv2, inp, out):
        fn = cv2.medianBlur
        return lambda: fn(inp, ksize, dst=out)

    return bind_vc, bind_cv


def _bilateral(d, sigma_color, sigma_space):
    def bind_vc(vc, inp, out):
        fn = vc.bilateral_filter
        sc = sigma_color if inp.dtype.kind == "u" else sigma_color / 255
        return lambda: fn(inp, d, sc, sigma_space, out=out)

    def bind_cv(cv2, inp, out):
        fn = cv2.bilateralFilter
        sc = sigma_color if inp.dtype.kind == "u" else sigma_color / 255
        return lambda: fn(inp, d, sc, sigma_space, dst=out)

    return bind_vc, bind_cv


def _ops():
    ops = []
    for kind, dtype in INPUTS:
        suffix = ":rgb" if kind == "rgb" else ""
        for k in (3, 5, 15):
            if k > 5 and dtype != "uint8":
                continue  # larger windows are uint8 only (as in OpenCV)
            ops.append(bench.BenchOp(f"median_blur:{k}{suffix}", kind, dtype, "median_blur",
                                     *_median(k), tolerance=0.0))
        # uint8 within 1 of OpenCV; float32 within 1e-5 relative (values in [0, 1))
        ops.append(bench.BenchOp(f"bilateral_filter:d9{suffix}", kind, dtype, "bilateral_filter",
                                 *_bilateral(9, 75.0, 75.0),
                                 tolerance=1.0 if dtype == "uint8" else 1e-4))
    return ops


OPS = _ops()
