"""rgb_to_gray / bgr_to_gray against OpenCV, across dtypes, ISAs, threads, layouts."""

from __future__ import annotations

import numpy as np
import pytest

import visioncore as vc
from conftest import ISAS, ODD_SHAPES, photo_rgb, random_image, strided_variants, structured_image

cv2 = pytest.importorskip("cv2")

CODES = {
    ("rgb", 3): cv2.COLOR_RGB2GRAY,
    ("rgb", 4): cv2.COLOR_RGBA2GRAY,
    ("bgr", 3): cv2.COLOR_BGR2GRAY,
    ("bgr", 4): cv2.COLOR_BGRA2GRAY,
}
FUNCS = {"rgb": vc.rgb_to_gray, "bgr": vc.bgr_to_gray}


def check(got: np.ndarray, ref: np.ndarray, dtype) -> None:
    assert got.shape == ref.shape and got.dtype == ref.dtype
    if np.dtype(dtype) == np.float32:
        np.testing.assert_allclose(got, ref, rtol=1e-6, atol=1e-7)
    else:
        np.testing.assert_array_equal(got, ref)


@pytest.mark.parametrize("order", ["rgb", "bgr"])
@pytest.mark.parametrize("channels", [3, 4])
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float32])
@pytest.mark.parametrize("shape", ODD_SHAPES)
def test_matches_opencv(rng, order, channels, dtype, shape):
    for img in (random_image(rng, *shape, channels, dtype), structured_image(*shape, channels, dtype)):
        check(FUNCS[order](img), cv2.cvtColor(img, CODES[(order, channels)]), dtype)


def test_photo_identical_to_opencv():
    img = photo_rgb()
    np.testing.assert_array_equal(vc.rgb_to_gray(img), cv2.cvtColor(img, cv2.COLOR_RGB2GRAY))


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float32])
@pytest.mark.parametrize("channels", [3, 4])
def test_every_isa_matches_scalar(rng, isa, dtype, channels):
    # widths around the SIMD tiles (16, 32 pixels) and their tails
    for w in (1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 97, 211):
        img = random_image(rng, 3, w, channels, dtype)
        with vc.isa("scalar"):
            ref = vc.rgb_to_gray(img)
        with vc.isa(isa):
            np.testing.assert_array_equal(vc.rgb_to_gray(img), ref)


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_thread_counts_identical(rng, threads):
    img = random_image(rng, 517, 389, 3, np.uint8)
    with vc.num_threads(1):
        ref = vc.rgb_to_gray(img)
    with vc.num_threads(threads):
        np.testing.assert_array_equal(vc.rgb_to_gray(img), ref)


def test_layouts_match_contiguous(rng):
    img = random_image(rng, 37, 53, 3, np.uint8)
    ref = vc.rgb_to_gray(img)
    for name, view, _ in strided_variants(img):
        np.testing.assert_array_equal(vc.rgb_to_gray(view), ref, err_msg=name)
    bcast = np.broadcast_to(img[:1], (37, 53, 3))
    np.testing.assert_array_equal(vc.rgb_to_gray(bcast), np.repeat(ref[:1], 37, axis=0))


def test_out_is_written_and_returned(rng):
    img = random_image(rng, 20, 30, 3, np.uint8)
    out = np.full((20, 30), 7, np.uint8)
    res = vc.rgb_to_gray(img, out=out)
    assert res is out
    np.testing.assert_array_equal(out, cv2.cvtColor(img, cv2.COLOR_RGB2GRAY))
    # a row-strided out (a window of a bigger buffer) is fine; outside is untouched
    big = np.full((24, 40), 7, np.uint8)
    vc.rgb_to_gray(img, out=big[2:22, 5:35])
    np.testing.assert_array_equal(big[2:22, 5:35], out)
    assert (big[:2] == 7).all() and (big[:, :5] == 7).all()


@pytest.mark.parametrize(
    "img, exc, words",
    [
        (np.zeros((4, 4, 3), np.float64), TypeError, ["img", "float64", "uint8"]),
        (np.zeros((4, 4, 3), bool), TypeError, ["img", "bool"]),
        (np.zeros((4, 4, 3), object), TypeError, ["img"]),
        (np.zeros((4, 4, 3), ">u2"), TypeError, ["img"]),
        (np.zeros((4, 4), np.uint8), ValueError, ["img", "(H, W, 3)"]),
        (np.zeros((4, 4, 2), np.uint8), ValueError, ["img", "(4, 4, 2)"]),
        (np.zeros((4,), np.uint8), ValueError, ["img"]),
        (np.zeros((2, 4, 4, 3), np.uint8), ValueError, ["img"]),
        (np.zeros((0, 4, 3), np.uint8), ValueError, ["empty"]),
        ([[1, 2, 3]], TypeError, ["img", "list"]),
        (None, TypeError, ["img", "NoneType"]),
    ],
)
def test_bad_input(img, exc, words):
    with pytest.raises(exc) as info:
        vc.rgb_to_gray(img)
    for w in words:
        assert w in str(info.value)
    assert "rgb_to_gray" in str(info.value)


def test_bad_out(rng):
    img = random_image(rng, 8, 9, 3, np.uint8)
    with pytest.raises(TypeError, match="out"):
        vc.rgb_to_gray(img, out=np.zeros((8, 9), np.uint16))
    with pytest.raises(ValueError, match="out"):
        vc.rgb_to_gray(img, out=np.zeros((9, 8), np.uint8))
    ro = np.zeros((8, 9), np.uint8)
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        vc.rgb_to_gray(img, out=ro)
    with pytest.raises(ValueError, match="out"):
        vc.rgb_to_gray(img, out=np.zeros((8, 18), np.uint8)[:, ::2])
    buf = np.zeros(8 * 9 * 3, np.uint8)
    with pytest.raises(ValueError, match="overlap"):
        vc.rgb_to_gray(buf.reshape(8, 9, 3), out=buf[: 8 * 9].reshape(8, 9))


def test_huge_broadcast_is_refused_before_allocation():
    huge = np.broadcast_to(np.zeros((1, 1, 3), np.uint8), (65536, 65536, 3))
    with pytest.raises(vc.LimitExceeded, match="limit"):
        vc.rgb_to_gray(huge)
