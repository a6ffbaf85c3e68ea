"""The ONNX model reader (vc.dnn.read_model): every field decodes to what the
onnx package reports, and hostile files (truncated, mutated, oversized,
deeply nested, escaping external data) raise ModelError without crashing."""

from __future__ import annotations

import os
import pathlib

import numpy as np
import pytest
import visioncore as vc

onnx = pytest.importorskip("onnx")
from onnx import TensorProto, helper, numpy_helper

LIGHT = pathlib.Path(onnx.__file__).parent / "backend" / "test" / "data" / "light"
LIGHT_MODELS = sorted(LIGHT.glob("*.onnx"))


# --- helpers -----------------------------------------------------------------

def _dtype_name(elem_type: int) -> str:
    return {
        TensorProto.FLOAT: "float32", TensorProto.UINT8: "uint8", TensorProto.INT8: "int8",
        TensorProto.UINT16: "uint16", TensorProto.INT16: "int16", TensorProto.INT32: "int32",
        TensorProto.INT64: "int64", TensorProto.STRING: "string", TensorProto.BOOL: "bool",
        TensorProto.FLOAT16: "float16", TensorProto.DOUBLE: "float64",
        TensorProto.UINT32: "uint32", TensorProto.UINT64: "uint64",
        TensorProto.COMPLEX64: "complex64", TensorProto.COMPLEX128: "complex128",
        TensorProto.BFLOAT16: "bfloat16",
    }[elem_type]


def _shape_of(vi) -> tuple | None:
    t = vi.type.tensor_type
    if not t.HasField("shape"):
        return None
    out = []
    for d in t.shape.dim:
        which = d.WhichOneof("value")
        out.append(d.dim_value if which == "dim_value" else d.dim_param if which == "dim_param"
                   else None)
    return tuple(out)


def _small_model(extra_nodes=(), extra_inits=(), opset=17) -> onnx.ModelProto:
    w = numpy_helper.from_array(np.arange(6, dtype=np.float32).reshape(2, 3), "w")
    b = helper.make_tensor("b", TensorProto.FLOAT, [3], [0.5, -1.0, 2.0])
    nodes = [helper.make_node("MatMul", ["x", "w"], ["y0"], name="mm"),
             helper.make_node("Add", ["y0", "b"], ["y"], name="add")]
    g = helper.make_graph(nodes + list(extra_nodes), "main",
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 2])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 3])],
                          [w, b, *extra_inits])
    m = helper.make_model(g, producer_name="vc-test", producer_version="1.2",
                          opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    return m


def _check_graph(info_graph, g, arrays):
    """Compare a GraphInfo-like object with an onnx GraphProto."""
    assert [i.name for i in info_graph.inputs] == [i.name for i in g.input]
    assert [o.name for o in info_graph.outputs] == [o.name for o in g.output]
    for ours, theirs in zip(info_graph.inputs + info_graph.outputs, list(g.input) + list(g.output)):
        assert ours.shape == _shape_of(theirs)
        assert ours.dtype == _dtype_name(theirs.type.tensor_type.elem_type)
    assert [t.name for t in info_graph.initializers] == [t.name for t in g.initializer]
    for ours, theirs in zip(info_graph.initializers, g.initializer):
        assert ours.shape == tuple(theirs.dims)
        assert ours.dtype == _dtype_name(theirs.data_type)
        expected = numpy_helper.to_array(theirs)
        got = arrays(ours.name)
        assert got.dtype == expected.dtype and got.shape == expected.shape
        np.testing.assert_array_equal(got, expected)
    assert len(info_graph.nodes) == len(g.node)
    for ours, theirs in zip(info_graph.nodes, g.node):
        assert (ours.op_type, ours.name, ours.domain) == (theirs.op_type, theirs.name, theirs.domain)
        assert ours.inputs == tuple(theirs.input) and ours.outputs == tuple(theirs.output)
        assert list(ours.attributes) == [a.name for a in theirs.attribute]
        for a in theirs.attribute:
            _check_attr(ours.attributes[a.name], a)


def _check_attr(value, a):
    expect = helper.get_attribute_value(a)
    if a.type == onnx.AttributeProto.FLOAT:
        assert value == pytest.approx(expect, rel=0, abs=0) or (np.isnan(value) and np.isnan(expect))
    elif a.type in (onnx.AttributeProto.INT, onnx.AttributeProto.INTS):
        assert value == list(expect) if isinstance(expect, list) or a.type == 7 else value == expect
    elif a.type == onnx.AttributeProto.FLOATS:
        np.testing.assert_array_equal(np.float32(value), np.float32(list(expect)))
    elif a.type == onnx.AttributeProto.STRING:
        assert value == expect.decode()
    elif a.type == onnx.AttributeProto.STRINGS:
        assert value == [s.decode() for s in expect]
    elif a.type == onnx.AttributeProto.TENSOR:
        np.testing.assert_array_equal(value, numpy_helper.to_array(expect))
        assert value.dtype == numpy_helper.to_array(expect).dtype
    elif a.type == onnx.AttributeProto.TENSORS:
        assert len(value) == len(expect)
        for v, e in zip(value, expect):
            np.testing.assert_array_equal(v, numpy_helper.to_array(e))
    elif a.type == onnx.AttributeProto.GRAPH:
        _check_graph(value, expect, value.arrays.__getitem__)
    elif a.type == onnx.AttributeProto.GRAPHS:
        for v, e in zip(value, expect):
            _check_graph(v, e, v.arrays.__getitem__)


def _check_model(info, m):
    assert info.ir_version == m.ir_version
    assert info.opsets == {o.domain: o.version for o in m.opset_import}
    assert info.producer == m.producer_name
    assert info.producer_version == m.producer_version
    assert info.graph_name == m.graph.name
    _check_graph(info, m.graph, info.initializer)


def _read_bytes(m) -> object:
    return vc.dnn.read_model(m.SerializeToString())


# --- basics ------------------------------------------------------------------

def test_model_error_is_a_value_error():
    assert issubclass(vc.dnn.ModelError, ValueError)
    with pytest.raises(vc.dnn.ModelError, match="empty"):
        vc.dnn.read_model(b"")
    with pytest.raises(TypeError, match="read_model"):
        vc.dnn.read_model(12)


def test_small_model_from_bytes_and_file(tmp_path):
    m = _small_model()
    info = _read_bytes(m)
    _check_model(info, m)
    assert info.inputs[0].shape == ("N", 2)
    assert info.producer == "vc-test" and info.opsets == {"": 17}
    p = tmp_path / "m.onnx"
    onnx.save_model(m, str(p))
    for src in (str(p), p, bytearray(p.read_bytes()), memoryview(p.read_bytes())):
        _check_model(vc.dnn.read_model(src), m)
    with pytest.raises(KeyError):
        info.initializer("nope")
    with pytest.raises(vc.dnn.ModelError, match="cannot open"):
        vc.dnn.read_model(tmp_path / "missing.onnx")


DTYPES = [np.float32, np.uint8, np.int8, np.uint16, np.int16, np.int32, np.int64, np.bool_,
          np.float16, np.float64, np.uint32, np.uint64, np.complex64, np.complex128]


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("raw", [True, False])
def test_tensor_dtypes_raw_and_typed(dtype, raw, rng):
    a = (rng.standard_normal((3, 4, 5)) * 50)
    if np.dtype(dtype).kind == "c":
        a = a + 1j * rng.standard_normal((3, 4, 5))
    a = a.astype(dtype)
    t = numpy_helper.from_array(a, "t")
    if not raw:
        t = helper.make_tensor("t", t.data_type, a.shape,
                               a.flatten().view(np.uint16) if dtype == np.float16 else
                               a.flatten().tolist(), raw=False)
        assert not t.HasField("raw_data")
    m = _small_model(extra_inits=[t])
    info = _read_bytes(m)
    got = info.initializer("t")
    np.testing.assert_array_equal(got, numpy_helper.to_array(t))
    assert got.dtype == np.dtype(dtype) and got.shape == (3, 4, 5)
    assert info.initializers[-1].dtype == np.dtype(dtype).name.replace("bool", "bool")


def test_scalar_empty_and_string_tensors():
    s = _tensor([2], TensorProto.STRING, name="s", string_data=[b"ab", b"\xff\x00"])
    z = helper.make_tensor("z", TensorProto.FLOAT, [0, 3], [])
    c = helper.make_tensor("c", TensorProto.INT64, [], [7])
    info = _read_bytes(_small_model(extra_inits=[s, z, c]))
    np.testing.assert_array_equal(info.initializer("s"), np.array([b"ab", b"\xff\x00"], object))
    assert info.initializer("z").shape == (0, 3)
    assert info.initializer("c").shape == () and int(info.initializer("c")) == 7


def test_bfloat16_and_float8_come_back_as_bits():
    bf = helper.make_tensor("bf", TensorProto.BFLOAT16, [2], np.array([1.0, -2.0], np.float32))
    info = _read_bytes(_small_model(extra_inits=[bf]))
    bits = info.initializer("bf")
    assert bits.dtype == np.uint16
    np.testing.assert_array_equal(bits, [0x3F80, 0xC000])
    assert info.initializers[-1].dtype == "bfloat16"


def test_attributes_of_every_type():
    sub_then = helper.make_graph(
        [helper.make_node("Identity", ["b"], ["t_out"], name="then_id")], "then_g", [],
        [helper.make_tensor_value_info("t_out", TensorProto.FLOAT, [3])])
    sub_else = helper.make_graph(
        [helper.make_node("Constant", [], ["e_out"], name="else_c",
                          value=helper.make_tensor("cv", TensorProto.FLOAT, [3], [1, 2, 3]))],
        "else_g", [], [helper.make_tensor_value_info("e_out", TensorProto.FLOAT, [3])],
        [numpy_helper.from_array(np.ones(2, np.int32), "sub_init")])
    nodes = [
        helper.make_node("If", ["cond"], ["if_out"], name="if", then_branch=sub_then,
                         else_branch=sub_else),
        helper.make_node("Custom", ["x"], ["c_out"], name="custom", domain="vc.test",
                         f=1.5, i=-(2**63), s="SAME_UPPER", fs=[1.0, float("inf"), -0.0],
                         ints=[1, -2, 2**62], strs=["a", "bc", ""],
                         t=helper.make_tensor("tt", TensorProto.INT32, [2, 2], [1, 2, 3, 4]),
                         ts=[helper.make_tensor("t1", TensorProto.FLOAT, [1], [9.0]),
                             helper.make_tensor("t2", TensorProto.INT64, [2], [1, 2])],
                         gs=[sub_then, sub_else]),
    ]
    m = _small_model(extra_nodes=nodes)
    m.opset_import.append(helper.make_opsetid("vc.test", 1))
    info = _read_bytes(m)
    _check_model(info, m)
    attrs = info.nodes[-1].attributes
    assert attrs["i"] == -(2**63) and attrs["s"] == "SAME_UPPER" and attrs["ints"] == [1, -2, 2**62]
    assert isinstance(info.nodes[2].attributes["then_branch"], vc.dnn.GraphInfo)
    assert info.nodes[2].attributes["else_branch"].nodes[0].op_type == "Constant"
    np.testing.assert_array_equal(info.nodes[2].attributes["else_branch"].arrays["sub_init"], [1, 1])
    assert info.opsets == {"": 17, "vc.test": 1}


def test_value_info_unknown_dims_and_rank():
    m = _small_model()
    m.graph.value_info.append(helper.make_tensor_value_info("y0", TensorProto.FLOAT, None))
    m.graph.value_info.append(helper.make_tensor_value_info("q", TensorProto.INT64, [None, 4, "k"]))
    info = _read_bytes(m)
    assert info.value_info[0].shape is None
    assert info.value_info[1].shape == (None, 4, "k") and info.value_info[1].dtype == "int64"


def test_local_functions_and_metadata():
    fn = helper.make_function("local", "Twice", ["a"], ["b"],
                              [helper.make_node("Add", ["a", "a"], ["b"])],
                              [helper.make_opsetid("", 17)])
    m = _small_model()
    m.functions.append(fn)
    helper.set_model_props(m, {"author": "me"})
    info = _read_bytes(m)
    assert info.metadata == {"author": "me"}
    assert info.functions[0]["name"] == "Twice" and info.functions[0]["domain"] == "local"
    assert info.functions[0]["nodes"][0]["op_type"] == "Add"


@pytest.mark.parametrize("path", LIGHT_MODELS, ids=lambda p: p.stem)
def test_model_zoo_light_models(path):
    m = onnx.load(str(path))
    info = vc.dnn.read_model(path)
    _check_model(info, m)


def test_model_zoo_is_present():
    assert len(LIGHT_MODELS) >= 5


# --- external data -----------------------------------------------------------

def _external_model(tmp_path, name="m.onnx", location="weights.bin"):
    big = numpy_helper.from_array(np.arange(4096, dtype=np.float32).reshape(64, 64), "big")
    m = _small_model(extra_inits=[big])
    p = tmp_path / name
    onnx.save_model(m, str(p), save_as_external_data=True, all_tensors_to_one_file=True,
                    location=location, size_threshold=1024)
    return p


def test_external_data_is_read(tmp_path):
    p = _external_model(tmp_path)
    info = vc.dnn.read_model(p)
    np.testing.assert_array_equal(info.initializer("big"), np.arange(4096, dtype=np.float32).reshape(64, 64))
    _check_model(info, onnx.load(str(p)))


def test_external_data_in_subfolder_and_via_relative_path(tmp_path, monkeypatch):
    (tmp_path / "d").mkdir()
    _external_model(tmp_path / "d", location="sub_w.bin")
    monkeypatch.chdir(tmp_path)
    info = vc.dnn.read_model("d/m.onnx")
    assert info.initializer("big").shape == (64, 64)


def _set_location(p: pathlib.Path, **entries):
    m = onnx.load(str(p), load_external_data=False)
    for t in m.graph.initializer:
        if t.data_location == TensorProto.EXTERNAL:
            del t.external_data[:]
            for k, v in entries.items():
                e = t.external_data.add()
                e.key, e.value = k, str(v)
    p.write_bytes(m.SerializeToString())
    return m


@pytest.mark.parametrize("entries,message", [
    ({"location": "../weights.bin"}, "escapes"),
    ({"location": "a/../../weights.bin"}, "escapes"),
    ({"location": "/etc/passwd"}, "absolute"),
    ({"location": "..\\weights.bin"}, "backslash"),
    ({"location": "C:/w.bin"}, "absolute"),
    ({"location": ""}, "empty"),
    ({"location": "nothere.bin"}, "cannot open"),
    ({"location": "weights.bin", "offset": 16385}, "past the end"),
    ({"location": "weights.bin", "offset": 16384}, "length 0 does not match"),
    ({"location": "weights.bin", "offset": 8, "length": 16384}, "past the end"),
    ({"location": "weights.bin", "length": 100}, "does not match"),
    ({"location": "weights.bin", "offset": -1}, "non-negative"),
    ({"location": "weights.bin", "offset": "12abc"}, "non-negative"),
    ({"location": "weights.bin", "offset": "99999999999999999999"}, "non-negative|too large"),
    ({"location": "weights.bin", "basepath": "/"}, "unknown key"),
    ({"offset": 0}, "no 'location'"),
])
def test_external_data_rejections(tmp_path, entries, message):
    (tmp_path / "m").mkdir()
    p = _external_model(tmp_path / "m")
    (tmp_path / "weights.bin").write_bytes(b"\0" * 16384)  # a tempting target outside
    _set_location(p, **entries)
    with pytest.raises(vc.dnn.ModelError, match=message) as e:
        vc.dnn.read_model(p)
    assert "'big'" in str(e.value)


def test_external_data_symlinks(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "w.bin").write_bytes(np.arange(4096, dtype=np.float32).tobytes())
    model_dir = tmp_path / "model"
    model_dir.mkdir()
    p = _external_model(model_dir)
    # a file symlink pointing outside
    os.symlink(outside / "w.bin", model_dir / "link.bin")
    _set_location(p, location="link.bin")
    with pytest.raises(vc.dnn.ModelError, match="outside the model folder"):
        vc.dnn.read_model(p)
    # a folder symlink pointing outside
    os.symlink(outside, model_dir / "linkdir")
    _set_location(p, location="linkdir/w.bin")
    with pytest.raises(vc.dnn.ModelError, match="outside the model folder"):
        vc.dnn.read_model(p)
    # a symlink that stays inside the folder is fine
    os.symlink(model_dir / "weights.bin", model_dir / "inside.bin")
    _set_location(p, location="inside.bin")
    assert vc.dnn.read_model(p).initializer("big").shape == (64, 64)
    # a directory is not a data file
    (model_dir / "adir").mkdir()
    _set_location(p, location="adir")
    with pytest.raises(vc.dnn.ModelError, match="not a regular file"):
        vc.dnn.read_model(p)


def test_model_from_bytes_may_not_use_external_data(tmp_path):
    p = _external_model(tmp_path)
    with pytest.raises(vc.dnn.ModelError, match="external file.*weights.bin.*from bytes"):
        vc.dnn.read_model(p.read_bytes())


# --- malformed and hostile input ---------------------------------------------

def test_every_truncated_prefix_is_rejected():
    data = _small_model().SerializeToString()
    for n in range(len(data)):
        with pytest.raises(vc.dnn.ModelError):
            vc.dnn.read_model(data[:n])


def test_random_byte_mutations_never_crash():
    data = bytearray(_small_model(extra_nodes=[
        helper.make_node("Custom", ["x"], ["z"], domain="d", ints=[1, 2, 3], s="abc",
                         t=helper.make_tensor("tt", TensorProto.INT64, [2], [5, 6]))]
    ).SerializeToString())
    rng = np.random.default_rng(7)
    outcomes = {"ok": 0, "error": 0}
    for _ in range(3000):
        mutated = bytearray(data)
        for _ in range(int(rng.integers(1, 4))):
            pos = int(rng.integers(0, len(mutated)))
            kind = int(rng.integers(0, 3))
            if kind == 0:
                mutated[pos] = int(rng.integers(0, 256))
            elif kind == 1:
                mutated[pos] ^= 1 << int(rng.integers(0, 8))
            else:
                del mutated[pos:pos + int(rng.integers(1, 8))]
        try:
            vc.dnn.read_model(bytes(mutated))
            outcomes["ok"] += 1
        except vc.dnn.ModelError:
            outcomes["error"] += 1
    assert outcomes["error"] > 100


def test_random_bytes_are_rejected():
    rng = np.random.default_rng(3)
    for n in (1, 2, 7, 64, 1000):
        for _ in range(50):
            with pytest.raises(vc.dnn.ModelError):
                vc.dnn.read_model(rng.integers(0, 256, n, dtype=np.uint8).tobytes())


def _with_tensor(t: TensorProto) -> bytes:
    return _small_model(extra_inits=[t]).SerializeToString()


def _tensor(dims, data_type=TensorProto.FLOAT, name="bad", **fields):
    t = TensorProto()
    t.name = name
    t.dims.extend(dims)
    t.data_type = data_type
    for k, v in fields.items():
        if isinstance(v, list):
            getattr(t, k).extend(v)
        elif k == "segment":
            t.segment.CopyFrom(v)
        else:
            setattr(t, k, v)
    return t


@pytest.mark.parametrize("tensor,message", [
    (_tensor([2, 3], raw_data=b"\0" * 12), r"raw_data has 12 bytes; dims \[2, 3\] of float32 need 24"),
    (_tensor([2, 3], raw_data=b"\0" * 28), "raw_data has 28 bytes"),
    (_tensor([2**31, 2**31, 2**31], raw_data=b"\0" * 4), "overflow"),
    (_tensor([2**40], raw_data=b"\0" * 4), "limit"),
    (_tensor([4, -1], raw_data=b"\0" * 4), r"dims\[1\] = -1 is negative"),
    (_tensor([3], float_data=[1.0, 2.0]), "float_data has 2 values"),
    (_tensor([2], TensorProto.INT64, float_data=[1.0, 2.0]), "float_data cannot hold int64"),
    (_tensor([2], int32_data=[1, 2], float_data=[1.0, 2.0]), "both"),
    (_tensor([2], raw_data=b"\0" * 8, float_data=[1.0, 2.0]), "both raw_data and float_data"),
    (_tensor([2], TensorProto.UINT8, int32_data=[1, 300]), "out of range for uint8"),
    (_tensor([2], TensorProto.UINT32, uint64_data=[1, 2**40]), "out of range for uint32"),
    (_tensor([5]), "no data"),
    (_tensor([1], 0, raw_data=b"\0"), "data_type is not set"),
    (_tensor([1], 99, raw_data=b"\0"), "unknown data_type 99"),
    (_tensor([1], TensorProto.STRING, raw_data=b"\0"), "string tensors cannot use raw_data"),
    (_tensor([1], data_location=TensorProto.EXTERNAL, raw_data=b"\0" * 4), "external"),
    (_tensor([1], segment=TensorProto.Segment(begin=0, end=1)), "segment"),
])
def test_inconsistent_tensors_name_the_tensor(tensor, message):
    with pytest.raises(vc.dnn.ModelError, match=message) as e:
        vc.dnn.read_model(_with_tensor(tensor))
    assert "tensor 'bad'" in str(e.value)


def test_attribute_tensor_errors_name_the_node():
    bad = _tensor([2, 3], raw_data=b"\0" * 4, name="cv")
    node = helper.make_node("Constant", [], ["k"], name="const1", value=bad)
    with pytest.raises(vc.dnn.ModelError) as e:
        vc.dnn.read_model(_small_model(extra_nodes=[node]).SerializeToString())
    msg = str(e.value)
    assert "graph 'main'" in msg and "node 2 'const1' (Constant)" in msg
    assert "attribute 'value'" in msg and "tensor 'cv'" in msg


def test_sparse_tensors_are_rejected_clearly():
    sp = helper.make_sparse_tensor(helper.make_tensor("v", TensorProto.FLOAT, [1], [1.0]),
                                   helper.make_tensor("i", TensorProto.INT64, [1], [0]), [4])
    m = _small_model()
    m.graph.sparse_initializer.append(sp)
    with pytest.raises(vc.dnn.ModelError, match="sparse"):
        vc.dnn.read_model(m.SerializeToString())
    node = helper.make_node("Constant", [], ["k"], sparse_value=sp)
    with pytest.raises(vc.dnn.ModelError, match="sparse"):
        vc.dnn.read_model(_small_model(extra_nodes=[node]).SerializeToString())


def _nested_if(depth: int) -> onnx.ModelProto:
    out = helper.make_tensor_value_info("o", TensorProto.FLOAT, [1])
    g = helper.make_graph([helper.make_node("Constant", [], ["o"],
                                            value=helper.make_tensor("c", 1, [1], [1.0]))],
                          "leaf", [], [out])
    for i in range(depth):
        g = helper.make_graph([helper.make_node("If", ["cond"], ["o"], then_branch=g, else_branch=g)
                               if i < 2 else
                               helper.make_node("If", ["cond"], ["o"], then_branch=g,
                                                else_branch=helper.make_graph([], "e", [], [out]))],
                              f"g{i}", [], [out])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
    return m


def _nested_bytes(levels: int) -> bytes:
    """graph{node If{attribute then_branch{graph{...}}}} nested `levels` deep."""
    g = _fld(2, b"leaf")
    for i in range(levels):
        attr = _fld(1, b"then_branch") + _varint_field(20, 5) + _fld(6, g)
        node = _fld(4, b"If") + _fld(3, b"if%d" % i) + _fld(5, attr)
        g = _fld(1, node) + _fld(2, b"g%d" % i)
    return _varint_field(1, 8) + _fld(7, g) + _fld(8, _varint_field(2, 17))


def test_nesting_depth_is_limited():
    info = vc.dnn.read_model(_nested_if(10).SerializeToString())
    assert info.nodes[0].attributes["then_branch"].nodes[0].op_type == "If"
    vc.dnn.read_model(_nested_bytes(31))  # 32 graphs including the main one
    with pytest.raises(vc.dnn.ModelError, match="nested more than 32"):
        vc.dnn.read_model(_nested_bytes(32))


def test_very_deep_nesting_is_bounded():
    # 10,000 levels of If: the depth check fires early, no stack overflow.
    with pytest.raises(vc.dnn.ModelError, match="nested"):
        vc.dnn.read_model(_nested_bytes(10000))


# --- wire format ---------------------------------------------------------------

def _varint(v: int) -> bytes:
    out = bytearray()
    v &= (1 << 64) - 1
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _fld(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _varint_field(number: int, v: int) -> bytes:
    return _varint(number << 3) + _varint(v)


GOOD_TAIL = _fld(7, _fld(2, b"g")) + _fld(8, _varint_field(2, 17))


@pytest.mark.parametrize("prefix,message", [
    (b"\x08" + b"\xff" * 10 + b"\x01", "varint"),          # 11-byte varint
    (b"\x08" + b"\xff" * 9 + b"\x02", "overflows 64 bits"),
    (b"\x0b", "groups"),                                    # field 1, wire type 3
    (b"\x0c", "groups"),                                    # wire type 4
    (b"\x0e", "invalid wire type 6"),
    (b"\x0f", "invalid wire type 7"),
    (b"\x00\x01", "invalid field number 0"),
    (b"\x3a\xff\xff\xff\xff\x0f", "exceeds"),               # graph with a 4 GiB length
    (b"\x0a\x01x", "wire type length-delimited; expected varint"),  # ir_version as bytes
])
def test_wire_format_errors(prefix, message):
    with pytest.raises(vc.dnn.ModelError, match=message):
        vc.dnn.read_model(prefix + GOOD_TAIL)


def test_unknown_fields_of_every_wire_type_are_skipped():
    unknown = (_varint_field(99, 5) + _varint(98 << 3 | 1) + b"\0" * 8 + _fld(97, b"xyz")
               + _varint(96 << 3 | 5) + b"\0" * 4)
    data = _varint_field(1, 8) + unknown + GOOD_TAIL
    info = vc.dnn.read_model(data)
    assert info.ir_version == 8 and info.graph_name == "g" and info.opsets == {"": 17}


def test_unpacked_and_packed_repeated_fields_agree():
    # dims and int64_data written unpacked (one tag per value) decode like packed.
    t = (_varint_field(1, 2) + _varint_field(1, 2) + _varint_field(2, 7)
         + _varint_field(7, 1) + _varint_field(7, 2) + _varint_field(7, 3)
         + _varint_field(7, (1 << 64) - 1) + _fld(8, b"u"))
    graph = _fld(2, b"g") + _fld(5, t)
    data = _varint_field(1, 8) + _fld(7, graph) + _fld(8, _varint_field(2, 17))
    info = vc.dnn.read_model(data)
    np.testing.assert_array_equal(info.initializer("u"), [[1, 2], [3, -1]])


def test_missing_graph_or_opset_is_rejected():
    with pytest.raises(vc.dnn.ModelError, match="no graph"):
        vc.dnn.read_model(_varint_field(1, 8) + _fld(8, _varint_field(2, 17)))
    with pytest.raises(vc.dnn.ModelError, match="no opset_import"):
        vc.dnn.read_model(_varint_field(1, 8) + _fld(7, _fld(2, b"g")))


@pytest.mark.parametrize("elem_type", [
    TensorProto.INT4, TensorProto.UINT4, TensorProto.FLOAT16, TensorProto.BFLOAT16,
    TensorProto.FLOAT8E4M3FN, TensorProto.FLOAT8E5M2, TensorProto.INT8, TensorProto.BOOL,
], ids=lambda t: TensorProto.DataType.Name(t))
def test_typed_and_raw_forms_decode_to_the_same_bytes(elem_type):
    vals = [1, 0, 3, 1, 2] if elem_type in (TensorProto.UINT4, TensorProto.BOOL) else [1, -2, 3, -4, 5]
    typed = helper.make_tensor("q", elem_type, [5], vals, raw=False)
    assert not typed.HasField("raw_data")
    raw = TensorProto()
    raw.CopyFrom(typed)
    del raw.int32_data[:]
    arr = numpy_helper.to_array(typed)
    raw.raw_data = numpy_helper.from_array(arr).raw_data
    a = _read_bytes(_small_model(extra_inits=[typed])).initializer("q")
    b = _read_bytes(_small_model(extra_inits=[raw])).initializer("q")
    assert a.dtype == b.dtype
    np.testing.assert_array_equal(a, b)
    if elem_type in (TensorProto.INT8, TensorProto.BOOL, TensorProto.FLOAT16):
        np.testing.assert_array_equal(a, arr)


def test_huge_declared_tensors_allocate_nothing():
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for t in (_tensor([2**31], raw_data=b"\0" * 4),                       # 8 GiB declared
              _tensor([2**31], TensorProto.INT64, int64_data=[1, 2, 3]),  # 16 GiB declared
              _tensor([2**30], TensorProto.STRING, string_data=[b"a"])):
        with pytest.raises(vc.dnn.ModelError, match="tensor 'bad'"):
            vc.dnn.read_model(_with_tensor(t))
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 64 * 1024
