"""Benchmark of the core on the original script's network (prints; never asserts).

    .venv/bin/python bench/bench_core.py [--repeat 21]

In one process: the original script's numpy loop (tests/reference.py, the same
code line for line) against simulate() in exact and fast mode, whole calls
(network construction, noise and recording included), median of warm runs, and
the ratio to the numpy loop; and exact mode with its random stream drawn before
(``draws=``), as the dashboard reruns it when a weight, noise or type moves.
Then :func:`izhi_core.analysis.summarize` of three runs (the default, a bursting
and a saturated network) without and with the ISI CV (``isi=True``), which the
dashboard leaves out of every change. Then, each in a fresh process: the first
call with an empty numba cache (compile) and with a filled one (load).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from izhi_core import NetworkConfig, simulate  # noqa: E402
from izhi_core.analysis import summarize  # noqa: E402
from izhi_core.network import legacy_draws  # noqa: E402
from reference import original_loop  # noqa: E402

FIRST_CALL = """
import time
t0 = time.perf_counter()
from izhi_core import NetworkConfig, simulate
t1 = time.perf_counter()
for mode in ("exact", "fast"):
    simulate(NetworkConfig(mode=mode, duration=20))
    simulate(NetworkConfig(mode=mode, duration=20, ne=80, ni=20, inputs=10))
print(f"{t1 - t0:.3f} {time.perf_counter() - t1:.3f}")
"""


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def first_call(cache_dir: str) -> tuple[float, float]:
    env = {**os.environ, "NUMBA_CACHE_DIR": cache_dir, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", FIRST_CALL], env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    cfg = NetworkConfig()
    for mode in ("exact", "fast"):
        simulate(cfg.replace(mode=mode))  # warm: compile or load
    ref_time, ref = timed(lambda: original_loop(cfg), max(5, args.repeat // 3))
    rows = [("original script's numpy loop", ref_time, len(ref["firings"]))]
    for mode in ("exact", "fast"):
        t, res = timed(lambda m=mode: simulate(cfg.replace(mode=m)), args.repeat)
        rows.append((f"simulate(), {mode} mode", t, res.n_spikes))
    draws = legacy_draws(cfg)
    t, res = timed(lambda: simulate(cfg, draws=draws), args.repeat)
    rows.append(("exact mode, stream kept", t, res.n_spikes))
    print(f"default network (800 + 202 neurons, 1000 ms), median of warm runs, "
          f"numba threads {os.environ.get('NUMBA_NUM_THREADS', 'default')}")
    print(f"{'':30s} {'ms':>9s} {'spikes':>7s} {'speed-up':>9s}")
    for name, t, spikes in rows:
        print(f"{name:30s} {t * 1e3:9.1f} {spikes:7d} {ref_time / t:8.1f}x")
    summaries(args.repeat)
    with tempfile.TemporaryDirectory() as cache:
        cold = first_call(cache)
        warm = first_call(cache)
    print("first calls in a fresh process (import, then all four kernels):")
    print(f"  empty numba cache (compile): import {cold[0]:.2f} s, kernels {cold[1]:.2f} s")
    print(f"  filled numba cache (load):   import {warm[0]:.2f} s, kernels {warm[1]:.2f} s")
    print(f"  cache speed-up: {cold[1] / warm[1]:.0f}x")


def summaries(repeat: int) -> None:
    """summarize() without and with the ISI CV on runs of growing spike counts."""
    runs = (("default", NetworkConfig()),
            ("S2 weights (bursting)", NetworkConfig(exc_weight=0.6, inh_weight=0.6)),
            ("exc_type CH (saturated)", NetworkConfig(exc_type="CH")))
    print("summarize() of a run, median of warm calls, ms:")
    print(f"  {'':26s} {'spikes':>8s} {'isi=False':>10s} {'isi=True':>9s} {'ratio':>6s}")
    for name, config in runs:
        result = simulate(config)
        plain, _ = timed(lambda r=result: summarize(r), repeat * 5)
        with_isi, _ = timed(lambda r=result: summarize(r, isi=True), repeat * 5)
        print(f"  {name:26s} {result.n_spikes:8,d} {plain * 1e3:10.2f} {with_isi * 1e3:9.2f} "
              f"{with_isi / plain:5.1f}x")


if __name__ == "__main__":
    main()
