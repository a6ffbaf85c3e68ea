"""adaptive_threshold: bit-identical to cv2.adaptiveThreshold for both
methods, both modes, block sizes small and large, fractional and negative c,
odd widths, a photograph and 1080p; ISAs, threads, out=, bad input."""

from __future__ import annotations

import numpy as np
import pytest

import visioncore as vc
from conftest import ISAS, photo_rgb, random_image, strided_variants, structured_image

cv2 = pytest.importorskip("cv2")

METHODS = {"mean": cv2.ADAPTIVE_THRESH_MEAN_C, "gaussian": cv2.ADAPTIVE_THRESH_GAUSSIAN_C}
MODES = {"binary": cv2.THRESH_BINARY, "binary_inv": cv2.THRESH_BINARY_INV}
WIDTHS = (1, 3, 15, 16, 17, 31, 32, 33, 63, 64, 65, 97, 130, 211)


def cv_adaptive(img, max_value, method, block, c, mode="binary"):
    return cv2.adaptiveThreshold(img, max_value, METHODS[method], MODES[mode], block, c)


def smooth_image(rng, h, w):
    """Mostly smooth content: local means sit close to the pixels, which is
    where rounding of the mean decides the output."""
    base = cv2.GaussianBlur(random_image(rng, h, w, None, np.uint8), (0, 0), 3)
    return np.clip(base.astype(np.int16) + rng.integers(-2, 3, (h, w)), 0, 255).astype(np.uint8)


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("mode", list(MODES))
def test_identical_to_opencv(rng, method, mode):
    for h, w in [(37, 53), (5, 4), (1, 1), (3, 61), (64, 33)]:
        for img in (random_image(rng, h, w, None, np.uint8), structured_image(h, w, None, np.uint8),
                    smooth_image(rng, h, w)):
            for block in (3, 5, 7, 9, 11, 15, 17, 21, 31, 51):
                for c in (2, 0, -3, 2.5, -1.5, 7.9):
                    np.testing.assert_array_equal(
                        vc.adaptive_threshold(img, 255, method, block, c, mode=mode),
                        cv_adaptive(img, 255, method, block, c, mode),
                        err_msg=f"{img.shape} block={block} c={c}")


@pytest.mark.parametrize("method", list(METHODS))
def test_max_value_and_extreme_c(rng, method):
    img = smooth_image(rng, 30, 41)
    for max_value, c in [(200, 1), (127.5, 1), (300, 0), (0, 0), (-1, 5), (1.4, -2), (255, 1e6),
                         (255, -1e6)]:
        for mode in MODES:
            np.testing.assert_array_equal(
                vc.adaptive_threshold(img, max_value, method, 7, c, mode=mode),
                cv_adaptive(img, max_value, method, 7, c, mode), err_msg=f"{max_value} {c}")


def test_photo_and_1080p_identical(rng):
    gray = cv2.cvtColor(photo_rgb(), cv2.COLOR_RGB2GRAY)
    for method in METHODS:
        for block in (11, 25):
            np.testing.assert_array_equal(vc.adaptive_threshold(gray, 255, method, block, 2),
                                          cv_adaptive(gray, 255, method, block, 2))
    big = cv2.resize(gray, (1920, 1080))
    for method in METHODS:
        np.testing.assert_array_equal(vc.adaptive_threshold(big, 255, method, 11, 2),
                                      cv_adaptive(big, 255, method, 11, 2))


def test_block_larger_than_image(rng):
    img = random_image(rng, 4, 6, None, np.uint8)
    for method in METHODS:
        np.testing.assert_array_equal(vc.adaptive_threshold(img, 255, method, 21, 1),
                                      cv_adaptive(img, 255, method, 21, 1))


def test_three_d_one_channel_input(rng):
    img = random_image(rng, 9, 10, None, np.uint8)
    got = vc.adaptive_threshold(img[..., None], 255, "mean", 3, 0)
    assert got.shape == (9, 10, 1)
    np.testing.assert_array_equal(got[..., 0], cv_adaptive(img, 255, "mean", 3, 0))


def _cases(img):
    return [lambda: vc.adaptive_threshold(img, 255, "mean", 5, 1),
            lambda: vc.adaptive_threshold(img, 255, "mean", 19, -1, mode="binary_inv"),
            lambda: vc.adaptive_threshold(img, 255, "gaussian", 11, 2),
            lambda: vc.adaptive_threshold(img, 99, "gaussian", 5, 0.5, mode="binary_inv")]


@pytest.mark.parametrize("isa", ISAS)
def test_every_isa_matches_scalar(rng, isa):
    for w in WIDTHS:
        img = smooth_image(rng, 9, w)
        for case in _cases(img):
            with vc.isa("scalar"):
                ref = case()
            with vc.isa(isa):
                np.testing.assert_array_equal(case(), ref)


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_thread_counts_identical(rng, threads):
    img = smooth_image(rng, 517, 389)
    for case in _cases(img):
        with vc.num_threads(1):
            ref = case()
        with vc.num_threads(threads):
            np.testing.assert_array_equal(case(), ref)


def test_layouts_and_out(rng):
    img = smooth_image(rng, 21, 35)
    ref = vc.adaptive_threshold(img, 255, "gaussian", 7, 1)
    for name, view, _ in strided_variants(img):
        np.testing.assert_array_equal(vc.adaptive_threshold(view, 255, "gaussian", 7, 1), ref,
                                      err_msg=name)
    out = np.zeros_like(img)
    assert vc.adaptive_threshold(img, 255, "gaussian", 7, 1, out=out) is out
    np.testing.assert_array_equal(out, ref)


@pytest.mark.parametrize(
    "args, kwargs, exc, words",
    [
        ((255, "mean", 4, 2), {}, ValueError, ["block_size", "odd"]),
        ((255, "mean", 1, 2), {}, ValueError, ["block_size"]),
        ((255, "mean", -3, 2), {}, ValueError, ["block_size"]),
        ((255, "mean", 5001, 2), {}, ValueError, ["block_size"]),
        ((255, "median", 5, 2), {}, ValueError, ["method", "'mean'"]),
        ((255, "mean", 5, 2), {"mode": "tozero"}, ValueError, ["mode", "'binary'"]),
        ((float("nan"), "mean", 5, 2), {}, ValueError, ["max_value"]),
        ((255, "mean", 5, float("inf")), {}, ValueError, ["c"]),
        ((255, "mean", 5.0, 2), {}, TypeError, ["block_size"]),
    ],
)
def test_bad_arguments(args, kwargs, exc, words):
    with pytest.raises(exc) as info:
        vc.adaptive_threshold(np.zeros((6, 6), np.uint8), *args, **kwargs)
    for w in words + ["adaptive_threshold"]:
        assert w in str(info.value)


def test_bad_images_and_out():
    with pytest.raises(TypeError, match="uint8"):
        vc.adaptive_threshold(np.zeros((6, 6), np.float32), 255, "mean", 3, 0)
    with pytest.raises(ValueError, match="img"):
        vc.adaptive_threshold(np.zeros((6, 6, 3), np.uint8), 255, "mean", 3, 0)
    img = np.zeros((6, 6), np.uint8)
    with pytest.raises(ValueError, match="overlap"):
        vc.adaptive_threshold(img, 255, "mean", 3, 0, out=img)
    with pytest.raises(TypeError, match="out"):
        vc.adaptive_threshold(img, 255, "mean", 3, 0, out=np.zeros((6, 6), np.int16))
