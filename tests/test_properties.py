"""Property tests (hypothesis): any shape, any window of a larger array, any
dtype the op takes, gives the same result as an independent numpy formula."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import visioncore as vc


@st.composite
def windows(draw, channels=3):
    """A random (H, W, C) view: sometimes contiguous, sometimes a window of a
    bigger array, sometimes flipped or pixel-strided."""
    h = draw(st.integers(1, 40))
    w = draw(st.integers(1, 70))
    dtype = draw(st.sampled_from([np.uint8, np.uint16]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    top, left = draw(st.integers(0, 3)), draw(st.integers(0, 3))
    step = draw(st.sampled_from([1, 1, 2, -1]))
    info = np.iinfo(dtype)
    base = rng.integers(0, int(info.max) + 1, (h + top + 3, (w + left + 3) * abs(step), channels),
                        dtype=dtype)
    view = base[top:top + h, ::step][:, left:left + w]
    return view


def gray_reference(img: np.ndarray) -> np.ndarray:
    x = img.astype(np.int64)
    y = (x[..., 0] * 9798 + x[..., 1] * 19235 + x[..., 2] * 3735 + (1 << 14)) >> 15
    return y.astype(img.dtype)


@settings(max_examples=150, deadline=None)
@given(windows())
def test_rgb_to_gray_any_layout(img):
    np.testing.assert_array_equal(vc.rgb_to_gray(img), gray_reference(img))


@settings(max_examples=100, deadline=None)
@given(windows())
def test_rgb_to_bgr_is_an_involution(img):
    once = vc.rgb_to_bgr(img)
    np.testing.assert_array_equal(once, img[..., ::-1])
    np.testing.assert_array_equal(vc.rgb_to_bgr(once), img)


@settings(max_examples=100, deadline=None)
@given(windows(channels=3), st.sampled_from(vc.available_isas()), st.sampled_from([1, 2, 3]))
def test_isa_and_threads_do_not_change_results(img, isa, threads):
    ref = gray_reference(img)
    with vc.isa(isa), vc.num_threads(threads):
        np.testing.assert_array_equal(vc.rgb_to_gray(img), ref)
