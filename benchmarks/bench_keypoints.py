"""Keypoints and matching against OpenCV: FAST-9/16, ORB (500 and 2000
features) on photo-like gray uint8, Hamming brute-force matching of 2000 x
2000 descriptors (plain and cross-checked), find_homography on 500 pairs with
30% outliers; at 1 and 2 threads, 1920x1080 and 640x480 (the fixed-size
entries once).

The entries are visioncore.bench.BenchOp records (the registry's format), so
they run through the same checked timing as the registry suites; they live
in ``visioncore._bench_keypoints``.
"""

import pytest
from conftest import LIBRARIES, SIZES, THREADS, run_case
from visioncore._bench_keypoints import OPS


def _params():
    out = []
    for op in OPS:
        sizes = [op.fixed_size] if op.fixed_size else SIZES
        out += [pytest.param(op, w, h, t, lib, id=f"{op.id}-{w}x{h}-t{t}-{lib}")
                for w, h in sizes for t in THREADS for lib in LIBRARIES]
    return out


@pytest.mark.parametrize("op,width,height,threads,library", _params())
def bench_keypoints(benchmark, op, width, height, threads, library):
    run_case(benchmark, op, width, height, threads, library)
