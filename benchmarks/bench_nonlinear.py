"""Median and bilateral filters against OpenCV: median 3 and 5 (sorting
networks) and 15 (constant-time histogram median, uint8), bilateral d=9,
sigma 75/75 (float32: sigma_color 0.3, the same relative range), on gray and
RGB uint8 and gray float32, at 1 and 2 threads, 1920x1080 and 640x480.

The entries are visioncore.bench.BenchOp records (the registry's format);
the entries live in ``visioncore._bench_morph`` and are part of ``visioncore.bench.REGISTRY``.
"""

import pytest
from conftest import LIBRARIES, SIZES, THREADS, run_case
from visioncore._bench_nonlinear import OPS

def _params():
    return [pytest.param(op, w, h, t, lib, id=f"{op.id}-{w}x{h}-t{t}-{lib}")
            for op in OPS for w, h in SIZES for t in THREADS for lib in LIBRARIES]


@pytest.mark.parametrize("op,width,height,threads,library", _params())
def bench_nonlinear(benchmark, op, width, height, threads, library):
    run_case(benchmark, op, width, height, threads, library)
