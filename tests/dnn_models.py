"""The PyTorch-exported test models, rebuilt without torch.

``tools/export_torch_models.py`` wrote graph-only files to tests/data/models:
float initializers with more than 64 elements carry no data, only a
``doc_string`` recipe ``seeded:<seed>:<mean>:<std>``. ``load(name)`` fills
them with ``numpy.random.default_rng(seed).normal(mean, std, size)`` as
float32 (with the onnx package; ``visioncore.models`` does the same on the
wire format, for the CLI) and returns the serialized model.
"""

from __future__ import annotations

import functools
import pathlib

import numpy as np

DATA = pathlib.Path(__file__).parent / "data" / "models"
NAMES = ("resnet18", "mobilenetv2", "digit_cnn", "unet_small")
# name -> (input shape without the batch, output names)
SPECS = {
    "resnet18": ((3, 224, 224), ("logits",)),
    "mobilenetv2": ((3, 224, 224), ("logits",)),
    "digit_cnn": ((1, 28, 28), ("logits",)),
    "unet_small": ((3, 64, 64), ("mask", "classes")),
}


def path(name: str) -> pathlib.Path:
    return DATA / f"{name}.onnx"


def recipe(doc: str) -> tuple[int, float, float] | None:
    """(seed, mean, std) of a ``seeded:`` doc_string, else None."""
    if not doc.startswith("seeded:"):
        return None
    _, seed, mean, std = doc.split(":")
    return int(seed), float(mean), float(std)


def fill(model):
    """Fills the recipe initializers of an onnx ModelProto in place."""
    from onnx import TensorProto

    for t in model.graph.initializer:
        r = recipe(t.doc_string)
        if r is None:
            continue
        assert t.data_type == TensorProto.FLOAT and not t.raw_data and not t.float_data, t.name
        seed, mean, std = r
        n = int(np.prod(t.dims, dtype=np.int64))
        t.raw_data = np.random.default_rng(seed).normal(mean, std, n).astype("<f4").tobytes()
    return model


@functools.cache
def load(name: str) -> bytes:
    """The runnable model ``name`` as serialized ONNX bytes."""
    import onnx

    return fill(onnx.load(str(path(name)))).SerializeToString()


def op_counts(name: str) -> dict[str, int]:
    """op_type -> count of the graph-only file."""
    import collections

    import onnx

    return dict(collections.Counter(n.op_type for n in onnx.load(str(path(name))).graph.node))
