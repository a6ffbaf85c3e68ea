"""Brute-force matching: identical to cv2.BFMatcher (Hamming / L2, cross
check, knn), tie-breaking included; every ISA level and thread count."""

from __future__ import annotations

import numpy as np
import pytest
import visioncore as vc
from conftest import ISAS

cv2 = pytest.importorskip("cv2")


def cv_match(d1, d2, norm, cross):
    m = cv2.BFMatcher(norm, crossCheck=cross).match(d1, d2)
    m = sorted(m, key=lambda x: x.queryIdx)
    return (np.array([x.queryIdx for x in m], np.int32), np.array([x.trainIdx for x in m], np.int32),
            np.array([x.distance for x in m], np.float32))


def binary(rng, n, d=32, levels=256):
    return rng.integers(0, levels, (n, d), dtype=np.uint8)


@pytest.mark.parametrize("cross", [False, True])
@pytest.mark.parametrize("sizes", [(1, 1), (5, 300), (300, 5), (500, 700)])
def test_hamming_matches_opencv(rng, cross, sizes):
    d1, d2 = binary(rng, sizes[0]), binary(rng, sizes[1])
    got = vc.match(d1, d2, cross_check=cross)
    q, t, d = cv_match(d1, d2, cv2.NORM_HAMMING, cross)
    np.testing.assert_array_equal(got["query_idx"], q)
    np.testing.assert_array_equal(got["train_idx"], t)
    np.testing.assert_array_equal(got["distance"], d)


@pytest.mark.parametrize("cross", [False, True])
def test_hamming_ties_lowest_index(rng, cross):
    # few distinct values: many equal distances, duplicates in both sets
    d1 = binary(rng, 400, 32, 2)
    d2 = np.concatenate([binary(rng, 200, 32, 2), binary(rng, 50, 32, 2)])
    d2 = np.concatenate([d2, d2[:60], d1[:30]])
    got = vc.match(d1, d2, cross_check=cross)
    q, t, d = cv_match(d1, d2, cv2.NORM_HAMMING, cross)
    np.testing.assert_array_equal(got["query_idx"], q)
    np.testing.assert_array_equal(got["train_idx"], t)
    np.testing.assert_array_equal(got["distance"], d)


@pytest.mark.parametrize("dim", [1, 7, 8, 13, 32, 33, 61, 64, 100, 128])
def test_hamming_lengths_isas(rng, dim):
    d1, d2 = binary(rng, 40, dim), binary(rng, 77, dim)
    ref_d = (np.unpackbits(d1[:, None, :] ^ d2[None, :, :], axis=2).sum(axis=2))
    for isa in ISAS:
        with vc.isa(isa):
            idx, dist = vc.knn_match(d1, d2, k=77)
        np.testing.assert_array_equal(np.sort(dist, axis=1), np.sort(ref_d, axis=1).astype(np.float32))
        np.testing.assert_array_equal(np.take_along_axis(ref_d, idx.astype(np.int64), 1), dist)
    _q, t, _d = cv_match(d1, d2, cv2.NORM_HAMMING, False)
    np.testing.assert_array_equal(vc.match(d1, d2)["train_idx"], t)


@pytest.mark.parametrize("cross", [False, True])
def test_l2_matches_opencv(rng, cross):
    d1 = rng.random((300, 64), dtype=np.float32)
    d2 = rng.random((400, 64), dtype=np.float32)
    got = vc.match(d1, d2, metric="l2", cross_check=cross)
    q, t, d = cv_match(d1, d2, cv2.NORM_L2, cross)
    np.testing.assert_array_equal(got["query_idx"], q)
    np.testing.assert_array_equal(got["train_idx"], t)
    np.testing.assert_allclose(got["distance"], d, rtol=1e-5)


@pytest.mark.parametrize("isa", ISAS)
def test_l2_isas_identical(rng, isa):
    for dim in (1, 5, 8, 9, 31, 128):
        d1 = rng.standard_normal((30, dim)).astype(np.float32)
        d2 = rng.standard_normal((45, dim)).astype(np.float32)
        with vc.isa("scalar"):
            ref = vc.knn_match(d1, d2, k=5, metric="l2")
        with vc.isa(isa):
            got = vc.knn_match(d1, d2, k=5, metric="l2")
        np.testing.assert_array_equal(got[0], ref[0])
        np.testing.assert_array_equal(got[1], ref[1])


@pytest.mark.parametrize("isa", ISAS)
def test_hamming_isas_identical(rng, isa):
    d1, d2 = binary(rng, 300), binary(rng, 350)
    with vc.isa("scalar"):
        ref = vc.match(d1, d2, cross_check=True), vc.knn_match(d1, d2, k=3)
    with vc.isa(isa):
        got = vc.match(d1, d2, cross_check=True), vc.knn_match(d1, d2, k=3)
    np.testing.assert_array_equal(got[0], ref[0])
    np.testing.assert_array_equal(got[1][0], ref[1][0])
    np.testing.assert_array_equal(got[1][1], ref[1][1])


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_threads_identical(rng, threads):
    d1 = binary(rng, 1500, 32, 4)
    d2 = binary(rng, 1200, 32, 4)
    ref = vc.match(d1, d2, cross_check=True), vc.knn_match(d1, d2, k=4)
    with vc.num_threads(threads):
        got = vc.match(d1, d2, cross_check=True), vc.knn_match(d1, d2, k=4)
    np.testing.assert_array_equal(got[0], ref[0])
    np.testing.assert_array_equal(got[1][0], ref[1][0])
    np.testing.assert_array_equal(got[1][1], ref[1][1])


def test_knn_matches_opencv(rng):
    d1, d2 = binary(rng, 200, 32, 3), binary(rng, 300, 32, 3)
    idx, dist = vc.knn_match(d1, d2, k=3)
    ref = cv2.BFMatcher(cv2.NORM_HAMMING).knnMatch(d1, d2, k=3)
    # distances exactly; indices where the distance is unique within the row
    np.testing.assert_array_equal(dist, np.array([[m.distance for m in r] for r in ref], np.float32))
    ref_idx = np.array([[m.trainIdx for m in r] for r in ref])
    np.testing.assert_array_equal(idx[:, 0], ref_idx[:, 0])
    np.testing.assert_array_equal(idx[:, 0], vc.match(d1, d2)["train_idx"])


def test_knn_fewer_train_than_k(rng):
    d1, d2 = binary(rng, 4), binary(rng, 2)
    idx, dist = vc.knn_match(d1, d2, k=3)
    assert idx.shape == (4, 3) and idx.dtype == np.int32 and dist.dtype == np.float32
    assert np.all(idx[:, 2] == -1) and np.all(np.isinf(dist[:, 2]))
    assert set(idx[:, :2].ravel()) <= {0, 1}


def test_ratio_test(rng):
    d1, d2 = binary(rng, 300), binary(rng, 400)
    d1[:100] = d2[:100] ^ (rng.random((100, 32)) < 0.02).astype(np.uint8)
    knn = vc.knn_match(d1, d2, k=2)
    got = vc.ratio_test(knn, 0.75)
    keep = knn[1][:, 0] < 0.75 * knn[1][:, 1]
    np.testing.assert_array_equal(got["query_idx"], np.nonzero(keep)[0])
    np.testing.assert_array_equal(got["train_idx"], knn[0][keep, 0])
    assert np.all(got["query_idx"][:100] == got["train_idx"][:100])
    assert got.dtype == vc.MATCH_DTYPE


def test_empty_sets(rng):
    assert len(vc.match(np.zeros((0, 32), np.uint8), binary(rng, 5))) == 0
    assert len(vc.match(binary(rng, 5), np.zeros((0, 32), np.uint8))) == 0
    idx, _dist = vc.knn_match(binary(rng, 3), np.zeros((0, 32), np.uint8), k=2)
    assert np.all(idx == -1)


def test_errors(rng):
    d = binary(rng, 5)
    with pytest.raises(TypeError, match="match.*d1"):
        vc.match(d.astype(np.float32), d)
    with pytest.raises(TypeError, match="match.*d2"):
        vc.match(d, d.astype(np.float32), metric="hamming")
    with pytest.raises(TypeError, match="match.*d1"):
        vc.match(d, d, metric="l2")
    with pytest.raises(ValueError, match="match.*metric"):
        vc.match(d, d, metric="l1")
    with pytest.raises(ValueError, match="match.*d2"):
        vc.match(d, binary(rng, 5, 16))
    with pytest.raises(ValueError, match="match.*d1"):
        vc.match(d.ravel(), d)
    with pytest.raises(TypeError, match="match.*d1"):
        vc.match([[1, 2]], d)
    with pytest.raises(ValueError, match="knn_match.*k"):
        vc.knn_match(d, d, k=0)
    with pytest.raises(ValueError, match="ratio_test.*ratio"):
        vc.ratio_test(vc.knn_match(d, d, k=2), 1.5)
    with pytest.raises(ValueError, match="ratio_test.*knn"):
        vc.ratio_test(vc.knn_match(d, d, k=1), 0.7)
    with pytest.raises(TypeError, match="ratio_test.*knn"):
        vc.ratio_test(None)


def test_strided_descriptors(rng):
    d1, d2 = binary(rng, 50, 64), binary(rng, 60, 64)
    ref = vc.match(d1[:, ::2].copy(), d2[:, ::2].copy())
    np.testing.assert_array_equal(vc.match(d1[:, ::2], d2[:, ::2]), ref)
    np.testing.assert_array_equal(vc.match(np.asfortranarray(d1[:, ::2]), d2[:, ::2]), ref)
