"""vc.threshold against cv2.threshold: every dtype and mode, edge thresholds,
NaN samples, every ISA level and thread count, layouts, in place, bad input."""

from __future__ import annotations

import numpy as np
import pytest
import visioncore as vc
from conftest import ISAS, random_image, strided_variants, structured_image

cv2 = pytest.importorskip("cv2")

MODES = {"binary": cv2.THRESH_BINARY, "binary_inv": cv2.THRESH_BINARY_INV,
         "trunc": cv2.THRESH_TRUNC, "tozero": cv2.THRESH_TOZERO,
         "tozero_inv": cv2.THRESH_TOZERO_INV}
DTYPES = [np.uint8, np.uint16, np.int16, np.float32]


def cv_threshold(img, t, mv, mode):
    return cv2.threshold(img, t, mv, MODES[mode])[1].reshape(img.shape)


def edge_thresholds(dtype):
    if dtype == np.float32:
        return [-1.0, 0.0, 0.1, 0.25, 0.5, 0.999, 1.0, 2.0]
    info = np.iinfo(dtype)
    lo, hi = int(info.min), int(info.max)
    return [lo - 1000.5, lo - 1, lo - 0.5, lo, lo + 0.5, lo + 1, 0, 0.5, 100.7, hi - 1.5,
            hi - 1, hi - 0.5, hi, hi + 0.5, hi + 1000]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("mode", list(MODES))
def test_matches_opencv_edges(rng, dtype, mode):
    img = random_image(rng, 37, 101, None, dtype)
    if dtype != np.float32:
        info = np.iinfo(dtype)
        img.flat[:6] = [info.min, info.max, 0, 1, info.max - 1, info.min + 1]
    for t in edge_thresholds(dtype):
        for mv in (255, 200.5, 201.5, 0, 1000.4):
            if dtype != np.float32 and abs(mv) > 2**31:
                continue
            got = vc.threshold(img, t, mv, mode)
            np.testing.assert_array_equal(got, cv_threshold(img, t, mv, mode),
                                          err_msg=f"t={t} mv={mv}")


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("c", [None, 1, 2, 3, 4])
def test_channels_and_odd_widths(rng, dtype, c):
    for h, w in [(1, 1), (3, 5), (7, 33), (5, 67), (2, 129)]:
        img = random_image(rng, h, w, c, dtype)
        t = 0.4 if dtype == np.float32 else 100
        for mode in MODES:
            got = vc.threshold(img, t, 77, mode)
            assert got.shape == img.shape and got.dtype == img.dtype
            np.testing.assert_array_equal(got, cv_threshold(img, t, 77, mode))


def test_float_threshold_is_rounded_to_float32():
    # float32(0.1) > 0.1 in double, but not after the threshold becomes float32
    img = np.full((4, 40), np.float32(0.1), np.float32)
    for mode in MODES:
        np.testing.assert_array_equal(vc.threshold(img, 0.1, 1, mode),
                                      cv_threshold(img, 0.1, 1, mode))


def test_float_nan_inf_samples():
    vals = np.array([np.nan, -np.inf, np.inf, 0.5, 0.25, 1.0, -0.0, 3e38], np.float32)
    for n in (8, 40, 67):
        img = np.resize(vals, (3, n)).astype(np.float32)
        for t in (0.5, -np.inf, np.inf, 0.0):
            for mode in MODES:
                got = vc.threshold(img, t, 2.0, mode)
                exp = cv_threshold(img, t, 2.0, mode)
                np.testing.assert_array_equal(got, exp, err_msg=f"{mode} t={t}")


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.int16])
def test_infinite_threshold_integer(rng, dtype):
    img = random_image(rng, 9, 31, None, dtype)
    info = np.iinfo(dtype)
    for mode in MODES:
        # +inf: nothing is above it; -inf: everything is (as a very low finite one)
        np.testing.assert_array_equal(vc.threshold(img, np.inf, 9, mode),
                                      cv_threshold(img, float(info.max) + 10, 9, mode))
        np.testing.assert_array_equal(vc.threshold(img, -np.inf, 9, mode),
                                      cv_threshold(img, float(info.min) - 10, 9, mode))


def test_huge_max_value_saturates():
    img = np.arange(256, dtype=np.uint8).reshape(16, 16)
    got = vc.threshold(img, 100, 1e12)
    assert set(np.unique(got)) == {0, 255}
    assert (vc.threshold(img, 100, -1e12) == 0).all()


@pytest.mark.parametrize("dtype", DTYPES)
def test_isa_levels_and_threads_identical(dtype):
    img = structured_image(61, 203, 3, dtype)
    t = 0.3 if dtype == np.float32 else 97
    for mode in MODES:
        ref = None
        for isa in ISAS:
            with vc.isa(isa):
                for threads in (1, 2, 4):
                    with vc.num_threads(threads):
                        got = vc.threshold(img, t, 50, mode)
                    if ref is None:
                        ref = got
                    np.testing.assert_array_equal(got, ref, err_msg=f"{isa} {threads}")
        np.testing.assert_array_equal(ref, cv_threshold(img, t, 50, mode))


def test_large_image_threads(rng):
    img = random_image(rng, 1079, 1917, None, np.uint8)
    exp = cv_threshold(img, 128, 255, "binary")
    for threads in (1, 2, 4):
        with vc.num_threads(threads):
            np.testing.assert_array_equal(vc.threshold(img, 128, 255), exp)


def test_layouts(rng):
    img = random_image(rng, 23, 45, 3, np.uint8)
    exp = cv_threshold(img, 90, 255, "tozero")
    for name, view, _ in strided_variants(img):
        np.testing.assert_array_equal(vc.threshold(view, 90, 255, "tozero"), exp, err_msg=name)


def test_out_and_in_place(rng):
    img = random_image(rng, 20, 30, None, np.float32)
    exp = cv_threshold(img, 0.5, 1, "trunc")
    out = np.empty_like(img)
    assert vc.threshold(img, 0.5, 1, "trunc", out=out) is out
    np.testing.assert_array_equal(out, exp)
    same = img.copy()
    assert vc.threshold(same, 0.5, 1, "trunc", out=same) is same
    np.testing.assert_array_equal(same, exp)
    big = random_image(rng, 30, 40, None, np.uint8)
    view = big[5:25, 3:33]
    exp2 = cv_threshold(view, 10, 255, "binary")
    vc.threshold(view, 10, 255, "binary", out=view)
    np.testing.assert_array_equal(view, exp2)


def test_bad_input():
    img = np.zeros((4, 5), np.uint8)
    with pytest.raises(ValueError, match="threshold.*mode"):
        vc.threshold(img, 1, 255, "otsu")
    with pytest.raises(ValueError, match="threshold.*thresh"):
        vc.threshold(img, float("nan"), 255)
    with pytest.raises(ValueError, match="threshold.*max_value"):
        vc.threshold(img, 1, float("nan"))
    with pytest.raises(ValueError, match="threshold.*max_value"):
        vc.threshold(img, 1, float("inf"))
    with pytest.raises(TypeError):
        vc.threshold(img, "1", 255)
    with pytest.raises(TypeError, match="threshold.*img"):
        vc.threshold(img.astype(np.float64), 1)
    with pytest.raises(TypeError, match="threshold.*img"):
        vc.threshold([[1, 2]], 1)
    with pytest.raises(ValueError, match="threshold.*img"):
        vc.threshold(np.zeros((4, 5, 5), np.uint8), 1)
    with pytest.raises(TypeError, match="threshold.*out"):
        vc.threshold(img, 1, out=np.zeros((4, 5), np.uint16))
    with pytest.raises(ValueError, match="threshold.*out"):
        vc.threshold(img, 1, out=np.zeros((5, 4), np.uint8))
    big = np.zeros((10, 10), np.uint8)
    with pytest.raises(ValueError, match="threshold.*out"):
        vc.threshold(big[0:5, 0:5], 1, out=big[1:6, 1:6])
