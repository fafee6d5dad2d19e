"""gunicorn settings for ``gunicorn -c gunicorn.conf.py app:server`` (the container's command).

Every knob comes from the environment, with defaults for one small machine:

HOST, PORT          where to listen (127.0.0.1:8050; the image sets HOST=0.0.0.0)
WEB_CONCURRENCY     worker processes (2: one per core of a small machine)
GUNICORN_THREADS    threads per worker (1; see the numba note below)
GUNICORN_TIMEOUT    seconds a request may take before its worker is restarted (120)

numba's threading layer: the default, ``workqueue``. It aborts the process
("Concurrent access has been detected") when two threads of one process enter a
``parallel=True`` kernel at once, and the sparse networks' kernels are parallel.
With one thread per worker process (the sync worker) a process runs one request
at a time, so that never happens; more users are served by more processes
(WEB_CONCURRENCY) or more containers. GUNICORN_THREADS > 1 is refused unless
NUMBA_THREADING_LAYER names a thread-safe layer (``omp`` needs libgomp1, ``tbb``
the tbb wheel; neither is in the image).

preload_app stays off: each worker imports the app itself, loading the kernels
from the numba cache in about a second, so no numba or LLVM state (nor a
threading layer's pool) crosses a fork, whichever layer is set.
"""

from __future__ import annotations

import os


def _int_env(name: str, default: int, low: int = 1) -> int:
    text = os.environ.get(name, "").strip() or str(default)
    try:
        value = int(text)
    except ValueError:
        raise SystemExit(
            f"gunicorn.conf.py: {name} must be a whole number (got {text!r})."
        ) from None
    if value < low:
        raise SystemExit(f"gunicorn.conf.py: {name} must be at least {low} (got {value}).")
    return value


_host = os.environ.get("HOST", "127.0.0.1")
_port = _int_env("PORT", 8050)
bind = [f"[{_host}]:{_port}" if ":" in _host else f"{_host}:{_port}"]

workers = _int_env("WEB_CONCURRENCY", 2)
threads = _int_env("GUNICORN_THREADS", 1)
if threads > 1 and os.environ.get("NUMBA_THREADING_LAYER", "") not in (
    "omp", "tbb", "threadsafe", "safe",
):
    raise SystemExit(
        "gunicorn.conf.py: GUNICORN_THREADS > 1 needs NUMBA_THREADING_LAYER=omp or tbb "
        "(numba's default workqueue layer aborts when threads share a parallel kernel); "
        "raise WEB_CONCURRENCY instead."
    )
# With threads == 1 this is the sync worker, whose timeout bounds each request:
# a worker silent for `timeout` seconds is killed and replaced.
worker_class = "sync" if threads == 1 else "gthread"
timeout = _int_env("GUNICORN_TIMEOUT", 120)
graceful_timeout = 30
preload_app = False

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# Nothing is written outside /tmp and /dev/shm (both tmpfs in the container):
# no control socket (gunicorn >= 25 opens one under $HOME by default), the
# workers' heartbeat files in memory.
control_socket_disable = True
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
