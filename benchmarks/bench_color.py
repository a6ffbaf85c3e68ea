"""Color conversions (and the per-call overhead) against OpenCV."""

import pytest
from conftest import cases, run_case

COLOR_FUNCS = {"rgb_to_gray", "bgr_to_gray", "gray_to_rgb", "rgb_to_bgr", "rgba_to_rgb",
               "rgb_to_rgba", "rgb_to_hsv", "hsv_to_rgb"}


@pytest.mark.parametrize("op,width,height,threads,library",
                         cases(lambda op: op.requires in COLOR_FUNCS))
def bench_color(benchmark, op, width, height, threads, library):
    run_case(benchmark, op, width, height, threads, library)
