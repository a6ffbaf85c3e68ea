"""Shared fixtures: ISA levels, thread counts, test images."""

from __future__ import annotations

import numpy as np
import pytest

import visioncore as vc

ISAS = vc.available_isas()
ODD_SHAPES = [(1, 1), (3, 5), (1079, 1917), (7, 33)]


@pytest.fixture(autouse=True)
def _restore_runtime():
    """Every test starts and ends at the default ISA level and thread count."""
    vc.reset_isa()
    vc.set_num_threads(0)
    yield
    vc.reset_isa()
    vc.set_num_threads(0)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(12345)


def random_image(rng: np.random.Generator, h: int, w: int, c: int | None, dtype) -> np.ndarray:
    """Random image over the dtype's full range (float32: [0, 1))."""
    shape = (h, w) if c is None else (h, w, c)
    dtype = np.dtype(dtype)
    if dtype == np.float32:
        return rng.random(shape, dtype=np.float32)
    info = np.iinfo(dtype)
    return rng.integers(info.min, int(info.max) + 1, shape, dtype=dtype)


def structured_image(h: int, w: int, c: int | None, dtype) -> np.ndarray:
    """Gradients, a checkerboard and saturated bands: edges and extremes."""
    yy, xx = np.mgrid[0:h, 0:w]
    base = np.stack([(xx * 7 + yy * 3) % 256, ((xx // 4 + yy // 4) % 2) * 255,
                     np.where((yy // 8) % 3 == 0, 255, (xx * yy) % 256)], axis=-1)
    if c is None:
        img = base[..., 0]
    elif c == 4:
        img = np.concatenate([base, ((xx + yy) % 256)[..., None]], axis=-1)
    else:
        img = base[..., :c]
    dtype = np.dtype(dtype)
    if dtype == np.uint8:
        return img.astype(np.uint8)
    if dtype == np.uint16:
        return (img.astype(np.uint32) * 257).astype(np.uint16)
    if dtype == np.float32:
        return (img / 255.0).astype(np.float32)
    return img.astype(dtype)


def photo_rgb() -> np.ndarray:
    """A real photograph (scikit-image's astronaut, 512x512 RGB uint8)."""
    data = pytest.importorskip("skimage.data")
    return np.ascontiguousarray(data.astronaut())


def strided_variants(img: np.ndarray):
    """Layouts that must give the same result as the contiguous image:
    a row-strided window, pixel-strided, negative strides, Fortran order,
    read-only. Yields (name, view, expected_contiguous_equivalent)."""
    big = np.zeros((img.shape[0] + 4, img.shape[1] + 6) + img.shape[2:], img.dtype)
    big[2:-2, 3:-3] = img
    yield "row_strided", big[2:-2, 3:-3], img
    wide = np.repeat(img, 2, axis=1)
    yield "pixel_strided", wide[:, ::2], img
    flipped = np.ascontiguousarray(img[::-1, ::-1])
    yield "negative", flipped[::-1, ::-1], img
    yield "fortran", np.asfortranarray(img), img
    ro = img.copy()
    ro.flags.writeable = False
    yield "readonly", ro, img
