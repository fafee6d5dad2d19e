"""Scaling table: sparse networks with K = 1,000 inputs per neuron, 1 s of
network time, fast mode (prints; never asserts).

    .venv/bin/python bench/bench_scaling.py [--sizes 1000 10000 100000] [--repeat 3]

Each run is a fresh process, so its peak memory (ru_maxrss, the whole
process: Python, numpy, numba and the network) is its own; it first warms the
kernels on a tiny network, then times the build and the simulation. The
baseline, run the same way in the same session, is the original script's own
network (all-to-all, 1,002 neurons) in exact mode.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


RUN = """
import json, resource, sys
from izhi_core import NetworkConfig, Recording, simulate
simulate(NetworkConfig(ne=80, ni=20, inputs=10, mode="fast", duration=10))
simulate(NetworkConfig(duration=10))
cfg = NetworkConfig.from_mapping(json.loads(sys.argv[1]))
r = simulate(cfg, Recording())
print(json.dumps({"build_seconds": r.build_seconds, "sim_seconds": r.sim_seconds,
                  "n_spikes": r.n_spikes,
                  "peak_memory_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(**config) -> dict:
    out = subprocess.run([sys.executable, "-c", RUN, json.dumps(config)], cwd=ROOT,
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--inputs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    base = [run() for _ in range(args.repeat)]
    base_sim = statistics.median(r["sim_seconds"] for r in base)
    print(f"K = {args.inputs} inputs per neuron, 1 s of network time, fast mode; "
          f"median of {args.repeat} fresh processes")
    print(f"| {'N':>7} | {'build s':>7} | {'sim s':>6} | {'peak MB':>7} | {'x real time':>11} "
          f"| {'spikes':>7} | {'sim / baseline':>14} |")
    print("|--------:|--------:|-------:|--------:|------------:|--------:|---------------:|")
    for n in args.sizes:
        ne, ni = n * 4 // 5, n - n * 4 // 5
        rows = [run(ne=ne, ni=ni, inputs=args.inputs, mode="fast", duration=1000)
                for _ in range(args.repeat)]
        build = statistics.median(r["build_seconds"] for r in rows)
        sim = statistics.median(r["sim_seconds"] for r in rows)
        peak = max(r["peak_memory_mb"] for r in rows)
        print(f"| {n:>7,} | {build:7.3f} | {sim:6.3f} | {peak:7.0f} | {sim / 1.0:11.3f} "
              f"| {rows[0]['n_spikes']:>7,} | {sim / base_sim:13.1f}x |")
    print(f"(baseline: exact mode, all-to-all 1,002 neurons: sim {base_sim:.3f} s)")


if __name__ == "__main__":
    main()
