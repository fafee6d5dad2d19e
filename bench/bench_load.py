"""A class under load: simulated students moving sliders against the production stack
(prints; never asserts).

    .venv/bin/python bench/bench_load.py [--users 30,300] [--seconds 60] [--workers 2]
                                         [--instances 1] [--no-redis] [--think 5,15]

Starts the stack as ``make serve`` does (scripts/serve.py on a free port: nginx ->
gunicorn -> Redis -> the Celery worker), with 4 slow clients
in the background throughout the classes (two sending headers a byte at a time, one a
body, one reading a large answer a kilobyte at a time: scripts/slow_clients.py).
Then, for each class size in ``--users``, that many threads for ``--seconds``. Each
user does what a browser does when a slider is released: it posts the page's view
callback (every figure and card from one run: raster, cards, current map, rate,
spectrum, traces), waits for the answer, looks at it for ``--think`` seconds (uniform;
5-15 s by default: a student in a lecture reads the new raster before the next move;
``--think 1,3`` is a class that does nothing but drag sliders), and moves a slider again
(weights and noise on the sliders' grid, the default network otherwise). Students start
at random moments within their first think time, as a class does, not all in the same
millisecond. Errors: any
answer that is not HTTP 200 or that shows an alert. Reports requests per second, the
p50 / p95 latency of the requests and of whole slider moves, and the peak memory of
the whole stack (the sum of its processes' proportional set sizes); the baseline is one user
alone, measured first, without the slow clients. The simulated students share one
address, as a class behind a NAT does: nginx's per-address limit is raised to fit.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import serve  # noqa: E402
import slow_clients  # noqa: E402
import smoke_http  # noqa: E402

SLOW_CLIENTS = ("headers", "headers", "body", "reader")
BASELINE_THINK = (1.0, 3.0)  # one user alone, as busy as a user can be

FIGURE_OUTPUTS = ("..raster.figure...",)  # the view callback (not its background twin)
SLIDERS = {"exc-weight": [round(0.3 + 0.05 * k, 2) for k in range(9)],
           "inh-weight": [round(0.6 + 0.05 * k, 2) for k in range(17)],
           "exc-noise": [4.0, 4.5, 5.0, 5.5, 6.0],
           "inh-noise": [1.0, 1.5, 2.0, 2.5, 3.0]}


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q / 100 * len(values)))] if values else float("nan")


class Page:
    """The figure callbacks of the page, ready to post with a user's control values."""

    def __init__(self, base: str) -> None:
        self.base = base
        deps = json.loads(requests.get(base + "/_dash-dependencies", timeout=30).text)
        self.layout = smoke_http.page_values(base, deps)  # the shell's and the page's
        self.deps = [d for d in deps if d["output"].startswith(FIGURE_OUTPUTS)
                     and not d.get("background")]
        assert len(self.deps) == len(FIGURE_OUTPUTS), [d["output"][:40] for d in self.deps]

    def body(self, dep: dict, values: dict, changed: str) -> dict:
        def fill(items):
            return [{**i, "value": values.get(i["id"], self.layout[i["id"]].get(i["property"]))}
                    for i in items]
        return {"output": dep["output"], "outputs": smoke_http.output_spec(dep["output"]),
                "inputs": fill(dep["inputs"]), "state": fill(dep.get("state", [])),
                "changedPropIds": [f"{changed}.value"]}


def user(page: Page, stop: float, seed: int, records: list, lock: threading.Lock,
         think: tuple[float, float]) -> None:
    rng = random.Random(seed)
    session = requests.Session()
    values: dict = {}
    time.sleep(rng.uniform(0.0, think[1]))
    with ThreadPoolExecutor(max_workers=len(page.deps)) as pool:
        while time.monotonic() < stop:
            slider = rng.choice(list(SLIDERS))
            values[slider] = rng.choice(SLIDERS[slider])

            bodies = [page.body(dep, values, slider) for dep in page.deps]

            def call(body):
                start = time.perf_counter()
                try:
                    answer = session.post(page.base + "/_dash-update-component", json=body,
                                          timeout=60)
                    ok = answer.status_code == 200 and not answer.json()["response"].get(
                        "alert", {}).get("children")
                except (requests.RequestException, ValueError, KeyError):
                    ok = False
                return time.perf_counter() - start, ok

            start = time.perf_counter()
            results = list(pool.map(call, bodies))
            move = time.perf_counter() - start
            with lock:
                records.append((move, results))
            time.sleep(rng.uniform(*think))


def run(page: Page, users: int, seconds: float, think: tuple[float, float]) -> dict:
    records: list = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    start = time.monotonic()
    threads = [threading.Thread(target=user, args=(page, stop, k, records, lock, think))
               for k in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    latencies = [lat for _, results in records for lat, _ in results]
    errors = sum(1 for _, results in records for _, ok in results if not ok)
    moves = [move for move, _ in records]
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "errors": errors,
            "p50": percentile(latencies, 50), "p95": percentile(latencies, 95),
            "move_p50": percentile(moves, 50), "move_p95": percentile(moves, 95),
            "moves": len(moves)}


class PeakMemory(threading.Thread):
    """The most memory the whole stack used (serve.Launched.memory), sampled every
    half second."""

    def __init__(self, stack: serve.Launched) -> None:
        super().__init__(daemon=True)
        self.stack, self.peak, self.stopping = stack, 0, threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(0.5):
            self.peak = max(self.peak, self.stack.memory())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="30,300",
                        help="class sizes, comma-separated (default 30,300)")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2, help="WEB_CONCURRENCY")
    parser.add_argument("--instances", type=int, default=1, help="INSTANCES")
    parser.add_argument("--no-redis", dest="redis", action="store_false")
    parser.add_argument("--think", default="5,15",
                        help="a student's pause between slider moves, LO,HI seconds (5,15)")
    args = parser.parse_args()
    classes = [int(n) for n in args.users.split(",")]
    try:
        think = tuple(float(x) for x in args.think.split(","))
    except ValueError:
        think = ()
    if len(think) != 2 or not 0 <= think[0] <= think[1]:
        parser.error(f"--think must be LO,HI seconds with 0 <= LO <= HI (got {args.think})")
    env = {"WEB_CONCURRENCY": str(args.workers), "INSTANCES": str(args.instances),
           "REDIS": "1" if args.redis else "0", "GUNICORN_LOGLEVEL": "warning",
           # the numbers, not the log lines, are what this measures
           "GUNICORN_CMD_ARGS": "--access-logfile /dev/null",
           "IZHI_CONN_PER_CLIENT": str(max(classes) + 50)}
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        stack = serve.Launched(Path(tmp) / "serve.log", env)
        rows = []
        try:
            base = stack.wait_ready(300)
            shape = re.search(r"serve: ready at \S+ \((.*)\); Ctrl-C", stack.output())[1]
            page = Page(base)
            # every worker's first answers (imports, first figures) unmeasured
            run(page, 2, 5.0, BASELINE_THINK)
            load_before = os.getloadavg()[0]
            memory = PeakMemory(stack)
            memory.start()
            rows.append(("one user (baseline)", 1,
                         run(page, 1, min(15.0, args.seconds), BASELINE_THINK)))
            host, port = "127.0.0.1", stack.port
            with slow_clients.running(host, port, SLOW_CLIENTS) as slow:
                for users in classes:
                    rows.append((f"a class of {users} + 4 slow", users,
                                 run(page, users, args.seconds, think)))
            memory.stopping.set()
            memory.join()
        finally:
            code = stack.stop()
        if code != 0:
            raise SystemExit(f"serve.py exited with {code}:\n{stack.output()[-3000:]}")

    print(f"the stack of make serve: {shape}")
    print(f"{args.workers} sync workers per instance, on {os.cpu_count()} cores shared with "
          f"the load generator (load average {load_before:.1f} before); default network, "
          f"exact mode; each slider move = {len(FIGURE_OUTPUTS)} callback request; students "
          f"think {think[0]:g}-{think[1]:g} s between moves (the baseline user "
          f"{BASELINE_THINK[0]:g}-{BASELINE_THINK[1]:g} s)")
    print(f"| {'':26} | {'users':>5} | {'requests':>8} | {'req/s':>6} | {'errors':>6} "
          f"| {'p50 ms':>6} | {'p95 ms':>6} | {'move p50':>8} | {'move p95':>8} |")
    print("|----------------------------|------:|---------:|-------:|-------:|-------:|"
          "-------:|---------:|---------:|")
    for name, users, r in rows:
        print(f"| {name:26} | {users:5} | {r['requests']:8} | {r['rps']:6.1f} | "
              f"{r['errors']:6} | {r['p50'] * 1e3:6.0f} | {r['p95'] * 1e3:6.0f} | "
              f"{r['move_p50'] * 1e3:8.0f} | {r['move_p95'] * 1e3:8.0f} |")
    solo = rows[0][2]
    for name, _, r in rows[1:]:
        print(f"{name}: p95 {r['p95'] / solo['p95']:.1f}x alone")
    print("slow clients: " + "; ".join(
        f"{c.kind}: {c.tally.connections} connections, "
        f"{len(c.tally.dropped_after)} dropped by nginx" for c in slow))
    print(f"peak memory of the stack: {memory.peak / 2**20:.0f} MB")
    print("the wave of 20 large runs: make bench-jobs (bench/bench_jobs.py)")
    print("targets: 0 errors; p95 <= 1000 ms; peak memory <= 2 GB")


if __name__ == "__main__":
    main()
