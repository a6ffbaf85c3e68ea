"""Linear filters against OpenCV: filter2d, sep_filter2d, box_filter,
gaussian_blur, sobel, scharr, laplacian and adaptive_threshold, on uint8 gray,
uint8 RGB and float32 gray at 1920x1080 and 640x480, 1 and 2 threads.

The entries follow ``visioncore.bench.BenchOp`` (same timing rules and
OpenCV cross-check as the shared registry); ``FILTER_OPS`` is the list, ready
to be merged into ``visioncore.bench.REGISTRY`` so that ``visioncore bench``
covers filters too.
"""

import pytest
from conftest import LIBRARIES, SIZES, THREADS, run_case
from visioncore._bench_filter import FILTER_OPS

def _cases():
    params = []
    for op in FILTER_OPS:
        for w, h in SIZES:
            for t in THREADS:
                for lib in LIBRARIES:
                    params.append(pytest.param(op, w, h, t, lib, id=f"{op.id}-{w}x{h}-t{t}-{lib}"))
    return params


@pytest.mark.parametrize("op,width,height,threads,library", _cases())
def bench_filter(benchmark, op, width, height, threads, library):
    run_case(benchmark, op, width, height, threads, library)
