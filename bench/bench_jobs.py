"""A wave of large runs against the class server (prints; never asserts).

    .venv/bin/python bench/bench_jobs.py [--runs 20] [--slots N] [--no-redis]

Starts the production stack as ``make serve`` does (scripts/serve.py: nginx, gunicorn,
Redis and a Celery worker; ``--no-redis``: local jobs), measures one large run alone
(t1: a 100,000-neuron network, 1,000 ms, 100 inputs each, fast mode), then starts
``--runs`` of them at once from as many page loads, as students following a shared
link would, and reports the time to the last result against runs x t1 / slots (the
issue's target: within 1.2x), the order they finished in, the stack's peak memory
(proportional set size of all its processes: target <= 2 GB), and the /healthz
latency meanwhile (p50, p95: a small request must not wait for the wave).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))
import psutil  # noqa: E402
import serve  # noqa: E402
from jobs_client import JobClient, alert_of  # noqa: E402

LARGE = dict(ne=80_000, ni=20_000, inputs=100, mode="fast")


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q / 100 * len(values)))]


def wave(base: str, stack: serve.Launched, runs: int) -> dict:
    """``runs`` large runs asked at once; when each finished, memory and /healthz."""
    clients = [JobClient(base) for _ in range(runs)]
    start = time.monotonic()
    for k, client in enumerate(clients):
        client.start({**LARGE, "seed": 1000 + k})
    done: dict[int, float] = {}
    errors = 0
    peak = 0
    small: list[float] = []
    while len(done) < runs:
        for k, client in enumerate(clients):
            if k in done:
                continue
            status, response = client.poll()
            if status != 200:
                errors += 1
                done[k] = time.monotonic() - start
            elif response is not None:
                errors += bool(alert_of(response))
                done[k] = time.monotonic() - start
        peak = max(peak, stack.memory())
        t = time.perf_counter()
        ok = clients[0].http.get(base + "/healthz", timeout=60).status_code == 200
        small.append(time.perf_counter() - t)
        errors += not ok
        time.sleep(0.3)
    order = sorted(done, key=done.get)
    return {"last": max(done.values()), "errors": errors, "peak": peak, "small": small,
            "out_of_order": max(abs(order.index(k) - k) for k in range(runs))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--slots", type=int, default=2)
    parser.add_argument("--no-redis", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        stack = serve.Launched(Path(tmp) / "serve.log",
                               env={"IZHI_JOB_SLOTS": str(args.slots), "WEB_CONCURRENCY": "2",
                                    "GUNICORN_LOGLEVEL": "warning"},
                               args=("--no-redis",) if args.no_redis else ())
        try:
            base = stack.wait_ready()
            rest = stack.memory()
            alone = []
            for k in range(2):  # the first also loads the kernels in its worker
                client = JobClient(base)
                t = time.monotonic()
                client.start({**LARGE, "seed": 900 + k})
                client.wait(600)
                alone.append(time.monotonic() - t)
            t1 = alone[-1]
            result = wave(base, stack, args.runs)
        finally:
            stack.stop()
    ideal = args.runs * t1 / args.slots
    shape = "local jobs" if args.no_redis else "Redis + Celery"
    print(f"the stack of make serve ({shape}), {args.slots} job slots, "
          f"{psutil.cpu_count()} cores; each run: 100,000 neurons x 1,000 ms, 100 inputs, fast")
    print(f"one run alone (t1)                          {t1:7.1f} s")
    print(f"{args.runs} at once: last result                  {result['last']:7.1f} s")
    print(f"  against {args.runs} x t1 / {args.slots} = {ideal:.1f} s             "
          f"{result['last'] / ideal:7.2f}x   (target <= 1.2x)")
    print(f"  finished out of order by at most          {result['out_of_order']:7d} places")
    print(f"  errors                                    {result['errors']:7d}")
    print(f"  peak memory of the stack                  {result['peak'] / 2**30:7.2f} GB "
          f"(at rest {rest / 2**30:.2f} GB; target <= 2 GB)")
    print(f"  /healthz meanwhile: p50 {statistics.median(result['small']) * 1e3:.0f} ms, "
          f"p95 {percentile(result['small'], 95) * 1e3:.0f} ms "
          f"({len(result['small'])} requests; target p95 <= 1000 ms)")


if __name__ == "__main__":
    main()
