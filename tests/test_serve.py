"""scripts/serve.py (``make serve``) as the stack's supervisor, with real nginx,
gunicorn, redis-server and a Celery worker: it starts every part, tells when all
answer, round-robins over two web instances, hands them and the worker one secret
and one slot count, and leaves nothing running after Ctrl-C, after a part dies, or
after it is killed itself.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import time
from pathlib import Path

import pytest
import requests
import serve

pytestmark = pytest.mark.slow

FULL = {"INSTANCES": "2", "REDIS": "1", "WEB_CONCURRENCY": "1", "IZHI_JOB_SLOTS": "2"}


def environ_of(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode().split("=", 1) for item in raw if b"=" in item)


def parts_of(stack: serve.Launched) -> dict[str, int]:
    """Each part's leader (serve.py's child) by the name serve.py gives it."""
    names = {}
    for pid, ppid, _ in serve.processes():
        if ppid == stack.proc.pid:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            for name, mark in (("nginx", "nginx"), ("redis", "redis-server"),
                               ("worker", "celery")):
                if mark in cmdline:
                    names[name] = pid
            if "gunicorn" in cmdline:
                port = environ_of(pid)["PORT"]
                names[f"web:{port}"] = pid
    return names


def refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        return True
    return False


def wait_for(condition, seconds: float, what) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what()
        time.sleep(0.2)


def test_the_full_stack_answers_round_robin_and_ctrl_c_stops_all_of_it(tmp_path):
    stack = serve.Launched(tmp_path / "serve.log", FULL)
    try:
        base = stack.wait_ready(300)
        out = stack.output()
        assert f"serve: ready at {base} (nginx -> 2 gunicorn instances -> redis -> " \
               f"celery worker (2 job slots)); Ctrl-C stops it" in out
        assert re.search(r"concurrency: 2 \(prefork\)", out)  # the worker's banner
        parts = parts_of(stack)
        assert {"nginx", "redis", "worker"} <= set(parts) and len(parts) == 5, parts

        # one secret, one slot count, one Redis for every web instance and the worker
        shared = [environ_of(pid) for name, pid in parts.items()
                  if name.startswith("web:") or name == "worker"]
        for key in ("IZHI_SECRET_KEY", "IZHI_JOB_SLOTS", "REDIS_URL"):
            assert len({env[key] for env in shared}) == 1, key
        assert len(shared[0]["IZHI_SECRET_KEY"]) == 64

        for _ in range(10):
            assert requests.get(base + "/healthz", timeout=30).text == "ok"
        # nginx speaks HTTP/1.0 to gunicorn; serve.py's own checks HTTP/1.1
        through_nginx = re.findall(r'^(web-\d) +\| .*"GET /healthz HTTP/1\.0" 200',
                                   stack.output(), re.M)
        assert through_nginx.count("web-1") >= 4 and through_nginx.count("web-2") >= 4
    finally:
        code = stack.stop(signal.SIGINT)
    out = stack.output()
    assert code == 0, out[-3000:]
    assert "serve: Ctrl-C: stopping" in out and out.rstrip().endswith("serve: stopped")
    assert stack.leftovers() == []
    assert refused(stack.port)
    assert "Traceback" not in out, out[-5000:]


def test_a_part_that_dies_stops_the_rest_and_says_which(tmp_path):
    stack = serve.Launched(tmp_path / "serve.log", {"REDIS": "0", "WEB_CONCURRENCY": "1"})
    try:
        stack.wait_ready(300)
        master = int(re.search(r"web-1 +\| .*Listening at: \S+ \((\d+)\)",
                               stack.output()).group(1))
        os.kill(master, signal.SIGKILL)  # as the OOM killer would
        code = stack.proc.wait(60)
    finally:
        stack.stop()
    assert code == 1
    assert f"serve: web-1 (pid {master}) was killed by signal 9; stopping the rest" \
        in stack.output()
    assert stack.leftovers() == []  # its workers and nginx too
    assert refused(stack.port)


def test_nothing_outlives_serve_killed_outright(tmp_path):
    stack = serve.Launched(tmp_path / "serve.log", {**FULL, "INSTANCES": "1"})
    try:
        stack.wait_ready(300)
        assert len(parts_of(stack)) == 4
        os.kill(stack.proc.pid, signal.SIGKILL)  # no chance to stop anything itself
        stack.proc.wait(10)
        # each part got a signal from the kernel as serve.py died (PR_SET_PDEATHSIG)
        wait_for(lambda: not stack.leftovers(), 40, lambda: f"left: {stack.leftovers()}")
    finally:
        stack.stop()
    assert refused(stack.port)


def test_several_instances_without_redis_are_refused_with_a_sentence(tmp_path):
    stack = serve.Launched(tmp_path / "serve.log", {"INSTANCES": "2", "REDIS": "0"})
    assert stack.proc.wait(60) == 1
    assert "INSTANCES > 1 needs Redis (REDIS=1)" in stack.output()
    assert stack.leftovers() == []
