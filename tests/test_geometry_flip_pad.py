"""flip, rotate90, pad and crop: against numpy / OpenCV for every dtype and
channel count, every ISA against scalar at widths around the SIMD tiles,
threads, layouts, out= and bad input."""

from __future__ import annotations

import numpy as np
import pytest

import visioncore as vc
from conftest import ISAS, ODD_SHAPES, photo_rgb, random_image, strided_variants

cv2 = pytest.importorskip("cv2")

DTYPES = [np.uint8, np.uint16, np.int16, np.float32]
CHANNELS = [None, 1, 2, 3, 4]
FLIPS = {"horizontal": 1, "vertical": 0, "both": -1}
BORDERS = {
    "constant": cv2.BORDER_CONSTANT,
    "replicate": cv2.BORDER_REPLICATE,
    "reflect": cv2.BORDER_REFLECT,
    "wrap": cv2.BORDER_WRAP,
    "reflect101": cv2.BORDER_REFLECT_101,
}


def make(rng, h, w, c, dtype):
    if np.dtype(dtype) == np.int16:
        shape = (h, w) if c is None else (h, w, c)
        return rng.integers(-32768, 32768, shape, dtype=np.int16)
    return random_image(rng, h, w, c, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("channels", CHANNELS)
@pytest.mark.parametrize("shape", ODD_SHAPES + [(64, 64)])
def test_flip_matches_opencv(rng, dtype, channels, shape):
    img = make(rng, *shape, channels, dtype)
    for axis, code in FLIPS.items():
        np.testing.assert_array_equal(vc.flip(img, axis), cv2.flip(img, code).reshape(img.shape))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("channels", CHANNELS)
@pytest.mark.parametrize("shape", ODD_SHAPES + [(64, 64), (17, 130)])
def test_rotate90_matches_numpy(rng, dtype, channels, shape):
    img = make(rng, *shape, channels, dtype)
    ks = range(-5, 6) if img.size < 100_000 else (1, 2, 3)
    for k in ks:
        got = vc.rotate90(img, k)
        np.testing.assert_array_equal(got, np.rot90(img, k))
        assert got.flags.c_contiguous
    np.testing.assert_array_equal(vc.rotate90(img, 1),
                                  cv2.rotate(img, cv2.ROTATE_90_COUNTERCLOCKWISE).reshape(
                                      np.rot90(img).shape))
    np.testing.assert_array_equal(vc.rotate90(img, -1),
                                  cv2.rotate(img, cv2.ROTATE_90_CLOCKWISE).reshape(
                                      np.rot90(img, -1).shape))


def test_photo_flip_rotate():
    img = photo_rgb()
    np.testing.assert_array_equal(vc.flip(img, "horizontal"), cv2.flip(img, 1))
    np.testing.assert_array_equal(vc.rotate90(img, 3), cv2.rotate(img, cv2.ROTATE_90_CLOCKWISE))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("channels", CHANNELS)
@pytest.mark.parametrize("border", list(BORDERS))
def test_pad_matches_opencv(rng, dtype, channels, border):
    for shape in [(1, 1), (3, 5), (23, 17)]:
        img = make(rng, *shape, channels, dtype)
        value = (9, 8, 7, 6)
        for sides in [(1, 2, 3, 4), (0, 0, 0, 0), (40, 5, 60, 0), (3, 0, 0, 7), (25, 25, 30, 30)]:
            got = vc.pad(img, *sides, border=border, border_value=value)
            ref = cv2.copyMakeBorder(img, *sides, BORDERS[border], value=value)
            np.testing.assert_array_equal(got, ref.reshape(got.shape), err_msg=f"{shape} {sides}")


def test_pad_border_value_conversion(rng):
    img = make(rng, 4, 5, 3, np.uint8)
    out = vc.pad(img, 1, 1, 1, 1, border_value=(300, -4, 2.5))
    assert tuple(out[0, 0]) == (255, 0, 2)
    f = vc.pad(img.astype(np.float32), 1, 0, 0, 0, border_value=-1.5)
    assert (f[0] == -1.5).all()
    s = vc.pad(img.astype(np.int16), 1, 0, 0, 0, border_value=-40000)
    assert (s[0] == -32768).all()


def test_crop_is_a_checked_view(rng):
    img = make(rng, 20, 30, 3, np.uint8)
    roi = vc.crop(img, 5, 7, 10, 4)
    assert roi.shape == (4, 10, 3) and np.shares_memory(roi, img)
    np.testing.assert_array_equal(roi, img[7:11, 5:15])
    copy = vc.crop(img, 5, 7, 10, 4, copy=True)
    assert not np.shares_memory(copy, img) and copy.flags.c_contiguous
    np.testing.assert_array_equal(copy, roi)
    np.testing.assert_array_equal(vc.crop(img, 0, 0, 30, 20), img)
    for dtype in (np.float64, np.bool_, np.int64):
        assert vc.crop(np.zeros((4, 4), dtype), 1, 1, 2, 2).dtype == dtype


@pytest.mark.parametrize(
    "args, exc",
    [
        ((-1, 0, 2, 2), ValueError),
        ((0, -1, 2, 2), ValueError),
        ((0, 0, 0, 2), ValueError),
        ((0, 0, 2, -5), ValueError),
        ((29, 0, 2, 2), ValueError),
        ((0, 19, 2, 2), ValueError),
        ((0, 0, 31, 2), ValueError),
        ((2**31 - 1, 0, 2**31 - 1, 2), ValueError),
        ((2**62, 0, 2**62, 2), ValueError),
        ((2**63 - 1, 0, 2, 2), ValueError),
        ((1, 1, 2**64, 2), ValueError),
        ((1.0, 1, 2, 2), TypeError),
        ((True, 1, 2, 2), TypeError),
        (("1", 1, 2, 2), TypeError),
    ],
)
def test_crop_bad_rectangles(args, exc):
    img = np.zeros((20, 30), np.uint8)
    with pytest.raises(exc) as info:
        vc.crop(img, *args)
    assert "crop" in str(info.value)


def test_crop_bad_images():
    for img in ([[1, 2]], None, np.zeros(5), np.zeros((2, 2, 2, 2))):
        with pytest.raises((TypeError, ValueError)) as info:
            vc.crop(img, 0, 0, 1, 1)
        assert "crop" in str(info.value) and "img" in str(info.value)


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("channels", [1, 2, 3, 4])
def test_every_isa_matches_scalar(rng, isa, dtype, channels):
    # widths below/at/above the 16/32/64-byte steps, odd sizes
    for w in (1, 4, 5, 6, 7, 15, 16, 17, 31, 32, 33, 63, 64, 65, 97, 130):
        img = make(rng, 19, w, channels, dtype)
        calls = [lambda: vc.flip(img, a) for a in FLIPS] + [lambda: vc.rotate90(img, 1),
                                                             lambda: vc.rotate90(img, 3)]
        for call in calls:
            with vc.isa("scalar"):
                ref = call()
            with vc.isa(isa):
                np.testing.assert_array_equal(call(), ref)


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_thread_counts_identical(rng, threads):
    img = make(rng, 517, 389, 3, np.uint8)
    with vc.num_threads(1):
        ref = [vc.flip(img, "both"), vc.rotate90(img, 1), vc.pad(img, 5, 6, 7, 8, border="wrap")]
    with vc.num_threads(threads):
        np.testing.assert_array_equal(vc.flip(img, "both"), ref[0])
        np.testing.assert_array_equal(vc.rotate90(img, 1), ref[1])
        np.testing.assert_array_equal(vc.pad(img, 5, 6, 7, 8, border="wrap"), ref[2])


def test_layouts_match_contiguous(rng):
    img = make(rng, 37, 53, 3, np.uint8)
    for name, view, _ in strided_variants(img):
        np.testing.assert_array_equal(vc.flip(view, "horizontal"), cv2.flip(img, 1), err_msg=name)
        np.testing.assert_array_equal(vc.rotate90(view), np.rot90(img), err_msg=name)
        np.testing.assert_array_equal(vc.pad(view, 2, 3, 4, 5, border="reflect"),
                                      cv2.copyMakeBorder(img, 2, 3, 4, 5, cv2.BORDER_REFLECT),
                                      err_msg=name)


def test_out_is_written_and_returned(rng):
    img = make(rng, 20, 30, 3, np.uint8)
    out = np.zeros_like(img)
    assert vc.flip(img, "vertical", out=out) is out
    np.testing.assert_array_equal(out, img[::-1])
    rot = np.zeros((30, 20, 3), np.uint8)
    assert vc.rotate90(img, out=rot) is rot
    big = np.zeros((40, 30, 3), np.uint8)
    vc.rotate90(img, out=big[5:35, 5:25])
    np.testing.assert_array_equal(big[5:35, 5:25], np.rot90(img))
    assert (big[:5] == 0).all()
    padded = np.zeros((22, 32, 3), np.uint8)
    assert vc.pad(img, 1, 1, 1, 1, out=padded) is padded


def test_bad_arguments(rng):
    img = make(rng, 8, 9, 3, np.uint8)
    with pytest.raises(ValueError) as info:
        vc.flip(img, "diagonal")
    assert "flip" in str(info.value) and "axis" in str(info.value)
    with pytest.raises(TypeError, match="axis"):
        vc.flip(img, 1)
    with pytest.raises(TypeError, match="k"):
        vc.rotate90(img, 1.5)
    with pytest.raises(ValueError, match="top"):
        vc.pad(img, -1, 0, 0, 0)
    with pytest.raises(ValueError, match="right"):
        vc.pad(img, 0, 0, 0, -2)
    with pytest.raises(vc.LimitExceeded):
        vc.pad(img, 0, 0, 0, 1 << 21)
    with pytest.raises(vc.LimitExceeded):
        vc.pad(img, 1 << 20, 0, 1 << 20, 0)
    with pytest.raises(ValueError, match="border"):
        vc.pad(img, 1, 1, 1, 1, border="mirror")
    with pytest.raises(TypeError, match="border_value"):
        vc.pad(img, 1, 1, 1, 1, border_value="red")
    with pytest.raises(ValueError, match="overlap"):
        vc.flip(img, "horizontal", out=img)
    with pytest.raises(ValueError, match="out"):
        vc.rotate90(img, out=np.zeros_like(img))
    with pytest.raises(TypeError, match="img"):
        vc.flip(img.astype(np.float64), "both")
    with pytest.raises(ValueError) as info:
        vc.rotate90(np.zeros((0, 3), np.uint8))
    assert "rotate90" in str(info.value)
    huge = np.broadcast_to(np.zeros((1, 1), np.uint8), (1 << 17, 1 << 17))
    for call in (lambda: vc.flip(huge, "both"), lambda: vc.rotate90(huge),
                 lambda: vc.pad(huge, 1, 1, 1, 1)):
        with pytest.raises(vc.LimitExceeded):
            call()
