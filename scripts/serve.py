"""The production stack in the foreground, without containers (``make serve``).

    python scripts/serve.py [--instances N] [--no-redis]

nginx on HOST:PORT (127.0.0.1:8050) -> INSTANCES gunicorn instances
(``gunicorn -c gunicorn.conf.py app:server``, each on a loopback port of its own, served
round-robin) -> redis-server (its own port, deploy/redis.conf) -> the Celery worker
(``celery -A worker worker --pool prefork --concurrency $IZHI_JOB_SLOTS ...``, worker.py
from the repository's root). With REDIS=0 (``--no-redis``): nginx -> one gunicorn with
local jobs in IZHI_JOBS_DIR, the image's default command, one container's shape.

It waits until every part answers (each gunicorn's /healthz, Redis's PING, the worker
waiting on the queue, then /healthz through nginx) and prints one line with the URL.
Ctrl-C or SIGTERM stops every part, each in its own process group, and exits 0; if a
part dies, it says which, stops the rest and exits 1. Each part's output is printed
with its name in front. Each part gets a signal from the kernel if this process dies.

Environment (flags win): HOST, PORT; INSTANCES (1); REDIS (1; 0 for local jobs);
WEB_CONCURRENCY, GUNICORN_* (each instance's, gunicorn.conf.py); IZHI_SECRET_KEY
(random per start unless given; the same for every instance and the worker);
IZHI_JOB_SLOTS (large runs at once; with Redis the worker's concurrency, as the app
counts it: dashboard.common.slots, from the cores and memory unless given); IZHI_JOBS_DIR (without
Redis; in the runtime folder unless given); IZHI_RUNTIME_DIR (configuration, sockets,
temp files; a fresh temporary folder, removed at the end, unless given);
IZHI_START_TIMEOUT (300 s); IZHI_STOP_GRACE (10 s before a part that has not stopped is
killed); IZHI_CONN_PER_CLIENT (nginx_conf.py).
"""

from __future__ import annotations

import argparse
import ctypes
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(Path(__file__).resolve().parent), str(ROOT)]
import nginx_conf  # noqa: E402
from smoke_http import fetch, free_port, free_ports  # noqa: E402

from dashboard.common import slots  # noqa: E402  (standard library only; no dash)

REDIS_CONF = ROOT / "deploy" / "redis.conf"
STOPPED_BY = {signal.SIGINT: "Ctrl-C", signal.SIGTERM: "SIGTERM", signal.SIGHUP: "SIGHUP"}


def say(text: str) -> None:
    sys.stdout.write(f"serve: {text}\n")  # one write: the parts' lines do not cut into it
    sys.stdout.flush()


@dataclass
class Part:
    """One process of the stack: how to start it and how to tell it answers."""

    name: str
    argv: list[str]
    env: dict[str, str]
    ready: Callable[[], bool]
    # what the kernel sends the part if serve.py dies (PR_SET_PDEATHSIG)
    death_signal: int = signal.SIGTERM
    proc: subprocess.Popen | None = None
    status: int | None = None  # exit code once reaped (negative: killed by that signal)
    answered: bool = False
    threads: list[threading.Thread] = field(default_factory=list)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.status is None


# -- readiness checks ---------------------------------------------------------------------


def answers_ok(url: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            status, body = fetch(url, timeout=5)
        except OSError:
            return False
        return status == 200 and body.strip() == b"ok"
    return check


def redis_call(port: int, *args: str) -> bytes:
    """One Redis command on 127.0.0.1:``port``; its reply's payload (RESP, read whole)."""
    request = f"*{len(args)}\r\n" + "".join(f"${len(a)}\r\n{a}\r\n" for a in args)
    with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
        conn.sendall(request.encode())
        reply = b""
        while b"\r\n" not in reply:
            chunk = conn.recv(65536)
            if not chunk:
                break
            reply += chunk
        head, _, rest = reply.partition(b"\r\n")
        if head.startswith(b"$") and int(head[1:]) >= 0:  # a bulk string: read it all
            size = int(head[1:])
            while len(rest) < size:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                rest += chunk
            return rest[:size]
        return head


def redis_answers(port: int) -> Callable[[], bool]:
    def check() -> bool:
        try:
            return redis_call(port, "PING") == b"+PONG"
        except OSError:
            return False
    return check


def worker_waits(port: int) -> Callable[[], bool]:
    """A Celery worker is ready once a connection blocks on the queue (BRPOP): the
    consumer, after its pool has started."""
    def check() -> bool:
        try:
            return b"cmd=brpop" in redis_call(port, "CLIENT", "LIST")
        except OSError:
            return False
    return check


# -- the stack ----------------------------------------------------------------------------


def positive(name: str, text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise SystemExit(f"serve: {name} must be a whole number from 1 (got {text!r}).")
    return int(text)


def truthy(text: str) -> bool:
    return text.strip().lower() not in ("0", "no", "false", "off", "")


def plan(args: argparse.Namespace, runtime: Path) -> tuple[list[Part], str]:
    """The parts to start, in the order they stop (front first), and a one-line shape."""
    host = os.environ.get("HOST", "127.0.0.1")
    port = positive("PORT", os.environ.get("PORT", "8050"))
    instances = args.instances
    if instances > 1 and not args.redis:
        raise SystemExit("serve: INSTANCES > 1 needs Redis (REDIS=1): a background run "
                         "started through one instance is polled through another.")
    base = {k: v for k, v in os.environ.items() if k not in ("HOST", "PORT")}
    base["IZHI_SECRET_KEY"] = os.environ.get("IZHI_SECRET_KEY") or secrets.token_hex(32)
    if args.redis or os.environ.get(slots.SLOTS_ENV):
        # the app's own count (given, or from the cores and memory), written down once so
        # that the worker's concurrency and every instance agree
        base[slots.SLOTS_ENV] = str(slots.slot_count())

    parts: list[Part] = []
    # distinct, and not the front's (a test's front port was chosen the same way)
    *web_ports, redis_port = free_ports(instances + 1, avoid={port})
    if args.redis:
        base["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
    else:
        base.pop("REDIS_URL", None)  # local jobs, whatever the caller's environment says
        base.setdefault("IZHI_JOBS_DIR", str(runtime / "jobs"))

    upstreams = [nginx_conf.host_port("127.0.0.1", p) for p in web_ports]
    conf = nginx_conf.write(runtime / "nginx", nginx_conf.host_port(host, port), upstreams)
    front = f"http://{nginx_conf.host_port(host, port)}"
    parts.append(Part("nginx", nginx_conf.command(conf), dict(base),
                      answers_ok(front + "/healthz")))

    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:server"]
    for k, web_port in enumerate(web_ports, 1):
        env = {**base, "HOST": "127.0.0.1", "PORT": str(web_port)}
        parts.append(Part(f"web-{k}", gunicorn, env,
                          answers_ok(f"http://127.0.0.1:{web_port}/healthz")))
    shape = f"nginx -> {instances} gunicorn instance{'s' if instances > 1 else ''}"

    if args.redis:
        celery = [sys.executable, "-m", "celery", "-A", "worker", "worker",
                  "--pool", "prefork", "--concurrency", base["IZHI_JOB_SLOTS"],
                  "--without-gossip", "--without-mingle", "--loglevel", "INFO"]
        # Killed outright if serve.py dies: its warm shutdown would wait for the running
        # jobs and hang writing its log to a dead serve.py's pipe; the pool's processes
        # end with it.
        parts.append(Part("worker", celery, dict(base), worker_waits(redis_port),
                          death_signal=signal.SIGKILL))
        shape += f" -> redis -> celery worker ({base['IZHI_JOB_SLOTS']} job slots)"
        redis_dir = runtime / "redis"
        redis_dir.mkdir(exist_ok=True)
        redis = [redis_binary(), str(REDIS_CONF), "--bind", "127.0.0.1",
                 "--port", str(redis_port), "--dir", str(redis_dir)]
        parts.append(Part("redis", redis, dict(base), redis_answers(redis_port)))
    else:
        shape += f", local jobs in {base['IZHI_JOBS_DIR']}"
    return parts, f"{front} ({shape})"


def redis_binary() -> str:
    found = shutil.which("redis-server") or shutil.which("redis-server", path="/usr/bin")
    if not found:
        raise SystemExit("serve: redis-server is not installed: `apt-get install "
                         "redis-server` (Debian's package), or REDIS=0 for local jobs.")
    return found


# -- processes ----------------------------------------------------------------------------


_libc = ctypes.CDLL(None, use_errno=True)
PR_SET_PDEATHSIG = 1


def _dies_with_serve(signum: int) -> Callable[[], None]:
    def in_child() -> None:
        # After fork, before exec (start_new_session has made it a group leader): a
        # signal when serve.py dies, so that no part outlives it even after a kill -9.
        _libc.prctl(PR_SET_PDEATHSIG, signum)
    return in_child


def pump(part: Part, stream) -> None:
    """Copy a part's output, a line at a time, with its name in front."""
    for raw in iter(stream.readline, b""):
        line = raw.decode("utf-8", "replace").rstrip("\n")
        sys.stdout.write(f"{part.name:<7}| {line}\n")
        sys.stdout.flush()
    stream.close()


def start(part: Part) -> None:
    part.proc = subprocess.Popen(part.argv, cwd=ROOT, env=part.env, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 start_new_session=True,
                                 preexec_fn=_dies_with_serve(part.death_signal))


def reap(parts: list[Part]) -> None:
    """Collect every exited child (as pid 1 in a container, orphans too)."""
    by_pid = {p.proc.pid: p for p in parts if p.running}
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        if pid in by_pid:
            by_pid[pid].status = os.waitstatus_to_exitcode(status)


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a member changed user (nginx's workers as nobody)
        return True
    return True


def signal_group(part: Part, signum: int) -> None:
    if part.proc is not None:
        try:
            os.killpg(part.proc.pid, signum)
        except (ProcessLookupError, PermissionError):
            pass


def stop(parts: list[Part], grace: float) -> None:
    """Stop front to back: nginx (no new requests), then the web instances and the
    worker, then Redis; each part's whole process group, killed after ``grace`` s."""
    waves = [[p for p in parts if p.name == "nginx"],
             [p for p in parts if p.name not in ("nginx", "redis")],
             [p for p in parts if p.name == "redis"]]
    for wave in waves:
        for part in wave:
            signal_group(part, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            reap(parts)
            if not any(p.running or group_alive(p.proc.pid) for p in wave if p.proc):
                break
            time.sleep(0.1)
        for part in wave:
            if part.proc is not None and (part.running or group_alive(part.proc.pid)):
                say(f"{part.name} did not stop within {grace:.0f} s: killed")
                signal_group(part, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while any(p.running for p in parts) and time.monotonic() < deadline:
        reap(parts)
        time.sleep(0.05)
    for part in parts:
        for thread in part.threads:
            thread.join(timeout=2)


def describe(part: Part) -> str:
    status = part.status
    how = f"was killed by signal {-status}" if status is not None and status < 0 else \
        f"exited with status {status}"
    return f"{part.name} (pid {part.proc.pid}) {how}"


def run(args: argparse.Namespace) -> int:
    given_runtime = os.environ.get("IZHI_RUNTIME_DIR")
    runtime = Path(given_runtime or tempfile.mkdtemp(prefix="izhi-serve-"))
    runtime.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        runtime.chmod(0o755)  # nginx's workers (nobody, when root starts it) work in it
    stop_signal: list[int] = []

    def on_signal(signum, _frame):
        stop_signal.append(signum)

    for signum in STOPPED_BY:
        signal.signal(signum, on_signal)
    parts: list[Part] = []
    try:
        parts, shape = plan(args, runtime)
        for part in reversed(parts):  # Redis first, nginx last
            start(part)
        for part in parts:
            thread = threading.Thread(target=pump, args=(part, part.proc.stdout), daemon=True)
            thread.start()
            part.threads.append(thread)
        code = supervise(parts, shape, stop_signal, args.start_timeout)
        stop(parts, args.stop_grace)
        say("stopped")
        return code
    finally:
        for part in parts:  # whatever happened above, nothing is left running
            signal_group(part, signal.SIGKILL)
        if not given_runtime:
            shutil.rmtree(runtime, ignore_errors=True)


def supervise(parts: list[Part], shape: str, stop_signal: list[int],
              start_timeout: float) -> int:
    """Wait for every part to answer, then for a signal or a part's death: the exit code."""
    deadline = time.monotonic() + start_timeout
    ready = False
    while True:
        reap(parts)
        if stop_signal:
            say(f"{STOPPED_BY[stop_signal[0]]}: stopping")
            return 0
        dead = [p for p in parts if not p.running]
        if dead:
            say(f"{describe(dead[0])}; stopping the rest")
            return 1
        if not ready:
            # nginx last: asked before gunicorn listens, it would only log 502s
            back, front = parts[1:], parts[0]
            for part in back:
                part.answered = part.answered or part.ready()
            if all(p.answered for p in back):
                front.answered = front.answered or front.ready()
            if all(p.answered for p in parts):
                ready = True
                say(f"ready at {shape}; Ctrl-C stops it")
            elif time.monotonic() > deadline:
                late = ", ".join(p.name for p in parts if not p.answered)
                say(f"{late} did not answer within {start_timeout:.0f} s; stopping")
                return 1
        time.sleep(0.2 if not ready else 0.5)


# -- for tests and benchmarks ------------------------------------------------------------


class Launched:
    """``scripts/serve.py`` started as a subprocess, as the tests and the load bench
    start the stack: nginx on a free port, the output in ``log``, and every process of
    the stack tagged (IZHI_SERVE_TAG in its environment) so that leftovers can be found.
    """

    def __init__(self, log: Path, env: dict[str, str] | None = None,
                 args: tuple[str, ...] = ()) -> None:
        self.tag = secrets.token_hex(8)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.groups: set[int] = set()
        full_env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(self.port),
                    "IZHI_SERVE_TAG": self.tag, **(env or {})}
        with open(log, "wb") as out:
            self.proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), *args],
                                         cwd=ROOT, env=full_env, stdout=out,
                                         stderr=subprocess.STDOUT)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_ready(self, timeout: float = 300) -> str:
        """The stack's URL once serve.py has said it is ready."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "serve: ready at " in self.output():
                # nginx and redis-server rewrite their environment (their process
                # titles), so the parts are known by their process groups too.
                self.groups = {pgid for pid, ppid, pgid in processes()
                               if ppid == self.proc.pid}
                return self.base
            if self.proc.poll() is not None:
                raise RuntimeError(f"serve.py exited with {self.proc.returncode}:\n"
                                   f"{self.output()[-4000:]}")
            time.sleep(0.2)
        raise RuntimeError(f"serve.py was not ready in {timeout:.0f} s:\n{self.output()[-4000:]}")

    def stop(self, signum: int = signal.SIGINT, timeout: float = 60) -> int:
        """Send ``signum`` (Ctrl-C's by default) and return serve.py's exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signum)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise RuntimeError(f"serve.py did not stop in {timeout:.0f} s") from None

    def pids(self) -> list[int]:
        """The stack's processes (serve.py's aside): in its parts' process groups, or
        tagged in their environment (nginx and redis-server rewrite theirs)."""
        mark = f"IZHI_SERVE_TAG={self.tag}".encode()
        found = []
        for pid, _, pgid in processes():
            if pid == self.proc.pid:
                continue
            try:
                if pgid in self.groups or mark in Path(f"/proc/{pid}/environ").read_bytes(
                        ).split(b"\0"):
                    found.append(pid)
            except OSError:  # gone meanwhile, or not ours to read
                continue
        return found

    def leftovers(self) -> list[str]:
        """The command lines of the stack's processes still running."""
        found = []
        for pid in self.pids():
            try:
                found.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
                             .decode(errors="replace").strip())
            except OSError:
                continue
        return found

    def memory(self) -> int:
        """Bytes the whole stack uses now (nginx and Redis included): the sum of its
        processes' proportional set sizes, each shared page split between its sharers."""
        total = 0
        for pid in self.pids():
            try:
                with open(f"/proc/{pid}/smaps_rollup") as rollup:
                    total += next(int(line.split()[1]) * 1024 for line in rollup
                                  if line.startswith("Pss:"))
            except (OSError, StopIteration):
                continue
        return total


def processes() -> list[tuple[int, int, int]]:
    """(pid, parent pid, process group) of every live process (Linux's /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (command) "
        if fields[0] != "Z":  # a zombie has ended; only its parent's wait is due
            found.append((int(entry.name), int(fields[1]), int(fields[2])))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int,
                        default=positive("INSTANCES", os.environ.get("INSTANCES", "1")),
                        help="gunicorn instances behind nginx (INSTANCES, 1)")
    parser.add_argument("--no-redis", dest="redis", action="store_false",
                        default=truthy(os.environ.get("REDIS", "1")),
                        help="local jobs instead of Redis and a Celery worker (REDIS=0)")
    parser.add_argument("--start-timeout", type=float,
                        default=float(os.environ.get("IZHI_START_TIMEOUT", "300")))
    parser.add_argument("--stop-grace", type=float,
                        default=float(os.environ.get("IZHI_STOP_GRACE", "10")))
    args = parser.parse_args()
    if args.instances < 1:
        parser.error("--instances must be at least 1")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
