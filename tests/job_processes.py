"""The processes of a stack of ``make serve`` that run its jobs, and whether they work:
for the tests that kill, stop or cancel a job and check that its process let go."""

from __future__ import annotations

import time

import psutil
import serve  # tests/conftest.py puts scripts/ on the path


def job_processes(stack: serve.Launched) -> list[psutil.Process]:
    """The processes that run jobs: the Celery worker's pool, or the fork server's
    children."""
    found = []
    for proc in psutil.process_iter(["cmdline", "environ"]):
        try:
            if (proc.info["environ"] or {}).get("IZHI_SERVE_TAG") != stack.tag:
                continue
            cmd = " ".join(proc.info["cmdline"] or [])
            parent = " ".join(proc.parent().cmdline())
        except (psutil.Error, AttributeError):
            continue
        if ("celery" in cmd and "celery" in parent) or "forkserver" in parent:
            found.append(proc)
    return found


def busy_job(stack: serve.Launched, wait: float = 30.0) -> psutil.Process:
    """The job process using the CPU now: the busiest of them over half a second, if it
    used a tenth of a core (the suite's other worker may be taking most of the
    machine: a share, not a whole core, is what a running job is sure to get)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        procs = job_processes(stack)
        for proc in procs:
            proc.cpu_percent(None)
        time.sleep(0.5)
        shares = []
        for proc in procs:
            try:
                shares.append((proc.cpu_percent(None), proc))
            except psutil.Error:
                continue
        if shares:
            share, proc = max(shares, key=lambda pair: pair[0])
            if share > 10:
                return proc
    raise AssertionError("no job process is busy")


def idle(proc: psutil.Process) -> bool:
    """Whether ``proc`` has ended or used under a tenth of a core for a second."""
    try:
        proc.cpu_percent(None)
        time.sleep(1.0)
        return proc.cpu_percent(None) < 10
    except psutil.NoSuchProcess:
        return True
