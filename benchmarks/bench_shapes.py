"""Shapes against OpenCV: connected components (8-connectivity with stats),
distance transform (exact l2, l1), contours (tree, simple) and binary image
moments, on blob masks, at 1 and 2 threads, 1920x1080 and 640x480.

The entries are visioncore.bench.BenchOp records (the registry's format), so
they run through the same checked timing as the registry suites; the entries
live in ``visioncore._bench_shapes`` and are part of ``visioncore.bench.REGISTRY``.
"""

import pytest
from conftest import LIBRARIES, SIZES, THREADS, run_case
from visioncore._bench_shapes import OPS


def _params():
    return [pytest.param(op, w, h, t, lib, id=f"{op.id}-{w}x{h}-t{t}-{lib}")
            for op in OPS for w, h in SIZES for t in THREADS for lib in LIBRARIES]


@pytest.mark.parametrize("op,width,height,threads,library", _params())
def bench_shapes(benchmark, op, width, height, threads, library):
    run_case(benchmark, op, width, height, threads, library)
