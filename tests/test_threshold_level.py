"""threshold_otsu / threshold_triangle: the levels cv2.threshold returns with
THRESH_OTSU / THRESH_TRIANGLE, on random, structured, bimodal and real
images, with masks, at every ISA level and thread count."""

from __future__ import annotations

import numpy as np
import pytest

import visioncore as vc
from conftest import ISAS, ODD_SHAPES, photo_rgb, random_image, structured_image

cv2 = pytest.importorskip("cv2")

FLAGS = {"threshold_otsu": cv2.THRESH_OTSU, "threshold_triangle": cv2.THRESH_TRIANGLE}


def cv_level(name, img, mask=None):
    maxval = 65535 if img.dtype == np.uint16 else 255
    if mask is None:
        return cv2.threshold(img, 0, maxval, cv2.THRESH_BINARY | FLAGS[name])[0]
    dst = np.zeros_like(img)
    return cv2.thresholdWithMask(img, dst, mask, 0, maxval, cv2.THRESH_BINARY | FLAGS[name])[0]


def images(rng):
    yield "random", random_image(rng, 97, 131, None, np.uint8)
    yield "structured", structured_image(80, 90, None, np.uint8)
    yield "photo", cv2.cvtColor(photo_rgb(), cv2.COLOR_RGB2GRAY)
    bi = np.concatenate([rng.normal(60, 12, 3000), rng.normal(180, 20, 5000)])
    yield "bimodal", bi.clip(0, 255).astype(np.uint8).reshape(80, 100)
    skew = rng.exponential(20, (70, 70)).clip(0, 255).astype(np.uint8)
    yield "skewed", skew
    yield "skewed_flipped", 255 - skew
    yield "narrow", (rng.normal(128, 2, (50, 50))).clip(0, 255).astype(np.uint8)
    yield "two_levels", np.where(rng.random((30, 30)) > 0.4, 200, 10).astype(np.uint8)
    yield "constant", np.full((20, 20), 42, np.uint8)


@pytest.mark.parametrize("name", sorted(FLAGS))
def test_matches_opencv(rng, name):
    fn = getattr(vc, name)
    for kind, img in images(rng):
        assert fn(img) == cv_level(name, img), kind
        assert isinstance(fn(img), float)
    for h, w in ODD_SHAPES:
        img = random_image(rng, h, w, None, np.uint8)
        assert fn(img) == cv_level(name, img)


@pytest.mark.parametrize("name", sorted(FLAGS))
def test_mask_matches_opencv(rng, name):
    fn = getattr(vc, name)
    for kind, img in images(rng):
        mask = (rng.random(img.shape) > 0.5).astype(np.uint8) * 255
        assert fn(img, mask=mask) == cv_level(name, img, mask), kind


def test_otsu_uint16_matches_opencv(rng):
    for img in (random_image(rng, 60, 70, None, np.uint16),
                np.concatenate([rng.normal(9000, 900, 2000), rng.normal(40000, 3000, 2200)])
                .clip(0, 65535).astype(np.uint16).reshape(60, 70)):
        assert vc.threshold_otsu(img) == cv_level("threshold_otsu", img)


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("name", sorted(FLAGS))
def test_every_isa_and_thread_count(rng, isa, name):
    fn = getattr(vc, name)
    img = (rng.normal(100, 30, (1080, 1920))).clip(0, 255).astype(np.uint8)
    ref = cv_level(name, img)
    with vc.isa(isa):
        for t in (1, 2, 4):
            with vc.num_threads(t):
                assert fn(img) == ref


@pytest.mark.parametrize("name", sorted(FLAGS))
def test_layouts(rng, name):
    fn = getattr(vc, name)
    img = random_image(rng, 40, 50, None, np.uint8)
    ref = fn(img)
    assert fn(np.asfortranarray(img)) == ref
    assert fn(np.ascontiguousarray(img[::-1])[::-1]) == ref
    assert fn(img[..., None]) == ref


@pytest.mark.parametrize("name", sorted(FLAGS))
def test_bad_input(name):
    fn = getattr(vc, name)
    img = np.zeros((6, 8), np.uint8)
    with pytest.raises(TypeError, match=f"{name}.*img"):
        fn(img.astype(np.float32))
    with pytest.raises(TypeError, match=f"{name}.*img"):
        fn([[1, 2]])
    with pytest.raises(ValueError, match=f"{name}.*img"):
        fn(np.zeros((6, 8, 3), np.uint8))
    with pytest.raises(ValueError, match="img"):
        fn(img[:0])
    with pytest.raises(ValueError, match="mask"):
        fn(img, mask=np.zeros((6, 9), np.uint8))
    with pytest.raises(TypeError, match="mask"):
        fn(img, mask=np.zeros((6, 8), np.float32))
    with pytest.raises(vc.LimitExceeded):
        fn(np.broadcast_to(np.zeros((1, 1), np.uint8), (1 << 17, 1 << 17)))
    if name == "threshold_triangle":
        with pytest.raises(TypeError, match="img"):
            fn(img.astype(np.uint16))
