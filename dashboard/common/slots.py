"""Job slots and the queue of background jobs, shared by every web instance and worker.

A large run (and later a sweep) is a *job*: asked for by one page load, admitted
(validated and capped) before anything starts, queued in order, run in one of N
*slots* (``IZHI_JOB_SLOTS``; by default from the cores and the memory), and watched
while it runs. The book of jobs (:class:`JobBook`) is one small document in the same
store as the results, so any web instance can answer any poll:

* the local store: the jobs folder (a ``diskcache.Cache``; one machine, any number of
  gunicorn workers), used when ``REDIS_URL`` is not set;
* Redis (``REDIS_URL``), beside Celery's broker and results: several web instances and
  workers.

Each record says who asked (the page load's id, Dash's signed ``end_id``), where the
job stands (queued, running, done, stopped and why) and two clocks: the page's last
poll and the job's last heartbeat. A job whose page stopped polling is *abandoned* and
stops; a running job whose heartbeat stopped (a killed process, a lost worker) is
*lost*, and the next poll answers with a sentence instead of waiting for ever.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

SLOTS_ENV = "IZHI_JOB_SLOTS"
QUEUE_ENV = "IZHI_JOB_QUEUE"
SECONDS_ENV = "IZHI_JOB_SECONDS"
DEFAULT_JOB_SECONDS = 300  # one job's time in its slot at most
DOC_KEY = "izhi:jobs"

ACTIVE = ("queued", "running")
HEARTBEAT_S = 1.0  # a running job writes its heartbeat this often
LOST_S = 3.5  # a running job silent this long is lost (the page says so within 5 s)
ABANDON_S = 12.0  # a job whose page has not polled this long is stopped
KEEP_S = 120.0  # finished records (and their results) are forgotten after this
DEFAULT_QUEUE = 30  # jobs waiting at most, all pages together
JOB_BYTES = 700 * 2**20  # peak memory of the largest run the server admits
WEB_BYTES = 600 * 2**20  # kept for the web workers, the proxy and the store

# Sentences a page shows when a job ends without its result.
NO_PAGE = ("Large runs start from the page: reload it and press Run again "
           "(this request came without a page's id).")
ABANDONED = ("This run was stopped because the page stopped asking for it "
             "(a closed tab or a sleeping laptop); press Run again.")
LOST = ("This run stopped before it finished (its process ended or the server "
        "restarted); the figures show the last finished run. Press Run again.")
FORGOTTEN = ("The server no longer knows this run (it restarted, or the run "
             "expired); the figures show the last finished run. Press Run again.")
REPLACED = "This run was replaced by a newer one from the same page."


def too_long_sentence(seconds: int) -> str:
    took = f"{seconds // 60} minutes" if seconds >= 120 else f"{seconds} seconds"
    return (f"This run was stopped after {took}, the longest one run may "
            "take on this server (a network firing on every step, perhaps); try a shorter "
            "duration, fewer neurons or weaker excitation, or the command line.")
CANCELLED = "This run was cancelled."


def busy_sentence(waiting: int) -> str:
    return (f"The server is busy: {waiting} large runs are already waiting "
            f"(at most {waiting} may wait); try again in a minute.")


def _cgroup_memory() -> int | None:
    """The container's memory limit (cgroup v2 or v1), or None without one."""
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            text = open(path).read().strip()  # noqa: SIM115 - one short read
        except OSError:
            continue
        if text.isdigit() and int(text) < 2**60:
            return int(text)
    return None


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_slots() -> int:
    """As many slots as cores, but no more than the memory holds (:data:`JOB_BYTES`
    each, after :data:`WEB_BYTES` for the rest of the server)."""
    import psutil

    memory = min(filter(None, (_cgroup_memory(), psutil.virtual_memory().total)))
    by_memory = max(1, (memory - WEB_BYTES) // JOB_BYTES)
    return int(max(1, min(cores(), by_memory)))


def _positive_env(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise SystemExit(f"{name} must be a whole number of at least 1 (got {text!r}).")
    return int(text)


def job_seconds() -> int:
    """The longest a job may run in its slot: ``IZHI_JOB_SECONDS`` or 300."""
    return _positive_env(SECONDS_ENV, DEFAULT_JOB_SECONDS)


def slot_count() -> int:
    """N, the jobs that run at once on this server: ``IZHI_JOB_SLOTS`` or the default."""
    return _positive_env(SLOTS_ENV, 0) or default_slots()


def threads_per_job(slots: int | None = None) -> int:
    """numba threads of one job: the cores shared by the slots."""
    return max(1, cores() // (slots or slot_count()))


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def waiting_label(place: int) -> str:
    """The progress bar's label of a queued job: ``place`` 1 is next, 0 starting."""
    return f"waiting for a free slot: {ordinal(place)} in line" if place else "starting"


class Busy(ValueError):
    """The queue is full: the sentence says so."""


# -- the two stores ------------------------------------------------------------------

class DiskStore:
    """The book in a ``diskcache.Cache``: one machine, every process (SQLite's lock)."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self._cache = None

    @property
    def cache(self) -> Any:
        if self._cache is None:
            import diskcache

            self._cache = diskcache.Cache(self.folder)
        return self._cache

    def __getstate__(self) -> dict[str, Any]:  # a job process opens its own handle
        return {"folder": self.folder, "_cache": None}

    @contextmanager
    def locked(self) -> Iterator[None]:
        with self.cache.transact():
            yield

    def load(self) -> dict[str, Any]:
        return self.cache.get(DOC_KEY) or {}

    def save(self, doc: dict[str, Any]) -> None:
        self.cache.set(DOC_KEY, doc)


class RedisStore:
    """The book in Redis, under a Redis lock: every instance and worker of a stack."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._redis = None

    @property
    def redis(self) -> Any:
        if self._redis is None:
            import redis

            self._redis = redis.Redis.from_url(self.url, socket_timeout=5,
                                               socket_connect_timeout=5)
        return self._redis

    def __getstate__(self) -> dict[str, Any]:
        return {"url": self.url, "_redis": None}

    @contextmanager
    def locked(self) -> Iterator[None]:
        with self.redis.lock(DOC_KEY + ":lock", timeout=10, blocking_timeout=10):
            yield

    def load(self) -> dict[str, Any]:
        text = self.redis.get(DOC_KEY)
        return json.loads(text) if text else {}

    def save(self, doc: dict[str, Any]) -> None:
        self.redis.set(DOC_KEY, json.dumps(doc), ex=int(KEEP_S * 10))


# -- the book --------------------------------------------------------------------------

class JobBook:
    """Every job of one server: admitted, queued in order, running in a slot, ended.

    Parameters
    ----------
    store : DiskStore or RedisStore
        Where the book lives; shared by every process of the server.
    slots : int
        Jobs running at once, all pages together.
    queue : int
        Jobs waiting at most; one more is refused (:class:`Busy`).
    """

    def __init__(self, store: Any, slots: int, queue: int = DEFAULT_QUEUE,
                 clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.slots = slots
        self.queue = queue
        self.clock = clock

    @contextmanager
    def _edit(self) -> Iterator[dict[str, Any]]:
        with self.store.locked():
            doc = self.store.load()
            self._prune(doc, self.clock())
            yield doc
            self.store.save(doc)

    def _prune(self, doc: dict[str, Any], now: float) -> None:
        for job_id, rec in list(doc.items()):
            # a dead job first: after a restart its page has not polled either
            if rec["state"] == "running" and now - rec["beat"] > LOST_S:
                self._end(rec, now, "stopped", LOST)
            elif rec["state"] in ACTIVE and now - rec["poll"] > ABANDON_S:
                self._end(rec, now, "stopped", ABANDONED)
            elif rec["state"] not in ACTIVE and now - rec["ended"] > KEEP_S:
                del doc[job_id]

    @staticmethod
    def _end(rec: dict[str, Any], now: float, state: str, why: str | None) -> None:
        rec.update(state=state, why=why, ended=now)

    # the web's side

    def submit(self, job_id: str, page: str, fn: str) -> None:
        """Queue a job for ``page`` (stopping that page's other jobs: one per page)."""
        now = self.clock()
        with self._edit() as doc:
            for rec in doc.values():
                if rec["page"] == page and rec["state"] in ACTIVE:
                    self._end(rec, now, "stopped", REPLACED)
            waiting = sum(rec["state"] == "queued" for rec in doc.values())
            if waiting >= self.queue:
                raise Busy(busy_sentence(self.queue))
            doc[job_id] = dict(page=page, fn=fn, state="queued", why=None, asked=now,
                               poll=now, beat=now, ended=0.0, handle=None)

    def refuse(self, job_id: str, page: str | None, fn: str, why: str) -> None:
        """Record a job refused before it started (its sentence is its result)."""
        now = self.clock()
        with self._edit() as doc:
            doc[job_id] = dict(page=page or "", fn=fn, state="stopped", why=why, asked=now,
                               poll=now, beat=now, ended=now, handle=None)

    def set_handle(self, job_id: str, handle: Any) -> None:
        with self._edit() as doc:
            if job_id in doc:
                doc[job_id]["handle"] = handle

    def polled(self, job_id: str) -> dict[str, Any] | None:
        """A poll of ``job_id``'s page: its record (None if unknown), its clock reset."""
        with self._edit() as doc:
            rec = doc.get(job_id)
            if rec is not None and rec["state"] in ACTIVE:
                rec["poll"] = self.clock()
            return None if rec is None else dict(rec)

    def get(self, job_id: str) -> dict[str, Any] | None:
        """``job_id``'s record as it stands, read without the lock."""
        rec = self.store.load().get(job_id)
        return None if rec is None else dict(rec)

    def place(self, job_id: str) -> int:
        """1 for the next job to wait for a slot, 2 behind it, ...; 0 unless queued
        (or queued with a free slot for it: it is starting)."""
        doc = self.store.load()
        rec = doc.get(job_id)
        if rec is None or rec["state"] != "queued":
            return 0
        ahead = sum(other["state"] == "queued" and other["asked"] < rec["asked"]
                    for other in doc.values())
        free = self.slots - sum(other["state"] == "running" for other in doc.values())
        return max(0, 1 + ahead - max(0, free))

    def stop(self, job_id: str, why: str = CANCELLED) -> None:
        with self._edit() as doc:
            rec = doc.get(job_id)
            if rec is not None and rec["state"] in ACTIVE:
                self._end(rec, self.clock(), "stopped", why)

    def running(self, job_id: str) -> bool:
        """Whether ``job_id``'s result may still come: queued, running and alive, or
        just done (its result is stored right after)."""
        rec = self.get(job_id)
        if rec is None or rec["state"] == "stopped":
            return False
        if rec["state"] == "done":
            return self.clock() - rec["ended"] <= LOST_S
        return rec["state"] == "queued" or self.clock() - rec["beat"] <= LOST_S

    # the job's side

    def try_start(self, job_id: str) -> str:
        """``"run"`` when ``job_id`` may take a slot now, ``"wait"``, or ``"stop"``."""
        now = self.clock()
        with self._edit() as doc:
            rec = doc.get(job_id)
            if rec is None or rec["state"] not in ACTIVE:
                return "stop"
            if rec["state"] == "running":
                return "run"
            busy = sum(other["state"] == "running" for other in doc.values())
            first = min((other["asked"], key) for key, other in doc.items()
                        if other["state"] == "queued")
            if busy < self.slots and first[1] == job_id:
                rec.update(state="running", beat=now, started=now)
                return "run"
            return "wait"

    def beat(self, job_id: str) -> bool:
        """The running job's heartbeat; False when it must stop (cancelled, abandoned,
        replaced, or forgotten by a restarted store)."""
        with self._edit() as doc:
            rec = doc.get(job_id)
            if rec is None or rec["state"] != "running":
                return False
            rec["beat"] = self.clock()
            return True

    def finish(self, job_id: str) -> None:
        with self._edit() as doc:
            rec = doc.get(job_id)
            if rec is not None and rec["state"] in ACTIVE:
                self._end(rec, self.clock(), "done", None)

    def ended_without_result(self, rec: dict[str, Any] | None) -> str | None:
        """The sentence for a poll that found no result, or None to keep waiting."""
        if rec is None:
            return FORGOTTEN
        if rec["state"] == "stopped":
            return rec["why"] or LOST
        if rec["state"] == "running" and self.clock() - rec["beat"] > LOST_S:
            return LOST
        if rec["state"] == "done" and self.clock() - rec["ended"] > LOST_S:
            return LOST  # finished, but its result never arrived (evicted, or lost)
        return None
