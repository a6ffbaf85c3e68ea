"""Template matching (16x16 and 128x128 templates), Hough lines on an edge
map, Hough circles on a coins-like image against OpenCV, and HOG / LBP at
640x480 against scikit-image, at 1 and 2 threads, 1920x1080 and 640x480.

The entries are visioncore.bench.BenchOp records (the registry's format), so
they run through the same checked, preallocated timing as the registry
suites; the entries live in ``visioncore._bench_templ``.
"""

import pytest
from conftest import LIBRARIES, SIZES, THREADS, run_case
from visioncore._bench_templ import OPS


def _params():
    return [pytest.param(op, w, h, t, lib, id=f"{op.id}-{w}x{h}-t{t}-{lib}")
            for op in OPS for w, h in ([op.fixed_size] if op.fixed_size else SIZES)
            for t in THREADS for lib in LIBRARIES]


@pytest.mark.parametrize("op,width,height,threads,library", _params())
def bench_templ(benchmark, op, width, height, threads, library):
    run_case(benchmark, op, width, height, threads, library)
