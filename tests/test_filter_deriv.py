"""sobel, scharr, laplacian and deriv_kernels against OpenCV: input/output
dtype pairs, orders, kernel sizes, scale/delta, borders, ISAs, threads,
out=, bad input."""

from __future__ import annotations

import numpy as np
import pytest

import visioncore as vc
from conftest import ISAS, photo_rgb, random_image, strided_variants, structured_image

cv2 = pytest.importorskip("cv2")

CV_BORDERS = {
    "reflect101": cv2.BORDER_REFLECT_101,
    "replicate": cv2.BORDER_REPLICATE,
    "reflect": cv2.BORDER_REFLECT,
    "constant": cv2.BORDER_CONSTANT,
}
# (input dtype, output dtype, OpenCV ddepth)
PAIRS = [
    (np.uint8, np.int16, cv2.CV_16S),
    (np.uint8, np.float32, cv2.CV_32F),
    (np.int16, np.int16, cv2.CV_16S),
    (np.int16, np.float32, cv2.CV_32F),
    (np.uint16, np.float32, cv2.CV_32F),
    (np.float32, np.float32, cv2.CV_32F),
]
WIDTHS = (1, 3, 15, 16, 17, 31, 32, 33, 63, 64, 65, 97, 130, 211)


def image(rng, shape, dtype, structured):
    h, w = shape[:2]
    c = shape[2] if len(shape) == 3 else None
    return structured_image(h, w, c, dtype) if structured else random_image(rng, h, w, c, dtype)


def check(got, ref, img):
    assert got.shape == ref.shape and got.dtype == ref.dtype
    if got.dtype == np.float32:
        mag = max(1.0, float(np.abs(img.astype(np.float64)).max(initial=0)))
        np.testing.assert_allclose(got, ref, rtol=1e-5, atol=1e-5 * mag * 64)
    else:
        assert np.abs(got.astype(np.int64) - ref).max(initial=0) <= 1


def fix(ref, img):
    return ref[..., None] if img.ndim == 3 and ref.ndim == 2 else ref


@pytest.mark.parametrize("src_t, dst_t, ddepth", PAIRS)
@pytest.mark.parametrize("channels", [None, 3, 4])
@pytest.mark.parametrize("border", list(CV_BORDERS))
def test_sobel_matches_opencv(rng, src_t, dst_t, ddepth, channels, border):
    for shape in [(29, 37), (4, 5), (1, 1)]:
        full = shape if channels is None else shape + (channels,)
        for structured in (False, True):
            img = image(rng, full, src_t, structured)
            for ksize, dx, dy in [(3, 1, 0), (3, 0, 1), (3, 1, 1), (1, 1, 0), (1, 0, 2), (5, 2, 1),
                                  (7, 1, 0), (-1, 0, 1)]:
                got = vc.sobel(img, dx, dy, ksize=ksize, dtype=dst_t, border=border)
                ref = fix(cv2.Sobel(img, ddepth, dx, dy, ksize=ksize,
                                    borderType=CV_BORDERS[border]), img)
                check(got, ref, img)


def test_integer_results_identical_to_opencv(rng):
    img = random_image(rng, 61, 83, 3, np.uint8)
    for ksize, dx, dy in [(3, 1, 0), (3, 0, 1), (5, 1, 1), (5, 2, 0), (1, 1, 0), (3, 2, 2)]:
        for ddepth, dt in [(cv2.CV_16S, np.int16), (cv2.CV_32F, np.float32)]:
            np.testing.assert_array_equal(vc.sobel(img, dx, dy, ksize=ksize, dtype=dt),
                                          cv2.Sobel(img, ddepth, dx, dy, ksize=ksize))
    for ksize in (1, 3, 5):
        np.testing.assert_array_equal(vc.laplacian(img, ksize=ksize),
                                      cv2.Laplacian(img, cv2.CV_16S, ksize=ksize))
    np.testing.assert_array_equal(vc.scharr(img, 1, 0), cv2.Scharr(img, cv2.CV_16S, 1, 0))


def test_default_dtypes(rng):
    assert vc.sobel(random_image(rng, 5, 5, None, np.uint8), 1, 0).dtype == np.int16
    assert vc.sobel(random_image(rng, 5, 5, None, np.int16), 1, 0).dtype == np.int16
    assert vc.sobel(random_image(rng, 5, 5, None, np.uint16), 1, 0).dtype == np.float32
    assert vc.laplacian(random_image(rng, 5, 5, None, np.float32)).dtype == np.float32
    assert vc.scharr(random_image(rng, 5, 5, 3, np.uint8), 0, 1).shape == (5, 5, 3)


@pytest.mark.parametrize("src_t, dst_t, ddepth", PAIRS)
def test_scale_delta(rng, src_t, dst_t, ddepth):
    img = random_image(rng, 23, 31, None, src_t)
    for scale, delta in [(0.5, 3.0), (2.0, -7.0), (0.25, 0.0)]:
        check(vc.sobel(img, 1, 1, scale=scale, delta=delta, dtype=dst_t),
              cv2.Sobel(img, ddepth, 1, 1, scale=scale, delta=delta), img)
        check(vc.scharr(img, 0, 1, scale=scale, delta=delta, dtype=dst_t),
              cv2.Scharr(img, ddepth, 0, 1, scale=scale, delta=delta), img)
        for ksize in (1, 3, 5):
            check(vc.laplacian(img, ksize=ksize, scale=scale, delta=delta, dtype=dst_t),
                  cv2.Laplacian(img, ddepth, ksize=ksize, scale=scale, delta=delta), img)


@pytest.mark.parametrize("src_t, dst_t, ddepth", PAIRS)
@pytest.mark.parametrize("border", list(CV_BORDERS))
def test_laplacian_matches_opencv(rng, src_t, dst_t, ddepth, border):
    for shape in [(29, 37, 3), (5, 4), (1, 1)]:
        img = image(rng, shape, src_t, False)
        for ksize in (1, 3, 5, 7):
            check(vc.laplacian(img, ksize=ksize, dtype=dst_t, border=border),
                  fix(cv2.Laplacian(img, ddepth, ksize=ksize, borderType=CV_BORDERS[border]), img),
                  img)


def test_wrap_border_against_padding(rng):
    img = random_image(rng, 12, 15, None, np.float32)
    big = cv2.copyMakeBorder(img, 4, 4, 4, 4, cv2.BORDER_WRAP)
    np.testing.assert_allclose(vc.sobel(img, 1, 0, ksize=5, border="wrap"),
                               cv2.Sobel(big, cv2.CV_32F, 1, 0, ksize=5)[4:-4, 4:-4], rtol=1e-5,
                               atol=1e-4)
    np.testing.assert_allclose(vc.laplacian(img, ksize=3, border="wrap"),
                               cv2.Laplacian(big, cv2.CV_32F, ksize=3)[4:-4, 4:-4], rtol=1e-5,
                               atol=1e-4)


def test_deriv_kernels_match_opencv():
    for ksize in (1, 3, 5, 7, 9, 31):
        for dx, dy in [(1, 0), (0, 1), (2, 1), (1, 2), (2, 0)]:
            kx, ky = vc.deriv_kernels(dx, dy, ksize)
            cx, cy = cv2.getDerivKernels(dx, dy, ksize, ktype=cv2.CV_32F)
            np.testing.assert_array_equal(kx, cx.ravel())
            np.testing.assert_array_equal(ky, cy.ravel())
    kx, ky = vc.deriv_kernels(1, 0, -1)
    cx, cy = cv2.getDerivKernels(1, 0, -1, ktype=cv2.CV_32F)
    np.testing.assert_array_equal(kx, cx.ravel())
    np.testing.assert_array_equal(ky, cy.ravel())


def test_photo_identical():
    img = cv2.cvtColor(photo_rgb(), cv2.COLOR_RGB2GRAY)
    np.testing.assert_array_equal(vc.sobel(img, 1, 0), cv2.Sobel(img, cv2.CV_16S, 1, 0))
    np.testing.assert_array_equal(vc.laplacian(img, ksize=3), cv2.Laplacian(img, cv2.CV_16S, ksize=3))


def test_1080p_identical(rng):
    img = random_image(rng, 1080, 1920, None, np.uint8)
    np.testing.assert_array_equal(vc.sobel(img, 0, 1), cv2.Sobel(img, cv2.CV_16S, 0, 1))


def _cases(img, dt):
    return [lambda: vc.sobel(img, 1, 0, dtype=dt), lambda: vc.sobel(img, 1, 2, ksize=5, dtype=dt),
            lambda: vc.sobel(img, 1, 1, ksize=7, scale=0.5, dtype=dt, border="wrap"),
            lambda: vc.scharr(img, 0, 1, dtype=dt, border="constant"),
            lambda: vc.laplacian(img, dtype=dt), lambda: vc.laplacian(img, ksize=3, delta=1, dtype=dt),
            lambda: vc.laplacian(img, ksize=5, dtype=dt)]


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("src_t, dst_t, ddepth", PAIRS)
def test_every_isa_matches_scalar(rng, isa, src_t, dst_t, ddepth):
    for w in WIDTHS:
        for channels in (None, 3):
            img = random_image(rng, 6, w, channels, src_t)
            for case in _cases(img, dst_t):
                with vc.isa("scalar"):
                    ref = case()
                with vc.isa(isa):
                    np.testing.assert_array_equal(case(), ref)


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_thread_counts_identical(rng, threads):
    for src_t, dst_t in [(np.uint8, np.int16), (np.float32, np.float32)]:
        img = random_image(rng, 401, 97, 3, src_t)
        for case in _cases(img, dst_t):
            with vc.num_threads(1):
                ref = case()
            with vc.num_threads(threads):
                np.testing.assert_array_equal(case(), ref)


def test_layouts_and_out(rng):
    img = random_image(rng, 19, 27, None, np.uint8)
    ref = vc.sobel(img, 1, 0)
    for name, view, _ in strided_variants(img):
        np.testing.assert_array_equal(vc.sobel(view, 1, 0), ref, err_msg=name)
    out = np.zeros((19, 27), np.float32)
    assert vc.sobel(img, 1, 0, dtype=np.float32, out=out) is out
    np.testing.assert_array_equal(out, ref.astype(np.float32))
    out16 = np.zeros((19, 27), np.int16)
    assert vc.laplacian(img, out=out16) is out16


@pytest.mark.parametrize(
    "call, exc, words",
    [
        (lambda img: vc.sobel(img, 0, 0), ValueError, ["sobel", "dx"]),
        (lambda img: vc.sobel(img, -1, 1), ValueError, ["sobel", "dx"]),
        (lambda img: vc.sobel(img, 1, 0, ksize=4), ValueError, ["sobel", "ksize"]),
        (lambda img: vc.sobel(img, 1, 0, ksize=33), ValueError, ["sobel", "ksize"]),
        (lambda img: vc.sobel(img, 3, 0, ksize=3), ValueError, ["sobel", "dx"]),
        (lambda img: vc.sobel(img, 3, 0, ksize=1), ValueError, ["sobel", "dx"]),
        (lambda img: vc.sobel(img, 1, 1, ksize=-1), ValueError, ["sobel", "Scharr"]),
        (lambda img: vc.sobel(img, 1, 0, scale=float("nan")), ValueError, ["sobel", "scale"]),
        (lambda img: vc.sobel(img, 1, 0, delta=float("inf")), ValueError, ["sobel", "delta"]),
        (lambda img: vc.sobel(img, 1, 0, dtype=np.uint8), TypeError, ["sobel", "dtype"]),
        (lambda img: vc.sobel(img, 1, 0, dtype="banana"), TypeError, ["sobel", "dtype"]),
        (lambda img: vc.sobel(img, 1.5, 0), TypeError, ["sobel", "dx"]),
        (lambda img: vc.scharr(img, 1, 1), ValueError, ["scharr", "dx"]),
        (lambda img: vc.scharr(img, 2, 0), ValueError, ["scharr", "dx"]),
        (lambda img: vc.laplacian(img, ksize=2), ValueError, ["laplacian", "ksize"]),
        (lambda img: vc.laplacian(img, ksize=0), ValueError, ["laplacian", "ksize"]),
        (lambda img: vc.laplacian(img, border="wrapped"), ValueError, ["laplacian", "border"]),
        (lambda img: vc.laplacian(img.astype(np.float32), dtype=np.int16), TypeError,
         ["laplacian", "dtype"]),
        (lambda img: vc.deriv_kernels(0, 0, 3), ValueError, ["deriv_kernels", "dx"]),
    ],
)
def test_bad_arguments(call, exc, words):
    with pytest.raises(exc) as info:
        call(np.zeros((6, 6), np.uint8))
    for w in words:
        assert w in str(info.value)


def test_bad_images_and_out():
    with pytest.raises(TypeError, match="img"):
        vc.sobel(np.zeros((4, 4), np.float64), 1, 0)
    img = np.zeros((4, 5), np.uint8)
    with pytest.raises(TypeError, match="out"):
        vc.sobel(img, 1, 0, out=np.zeros((4, 5), np.uint8))
    with pytest.raises(ValueError, match="out"):
        vc.laplacian(img, out=np.zeros((5, 4), np.int16))
    huge = np.broadcast_to(np.zeros((1, 1), np.uint8), (65536, 65536))
    with pytest.raises(vc.LimitExceeded):
        vc.sobel(huge, 1, 0)
