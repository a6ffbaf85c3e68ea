"""ORB: keypoints and descriptors, determinism over ISA levels and threads,
the descriptor definition recomputed in numpy, the pattern's provenance."""

from __future__ import annotations

import importlib.util
import math
import pathlib
import re

import numpy as np
import pytest
import visioncore as vc
from conftest import ISAS, photo_rgb

ROOT = pathlib.Path(__file__).resolve().parents[1]


def photo_gray():
    return np.ascontiguousarray(photo_rgb()[..., 1])


def test_shapes_and_fields():
    img = photo_gray()
    kps, desc = vc.orb(img)
    assert kps.dtype == vc.KEYPOINT_DTYPE
    assert desc.dtype == np.uint8 and desc.shape == (len(kps), 32)
    assert 300 < len(kps) <= 500
    h, w = img.shape
    assert kps["x"].min() >= 0 and kps["x"].max() < w and kps["y"].max() < h
    assert np.all((kps["angle"] >= 0) & (kps["angle"] < 360))
    assert set(np.unique(kps["octave"])) <= set(range(8))
    np.testing.assert_allclose(kps["size"], 31 * 1.2 ** kps["octave"].astype(np.float64), rtol=1e-6)
    # level by level, each by decreasing response
    assert np.all(np.diff(kps["octave"]) >= 0)
    for o in np.unique(kps["octave"]):
        r = kps["response"][kps["octave"] == o]
        assert np.all(np.diff(r) <= 0)


def test_budget_and_levels():
    img = photo_gray()
    for n in (1, 50, 2000):
        kps, desc = vc.orb(img, n_features=n)
        assert len(kps) <= n and len(desc) == len(kps)
    kps, _ = vc.orb(img, n_levels=1, n_features=300)
    assert np.all(kps["octave"] == 0) and len(kps) == 300
    # level-0 keypoints are FAST corners of the image
    fast = vc.fast(img, 20)
    corners = set(zip(fast["x"].tolist(), fast["y"].tolist()))
    assert all((x, y) in corners for x, y in zip(kps["x"].tolist(), kps["y"].tolist()))
    assert kps["x"].min() >= 31 and kps["x"].max() < img.shape[1] - 31


@pytest.mark.parametrize("isa", ISAS)
def test_isa_levels_identical(isa):
    img = photo_gray()
    with vc.isa("scalar"):
        ref = vc.orb(img, n_features=800)
    with vc.isa(isa):
        got = vc.orb(img, n_features=800)
    np.testing.assert_array_equal(got[0], ref[0])
    np.testing.assert_array_equal(got[1], ref[1])


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_threads_identical(threads):
    img = photo_gray()
    ref = vc.orb(img, n_features=1000)
    with vc.num_threads(threads):
        got = vc.orb(img, n_features=1000)
    np.testing.assert_array_equal(got[0], ref[0])
    np.testing.assert_array_equal(got[1], ref[1])


def test_strided_input():
    img = photo_gray()
    ref = vc.orb(np.ascontiguousarray(img[20:400, 10:450]))
    got = vc.orb(img[20:400, 10:450])
    np.testing.assert_array_equal(got[0], ref[0])
    np.testing.assert_array_equal(got[1], ref[1])


def _load_tool():
    spec = importlib.util.spec_from_file_location("make_orb_pattern", ROOT / "tools" / "make_orb_pattern.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _committed_pattern():
    text = (ROOT / "cpp" / "src" / "features" / "orb_pattern.cpp").read_text()
    body = text[text.index("{", text.index("kPattern31")) + 1:text.index("};")]
    return np.array([int(v) for v in re.findall(r"-?\d+", body)], np.int64).reshape(-1, 4)


def test_pattern_is_reproducible():
    pat = _committed_pattern()
    assert pat.shape == (256, 4)
    np.testing.assert_array_equal(_load_tool().make_pattern().astype(np.int64), pat)
    assert np.abs(pat).max() <= 15
    assert not np.any(np.all(pat[:, :2] == pat[:, 2:], axis=1))


def test_descriptor_definition():
    """Level-0 descriptors recomputed from the documented definition."""
    cv2 = pytest.importorskip("cv2")
    img = photo_gray()
    kps, desc = vc.orb(img, n_levels=1, n_features=200)
    blurred = cv2.GaussianBlur(img, (7, 7), 2.0, sigmaY=2.0, borderType=cv2.BORDER_REFLECT_101)
    pat = _committed_pattern()
    for kp, d in zip(kps[:60], desc[:60]):
        x, y = int(kp["x"]), int(kp["y"])
        ang = float(kp["angle"]) * (math.pi / 180.0)
        ca, sa = np.float32(math.cos(ang)), np.float32(math.sin(ang))

        def sample(px, py, x=x, y=y, ca=ca, sa=sa):
            rx = int(np.rint(np.float32(px) * ca - np.float32(py) * sa))
            ry = int(np.rint(np.float32(px) * sa + np.float32(py) * ca))
            return blurred[y + ry, x + rx]

        bits = [sample(p[0], p[1]) < sample(p[2], p[3]) for p in pat]
        expect = np.packbits(np.array(bits, np.uint8), bitorder="little")
        np.testing.assert_array_equal(d, expect)
        # the angle: intensity centroid over the disc of radius 15
        yy, xx = np.mgrid[-15:16, -15:16]
        disc = np.floor(np.sqrt(np.maximum(225 - yy**2, 0))) >= np.abs(xx)
        patch = img[y - 15:y + 16, x - 15:x + 16].astype(np.int64) * disc
        deg = math.degrees(math.atan2((patch * yy).sum(), (patch * xx).sum())) % 360
        assert abs(deg - kp["angle"]) < 1e-3


def test_rotation_invariance():
    img = photo_gray()
    rot = np.ascontiguousarray(np.rot90(img))  # 90 degrees counter-clockwise
    k1, d1 = vc.orb(img, n_features=1000)
    k2, d2 = vc.orb(rot, n_features=1000)
    m = vc.match(d1, d2, cross_check=True)
    w = img.shape[1]
    # rot90: (x, y) -> (y, w - 1 - x)
    px = k1["y"][m["query_idx"]]
    py = w - 1 - k1["x"][m["query_idx"]]
    err = np.hypot(px - k2["x"][m["train_idx"]], py - k2["y"][m["train_idx"]])
    assert np.mean(err < 3) > 0.6


def test_mask():
    img = photo_gray()
    mask = np.zeros_like(img)
    mask[100:300, 150:400] = 255
    kps, _desc = vc.orb(img, mask=mask)
    assert len(kps) > 20
    # the mask is read at the input pixel containing the keypoint
    ys, xs = np.floor(kps["y"] + 0.5).astype(int), np.floor(kps["x"] + 0.5).astype(int)
    assert np.all(mask[ys, xs] > 0)


def test_small_and_flat_images():
    for shape in [(1, 1), (20, 20), (64, 64)]:
        kps, desc = vc.orb(np.zeros(shape, np.uint8))
        assert len(kps) == 0 and desc.shape == (0, 32)
    kps, desc = vc.orb(np.full((200, 200), 77, np.uint8))
    assert len(kps) == 0


def test_errors():
    img = photo_gray()
    with pytest.raises(TypeError, match="orb.*img"):
        vc.orb(img.astype(np.float32))
    with pytest.raises(ValueError, match="orb.*img"):
        vc.orb(photo_rgb())
    with pytest.raises(ValueError, match="orb.*mask"):
        vc.orb(img, mask=np.ones((10, 10), np.uint8))
    with pytest.raises(TypeError, match="orb.*mask"):
        vc.orb(img, mask=np.ones(img.shape, bool))
    for kw, param in [({"n_features": 0}, "n_features"), ({"scale_factor": 1.0}, "scale_factor"),
                      ({"n_levels": 0}, "n_levels"), ({"fast_threshold": 256}, "fast_threshold"),
                      ({"edge_threshold": -1}, "edge_threshold"), ({"patch_size": 3}, "patch_size"),
                      ({"scale_factor": float("nan")}, "scale_factor")]:
        with pytest.raises(ValueError, match=f"orb.*{param}"):
            vc.orb(img, **kw)
