"""The ONNX backend node test cases (onnx.backend.test.case.node) on vc.dnn.

One test per case whose operator is in scope (dnn_node_cases.SCOPE_OPS,
the issue's list, plus whatever vc.dnn.supported_ops() reports). Each case
is loaded from its serialized model with vc.dnn.Net.load, run at 1 and 2
threads, and every output compared with the case's expected one the way
onnx's backend runner does it (onnx/backend/test/runner: assert_allclose
with the case's rtol=1e-3, atol=1e-7 for floats; shapes and dtypes exact;
integers exact); the two thread counts must agree within 1e-6 relative.

A case is skipped only for a named reason: automatic ones computed from the
model (dnn_node_cases.auto_skip_reason: a dtype other than float32/int64,
operators missing from supported_ops(), an opset newer than the engine
targets), or an entry of SKIPS below, grouped by cause. Everything else
must pass. Remove SKIPS entries as features land; with
VISIONCORE_NODE_STRICT=1 the listed cases run anyway and a listed case
that passes fails, naming the entry to remove (tools/dnn_node_report.py
lists them too).

The node cases feed weights, bounds, indices and shapes as graph inputs,
where models store them as initializers; for the SKIPS groups that exist
only because of that, test_node_constant_inputs runs the case with those
inputs as initializers, so the operator's semantics are still checked.
"""

from __future__ import annotations

import fnmatch
import os

import pytest

pytest.importorskip("onnx")

import dnn_node_cases as nc

pytest_plugins = ["dnn_node_plugin"]

# ---------------------------------------------------------------- listed skips, by cause

_RUNTIME_PARAMS = ("parameters fed as graph inputs: Conv/ConvTranspose W, Gemm C, "
                   "BatchNormalization statistics, Clip bounds, Pad constant_value and Resize/Upsample "
                   "scales and roi must be initializers (test_node_constant_inputs runs it so)")
_BATCH_NORM_TRAINING = "BatchNormalization training_mode=1 is not supported (inference engine)"
_ZERO_SIZE = "zero-size tensors not supported yet (graph input with a 0 dim)"
_POW_INT64_BASE = ("Pow with an int64 base computed at run time: int64 runs only at plan time "
                   "(shape arithmetic); run-time Pow is float32")

_SKIP_GROUPS: dict[str, tuple[str, ...]] = {
    _RUNTIME_PARAMS: (
        "test_basic_conv_with_padding", "test_basic_conv_without_padding",
        "test_conv_with_autopad_same", "test_conv_with_strides_and_asymmetric_padding",
        "test_conv_with_strides_no_padding", "test_conv_with_strides_padding",
        "test_batchnorm_epsilon", "test_batchnorm_example",
        "test_clip", "test_clip_default_max", "test_clip_default_min", "test_clip_example",
        "test_clip_inbounds", "test_clip_outbounds", "test_clip_splitbounds",
        "test_gemm_all_attributes", "test_gemm_alpha", "test_gemm_beta",
        "test_gemm_default_matrix_bias", "test_gemm_default_scalar_bias",
        "test_gemm_default_single_elem_vector_bias", "test_gemm_default_vector_bias",
        "test_gemm_default_zero_bias", "test_gemm_transposeA", "test_gemm_transposeB",
        "test_convtranspose", "test_convtranspose_1d", "test_convtranspose_3d",
        "test_convtranspose_autopad_same", "test_convtranspose_dilations",
        "test_convtranspose_group_2", "test_convtranspose_group_2_image_3",
        "test_convtranspose_kernel_shape", "test_convtranspose_output_shape",
        "test_convtranspose_pad", "test_convtranspose_pads",
        "test_resize_downsample_scales_cubic",
        "test_resize_downsample_scales_cubic_A_n0p5_exclude_outside",
        "test_resize_downsample_scales_cubic_align_corners",
        "test_resize_downsample_scales_cubic_antialias", "test_resize_downsample_scales_linear",
        "test_resize_downsample_scales_linear_align_corners",
        "test_resize_downsample_scales_linear_antialias",
        "test_resize_downsample_scales_linear_half_pixel_symmetric",
        "test_resize_downsample_scales_nearest", "test_resize_upsample_scales_cubic",
        "test_resize_upsample_scales_cubic_A_n0p5_exclude_outside",
        "test_resize_upsample_scales_cubic_align_corners",
        "test_resize_upsample_scales_cubic_asymmetric", "test_resize_upsample_scales_linear",
        "test_resize_upsample_scales_linear_align_corners",
        "test_resize_upsample_scales_linear_half_pixel_symmetric",
        "test_resize_upsample_scales_nearest", "test_resize_upsample_scales_nearest_axes_2_3",
        "test_resize_upsample_scales_nearest_axes_3_2", "test_upsample_nearest",
    
        "test_constant_pad",
        "test_constant_pad_axes",
        "test_constant_pad_negative_axes",
    
        "test_resize_tf_crop_and_resize",
        "test_resize_tf_crop_and_resize_axes_2_3",
        "test_resize_tf_crop_and_resize_axes_3_2",
        "test_resize_tf_crop_and_resize_extrapolation_value",
        "test_clip_min_greater_than_max",
    ),
    _BATCH_NORM_TRAINING: ("test_batchnorm_epsilon_training_mode",
                           "test_batchnorm_example_training_mode"),
    _ZERO_SIZE: ("test_reshape_allowzero_reordered",
        "test_reduce_l1_empty_set",
        "test_reduce_l1_empty_set_expanded",
        "test_reduce_l2_empty_set",
        "test_reduce_l2_empty_set_expanded",
        "test_reduce_max_empty_set",
        "test_reduce_min_empty_set",
        "test_reduce_prod_empty_set",
        "test_reduce_sum_empty_set",
        "test_reduce_sum_empty_set_non_reduced_axis_zero",
        "test_reduce_sum_square_empty_set",
        "test_reduce_sum_square_empty_set_expanded",
        "test_split_zero_size_splits_opset13",
        "test_split_zero_size_splits_opset18",
    
        "test_reduce_log_sum_empty_set",
        "test_reduce_log_sum_empty_set_expanded",
        "test_reduce_log_sum_exp_empty_set",
        "test_reduce_log_sum_exp_empty_set_expanded",
    ),
    _POW_INT64_BASE: ("test_pow_types_int64_float32",),
}

# case name or fnmatch pattern -> reason
SKIPS: dict[str, str] = {name: reason for reason, names in _SKIP_GROUPS.items() for name in names}

# Listed causes that only concern how the case feeds its parameters.
CONSTANT_INPUT_REASONS = (_RUNTIME_PARAMS,)


def listed_reason(case: nc.NodeCase) -> str | None:
    for pattern, reason in SKIPS.items():
        if fnmatch.fnmatchcase(case.name, pattern):
            return reason
    return None


def skip_reason(case: nc.NodeCase) -> tuple[str | None, bool]:
    """(reason, listed): the automatic reason, else the SKIPS entry, else None."""
    auto = nc.auto_skip_reason(case)
    if auto is not None:
        return auto, False
    listed = listed_reason(case)
    return listed, listed is not None


_STRICT = os.environ.get("VISIONCORE_NODE_STRICT", "") not in ("", "0")
_CASES = nc.in_scope_cases()
_CONSTANT_INPUT_CASES = [c for c in _CASES if skip_reason(c)[0] in CONSTANT_INPUT_REASONS]


def _ids(case: nc.NodeCase) -> str:
    return case.name


@pytest.mark.parametrize("case", _CASES, ids=_ids)
def test_node(case, record_property):
    record_property("onnx_op", case.op)
    reason, listed = skip_reason(case)
    if reason is not None and not (listed and _STRICT):
        pytest.skip(f"{case.op}: {reason}")
    problems = nc.run_case(case)
    if listed:  # strict mode
        if not problems:
            pytest.fail(f"{case.name} passes now: remove its SKIPS entry ({reason})")
        pytest.skip(f"{case.op}: {reason}")
    if problems:
        pytest.fail(f"{case.name} ({case.op}, opset {case.opset}):\n" + "\n".join(problems),
                    pytrace=False)


@pytest.mark.parametrize("case", _CONSTANT_INPUT_CASES, ids=_ids)
def test_node_constant_inputs(case, record_property):
    record_property("onnx_op", case.op)
    record_property("onnx_variant", "constant inputs")
    problems = nc.run_case(case, const_inputs=True)
    if problems:
        pytest.fail(f"{case.name} with constant inputs ({case.op}, opset {case.opset}):\n"
                    + "\n".join(problems), pytrace=False)


def test_scope_is_covered():
    # every operator of the list has node cases in this onnx version
    ops = {c.op for c in nc.load_cases() if c.domain in ("", "ai.onnx")}
    assert nc.SCOPE_OPS <= ops, sorted(nc.SCOPE_OPS - ops)
    assert len(_CASES) > 300


def test_skips_name_existing_cases():
    # a stale entry (a renamed or removed case) would hide nothing and mislead
    names = [c.name for c in nc.load_cases()]
    dead = [p for p in SKIPS if not fnmatch.filter(names, p)]
    assert not dead, f"SKIPS entries matching no node case: {dead}"
    # listed skips concern cases that would otherwise run
    shadowed = [c.name for c in _CASES if listed_reason(c) and nc.auto_skip_reason(c)]
    assert not shadowed, f"SKIPS entries already skipped automatically: {shadowed}"


def _tiny_case(name, x, y, node):
    from onnx import helper
    from onnx.backend.test.case.test_case import TestCase
    vi = [helper.make_tensor_value_info(n, helper.np_dtype_to_tensor_dtype(a.dtype), a.shape)
          for n, a in (("x", x), ("y", y))]
    model = helper.make_model(helper.make_graph([node], name, vi[:1], vi[1:]),
                              opset_imports=[helper.make_opsetid("", 13)])
    return TestCase(name=name, model_name=name, url=None, model_dir=None, model=model,
                    data_sets=[([x], [y])], kind="node", rtol=1e-3, atol=1e-7)


def test_cache_write_and_load(tmp_path, monkeypatch, rng):
    from onnx import helper
    x = rng.standard_normal((2, 3)).astype("float32")
    made = [_tiny_case("test_relu", x, x.clip(0), helper.make_node("Relu", ["x"], ["y"])),
            _tiny_case("test_relu_expanded", x, x.clip(0),
                       helper.make_node("Max", ["x", "x"], ["y"])),
            _tiny_case("test_cast", x, x.astype("float16"),
                       helper.make_node("Cast", ["x"], ["y"], to=10))]
    monkeypatch.setenv("VISIONCORE_TEST_CACHE", str(tmp_path))
    monkeypatch.setattr(nc, "_collect", lambda: made)
    folder = nc.ensure_cache()
    assert folder.parent == tmp_path and folder.name.startswith("onnx-node-")
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]  # no temp folder left
    cases = {c.name: c for c in nc.load_cases.__wrapped__()}
    assert sorted(cases) == ["test_cast", "test_relu", "test_relu_expanded"]
    relu = cases["test_relu"]
    ins, outs = relu.data()
    assert (ins[0] == x).all() and (outs[0] == x.clip(0)).all()
    assert relu.op == "Relu" and relu.opset == 13 and relu.inputs == (("x", "float32"),)
    assert nc.run_case(relu) == []
    # an expanded case counts for the operator it expands
    assert cases["test_relu_expanded"].op == "Relu"
    assert cases["test_relu_expanded"].graph_ops == ("Max",)
    assert nc.auto_skip_reason(cases["test_relu_expanded"], frozenset({"Relu"})) == \
        "operator Max is not supported"
    assert nc.auto_skip_reason(cases["test_cast"]) == "output dtype float16 is not float32/int64"
    # a cache of another format is rebuilt; a valid one is reused as is
    index = folder / "index.json"
    index.write_text(index.read_text().replace('"format": ', '"format": -'))
    monkeypatch.setattr(nc, "_collect", lambda: made[:1])
    nc.ensure_cache()
    assert [c.name for c in nc.load_cases.__wrapped__()] == ["test_relu"]
    monkeypatch.setattr(nc, "_collect", lambda: pytest.fail("regenerated a valid cache"))
    nc.ensure_cache()
