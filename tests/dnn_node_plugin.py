"""Pytest plugin for the ONNX node tests: a per-operator summary at the end.

Registered by ``pytest_plugins`` in test_dnn_node.py (tests/conftest.py is
shared). Tests tag themselves with ``record_property("onnx_op", op)`` (and
``"onnx_variant"`` for derived runs); this plugin counts their outcomes and
prints one line per operator: cases, passed, skipped, failed.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

_OUTCOMES = ("passed", "skipped", "failed")
_counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(_OUTCOMES, 0))


def pytest_runtest_logreport(report: Any) -> None:
    props = dict(report.user_properties)
    op = props.get("onnx_op")
    if op is None:
        return
    # one outcome per test: the call phase, or setup / teardown when they fail
    if report.when == "call" or report.outcome == "failed":
        outcome = report.outcome if report.outcome in _OUTCOMES else "failed"
        _counts[(op, props.get("onnx_variant", ""))][outcome] += 1


def summary_lines() -> list[str]:
    lines = []
    ops = sorted({op for op, _ in _counts})
    width = max((len(op) for op in ops), default=0)
    for op in ops:
        parts = []
        for (o, variant), c in sorted(_counts.items()):
            if o != op:
                continue
            label = f"{variant}: " if variant else ""
            n = sum(c.values())
            parts.append(f"{label}{n} case{'s' if n != 1 else ''}, {c['passed']} passed, "
                         f"{c['skipped']} skipped, {c['failed']} failed")
        lines.append(f"{op:<{width}}  " + "; ".join(parts))
    total = dict.fromkeys(_OUTCOMES, 0)
    for c in _counts.values():
        for k in _OUTCOMES:
            total[k] += c[k]
    if lines:
        lines.append(f"{'total':<{width}}  {sum(total.values())} runs, {total['passed']} passed, "
                     f"{total['skipped']} skipped, {total['failed']} failed")
    return lines


def pytest_terminal_summary(terminalreporter: Any) -> None:
    lines = summary_lines()
    if not lines:
        return
    terminalreporter.write_sep("-", "ONNX backend node cases per operator")
    for line in lines:
        terminalreporter.write_line(line)
