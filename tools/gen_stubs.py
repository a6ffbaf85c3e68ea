"""Generate the stubs of the built extension: python/visioncore/_core/__init__.pyi
and one .pyi per submodule (dnn.pyi). A stub package beside the extension
module is the PEP 561 form for an extension with submodules; at run time the
extension file wins over the directory, which holds no __init__.py.

pybind11-stubgen writes the first draft; this script then types the array
parameters (which the bindings take as plain objects so that they can give
precise error messages) as numpy arrays. Run after changing a binding:

    PYTHONPATH=<build>/pkg python tools/gen_stubs.py            # rewrite the stub
    PYTHONPATH=<build>/pkg python tools/gen_stubs.py --check    # exit 1 on drift
"""

from __future__ import annotations

import argparse
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
STUB_DIR = ROOT / "python" / "visioncore" / "_core"
# Parameters that carry image or buffer arrays.
ARRAY_PARAMS = ("img", "raw", "buffer", "src", "hsv", "mask", "kernel", "map_x", "map_y")


def generate() -> dict[str, str]:
    """File name -> stub text, for every file of the stub package."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pybind11_stubgen", "visioncore._core", "-o", tmp],
            check=True, capture_output=True, text=True,
        )
        out = pathlib.Path(tmp) / "visioncore" / "_core"
        return {f.name: _typed(f.read_text()) for f in sorted(out.glob("*.pyi"))}


def _typed(text: str) -> str:
    for name in ARRAY_PARAMS:
        text = re.sub(rf"\b{name}: typing\.Any\b", f"{name}: NDArray[typing.Any]", text)
    text = re.sub(r"\bout: typing\.Any = None", "out: NDArray[typing.Any] | None = None", text)
    text = re.sub(r"\) -> typing\.Any:", ") -> NDArray[typing.Any]:", text)
    text = text.replace("import typing\n", "import typing\n\nfrom numpy.typing import NDArray\n", 1)
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the committed stub differs")
    args = parser.parse_args()
    files = generate()
    if args.check:
        committed = {f.name: f.read_text() for f in sorted(STUB_DIR.glob("*.pyi"))}
        if committed != files:
            print(f"{STUB_DIR.relative_to(ROOT)} is out of date: run tools/gen_stubs.py",
                  file=sys.stderr)
            return 1
        return 0
    STUB_DIR.mkdir(exist_ok=True)
    for stale in set(f.name for f in STUB_DIR.glob("*.pyi")) - set(files):
        (STUB_DIR / stale).unlink()
    for name, text in files.items():
        (STUB_DIR / name).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
