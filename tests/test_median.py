"""median_blur against OpenCV: sorting networks (3, 5) and the constant-time
histogram median (uint8, >= 7), across dtypes, channels, ISAs and threads."""

from __future__ import annotations

import numpy as np
import pytest

import visioncore as vc
from conftest import ISAS, photo_rgb, random_image, strided_variants, structured_image

cv2 = pytest.importorskip("cv2")


def cv_median(img, k):
    return cv2.medianBlur(img, k).reshape(img.shape)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float32])
@pytest.mark.parametrize("channels", [None, 1, 3, 4])
@pytest.mark.parametrize("ksize", [3, 5])
def test_networks_match_opencv(rng, dtype, channels, ksize):
    for h, w in [(1, 1), (1, 7), (2, 3), (5, 4), (37, 53), (64, 130)]:
        for img in (random_image(rng, h, w, channels, dtype),
                    structured_image(h, w, channels, dtype)):
            got = vc.median_blur(img, ksize)
            assert got.dtype == img.dtype and got.shape == img.shape
            np.testing.assert_array_equal(got, cv_median(img, ksize), err_msg=f"{h}x{w}")


@pytest.mark.parametrize("channels", [None, 3, 4])
def test_histogram_median_matches_opencv(rng, channels):
    for h, w in [(1, 1), (3, 2), (9, 8), (40, 61), (120, 700)]:
        img = random_image(rng, h, w, channels, np.uint8)
        for ksize in [7, 9, 15, 31, 51]:
            np.testing.assert_array_equal(vc.median_blur(img, ksize), cv_median(img, ksize),
                                          err_msg=f"{h}x{w} k={ksize}")


def test_large_kernels_and_structured(rng):
    img = structured_image(140, 333, None, np.uint8)
    for ksize in [7, 21, 101, 255]:
        np.testing.assert_array_equal(vc.median_blur(img, ksize), cv_median(img, ksize))
    # runs of equal values and sharp edges stress the lazy fine histograms
    stripes = np.repeat(np.array([0, 255, 17, 17, 200], np.uint8), 31)[None].repeat(50, 0)
    np.testing.assert_array_equal(vc.median_blur(stripes, 25), cv_median(stripes, 25))


def test_photo_matches_opencv():
    img = photo_rgb()
    for ksize in [3, 5, 9, 15]:
        np.testing.assert_array_equal(vc.median_blur(img, ksize), cv_median(img, ksize))
    f = img.astype(np.float32) / 255
    np.testing.assert_array_equal(vc.median_blur(f, 5), cv_median(f, 5))


def test_1080p_matches_opencv(rng):
    img = random_image(rng, 1080, 1920, None, np.uint8)
    for ksize in [3, 5, 15]:
        np.testing.assert_array_equal(vc.median_blur(img, ksize), cv_median(img, ksize))


def test_ksize_1_copies(rng):
    img = random_image(rng, 7, 9, 3, np.float32)
    np.testing.assert_array_equal(vc.median_blur(img, 1), img)


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float32])
def test_every_isa_matches_scalar(rng, isa, dtype):
    widths = (1, 2, 3, 15, 16, 17, 31, 32, 33, 63, 64, 65, 129, 1023, 1025, 1400)
    for w in widths:
        img = random_image(rng, 6, w, 3 if w < 200 else None, dtype)
        if np.dtype(dtype) == np.float32 and w == 33:
            img[2, 5] = np.nan  # same network and min/max rule at every level
        for ksize in ([3, 5, 7, 21] if np.dtype(dtype) == np.uint8 else [3, 5]):
            with vc.isa("scalar"):
                ref = vc.median_blur(img, ksize)
            with vc.isa(isa):
                got = vc.median_blur(img, ksize)
            np.testing.assert_array_equal(got.view(np.uint8), ref.view(np.uint8),
                                          err_msg=f"{isa} w={w} k={ksize}")


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_thread_counts_identical(rng, threads):
    img = random_image(rng, 517, 389, 3, np.uint8)
    for ksize in [3, 5, 9, 31]:
        with vc.num_threads(1):
            ref = vc.median_blur(img, ksize)
        with vc.num_threads(threads):
            np.testing.assert_array_equal(vc.median_blur(img, ksize), ref)


def test_layouts_match_contiguous(rng):
    img = random_image(rng, 37, 53, 3, np.uint8)
    for ksize in [3, 9]:
        ref = vc.median_blur(img, ksize)
        for name, view, _ in strided_variants(img):
            np.testing.assert_array_equal(vc.median_blur(view, ksize), ref, err_msg=name)


def test_out_is_written_and_returned(rng):
    img = random_image(rng, 20, 30, None, np.uint16)
    out = np.zeros_like(img)
    assert vc.median_blur(img, 5, out=out) is out
    np.testing.assert_array_equal(out, cv_median(img, 5))
    big = np.full((24, 40), 7, np.uint8)
    img8 = random_image(rng, 20, 30, None, np.uint8)
    vc.median_blur(img8, 11, out=big[2:22, 5:35])
    np.testing.assert_array_equal(big[2:22, 5:35], cv_median(img8, 11))
    assert (big[:2] == 7).all() and (big[:, :5] == 7).all()


@pytest.mark.parametrize(
    "img, ksize, exc, words",
    [
        (np.zeros((4, 4), np.uint8), 4, ValueError, ["ksize", "odd"]),
        (np.zeros((4, 4), np.uint8), 0, ValueError, ["ksize"]),
        (np.zeros((4, 4), np.uint8), -3, ValueError, ["ksize"]),
        (np.zeros((4, 4), np.uint8), 257, ValueError, ["ksize", "255"]),
        (np.zeros((4, 4), np.uint8), 2**64, ValueError, ["ksize"]),
        (np.zeros((4, 4), np.uint8), 3.0, TypeError, ["ksize", "float"]),
        (np.zeros((4, 4), np.uint8), None, TypeError, ["ksize"]),
        (np.zeros((4, 4), np.uint16), 7, ValueError, ["ksize", "uint8"]),
        (np.zeros((4, 4), np.float32), 9, ValueError, ["ksize", "uint8"]),
        (np.zeros((4, 4), np.int16), 3, TypeError, ["img", "int16"]),
        (np.zeros((4, 4), np.float64), 3, TypeError, ["img", "float64"]),
        (np.zeros((0, 4), np.uint8), 3, ValueError, ["empty"]),
        (np.zeros((4, 4, 5), np.uint8), 3, ValueError, ["img"]),
        ([[1, 2]], 3, TypeError, ["img", "list"]),
    ],
)
def test_bad_input(img, ksize, exc, words):
    with pytest.raises(exc) as info:
        vc.median_blur(img, ksize)
    msg = str(info.value)
    assert "median_blur" in msg
    for w in words:
        assert w in msg, msg


def test_bad_out(rng):
    img = random_image(rng, 8, 9, None, np.uint8)
    with pytest.raises(TypeError, match="out"):
        vc.median_blur(img, 3, out=np.zeros((8, 9), np.uint16))
    with pytest.raises(ValueError, match="out"):
        vc.median_blur(img, 3, out=np.zeros((9, 8), np.uint8))
    with pytest.raises(ValueError, match="overlap"):
        vc.median_blur(img, 3, out=img)


def test_huge_broadcast_is_refused_before_allocation():
    huge = np.broadcast_to(np.zeros((1, 1), np.uint8), (65536, 65536))
    with pytest.raises(vc.LimitExceeded, match="limit"):
        vc.median_blur(huge, 3)
