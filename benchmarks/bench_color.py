"""Color conversions (and the per-call overhead) against OpenCV."""

import pytest
from conftest import cases, run_case

COLOR_INPUTS = {"gray", "rgb", "rgba", "hsv"}


@pytest.mark.parametrize("op,width,height,threads,library",
                         cases(lambda op: op.input in COLOR_INPUTS))
def bench_color(benchmark, op, width, height, threads, library):
    run_case(benchmark, op, width, height, threads, library)
