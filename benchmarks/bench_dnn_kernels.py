"""CNN inference kernels against onnxruntime: packed SGEMM (256^3, 1024^3)
and the heaviest ResNet-18 / MobileNetV2 convolutions (every path: 1x1
GEMM, direct in-place GEMM at stride 1 and 2, im2col, depthwise), each
against a one-node onnxruntime model (MatMul / Conv) at the same intra-op
thread count (graph optimizations on), at 1 and 2 threads. extra_info
carries GFLOP/s and the convolution path.

Peak: the CPU's AVX-512 FMA rate, assumed 2 FMA units x 16 lanes x 2 flops
per cycle (64 flop/cycle/core) at the nominal clock; `python
benchmarks/bench_dnn_kernels.py` also measures it with a tight FMA loop
through the GEMM microkernel on L1-resident panels and prints
GFLOP/s, fraction of that peak and the onnxruntime/visioncore time ratio.
It alternates the two libraries and reports medians with their spread; at
1 thread it times CPU seconds (time.process_time), which a loaded shared
machine disturbs far less than wall time. With VC_BENCH_MODELS=<folder>
it also compares whole models (<folder>/*.onnx, one float32 NCHW input,
batch 1) through vc.dnn.Net, and with VC_BENCH_PROFILE=<folder> it prints
per-operator time tables of those models: vc.dnn.Net.profile against
onnxruntime's own profiler (SessionOptions.enable_profiling), which names
the nodes it fused (Conv+Add+Relu) by their last output.
"""

from __future__ import annotations

import time

import numpy as np
import pytest
import visioncore as vc

ort = pytest.importorskip("onnxruntime") if __name__ != "__main__" else None
THREADS = [1, 2]

# id, kind, shape: gemm (m, k, n); conv (c, hw, co, k, stride, pad, group)
CASES = [
    ("gemm_256", "gemm", (256, 256, 256)),
    ("gemm_1024", "gemm", (1024, 1024, 1024)),
    ("resnet18_conv3x3_256_14", "conv", (256, 14, 256, 3, 1, 1, 1)),
    ("resnet18_conv3x3_512_7", "conv", (512, 7, 512, 3, 1, 1, 1)),
    ("resnet18_conv3x3_64_56", "conv", (64, 56, 64, 3, 1, 1, 1)),
    ("resnet18_conv7x7_stem_s2", "conv", (3, 224, 64, 7, 2, 3, 1)),
    ("resnet18_conv3x3_64_128_s2", "conv", (64, 56, 128, 3, 2, 1, 1)),
    ("resnet18_conv1x1_256_512_s2", "conv", (256, 14, 512, 1, 2, 0, 1)),
    ("mobilenetv2_conv1x1_32_192_28", "conv", (32, 28, 192, 1, 1, 0, 1)),
    ("mobilenetv2_conv1x1_960_160_7", "conv", (960, 7, 160, 1, 1, 0, 1)),
    ("mobilenetv2_dw3x3_144_56_s2", "conv", (144, 56, 144, 3, 2, 1, 144)),
    ("mobilenetv2_dw3x3_192_28", "conv", (192, 28, 192, 3, 1, 1, 192)),
    ("mobilenetv2_dw3x3_576_14", "conv", (576, 14, 576, 3, 1, 1, 576)),
    ("mobilenetv2_dw3x3_960_7", "conv", (960, 7, 960, 3, 1, 1, 960)),
    ("mobilenetv2_conv3x3_stem_s2", "conv", (3, 224, 32, 3, 2, 1, 1)),
]


def path_of(kind, shape):
    if kind != "conv":
        return "gemm"
    c, _, co, k, s, pad, g = shape
    w = np.zeros((co, c // g, k, k), np.float32)
    return vc.dnn._conv2d_path(w, c, strides=(s, s), pads=(pad,) * 4, group=g)


def flops(kind, shape):
    if kind == "gemm":
        m, k, n = shape
        return 2.0 * m * k * n
    c, hw, co, k, s, pad, g = shape
    o = (hw + 2 * pad - k) // s + 1
    return 2.0 * co * o * o * (c // g) * k * k


def make_case(kind, shape, threads):
    """(visioncore callable, onnxruntime callable) on the same random inputs."""
    import onnxruntime
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(0)
    so = onnxruntime.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    if kind == "gemm":
        m, k, n = shape
        a = rng.standard_normal((m, k), dtype=np.float32)
        b = rng.standard_normal((k, n), dtype=np.float32)
        node = helper.make_node("MatMul", ["a", "b"], ["y"])
        inits = [numpy_helper.from_array(b, "b")]
        inp = helper.make_tensor_value_info("a", TensorProto.FLOAT, [m, k])
        feed = {"a": a}

        def run_vc():
            return vc.dnn._gemm(a, b)
    else:
        c, hw, co, k, s, pad, g = shape
        x = rng.standard_normal((1, c, hw, hw), dtype=np.float32)
        w = rng.standard_normal((co, c // g, k, k), dtype=np.float32)
        bias = rng.standard_normal(co, dtype=np.float32)
        node = helper.make_node("Conv", ["x", "w", "b"], ["y"], strides=[s, s], pads=[pad] * 4,
                                group=g)
        inits = [numpy_helper.from_array(w, "w"), numpy_helper.from_array(bias, "b")]
        inp = helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x.shape))
        feed = {"x": x}

        kernel = vc.dnn._Conv2dKernel(w, bias, c, strides=(s, s), pads=(pad,) * 4, group=g)

        def run_vc():
            return kernel(x)
    graph = helper.make_graph([node], "k", [inp],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    sess = onnxruntime.InferenceSession(model.SerializeToString(), so,
                                        providers=["CPUExecutionProvider"])
    return run_vc, lambda: sess.run(None, feed)[0]


def _params():
    return [pytest.param(cid, kind, shape, t, lib, id=f"{cid}-t{t}-{lib}")
            for cid, kind, shape in CASES for t in THREADS for lib in ("visioncore", "onnxruntime")]


@pytest.mark.parametrize("cid,kind,shape,threads,library", _params())
def bench_dnn_kernel(benchmark, cid, kind, shape, threads, library):
    old = vc.get_num_threads()
    vc.set_num_threads(threads)
    try:
        run_vc, run_ort = make_case(kind, shape, threads)
        np.testing.assert_allclose(run_vc(), run_ort(), rtol=1e-3, atol=1e-2)
        fn = run_vc if library == "visioncore" else run_ort
        benchmark.group = f"{cid} threads={threads}"
        benchmark.extra_info.update(op=cid, threads=threads, library=library, isa=vc.get_isa(),
                                    path=path_of(kind, shape))
        benchmark(fn)
        benchmark.extra_info["gflops"] = flops(kind, shape) / benchmark.stats.stats.min / 1e9
    finally:
        vc.set_num_threads(old)


def _per_call(fn, min_time, clock):
    n, t0 = 0, clock()
    while True:
        fn()
        n += 1
        dt = clock() - t0
        if dt >= min_time:
            return dt / n


def _best(fn, repeat=7, min_time=0.05):
    fn()
    return min(_per_call(fn, min_time, time.perf_counter) for _ in range(repeat))


def compare(run_vc, run_ort, threads, repeat=7, min_time=0.05):
    """Median visioncore and onnxruntime times per call, alternating, and
    the median and relative spread of the per-round ratios ort/vc."""
    import statistics

    clock = time.process_time if threads == 1 else time.perf_counter
    run_vc()
    run_ort()
    tv, to, ratios = [], [], []
    for _ in range(repeat):
        a = _per_call(run_vc, min_time, clock)
        b = _per_call(run_ort, min_time, clock)
        tv.append(a)
        to.append(b)
        ratios.append(b / a)
    med = statistics.median(ratios)
    return (statistics.median(tv), statistics.median(to), med,
            (max(ratios) - min(ratios)) / med)


def measured_peak_gflops():
    """Microkernel-bound rate: a 8x32 GEMM on L1-resident panels (M=8, N=32, K=256),
    repeated; an upper bound of what the kernels reach (single thread)."""
    a = np.ones((8, 256), np.float32)
    b = np.ones((256, 32), np.float32)
    with vc.num_threads(1):
        t = _best(lambda: vc.dnn._gemm(a, b), repeat=5, min_time=0.05)
    return 2.0 * 8 * 256 * 32 / t / 1e9


def compare_models(folder):
    import functools
    import glob
    import os

    import onnxruntime

    print(f"\n{'model':34s} thr  vc ms   ort ms  ort/vc  spread")
    for path in sorted(glob.glob(os.path.join(folder, "*.onnx"))):
        for t in THREADS:
            net = vc.dnn.Net.load(path, num_threads=t)
            so = onnxruntime.SessionOptions()
            so.intra_op_num_threads = t
            so.inter_op_num_threads = 1
            so.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
            sess = onnxruntime.InferenceSession(path, so, providers=["CPUExecutionProvider"])
            inp = sess.get_inputs()[0]
            shape = [1 if not isinstance(d, int) else d for d in inp.shape]
            x = np.random.default_rng(0).standard_normal(shape, dtype=np.float32)
            feed = {inp.name: x}
            tv, to, ratio, spread = compare(functools.partial(net, x),
                                            functools.partial(sess.run, None, feed),
                                            t, repeat=5, min_time=0.2)
            print(f"{os.path.basename(path):34s} {t:3d} {tv * 1e3:6.3f} {to * 1e3:7.3f} "
                  f"{ratio:7.2f} {spread:7.2f}")


def ort_node_times(sess_path_or_bytes, threads, feed, repeat):
    """Median microseconds per onnxruntime node over `repeat` runs, from its
    profiler: {(node name, op type): us}."""
    import json
    import statistics
    import tempfile

    import onnxruntime

    so = onnxruntime.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.enable_profiling = True
    so.profile_file_prefix = tempfile.mkdtemp() + "/ort"
    sess = onnxruntime.InferenceSession(sess_path_or_bytes, so, providers=["CPUExecutionProvider"])
    sess.run(None, feed)  # warm-up
    for _ in range(repeat):
        sess.run(None, feed)
    with open(sess.end_profiling()) as f:
        events = json.load(f)
    times = {}
    for e in events:
        if e.get("cat") == "Node" and e["name"].endswith("_kernel_time"):
            times.setdefault((e["name"][:-len("_kernel_time")], e["args"]["op_name"]), []).append(e["dur"])
    # the warm-up run is in the file too: keep the last `repeat` of each node
    return {k: statistics.median(v[-repeat:]) for k, v in times.items()}


def profile_models(folder, repeat=20):
    """Per op type: summed median node times of vc.dnn.Net.profile and of
    onnxruntime's profiler, batch 1, 1 and 2 threads."""
    import collections
    import glob
    import os

    for path in sorted(glob.glob(os.path.join(folder, "*.onnx"))):
        for t in THREADS:
            net = vc.dnn.Net.load(path, num_threads=t)
            shape = [1] + [d if isinstance(d, int) else 1 for d in net.inputs[0].shape[1:]]
            x = np.random.default_rng(0).standard_normal(shape, dtype=np.float32)
            prof = net.profile(x, repeat=repeat)
            ort_t = ort_node_times(path, t, {net.inputs[0].name: x}, repeat)
            ours, theirs = collections.Counter(), collections.Counter()
            for p in prof:
                ours[p.op_type] += p.time_us
            for (_, op), us in ort_t.items():
                theirs[op] += us
            print(f"\n{os.path.basename(path)} threads={t}: node sums vc {sum(ours.values()) / 1e3:.2f} ms, "
                  f"onnxruntime {sum(theirs.values()) / 1e3:.2f} ms")
            print(f"  {'op':22s} {'vc us':>9s} {'ort us':>9s}")
            for op in sorted(set(ours) | set(theirs), key=lambda o: -max(ours[o], theirs[o])):
                print(f"  {op:22s} {ours[op]:9.0f} {theirs[op]:9.0f}")
            slow = sorted(prof, key=lambda p: -p.time_us)[:5]
            print("  slowest vc nodes: " + "; ".join(
                f"{p.op_type} {p.name or p.index} {p.output_shape} {p.time_us:.0f} us" for p in slow))


if __name__ == "__main__":
    import os

    ghz = float(os.environ.get("VC_CPU_GHZ", "2.6"))
    assumed = 64 * ghz
    print(f"isa {vc.get_isa()}; assumed peak {assumed:.0f} GFLOP/s/core "
          f"(2 FMA x 16 lanes x 2 flop x {ghz} GHz); tiny-call rate {measured_peak_gflops():.1f}")
    print("1 thread: CPU time; 2 threads: wall time; medians of alternating rounds")
    print(f"{'case':34s} {'path':12s} thr  vc ms   ort ms  ort/vc  spread  vc GF/s  %peak")
    for cid, kind, shape in CASES:
        for t in THREADS:
            vc.set_num_threads(t)
            run_vc, run_ort = make_case(kind, shape, t)
            tv, to, ratio, spread = compare(run_vc, run_ort, t)
            gf = flops(kind, shape) / tv / 1e9
            print(f"{cid:34s} {path_of(kind, shape):12s} {t:3d} {tv * 1e3:6.3f} {to * 1e3:7.3f} "
                  f"{ratio:7.2f} {spread:7.2f} {gf:8.1f} {100 * gf / (assumed * t):5.1f}")
    if os.environ.get("VC_BENCH_MODELS"):
        compare_models(os.environ["VC_BENCH_MODELS"])
    if os.environ.get("VC_BENCH_PROFILE"):
        profile_models(os.environ["VC_BENCH_PROFILE"])
