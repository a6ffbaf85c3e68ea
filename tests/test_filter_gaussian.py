"""gaussian_blur against OpenCV: bit-identical uint8/uint16 (OpenCV's
fixed-point path) for every size and border, float32/int16 within rounding,
OpenCV's ksize/sigma rules, ISAs, threads, layouts, out=, bad input."""

from __future__ import annotations

import numpy as np
import pytest

import visioncore as vc
from conftest import ISAS, photo_rgb, random_image, strided_variants, structured_image

cv2 = pytest.importorskip("cv2")

BORDERS = {
    "reflect101": cv2.BORDER_REFLECT_101,
    "replicate": cv2.BORDER_REPLICATE,
    "reflect": cv2.BORDER_REFLECT,
    "constant": cv2.BORDER_CONSTANT,
    "wrap": cv2.BORDER_WRAP,  # OpenCV's fixed-point Gaussian supports it
}
SIZES = [(3, 0), (5, 0), (3, 0.8), (5, 1.1), (7, 0), (7, 1.3), (9, 0), (11, 2.0), (13, 0),
         (15, 3.0), (31, 5.0), (51, 0)]
WIDTHS = (1, 3, 15, 16, 17, 31, 32, 33, 63, 64, 65, 97, 130, 211)


def image(rng, shape, dtype, structured):
    h, w = shape[:2]
    c = shape[2] if len(shape) == 3 else None
    return structured_image(h, w, c, dtype) if structured else random_image(rng, h, w, c, dtype)


def cv_blur(img, ksize, sigma, sigma_y=0, border="reflect101"):
    ref = cv2.GaussianBlur(img, ksize, sigma, sigmaY=sigma_y, borderType=BORDERS[border])
    return ref[..., None] if img.ndim == 3 and ref.ndim == 2 else ref


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
@pytest.mark.parametrize("channels", [None, 1, 3, 4])
@pytest.mark.parametrize("border", list(BORDERS))
def test_integer_types_identical_to_opencv(rng, dtype, channels, border):
    for shape in [(37, 53), (5, 4), (1, 1), (2, 7)]:
        full = shape if channels is None else shape + (channels,)
        for structured in (False, True):
            img = image(rng, full, dtype, structured)
            for k, sigma in SIZES:
                np.testing.assert_array_equal(vc.gaussian_blur(img, k, sigma, border=border),
                                              cv_blur(img, (k, k), sigma, border=border),
                                              err_msg=f"k={k} sigma={sigma}")


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_anisotropic_identical(rng, dtype):
    img = random_image(rng, 41, 67, 3, dtype)
    for ksize, sx, sy in [((7, 3), 1.3, 0), ((3, 9), 0, 0), ((0, 0), 1.2, 2.5), ((0, 5), 0.9, 0),
                          ((11, 0), 0, 1.7), ((5, 5), 1.0, 3.0)]:
        got = vc.gaussian_blur(img, ksize, sx, sigma_y=sy if sy else None)
        np.testing.assert_array_equal(got, cv_blur(img, ksize, sx, sy), err_msg=str((ksize, sx, sy)))


def test_photo_identical():
    img = photo_rgb()
    for k, s in [(3, 0), (5, 0), (9, 1.6), (0, 2.2)]:
        np.testing.assert_array_equal(vc.gaussian_blur(img, k, s), cv2.GaussianBlur(img, (k, k), s))


def test_1080p_identical(rng):
    img = random_image(rng, 1080, 1920, None, np.uint8)
    np.testing.assert_array_equal(vc.gaussian_blur(img, 5, 0), cv2.GaussianBlur(img, (5, 5), 0))


@pytest.mark.parametrize("dtype", [np.float32, np.int16])
@pytest.mark.parametrize("channels", [None, 3, 4])
@pytest.mark.parametrize("border", ["reflect101", "replicate", "reflect", "constant"])
def test_float_and_int16_match_opencv(rng, dtype, channels, border):
    for shape in [(37, 53), (3, 2)]:
        full = shape if channels is None else shape + (channels,)
        for structured in (False, True):
            img = image(rng, full, dtype, structured)
            for k, sigma in SIZES[:9]:
                got = vc.gaussian_blur(img, k, sigma, border=border)
                ref = cv_blur(img, (k, k), sigma, border=border)
                if dtype == np.float32:
                    np.testing.assert_allclose(got, ref, rtol=1e-5, atol=1e-6)
                else:
                    assert np.abs(got.astype(int) - ref).max() <= 1


def test_kernel_size_rules():
    # ksize 0 derives the size from sigma: 3 sigma for uint8, 4 for others
    assert vc.gaussian_kernel_size(1.0, np.uint8) == 7
    assert vc.gaussian_kernel_size(1.0, np.float32) == 9
    assert vc.gaussian_kernel_size(0.3, np.uint8) == 3
    assert vc.gaussian_kernel_size(0.0, np.uint8) == 0
    for n in (1, 3, 5, 7, 9, 11, 13, 21):
        for sigma in (0, 0.5, 1.1, 3.0):
            np.testing.assert_allclose(vc.gaussian_kernel(n, sigma),
                                       cv2.getGaussianKernel(n, sigma, cv2.CV_64F).ravel(),
                                       rtol=1e-12, atol=0)


def test_derived_size_matches_opencv(rng):
    for dtype in (np.uint8, np.float32):
        img = random_image(rng, 60, 60, None, dtype)
        for sigma in (0.4, 1.0, 2.3):
            got = vc.gaussian_blur(img, 0, sigma)
            ref = cv2.GaussianBlur(img, (0, 0), sigma)
            np.testing.assert_allclose(got, ref, rtol=1e-5, atol=1e-6)


def test_one_tap_is_a_copy(rng):
    img = random_image(rng, 9, 11, 3, np.float32)
    np.testing.assert_array_equal(vc.gaussian_blur(img, 1, 0), img)
    np.testing.assert_array_equal(vc.gaussian_blur(img, (1, 1), 5.0), img)


def _cases(img):
    return [lambda: vc.gaussian_blur(img, 3, 0), lambda: vc.gaussian_blur(img, 5, 0),
            lambda: vc.gaussian_blur(img, (7, 3), 1.4, border="constant"),
            lambda: vc.gaussian_blur(img, 13, 0, border="wrap")]


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.int16, np.float32])
@pytest.mark.parametrize("channels", [None, 3])
def test_every_isa_matches_scalar(rng, isa, dtype, channels):
    for w in WIDTHS:
        img = random_image(rng, 7, w, channels, dtype)
        for case in _cases(img):
            with vc.isa("scalar"):
                ref = case()
            with vc.isa(isa):
                np.testing.assert_array_equal(case(), ref)


@pytest.mark.parametrize("threads", [1, 2, 4])
@pytest.mark.parametrize("dtype", [np.uint8, np.float32])
def test_thread_counts_identical(rng, threads, dtype):
    img = random_image(rng, 517, 131, 3, dtype)
    for case in _cases(img):
        with vc.num_threads(1):
            ref = case()
        with vc.num_threads(threads):
            np.testing.assert_array_equal(case(), ref)


def test_layouts_and_out(rng):
    img = random_image(rng, 23, 31, 3, np.uint8)
    ref = vc.gaussian_blur(img, 5, 0)
    for name, view, _ in strided_variants(img):
        np.testing.assert_array_equal(vc.gaussian_blur(view, 5, 0), ref, err_msg=name)
    out = np.zeros_like(img)
    assert vc.gaussian_blur(img, 5, 0, out=out) is out
    np.testing.assert_array_equal(out, ref)
    big = np.zeros((27, 40, 3), np.uint8)
    vc.gaussian_blur(img, 5, 0, out=big[2:25, 4:35])
    np.testing.assert_array_equal(big[2:25, 4:35], ref)


@pytest.mark.parametrize(
    "args, kwargs, exc, words",
    [
        ((4, 1.0), {}, ValueError, ["ksize", "odd"]),
        (((3, 4), 1.0), {}, ValueError, ["ksize", "odd"]),
        ((-3, 1.0), {}, ValueError, ["ksize"]),
        ((0, 0.0), {}, ValueError, ["sigma", "ksize is 0"]),
        ((0, -1.0), {}, ValueError, ["sigma"]),
        ((3, float("nan")), {}, ValueError, ["sigma", "finite"]),
        ((3, float("inf")), {}, ValueError, ["sigma", "finite"]),
        ((3, 1.0), {"sigma_y": float("nan")}, ValueError, ["sigma_y"]),
        ((0, 1e30), {}, ValueError, ["sigma", "4095"]),
        ((4097, 1.0), {}, ValueError, ["ksize", "4095"]),
        ((2**70, 1.0), {}, ValueError, ["ksize"]),
        ((3.0, 1.0), {}, TypeError, ["ksize", "int"]),
        (((3, 3, 3), 1.0), {}, ValueError, ["ksize", "pair"]),
        ((3, "1"), {}, TypeError, ["sigma"]),
        ((3, 1.0), {"border": "nope"}, ValueError, ["border"]),
    ],
)
def test_bad_arguments(args, kwargs, exc, words):
    img = np.zeros((8, 8), np.uint8)
    with pytest.raises(exc) as info:
        vc.gaussian_blur(img, *args, **kwargs)
    for w in words + ["gaussian_blur"]:
        assert w in str(info.value)


def test_bad_images_and_out():
    with pytest.raises(TypeError, match="img"):
        vc.gaussian_blur(np.zeros((4, 4), np.float64), 3, 0)
    with pytest.raises(ValueError, match="empty"):
        vc.gaussian_blur(np.zeros((4, 0), np.uint8), 3, 0)
    img = np.zeros((4, 5), np.uint8)
    with pytest.raises(ValueError, match="out"):
        vc.gaussian_blur(img, 3, 0, out=np.zeros((5, 4), np.uint8))
    with pytest.raises(ValueError, match="overlap"):
        vc.gaussian_blur(img, 3, 0, out=img)
    huge = np.broadcast_to(np.zeros((1, 1), np.uint8), (65536, 65536))
    with pytest.raises(vc.LimitExceeded):
        vc.gaussian_blur(huge, 3, 0)
