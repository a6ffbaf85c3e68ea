"""Packed SGEMM kernels (vc.dnn._gemm): every ISA level against a float64
reference, bit-identical across thread counts, epilogues, strides, errors."""

from __future__ import annotations

import numpy as np
import pytest
import visioncore as vc
from conftest import ISAS

gemm = vc.dnn._gemm


def ref_gemm(a, b, bias=None, axis="column", activation="none", alpha=0.01, clip=None):
    c = a.astype(np.float64) @ b.astype(np.float64)
    if bias is not None:
        c = c + (bias[None, :] if axis == "column" else bias[:, None])
    if activation == "relu":
        c = np.maximum(c, 0)
    elif activation == "relu6":
        c = np.clip(c, 0, 6)
    elif activation == "clip":
        c = np.clip(c, clip[0], clip[1])
    elif activation == "leaky_relu":
        c = np.where(c < 0, alpha * c, c)
    elif activation == "sigmoid":
        c = 1 / (1 + np.exp(-c))
    elif activation == "hardswish":
        c = c * np.clip(c / 6 + 0.5, 0, 1)
    return c


def check_close(c, ref, a, b):
    """Relative tolerance 1e-5 scaled by K, against sum |a||b| (no cancellation blow-up)."""
    k = a.shape[1]
    scale = np.abs(a.astype(np.float64)) @ np.abs(b.astype(np.float64)) + 1.0
    err = np.abs(c.astype(np.float64) - ref) / scale
    assert err.max() <= 1e-5 * max(1, k) ** 0.5 * 4, err.max()


SHAPES = [(1, 1, 1), (1, 7, 1), (3, 5, 2), (7, 13, 33), (17, 31, 15), (8, 32, 64),
          (33, 257, 65), (64, 300, 49), (1, 1000, 512), (100, 600, 37), (13, 9, 200)]


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("packed", ["b", "a"])
@pytest.mark.parametrize("m,k,n", SHAPES)
def test_every_isa_matches_float64(rng, isa, packed, m, k, n):
    a = rng.standard_normal((m, k), dtype=np.float32)
    b = rng.standard_normal((k, n), dtype=np.float32)
    with vc.isa(isa):
        c = gemm(a, b, packed=packed)
    assert c.shape == (m, n) and c.dtype == np.float32
    check_close(c, ref_gemm(a, b), a, b)


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("packed", ["b", "a"])
def test_thread_counts_bit_identical(rng, isa, packed):
    a = rng.standard_normal((150, 700), dtype=np.float32)
    b = rng.standard_normal((700, 333), dtype=np.float32)
    bias = rng.standard_normal(333, dtype=np.float32)
    outs = []
    with vc.isa(isa):
        for t in (1, 2, 3, 4):
            with vc.num_threads(t):
                outs.append(gemm(a, b, bias=bias, activation="relu", packed=packed))
    for o in outs[1:]:
        np.testing.assert_array_equal(o, outs[0])


def test_packed_sides_agree_bitwise(rng):
    """Both drivers sum each output in the same order with the same kernel."""
    a = rng.standard_normal((41, 530), dtype=np.float32)
    b = rng.standard_normal((530, 77), dtype=np.float32)
    for isa in ISAS:
        with vc.isa(isa):
            np.testing.assert_array_equal(gemm(a, b, packed="a"), gemm(a, b, packed="b"))


def test_simd_levels_close_to_scalar(rng):
    a = rng.standard_normal((37, 411), dtype=np.float32)
    b = rng.standard_normal((411, 71), dtype=np.float32)
    with vc.isa("scalar"):
        ref = gemm(a, b)
    for isa in ISAS:
        with vc.isa(isa):
            check_close(gemm(a, b), ref.astype(np.float64), a, b)


def test_sse4_equals_scalar_bitwise(rng):
    """Both multiply then add in the same order with the 4x8 tile."""
    if "sse4" not in ISAS:
        pytest.skip("no SSE4.1")
    a = rng.standard_normal((23, 300), dtype=np.float32)
    b = rng.standard_normal((300, 45), dtype=np.float32)
    with vc.isa("scalar"):
        ref = gemm(a, b, bias=np.ones(45, np.float32), activation="leaky_relu", alpha=0.3)
    with vc.isa("sse4"):
        c = gemm(a, b, bias=np.ones(45, np.float32), activation="leaky_relu", alpha=0.3)
    np.testing.assert_array_equal(c, ref)


ACTS = [("none", {}), ("relu", {}), ("relu6", {}), ("clip", {"clip": (-0.5, 1.5)}),
        ("leaky_relu", {"alpha": 0.1}), ("sigmoid", {}), ("hardswish", {})]


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("act,kw", ACTS)
@pytest.mark.parametrize("axis", ["column", "row"])
@pytest.mark.parametrize("packed", ["b", "a"])
def test_epilogues(rng, isa, act, kw, axis, packed):
    m, k, n = 19, 450, 45  # two K blocks, partial tiles
    a = rng.standard_normal((m, k), dtype=np.float32) * 0.2
    b = rng.standard_normal((k, n), dtype=np.float32) * 0.2
    bias = rng.standard_normal(n if axis == "column" else m, dtype=np.float32)
    with vc.isa(isa):
        c = gemm(a, b, bias=bias, bias_axis=axis, activation=act, packed=packed, **kw)
    ref = ref_gemm(a, b, bias, axis, act, kw.get("alpha", 0.01), kw.get("clip"))
    np.testing.assert_allclose(c, ref, rtol=1e-4, atol=1e-4)


def test_row_strided_operands(rng):
    big_a = rng.standard_normal((40, 300), dtype=np.float32)
    big_b = rng.standard_normal((300, 100), dtype=np.float32)
    a, b = big_a[3:30, 5:205], big_b[50:250, 7:60]
    for packed in ("a", "b"):
        c = gemm(a, b, packed=packed)
        np.testing.assert_array_equal(
            c, gemm(np.ascontiguousarray(a), np.ascontiguousarray(b), packed=packed))
    # other layouts are copied
    c = gemm(np.asfortranarray(a), b[::1, ::-1])
    np.testing.assert_array_equal(
        c, gemm(np.ascontiguousarray(a), np.ascontiguousarray(b[:, ::-1])))


def test_nan_and_inf_propagate(rng):
    a = rng.standard_normal((9, 20), dtype=np.float32)
    b = rng.standard_normal((20, 40), dtype=np.float32)
    a[2, 3] = np.nan
    b[4, 5] = np.inf
    for isa in ISAS:
        with vc.isa(isa):
            for act in ("none", "relu", "relu6", "leaky_relu"):
                c = gemm(a, b, activation=act)
                assert np.isnan(c[2]).all(), (isa, act)
                ref = ref_gemm(a, b, activation=act)
                np.testing.assert_array_equal(np.isnan(c), np.isnan(ref))


def test_bad_arguments(rng):
    a = np.ones((3, 4), np.float32)
    b = np.ones((4, 5), np.float32)
    with pytest.raises(TypeError, match="_gemm.*'a'.*float32"):
        gemm(a.astype(np.float64), b)
    with pytest.raises(TypeError, match="_gemm.*'b'"):
        gemm(a, [[1.0]])
    with pytest.raises(ValueError, match="_gemm.*'b'"):
        gemm(a, np.ones((5, 5), np.float32))
    with pytest.raises(ValueError, match="_gemm.*'a'"):
        gemm(np.ones((0, 4), np.float32), b)
    with pytest.raises(ValueError, match="_gemm.*'a'"):
        gemm(np.ones(4, np.float32), b)
    with pytest.raises(ValueError, match="_gemm.*'bias'"):
        gemm(a, b, bias=np.ones(3, np.float32))
    with pytest.raises(ValueError, match="_gemm.*'activation'.*relu"):
        gemm(a, b, activation="gelu")
    with pytest.raises(ValueError, match="_gemm.*'clip'"):
        gemm(a, b, activation="clip")
    with pytest.raises(ValueError, match="_gemm.*'clip'"):
        gemm(a, b, activation="clip", clip=(2.0, 1.0))
    with pytest.raises(ValueError, match="_gemm.*'packed'"):
        gemm(a, b, packed="c")
    with pytest.raises(ValueError, match="_gemm.*'bias_axis'"):
        gemm(a, b, bias_axis="diagonal")


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("k", [5, 300, 1280])
def test_short_row_tiles_equal_full_tile_rows(rng, isa, k):
    # few rows run one by one through the one-row kernel over the whole
    # depth: each row's bits equal the same row computed in a full tile
    a = rng.standard_normal((19, k), dtype=np.float32)
    b = rng.standard_normal((k, 77), dtype=np.float32)
    bias = rng.standard_normal(77, dtype=np.float32)
    with vc.isa(isa):
        full = gemm(a, b, bias=bias, activation="relu")
        for rows in (1, 2, 3):
            np.testing.assert_array_equal(gemm(a[:rows], b, bias=bias, activation="relu"),
                                          full[:rows])
        np.testing.assert_array_equal(gemm(a[16:], b, bias=bias, activation="relu"), full[16:])
