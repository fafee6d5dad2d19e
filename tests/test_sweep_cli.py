"""python -m izhi_core sweep end to end: the table, the summary, a resume after SIGKILL,
and bad input (exit 2, one sentence, never a traceback)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest

from izhi_core import NetworkConfig
from izhi_core.fields import FIELDS
from izhi_core.sweep import METRICS, Axis, LocalExecutor, SweepSpec, results_table, run_sweep
from izhi_core.sweep.cli import main

ROOT = Path(__file__).resolve().parents[1]
PROG = "python -m izhi_core sweep: error: "
SMALL = ["--ne", "160", "--ni", "40", "--duration", "400"]


def sweep(*args, **kw):
    return subprocess.run([sys.executable, "-m", "izhi_core", "sweep", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=300, **kw)


def test_a_plane_with_seeds_to_parquet_and_csv(tmp_path):
    out = sweep(*SMALL, "--vary", "exc_weight=0:2:3", "--vary", "inh-weight=0,2", "--seeds",
                "2", "--weights", "S1", "--out", str(tmp_path / "plane.parquet"), "--summary")
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["points"] == summary["computed"] == 12 and summary["reused"] == 0
    assert summary["executor"] == "local" and summary["workers"] >= 1
    assert sum(summary["regimes"].values()) == 12
    assert "3 x 2 x 2 seeds = 12 points" in out.stderr and "12/12" in out.stderr
    table = pd.read_parquet(tmp_path / "plane.parquet")
    assert list(table.columns) == [*FIELDS, *METRICS]
    spec = SweepSpec(NetworkConfig(ne=160, ni=40, duration=400, exc_weight=0.6,
                                   inh_weight=1.6),
                     (Axis.parse("exc_weight=0:2:3"), Axis.parse("inh_weight=0,2")), seeds=2)
    with LocalExecutor(1) as one:
        pd.testing.assert_frame_equal(table, results_table(run_sweep(spec, executor=one)))
    assert table["exc_weight"].tolist() == [0.0] * 4 + [1.0] * 4 + [2.0] * 4
    assert (table["exc_noise"] == 5.0).all() and table["seed"].tolist() == [0, 1] * 6

    out = sweep(*SMALL, "--vary", "exc_type=RS,CH", "--mode", "fast", "--workers", "1",
                "--out", str(tmp_path / "types.csv"))
    assert out.returncode == 0, out.stderr
    assert out.stdout == ""
    csv = pd.read_csv(tmp_path / "types.csv")
    assert csv["exc_type"].tolist() == ["RS", "CH"] and (csv["mode"] == "fast").all()
    assert csv["n_spikes"].iloc[1] > csv["n_spikes"].iloc[0]


KILLED = ["--ne", "400", "--ni", "100", "--duration", "500", "--vary", "exc_weight=0:1:50",
          "--seeds", "4", "--workers", "1"]


def test_a_sweep_killed_halfway_resumes_with_only_the_missing_points(tmp_path):
    runs = tmp_path / "runs"
    lines = runs / "results.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "izhi_core", "sweep", *KILLED, "--resume",
                             str(runs)], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not (lines.exists() and lines.read_bytes().count(b"\n") >= 1):
        assert proc.poll() is None and time.monotonic() < deadline, "no run finished"
        time.sleep(0.01)
    workers = psutil.Process(proc.pid).children()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    _, alive = psutil.wait_procs(workers, timeout=10)  # no worker outlives its sweep
    assert not alive
    kept = lines.read_bytes().count(b"\n")
    assert 0 < kept < 200, kept

    out = sweep(*KILLED[:-2], "--resume", str(runs), "--out", str(tmp_path / "t.parquet"),
                "--summary")
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert (summary["reused"], summary["computed"]) == (kept, 200 - kept)
    assert f"{kept:,} of them in {runs}" in out.stderr
    table = pd.read_parquet(tmp_path / "t.parquet")
    spec = SweepSpec(NetworkConfig(ne=400, ni=100, duration=500),
                     (Axis.parse("exc_weight=0:1:50"),), seeds=4)
    with LocalExecutor(2) as pool:
        pd.testing.assert_frame_equal(table, results_table(run_sweep(spec, executor=pool)))
    assert lines.read_bytes().count(b"\n") == 200

    again = sweep(*KILLED[:-2], "--resume", str(runs), "--summary")  # nothing left to run
    assert json.loads(again.stdout)["computed"] == 0


def test_ctrl_c_stops_the_sweep_and_its_workers_and_keeps_the_finished_runs(tmp_path):
    runs = tmp_path / "runs"
    proc = subprocess.Popen([sys.executable, "-m", "izhi_core", "sweep", *KILLED, "--resume",
                             str(runs)], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while not (runs / "results.jsonl").exists() or not (runs / "results.jsonl").stat().st_size:
        assert proc.poll() is None and time.monotonic() < deadline, "no run finished"
        time.sleep(0.01)
    workers = psutil.Process(proc.pid).children()
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends: to every process
    err = proc.communicate(timeout=60)[1]
    assert proc.returncode == 130
    assert err.rstrip().endswith(f"interrupted; the finished runs are in {runs}.")
    assert "Traceback" not in err
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive


@pytest.mark.parametrize("args, words", [
    (["--vary", "foo=1,2"], ["--vary foo=1,2: An axis must vary one of the fields"]),
    (["--vary", "exc_weight=0:3:5"], ["--vary exc_weight=0:3:5: Excitatory weight must be a "
                                      "number from 0 to 2 mV/ms (got '3')."]),
    (["--vary", "exc_type=0:1:3"], ["Excitatory type has no range"]),
    (["--vary", "seed=1,2", "--seeds", "2"], ["--seeds: Give either seed replicates"]),
    (["--seeds", "0"], ["--seeds: Seed replicates must be a whole number from 1 to 1,000"]),
    (["--vary", "ne=1000,4000", "--vary", "ni=500,2000"], ["--vary: An all-to-all network",
                                                          "at the point ne=4000, ni=2000"]),
    (["--ne", "-1"], ["--ne: Excitatory neurons must be a whole number from 0 to 250,000"]),
    (["--weights", "S9"], ["--weights: Weight scenario must be one of"]),
    (["--out", "plane.xlsx"], ["--out: The table's file must end in .parquet or .csv"]),
    (["--out", "/no/such/folder/t.csv"], ["--out: The table's folder must exist"]),
    (["--resume", "/proc/version/runs"], ["--resume: The results folder must be a folder "
                                          "this user can write"]),
    (["--workers", "0"], ["--workers: Workers must be a whole number from 1 to 1,024"]),
    (["--scheduler", "tcp://127.0.0.1:1", "--workers", "2"], ["--workers: give it for "
                                                              "processes on this machine"]),
    (["--scheduler", "nonsense://x"], ["--scheduler: The scheduler must be the address of a "
                                       "running Dask scheduler (got 'nonsense://x'"]),
    (["--frobnicate"], ["unrecognized arguments: --frobnicate"]),
    ([], ["give --out FILE (.parquet or .csv) or --resume DIR"]),
])
def test_bad_input_is_exit_2_and_one_sentence(args, words, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main([*args, "--summary"] if args else []) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err
    assert err.startswith(PROG) and err.count("\n") == 1, err
    for word in words:
        assert word in err, (word, err)
    assert list(tmp_path.iterdir()) == []


def test_bad_input_from_the_shell_has_no_traceback(tmp_path):
    for args in (["--vary", "inh_weight=0:2:0", "--summary"],
                 ["--vary", "exc_weight=0,1", "--resume", str(tmp_path / "f" / "x" / "..")]):
        (tmp_path / "f").write_text("a file, not a folder")
        out = sweep(*args)
        assert out.returncode == 2 and out.stdout == ""
        assert out.stderr.startswith(PROG) and out.stderr.count("\n") == 1, out.stderr
        assert "Traceback" not in out.stderr


def test_the_sweep_has_its_own_help_and_a_bare_run_is_still_one_network():
    out = sweep("--help")
    assert out.returncode == 0 and "--vary FIELD=VALUES" in out.stdout
    assert "--scheduler ADDRESS" in out.stdout and "--exc-weight" in out.stdout
    one = subprocess.run([sys.executable, "-m", "izhi_core", "--duration", "100", "--summary"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert one.returncode == 0 and json.loads(one.stdout)["n_spikes"] > 0
