"""A real Dask cluster on 127.0.0.1 for the tests and the sweep bench: a ``dask scheduler``
and ``dask worker`` processes from this venv, as a person would start them."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DASK = str(Path(sys.executable).with_name("dask"))
START_TIMEOUT_S = 60


@contextlib.contextmanager
def dask_cluster(workers: int = 2, threads: int = 1) -> Iterator[str]:
    """Start a scheduler and ``workers`` worker processes (no nanny, ``threads`` threads
    each, NUMBA_NUM_THREADS=1, izhi_core on their path); yield the scheduler's address;
    stop them all."""
    from distributed import Client

    env = {**os.environ, "NUMBA_NUM_THREADS": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    procs: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="izhi-dask-") as tmp:
        info = Path(tmp) / "scheduler.json"
        quiet = {"stdout": subprocess.DEVNULL, "stderr": open(Path(tmp) / "log", "w")}
        try:
            procs.append(subprocess.Popen(
                [DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                 "--scheduler-file", str(info)], env=env, **quiet))
            deadline = time.monotonic() + START_TIMEOUT_S
            while not info.exists() or not info.read_text().strip():
                if time.monotonic() > deadline or procs[0].poll() is not None:
                    raise RuntimeError("the Dask scheduler did not start")
                time.sleep(0.05)
            address = json.loads(info.read_text())["address"]
            for i in range(workers):
                procs.append(subprocess.Popen(
                    [DASK, "worker", address, "--host", "127.0.0.1", "--nthreads",
                     str(threads), "--no-nanny", "--no-dashboard", "--name", f"w{i}",
                     "--local-directory", tmp], env=env, cwd=tmp, **quiet))
            with Client(address, timeout=START_TIMEOUT_S) as client:
                client.wait_for_workers(workers, timeout=START_TIMEOUT_S)
            yield address
        finally:
            for proc in reversed(procs):
                proc.terminate()
            for proc in reversed(procs):
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            quiet["stderr"].close()
