"""Benchmark entries for drawing (see visioncore.bench): each call draws one
primitive across the image into a canvas of the input's shape and dtype,
against the matching cv2 drawing function on its own canvas."""

from __future__ import annotations

import numpy as np

from . import bench

# (name, cv2 function, thickness, line type, tolerance)
CASES = [
    ("draw.line", "line", 1, "8", 0.0),
    ("draw.line:t5", "line", 5, "8", float("inf")),
    ("draw.line:aa", "line", 1, "aa", float("inf")),
    ("draw.circle", "circle", 1, "8", 0.0),
    ("draw.circle:filled", "circle", -1, "8", 0.0),
]
INPUTS = [("gray", "uint8"), ("rgb", "uint8")]
_NOTES = {"draw.line:t5": "OpenCV's thick-line polygon differs by <= 1 px at the edges",
          "draw.line:aa": "different anti-aliasing filters"}


def _geometry(img):
    h, w = img.shape[:2]
    return (w // 20, h // 10), (w - 1 - w // 20, h - 1 - h // 10), (w // 2, h // 2), h // 3


def _color(img):
    return (200, 100, 50)[: img.shape[2]] if img.ndim == 3 else 200


def _bind_vc(kind, thickness, line_type):
    def bind(vc, inp, out):
        canvas = np.zeros_like(inp)
        p, q, c, r = _geometry(canvas)
        color = _color(canvas)
        if kind == "line":
            fn = vc.draw.line
            return lambda: fn(canvas, p, q, color, thickness, line_type)
        fn = vc.draw.circle
        return lambda: fn(canvas, c, r, color, thickness, line_type)

    return bind


def _bind_cv(kind, thickness, line_type):
    def bind(cv2, inp, out):
        canvas = np.zeros_like(inp)
        p, q, c, r = _geometry(canvas)
        color = _color(canvas)
        lt = cv2.LINE_AA if line_type == "aa" else cv2.LINE_8
        if kind == "line":
            fn = cv2.line
            return lambda: fn(canvas, p, q, color, thickness, lt)
        fn = cv2.circle
        return lambda: fn(canvas, c, r, color, thickness, lt)

    return bind


OPS = [bench.BenchOp(name + (":rgb" if inp == "rgb" else ""), inp, dtype, "draw",
                     _bind_vc(kind, t, lt), _bind_cv(kind, t, lt), tolerance=tol,
                     peer_note=_NOTES.get(name, ""), in_place=True)
       for name, kind, t, lt, tol in CASES for inp, dtype in INPUTS]
