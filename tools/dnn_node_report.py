"""ONNX backend node cases on vc.dnn: a per-operator Markdown table.

Runs every in-scope node case (tests/dnn_node_cases.py) with the same rules
as tests/test_dnn_node.py (its automatic skip reasons and SKIPS table) and
tabulates, per operator: cases, passed, skipped with their reasons, failed.
Cases skipped through SKIPS are run anyway: those that pass now are listed
so that their entries can go, and so are the failures with their first
problem.

    python tools/dnn_node_report.py                 # print the table
    python tools/dnn_node_report.py --write FILE    # and write it to FILE

From Python (benchmarks/make_results.py): put tools/ on sys.path, then
``from dnn_node_report import node_report_markdown``.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from collections import Counter
from pathlib import Path

_TESTS = Path(__file__).resolve().parents[1] / "tests"
if str(_TESTS) not in sys.path:
    sys.path.insert(0, str(_TESTS))

import dnn_node_cases as nc
import test_dnn_node as tn


@dataclasses.dataclass
class OpRow:
    op: str
    cases: int = 0
    passed: int = 0
    skipped: Counter = dataclasses.field(default_factory=Counter)  # reason -> count
    failed: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # case, problem
    constant_inputs_passed: int = 0
    stale_skips: list[str] = dataclasses.field(default_factory=list)


def node_report(threads: tuple[int, ...] = (1, 2)) -> list[OpRow]:
    """One row per in-scope operator, sorted by name."""
    rows = []
    for op, cases in nc.iter_ops(nc.in_scope_cases()):
        row = OpRow(op, cases=len(cases))
        for case in cases:
            reason, listed = tn.skip_reason(case)
            if reason is not None and not listed:
                row.skipped[reason] += 1
                continue
            problems = nc.run_case(case, threads)
            if listed:
                row.skipped[reason] += 1
                if not problems:
                    row.stale_skips.append(case.name)
                if reason in tn.CONSTANT_INPUT_REASONS:
                    if nc.run_case(case, threads, const_inputs=True):
                        row.failed.append((case.name + " (constant inputs)", "failed"))
                    else:
                        row.constant_inputs_passed += 1
            elif problems:
                row.failed.append((case.name, problems[0].splitlines()[0]))
            else:
                row.passed += 1
        rows.append(row)
    return rows


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


_DTYPE_REASON = re.compile(r"^(input|output) dtype (\S+) is not float32/int64$")


def _reasons_cell(skipped: Counter) -> str:
    """Skip reasons, most frequent first; the per-dtype reasons folded into
    one entry ("dtype not float32/int64: float16 16, int8 2")."""
    dtypes: Counter = Counter()
    others: Counter = Counter()
    for reason, n in skipped.items():
        m = _DTYPE_REASON.match(reason)
        if m:
            dtypes[m.group(2)] += n
        else:
            others[reason] += n
    items = sorted(others.items(), key=lambda kv: (-kv[1], kv[0]))
    if dtypes:
        by_count = sorted(dtypes.items(), key=lambda kv: (-kv[1], kv[0]))
        listed = ", ".join(f"{t} {n}" for t, n in by_count)
        items.append((f"dtype not float32/int64: {listed}", sum(dtypes.values())))
        items.sort(key=lambda kv: -kv[1])
    return "; ".join(f"{n}× {_cell(reason)}" for reason, n in items)


def node_report_markdown(threads: tuple[int, ...] = (1, 2)) -> str:
    """The Markdown section: a table per operator and the notes below it."""
    import onnx
    import visioncore as vc
    rows = node_report(threads)
    total = OpRow("total")
    for r in rows:
        total.cases += r.cases
        total.passed += r.passed
        total.skipped.update(r.skipped)
        total.failed += r.failed
        total.constant_inputs_passed += r.constant_inputs_passed
        total.stale_skips += r.stale_skips
    intro = (
        f"ONNX backend node cases (onnx {onnx.__version__}, visioncore {vc.__version__}, "
        f"threads {', '.join(map(str, threads))}): outputs compared like onnx's backend runner "
        "(floats: rtol 1e-3, atol 1e-7; shapes, dtypes and integers exact). "
        "\"Constant inputs\" counts listed cases that pass once their weights / indices / shapes "
        "are initializers.")
    out = [
        intro,
        "",
        "| Operator | Cases | Passed | Skipped | Failed | Constant inputs passed | Skip reasons |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in [*rows, total]:
        reasons = "" if r is total else _reasons_cell(r.skipped)
        name = f"**{r.op}**" if r is total else r.op
        out.append(f"| {name} | {r.cases} | {r.passed} | {sum(r.skipped.values())} | "
                   f"{len(r.failed)} | {r.constant_inputs_passed} | {reasons} |")
    if total.failed:
        out += ["", "Failed:", ""]
        out += [f"- `{name}`: {_cell(problem)}" for name, problem in total.failed]
    if total.stale_skips:
        out += ["", "Listed in SKIPS but passing now (remove the entries):", ""]
        out += [f"- `{name}`" for name in total.stale_skips]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", metavar="FILE", help="also write the Markdown to FILE")
    ap.add_argument("--threads", default="1,2",
                    help="comma-separated thread counts each case runs at (default 1,2)")
    args = ap.parse_args(argv)
    threads = tuple(int(t) for t in args.threads.split(","))
    md = node_report_markdown(threads)
    sys.stdout.write(md)
    if args.write:
        Path(args.write).write_text(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
