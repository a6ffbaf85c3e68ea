"""The public API surface is a contract: names appear and disappear only on
purpose. Update tests/api_surface.txt (and the stub) when you add an op:

    python -c "import visioncore as vc; print('\\n'.join(vc.__all__))" > tests/api_surface.txt
    python tools/gen_stubs.py
"""

from __future__ import annotations

import importlib.util
import pathlib
import subprocess
import sys

import pytest

import visioncore as vc

HERE = pathlib.Path(__file__).parent
ROOT = HERE.parent


def test_public_names_match_snapshot():
    expected = (HERE / "api_surface.txt").read_text().split()
    assert sorted(vc.__all__) == sorted(expected)
    for name in expected:
        assert hasattr(vc, name), name


def test_package_ships_typing_files():
    pkg = pathlib.Path(vc.__file__).parent
    assert (pkg / "py.typed").exists()
    stub = pkg / "_core" / "__init__.pyi"
    assert stub.exists()
    text = stub.read_text()
    for name in vc.__all__:
        if hasattr(vc._core, name):
            declared = (f"def {name}(", f"class {name}(", f"\n{name}: ", f"from . import {name}\n")
            assert any(d in text for d in declared), name


@pytest.mark.skipif(importlib.util.find_spec("pybind11_stubgen") is None,
                    reason="pybind11-stubgen not installed")
@pytest.mark.skipif(not (ROOT / "tools" / "gen_stubs.py").exists(), reason="source tree only")
def test_stub_matches_the_built_module():
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_stubs.py"), "--check"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
