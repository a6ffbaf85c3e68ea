"""init_undistort_map and undistort against OpenCV: maps within 1e-3 pixel of
cv2.initUndistortRectifyMap, undistort equal to cv2.remap with those maps
(and close to cv2.undistort, which quantizes its maps), every ISA, threads,
and bad input."""

from __future__ import annotations

import numpy as np
import pytest

import visioncore as vc
from conftest import ISAS, photo_rgb, random_image

cv2 = pytest.importorskip("cv2")

K = np.array([[500.0, 0, 320], [0, 510, 240], [0, 0, 1]])
DISTS = [
    (-0.3, 0.1, 0.001, -0.002, 0.02),
    (-0.3, 0.1, 0.001, -0.002),
    (0.2, -0.05, 0.0, 0.0, 0.0),
    (0.0, 0.0, 0.003, 0.004),
    (0.0, 0.0, 0.0, 0.0, 0.0),
]
NEW_K = np.array([[400.0, 0, 300], [0, 420, 250], [0, 0, 1]])


@pytest.mark.parametrize("dist", DISTS)
@pytest.mark.parametrize("new_k", [None, NEW_K])
@pytest.mark.parametrize("size", [(640, 480), (123, 77), (1, 1)])
def test_maps_match_opencv(dist, new_k, size):
    d = np.array(dist)
    ref_x, ref_y = cv2.initUndistortRectifyMap(K, d, None, K if new_k is None else new_k, size,
                                               cv2.CV_32FC1)
    mx, my = vc.init_undistort_map(K, d, size, new_K=new_k)
    assert mx.dtype == np.float32 and mx.shape == (size[1], size[0]) and my.shape == mx.shape
    np.testing.assert_allclose(mx, ref_x, atol=1e-3, rtol=0)
    np.testing.assert_allclose(my, ref_y, atol=1e-3, rtol=0)


def test_dist_shapes_and_lists():
    ref = vc.init_undistort_map(K, np.array(DISTS[0]), (64, 48))
    for d in (list(DISTS[0]), np.array(DISTS[0])[None], np.array(DISTS[0])[:, None]):
        got = vc.init_undistort_map(K.tolist(), d, (64, 48))
        np.testing.assert_array_equal(got[0], ref[0])
        np.testing.assert_array_equal(got[1], ref[1])


@pytest.mark.parametrize("interp", ["nearest", "linear", "cubic"])
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float32])
@pytest.mark.parametrize("channels", [None, 3, 4])
def test_undistort_equals_remap(rng, interp, dtype, channels):
    img = random_image(rng, 48, 64, channels, dtype)
    k = np.array([[60.0, 0, 31], [0, 62, 23], [0, 0, 1]])
    d = np.array([-0.3, 0.12, 0.002, -0.001, 0.01])
    for new_k in (None, np.array([[50.0, 0, 30], [0, 52, 25], [0, 0, 1]])):
        mx, my = vc.init_undistort_map(k, d, (64, 48), new_K=new_k)
        np.testing.assert_array_equal(vc.undistort(img, k, d, new_K=new_k, interpolation=interp),
                                      vc.remap(img, mx, my, interpolation=interp))
        ref = cv2.remap(img, *cv2.initUndistortRectifyMap(k, d, None, k if new_k is None else new_k,
                                                          (64, 48), cv2.CV_32FC1),
                        {"nearest": cv2.INTER_NEAREST, "linear": cv2.INTER_LINEAR,
                         "cubic": cv2.INTER_CUBIC}[interp])
        got = vc.undistort(img, k, d, new_K=new_k, interpolation=interp).astype(np.float64)
        ref = ref.reshape(got.shape).astype(np.float64)
        if np.dtype(dtype) == np.float32:
            assert np.abs(got - ref).max() < 1e-3
        elif interp == "nearest":
            # a map value within float rounding of a .5 may pick the neighbour
            assert (got != ref).mean() < 1e-3
        else:
            assert np.abs(got - ref).max() <= 1


def test_photo_close_to_cv2_undistort():
    img = photo_rgb()
    k = np.array([[400.0, 0, 256], [0, 400, 256], [0, 0, 1]])
    d = np.array([-0.2, 0.05, 0.001, 0.001, 0.0])
    got = vc.undistort(img, k, d).astype(np.int64)
    ref = cv2.undistort(img, k, d).astype(np.int64)
    # cv2.undistort samples on a 1/32-pixel grid; on a photo that moves the
    # result by a level or two at most places
    assert np.abs(got - ref).mean() < 0.5
    assert np.percentile(np.abs(got - ref), 99) <= 3


@pytest.mark.parametrize("isa", ISAS)
def test_every_isa_matches_scalar(rng, isa):
    for w in (5, 16, 33, 70):
        img = random_image(rng, 21, w, 3, np.uint8)
        k = np.array([[w * 0.9, 0, w / 2], [0, w * 0.9, 10.0], [0, 0, 1]])
        d = (-0.25, 0.08, 0.001, 0.0)
        with vc.isa("scalar"):
            ref = vc.undistort(img, k, d)
        with vc.isa(isa):
            np.testing.assert_array_equal(vc.undistort(img, k, d), ref)


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_thread_counts_identical(rng, threads):
    img = random_image(rng, 211, 307, None, np.uint8)
    k = np.array([[250.0, 0, 150], [0, 250, 100], [0, 0, 1]])
    with vc.num_threads(1):
        ref = vc.undistort(img, k, DISTS[0])
        ref_maps = vc.init_undistort_map(k, DISTS[0], (307, 211))
    with vc.num_threads(threads):
        np.testing.assert_array_equal(vc.undistort(img, k, DISTS[0]), ref)
        np.testing.assert_array_equal(vc.init_undistort_map(k, DISTS[0], (307, 211))[0], ref_maps[0])


def test_out(rng):
    img = random_image(rng, 30, 40, 3, np.uint8)
    out = np.zeros_like(img)
    assert vc.undistort(img, K, DISTS[1], out=out) is out
    with pytest.raises(ValueError, match="out"):
        vc.undistort(img, K, DISTS[1], out=np.zeros((30, 41, 3), np.uint8))
    with pytest.raises(ValueError, match="overlap"):
        vc.undistort(img, K, DISTS[1], out=img)


@pytest.mark.parametrize(
    "args, exc, words",
    [
        ((K, (0.1, 0.2, 0.3)), ValueError, ["dist", "4"]),
        ((K, (0.1,) * 8), ValueError, ["dist"]),
        ((K, np.zeros((2, 3))), ValueError, ["dist"]),
        ((K, (0.1, np.nan, 0, 0)), ValueError, ["dist", "finite"]),
        ((K, "abcd"), TypeError, ["dist"]),
        ((K, None), TypeError, ["dist"]),
        ((np.eye(2), DISTS[1]), ValueError, ["K", "(3, 3)"]),
        ((np.zeros((3, 3)), DISTS[1]), ValueError, ["K", "focal"]),
        ((np.array([[1.0, 0, np.inf], [0, 1, 0], [0, 0, 1]]), DISTS[1]), ValueError, ["K", "finite"]),
        (("K", DISTS[1]), TypeError, ["K"]),
    ],
)
def test_bad_arguments(args, exc, words):
    for call, name in ((lambda: vc.init_undistort_map(*args, (8, 6)), "init_undistort_map"),
                       (lambda: vc.undistort(np.zeros((6, 8), np.uint8), *args), "undistort")):
        with pytest.raises(exc) as info:
            call()
        for w in words + [name]:
            assert w in str(info.value), str(info.value)


def test_bad_new_k_and_size():
    with pytest.raises(ValueError, match="new_K"):
        vc.init_undistort_map(K, DISTS[1], (8, 6), new_K=np.zeros((3, 3)))
    with pytest.raises(ValueError, match="new_K"):
        vc.undistort(np.zeros((6, 8), np.uint8), K, DISTS[1], new_K=np.ones((2, 2)))
    with pytest.raises(ValueError, match="size"):
        vc.init_undistort_map(K, DISTS[1], (0, 6))
    with pytest.raises(vc.LimitExceeded):
        vc.init_undistort_map(K, DISTS[1], (1 << 21, 6))
    with pytest.raises(ValueError, match="interpolation"):
        vc.undistort(np.zeros((6, 8), np.uint8), K, DISTS[1], interpolation="area")
    with pytest.raises(TypeError, match="img"):
        vc.undistort(np.zeros((6, 8), np.float64), K, DISTS[1])
