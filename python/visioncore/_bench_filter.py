"""Benchmark entries for filter operations (see visioncore.bench): the
OpenCV peer, tolerance and inputs of each timed call."""

from __future__ import annotations

import numpy as np

from . import bench

K3 = np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]], np.float32) / 16
G5 = np.array([1, 4, 6, 4, 1], np.float32) / 16


def _op(name, kind, dtype, requires, bind_vc, bind_cv, tolerance):
    return bench.BenchOp(f"{name}:{kind}", kind, dtype, requires, bind_vc, bind_cv,
                         tolerance=tolerance)


def _vc(fn_name, *args, **kwargs):
    """Binder for ``vc.<fn_name>(img, *args, **kwargs, out=out)``."""
    def bind(vc, inp, out):
        fn = getattr(vc, fn_name)
        return lambda: fn(inp, *args, out=out, **kwargs)

    return bind


def _cv(fn_name, *args, ddepth=None, **kwargs):
    """Binder for ``cv2.<fn_name>(img, [ddepth,] *args, dst=out, **kwargs)``;
    ddepth names a cv2 constant, or None for ddepth=-1 where one is needed."""
    def bind(cv2, inp, out):
        fn = getattr(cv2, fn_name)
        head = () if ddepth is False else (-1 if ddepth is None else getattr(cv2, ddepth),)
        return lambda: fn(inp, *head, *args, dst=out, **kwargs)

    return bind


def _build() -> list[bench.BenchOp]:
    ops = []
    for kind, dt in [("gray", "uint8"), ("rgb", "uint8"), ("gray", "float32")]:
        tol = 1.0 if dt == "uint8" else 1e-4
        d = "CV_16S" if dt == "uint8" else "CV_32F"  # derivatives: u8 -> int16, f32 -> f32
        ops += [
            _op("filter2d:3x3", kind, dt, "filter2d", _vc("filter2d", K3),
                _cv("filter2D", K3), tol),
            _op("sep_filter2d:5x5", kind, dt, "sep_filter2d", _vc("sep_filter2d", G5, G5),
                _cv("sepFilter2D", G5, G5), tol),
            _op("box_filter:5x5", kind, dt, "box_filter", _vc("box_filter", 5),
                _cv("blur", (5, 5), ddepth=False), tol),
            _op("box_filter:15x15", kind, dt, "box_filter", _vc("box_filter", 15),
                _cv("blur", (15, 15), ddepth=False), tol),
            _op("gaussian_blur:3x3", kind, dt, "gaussian_blur", _vc("gaussian_blur", 3, 0),
                _cv("GaussianBlur", (3, 3), 0, ddepth=False), tol),
            _op("gaussian_blur:5x5", kind, dt, "gaussian_blur", _vc("gaussian_blur", 5, 0),
                _cv("GaussianBlur", (5, 5), 0, ddepth=False), tol),
            _op("gaussian_blur:11x11", kind, dt, "gaussian_blur", _vc("gaussian_blur", 11, 2.0),
                _cv("GaussianBlur", (11, 11), 2.0, ddepth=False), tol),
            _op("sobel:3x3", kind, dt, "sobel", _vc("sobel", 1, 0), _cv("Sobel", 1, 0, ddepth=d), tol),
            _op("scharr", kind, dt, "scharr", _vc("scharr", 1, 0), _cv("Scharr", 1, 0, ddepth=d), tol),
            _op("laplacian:1", kind, dt, "laplacian", _vc("laplacian", ksize=1),
                _cv("Laplacian", ddepth=d, ksize=1), tol),
            _op("laplacian:3", kind, dt, "laplacian", _vc("laplacian", ksize=3),
                _cv("Laplacian", ddepth=d, ksize=3), tol),
        ]
    for method, code in [("mean", "ADAPTIVE_THRESH_MEAN_C"), ("gaussian", "ADAPTIVE_THRESH_GAUSSIAN_C")]:
        def bind_cv(cv2, inp, out, code=code):
            fn, c, t = cv2.adaptiveThreshold, getattr(cv2, code), cv2.THRESH_BINARY
            return lambda: fn(inp, 255, c, t, 11, 2, dst=out)

        ops.append(_op(f"adaptive_threshold:{method}:11", "gray", "uint8", "adaptive_threshold",
                       _vc("adaptive_threshold", 255, method, 11, 2), bind_cv, 0.0))
    return ops


FILTER_OPS = _build()
