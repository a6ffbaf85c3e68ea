"""FAST-9/16: identical keypoints to OpenCV, every ISA level and thread count."""

from __future__ import annotations

import numpy as np
import pytest
import visioncore as vc
from conftest import ISAS, photo_rgb, random_image, strided_variants, structured_image

cv2 = pytest.importorskip("cv2")


def cv_fast(img, threshold, nonmax):
    det = cv2.FastFeatureDetector_create(threshold, nonmax, cv2.FastFeatureDetector_TYPE_9_16)
    kps = det.detect(np.ascontiguousarray(img))
    return np.array([(k.pt[0], k.pt[1], k.response) for k in kps], np.float64).reshape(-1, 3)


def as_rows(kps):
    return np.stack([kps["x"], kps["y"], kps["response"]], axis=1).astype(np.float64)


def sorted_rows(a):
    return a[np.lexsort((a[:, 0], a[:, 1]))] if len(a) else a


def photo_gray():
    rgb = photo_rgb()
    return np.ascontiguousarray(rgb[..., 1])


def smooth_noise(rng, h, w):
    img = rng.random((h // 4 + 2, w // 4 + 2)).astype(np.float32) * 255
    big = cv2.resize(img, (w, h), interpolation=cv2.INTER_CUBIC)
    return np.clip(big + rng.normal(0, 6, big.shape), 0, 255).astype(np.uint8)


@pytest.mark.parametrize("threshold", [0, 1, 10, 20, 40, 100, 254, 255])
@pytest.mark.parametrize("nonmax", [True, False])
def test_matches_opencv_photo(threshold, nonmax):
    img = photo_gray()
    ours = vc.fast(img, threshold=threshold, nonmax=nonmax)
    ref = cv_fast(img, threshold, nonmax)
    np.testing.assert_array_equal(sorted_rows(as_rows(ours)), sorted_rows(ref))
    # row-major order, as OpenCV
    np.testing.assert_array_equal(as_rows(ours), sorted_rows(as_rows(ours)))


@pytest.mark.parametrize("shape", [(7, 7), (7, 8), (8, 7), (9, 70), (33, 65), (131, 97), (480, 640)])
@pytest.mark.parametrize("threshold", [5, 20])
def test_matches_opencv_shapes(rng, shape, threshold):
    for img in (random_image(rng, *shape, None, np.uint8), structured_image(*shape, None, np.uint8),
                smooth_noise(rng, *shape)):
        for nonmax in (True, False):
            ours = vc.fast(img, threshold, nonmax)
            ref = cv_fast(img, threshold, nonmax)
            np.testing.assert_array_equal(sorted_rows(as_rows(ours)), sorted_rows(ref))


def test_keypoint_fields():
    img = photo_gray()
    kps = vc.fast(img, 20)
    assert kps.dtype == vc.KEYPOINT_DTYPE
    assert kps.dtype.names == ("x", "y", "size", "angle", "response", "octave")
    assert len(kps) > 100
    assert np.all(kps["size"] == 7) and np.all(kps["angle"] == -1) and np.all(kps["octave"] == 0)
    h, w = img.shape
    assert kps["x"].min() >= 3 and kps["x"].max() < w - 3
    assert kps["y"].min() >= 3 and kps["y"].max() < h - 3


@pytest.mark.parametrize("isa", ISAS)
def test_isa_levels_identical(rng, isa):
    imgs = [photo_gray(), random_image(rng, 67, 203, None, np.uint8), smooth_noise(rng, 96, 131)]
    # widths around the 16/32/64-pixel blocks of the SIMD levels
    imgs += [random_image(rng, 12, w, None, np.uint8) for w in (7, 15, 16, 22, 38, 39, 70, 71, 72, 135)]
    for img in imgs:
        for nonmax in (True, False):
            with vc.isa("scalar"):
                ref = vc.fast(img, 12, nonmax)
            with vc.isa(isa):
                got = vc.fast(img, 12, nonmax)
            np.testing.assert_array_equal(got, ref)


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_thread_counts_identical(rng, threads):
    img = smooth_noise(rng, 300, 411)
    ref = vc.fast(img, 15)
    with vc.num_threads(threads):
        np.testing.assert_array_equal(vc.fast(img, 15), ref)


def test_strided_views():
    img = photo_gray()[100:260, 50:301]
    ref = vc.fast(img, 20)
    for name, view, _ in strided_variants(np.ascontiguousarray(img)):
        np.testing.assert_array_equal(vc.fast(view, 20), ref, err_msg=name)
    np.testing.assert_array_equal(vc.fast(img[..., None], 20), ref)


def test_flat_and_tiny_images():
    assert len(vc.fast(np.full((50, 60), 128, np.uint8), 0)) == 0
    for shape in [(1, 1), (6, 6), (6, 100), (100, 6)]:
        assert len(vc.fast(np.zeros(shape, np.uint8))) == 0


def test_saturated_extremes():
    # a bright pixel on black and a dark pixel on white, at every threshold
    img = np.zeros((9, 9), np.uint8)
    img[4, 4] = 255
    for t in (0, 100, 254, 255):
        got = vc.fast(img, t)
        ref = cv_fast(img, t, True)
        np.testing.assert_array_equal(as_rows(got), ref)
    inv = 255 - img
    for t in (0, 100, 254, 255):
        np.testing.assert_array_equal(as_rows(vc.fast(inv, t)), cv_fast(inv, t, True))


def test_errors():
    img = np.zeros((20, 20), np.uint8)
    for t in (-1, 256):
        with pytest.raises(ValueError, match="fast.*threshold"):
            vc.fast(img, t)
    with pytest.raises(TypeError, match="fast.*img"):
        vc.fast(img.astype(np.float32))
    with pytest.raises(ValueError, match="fast.*img"):
        vc.fast(np.zeros((20, 20, 3), np.uint8))
    with pytest.raises(TypeError, match="fast.*img"):
        vc.fast([[1, 2], [3, 4]])
    with pytest.raises(ValueError, match="fast.*img"):
        vc.fast(np.zeros((0, 5), np.uint8))
