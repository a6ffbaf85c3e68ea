"""Benchmark entries for morph operations (see visioncore.bench): the
OpenCV peer, tolerance and inputs of each timed call."""

from __future__ import annotations

from . import bench

# (name, visioncore op, OpenCV op, shape, ksize)
CASES = [
    ("erode:rect3", "erode", "MORPH_ERODE", "rect", 3),
    ("dilate:rect3", "dilate", "MORPH_DILATE", "rect", 3),
    ("open:rect5", "open", "MORPH_OPEN", "rect", 5),
    ("erode:rect31", "erode", "MORPH_ERODE", "rect", 31),
    ("erode:ellipse15", "erode", "MORPH_ERODE", "ellipse", 15),
]
INPUTS = [("gray", "uint8"), ("rgb", "uint8"), ("gray", "float32")]
_CV_SHAPES = {"rect": "MORPH_RECT", "ellipse": "MORPH_ELLIPSE"}


def _bind_vc(op, shape, ksize):
    def bind(vc, inp, out):
        fn, kernel = vc.morphology, vc.structuring_element(shape, ksize)
        return lambda: fn(inp, op, kernel, out=out)

    return bind


def _bind_cv(op, shape, ksize):
    def bind(cv2, inp, out):
        fn, code = cv2.morphologyEx, getattr(cv2, op)
        kernel = cv2.getStructuringElement(getattr(cv2, _CV_SHAPES[shape]), (ksize, ksize))
        return lambda: fn(inp, code, kernel, dst=out)

    return bind


OPS = [bench.BenchOp(name + (":rgb" if kind == "rgb" else ""), kind, dtype, "morphology",
                     _bind_vc(op, shape, k),
                     _bind_cv(cv_op, shape, k), tolerance=0.0)
       for name, op, cv_op, shape, k in CASES for kind, dtype in INPUTS]
