"""histogram and equalize_hist against OpenCV (calcHist, equalizeHist) and
numpy, across dtypes, channels, bins, ranges, masks, ISAs, threads, layouts."""

from __future__ import annotations

import numpy as np
import pytest

import visioncore as vc
from conftest import ISAS, ODD_SHAPES, photo_rgb, random_image, strided_variants, structured_image

cv2 = pytest.importorskip("cv2")


def cv_hist(img, bins, rng_, mask=None):
    img = np.ascontiguousarray(img)
    if img.ndim == 2:
        img = img[..., None]
    rows = []
    for c in range(img.shape[2]):
        h = cv2.calcHist([np.ascontiguousarray(img[..., c])], [0], mask, [bins], list(rng_))
        rows.append(h.reshape(-1).astype(np.int64))
    return np.stack(rows)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float32])
@pytest.mark.parametrize("channels", [None, 1, 3, 4])
def test_matches_calchist(rng, dtype, channels):
    img = random_image(rng, 67, 91, channels, dtype)
    rng_ = {np.uint8: (0, 256), np.uint16: (0, 65536), np.float32: (0, 1)}[dtype]
    for bins in (1, 7, 256, 1000):
        got = vc.histogram(img, bins, range=rng_ if dtype == np.float32 else None)
        ref = cv_hist(img, bins, rng_)
        if channels is None:
            assert got.shape == (bins,)
            ref = ref[0]
        else:
            assert got.shape == (channels, bins)
        assert got.dtype == np.int64
        np.testing.assert_array_equal(got, ref)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float32])
@pytest.mark.parametrize("rng_", [(10, 200), (-5.5, 100.25), (3, 3.5), (0, 1e6)])
def test_ranges_match_calchist(rng, dtype, rng_):
    img = structured_image(64, 80, None, dtype)
    if dtype == np.float32:
        img = (img * 255).astype(np.float32)
    elif dtype == np.uint16:
        img = (img // 257).astype(np.uint16)
    for bins in (3, 16, 255):
        np.testing.assert_array_equal(vc.histogram(img, bins, range=rng_),
                                      cv_hist(img, bins, rng_)[0])


def test_matches_numpy_histogram(rng):
    img = random_image(rng, 100, 120, None, np.float32) * 10 - 2
    got = vc.histogram(img, 37, range=(-1.0, 7.0))
    ref, _ = np.histogram(img[img < 7.0], 37, range=(-1.0, 7.0))
    np.testing.assert_array_equal(got, ref)
    u8 = random_image(rng, 100, 120, None, np.uint8)
    np.testing.assert_array_equal(vc.histogram(u8), np.bincount(u8.ravel(), minlength=256))


def test_nan_and_out_of_range_not_counted():
    img = np.array([[np.nan, 0.0, 0.5, 1.0, -np.inf, np.inf, 0.999999]], np.float32)
    np.testing.assert_array_equal(vc.histogram(img, 2, range=(0, 1)), [1, 2])


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float32])
def test_mask_matches_calchist(rng, dtype):
    img = random_image(rng, 50, 70, 3, dtype)
    mask = (rng.random((50, 70)) > 0.5).astype(np.uint8) * rng.integers(1, 256, (50, 70), dtype=np.uint8)
    rng_ = (0, 1) if dtype == np.float32 else ((0, 256) if dtype == np.uint8 else (0, 65536))
    got = vc.histogram(img, 64, range=rng_, mask=mask)
    np.testing.assert_array_equal(got, cv_hist(img, 64, rng_, mask))
    assert got.sum() == 3 * np.count_nonzero(mask)


def test_strided_mask_and_image(rng):
    img = random_image(rng, 40, 50, None, np.uint8)
    mask = (rng.random((40, 50)) > 0.5).astype(np.uint8)
    ref = vc.histogram(img, mask=mask)
    big_mask = np.zeros((44, 57), np.uint8)
    big_mask[2:42, 3:53] = mask
    big_img = np.zeros((44, 57), np.uint8)
    big_img[2:42, 3:53] = img
    np.testing.assert_array_equal(vc.histogram(img, mask=big_mask[2:42, 3:53]), ref)
    np.testing.assert_array_equal(vc.histogram(big_img[2:42, 3:53], mask=mask), ref)
    np.testing.assert_array_equal(vc.histogram(img, mask=np.asfortranarray(mask)), ref)
    np.testing.assert_array_equal(ref, np.bincount(img[mask != 0], minlength=256))


def test_photo_and_odd_shapes(rng):
    img = photo_rgb()
    np.testing.assert_array_equal(vc.histogram(img), cv_hist(img, 256, (0, 256)))
    for h, w in ODD_SHAPES:
        g = random_image(rng, h, w, None, np.uint8)
        np.testing.assert_array_equal(vc.histogram(g), np.bincount(g.ravel(), minlength=256))


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float32])
def test_every_isa_and_thread_count_identical(rng, isa, dtype):
    img = random_image(rng, 301, 257, 3, dtype)
    mask = (rng.random((301, 257)) > 0.3).astype(np.uint8)
    rng_ = (0, 1) if dtype == np.float32 else None
    with vc.isa("scalar"), vc.num_threads(1):
        ref = vc.histogram(img, 100, range=rng_, mask=mask)
    with vc.isa(isa):
        for t in (1, 2, 4):
            with vc.num_threads(t):
                np.testing.assert_array_equal(vc.histogram(img, 100, range=rng_, mask=mask), ref)


def test_layouts(rng):
    img = random_image(rng, 40, 33, 3, np.uint8)
    for name, view, expected in strided_variants(img):
        np.testing.assert_array_equal(vc.histogram(view), vc.histogram(expected), err_msg=name)


@pytest.mark.parametrize(
    "kwargs, exc, words",
    [
        ({"bins": 0}, ValueError, "bins"),
        ({"bins": -3}, ValueError, "bins"),
        ({"bins": 1 << 21}, ValueError, "bins"),
        ({"bins": 1 << 70}, ValueError, "bins"),
        ({"bins": 2.5}, TypeError, "bins"),
        ({"range": (5, 5)}, ValueError, "range"),
        ({"range": (6, 5)}, ValueError, "range"),
        ({"range": (0, float("nan"))}, ValueError, "range"),
        ({"range": (0, float("inf"))}, ValueError, "range"),
        ({"range": (0, 1, 2)}, ValueError, "range"),
        ({"range": 5}, TypeError, "range"),
        ({"range": ("a", 1)}, TypeError, "range"),
        ({"mask": np.zeros((5, 5), np.uint8)}, ValueError, "mask"),
        ({"mask": np.zeros((6, 8), np.float32)}, TypeError, "mask"),
        ({"mask": np.zeros((6, 8, 2), np.uint8)}, ValueError, "mask"),
        ({"mask": [[1]]}, TypeError, "mask"),
    ],
)
def test_bad_input(kwargs, exc, words):
    with pytest.raises(exc, match=words) as info:
        vc.histogram(np.zeros((6, 8), np.uint8), **kwargs)
    assert "histogram" in str(info.value)


def test_bad_image():
    with pytest.raises(TypeError, match="histogram.*img"):
        vc.histogram(np.zeros((6, 8), np.int16))
    with pytest.raises(TypeError, match="img"):
        vc.histogram(np.zeros((6, 8), np.float64))
    with pytest.raises(ValueError, match="range"):
        vc.histogram(np.zeros((6, 8), np.float32))
    with pytest.raises(ValueError, match="img"):
        vc.histogram(np.zeros((6, 8, 5), np.uint8))
    with pytest.raises(ValueError, match="img"):
        vc.histogram(np.zeros((0, 8), np.uint8))
    huge = np.broadcast_to(np.zeros((1, 1), np.uint8), (1 << 17, 1 << 17))
    with pytest.raises(vc.LimitExceeded):
        vc.histogram(huge)


# --- equalize_hist ---


def test_equalize_matches_opencv(rng):
    for img in (random_image(rng, 120, 97, None, np.uint8), structured_image(64, 64, None, np.uint8),
                cv2.cvtColor(photo_rgb(), cv2.COLOR_RGB2GRAY),
                (rng.normal(100, 10, (80, 90)).clip(0, 255)).astype(np.uint8)):
        np.testing.assert_array_equal(vc.equalize_hist(img), cv2.equalizeHist(img))


def test_equalize_constant_and_two_levels():
    img = np.full((5, 7), 77, np.uint8)
    np.testing.assert_array_equal(vc.equalize_hist(img), cv2.equalizeHist(img))
    img[0, 0] = 3
    np.testing.assert_array_equal(vc.equalize_hist(img), cv2.equalizeHist(img))
    for h, w in ODD_SHAPES:
        g = structured_image(h, w, None, np.uint8)
        np.testing.assert_array_equal(vc.equalize_hist(g), cv2.equalizeHist(g))


@pytest.mark.parametrize("isa", ISAS)
def test_equalize_isa_threads(rng, isa):
    img = random_image(rng, 1079, 1917, None, np.uint8)
    ref = cv2.equalizeHist(img)
    with vc.isa(isa):
        for t in (1, 2, 4):
            with vc.num_threads(t):
                np.testing.assert_array_equal(vc.equalize_hist(img), ref)


def test_equalize_layouts_and_out(rng):
    img = random_image(rng, 41, 53, None, np.uint8)
    ref = cv2.equalizeHist(img)
    for name, view, _ in strided_variants(img):
        np.testing.assert_array_equal(vc.equalize_hist(view), ref, err_msg=name)
    out = np.zeros_like(img)
    assert vc.equalize_hist(img, out=out) is out
    np.testing.assert_array_equal(out, ref)
    three = img[..., None]
    assert vc.equalize_hist(three).shape == three.shape


def test_equalize_bad_input(rng):
    img = random_image(rng, 10, 12, None, np.uint8)
    with pytest.raises(TypeError, match="equalize_hist.*img"):
        vc.equalize_hist(img.astype(np.uint16))
    with pytest.raises(ValueError, match="equalize_hist.*img"):
        vc.equalize_hist(np.zeros((10, 12, 3), np.uint8))
    with pytest.raises(ValueError, match="out"):
        vc.equalize_hist(img, out=img)
    with pytest.raises(ValueError, match="out"):
        vc.equalize_hist(img, out=np.zeros((10, 13), np.uint8))
    with pytest.raises(TypeError, match="out"):
        vc.equalize_hist(img, out=np.zeros((10, 12), np.float32))
    ro = np.zeros_like(img)
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        vc.equalize_hist(img, out=ro)
