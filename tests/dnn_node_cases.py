"""The ONNX backend node test cases, cached on disk, for vc.dnn.

The ``onnx`` wheel defines its backend node tests in Python
(``onnx.backend.test.case.node``): each case builds a one-node model and
numpy inputs and expected outputs, and the function-expanded variants
(``*_expanded``) replace the node by the body of its ONNX function. The
wheel carries no data files, so building the 1900-odd cases costs a few
seconds of CPU; this module does it once per onnx version and caches the
result::

    <cache>/onnx-node-<onnx version>/
        index.json                  one entry per case (see :class:`NodeCase`)
        <case name>/model.onnx
        <case name>/data.npz        input_0.., output_0.. (when numpy can hold them)

``<cache>`` is ``$VISIONCORE_TEST_CACHE`` or ``~/.cache/visioncore``. The
folder is written under a temporary name and renamed into place, so a
reader never sees half a cache and concurrent writers do not clash.
Generation seeds numpy's global generator (several cases draw random
inputs from it) so that the cache is the same on every machine.

Besides loading, the module holds what the node tests and the report tool
share: the operators in scope, the automatic skip reasons computed from a
case's model, and :func:`run_case`, which runs a case with vc.dnn and lists
every mismatch with the expected outputs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import os
import re
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

# Bump when the layout or the index fields change: an older cache is rebuilt.
CACHE_FORMAT = 1

# The operators of the list. A case is in scope when its operator is
# here or in vc.dnn.supported_ops() (engineers add operators in parallel).
SCOPE_OPS = frozenset((
    "Conv", "ConvTranspose", "BatchNormalization", "Relu", "LeakyRelu", "PRelu", "Clip",
    "Sigmoid", "Tanh", "HardSigmoid", "HardSwish", "Mish", "Erf", "Add", "Sub", "Mul", "Div",
    "Pow", "Sqrt", "Exp", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "Gemm",
    "MatMul", "Flatten", "Reshape", "Transpose", "Concat", "Split", "Slice", "Squeeze",
    "Unsqueeze", "Pad", "Resize", "Upsample", "Softmax", "LogSoftmax", "ReduceMean", "ReduceMax",
    "ArgMax", "Shape", "Gather", "Constant", "ConstantOfShape", "Identity", "Dropout", "Cast",
))

# Element types vc.dnn.Net may exchange with the caller. Anything else is
# skipped automatically, with the dtype named.
RUNNABLE_DTYPES = ("float32", "int64")

# Newest default-domain opset the engine has been checked against. Cases
# built for a newer opset are skipped automatically ("opset N > 28"); some
# onnx 1.23 cases (ReduceLogSum) declare opset 28.
MAX_OPSET = 28

# The node test runner's default tolerances (onnx.backend.test.case.node.expect
# gives every node case rtol=1e-3, atol=1e-7, and the runner compares floats
# with numpy.testing.assert_allclose(out, ref, rtol, atol)). Each case carries
# its own values in the index in case onnx changes them per case.
DEFAULT_RTOL = 1e-3
DEFAULT_ATOL = 1e-7

_EXPANDED = re.compile(r"_expanded(_ver\d+)?$")


@dataclasses.dataclass(frozen=True)
class NodeCase:
    """One cached node test case (an entry of index.json).

    ``op`` is the operator under test: the node's op_type, or for an
    ``*_expanded`` case the op_type of the case it expands. ``graph_ops``
    lists every operator the model uses (``domain.Op`` outside the default
    domain), function bodies and subgraphs included. ``inputs`` and
    ``outputs`` are (name, type) pairs, type being a numpy-style dtype name
    such as ``"float32"`` or a non-tensor kind (``"sequence"``, ...).
    ``data_note`` is empty when the data is cached, else why it is not.
    """

    name: str
    op: str
    domain: str
    opset: int | None
    graph_ops: tuple[str, ...]
    inputs: tuple[tuple[str, str], ...]
    outputs: tuple[tuple[str, str], ...]
    rtol: float
    atol: float
    data_note: str
    folder: str

    @property
    def expanded(self) -> bool:
        return bool(_EXPANDED.search(self.name))

    def model_bytes(self) -> bytes:
        return (Path(self.folder) / "model.onnx").read_bytes()

    def data(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """(inputs, expected outputs) in graph order."""
        if self.data_note:
            raise ValueError(f"{self.name}: data not cached: {self.data_note}")
        with np.load(Path(self.folder) / "data.npz", allow_pickle=False) as z:
            ins = [z[f"input_{i}"] for i in range(len(self.inputs))]
            outs = [z[f"output_{i}"] for i in range(len(self.outputs))]
        return ins, outs


# ---------------------------------------------------------------- generation

def cache_root() -> Path:
    env = os.environ.get("VISIONCORE_TEST_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "visioncore"


def cache_dir() -> Path:
    import onnx
    return cache_root() / f"onnx-node-{onnx.__version__}"


_DTYPE_NAMES = {
    "FLOAT": "float32", "DOUBLE": "float64", "FLOAT16": "float16", "BFLOAT16": "bfloat16",
    "INT8": "int8", "INT16": "int16", "INT32": "int32", "INT64": "int64", "UINT8": "uint8",
    "UINT16": "uint16", "UINT32": "uint32", "UINT64": "uint64", "BOOL": "bool",
    "STRING": "string", "COMPLEX64": "complex64", "COMPLEX128": "complex128",
}


def _type_name(type_proto: Any) -> str:
    from onnx import TensorProto
    kind = type_proto.WhichOneof("value")
    if kind != "tensor_type":
        return {"sequence_type": "sequence", "map_type": "map", "optional_type": "optional",
                "sparse_tensor_type": "sparse_tensor"}.get(kind, str(kind))
    raw = TensorProto.DataType.Name(type_proto.tensor_type.elem_type)
    return _DTYPE_NAMES.get(raw, raw.lower())


def _graph_ops(model: Any) -> list[str]:
    from onnx import AttributeProto
    ops: set[str] = set()

    def walk(nodes: Any) -> None:
        for n in nodes:
            ops.add(n.op_type if n.domain in ("", "ai.onnx") else f"{n.domain}.{n.op_type}")
            for a in n.attribute:
                if a.type == AttributeProto.GRAPH:
                    walk(a.g.node)
                elif a.type == AttributeProto.GRAPHS:
                    for g in a.graphs:
                        walk(g.node)

    walk(model.graph.node)
    for f in model.functions:
        walk(f.node)
    return sorted(ops)


def _storable(value: Any) -> tuple[np.ndarray | None, str]:
    """The value as a plain numpy array that np.save writes without pickle,
    or (None, why not)."""
    if isinstance(value, np.generic):
        value = np.asarray(value)
    if not isinstance(value, np.ndarray):
        return None, f"a {type(value).__name__} value"
    if value.dtype.isbuiltin != 1 or value.dtype.kind not in "biufc":
        return None, f"dtype {value.dtype} has no plain numpy form"
    return value, ""


def _collect() -> list[Any]:
    # The case modules draw from numpy's global generator, warn about
    # deliberate overflows and NaNs, and register themselves once per process.
    import onnx.backend.test.case.node as node_cases
    state = np.random.get_state()
    try:
        np.random.seed(0)
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return list(node_cases.collect_testcases())
    finally:
        np.random.set_state(state)


def _write_case(folder: Path, case: Any) -> dict[str, Any]:
    model = case.model
    folder.mkdir()
    (folder / "model.onnx").write_bytes(model.SerializeToString())
    ins, outs = case.data_sets[0]
    arrays: dict[str, np.ndarray] = {}
    note = ""
    for prefix, values in (("input", ins), ("output", outs)):
        for i, v in enumerate(values):
            a, why = _storable(v)
            if a is None:
                note = note or f"{prefix} {i} is {why}"
            else:
                arrays[f"{prefix}_{i}"] = a
    if not note:
        np.savez(folder / "data.npz", **arrays)
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), None)
    node = model.graph.node[0]
    return {
        "name": case.name, "op": node.op_type, "domain": node.domain, "opset": opset,
        "graph_ops": _graph_ops(model),
        "inputs": [[v.name, _type_name(v.type)] for v in model.graph.input],
        "outputs": [[v.name, _type_name(v.type)] for v in model.graph.output],
        "rtol": float(case.rtol), "atol": float(case.atol), "data_note": note,
    }


def _generate(target: Path) -> None:
    import onnx
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=target.name + ".tmp-", dir=target.parent))
    try:
        entries = [_write_case(tmp / c.name, c) for c in _collect()]
        # an expanded case tests the operator of the case it expands
        by_name = {e["name"]: e for e in entries}
        for e in entries:
            m = _EXPANDED.search(e["name"])
            base = by_name.get(e["name"][:m.start()]) if m else None
            if base is not None:
                e["op"], e["domain"] = base["op"], base["domain"]
        index = {"format": CACHE_FORMAT, "onnx": onnx.__version__, "cases": entries}
        (tmp / "index.json").write_text(json.dumps(index, indent=0))
        try:
            os.rename(tmp, target)
        except OSError:
            if not _valid(target):  # not a concurrent writer's finished cache
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _valid(folder: Path) -> bool:
    import onnx
    try:
        index = json.loads((folder / "index.json").read_text())
    except (OSError, ValueError):
        return False
    return index.get("format") == CACHE_FORMAT and index.get("onnx") == onnx.__version__


def ensure_cache() -> Path:
    """The cache folder for the installed onnx, generated when missing or
    stale (an older format is moved aside and removed)."""
    target = cache_dir()
    if not _valid(target):
        if target.exists():
            stale = target.with_name(f"{target.name}.stale-{os.getpid()}")
            with contextlib.suppress(OSError):
                os.rename(target, stale)
                shutil.rmtree(stale, ignore_errors=True)
        _generate(target)
    return target


@functools.cache
def load_cases() -> tuple[NodeCase, ...]:
    """Every node case of the installed onnx, sorted by name."""
    folder = ensure_cache()
    index = json.loads((folder / "index.json").read_text())
    cases = []
    for e in index["cases"]:
        cases.append(NodeCase(
            name=e["name"], op=e["op"], domain=e["domain"], opset=e["opset"],
            graph_ops=tuple(e["graph_ops"]),
            inputs=tuple((n, t) for n, t in e["inputs"]),
            outputs=tuple((n, t) for n, t in e["outputs"]),
            rtol=e["rtol"], atol=e["atol"], data_note=e["data_note"],
            folder=str(folder / e["name"])))
    return tuple(sorted(cases, key=lambda c: c.name))


# ---------------------------------------------------------------- scope and automatic reasons

def scope_ops() -> frozenset[str]:
    import visioncore as vc
    return SCOPE_OPS | frozenset(vc.dnn.supported_ops())


def in_scope_cases() -> list[NodeCase]:
    ops = scope_ops()
    return [c for c in load_cases() if c.domain in ("", "ai.onnx") and c.op in ops]


def auto_skip_reason(case: NodeCase, supported: frozenset[str] | None = None) -> str | None:
    """Why the case cannot run on vc.dnn, read from its model alone, or None.

    The reasons are stable texts (the report groups by them): a graph input
    or output whose type is not float32/int64, operators missing from
    vc.dnn.supported_ops() (all of them named), an opset newer than
    MAX_OPSET, and reference data numpy cannot hold.
    """
    if supported is None:
        import visioncore as vc
        supported = frozenset(vc.dnn.supported_ops())
    for role, values in (("input", case.inputs), ("output", case.outputs)):
        for _, t in values:
            if t not in RUNNABLE_DTYPES:
                return f"{role} dtype {t} is not float32/int64"
    missing = [op for op in case.graph_ops if op not in supported]
    if missing:
        return f"operator{'s' if len(missing) > 1 else ''} {', '.join(missing)} " \
               f"{'are' if len(missing) > 1 else 'is'} not supported"
    if case.opset is not None and case.opset > MAX_OPSET:
        return f"opset {case.opset} > {MAX_OPSET}"
    if case.data_note:
        return f"reference data not representable in numpy: {case.data_note}"
    return None


# ---------------------------------------------------------------- running

def compare_outputs(case: NodeCase, got: dict[str, np.ndarray],
                    want: list[np.ndarray]) -> list[str]:
    """Mismatches of ``got`` (by output name) with the expected outputs, the
    way onnx's backend runner checks them: shapes and dtypes exact, floats
    with assert_allclose(rtol, atol) of the case, integers and bools exact."""
    problems = []
    names = [n for n, _ in case.outputs]
    if sorted(got) != sorted(names):
        return [f"outputs {sorted(got)}; expected {sorted(names)}"]
    for name, ref in zip(names, want):
        out = got[name]
        if out.dtype != ref.dtype:
            problems.append(f"output {name!r}: dtype {out.dtype}; expected {ref.dtype}")
            continue
        if out.shape != ref.shape:
            problems.append(f"output {name!r}: shape {out.shape}; expected {ref.shape}")
            continue
        try:
            if ref.dtype.kind == "f":
                np.testing.assert_allclose(out, ref, rtol=case.rtol, atol=case.atol)
            else:
                np.testing.assert_array_equal(out, ref)
        except AssertionError as e:
            problems.append(f"output {name!r}: {str(e).strip()}")
    return problems


def with_constant_inputs(case: NodeCase) -> tuple[bytes, dict[str, np.ndarray]]:
    """The case's model with its inputs turned into initializers, all but the
    first float32 one (the "data" input), and the feeds left to give.

    The node cases feed weights, biases, bounds, indices and shapes as graph
    inputs; models in the wild store them as initializers, and vc.dnn needs
    them as constants. This variant checks the operator's semantics on such
    cases while the run-time-input form stays listed as skipped.
    """
    import onnx
    from onnx import numpy_helper
    ins, _ = case.data()
    model = onnx.load_from_string(case.model_bytes())
    first = next((i for i, (_, t) in enumerate(case.inputs) if t == "float32"), None)
    graph = model.graph
    kept = [graph.input[first]] if first is not None else []
    graph.initializer.extend(numpy_helper.from_array(a, name)
                             for i, ((name, _), a) in enumerate(zip(case.inputs, ins))
                             if i != first)
    del graph.input[:]
    graph.input.extend(kept)
    feeds = {case.inputs[first][0]: ins[first]} if first is not None else {}
    return model.SerializeToString(), feeds


def run_case(case: NodeCase, threads: tuple[int, ...] = (1, 2),
             const_inputs: bool = False) -> list[str]:
    """Loads and runs the case with vc.dnn at each thread count; returns the
    problems found (empty: passed). An exception from vc.dnn is a problem,
    reported with its type and message. Thread counts must agree within
    1e-6 relative of the largest magnitude. ``const_inputs`` runs the
    :func:`with_constant_inputs` variant."""
    import visioncore as vc
    ins, want = case.data()
    if const_inputs:
        model, feeds = with_constant_inputs(case)
    else:
        model = case.model_bytes()
        feeds = {name: a for (name, _), a in zip(case.inputs, ins)}
    results = []
    for t in threads:
        try:
            net = vc.dnn.Net.load(model, num_threads=t)
            got = net.run(feeds)
        except Exception as e:  # noqa: BLE001 - any failure is reported, not raised
            return [f"num_threads={t}: {type(e).__name__}: {e}"]
        problems = compare_outputs(case, got, want)
        if problems:
            return [f"num_threads={t}: {p}" for p in problems]
        results.append(got)
    for name in results[0]:
        a, b = results[0][name], results[-1][name]
        if a.dtype.kind == "f":
            scale = max(float(np.nanmax(np.abs(a), initial=0.0)), 1e-30)
            close = np.allclose(a, b, rtol=0, atol=1e-6 * scale, equal_nan=True)
        else:
            close = np.array_equal(a, b)
        if not close:
            return [f"output {name!r}: num_threads={threads[0]} and {threads[-1]} disagree"]
    return []


def iter_ops(cases: list[NodeCase]) -> Iterator[tuple[str, list[NodeCase]]]:
    """Cases grouped by operator, operators sorted."""
    by_op: dict[str, list[NodeCase]] = {}
    for c in cases:
        by_op.setdefault(c.op, []).append(c)
    for op in sorted(by_op):
        yield op, by_op[op]
