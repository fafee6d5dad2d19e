"""Benchmark of sweeps: the 21 x 21 excitatory-by-inhibitory weight plane (prints; never
asserts).

    .venv/bin/python bench/bench_sweep.py [--repeat 2] [--no-dask] [--seeds 1]
                                          [--png /tmp/izhi-sweep-regimes.png]

The plane of the original script's network, 1 s each, exact ("seed") mode:
``python -m izhi_core sweep --vary exc_weight=0:1:21 --vary inh_weight=0:2:21`` as a
whole process (start-up, workers, the Parquet table included) against a warm loop
over ``simulate()`` in this process, for the same 441 points, in turns, so that a
slow spell of this shared machine slows both. Parallel efficiency is the loop's time
over (cores x the sweep's). Two loops: the plain one (``simulate(config)`` and
``run_metrics``, what a person would write), and the same work the workers do
(no traces or current map, each seed's random stream drawn once and reused), whose
ratio is the engine's parallel efficiency proper. Then the same sweep on a local Dask
cluster (a scheduler and two single-thread workers, started before and not timed).
Memory: the peak over the sweep of the sum over its processes (the CLI and its
workers) of the proportional set size (PSS: a page shared by n processes counts 1/n
in each) and of the resident set size, sampled every 50 ms, against one run's: the
peak RSS of ``python -m izhi_core --summary``. CPU seconds beside the wall times: this
machine is shared, and the others' load (printed) moves the wall times, while the CPU
seconds say what the sweep itself costs over the loop. Targets: efficiency at least 85%
locally and 80% on Dask; memory at most cores x one run + 200 MB. The regime map of
the plane is written as a PNG.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from dask_cluster import dask_cluster  # noqa: E402

from izhi_core import NetworkConfig, simulate  # noqa: E402
from izhi_core.metrics import REGIMES, run_metrics  # noqa: E402
from izhi_core.sweep import Axis, SweepSpec  # noqa: E402
from izhi_core.sweep.engine import batches_of, cores  # noqa: E402

AXES = ("exc_weight=0:1:21", "inh_weight=0:2:21")
SAMPLE_S = 0.05
COLOURS = {"silent": (238, 238, 238), "asynchronous irregular": (120, 170, 220),
           "oscillatory": (90, 180, 110), "synchronous bursting": (230, 140, 50),
           "runaway": (200, 40, 40)}


def tree_memory(proc: psutil.Process) -> tuple[float, float]:
    """PSS and RSS, MB, summed over ``proc`` and its descendants (those still there)."""
    pss = rss = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            info = p.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        pss += info.pss
        rss += info.rss
    return pss / 2**20, rss / 2**20


def children_cpu() -> float:
    """CPU seconds of this process's finished children and their finished children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_cli(args: list[str]) -> tuple[float, float, float, float, dict]:
    """Run ``python -m izhi_core sweep ARGS --summary``: wall time, CPU time, peak PSS and
    RSS of its process tree (MB), and its summary."""
    cpu = children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "izhi_core", "sweep", *args, "--summary"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    watched = psutil.Process(proc.pid)
    peak_pss = peak_rss = 0.0
    while proc.poll() is None:
        pss, rss = tree_memory(watched)
        peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
        time.sleep(SAMPLE_S)
    wall = time.perf_counter() - start
    out = proc.stdout.read()
    if proc.returncode != 0:
        raise SystemExit(f"the sweep failed with status {proc.returncode}")
    return (wall, children_cpu() - cpu, peak_pss, peak_rss,
            json.loads(out.strip().splitlines()[-1]))


def plain_loop(spec: SweepSpec) -> tuple[float, float, list[dict]]:
    """simulate() and run_metrics() of each point: wall and CPU seconds, the metrics."""
    start, cpu = time.perf_counter(), time.process_time()
    rows = [run_metrics(simulate(p.config)) for p in spec.points()]
    return time.perf_counter() - start, time.process_time() - cpu, rows


def workers_loop(spec: SweepSpec) -> tuple[float, float, list[dict]]:
    """What the workers do, in one process: their function on their batches."""
    from izhi_core.sweep.worker import run_point

    points = list(spec.points())
    start, cpu = time.perf_counter(), time.process_time()
    rows = {}
    for batch in batches_of(points, cores()):
        for p in batch:
            rows[p.index] = run_point(p.config)
    return (time.perf_counter() - start, time.process_time() - cpu,
            [rows[i] for i in range(len(points))])


def one_run_mb() -> float:
    out = subprocess.run([sys.executable, "-m", "izhi_core", "--summary"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["peak_memory_mb"]


def regime_png(table, path: Path) -> None:
    """The plane's regime map: exc_weight up the side (0 at the bottom), inh_weight
    along the bottom, a cell a point, a legend beside it."""
    from PIL import Image, ImageDraw, ImageFont

    ew = sorted(table["exc_weight"].unique())
    iw = sorted(table["inh_weight"].unique())
    cell, left, top, bottom = 24, 70, 30, 60
    width = left + cell * len(iw) + 250
    height = top + cell * len(ew) + bottom
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 13)
    except OSError:
        font = ImageFont.load_default()
    for row in table.itertuples():
        x = left + iw.index(row.inh_weight) * cell
        y = top + (len(ew) - 1 - ew.index(row.exc_weight)) * cell
        draw.rectangle([x, y, x + cell - 1, y + cell - 1], fill=COLOURS[row.regime])
    for i, v in enumerate(iw):
        if i % 5 == 0:
            draw.text((left + i * cell, top + cell * len(ew) + 5), f"{v:g}", fill="black",
                      font=font)
    for i, v in enumerate(ew):
        if i % 5 == 0:
            draw.text((10, top + (len(ew) - 1 - i) * cell + 5), f"{v:g}", fill="black",
                      font=font)
    draw.text((left, height - 25), "inhibitory weight (mV/ms)", fill="black", font=font)
    draw.text((10, 8), "excitatory weight (mV/ms), up; default network, 1 s, seed 0",
              fill="black", font=font)
    lx = left + cell * len(iw) + 20
    for i, name in enumerate(REGIMES):
        y = top + i * 22
        draw.rectangle([lx, y, lx + 16, y + 16], fill=COLOURS[name])
        count = int((table["regime"] == name).sum())
        draw.text((lx + 22, y + 1), f"{name} ({count})", fill="black", font=font)
    img.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--png", default="/tmp/izhi-sweep-regimes.png")
    parser.add_argument("--seeds", type=int, default=1,
                        help="replicates of each point (1: the plane of the issue; more "
                             "shows the start-up shared over more runs)")
    args = parser.parse_args()
    n_cores = cores()
    spec = SweepSpec(NetworkConfig(), tuple(Axis.parse(a) for a in AXES), seeds=args.seeds)
    cli_args = [*(a for axis in AXES for a in ("--vary", axis)), "--seeds", str(args.seeds)]
    print(f"{spec.shape_text()} points, the original script's network, 1000 ms, exact mode; "
          f"{n_cores} cores; estimate {spec.expected_seconds(n_cores):.1f} s")
    simulate(NetworkConfig())  # warm: the kernels from the cache
    workers_loop(SweepSpec(NetworkConfig(duration=20)))
    one = one_run_mb()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "plane.parquet"
        rows = []
        for turn in range(args.repeat):
            load = os.getloadavg()[0]
            t_plain, c_plain, plain = plain_loop(spec)
            t_work, c_work, work = workers_loop(spec)
            wall, cpu, pss, rss, summary = timed_cli([*cli_args, "--out", str(out)])
            rows.append((t_plain, t_work, wall, pss, rss))
            print(f"turn {turn + 1} (load {load:.1f}): plain loop {t_plain:5.2f} s "
                  f"(CPU {c_plain:5.2f}), workers' loop {t_work:5.2f} s (CPU {c_work:5.2f}), "
                  f"CLI sweep {wall:5.2f} s (CPU {cpu:5.2f}) -> efficiency "
                  f"{t_plain / (n_cores * wall):4.0%} (plain), "
                  f"{t_work / (n_cores * wall):4.0%} (same work); "
                  f"peak PSS {pss:4.0f} MB, RSS {rss:4.0f} MB")
        import pandas as pd

        table = pd.read_parquet(out)
        same = (plain == work and table["n_spikes"].tolist() == [r["n_spikes"] for r in plain]
                and table["regime"].tolist() == [r["regime"] for r in plain])
        print(f"the sweep's table equals the loops' metrics: {same}")
        regime_png(table[table["seed"] == 0], Path(args.png))
        print(f"regimes: {table['regime'].value_counts().to_dict()}; map: {args.png}")
        budget = n_cores * one + 200
        print(f"memory: one run {one:.0f} MB (RSS); budget {n_cores} x {one:.0f} + 200 = "
              f"{budget:.0f} MB; sweep peak PSS {max(r[3] for r in rows):.0f} MB, "
              f"RSS {max(r[4] for r in rows):.0f} MB")
        if args.no_dask:
            return
        with dask_cluster(workers=2, threads=1) as address:
            for turn in range(args.repeat):
                load = os.getloadavg()[0]
                t_plain, _, _ = plain_loop(spec)
                t_work, _, _ = workers_loop(spec)
                dask_out = Path(tmp) / "dask.parquet"
                wall, _, _, _, summary = timed_cli([*cli_args, "--scheduler", address,
                                                    "--out", str(dask_out)])
                print(f"dask turn {turn + 1} (load {load:.1f}): plain loop {t_plain:5.2f} s, "
                      f"workers' loop {t_work:5.2f} s, CLI sweep on 2 single-thread workers "
                      f"{wall:5.2f} s -> efficiency {t_plain / (2 * wall):4.0%} (plain), "
                      f"{t_work / (2 * wall):4.0%} (same work)")
            same = pd.read_parquet(dask_out).equals(table)
            print(f"the Dask sweep's table equals the local one: {same}")


if __name__ == "__main__":
    main()
