"""izhi_core.sweep end to end, with real worker processes and a real Dask cluster: the
table equals a plain loop over simulate(), whatever runs it; seeds, resume, cancel."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest
from dask_cluster import dask_cluster

from izhi_core import NetworkConfig, simulate
from izhi_core.fields import FIELDS, FieldError
from izhi_core.metrics import run_metrics
from izhi_core.sweep import (
    METRICS,
    Axis,
    DaskExecutor,
    LocalExecutor,
    ResultsFolder,
    SweepError,
    SweepSpec,
    results_table,
    run_sweep,
    write_table,
)

ROOT = Path(__file__).resolve().parents[1]

# Small and short: every regime but silence and runaway within a few seconds.
BASE = NetworkConfig(ne=160, ni=40, duration=400)
PLANE = SweepSpec(BASE, (Axis.parse("exc_weight=0:2:3"), Axis.parse("inh_weight=0,2")),
                  seeds=2)
# Fast mode, sparse networks (numba's parallel kernel) and a scenario axis.
MIXED = SweepSpec(BASE, (Axis.parse("mode=exact,fast"), Axis.parse("inputs=20,200"),
                         Axis.parse("weights=S1,S2")))


def loop_rows(spec: SweepSpec) -> list[dict]:
    """What a person would write: simulate() and run_metrics() of each point."""
    return [{**p.config.to_dict(), **run_metrics(simulate(p.config))} for p in spec.points()]


def table_rows(table: pd.DataFrame) -> list[dict]:
    """The table's rows as plain Python values, None for a missing one."""
    return [{k: (None if v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v)
             for k, v in row.items()} for row in table.to_dict("records")]


def without(rows: list[dict], *names: str) -> list[dict]:
    return [{k: v for k, v in row.items() if k not in names} for row in rows]


@pytest.fixture(scope="module")
def pool():
    """Two local workers, kept from test to test (as a page would keep them)."""
    with LocalExecutor(2) as executor:
        yield executor


@pytest.fixture(scope="module")
def plane_table(pool) -> pd.DataFrame:
    return results_table(run_sweep(PLANE, executor=pool))


def test_the_table_is_a_plain_loop_over_simulate(plane_table):
    assert list(plane_table.columns) == [*FIELDS, *METRICS]
    expected = loop_rows(PLANE)
    assert table_rows(plane_table) == expected  # spike counts and every metric, exactly
    regimes = set(plane_table["regime"])
    assert {"synchronous bursting", "asynchronous irregular"} <= regimes, regimes


def test_fast_mode_sparse_networks_and_scenarios_are_a_plain_loop_too(pool):
    table = results_table(run_sweep(MIXED, executor=pool))
    assert list(table.columns) == [*FIELDS, "weights", *METRICS]
    assert table["weights"].tolist() == ["S1", "S2"] * 4
    assert without(table_rows(table), "weights") == loop_rows(MIXED)


def test_replicate_seeds_differ_and_come_back_the_same(plane_table, pool):
    with LocalExecutor(1) as one:
        again = results_table(run_sweep(PLANE, executor=one))
    pd.testing.assert_frame_equal(again, plane_table)
    assert plane_table["seed"].tolist() == [0, 1] * 6
    for _, cell in plane_table.groupby(["exc_weight", "inh_weight"]):
        assert cell["n_spikes"].nunique() == 2, cell  # two seeds, two different runs
    shifted = results_table(run_sweep(SweepSpec(BASE.replace(seed=1), PLANE.axes, seeds=2),
                                      executor=pool))
    # seeds 1, 2: seed 1's runs are those of the first sweep's second replicate
    first = plane_table[plane_table["seed"] == 1].reset_index(drop=True)
    second = shifted[shifted["seed"] == 1].reset_index(drop=True)
    pd.testing.assert_frame_equal(first, second)


def test_the_same_sweep_on_a_real_dask_cluster_gives_the_same_table(plane_table, tmp_path):
    with dask_cluster(workers=2, threads=1) as address:
        by_address = results_table(run_sweep(PLANE, executor=address))
        # the CLI finds the scheduler in the environment
        cli = subprocess.run(
            [sys.executable, "-m", "izhi_core", "sweep", "--ne", "160", "--ni", "40",
             "--duration", "400", "--vary", "exc_weight=0:2:3", "--vary", "inh_weight=0,2",
             "--seeds", "2", "--out", str(tmp_path / "t.parquet"), "--summary"],
            capture_output=True, text=True, cwd=ROOT, timeout=300,
            env={**os.environ, "DASK_SCHEDULER_ADDRESS": address})
        with DaskExecutor(address) as dask:
            assert dask.workers == 2
            mixed = results_table(run_sweep(MIXED, executor=dask))
            # an executor made by the caller stays open for the next sweep
            again = results_table(run_sweep(PLANE, executor=dask))
    assert cli.returncode == 0, cli.stderr
    assert json.loads(cli.stdout)["executor"] == "dask" and "Dask cluster at" in cli.stderr
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "t.parquet"), plane_table)
    pd.testing.assert_frame_equal(by_address, plane_table)
    pd.testing.assert_frame_equal(again, plane_table)
    assert without(table_rows(mixed), "weights") == loop_rows(MIXED)


def test_a_scheduler_that_is_not_there_is_one_sentence():
    with pytest.raises(FieldError) as err:
        DaskExecutor("tcp://127.0.0.1:9", timeout=1)
    assert err.value.field == "scheduler"
    assert "must be the address of a running Dask scheduler" in str(err.value)
    assert "'tcp://127.0.0.1:9'" in str(err.value)


def test_results_come_as_they_complete_with_progress(pool):
    calls = []
    results = list(run_sweep(PLANE, executor=pool,
                             progress=lambda done, total: calls.append((done, total))))
    assert sorted(r.point.index for r in results) == list(range(PLANE.n_points))
    assert calls[0] == (0, 12) and calls[-1] == (12, 12)
    assert [d for d, _ in calls] == list(range(13))


def alive_workers(parent: psutil.Process) -> list[psutil.Process]:
    return [p for p in parent.children() if p.is_running() and p.status() != "zombie"]


LONG = SweepSpec(NetworkConfig(ne=400, ni=100), (Axis.parse("exc_weight=0:1:41"),), seeds=4)


@pytest.mark.parametrize("how", ["cancel", "close"])
def test_a_stopped_sweep_stops_its_workers_at_once(how):
    me = psutil.Process()
    before = {p.pid for p in alive_workers(me)}
    stop = False
    executor = LocalExecutor(2)
    sweep = run_sweep(LONG, executor=executor, cancel=lambda: stop)
    first = next(sweep)
    workers = [p for p in alive_workers(me) if p.pid not in before]
    assert len(workers) == 2
    assert all(w.environ()["NUMBA_NUM_THREADS"] == "1" for w in workers)
    start = time.perf_counter()
    if how == "cancel":
        stop = True
        rest = list(sweep)
        assert len(rest) < LONG.n_points - 1
    else:
        sweep.close()
    gone, alive = psutil.wait_procs(workers, timeout=5)
    assert not alive and time.perf_counter() - start < 2.0
    assert first.metrics["n_spikes"] > 0
    # the executor starts new workers for the next sweep
    with executor:
        assert len(list(run_sweep(PLANE, executor=executor))) == PLANE.n_points


def test_a_worker_that_dies_fails_the_sweep_and_takes_the_others_down():
    me = psutil.Process()
    before = {p.pid for p in alive_workers(me)}
    sweep = run_sweep(LONG, executor=LocalExecutor(2))
    next(sweep)
    workers = [p for p in alive_workers(me) if p.pid not in before]
    workers[0].kill()  # as the kernel's OOM killer would
    with pytest.raises(SweepError, match=rf"process {workers[0].pid}\) stopped, with exit "
                                         r"status -9"):
        list(sweep)
    _, alive = psutil.wait_procs(workers, timeout=5)
    assert not alive


def test_a_results_folder_keeps_runs_and_gives_them_back(tmp_path, pool):
    folder = tmp_path / "runs"
    first = results_table(run_sweep(PLANE, executor=pool, resume=folder))
    lines = (folder / "results.jsonl").read_text().splitlines()
    assert len(lines) == PLANE.n_points
    # extended by a value on an axis: only its points run
    wider = SweepSpec(BASE, (Axis.parse("exc_weight=0:2:3"), Axis.parse("inh_weight=0,1,2")),
                      seeds=2)
    results = list(run_sweep(wider, executor=pool, resume=folder))
    assert sum(not r.reused for r in results) == 6 and len(results) == 18
    table = results_table(results)
    pd.testing.assert_frame_equal(
        table[table["inh_weight"] != 1].reset_index(drop=True), first)
    assert table_rows(table) == loop_rows(wider)


def test_a_torn_last_line_is_dropped_and_a_folder_is_one_sweeps_at_a_time(tmp_path, pool):
    folder = tmp_path / "runs"
    list(run_sweep(PLANE, executor=pool, resume=folder))
    path = folder / "results.jsonl"
    text = path.read_text()
    path.write_text(text + text.splitlines()[0][:40])  # a writer killed mid-line
    with ResultsFolder(folder) as open_folder:
        assert len(open_folder) == PLANE.n_points
        assert path.read_text() == text
        with pytest.raises(FieldError, match="is in use by another sweep"):
            ResultsFolder(folder)
    (folder / "sweep.json").write_text('{"metrics": ["n_spikes"]}')
    with pytest.raises(FieldError, match="other metrics; give a new folder"):
        ResultsFolder(folder)


def test_the_table_writes_as_parquet_and_csv(plane_table, tmp_path):
    write_table(plane_table, tmp_path / "t.parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "t.parquet"), plane_table)
    write_table(plane_table, tmp_path / "t.csv")
    back = pd.read_csv(tmp_path / "t.csv")
    assert list(back.columns) == list(plane_table.columns)
    assert back["n_spikes"].tolist() == plane_table["n_spikes"].tolist()
    assert back["inputs"].isna().all()  # all-to-all: an empty cell
    with pytest.raises(FieldError, match=r"must end in \.parquet or \.csv"):
        write_table(plane_table, tmp_path / "t.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv", "t.parquet"]
