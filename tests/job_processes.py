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
    """The job process using the CPU now."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        procs = job_processes(stack)
        for proc in procs:
            proc.cpu_percent(None)
        time.sleep(0.5)
        for proc in procs:
            try:
                if proc.cpu_percent(None) > 30:
                    return proc
            except psutil.Error:
                continue
    raise AssertionError("no job process is busy")


def idle(proc: psutil.Process) -> bool:
    """Whether ``proc`` has ended or used under a tenth of a core for a second."""
    try:
        proc.cpu_percent(None)
        time.sleep(1.0)
        return proc.cpu_percent(None) < 10
    except psutil.NoSuchProcess:
        return True
