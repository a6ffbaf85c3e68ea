"""CNN inference from ONNX models: ``vc.dnn``.

This part reads models. ``read_model`` decodes an ONNX file (or its bytes)
with visioncore's own protobuf reader (no protobuf or onnx package needed)
and returns a light summary: opsets, producer, graph inputs and outputs with
their shapes, initializers, and nodes with their attributes as Python values.
The same C++ reader is the foundation ``vc.dnn.Net.load`` builds on: Net.load
decodes the model with it, then builds the graph, infers shapes and plans the
run.

Model files are treated as untrusted: anything malformed, inconsistent or
unsafe raises :class:`ModelError` (a ``ValueError``) naming the element and
the problem, e.g. ``graph 'main' > node 3 'conv1' (Conv) > attribute 'value'
> tensor 'w': raw_data has 12 bytes; dims [2, 3] of float32 need 24``.
External data files must lie inside the model's folder (no absolute paths,
no ``..``, no symlinks that lead outside); a model given as bytes may not use
external data.
"""

from __future__ import annotations

import dataclasses
import os
from typing import Any, Union

import numpy as np

from ._core import dnn as _dnn

# Private kernel entry points (packed GEMM, convolution) for tests and benchmarks.
from ._core.dnn import ModelError, _conv2d, _conv2d_path, _Conv2dKernel, _gemm  # noqa: F401
from ._dnn_blob import blob_from_image

__all__ = ["GraphInfo", "ModelError", "ModelInfo", "Net", "NodeInfo", "NodeProfile", "TensorInfo",
           "ValueInfo", "blob_from_image", "read_model", "supported_ops"]

Shape = Union[tuple[Union[int, str, None], ...], None]


@dataclasses.dataclass(frozen=True)
class ValueInfo:
    """A graph input, output or intermediate value.

    ``dtype`` is a name like ``"float32"`` (None when the model does not say);
    ``shape`` is a tuple whose entries are ints (fixed sizes), strs (symbolic
    dims such as ``"batch"``) or None (unknown), or None when even the rank is
    unknown. ``kind`` is ``"tensor"`` for tensors (else ``"sequence"``,
    ``"map"``, ``"optional"``, ``"sparse_tensor"``, ``"opaque"`` or ``"none"``).
    """

    name: str
    dtype: str | None
    shape: Shape
    kind: str = "tensor"


@dataclasses.dataclass(frozen=True)
class TensorInfo:
    """An initializer: name, dtype name and shape (ints)."""

    name: str
    dtype: str
    shape: tuple[int, ...]


@dataclasses.dataclass(frozen=True)
class NodeInfo:
    """One node. ``attributes`` maps names to Python values: float, int, str,
    numpy arrays (TENSOR), :class:`GraphInfo` (GRAPH), lists of those, or a
    dict for TYPE_PROTO."""

    op_type: str
    name: str
    domain: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    attributes: dict[str, Any]


@dataclasses.dataclass(frozen=True)
class GraphInfo:
    """A (sub)graph: its values, initializers (with their arrays) and nodes."""

    name: str
    inputs: tuple[ValueInfo, ...]
    outputs: tuple[ValueInfo, ...]
    value_info: tuple[ValueInfo, ...]
    initializers: tuple[TensorInfo, ...]
    nodes: tuple[NodeInfo, ...]
    arrays: dict[str, np.ndarray]


@dataclasses.dataclass(frozen=True, eq=False)
class ModelInfo:
    """What :func:`read_model` returns. ``opsets`` maps domain to version
    (``""`` is the default ONNX domain). Initializer arrays are decoded on
    request with :meth:`initializer`."""

    ir_version: int
    opsets: dict[str, int]
    producer: str
    producer_version: str
    domain: str
    model_version: int
    doc_string: str
    metadata: dict[str, str]
    graph_name: str
    inputs: tuple[ValueInfo, ...]
    outputs: tuple[ValueInfo, ...]
    value_info: tuple[ValueInfo, ...]
    initializers: tuple[TensorInfo, ...]
    nodes: tuple[NodeInfo, ...]
    functions: tuple[dict[str, Any], ...]
    _model: Any = dataclasses.field(repr=False)

    def initializer(self, name: str) -> np.ndarray:
        """The main graph's initializer ``name`` as a new numpy array.

        Element types numpy lacks come back as their bit patterns: bfloat16
        as uint16, the 8-bit float types as uint8, and the packed 4-, 2- and
        6-bit types as their packed bytes (1-D uint8). STRING tensors are
        object arrays of bytes. Raises KeyError for an unknown name.
        """
        return self._model.initializer(name)


@dataclasses.dataclass(frozen=True)
class NodeProfile:
    """The measured time of one node a :class:`Net` runs (:meth:`Net.profile`).

    ``index`` is the node's position in the model's graph (ONNX node order),
    ``name`` its name (``""`` when the model gives none), ``op_type`` its
    ONNX operator; an activation fused into it (Conv + Relu) is part of its
    time and not listed. ``output_shape`` is the shape of its first output,
    ``time_us`` the median wall time in microseconds over ``runs`` runs.
    """

    index: int
    name: str
    op_type: str
    output_shape: tuple[int, ...]
    time_us: float
    runs: int


def _value(d: dict[str, Any]) -> ValueInfo:
    return ValueInfo(d["name"], d["dtype"], d["shape"], d["kind"])


def _attr(v: Any) -> Any:
    if isinstance(v, dict) and "nodes" in v:
        return _graph(v)
    if isinstance(v, list):
        return [_attr(x) for x in v]
    return v


def _nodes(nodes: list[dict[str, Any]]) -> tuple[NodeInfo, ...]:
    return tuple(
        NodeInfo(n["op_type"], n["name"], n["domain"], tuple(n["inputs"]), tuple(n["outputs"]),
                 {k: _attr(v) for k, v in n["attributes"].items()})
        for n in nodes)


def _inits(g: dict[str, Any]) -> tuple[TensorInfo, ...]:
    return tuple(TensorInfo(t["name"], t["dtype"], t["shape"]) for t in g["initializers"])


def _graph(g: dict[str, Any]) -> GraphInfo:
    return GraphInfo(g["name"], tuple(map(_value, g["inputs"])), tuple(map(_value, g["outputs"])),
                     tuple(map(_value, g["value_info"])), _inits(g), _nodes(g["nodes"]),
                     dict(g.get("arrays", {})))


def read_model(source: str | os.PathLike[str] | bytes | bytearray | memoryview) -> ModelInfo:
    """Reads an ONNX model and returns its summary.

    Args:
        source: a path to a ``.onnx`` file (external data is read from files
            inside the same folder), or the serialized model as bytes-like
            (which may not reference external data).

    Returns:
        ModelInfo: ir_version, opsets, producer, graph name, inputs and
        outputs (name, dtype, shape with symbolic dims as str), initializers
        (name, dtype, shape; arrays via ``ModelInfo.initializer(name)``),
        nodes (op_type, name, domain, inputs, outputs, attributes).

    Raises:
        ModelError: the model is malformed, inconsistent, unsafe (external
            data outside the model folder) or over a size limit.
        TypeError: ``source`` is neither a path nor bytes-like.

    Example:
        >>> info = vc.dnn.read_model("model.onnx")  # doctest: +SKIP
        >>> [n.op_type for n in info.nodes]  # doctest: +SKIP
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        model = _dnn._read_onnx_bytes(bytes(source))
    elif isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if not isinstance(path, str):
            raise TypeError("read_model: parameter 'source': expected str path or bytes; got bytes path")
        model = _dnn._read_onnx_file(path)
    else:
        raise TypeError("read_model: parameter 'source': expected a path (str or os.PathLike) or "
                        f"bytes-like; got {type(source).__name__}")
    s = model.summary()
    g = s["graph"]
    return ModelInfo(
        ir_version=s["ir_version"], opsets=dict(s["opsets"]), producer=s["producer_name"],
        producer_version=s["producer_version"], domain=s["domain"],
        model_version=s["model_version"], doc_string=s["doc_string"], metadata=dict(s["metadata"]),
        graph_name=g["name"], inputs=tuple(map(_value, g["inputs"])),
        outputs=tuple(map(_value, g["outputs"])), value_info=tuple(map(_value, g["value_info"])),
        initializers=_inits(g), nodes=_nodes(g["nodes"]), functions=tuple(s["functions"]),
        _model=model)


def supported_ops() -> list[str]:
    """The ONNX operators (default domain) :class:`Net` can run, sorted.

    Returns:
        list[str]: operator names such as ``"Conv"``, ``"Relu"``.

    Raises:
        Nothing.
    """
    return list(_dnn._supported_ops())


def _source_kind(source: Any, func: str) -> tuple[str, Any]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return "bytes", bytes(source)
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if isinstance(path, str):
            return "path", path
    raise TypeError(f"{func}: parameter 'source': expected a path (str or os.PathLike) or "
                    f"bytes-like; got {type(source).__name__}")


class Net:
    """A CNN loaded from an ONNX model, ready to run on the CPU.

    Load with :meth:`Net.load`. Loading validates every operator's attributes
    and weights (a bad model raises :class:`ModelError` naming the node and
    attribute; all unsupported operators are listed in one error), folds
    constants (including PyTorch's Shape/Gather/Concat/Reshape chains),
    folds BatchNormalization into Conv, fuses Relu/Clip into Conv/Gemm and
    removes dead nodes. The first run with a given input shape plans the
    memory (intermediates share one arena by liveness); later runs with that
    shape allocate only the returned arrays.

    ``inputs`` / ``outputs`` are tuples of :class:`ValueInfo`; symbolic dims
    (a dynamic batch ``"N"``) are strs, unknown dims None. Images are NCHW.
    Calls on one Net are serialised.

    Element types: inputs and outputs are float32 or int64 (``dtype`` says
    which; None for an output whose model does not declare it). int64
    inputs (Slice ``starts``, Reshape ``shape``, Gather ``indices``, Resize
    ``sizes`` ...) are plan-time values: their contents are used when
    planning, as if they were constants, and a run with different int64
    contents re-plans. Their output shapes are therefore not inferred at
    load: ``outputs`` then shows what the model declares. int64 outputs
    (ArgMax, Cast, Shape) come back as int64 arrays.
    """

    def __init__(self, _impl: Any) -> None:
        self._impl = _impl
        self.inputs: tuple[ValueInfo, ...] = tuple(
            ValueInfo(n, d, None if s is None else tuple(s)) for n, s, d in _impl.inputs())
        self.outputs: tuple[ValueInfo, ...] = tuple(
            ValueInfo(n, d, None if s is None else tuple(s)) for n, s, d in _impl.outputs())

    @property
    def plan_count(self) -> int:
        """Plans made since load. A run with the input shapes (and int64
        input contents) of the previous one reuses its plan and leaves this
        unchanged."""
        return int(self._impl.plan_count())

    @classmethod
    def load(cls, source: str | os.PathLike[str] | bytes | bytearray | memoryview,
             num_threads: int | None = None) -> Net:
        """Loads an ONNX model.

        Args:
            source: path to a ``.onnx`` file, or the serialized model bytes.
            num_threads: threads every run uses; None follows
                ``vc.set_num_threads`` at each run.

        Returns:
            Net: the loaded network.

        Raises:
            ModelError: the model is malformed, uses unsupported operators,
                or has invalid attributes or weights.
            TypeError: ``source`` or ``num_threads`` has the wrong type.
            ValueError: ``num_threads`` < 1.
        """
        func = "Net.load"
        if num_threads is None:
            threads = 0
        else:
            if isinstance(num_threads, bool) or not isinstance(num_threads, int):
                raise TypeError(f"{func}: parameter 'num_threads': expected int or None; "
                                f"got {type(num_threads).__name__}")
            if num_threads < 1 or num_threads > 1024:
                raise ValueError(f"{func}: parameter 'num_threads': expected 1..1024 or None; "
                                 f"got {num_threads}")
            threads = num_threads
        kind, value = _source_kind(source, func)
        if kind == "bytes":
            return cls(_dnn._Net.load_bytes(value, threads))
        return cls(_dnn._Net.load_file(value, threads))

    def run(self, feeds: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Runs the network.

        Args:
            feeds: one array per graph input, by input name: float32 for
                float32 inputs, int64 for int64 inputs (``inputs[i].dtype``).
                Shapes must match the inputs' fixed dims; symbolic dims are
                free.

        Returns:
            dict[str, numpy.ndarray]: the outputs by name (new float32 or
            int64 arrays, per output).

        Raises:
            TypeError: ``feeds`` is not a dict, or an array is not a numpy
                array of its input's dtype (the message names the input).
            ValueError: an unknown or missing input name, or a shape that does
                not fit the model.
        """
        func = "Net.run"
        if not isinstance(feeds, dict):
            raise TypeError(f"{func}: parameter 'feeds': expected dict of name -> array; "
                            f"got {type(feeds).__name__}")
        names = [v.name for v in self.inputs]
        for k in feeds:
            if k not in names:
                raise ValueError(f"{func}: parameter 'feeds': unknown input {k!r}; "
                                 f"the model's inputs are {names}")
        missing = [n for n in names if n not in feeds]
        if missing:
            raise ValueError(f"{func}: parameter 'feeds': missing inputs {missing}")
        outs = self._impl.run([feeds[n] for n in names])
        return {v.name: a for v, a in zip(self.outputs, outs)}

    def profile(self, feeds: dict[str, np.ndarray] | np.ndarray, repeat: int = 10) -> list[NodeProfile]:
        """Times every node the network runs for these inputs.

        Runs once to warm up (planning, caches), then ``repeat`` times with
        per-node timing on, and returns one :class:`NodeProfile` per executed
        node in execution order (nodes folded at plan time, such as shape
        chains, are not run and not listed). Times are wall times around each
        node's kernel, thread hand-offs included; their sum is close to a
        whole run's time. Profiling is off again afterwards, and is off for
        every other call: ordinary runs are not slowed by it.

        Args:
            feeds: as for :meth:`run`, or one array for a single-input network.
            repeat: timed runs (1..100000); each time is the median over them.

        Returns:
            list[NodeProfile]: index, name, op_type, output_shape, time_us, runs.

        Raises:
            TypeError: ``repeat`` is not an int, or bad ``feeds`` as for :meth:`run`.
            ValueError: ``repeat`` out of range, or bad ``feeds`` as for :meth:`run`.

        Example:
            >>> prof = net.profile(x, repeat=20)  # doctest: +SKIP
            >>> for p in sorted(prof, key=lambda p: -p.time_us)[:5]:  # doctest: +SKIP
            ...     print(p.op_type, p.name, p.output_shape, f"{p.time_us:.0f} us")
        """
        func = "Net.profile"
        if isinstance(repeat, bool) or not isinstance(repeat, int):
            raise TypeError(f"{func}: parameter 'repeat': expected int; got {type(repeat).__name__}")
        if repeat < 1 or repeat > 100000:
            raise ValueError(f"{func}: parameter 'repeat': expected 1..100000; got {repeat}")
        if isinstance(feeds, np.ndarray):
            if len(self.inputs) != 1:
                raise ValueError(f"{func}: parameter 'feeds': the model has {len(self.inputs)} "
                                 "inputs; pass a dict of name -> array")
            feeds = {self.inputs[0].name: feeds}
        self.run(feeds)  # checks the feeds, plans, warms up
        arrays = [feeds[v.name] for v in self.inputs]
        self._impl.set_profiling(True)
        try:
            for _ in range(repeat):
                self._impl.run(arrays)
            rows = self._impl.profile()
        finally:
            self._impl.set_profiling(False)
        return [NodeProfile(int(i), str(n), str(op), tuple(int(d) for d in shape), float(t), int(r))
                for i, n, op, shape, t, r in rows]

    def __call__(self, x: np.ndarray) -> np.ndarray | tuple[np.ndarray, ...]:
        """Runs a single-input network.

        Args:
            x: the input array (float32, or int64 for an int64 input).

        Returns:
            numpy.ndarray: the output (a tuple for several outputs).

        Raises:
            ValueError: the network has several inputs, or a bad shape.
            TypeError: ``x`` is not a numpy array of the input's dtype.
        """
        if len(self.inputs) != 1:
            raise ValueError(f"Net.__call__: the model has {len(self.inputs)} inputs; "
                             "use run({name: array})")
        outs = self._impl.run([x])
        return outs[0] if len(outs) == 1 else tuple(outs)

    def __repr__(self) -> str:
        return f"Net(inputs={list(self.inputs)}, outputs={list(self.outputs)})"
