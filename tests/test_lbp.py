"""lbp / lbp_histogram against skimage.feature.local_binary_pattern; ISA
levels, threads, layouts, bad input."""

from __future__ import annotations

import numpy as np
import pytest
import visioncore as vc
from conftest import ISAS, photo_rgb, random_image, strided_variants, structured_image

skf = pytest.importorskip("skimage.feature")

METHODS = ["default", "ror", "uniform"]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("points,radius", [(8, 1), (8, 2.5), (4, 1), (16, 2), (12, 3)])
def test_matches_skimage(method, points, radius):
    gray = photo_rgb()[:, :, 1].copy()
    got = vc.lbp(gray, radius, points, method)
    ref = skf.local_binary_pattern(gray, points, radius, method)
    assert got.dtype == (np.uint8 if points <= 8 else np.uint16)
    np.testing.assert_array_equal(got, ref)


@pytest.mark.parametrize("method", METHODS)
def test_float_and_flat_regions(rng, method):
    img = structured_image(40, 50, None, np.uint8)  # flat bands: ties at >=
    np.testing.assert_array_equal(vc.lbp(img, 1, 8, method),
                                  skf.local_binary_pattern(img, 8, 1, method))
    f = random_image(rng, 30, 37, None, np.float32)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = skf.local_binary_pattern(f, 8, 1.5, method)
    np.testing.assert_array_equal(vc.lbp(f, 1.5, 8, method), ref)


def test_tiny_images():
    for shape in ((1, 1), (2, 3), (3, 1)):
        img = np.arange(np.prod(shape), dtype=np.uint8).reshape(shape) * 40
        np.testing.assert_array_equal(vc.lbp(img, 1, 8), skf.local_binary_pattern(img, 8, 1))


def test_isas_threads_layouts_out(rng):
    img = random_image(rng, 70, 90, None, np.uint8)
    ref = vc.lbp(img, 2, 8, "uniform")
    for isa in ISAS:
        for n in (1, 2, 4):
            vc.set_num_threads(n)
            with vc.isa(isa):
                np.testing.assert_array_equal(vc.lbp(img, 2, 8, "uniform"), ref)
    for _, view, _ in strided_variants(img):
        np.testing.assert_array_equal(vc.lbp(view, 2, 8, "uniform"), ref)
    out = np.empty_like(ref)
    assert vc.lbp(img, 2, 8, "uniform", out=out) is out
    np.testing.assert_array_equal(out, ref)
    with pytest.raises(TypeError, match="out"):
        vc.lbp(img, 1, 16, out=np.empty(img.shape, np.uint8))


def test_histogram(rng):
    img = random_image(rng, 50, 60, None, np.uint8)
    codes = vc.lbp(img, 1, 8, "uniform")
    h = vc.lbp_histogram(codes, 10)
    ref = np.bincount(codes.ravel(), minlength=10) / codes.size
    assert h.dtype == np.float32
    np.testing.assert_allclose(h, ref, rtol=1e-6)
    np.testing.assert_array_equal(vc.lbp_histogram(codes, 10, normalize=False),
                                  np.bincount(codes.ravel(), minlength=10))
    with pytest.raises(ValueError, match="bins"):
        vc.lbp_histogram(codes, 5)


def test_bad_input(rng):
    img = random_image(rng, 20, 20, None, np.uint8)
    with pytest.raises(ValueError, match="lbp.*radius"):
        vc.lbp(img, 0)
    with pytest.raises(ValueError, match="lbp.*points"):
        vc.lbp(img, 1, 0)
    with pytest.raises(ValueError, match="lbp.*points"):
        vc.lbp(img, 1, 17)
    with pytest.raises(ValueError, match="method"):
        vc.lbp(img, 1, 8, "var")
    with pytest.raises(TypeError, match="img"):
        vc.lbp(img.astype(np.int16))
    with pytest.raises(ValueError, match="img"):
        vc.lbp(np.zeros((4, 4, 3), np.uint8))
    with pytest.raises(ValueError):
        vc.lbp(np.zeros((0, 4), np.uint8))
    with pytest.raises(TypeError, match="codes"):
        vc.lbp_histogram(img.astype(np.float32), 256)
