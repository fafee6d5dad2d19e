"""Benchmark of the neuron lab's gallery (prints; never asserts).

    .venv/bin/python bench/bench_neuron.py [--repeat 21]

In one process, warm (numba compiled or loaded from its cache first): the
twenty panels of Izhikevich (2004) Fig. 1 by :func:`simulate_gallery`, whole
calls (validation, time grid, protocol, kernel, result), against the baseline
of the same twenty panels by the line-for-line Python port of the published
code (tests/reference_figure1.py); median of ``--repeat`` runs each, and their
ratio. Also one panel alone (A), whole call: the gallery is twenty of them;
and the longest run allowed (panel A for 10 s at tau = 0.01 ms, a million
steps), whose time per step is mostly the kernel's. The target for the gallery
is 20 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import reference_figure1 as ref  # noqa: E402

from izhi_core.neuron import FIGURE1_2004, simulate_gallery, simulate_neuron  # noqa: E402

TARGET_MS = 20.0


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e3, min(times) * 1e3


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=21)
    args = ap.parse_args()

    t = time.perf_counter()
    simulate_gallery()
    first = (time.perf_counter() - t) * 1e3
    steps = sum(tr.t.size for tr in simulate_gallery().values())

    port = lambda: [fn() for fn in ref.FIGURE1.values()]  # noqa: E731
    port_ms, port_min = timed(port, max(3, args.repeat // 4))
    gallery_ms, gallery_min = timed(simulate_gallery, args.repeat)
    one_ms, one_min = timed(lambda: simulate_neuron(FIGURE1_2004["A"]), args.repeat * 5)
    longest = lambda: simulate_neuron(FIGURE1_2004["A"], tau=0.01, duration=10_000.0)  # noqa: E731
    long_steps = longest().t.size
    long_ms, long_min = timed(longest, max(3, args.repeat // 4))

    print(f"neuron gallery: 20 panels of Izhikevich (2004) Fig. 1, {steps:,} steps; "
          f"median of {args.repeat} warm runs (port: {max(3, args.repeat // 4)})")
    print(f"  first call (numba cache load or compile) {first:9.2f} ms")
    print(f"  reference port (pure Python, baseline)   {port_ms:9.2f} ms   (min {port_min:.2f})")
    print(f"  simulate_gallery()                       {gallery_ms:9.2f} ms   "
          f"(min {gallery_min:.2f})  {port_ms / gallery_ms:6.1f}x faster than the port")
    print(f"  one panel (A), whole call                {one_ms:9.3f} ms   (min {one_min:.3f})")
    print(f"  panel A, 10 s at tau 0.01 ms, whole call {long_ms:9.2f} ms   (min {long_min:.2f})  "
          f"{long_ms * 1e6 / long_steps:6.1f} ns a step, {long_steps:,} steps")
    verdict = "within" if gallery_ms <= TARGET_MS else "OVER"
    print(f"  target {TARGET_MS:g} ms: {verdict} ({gallery_ms / TARGET_MS:.0%} of it)")


if __name__ == "__main__":
    main()
