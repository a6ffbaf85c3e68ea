"""visioncore: a small, fast, embeddable machine-vision library.

Pixel operations are flat functions on numpy arrays (HxW or HxWxC, RGB order
unless a name says BGR)::

    import visioncore as vc
    gray = vc.rgb_to_gray(img)

The work runs in a C++17 core (SIMD kernels chosen at run time, one thread
pool, the GIL released); see ``vc.build_info()``.
"""

from __future__ import annotations

import atexit as _atexit
import contextlib as _contextlib
import importlib as _importlib
from typing import Iterator as _Iterator

from . import _core
# The flat pixel API and the runtime controls live in the C++ extension; every
# public name of _core is re-exported here (see _core/__init__.pyi for signatures).
from ._core import *  # noqa: F401,F403
from ._core import LimitExceeded, get_isa, get_num_threads, set_isa, set_num_threads
from . import draw
# `from ._core import *` bound `dnn` to the C++ submodule, and `from . import dnn`
# would keep that attribute; import the Python module dnn.py explicitly.
dnn = _importlib.import_module(".dnn", __name__)
from .io import imread, imwrite

__version__: str = _core.build_info()["version"]


@_contextlib.contextmanager
def num_threads(n: int) -> _Iterator[None]:
    """Temporarily use ``n`` threads: ``with vc.num_threads(1): ...``.

    The setting is process-wide; the previous count is restored on exit.
    """
    previous = get_num_threads()
    set_num_threads(n)
    try:
        yield
    finally:
        set_num_threads(previous)


@_contextlib.contextmanager
def isa(name: str) -> _Iterator[None]:
    """Temporarily force a SIMD level: ``with vc.isa("scalar"): ...``."""
    previous = get_isa()
    set_isa(name)
    try:
        yield
    finally:
        set_isa(previous)


# At interpreter exit, stop calls still running in daemon threads and wait for
# them to leave the library before finalization starts.
_atexit.register(_core._shutdown)

__all__ = sorted(
    [name for name in vars(_core) if not name.startswith("_")]
    + ["draw", "imread", "imwrite", "isa", "num_threads"]
)
