"""hog against a numpy reference of the documented algorithm and against
skimage.feature.hog; ISA levels, threads, layouts, bad input."""

from __future__ import annotations

import numpy as np
import pytest
import visioncore as vc
from conftest import ISAS, photo_rgb, random_image, strided_variants

skf = pytest.importorskip("skimage.feature")

NORMS = ["L1", "L1-sqrt", "L2", "L2-Hys"]


def hog_reference(img, cell=(8, 8), block=(2, 2), bins=9, norm="L2-Hys"):
    """The documented algorithm in numpy (float64)."""
    f = img.astype(np.float32 if img.dtype == np.float32 else np.float64)
    if f.ndim == 2:
        f = f[:, :, None]
    gr = np.zeros_like(f)
    gc = np.zeros_like(f)
    gr[1:-1] = f[2:] - f[:-2]
    gc[:, 1:-1] = f[:, 2:] - f[:, :-2]
    mag_c = np.hypot(gr, gc)
    k = mag_c.argmax(axis=2)[:, :, None]
    gr = np.take_along_axis(gr, k, 2)[:, :, 0].astype(np.float64)
    gc = np.take_along_axis(gc, k, 2)[:, :, 0].astype(np.float64)
    mag = np.hypot(gc, gr)
    ori = np.rad2deg(np.arctan2(gr, gc)) % 180
    ch, cw = cell
    ncy, ncx = img.shape[0] // ch, img.shape[1] // cw
    per = 180.0 / bins
    b = np.minimum((ori // per).astype(int), bins - 1)
    hist = np.zeros((ncy, ncx, bins))
    for y in range(ncy * ch):
        for x in range(ncx * cw):
            hist[y // ch, x // cw, b[y, x]] += mag[y, x]
    hist /= ch * cw
    bh, bw = block
    eps = 1e-5
    out = []
    for by in range(ncy - bh + 1):
        for bx in range(ncx - bw + 1):
            v = hist[by:by + bh, bx:bx + bw].ravel()
            if norm == "L1":
                v = v / (np.abs(v).sum() + eps)
            elif norm == "L1-sqrt":
                v = np.sqrt(v / (np.abs(v).sum() + eps))
            else:
                v = v / np.sqrt((v * v).sum() + eps**2)
                if norm == "L2-Hys":
                    v = np.minimum(v, 0.2)
                    v = v / np.sqrt((v * v).sum() + eps**2)
            out.append(v)
    return np.concatenate(out)


@pytest.mark.parametrize("norm", NORMS)
@pytest.mark.parametrize("dtype", [np.uint8, np.float32])
@pytest.mark.parametrize("c", [None, 3])
def test_matches_reference(rng, norm, dtype, c):
    img = random_image(rng, 45, 61, c, dtype)
    got = vc.hog(img, (6, 5), (2, 3), 7, norm)
    ref = hog_reference(img, (6, 5), (2, 3), 7, norm)
    assert got.dtype == np.float32 and got.shape == ref.shape
    np.testing.assert_allclose(got, ref, atol=1e-6)


@pytest.mark.parametrize("norm", NORMS)
def test_matches_skimage(norm):
    rgb = photo_rgb()
    gray = (rgb.astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32)).astype(np.uint8)
    for img, axis in ((gray, None), (rgb, -1), (gray.astype(np.float32) / 255, None)):
        got = vc.hog(img, (8, 8), (3, 3), 9, norm)
        ref = skf.hog(img, 9, (8, 8), (3, 3), norm, channel_axis=axis)
        np.testing.assert_allclose(got, ref, atol=1e-4)
        assert np.abs(got - ref).max() < 1e-6


def test_layout_one_block():
    img = np.zeros((16, 16), np.uint8)
    img[:, 8:] = 255  # a vertical edge: gradient along columns, orientation 0
    f = vc.hog(img, 8, 2, 9, "L1")
    assert f.shape == (2 * 2 * 9,)
    cells = f.reshape(2, 2, 9)  # [cell_row][cell_col][bin]
    assert np.all(cells[:, :, 1:] == 0) and np.all(cells[:, :, 0] > 0)


def test_isas_threads_layouts(rng):
    img = random_image(rng, 130, 97, 3, np.uint8)
    ref = vc.hog(img)
    for isa in ISAS:
        for n in (1, 2, 4):
            vc.set_num_threads(n)
            with vc.isa(isa):
                np.testing.assert_array_equal(vc.hog(img), ref)
    for _, view, _ in strided_variants(img):
        np.testing.assert_array_equal(vc.hog(view), ref)


def test_bad_input(rng):
    img = random_image(rng, 32, 32, None, np.uint8)
    with pytest.raises(ValueError, match="hog.*cell"):
        vc.hog(img, cell=0)
    with pytest.raises(ValueError, match="hog.*block"):
        vc.hog(img, block=(0, 2))
    with pytest.raises(ValueError, match="hog.*img"):
        vc.hog(img, cell=(8, 8), block=(5, 5))  # no block fits
    with pytest.raises(ValueError, match="hog.*img"):
        vc.hog(img, cell=40)
    with pytest.raises(ValueError, match="bins"):
        vc.hog(img, bins=0)
    with pytest.raises(ValueError, match="block_norm"):
        vc.hog(img, block_norm="L3")
    with pytest.raises(TypeError, match="img"):
        vc.hog(img.astype(np.uint16))
    with pytest.raises(ValueError):
        vc.hog(np.zeros((0, 8), np.uint8))
    with pytest.raises(TypeError, match="cell"):
        vc.hog(img, cell=8.5)
