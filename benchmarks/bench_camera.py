"""Camera raw formats against OpenCV: Bayer demosaicing per method, YUV
decoding per layout."""

import pytest
from conftest import cases, run_case


@pytest.mark.parametrize("op,width,height,threads,library",
                         cases(lambda op: op.input in ("raw", "yuv")))
def bench_camera(benchmark, op, width, height, threads, library):
    run_case(benchmark, op, width, height, threads, library)
