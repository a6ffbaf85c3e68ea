"""integral (sum and squared sum) against cv2.integral / cv2.integral2:
dtypes, channels, the sum dtype rule, ISAs, threads, layouts, out=, errors."""

from __future__ import annotations

import numpy as np
import pytest

import visioncore as vc
from conftest import ISAS, ODD_SHAPES, photo_rgb, random_image, strided_variants

cv2 = pytest.importorskip("cv2")

SUM_DTYPE = {np.uint8: np.int32, np.uint16: np.int64, np.float32: np.float64}


def cv_integral(img, squared=False):
    img = np.ascontiguousarray(img)
    if img.ndim == 3 and img.shape[2] == 1:
        img = img[..., 0]
    if squared:
        s, sq = cv2.integral2(img, sdepth=cv2.CV_64F, sqdepth=cv2.CV_64F)
    else:
        s, sq = cv2.integral(img, sdepth=cv2.CV_64F), None
    return s, sq


def image(rng, h, w, c, dtype):
    img = random_image(rng, h, w, c, dtype)
    if dtype == np.float32:
        img = (img * 2000 - 700).astype(np.float32)  # signed, large: rounding shows
    return img


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float32])
@pytest.mark.parametrize("channels", [None, 1, 2, 3, 4])
def test_matches_opencv(rng, dtype, channels):
    img = image(rng, 61, 77, channels, dtype)
    s = vc.integral(img)
    ref, _ = cv_integral(img)
    assert s.dtype == SUM_DTYPE[dtype]
    assert s.shape == (62, 78) + (() if channels is None else (channels,))
    np.testing.assert_array_equal(s.reshape(ref.shape), ref)
    s2, sq = vc.integral(img, squared=True)
    _, ref_sq = cv_integral(img, squared=True)
    np.testing.assert_array_equal(s2, s)
    assert sq.dtype == np.float64
    np.testing.assert_array_equal(sq.reshape(ref_sq.shape), ref_sq)


def test_float_bits_match_opencv_default_depth(rng):
    img = image(rng, 300, 411, None, np.float32)
    s, sq = vc.integral(img, squared=True)
    ref_s, ref_sq = cv2.integral2(img)
    assert ref_s.dtype == np.float64
    np.testing.assert_array_equal(s, ref_s)
    np.testing.assert_array_equal(sq, ref_sq)
    u8 = random_image(rng, 300, 411, 3, np.uint8)
    np.testing.assert_array_equal(vc.integral(u8), cv2.integral(u8))


def test_photo_and_odd_shapes(rng):
    img = photo_rgb()
    np.testing.assert_array_equal(vc.integral(img), cv2.integral(img))
    for h, w in ODD_SHAPES:
        g = random_image(rng, h, w, None, np.uint8)
        np.testing.assert_array_equal(vc.integral(g), cv2.integral(g))


def test_sum_dtype_grows_to_int64_when_int32_could_overflow():
    # 255 * H * W > 2^31 - 1 from 8,421,505 pixels on
    small = np.broadcast_to(np.full((1, 1), 255, np.uint8), (2160, 3840))
    assert vc.integral(small).dtype == np.int32
    big = np.broadcast_to(np.full((1, 1), 255, np.uint8), (2901, 2903))
    s = vc.integral(big)
    assert s.dtype == np.int64
    assert s[-1, -1] == 255 * 2901 * 2903 > 2**31


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float32])
def test_every_isa_and_thread_count_identical(rng, isa, dtype):
    for c in (None, 3):
        img = image(rng, 97, 203, c, dtype)
        with vc.isa("scalar"), vc.num_threads(1):
            ref = vc.integral(img, squared=True)
        with vc.isa(isa):
            for t in (1, 2, 4):
                with vc.num_threads(t):
                    s, sq = vc.integral(img, squared=True)
                    np.testing.assert_array_equal(s, ref[0])
                    np.testing.assert_array_equal(sq, ref[1])
                    # every width around the vector sizes
                    for w in (1, 3, 7, 8, 15, 16, 17, 31, 33, 64, 65):
                        np.testing.assert_array_equal(vc.integral(img[:5, :w]),
                                                      ref[0][:6, :w + 1] - ref[0][:6, :1])


def test_layouts(rng):
    img = random_image(rng, 31, 45, 3, np.uint8)
    ref = cv2.integral(img)
    for name, view, _ in strided_variants(img):
        np.testing.assert_array_equal(vc.integral(view), ref, err_msg=name)


def test_out(rng):
    img = random_image(rng, 20, 30, None, np.uint8)
    out = np.full((21, 31), -1, np.int32)
    assert vc.integral(img, out=out) is out
    np.testing.assert_array_equal(out, cv2.integral(img))
    big = np.zeros((25, 40), np.int32)
    assert vc.integral(img, out=big[2:23, 3:34]) is not None
    np.testing.assert_array_equal(big[2:23, 3:34], cv2.integral(img))
    assert big[0].sum() == 0 and big[:, 0].sum() == 0
    s_out, sq_out = np.zeros((21, 31), np.int32), np.zeros((21, 31), np.float64)
    s, sq = vc.integral(img, squared=True, out=(s_out, sq_out))
    assert s is s_out and sq is sq_out
    np.testing.assert_array_equal(sq, cv2.integral2(img)[1])


def test_bad_input(rng):
    img = random_image(rng, 6, 8, None, np.uint8)
    with pytest.raises(TypeError, match="integral.*img"):
        vc.integral(img.astype(np.int16))
    with pytest.raises(TypeError, match="integral.*img"):
        vc.integral(img.astype(np.float64))
    with pytest.raises(ValueError, match="integral.*img"):
        vc.integral(np.zeros((6, 8, 5), np.uint8))
    with pytest.raises(ValueError, match="img"):
        vc.integral(img[:0])
    with pytest.raises(TypeError, match="out"):
        vc.integral(img, out=np.zeros((7, 9), np.int64))
    with pytest.raises(TypeError, match="out"):
        vc.integral(img, out=[0])
    with pytest.raises(ValueError, match="out"):
        vc.integral(img, out=np.zeros((6, 8), np.int32))
    with pytest.raises(ValueError, match="out"):
        vc.integral(img, out=np.asfortranarray(np.zeros((7, 9), np.int32)))
    ro = np.zeros((7, 9), np.int32)
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        vc.integral(img, out=ro)
    with pytest.raises(TypeError, match="out"):
        vc.integral(img, squared=True, out=np.zeros((7, 9), np.int32))
    with pytest.raises(TypeError, match="out"):
        vc.integral(img, squared=True, out=(np.zeros((7, 9), np.int32), np.zeros((7, 9), np.int32)))
    shared = np.zeros((7, 9), np.float64)
    with pytest.raises(ValueError, match="out"):
        vc.integral(img.astype(np.float32), squared=True, out=(shared, shared))
    buf = np.zeros(400, np.uint8)
    src = buf[:48].reshape(6, 8)
    with pytest.raises(ValueError, match="out"):
        vc.integral(src, out=buf[:252].view(np.int32).reshape(7, 9))
    with pytest.raises(vc.LimitExceeded):
        vc.integral(np.broadcast_to(np.zeros((1, 1), np.uint8), (1 << 17, 1 << 17)))


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("channels", [None, 2, 3, 4])
def test_u8_sums_and_squares_every_width_and_isa(rng, isa, channels):
    # the vector steps take 16 samples and carry per-channel running sums
    # across steps whatever channel a step starts with
    img = image(rng, 7, 151, channels, np.uint8)
    img[3] = 255  # the largest squares
    with vc.isa("scalar"):
        ref = [vc.integral(img[:, :w], squared=True) for w in range(1, 152)]
    with vc.isa(isa):
        for w in range(1, 152):
            s, sq = vc.integral(img[:, :w], squared=True)
            np.testing.assert_array_equal(s, ref[w - 1][0])
            np.testing.assert_array_equal(sq, ref[w - 1][1])
