"""Histograms against OpenCV: calcHist (gray / RGB uint8, gray float32),
equalizeHist, CLAHE apply, integral / integral2 and the Otsu / triangle
levels of threshold, at 1 and 2 threads, 1920x1080 and 640x480.

The entries are visioncore.bench.BenchOp records (the registry's format), so
they run through the same checked, preallocated timing as the registry
suites; the entries live in ``visioncore._bench_hist`` and are part of ``visioncore.bench.REGISTRY``.
"""

import pytest
from conftest import LIBRARIES, SIZES, THREADS, run_case
from visioncore._bench_hist import OPS


def _params():
    return [pytest.param(op, w, h, t, lib, id=f"{op.id}-{w}x{h}-t{t}-{lib}")
            for op in OPS for w, h in SIZES for t in THREADS for lib in LIBRARIES]


@pytest.mark.parametrize("op,width,height,threads,library", _params())
def bench_hist(benchmark, op, width, height, threads, library):
    run_case(benchmark, op, width, height, threads, library)
