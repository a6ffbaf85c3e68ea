"""Edges and corners against OpenCV: Canny (L1, L2, aperture 5) on uint8
gray, Harris and min-eigenvalue responses on uint8 and float32 gray, and
good features to track, at 1 and 2 threads, 1920x1080 and 640x480, on a
photo-like input (smoothed blocks with noise).

The entries are visioncore.bench.BenchOp records from
``visioncore._bench_edges`` (part of ``visioncore.bench.REGISTRY``), timed
through the same checked, preallocated path as the other suites.
"""

import pytest
from conftest import LIBRARIES, SIZES, THREADS, run_case
from visioncore._bench_edges import OPS


def _params():
    return [pytest.param(op, w, h, t, lib, id=f"{op.id}-{w}x{h}-t{t}-{lib}")
            for op in OPS for w, h in SIZES for t in THREADS for lib in LIBRARIES]


@pytest.mark.parametrize("op,width,height,threads,library", _params())
def bench_edges(benchmark, op, width, height, threads, library):
    run_case(benchmark, op, width, height, threads, library)
