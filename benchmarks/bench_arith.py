"""Thresholds and per-pixel arithmetic against OpenCV: threshold (every mode
on gray uint8, binary on RGB uint8 and gray float32), convert_scale, normalize
minmax, add_weighted and absdiff, at 1 and 2 threads, 1920x1080 and 640x480.

The entries are visioncore.bench.BenchOp records (the registry's format), so
they run through the same checked, preallocated timing as the registry
suites; the entries live in ``visioncore._bench_arith`` and are part of
``visioncore.bench.REGISTRY``. These operations are memory-bound: each case
records the bytes it reads and writes (extra_info "traffic_bytes") so GB/s
can be derived from the timing.
"""

import pytest
import visioncore as vc
from conftest import LIBRARIES, SIZES, THREADS, run_case
from visioncore import bench
from visioncore._bench_arith import OPS, traffic_bytes


def _params():
    return [pytest.param(op, w, h, t, lib, id=f"{op.id}-{w}x{h}-t{t}-{lib}")
            for op in OPS for w, h in SIZES for t in THREADS for lib in LIBRARIES]


@pytest.mark.parametrize("op,width,height,threads,library", _params())
def bench_arith(benchmark, op, width, height, threads, library):
    inp = bench.make_input(op, width, height)
    benchmark.extra_info["traffic_bytes"] = traffic_bytes(inp, op.bind_vc(vc, inp, None)())
    run_case(benchmark, op, width, height, threads, library)
