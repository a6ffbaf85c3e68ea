"""The ``visioncore`` command line (also ``python -m visioncore``).

    visioncore info [--json]
    visioncore bench [--threads N ...] [--size WxH ...] [--ops FILTER ...]
                     [--isa LEVEL ...] [--repeat N | --quick] [--json FILE]
    visioncore bench --dnn [--threads N ...] [--ops FILTER ...] [--repeat N | --quick]
                     [--json FILE] [--no-opencv] [--no-onnxruntime]

Exit codes: 0 success, 1 failure, 2 usage error. Results go to stdout;
progress and diagnostics go to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence


def _versions() -> dict:
    import numpy as np

    import visioncore as vc

    from .bench import import_cv2

    out = {"visioncore": vc.__version__, "numpy": np.__version__}
    try:
        import PIL

        out["pillow"] = PIL.__version__
    except ImportError:
        out["pillow"] = None
    cv2, _ = import_cv2()
    out["opencv"] = getattr(cv2, "__version__", None)
    out["python"] = sys.version.split()[0]
    return out


def _info_dict() -> dict:
    import visioncore as vc

    from .bench import machine_info

    return {
        "build_info": dict(vc.build_info()),
        "cpu_features": dict(vc.cpu_features()),
        "machine": machine_info(),
        "versions": _versions(),
    }


def _fmt_value(v) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (list, tuple)):
        return " ".join(str(x) for x in v) if v else "-"
    if isinstance(v, int) and v >= 10000:
        return f"{v:,}"
    return str(v)


def cmd_info(args: argparse.Namespace) -> int:
    info = _info_dict()
    if args.json:
        json.dump(info, sys.stdout, indent=2, sort_keys=True)
        sys.stdout.write("\n")
        return 0
    b, m, v = info["build_info"], info["machine"], info["versions"]
    print(f"visioncore {b.get('version', '?')}")
    print()
    print("build")
    keys = list(b)
    width = max(len(k) for k in keys) + 2
    for k in keys:
        print(f"  {k:<{width}}{_fmt_value(b[k])}")
    print()
    print("machine")
    print(f"  {'cpu':<{width}}{m['cpu']}")
    print(f"  {'cpus':<{width}}{m['usable_cpus']} usable of {m['logical_cpus']} logical")
    print(f"  {'arch / os':<{width}}{m['arch']} / {m['os']}")
    feats = info["cpu_features"]
    present = [k for k, on in feats.items() if on]
    absent = [k for k, on in feats.items() if not on]
    print(f"  {'cpu features':<{width}}{' '.join(present) or '-'}")
    print(f"  {'absent':<{width}}{' '.join(absent) or '-'}")
    print()
    print("versions")
    for k, val in v.items():
        print(f"  {k:<{width}}{val if val is not None else 'not installed'}")
    return 0


def _parse_sizes(values: Sequence[str]) -> list:
    from .bench import parse_size

    return [parse_size(s) for s in values]


def _write_json(report: dict, path: str) -> int:
    try:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=2)
            f.write("\n")
    except OSError as e:
        print(f"visioncore bench: cannot write {path}: {e}", file=sys.stderr)
        return 1
    return 0


def cmd_bench_dnn(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """``bench --dnn``: whole CNNs and their largest convolutions against
    onnxruntime and OpenCV's dnn (see visioncore/_bench_dnn.py)."""
    import visioncore as vc

    from . import _bench_dnn

    if args.list:
        for c in _bench_dnn.CASES:
            what = f"layer {c.layer} of {c.model}" if c.layer else f"model {c.model} batch {c.batch}"
            print(f"{c.id:<24} {what}")
        return 0
    if args.isa:
        parser.error("--isa: not available with --dnn (the CNN engine runs at the active level; "
                     "set VISIONCORE_ISA to change it)")
    if any(t < 1 or t > 256 for t in args.threads or []):
        parser.error("--threads: expected values in 1..256")
    threads = args.threads or sorted({1, min(2, vc.default_num_threads())})
    cases = _bench_dnn.select(args.ops)
    if not cases:
        parser.error(f"--ops: no DNN case matches {' '.join(args.ops)} "
                     "(see 'visioncore bench --dnn --list')")
    repeat = args.repeat if args.repeat is not None else (3 if args.quick else 7)
    if repeat < 1:
        parser.error("--repeat: expected a positive count")
    report = _bench_dnn.run(cases, threads, repeat=repeat,
                            min_loop_s=0.005 if args.quick else 0.05,
                            peak_seconds=0.05 if args.quick else 0.2,
                            use_ort=not args.no_onnxruntime, use_cv2=not args.no_opencv,
                            progress=not args.quiet)
    print(_bench_dnn.summary_line(report))
    print()
    print(_bench_dnn.report_to_tables(report))
    for key, name in (("onnxruntime_missing", "onnxruntime"), ("opencv_missing", "OpenCV")):
        if report[key]:
            print()
            print(f"{name} column empty: {report[key]}")
    return _write_json(report, args.json) if args.json else 0


def cmd_bench(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    import visioncore as vc

    from . import bench

    if args.dnn:
        return cmd_bench_dnn(args, parser)
    if args.no_onnxruntime:
        parser.error("--no-onnxruntime: only with --dnn")
    if args.list:
        for op in bench.REGISTRY:
            have = "" if hasattr(vc, op.requires) else "   (not in this build)"
            print(f"{op.id:<34} input {op.input:<5} {op.dtype}{have}")
        return 0
    try:
        sizes = _parse_sizes(args.size)
    except ValueError as e:
        parser.error(f"--size: {e}")
    if any(t < 1 or t > 256 for t in args.threads or []):
        parser.error("--threads: expected values in 1..256")
    threads = args.threads or sorted({1, vc.default_num_threads()})
    available = list(vc.available_isas())
    isas = args.isa or [None]
    for level in args.isa or []:
        if level not in available:
            parser.error(f"--isa: '{level}' is not available on this machine "
                         f"(available: {', '.join(available)})")
    ops = bench.select(args.ops)
    if not ops:
        parser.error(f"--ops: no operation matches {' '.join(args.ops)} "
                     "(see 'visioncore bench --list')")
    repeat = args.repeat if args.repeat is not None else (3 if args.quick else 7)
    if repeat < 1:
        parser.error("--repeat: expected a positive count")
    min_loop_s = 0.003 if args.quick else 0.02

    report = bench.run(ops, sizes, threads, isas, repeat=repeat, min_loop_s=min_loop_s,
                       use_cv2=not args.no_opencv, progress=not args.quiet)
    m, v = report["machine"], report["versions"]
    print(f"visioncore {v['visioncore']} vs OpenCV {v['opencv'] or '-'} on {m['cpu']} "
          f"({m['usable_cpus']} cpus, {m['active_isa']}); ratio = OpenCV ms / visioncore ms, "
          "above 1 means visioncore is faster")
    print()
    print(bench.report_to_table(report))
    if report["opencv_missing"]:
        print()
        print(f"OpenCV column empty: {report['opencv_missing']}")
    return _write_json(report, args.json) if args.json else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="visioncore", description="visioncore: build facts and benchmarks on this machine.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="{info,bench}")

    p_info = sub.add_parser("info", help="build, CPU and version facts")
    p_info.add_argument("--json", action="store_true", help="machine-readable output")

    p_bench = sub.add_parser(
        "bench", help="time every operation here, against OpenCV at the same thread count",
        description="Time every implemented operation on this machine and the same operation "
                    "in OpenCV (when importable) at the same thread count, with preallocated "
                    "outputs. Prints a table; ratio = OpenCV time / visioncore time.")
    p_bench.add_argument("--threads", type=int, nargs="+", metavar="N",
                         help="thread counts to run at (default: 1 and all usable cpus)")
    p_bench.add_argument("--size", nargs="+", default=["1920x1080"], metavar="WxH",
                         help="image sizes (default: 1920x1080)")
    p_bench.add_argument("--ops", nargs="+", metavar="FILTER",
                         help="only operations whose id contains FILTER or matches it as a "
                              "glob (ids as in --list, e.g. rgb_to_gray/u8)")
    p_bench.add_argument("--isa", nargs="+", metavar="LEVEL",
                         help="SIMD levels to run visioncore at (default: the active one)")
    p_bench.add_argument("--repeat", type=int, metavar="N",
                         help="timed repeats per measurement; the median is reported (default 7)")
    p_bench.add_argument("--quick", action="store_true",
                         help="fewer and shorter repeats (rough numbers, fast)")
    p_bench.add_argument("--json", metavar="FILE", help="also write the full report as JSON")
    p_bench.add_argument("--no-opencv", action="store_true", help="skip the OpenCV column")
    p_bench.add_argument("--list", action="store_true", help="list the operations and exit")
    p_bench.add_argument("--quiet", action="store_true", help="no progress bar on stderr")
    p_bench.add_argument("--dnn", action="store_true",
                         help="CNN inference instead: ResNet-18, MobileNetV2 and a digit CNN "
                              "(and ResNet-18's largest 3x3 / 1x1 convolutions) against "
                              "onnxruntime and OpenCV dnn; --size and --isa do not apply")
    p_bench.add_argument("--no-onnxruntime", action="store_true",
                         help="with --dnn: skip the onnxruntime column")
    parser.set_defaults(_bench_parser=p_bench)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        import visioncore as vc

        print(f"visioncore {vc.__version__}")
        return 0
    if args.command == "info":
        return cmd_info(args)
    if args.command == "bench":
        try:
            return cmd_bench(args, args._bench_parser)
        except KeyboardInterrupt:
            print("visioncore bench: interrupted", file=sys.stderr)
            return 130
    parser.print_help(sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
