"""Runs every registry entry against OpenCV at 1 and 2 threads on 1920x1080
and 640x480 and writes benchmarks/RESULTS.md (and optionally the JSON report).

    python benchmarks/make_results.py [--quick] [--ops FILTER ...] [--json FILE]
    python benchmarks/make_results.py --from-json FILE      # re-render, no measuring

The measurements come from visioncore.bench, the same code as
``visioncore bench``.
"""

from __future__ import annotations

import argparse
import datetime
import math
import pathlib
import sys

import visioncore as vc
from visioncore import bench

SIZES = [(1920, 1080), (640, 480)]
THREADS = [1, 2]
HERE = pathlib.Path(__file__).resolve().parent


def _ms(v) -> str:
    return bench._fmt_ms(v)


def render(report: dict) -> str:
    m, v = report["machine"], report["versions"]
    b = vc.build_info()
    date = datetime.datetime.fromisoformat(report["date"]).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmark results: visioncore vs OpenCV",
        "",
        "Produced by `python benchmarks/make_results.py` (the same measurements as",
        "`visioncore bench`). ratio = OpenCV time / visioncore time: above 1 means",
        f"visioncore is faster. Median of {report['settings']['repeat']} timed loops per cell,",
        "outputs preallocated for both libraries, same thread count",
        "(`vc.set_num_threads(n)`, `cv2.setNumThreads(n)`).",
        "Absolute times drift on shared machines; compare ratios from one run.",
        "",
        "## Machine",
        "",
        "| item | value |",
        "|---|---|",
        f"| date | {date} |",
        f"| CPU | {m['cpu']} |",
        f"| cores | {m['usable_cpus']} usable of {m['logical_cpus']} logical |",
        f"| ISA | active {m['active_isa']}; available {' '.join(m['available_isas'])} |",
        f"| OS | {m['os']} ({m['arch']}) |",
        f"| load average (1 min) at start | {m.get('load_avg_1min', '-')} |",
        *(f"| copy bandwidth, 1 thread, {size} | {gbps:.1f} GB/s (read + write) |"
          for size, gbps in report.get("copy_bandwidth", {}).items()),
        f"| visioncore | {v['visioncore']} ({b['compiler']}) |",
        f"| OpenCV | {v['opencv'] or 'not installed: ' + str(report['opencv_missing'])} |",
        f"| numpy | {v['numpy']} |",
        f"| Python | {v['python']} |",
        "",
    ]
    results = report["results"]
    ratios: dict[int, list[float]] = {}
    for r in results:
        if r["ratio"] and not r["op"].startswith("call_overhead") and "different algorithm" \
                not in r["note"]:
            ratios.setdefault(r["threads"], []).append(r["ratio"])
    if ratios:
        lines += ["## Summary", "",
                  "Geometric mean of the ratios over the operations compared with an OpenCV",
                  "function that computes the same result (per-call overhead and different",
                  "algorithms excluded):", ""]
        lines += ["| threads | operations | geometric mean ratio | slowest ratio |",
                  "|---:|---:|---:|---:|"]
        for t in sorted(ratios):
            rs = ratios[t]
            gm = math.exp(sum(math.log(x) for x in rs) / len(rs))
            lines.append(f"| {t} | {len(rs)} | {gm:.2f} | {min(rs):.2f} |")
        lines.append("")
    if report.get("homography_quality"):
        lines += ["## Homography quality", "",
                  "ORB + brute-force matching + RANSAC on photographs warped by known",
                  "homographies (`benchmarks/homography_quality.py`): success = mean error",
                  "of the four image corners under 3 px.", ""]
        lines += report["homography_quality"] + [""]
    lines += ["## Ratios", "",
              "GB/s: bytes of input plus output images per visioncore call / its time",
              "(compare with the copy bandwidth above for memory-bound operations).", "",
              "| operation | image | threads | visioncore ms | OpenCV ms | ratio | GB/s | note |",
              "|---|---|---:|---:|---:|---:|---:|---|"]
    order = {op.id: i for i, op in enumerate(bench.REGISTRY)}
    results = sorted(results, key=lambda r: (order.get(r["id"], 1 << 30), -r["width"],
                                             r["threads"]))
    for r in results:
        ratio = "-" if r["ratio"] is None else f"{r['ratio']:.2f}"
        note = r["note"].replace("|", "\\|")
        moved, ms = r.get("bytes_moved"), r["vc_ms"]
        gbps = f"{moved / ms / 1e6:.1f}" if moved and ms else "-"
        lines.append(f"| {r['id']} | {r['image']} | {r['threads']} | {_ms(r['vc_ms'])} | "
                     f"{_ms(r['cv_ms'])} | {ratio} | {gbps} | {note} |")
    lines.append("")
    return "\n".join(lines)


def _size_label(nbytes: int) -> str:
    return f"{nbytes / (1 << 20):.1f} MiB" if nbytes < 1 << 24 else f"{nbytes >> 20} MiB"


def _homography_quality() -> list[str] | None:
    """The quality table's Markdown lines, or None without OpenCV/scikit-image."""
    try:
        sys.path.insert(0, str(HERE))
        import homography_quality
    except ImportError:
        return None
    finally:
        sys.path.remove(str(HERE))
    return homography_quality.markdown(homography_quality.quality_table())


def _dnn_block(path: str) -> str:
    """The CNN sections written by dnn_results.py, kept across a rewrite."""
    p = pathlib.Path(path)
    text = p.read_text(encoding="utf-8") if p.exists() else ""
    begin, end = "<!-- dnn:begin -->", "<!-- dnn:end -->"
    if begin not in text or end not in text:
        return ""
    return "\n" + begin + text.split(begin, 1)[1].split(end, 1)[0] + end + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer, shorter repeats")
    parser.add_argument("--ops", nargs="+", metavar="FILTER", help="only matching operations")
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"), help="Markdown file to write")
    parser.add_argument("--json", metavar="FILE", help="also write the JSON report")
    parser.add_argument("--from-json", metavar="FILE",
                        help="render a JSON report written earlier instead of measuring")
    args = parser.parse_args(argv)
    if args.from_json:
        import json

        report = json.loads(pathlib.Path(args.from_json).read_text(encoding="utf-8"))
        report.setdefault("homography_quality", _homography_quality())
        pathlib.Path(args.out).write_text(render(report) + _dnn_block(args.out), encoding="utf-8")
        return 0
    ops = bench.select(args.ops)
    if not ops:
        parser.error("--ops matches nothing")
    report = bench.run(ops, SIZES, THREADS, repeat=3 if args.quick else 7,
                       min_loop_s=0.005 if args.quick else 0.02)
    report["homography_quality"] = _homography_quality()
    # the sizes of the benchmarked frames (640x480 and 1920x1080, gray and
    # RGB, from L2-resident to L3-sized), and one far larger than any cache
    report["copy_bandwidth"] = {_size_label(n): bench.copy_bandwidth(n)
                                for n in (640 * 480, 1920 * 1080, 1920 * 1080 * 3, 256 << 20)}
    pathlib.Path(args.out).write_text(render(report) + _dnn_block(args.out), encoding="utf-8")
    if args.json:
        import json

        pathlib.Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(bench.report_to_table(report))
    print(f"\nwrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
