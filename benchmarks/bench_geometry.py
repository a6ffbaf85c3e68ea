"""Geometry (resize, warps, remap, flip, rotate) against OpenCV.

The entries are ``visioncore.bench.BenchOp`` records like the shared
registry's (binders that look everything up once and return the timed
call), listed here and timed by the shared ``run_case``: 1 and 2 threads,
1920x1080 and 640x480, preallocated outputs for both libraries, results
checked against OpenCV first. Inputs: uint8 gray, uint8 RGB, float32 gray.
"""

import pytest
from conftest import LIBRARIES, SIZES, THREADS, run_case
from visioncore._bench_geometry import GEOMETRY_OPS

def _cases():
    params = []
    for op in GEOMETRY_OPS:
        for w, h in SIZES:
            for t in THREADS:
                for lib in LIBRARIES:
                    params.append(pytest.param(op, w, h, t, lib, id=f"{op.id}-{w}x{h}-t{t}-{lib}"))
    return params


@pytest.mark.parametrize("op,width,height,threads,library", _cases())
def bench_geometry(benchmark, op, width, height, threads, library):
    run_case(benchmark, op, width, height, threads, library)
