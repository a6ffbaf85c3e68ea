"""Generate python/visioncore/_core.pyi from the built extension.

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
STUB = ROOT / "python" / "visioncore" / "_core.pyi"
# Parameters that carry image or buffer arrays.
ARRAY_PARAMS = ("img", "raw", "buffer", "src", "hsv", "mask", "kernel", "map_x", "map_y")


def generate() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pybind11_stubgen", "visioncore._core", "-o", tmp],
            check=True, capture_output=True, text=True,
        )
        text = (pathlib.Path(tmp) / "visioncore" / "_core.pyi").read_text()
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
    text = generate()
    if args.check:
        if STUB.read_text() != text:
            print(f"{STUB.relative_to(ROOT)} is out of date: run tools/gen_stubs.py", file=sys.stderr)
            return 1
        return 0
    STUB.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
