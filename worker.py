"""The Celery worker of the background jobs: ``celery -A worker worker --concurrency N``.

It runs the pages' background functions (large runs, sweeps) for every web instance
of a server that shares its ``REDIS_URL``. It imports the app, so that the same
functions are registered under the same task names, but never runs a kernel before
its pool forks (``IZHI_ROLE=worker`` skips the app's warm-up): a process that has run
numba's OpenMP threads must not fork. Each job uses cores / slots numba threads.
"""

from __future__ import annotations

import os

from dashboard.common import slots

os.environ["IZHI_ROLE"] = "worker"
os.environ.setdefault("NUMBA_NUM_THREADS", str(slots.threads_per_job()))
if not os.environ.get("REDIS_URL"):
    raise SystemExit("worker.py: set REDIS_URL (e.g. redis://127.0.0.1:6379/0): the worker "
                     "takes its jobs from Redis.")

import app as _dash_app  # noqa: E402,F401  (registers the background functions)
from dashboard.common import jobs  # noqa: E402

celery = jobs.manager().handle
jobs.quiet_deliberate_exits()
