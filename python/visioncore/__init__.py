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
from typing import Iterator as _Iterator

from . import _core
from ._core import (
    LimitExceeded,
    available_isas,
    bgr_to_gray,
    build_info,
    cpu_features,
    default_num_threads,
    get_isa,
    get_num_threads,
    reset_isa,
    rgb_to_gray,
    set_isa,
    set_num_threads,
)
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

__all__ = [
    "LimitExceeded",
    "available_isas",
    "bgr_to_gray",
    "build_info",
    "cpu_features",
    "default_num_threads",
    "get_isa",
    "get_num_threads",
    "imread",
    "imwrite",
    "isa",
    "num_threads",
    "reset_isa",
    "rgb_to_gray",
    "set_isa",
    "set_num_threads",
]
