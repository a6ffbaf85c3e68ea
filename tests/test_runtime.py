"""The runtime core seen from Python: threads, ISA levels, build info,
floating-point state, GIL release, cancellation, fork and interpreter exit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest

import visioncore as vc
from conftest import ISAS, random_image


def run_python(code: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=timeout, env=full_env)


# --- threads -----------------------------------------------------------------

def test_default_threads_follow_affinity():
    assert vc.default_num_threads() == len(os.sched_getaffinity(0))
    assert vc.get_num_threads() == vc.default_num_threads()


def test_set_and_scope_threads():
    vc.set_num_threads(3)
    assert vc.get_num_threads() == 3
    with vc.num_threads(1):
        assert vc.get_num_threads() == 1
    assert vc.get_num_threads() == 3
    vc.set_num_threads(0)
    assert vc.get_num_threads() == vc.default_num_threads()


def test_bad_thread_count():
    with pytest.raises(ValueError, match="set_num_threads"):
        vc.set_num_threads(100000)
    with pytest.raises(TypeError):
        vc.set_num_threads("2")


def test_affinity_and_env_in_subprocess():
    r = run_python("""
        import os
        os.sched_setaffinity(0, {0})
        import visioncore as vc
        print(vc.get_num_threads())
    """)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "1"
    r = run_python("import visioncore as vc; print(vc.get_num_threads())",
                   env={"VISIONCORE_NUM_THREADS": "3"})
    assert r.stdout.strip() == "3", r.stderr


def test_many_python_threads_share_the_pool(rng):
    img = random_image(rng, 300, 401, 3, np.uint8)
    ref = vc.rgb_to_gray(img)
    results: list[bool] = []

    def worker():
        for _ in range(20):
            results.append(bool(np.array_equal(vc.rgb_to_gray(img), ref)))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 160 and all(results)


# --- ISA levels and build info ------------------------------------------------

def test_isa_levels():
    assert ISAS[0] == "scalar"
    assert vc.get_isa() == ISAS[-1]
    for level in ISAS:
        vc.set_isa(level)
        assert vc.get_isa() == level
    vc.reset_isa()
    with vc.isa("scalar"):
        assert vc.get_isa() == "scalar"
    assert vc.get_isa() == ISAS[-1]


def test_bad_isa_names_and_missing_levels():
    with pytest.raises(ValueError, match="'scalar', 'sse4', 'avx2', 'avx512', 'neon'"):
        vc.set_isa("avx1024")
    missing = [lvl for lvl in ("sse4", "avx2", "avx512", "neon") if lvl not in ISAS]
    for level in missing:
        with pytest.raises(ValueError, match=level):
            vc.set_isa(level)


def test_isa_env_var():
    r = run_python("import visioncore as vc; print(vc.get_isa())", env={"VISIONCORE_ISA": "scalar"})
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "scalar"
    r = run_python("import visioncore", env={"VISIONCORE_ISA": "bogus"})
    assert r.returncode != 0 and "VISIONCORE_ISA" in r.stderr


def test_build_info():
    info = vc.build_info()
    for key in ("version", "compiler", "compiled_isas", "available_isas", "active_isa",
                "num_threads", "cuda_compiled", "cuda_available"):
        assert key in info
    assert info["version"] == vc.__version__
    assert info["active_isa"] == vc.get_isa()
    assert set(info["available_isas"]) <= set(info["compiled_isas"])
    assert info["num_threads"] == vc.get_num_threads()
    assert info["cuda_available"] is False or info["cuda_compiled"] is True
    feats = vc.cpu_features()
    if "avx512" in ISAS:
        assert feats["avx512f"] and feats["avx512bw"]
    if "avx2" in ISAS:
        assert feats["avx2"] and feats["fma"]


# --- floating point state ---------------------------------------------------------

def test_import_leaves_fp_state_alone(rng):
    # flush-to-zero / denormals-are-zero would make subnormals vanish
    vc.rgb_to_gray(random_image(rng, 64, 64, 3, np.float32))
    tiny = np.float64(5e-324)
    assert tiny != 0.0 and tiny / 2 == 0.0 and tiny * 1.5 != 0.0
    sub32 = np.nextafter(np.float32(0), np.float32(1))
    assert sub32 > 0 and sub32 * np.float32(2) > sub32
    r = run_python("""
        import numpy as np
        a = np.float32(1e-40)
        import visioncore
        assert a * np.float32(1.0) != 0, "FTZ after import"
        print("ok")
    """)
    assert r.stdout.strip() == "ok", r.stderr


# --- GIL, cancellation, exit, fork ---------------------------------------------

def test_gil_released_during_calls():
    count = 0
    stop = threading.Event()

    def counter():
        nonlocal count
        while not stop.is_set():
            count += 1

    t = threading.Thread(target=counter)
    t.start()
    try:
        time.sleep(0.05)
        before = count
        vc._core._busy_wait(0.4)
        advanced = count - before
    finally:
        stop.set()
        t.join()
    assert advanced > 1000


@pytest.mark.slow
def test_ctrl_c_interrupts_a_long_call_promptly():
    code = """
        import time, signal, os, threading, numpy as np
        import visioncore as vc
        # a child started from a background job inherits SIGINT ignored;
        # the test is about visioncore's cancellation, so restore Python's
        signal.signal(signal.SIGINT, signal.default_int_handler)
        sent = []
        def fire():
            time.sleep(0.5)
            sent.append(time.perf_counter())
            os.kill(os.getpid(), signal.SIGINT)
        threading.Thread(target=fire, daemon=True).start()
        t0 = time.perf_counter()
        try:
            vc._core._busy_wait(20.0)
            print("not interrupted")
        except KeyboardInterrupt:
            print("latency %.4f" % (time.perf_counter() - sent[0]))
        img = np.random.default_rng(0).integers(0, 256, (64, 64, 3), dtype=np.uint8)
        g = vc.rgb_to_gray(img)
        assert g.shape == (64, 64)
        vc._core._busy_wait(0.01)
        print("usable")
    """
    for threads in ("1", "2"):
        r = run_python(code, env={"VISIONCORE_NUM_THREADS": threads}, timeout=60)
        assert r.returncode == 0, r.stderr
        lines = r.stdout.split()
        assert lines[0] == "latency", r.stdout
        assert float(lines[1]) < 0.1
        assert lines[-1] == "usable"


@pytest.mark.slow
def test_interpreter_exit_with_a_thread_inside_a_call():
    code = """
        import threading, time
        import visioncore as vc
        t = threading.Thread(target=vc._core._busy_wait, args=(30.0,), daemon=True)
        t.start()
        time.sleep(0.05)
    """
    for _ in range(8):
        t0 = time.perf_counter()
        r = run_python(code, timeout=30)
        assert r.returncode == 0, r.stderr
        assert "Fatal" not in r.stderr
        assert time.perf_counter() - t0 < 10


@pytest.mark.slow
def test_pool_survives_fork(rng):
    img = random_image(rng, 400, 300, 3, np.uint8)
    with vc.num_threads(2):
        ref = vc.rgb_to_gray(img)  # the pool's workers exist now
        pid = os.fork()
        if pid == 0:  # child: must not hang on the parent's pool
            signal.alarm(20)
            ok = np.array_equal(vc.rgb_to_gray(img), ref)
            vc._core._busy_wait(0.05)
            os._exit(0 if ok else 3)
        _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    np.testing.assert_array_equal(vc.rgb_to_gray(img), ref)


@pytest.mark.slow
def test_multiprocessing_fork_and_spawn(tmp_path):
    # spawn re-imports __main__, so the script must be a real file
    script = tmp_path / "mp_job.py"
    script.write_text(textwrap.dedent("""
        import multiprocessing as mp, numpy as np
        import visioncore as vc

        def job(seed):
            img = np.random.default_rng(seed).integers(0, 256, (200, 300, 3), dtype=np.uint8)
            return int(vc.rgb_to_gray(img).sum())

        if __name__ == "__main__":
            vc.set_num_threads(2)
            expected = [job(s) for s in range(4)]
            for method in ("fork", "spawn"):
                with mp.get_context(method).Pool(2) as pool:
                    assert pool.map(job, range(4)) == expected, method
            print("ok")
    """))
    r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert r.stdout.strip() == "ok", r.stderr
