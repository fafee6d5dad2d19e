"""A class of 30 under load: simulated students moving sliders against gunicorn
(prints; never asserts).

    .venv/bin/python bench/bench_load.py [--users 30] [--seconds 60] [--workers 2]

Starts ``gunicorn -c gunicorn.conf.py app:server`` on a free loopback port (the
container's server and settings), then runs ``--users`` threads for
``--seconds``. Each user does what a browser does when a slider is released:
it posts the page's view callback (every figure and card from one run: raster,
cards, current map, rate, spectrum, traces), waits for the answer, thinks for
1-3 s, and moves a slider again (weights and noise on the sliders' grid, the default network
otherwise). Errors: any answer that is not HTTP 200 or that shows an alert.
Reports requests per second and the p50 / p95 latency of the requests and of
whole slider moves; the baseline is one user alone, measured first.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import smoke_http  # noqa: E402

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
        self.layout = smoke_http.component_values(
            requests.get(base + "/_dash-layout", timeout=30).json())
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


def user(page: Page, stop: float, seed: int, records: list, lock: threading.Lock) -> None:
    rng = random.Random(seed)
    session = requests.Session()
    values: dict = {}
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
            time.sleep(rng.uniform(1.0, 3.0))


def run(page: Page, users: int, seconds: float) -> dict:
    records: list = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    start = time.monotonic()
    threads = [threading.Thread(target=user, args=(page, stop, k, records, lock))
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    port = smoke_http.free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port),
           "WEB_CONCURRENCY": str(args.workers), "GUNICORN_LOGLEVEL": "warning"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
                               "--access-logfile", "/dev/null", "app:server"], cwd=ROOT,
                              env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        smoke_http.wait_healthy(base, 300)
        page = Page(base)
        solo = run(page, 1, min(15.0, args.seconds))
        load = run(page, args.users, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"gunicorn, {args.workers} sync workers, on {os.cpu_count()} cores; default "
          f"network, exact mode; each slider move = {len(FIGURE_OUTPUTS)} callback request")
    print(f"| {'':22} | {'users':>5} | {'requests':>8} | {'req/s':>6} | {'errors':>6} "
          f"| {'p50 ms':>6} | {'p95 ms':>6} | {'move p50':>8} | {'move p95':>8} |")
    print("|------------------------|------:|---------:|-------:|-------:|-------:|-------:"
          "|---------:|---------:|")
    for name, users, r in (("one user (baseline)", 1, solo), ("a class", args.users, load)):
        print(f"| {name:22} | {users:5} | {r['requests']:8} | {r['rps']:6.1f} | "
              f"{r['errors']:6} | {r['p50'] * 1e3:6.0f} | {r['p95'] * 1e3:6.0f} | "
              f"{r['move_p50'] * 1e3:8.0f} | {r['move_p95'] * 1e3:8.0f} |")
    print(f"p95 under load / alone: {load['p95'] / solo['p95']:.1f}x; "
          f"targets: 0 errors, p95 <= 1000 ms")


if __name__ == "__main__":
    main()
