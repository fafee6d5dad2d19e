"""Long runs in the background: the rule that sends a run there, the managers, progress.

A run that could take longer than about half a second (:func:`is_large`, from the
worst-case cost model) is not run inside a page's callback, which would hold a server
worker with no sign of life. The page puts the validated request in a store instead,
and a Dash background callback runs it as a *job* (:mod:`dashboard.common.slots`):
admitted before anything starts, queued, run in one of the server's job slots,
reporting the network time simulated (or its place in line) to the shell's progress
bar. Cancel stops it; the figures keep the last finished run; a job that ends without
its result (killed, lost, forgotten) is answered with a sentence, never silence.

Two managers, one behaviour (:class:`SlotJobs`):

* ``REDIS_URL`` unset (``make run``, one container): :class:`LocalJobs`, Dash's
  disk-cache manager over the jobs folder (``IZHI_JOBS_DIR``); jobs are processes
  started from a fork server;
* ``REDIS_URL`` set (``make serve``, compose): :class:`CeleryJobs`, Dash's Celery
  manager; jobs run in Celery workers (``celery -A worker worker``), and any web
  instance answers any poll.

A page's background function declares two hooks with :func:`job`: ``admit`` (validate
and cap the request, raising ``ValueError`` with its sentence) and ``stopped`` (the
outputs that show a sentence and keep the figures).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from dash import CeleryManager, DiskcacheManager, Input, Output

from izhi_core import NetworkConfig
from izhi_core.config import expected_seconds

from . import slots
from .ids import SHELL
from .slots import JobBook

LARGE_RUN_SECONDS = 0.5
PROGRESS_STEPS = 40  # progress reports per run
POLL_MS = 500  # a page asks for its job's progress this often
STORE_BYTES = 200 * 2**20  # the local job store's size limit (results are evicted past it)
REDIS_ENV = "REDIS_URL"


def is_large(config: NetworkConfig) -> bool:
    """Whether ``config`` runs in the background, with a progress bar."""
    return expected_seconds(config) > LARGE_RUN_SECONDS


def progress_text(done_ms: int, total_ms: int, building: bool = False) -> tuple[float, str]:
    """Progress bar value (percent) and label: the network time simulated, or that the
    synapses are being built (before the first ms)."""
    if building:
        return 0.0, f"building the synapses (then {total_ms:,} ms to simulate)"
    return 100.0 * done_ms / total_ms, f"{done_ms:,} of {total_ms:,} ms simulated"


def waiting_progress(label: str) -> list[Any]:
    """A queued job's progress: the shell's bar at 0 and its place in line."""
    return [0, label]


def job(*, admit: Callable[..., None], stopped: Callable[[str], Any],
        waiting: Callable[[str], list[Any]] = waiting_progress) -> Callable:
    """Declare a background function's hooks (see the module's docstring); ``waiting``
    makes a queued job's progress from its label (:func:`waiting_progress`, for a
    callback whose progress is the shell's bar alone; one with more progress outputs
    gives a value to each)."""
    def mark(fn: Callable) -> Callable:
        fn.job_admit = admit
        fn.job_stopped = stopped
        fn.job_waiting = waiting
        return fn
    return mark


def register_job(app: Any, outputs: Sequence[Any], keys: Sequence[str], trigger: Any,
                 run: Callable[..., Mapping[str, Any]], *, admit: Callable[..., None],
                 stopped: Callable[[str], Mapping[str, Any]],
                 waiting: Callable[[str], list[Any]] = waiting_progress,
                 progress: Sequence[Any] = (), running: Sequence[Any] = (),
                 progress_default: Sequence[Any] | None = (0, "")) -> None:
    """Register a page's background run: ``run(set_progress, request)`` and
    ``stopped(sentence)`` answer dicts of ``keys``, given to ``outputs`` in that order;
    it starts at a change of ``trigger`` (an ``Input``), in a job slot (``admit`` first,
    see :func:`job`), with the shell's progress bar and its Cancel button, and the
    page's own ``progress`` and ``running`` outputs after the shell's (``waiting`` then
    gives a value to each of them; ``progress_default`` is the progress outputs' value
    when the job ends, None for Dash's)."""
    def in_order(out: Mapping[str, Any]) -> list[Any]:
        return [out[k] for k in keys]

    @job(admit=admit, stopped=lambda why: in_order(stopped(why)), waiting=waiting)
    def in_a_slot(set_progress: Any, request: Any) -> list[Any]:
        return in_order(run(set_progress, request))

    app.callback(
        list(outputs),
        trigger,
        background=True,
        manager=manager(),
        interval=POLL_MS,
        progress=[Output(SHELL.PROGRESS, "value"), Output(SHELL.PROGRESS, "label"),
                  *progress],
        progress_default=None if progress_default is None else list(progress_default),
        running=[
            (Output(SHELL.PROGRESS_BOX, "style"), {"display": "flex"}, {"display": "none"}),
            (Output(SHELL.CANCEL, "disabled"), False, True),
            *running,
        ],
        cancel=[Input(SHELL.CANCEL, "n_clicks")],
        prevent_initial_call=True,
    )(in_a_slot)


# The exit status of a job process that ends itself because its page stopped it while a
# kernel could not be interrupted (run_in_slot): on purpose, not a loss.
STOPPED_EXIT = 75


class DeliberateExit(logging.Filter):
    """Celery's pool logs any job process that ends while running a job as an error with
    a traceback (``WorkerLostError``). For a process that ended itself on purpose
    (:data:`STOPPED_EXIT`) this keeps one line, at warning level; any other loss (a
    crash, the OOM killer's signal) is left as Celery logs it."""

    def filter(self, record: logging.LogRecord) -> bool:
        from billiard.exceptions import WorkerLostError  # Celery's pool (the worker only)

        cause = record.exc_info[1] if record.exc_info else None
        while hasattr(cause, "exc"):  # billiard wraps it in ExceptionWithTraceback
            cause = cause.exc
        if isinstance(cause, WorkerLostError) and f"exitcode {STOPPED_EXIT} " in str(cause):
            record.msg = ("a job stopped by its page ended its process (a kernel could not "
                          "be interrupted); the pool starts a new one")
            record.args = ()
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def quiet_deliberate_exits() -> DeliberateExit:
    """Install :class:`DeliberateExit` on the logger Celery reports lost jobs with (once);
    the filter installed."""
    logger = logging.getLogger("celery.worker.request")
    for installed in logger.filters:
        if isinstance(installed, DeliberateExit):
            return installed
    installed = DeliberateExit()
    logger.addFilter(installed)
    return installed


class Stopped(BaseException):
    """The book says the job must stop (not an ``Exception``: no guard catches it)."""


def run_in_slot(fn: Callable, book: JobBook, stopped: Callable[[str], Any],
                set_progress: Callable, *args: Any) -> Any:
    """The job's body around the page's function: wait for a slot, keep a heartbeat,
    stop when the book says so. ``args`` ends with the job's id."""
    *args, job_id = args
    while (state := book.try_start(job_id)) == "wait":
        time.sleep(0.3)
    if state == "stop":
        return stopped((book.get(job_id) or {}).get("why") or slots.CANCELLED)

    import numba

    numba.set_num_threads(min(numba.config.NUMBA_NUM_THREADS,
                              slots.threads_per_job(book.slots)))
    must_stop = threading.Event()
    done = threading.Event()
    limit = slots.job_seconds()
    started = time.monotonic()

    def heartbeat() -> None:
        while not done.wait(slots.HEARTBEAT_S):
            if time.monotonic() - started > limit:
                book.stop(job_id, slots.too_long_sentence(limit))
            try:
                alive = book.beat(job_id)
            except Exception:  # the store is unreachable for now: keep running
                continue
            if not alive:
                must_stop.set()
                # a kernel between two progress reports (building the synapses) cannot
                # be interrupted: the process ends
                if not done.wait(3.0):
                    os._exit(STOPPED_EXIT)
                return

    def checked(value: Any) -> None:
        if must_stop.is_set():
            raise Stopped
        set_progress(value)

    threading.Thread(target=heartbeat, daemon=True).start()
    try:
        return fn(checked, *args)
    except Stopped:
        return stopped((book.get(job_id) or {}).get("why") or slots.CANCELLED)
    finally:
        done.set()
        book.finish(job_id)


def _page_id() -> str | None:
    """The verified id of the page load asking (Dash's signed ``endId``), or None for a
    client that never loaded the page."""
    from dash import get_app
    from dash._callback import get_request_end_id

    return get_request_end_id(get_app()._get_signing_secret())


class SlotJobs:
    """What both managers add to Dash's: admission, the queue and its slots, a unique
    key per request, and an answer for every job that ends without its result."""

    book: JobBook

    def _init_slots(self, book: JobBook) -> None:
        self.book = book
        self._stopped: dict[str, Callable[[str], Any]] = {}
        self._admit: dict[str, Callable[..., None]] = {}
        self._waiting: dict[str, Callable[[str], list[Any]]] = {}
        self._fn_key: dict[int, str] = {}

    def make_job_fn(self, fn: Callable, progress: Any, key: str | None = None) -> Any:
        if not hasattr(fn, "job_stopped"):
            raise TypeError(f"{fn.__name__}: declare its hooks with dashboard.common.jobs.job")
        self._stopped[key] = fn.job_stopped
        self._admit[key] = fn.job_admit
        self._waiting[key] = getattr(fn, "job_waiting", waiting_progress)
        wrapped = functools.partial(run_in_slot, fn, self.book, fn.job_stopped)
        job_fn = super().make_job_fn(wrapped, progress, key)
        self._fn_key[id(job_fn)] = key
        return job_fn

    def build_cache_key(self, fn: Any, args: Any, cache_args_to_ignore: Any,
                        triggered: Any) -> str:
        # Two pages asking for the same run are two jobs: each gets its own result.
        return (super().build_cache_key(fn, args, cache_args_to_ignore, triggered)
                + "-" + uuid.uuid4().hex[:16])

    def call_job_fn(self, key: str, job_fn: Any, args: Any, context: Any) -> str:
        fn = self._fn_key[id(job_fn)]
        page = _page_id()
        try:
            if page is None:
                raise ValueError(slots.NO_PAGE)
            self._admit[fn](*args)
            self.book.submit(key, page, fn)
        except ValueError as refusal:
            text = str(refusal)
            self.book.refuse(key, page, fn, text[:1].upper() + text[1:])
            self._put_result(key, self._stopped[fn](text[:1].upper() + text[1:]))
            return key
        handle = super().call_job_fn(key, job_fn, [*args, key], context)
        self.book.set_handle(key, handle)
        return key

    def terminate_job(self, job: Any) -> None:
        if job is not None:
            self.book.stop(str(job))

    def terminate_unhealthy_job(self, job: Any) -> bool:
        return False

    def job_running(self, job: Any) -> bool:
        return job is not None and self.book.running(str(job))

    def get_progress(self, key: str) -> Any:
        progress = super().get_progress(key)
        rec = self.book.get(key) if progress is None else None
        if rec is not None and rec["state"] == "queued":
            waiting = self._waiting.get(rec["fn"], waiting_progress)
            return waiting(slots.waiting_label(self.book.place(key)))
        return progress

    def get_result(self, key: str, job: Any) -> Any:
        result = super().get_result(key, job)
        if result is not self.UNDEFINED:
            return result
        rec = self.book.polled(key)
        why = self.book.ended_without_result(rec)
        if why is None:
            return self.UNDEFINED
        stopped = self._stopped.get((rec or {}).get("fn", ""))
        if stopped is None:  # forgotten: the page's only background function
            stopped = next(iter(self._stopped.values()))
        return stopped(why)


class LocalJobs(SlotJobs, DiskcacheManager):
    """Jobs as processes from a fork server; results and the book in the jobs folder."""

    def __init__(self, folder: str, book: JobBook) -> None:
        import diskcache

        self._init_slots(book)
        super().__init__(diskcache.Cache(folder, size_limit=STORE_BYTES))

    def _put_result(self, key: str, value: Any) -> None:
        self.handle.set(key, value)


class CeleryJobs(SlotJobs, CeleryManager):
    """Jobs as Celery tasks; results, progress and the book in Redis."""

    def __init__(self, celery: Any, book: JobBook) -> None:
        self._init_slots(book)
        super().__init__(celery)

    def _put_result(self, key: str, value: Any) -> None:
        from _plotly_utils.utils import PlotlyJSONEncoder

        self.handle.backend.set(key, json.dumps(value, cls=PlotlyJSONEncoder))


def jobs_folder() -> str:
    return os.environ.get("IZHI_JOBS_DIR") or os.path.join(tempfile.gettempdir(), "izhi-jobs")


def celery_app(url: str) -> Any:
    """The Celery app of the background jobs: Redis as broker and result store."""
    from celery import Celery

    app = Celery("izhi", broker=url, backend=url)
    app.conf.update(
        result_expires=600,  # an uncollected result is gone after 10 minutes
        task_acks_late=False,  # a job lost with its worker is not run again unasked
        worker_prefetch_multiplier=1,  # a worker takes one waiting job per free slot
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
    )
    return app


_MANAGER: SlotJobs | None = None


def manager() -> SlotJobs:
    """The server's job manager (one per process): Celery with ``REDIS_URL``, else local.

    Local jobs start from a fork server, not by forking the web worker: the worker may
    have run numba's parallel kernels, and a process that has used GNU OpenMP (numba's
    threading layer where libgomp is installed) must not fork. The fork server is a
    fresh process that imports the core and the page's modules once and never runs a
    kernel.
    """
    global _MANAGER
    if _MANAGER is not None:
        return _MANAGER
    slot_count = slots.slot_count()
    queue = slots._positive_env(slots.QUEUE_ENV, slots.DEFAULT_QUEUE)
    url = os.environ.get(REDIS_ENV, "").strip()
    if url:
        _MANAGER = CeleryJobs(celery_app(url),
                              JobBook(slots.RedisStore(url), slot_count, queue))
        return _MANAGER

    import multiprocess

    if multiprocess.get_start_method(allow_none=True) != "forkserver":
        multiprocess.set_start_method("forkserver", force=True)
        multiprocess.set_forkserver_preload(
            ["izhi_core", "izhi_core.figures", "dash", "dashboard.common.jobs"])
    # Started now, not at the first job: its imports take seconds on a cold machine, which
    # the first large run would otherwise wait for with an empty progress bar. (Not from a
    # job, which imports the server's main module again, and this with it.)
    if not getattr(multiprocess.current_process(), "_inheriting", False):
        from multiprocess import forkserver

        forkserver.ensure_running()
    folder = jobs_folder()
    _MANAGER = LocalJobs(folder, JobBook(slots.DiskStore(os.path.join(folder, "book")),
                                         slot_count, queue))
    return _MANAGER
