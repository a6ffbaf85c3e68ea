"""filter2d and sep_filter2d against OpenCV: dtypes, channels, borders,
kernel sizes, anchors, ISAs, threads, layouts, out=, bad input."""

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
ALL_BORDERS = list(CV_BORDERS) + ["wrap"]
PAD_BORDERS = {**CV_BORDERS, "wrap": cv2.BORDER_WRAP}
DTYPES = [np.uint8, np.uint16, np.int16, np.float32]
WIDTHS = (1, 3, 15, 16, 17, 31, 32, 33, 63, 64, 65, 97, 130, 211)


def image(rng, shape, dtype, structured=False):
    h, w = shape[:2]
    c = shape[2] if len(shape) == 3 else None
    return structured_image(h, w, c, dtype) if structured else random_image(rng, h, w, c, dtype)


def check(got, ref, dtype, scale=1.0):
    """Integer results within 1 of OpenCV; float32 within 1e-5 relative to
    the magnitude of the kernel response."""
    assert got.shape == ref.shape and got.dtype == ref.dtype
    if np.dtype(dtype) == np.float32:
        np.testing.assert_allclose(got, ref, rtol=1e-5, atol=1e-5 * scale)
    else:
        diff = np.abs(got.astype(np.int64) - ref.astype(np.int64))
        assert diff.max(initial=0) <= 1, f"max diff {diff.max()}"


def padded_reference(img, pad, border, value, fn):
    """The result for any border (wrap and per-channel constants included):
    pad explicitly, filter the padded image, keep the inside."""
    h, w = img.shape[:2]
    big = cv2.copyMakeBorder(img, pad, pad, pad, pad, PAD_BORDERS[border], value=value)
    if big.ndim == 2 and img.ndim == 3:
        big = big[..., None]
    out = fn(big)
    if out.ndim == 2 and img.ndim == 3:
        out = out[..., None]
    return out[pad:pad + h, pad:pad + w]


def kernel_scale(img, k):
    return float(np.abs(k).sum()) * max(1.0, float(np.abs(img.astype(np.float64)).max(initial=0)))


# ---------------------------------------------------------------- filter2d


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("channels", [None, 1, 3, 4])
@pytest.mark.parametrize("border", list(CV_BORDERS))
def test_filter2d_matches_opencv(rng, dtype, channels, border):
    for shape in [(23, 37), (5, 4), (1, 1), (2, 9)]:
        full = shape if channels is None else shape + (channels,)
        for structured in (False, True):
            img = image(rng, full, dtype, structured)
            for kh, kw in [(3, 3), (1, 5), (5, 3), (7, 7)]:
                k = (rng.random((kh, kw)) - 0.4).astype(np.float32)
                got = vc.filter2d(img, k, border=border)
                ref = cv2.filter2D(img, -1, k, borderType=CV_BORDERS[border])
                if channels == 1:
                    ref = ref[..., None]
                check(got, ref, dtype, kernel_scale(img, k))


@pytest.mark.parametrize("dtype", DTYPES)
def test_filter2d_anchor_delta_and_float64_kernel(rng, dtype):
    img = random_image(rng, 31, 29, 3, dtype)
    k = (rng.random((4, 5)) - 0.5)  # float64, even height
    for anchor in [(0, 0), (4, 3), (2, 1), None]:
        got = vc.filter2d(img, k, anchor=anchor, delta=3.5)
        ref = cv2.filter2D(img, -1, k.astype(np.float32), anchor=anchor or (-1, -1), delta=3.5)
        check(got, ref, dtype, kernel_scale(img, k))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("border", ALL_BORDERS)
def test_filter2d_every_border_and_border_value(rng, dtype, border):
    img = random_image(rng, 13, 17, 3, dtype)
    k = (rng.random((5, 7)) - 0.3).astype(np.float32)
    value = [7, 200, 3] if border == "constant" else [0, 0, 0]
    got = vc.filter2d(img, k, border=border, border_value=value)
    ref = padded_reference(img, 8, border, value,
                           lambda big: cv2.filter2D(big, -1, k, borderType=cv2.BORDER_CONSTANT))
    check(got, ref, dtype, kernel_scale(img, k))


def test_filter2d_kernel_larger_than_image(rng):
    img = random_image(rng, 3, 4, None, np.uint8)
    k = rng.random((9, 11)).astype(np.float32) / 40
    for border in CV_BORDERS:
        check(vc.filter2d(img, k, border=border),
              cv2.filter2D(img, -1, k, borderType=CV_BORDERS[border]), np.uint8)


def test_filter2d_large_kernel_within_one(rng):
    # OpenCV switches to a DFT here; the direct sum agrees within rounding.
    img = random_image(rng, 70, 90, None, np.uint8)
    k = rng.random((15, 17)).astype(np.float32)
    k /= k.sum()
    check(vc.filter2d(img, k), cv2.filter2D(img, -1, k), np.uint8)


def test_filter2d_photo():
    img = photo_rgb()
    k = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], np.float32)
    np.testing.assert_array_equal(vc.filter2d(img, k), cv2.filter2D(img, -1, k))


def test_filter2d_zero_kernel_gives_delta(rng):
    img = random_image(rng, 6, 7, None, np.uint8)
    np.testing.assert_array_equal(vc.filter2d(img, np.zeros((3, 3)), delta=9.0), np.full((6, 7), 9, np.uint8))


# ------------------------------------------------------------ sep_filter2d


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("channels", [None, 3, 4])
@pytest.mark.parametrize("border", list(CV_BORDERS))
def test_sep_filter2d_matches_opencv(rng, dtype, channels, border):
    for shape in [(23, 37), (4, 6), (1, 1)]:
        full = shape if channels is None else shape + (channels,)
        for structured in (False, True):
            img = image(rng, full, dtype, structured)
            for nx, ny in [(3, 3), (5, 1), (1, 7), (4, 5)]:
                kx = (rng.random(nx) - 0.3).astype(np.float32)
                ky = (rng.random(ny) - 0.3).astype(np.float32)
                got = vc.sep_filter2d(img, kx, ky, border=border, delta=1.25)
                ref = cv2.sepFilter2D(img, -1, kx, ky, delta=1.25, borderType=CV_BORDERS[border])
                check(got, ref, dtype, kernel_scale(img, np.outer(ky, kx)))


@pytest.mark.parametrize("dtype", [np.uint8, np.float32])
def test_sep_filter2d_symmetric_kernels(rng, dtype):
    # symmetric kernels take the paired path; OpenCV's u8 path for smooth
    # kernels is 8-bit fixed point, so u8 agrees within 1
    img = random_image(rng, 40, 61, 3, dtype)
    for n in (2, 3, 5, 9, 15):
        k = cv2.getGaussianKernel(n, 0).astype(np.float32).ravel()
        got = vc.sep_filter2d(img, k, k[:, None])
        check(got, cv2.sepFilter2D(img, -1, k, k), dtype, kernel_scale(img, k))


@pytest.mark.parametrize("border", ALL_BORDERS)
@pytest.mark.parametrize("channels", [None, 3, 4])
def test_sep_filter2d_dyadic_uint8_is_exact(rng, border, channels):
    # [1 2 1]/4 and [1 4 6 4 1]/16 take an integer path on uint8; its results
    # must be the exactly rounded (half to even) values, as the float path gives
    k3 = np.array([1, 2, 1], np.float32) / 4
    k5 = np.array([1, 4, 6, 4, 1], np.float32) / 16
    for shape in [(17, 70), (3, 2), (1, 1), (9, 129)]:
        img = random_image(rng, *shape, channels, np.uint8)
        value = [9, 200, 31, 77][: channels or 1]
        for kx, ky in [(k3, k3), (k5, k5), (k3, k5), (k5, k3)]:
            got = vc.sep_filter2d(img, kx, ky, border=border, border_value=value)
            big = cv2.copyMakeBorder(img, 3, 3, 3, 3, PAD_BORDERS[border], value=value)
            if big.ndim == 2 and img.ndim == 3:
                big = big[..., None]
            exact = cv2.sepFilter2D(big.astype(np.float64), -1, kx.astype(np.float64),
                                    ky.astype(np.float64), borderType=cv2.BORDER_CONSTANT)
            if exact.ndim == 2 and img.ndim == 3:
                exact = exact[..., None]
            exact = exact[3:-3, 3:-3]
            np.testing.assert_array_equal(got, np.rint(exact).astype(np.uint8))


@pytest.mark.parametrize("border", ALL_BORDERS)
def test_sep_filter2d_every_border(rng, border):
    img = random_image(rng, 9, 12, 4, np.float32)
    kx = rng.random(5).astype(np.float32)
    ky = rng.random(3).astype(np.float32)
    value = [0.5, -1, 2, 3] if border == "constant" else 0
    got = vc.sep_filter2d(img, kx, ky, anchor=(1, 2), border=border, border_value=value)
    ref = padded_reference(img, 6, border, value, lambda big: cv2.sepFilter2D(
        big, -1, kx, ky, anchor=(1, 2), borderType=cv2.BORDER_CONSTANT))
    check(got, ref, np.float32, kernel_scale(img, np.outer(ky, kx)))


def test_sep_filter2d_equals_filter2d_of_outer_product(rng):
    img = random_image(rng, 25, 33, None, np.int16)
    kx = np.array([1, -2, 3], np.float32)
    ky = np.array([2, 1], np.float32)
    np.testing.assert_array_equal(vc.sep_filter2d(img, kx, ky), vc.filter2d(img, np.outer(ky, kx)))


# ---------------------------------------------- ISAs, threads, layouts, out


def _cases(img):
    k2 = np.array([[0.25, -1, 0.5], [1, 2, -0.5]], np.float32)
    kx = np.array([0.1, 0.2, 0.4, 0.2, 0.1], np.float32)
    ky = np.array([1, -3, 1], np.float32)
    return [
        lambda: vc.filter2d(img, k2, delta=2),
        lambda: vc.filter2d(img, k2, border="wrap"),
        lambda: vc.sep_filter2d(img, kx, kx, border="constant", border_value=5),
        lambda: vc.sep_filter2d(img, kx, ky, anchor=(0, 2)),
    ]


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("channels", [None, 3])
def test_every_isa_matches_scalar(rng, isa, dtype, channels):
    for w in WIDTHS:
        img = random_image(rng, 6, w, channels, dtype)
        for case in _cases(img):
            with vc.isa("scalar"):
                ref = case()
            with vc.isa(isa):
                np.testing.assert_array_equal(case(), ref)


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_thread_counts_identical(rng, threads):
    img = random_image(rng, 301, 127, 3, np.float32)
    for case in _cases(img):
        with vc.num_threads(1):
            ref = case()
        with vc.num_threads(threads):
            np.testing.assert_array_equal(case(), ref)


def test_layouts_match_contiguous(rng):
    img = random_image(rng, 21, 34, 3, np.uint8)
    k = np.array([[1, 2, 1], [0, 1, 0]], np.float32) / 5
    ref = vc.filter2d(img, k)
    for name, view, _ in strided_variants(img):
        np.testing.assert_array_equal(vc.filter2d(view, k), ref, err_msg=name)
        np.testing.assert_array_equal(vc.sep_filter2d(view, k[0], k[:, 1]),
                                      vc.sep_filter2d(img, k[0], k[:, 1]), err_msg=name)
    # a non-contiguous kernel is fine too
    np.testing.assert_array_equal(vc.filter2d(img, np.asfortranarray(k)), ref)


def test_out_is_written_and_returned(rng):
    img = random_image(rng, 20, 30, None, np.uint8)
    k = np.ones((3, 3), np.float32) / 9
    out = np.full((20, 30), 7, np.uint8)
    assert vc.filter2d(img, k, out=out) is out
    np.testing.assert_array_equal(out, cv2.filter2D(img, -1, k))
    big = np.full((24, 40), 7, np.uint8)
    vc.sep_filter2d(img, k[0] * 3, k[0] * 3, out=big[2:22, 5:35])
    np.testing.assert_array_equal(big[2:22, 5:35], out)
    assert (big[:2] == 7).all() and (big[:, :5] == 7).all()


def test_1080p_matches_opencv(rng):
    img = random_image(rng, 1080, 1920, None, np.uint8)
    k = np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]], np.float32) / 16
    np.testing.assert_array_equal(vc.filter2d(img, k), cv2.filter2D(img, -1, k))


# ----------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "kwargs, exc, words",
    [
        (dict(kernel=np.ones(3, np.float32)), ValueError, ["kernel", "2-D"]),
        (dict(kernel=np.ones((3, 3), np.int32)), TypeError, ["kernel", "int32"]),
        (dict(kernel=[[1, 2], [3, 4]]), TypeError, ["kernel", "list"]),
        (dict(kernel=np.zeros((0, 3), np.float32)), ValueError, ["kernel", "non-empty"]),
        (dict(kernel=np.full((3, 3), np.nan, np.float32)), ValueError, ["kernel", "finite"]),
        (dict(kernel=np.full((3, 3), np.inf)), ValueError, ["kernel", "finite"]),
        (dict(kernel=np.full((3, 3), 1e300)), ValueError, ["kernel", "finite"]),
        (dict(kernel=np.ones((4096, 1), np.float32)), ValueError, ["kernel", "4095"]),
        (dict(kernel=np.ones((2048, 1024), np.float32)), ValueError, ["kernel", "coefficients"]),
        (dict(kernel=np.ones((3, 3)), anchor=(3, 0)), ValueError, ["anchor"]),
        (dict(kernel=np.ones((3, 3)), anchor=(0, -2)), ValueError, ["anchor"]),
        (dict(kernel=np.ones((3, 3)), anchor=5), TypeError, ["anchor"]),
        (dict(kernel=np.ones((3, 3)), border="mirror"), ValueError, ["border", "reflect101"]),
        (dict(kernel=np.ones((3, 3)), border_value=[1, 2]), ValueError, ["border_value"]),
        (dict(kernel=np.ones((3, 3)), border_value=float("nan")), ValueError, ["border_value"]),
        (dict(kernel=np.ones((3, 3)), delta=float("inf")), ValueError, ["delta"]),
    ],
)
def test_filter2d_bad_arguments(kwargs, exc, words):
    img = np.zeros((8, 8, 3), np.uint8)
    with pytest.raises(exc) as info:
        vc.filter2d(img, **kwargs)
    for w in words + ["filter2d"]:
        assert w in str(info.value)


@pytest.mark.parametrize(
    "img, exc, words",
    [
        (np.zeros((4, 4), np.float64), TypeError, ["img", "float64"]),
        (np.zeros((4, 4), bool), TypeError, ["img"]),
        (np.zeros((4, 4, 5), np.uint8), ValueError, ["img"]),
        (np.zeros((0, 4), np.uint8), ValueError, ["empty"]),
        (None, TypeError, ["img"]),
    ],
)
def test_bad_images(img, exc, words):
    for fn in (lambda: vc.filter2d(img, np.ones((3, 3))),
               lambda: vc.sep_filter2d(img, np.ones(3), np.ones(3))):
        with pytest.raises(exc) as info:
            fn()
        for w in words:
            assert w in str(info.value)


def test_sep_filter2d_bad_kernels():
    img = np.zeros((8, 8), np.uint8)
    with pytest.raises(ValueError, match="kx"):
        vc.sep_filter2d(img, np.ones((3, 3)), np.ones(3))
    with pytest.raises(ValueError, match="ky.*finite"):
        vc.sep_filter2d(img, np.ones(3), np.array([1, np.nan]))
    with pytest.raises(TypeError, match="kx"):
        vc.sep_filter2d(img, np.ones(3, np.int64), np.ones(3))
    with pytest.raises(ValueError, match="ky.*4095"):
        vc.sep_filter2d(img, np.ones(3), np.ones(5000))


def test_bad_out(rng):
    img = random_image(rng, 8, 9, None, np.uint8)
    k = np.ones((3, 3))
    with pytest.raises(TypeError, match="out"):
        vc.filter2d(img, k, out=np.zeros((8, 9), np.uint16))
    with pytest.raises(ValueError, match="out"):
        vc.filter2d(img, k, out=np.zeros((9, 8), np.uint8))
    ro = np.zeros((8, 9), np.uint8)
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        vc.sep_filter2d(img, k[0], k[0], out=ro)
    with pytest.raises(ValueError, match="overlap"):
        vc.filter2d(img, k, out=img)


def test_huge_broadcast_is_refused_before_allocation():
    huge = np.broadcast_to(np.zeros((1, 1), np.uint8), (65536, 65536))
    with pytest.raises(vc.LimitExceeded, match="limit"):
        vc.filter2d(huge, np.ones((3, 3)))


@pytest.mark.parametrize("border", ALL_BORDERS)
@pytest.mark.parametrize("channels", [None, 3])
def test_filter2d_float_rows_read_in_place_equal_bordered_rows(rng, border, channels):
    # float sources: interior outputs read the source rows directly, the two
    # ends bordered copies; the same image padded by hand (its interior
    # outputs only see pixels that exist) gives the same bits
    for w, (kh, kw), anchor in [(9, (3, 3), (-1, -1)), (10, (3, 3), (0, 2)), (13, (5, 5), (-1, -1)),
                                (40, (3, 7), (6, 0)), (97, (5, 3), (1, 4)), (211, (1, 9), (2, 0))]:
        img = random_image(rng, 11, w, channels, np.float32)
        k = (rng.random((kh, kw)) - 0.3).astype(np.float32)
        ax = kw // 2 if anchor[0] < 0 else anchor[0]
        ay = kh // 2 if anchor[1] < 0 else anchor[1]
        value = [0.25, -3.0, 7.5][: 1 if channels is None else 3]
        got = vc.filter2d(img, k, anchor=anchor, border=border,
                          border_value=value if border == "constant" else 0)
        big = cv2.copyMakeBorder(img, ay, kh - 1 - ay, ax, kw - 1 - ax, PAD_BORDERS[border],
                                 value=value + [0] * (4 - len(value)))
        ref = vc.filter2d(big, k, anchor=anchor, border="constant")[ay:ay + 11, ax:ax + w]
        np.testing.assert_array_equal(got, ref)
