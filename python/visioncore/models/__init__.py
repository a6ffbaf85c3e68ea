"""Graph-only benchmark models shipped with visioncore (numpy only).

The package holds three ONNX models exported from PyTorch by
``tools/export_torch_models.py``: ``resnet18`` (3x224x224 -> 1000),
``mobilenetv2`` (3x224x224 -> 1000) and ``digit_cnn`` (a LeNet-5-style
1x28x28 -> 10 classifier), all with a dynamic batch axis ``N``. To keep the
wheel small they are stored *graph-only*: every float initializer with more
than 64 elements has no data and a ``doc_string`` recipe
``seeded:<seed>:<mean>:<std>``. :func:`load_bytes` returns the runnable model
with those tensors filled from ``numpy.random.default_rng(seed).normal(mean,
std, size)`` as float32: the same graph and weight scale as the exported
network, deterministic on every platform, good for timing and for comparing
engines, useless for classifying anything.

The filling edits the protobuf wire format directly (the model stays exactly
as exported otherwise), so neither onnx nor protobuf is needed.
"""

from __future__ import annotations

import os

import numpy as np

__all__ = ["NAMES", "fill_seeded", "load_bytes", "path"]

NAMES: tuple[str, ...] = ("resnet18", "mobilenetv2", "digit_cnn")

_HERE = os.path.dirname(os.path.abspath(__file__))
_RECIPE = b"seeded:"
# A recipe tensor larger than this is refused (a corrupt file, not a model).
_MAX_FILL = 1 << 28

# Field numbers of onnx.proto3 (ModelProto.graph, GraphProto.initializer,
# TensorProto.dims / data_type / raw_data / doc_string).
_MODEL_GRAPH, _GRAPH_INITIALIZER = 7, 5
_T_DIMS, _T_DATA_TYPE, _T_FLOAT_DATA, _T_RAW_DATA, _T_DOC = 1, 2, 4, 9, 12
_FLOAT = 1


def path(name: str) -> str:
    """The graph-only ``.onnx`` file of model ``name`` (one of :data:`NAMES`).

    Raises:
        ValueError: an unknown name.
    """
    if name not in NAMES:
        raise ValueError(f"visioncore.models: unknown model {name!r}; known: {', '.join(NAMES)}")
    return os.path.join(_HERE, f"{name}.onnx")


def load_bytes(name: str) -> bytes:
    """The runnable model ``name`` (serialized ONNX) with its weights filled.

    Raises:
        ValueError: an unknown name, or a malformed file.
    """
    with open(path(name), "rb") as f:
        return fill_seeded(f.read())


def fill_seeded(model: bytes) -> bytes:
    """Fills every ``seeded:<seed>:<mean>:<std>`` initializer of a serialized
    ONNX model; other bytes are copied unchanged.

    Raises:
        ValueError: malformed protobuf, or a recipe on a tensor that is not
            float32, already has data, or is too large.
    """
    return _rewrite(bytes(model), _MODEL_GRAPH,
                    lambda g: _rewrite(g, _GRAPH_INITIALIZER, _fill_tensor))


# ------------------------------------------------------------ wire format --

def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= len(buf) or shift > 63:
            raise ValueError("fill_seeded: malformed protobuf (truncated varint)")
        b = buf[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return value, pos


def _encode_varint(v: int) -> bytes:
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _iter_fields(buf: bytes) -> list[tuple[int, int, int, int, int]]:
    """(field number, wire type, start of the field, start of its value, end)
    for each field of one message."""
    pos = 0
    out = []
    while pos < len(buf):
        start = pos
        key, pos = _varint(buf, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            _, end = _varint(buf, pos)
            vstart = pos
        elif wire == 1:
            vstart, end = pos, pos + 8
        elif wire == 2:
            n, vstart = _varint(buf, pos)
            end = vstart + n
        elif wire == 5:
            vstart, end = pos, pos + 4
        else:
            raise ValueError(f"fill_seeded: malformed protobuf (wire type {wire})")
        if end > len(buf):
            raise ValueError("fill_seeded: malformed protobuf (field past the end)")
        out.append((field, wire, start, vstart, end))
        pos = end
    return out


def _len_field(field: int, payload: bytes) -> bytes:
    return _encode_varint(field << 3 | 2) + _encode_varint(len(payload)) + payload


def _rewrite(buf: bytes, field: int, fn) -> bytes:
    """``buf`` with every length-delimited ``field`` payload replaced by fn(payload)."""
    out = bytearray()
    for f, wire, start, vstart, end in _iter_fields(buf):
        if f == field and wire == 2:
            out += _len_field(f, fn(buf[vstart:end]))
        else:
            out += buf[start:end]
    return bytes(out)


def _fill_tensor(t: bytes) -> bytes:
    dims: list[int] = []
    dtype = 0
    doc = b""
    has_data = False
    for f, wire, _start, vstart, end in _iter_fields(t):
        if f == _T_DIMS and wire == 0:
            dims.append(_varint(t, vstart)[0])
        elif f == _T_DIMS and wire == 2:  # packed
            p = vstart
            while p < end:
                d, p = _varint(t, p)
                dims.append(d)
        elif f == _T_DATA_TYPE and wire == 0:
            dtype = _varint(t, vstart)[0]
        elif f == _T_DOC and wire == 2:
            doc = t[vstart:end]
        elif f in (_T_RAW_DATA, _T_FLOAT_DATA):
            has_data = True
    if not doc.startswith(_RECIPE):
        return t
    try:
        _, seed_s, mean_s, std_s = doc.decode("ascii").split(":")
        seed, mean, std = int(seed_s), float(mean_s), float(std_s)
    except (UnicodeDecodeError, ValueError):
        raise ValueError(f"fill_seeded: bad recipe {doc[:60]!r}") from None
    count = 1
    for d in dims:
        count *= d
    if dtype != _FLOAT or has_data or count > _MAX_FILL or seed < 0 or not std >= 0:
        raise ValueError(f"fill_seeded: recipe {doc.decode()!r} on a tensor of type {dtype}, "
                         f"dims {dims}{' with data' if has_data else ''}")
    data = np.random.default_rng(seed).normal(mean, std, count).astype("<f4")
    return t + _len_field(_T_RAW_DATA, data.tobytes())
