"""clahe against cv2.createCLAHE(...).apply: clip limits, grids (including
sizes that are not multiples of the grid, where OpenCV extends the image by
reflect101), uint8 and uint16, ISAs, threads, layouts, bad input."""

from __future__ import annotations

import numpy as np
import pytest

import visioncore as vc
from conftest import ISAS, ODD_SHAPES, photo_rgb, random_image, strided_variants, structured_image

cv2 = pytest.importorskip("cv2")


def cv_clahe(img, clip=40.0, grid=(8, 8)):
    return cv2.createCLAHE(clipLimit=clip, tileGridSize=grid).apply(img)


def gray_photo():
    return cv2.cvtColor(photo_rgb(), cv2.COLOR_RGB2GRAY)


@pytest.mark.parametrize("clip", [0.01, 1.0, 2.0, 4.0, 40.0, 1e4])
@pytest.mark.parametrize("grid", [(8, 8), (1, 1), (3, 5), (7, 2), (16, 16)])
def test_matches_opencv_u8(rng, clip, grid):
    for img in (gray_photo(), random_image(rng, 96, 128, None, np.uint8),
                structured_image(67, 93, None, np.uint8)):
        np.testing.assert_array_equal(vc.clahe(img, clip, grid), cv_clahe(img, clip, grid))


@pytest.mark.parametrize("shape", [(64, 64), (65, 64), (64, 65), (37, 91), (9, 9), (8, 8), (1079, 1917)])
def test_padding_rule_matches_opencv(rng, shape):
    img = (rng.normal(120, 40, shape).clip(0, 255)).astype(np.uint8)
    for grid in ((8, 8), (3, 7)):
        if grid[0] > shape[1] or grid[1] > shape[0]:
            continue
        np.testing.assert_array_equal(vc.clahe(img, 3.0, grid), cv_clahe(img, 3.0, grid))


def test_tiny_images_match_opencv(rng):
    for h, w in ODD_SHAPES + [(2, 2), (1, 5), (5, 1)]:
        img = random_image(rng, h, w, None, np.uint8)
        for grid in ((1, 1), (min(w, 2), min(h, 3)), (w, h)):
            np.testing.assert_array_equal(vc.clahe(img, 2.0, grid), cv_clahe(img, 2.0, grid),
                                          err_msg=f"{h}x{w} {grid}")


@pytest.mark.parametrize("clip", [1.0, 4.0, 40.0])
def test_matches_opencv_u16(rng, clip):
    img = (rng.normal(30000, 9000, (90, 130)).clip(0, 65535)).astype(np.uint16)
    for grid in ((8, 8), (3, 5)):
        np.testing.assert_array_equal(vc.clahe(img, clip, grid), cv_clahe(img, clip, grid))


@pytest.mark.parametrize("isa", ISAS)
def test_every_isa_and_thread_count_identical(rng, isa):
    img = random_image(rng, 483, 641, None, np.uint8)
    ref = cv_clahe(img, 2.0, (8, 8))
    with vc.isa(isa):
        for t in (1, 2, 4):
            with vc.num_threads(t):
                np.testing.assert_array_equal(vc.clahe(img, 2.0, (8, 8)), ref)


def test_layouts_and_out(rng):
    img = random_image(rng, 45, 61, None, np.uint8)
    ref = cv_clahe(img, 2.0, (4, 4))
    for name, view, _ in strided_variants(img):
        np.testing.assert_array_equal(vc.clahe(view, 2.0, (4, 4)), ref, err_msg=name)
    out = np.zeros_like(img)
    assert vc.clahe(img, 2.0, (4, 4), out=out) is out
    np.testing.assert_array_equal(out, ref)
    assert vc.clahe(img[..., None]).shape == (45, 61, 1)
    np.testing.assert_array_equal(vc.clahe(img), cv_clahe(img))


@pytest.mark.parametrize(
    "kwargs, exc, words",
    [
        ({"clip_limit": 0}, ValueError, "clip_limit"),
        ({"clip_limit": -1.0}, ValueError, "clip_limit"),
        ({"clip_limit": float("nan")}, ValueError, "clip_limit"),
        ({"clip_limit": float("inf")}, ValueError, "clip_limit"),
        ({"clip_limit": "2"}, TypeError, "clip_limit"),
        ({"tile_grid": (0, 8)}, ValueError, "tile_grid"),
        ({"tile_grid": (8, -1)}, ValueError, "tile_grid"),
        ({"tile_grid": (13, 8)}, ValueError, "tile_grid"),
        ({"tile_grid": (8, 11)}, ValueError, "tile_grid"),
        ({"tile_grid": (1 << 40, 8)}, ValueError, "tile_grid"),
        ({"tile_grid": (8,)}, ValueError, "tile_grid"),
        ({"tile_grid": 8}, TypeError, "tile_grid"),
        ({"tile_grid": (2.5, 8)}, TypeError, "tile_grid"),
    ],
)
def test_bad_arguments(kwargs, exc, words):
    with pytest.raises(exc, match=words) as info:
        vc.clahe(np.zeros((10, 12), np.uint8), **kwargs)
    assert "clahe" in str(info.value)


def test_bad_images_and_out():
    img = np.zeros((10, 12), np.uint8)
    for bad in (img.astype(np.float32), img.astype(np.int16), img.astype(np.float64)):
        with pytest.raises(TypeError, match="clahe.*img"):
            vc.clahe(bad)
    with pytest.raises(ValueError, match="img"):
        vc.clahe(np.zeros((10, 12, 3), np.uint8))
    with pytest.raises(ValueError, match="out"):
        vc.clahe(img, 2.0, (2, 2), out=img)
    with pytest.raises(TypeError, match="out"):
        vc.clahe(img, 2.0, (2, 2), out=np.zeros((10, 12), np.uint16))
    with pytest.raises(ValueError, match="out"):
        vc.clahe(img, 2.0, (2, 2), out=np.zeros((10, 11), np.uint8))
    huge = np.broadcast_to(np.zeros((1, 1), np.uint8), (1 << 17, 1 << 17))
    with pytest.raises(vc.LimitExceeded):
        vc.clahe(huge)
    with pytest.raises(vc.LimitExceeded, match="tile_grid"):
        vc.clahe(np.zeros((200, 200), np.uint16), 2.0, (200, 200))
