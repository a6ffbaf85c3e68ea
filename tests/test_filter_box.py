"""box_filter against OpenCV: uint8 means bit-identical, other dtypes within
rounding, sums, even and huge windows, borders, ISAs, threads, out=, errors."""

from __future__ import annotations

import time

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
KSIZES = [(3, 3), (5, 5), (2, 2), (4, 6), (1, 7), (9, 1), (16, 16), (17, 17), (31, 5), (40, 33)]
WIDTHS = (1, 3, 15, 16, 17, 31, 32, 33, 63, 64, 65, 97, 130, 211)


def image(rng, shape, dtype, structured):
    h, w = shape[:2]
    c = shape[2] if len(shape) == 3 else None
    return structured_image(h, w, c, dtype) if structured else random_image(rng, h, w, c, dtype)


def cv_box(img, ksize, normalize=True, border="reflect101"):
    ref = cv2.boxFilter(img, -1, ksize, normalize=normalize, borderType=CV_BORDERS[border])
    return ref[..., None] if img.ndim == 3 and ref.ndim == 2 else ref


@pytest.mark.parametrize("channels", [None, 1, 3, 4])
@pytest.mark.parametrize("border", list(CV_BORDERS))
def test_uint8_mean_identical(rng, channels, border):
    for shape in [(37, 53), (6, 5), (1, 1), (2, 40)]:
        full = shape if channels is None else shape + (channels,)
        for structured in (False, True):
            img = image(rng, full, np.uint8, structured)
            for ksize in KSIZES:
                np.testing.assert_array_equal(vc.box_filter(img, ksize, border=border),
                                              cv_box(img, ksize, border=border),
                                              err_msg=str(ksize))


@pytest.mark.parametrize("dtype", [np.uint16, np.int16, np.float32])
@pytest.mark.parametrize("channels", [None, 3])
@pytest.mark.parametrize("border", list(CV_BORDERS))
def test_other_dtypes_match_opencv(rng, dtype, channels, border):
    for shape in [(37, 53), (3, 4)]:
        full = shape if channels is None else shape + (channels,)
        for structured in (False, True):
            img = image(rng, full, dtype, structured)
            for ksize in KSIZES:
                got = vc.box_filter(img, ksize, border=border)
                ref = cv_box(img, ksize, border=border)
                if dtype == np.float32:
                    np.testing.assert_allclose(got, ref, rtol=1e-5, atol=1e-6)
                else:
                    assert np.abs(got.astype(np.int64) - ref).max() <= 1, str(ksize)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.int16, np.float32])
def test_sums(rng, dtype):
    img = random_image(rng, 29, 41, 3, dtype)
    if dtype == np.float32:
        img *= 100
    for ksize in [(3, 3), (5, 2), (30, 30)]:
        got = vc.box_filter(img, ksize, normalize=False)
        ref = cv_box(img, ksize, normalize=False)
        if dtype == np.float32:
            np.testing.assert_allclose(got, ref, rtol=1e-5)
        elif dtype == np.uint8:
            np.testing.assert_array_equal(got, ref)
        else:
            # OpenCV's 32-bit sums overflow for large 16-bit windows; ours saturate
            exact = cv2.boxFilter(img.astype(np.float64), -1, ksize, normalize=False)
            info = np.iinfo(dtype)
            np.testing.assert_array_equal(got, np.clip(exact, info.min, info.max).astype(dtype))


def test_every_border_against_padding(rng):
    img = random_image(rng, 11, 13, 3, np.float32)
    for border, pad_mode in [("wrap", cv2.BORDER_WRAP), ("constant", cv2.BORDER_CONSTANT)]:
        big = cv2.copyMakeBorder(img, 5, 5, 5, 5, pad_mode, value=0)
        ref = cv2.blur(big, (5, 7))[5:-5, 5:-5]
        np.testing.assert_allclose(vc.box_filter(img, (5, 7), border=border), ref, rtol=1e-6)


def test_window_larger_than_image(rng):
    img = random_image(rng, 3, 5, None, np.uint8)
    for border in CV_BORDERS:
        np.testing.assert_array_equal(vc.box_filter(img, (11, 9), border=border),
                                      cv_box(img, (11, 9), border=border))


def test_photo_and_1080p_identical(rng):
    img = photo_rgb()
    np.testing.assert_array_equal(vc.box_filter(img, 5), cv2.blur(img, (5, 5)))
    big = random_image(rng, 1080, 1920, None, np.uint8)
    np.testing.assert_array_equal(vc.box_filter(big, 7), cv2.blur(big, (7, 7)))


def test_cost_does_not_grow_with_window(rng):
    img = random_image(rng, 400, 600, None, np.uint8)

    def best(k):
        t = []
        for _ in range(5):
            t0 = time.perf_counter()
            vc.box_filter(img, k)
            t.append(time.perf_counter() - t0)
        return min(t)

    # running sums: a 301x301 window costs about what a 31x31 one does
    assert best(301) < 4 * best(31) + 0.002
    np.testing.assert_array_equal(vc.box_filter(img, 301), cv2.blur(img, (301, 301)))


def _cases(img):
    return [lambda: vc.box_filter(img, 5), lambda: vc.box_filter(img, (4, 3), border="constant"),
            lambda: vc.box_filter(img, (33, 3), border="wrap"),
            lambda: vc.box_filter(img, 3, normalize=False)]


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
    img = random_image(rng, 23, 31, 3, np.uint16)
    ref = vc.box_filter(img, 3)
    for name, view, _ in strided_variants(img):
        np.testing.assert_array_equal(vc.box_filter(view, 3), ref, err_msg=name)
    out = np.zeros_like(img)
    assert vc.box_filter(img, 3, out=out) is out
    np.testing.assert_array_equal(out, ref)


@pytest.mark.parametrize(
    "ksize, kwargs, exc, words",
    [
        (0, {}, ValueError, ["ksize"]),
        ((3, 0), {}, ValueError, ["ksize"]),
        (-1, {}, ValueError, ["ksize"]),
        (4096, {}, ValueError, ["ksize", "4095"]),
        (2**63, {}, ValueError, ["ksize"]),
        (3.5, {}, TypeError, ["ksize"]),
        ("3", {}, TypeError, ["ksize"]),
        ((3,), {}, ValueError, ["ksize"]),
        (3, {"border": "zero"}, ValueError, ["border"]),
    ],
)
def test_bad_arguments(ksize, kwargs, exc, words):
    with pytest.raises(exc) as info:
        vc.box_filter(np.zeros((5, 5), np.uint8), ksize, **kwargs)
    for w in words + ["box_filter"]:
        assert w in str(info.value)


def test_bad_images_and_out():
    with pytest.raises(TypeError, match="img"):
        vc.box_filter(np.zeros((4, 4), np.int32), 3)
    img = np.zeros((4, 5, 3), np.uint8)
    with pytest.raises(ValueError, match="out"):
        vc.box_filter(img, 3, out=np.zeros((4, 5), np.uint8))
    with pytest.raises(ValueError, match="overlap"):
        vc.box_filter(img, 3, out=img)
    huge = np.broadcast_to(np.zeros((1, 1), np.float32), (65536, 65536))
    with pytest.raises(vc.LimitExceeded):
        vc.box_filter(huge, 3)
