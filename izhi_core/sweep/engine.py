"""The sweep engine: points in batches to local processes or a Dask cluster, results out.

:func:`run_sweep` yields each point's metrics as it completes, from whichever
executor runs the batches: :class:`LocalExecutor` (processes on this machine, the
default) or :class:`DaskExecutor` (an existing Dask distributed cluster). Both run
the same function on the same batches (:func:`izhi_core.sweep.worker.run_batch`),
so a sweep's table is the same whatever runs it.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import uuid
import weakref
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any, Protocol

from ..fields import FieldError, shown
from .pipe import read_message, write_message
from .spec import Point, SweepSpec, point_seconds
from .store import ResultsFolder

Batch = list[dict[str, Any]]
CancelFn = Callable[[], bool]
ProgressFn = Callable[[int, int], None]

BATCH_SECONDS = 0.25
"""Estimated time of one batch, s: a few ms of messages per batch stay below 1%, and
a cancelled sweep stops within about this long on a cluster."""

BATCHES_PER_WORKER = 4
"""At least this many batches a worker, so that the last ones end together."""

_POLL_S = 0.1  # how often a local sweep waiting for results asks its cancel callback


class SweepError(RuntimeError):
    """A worker failed or went away (not bad input: points are validated before)."""


@dataclass(frozen=True)
class PointResult:
    """One finished point.

    Attributes
    ----------
    point : Point
        The run (its index, configuration and weight scenario).
    metrics : dict
        :func:`izhi_core.metrics.run_metrics` of the run.
    reused : bool
        True where the results folder had it from before (not computed again).
    """

    point: Point
    metrics: dict[str, Any]
    reused: bool = False


class Executor(Protocol):
    """What runs a sweep's batches: ``workers`` of them at once."""

    workers: int

    def map_batches(self, batches: Sequence[Batch], cancel: CancelFn | None = None
                    ) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        """Yield ``(batch number, its metrics)`` as batches complete; stop when
        ``cancel()`` is true. Closing the iterator early stops the batches left."""

    def close(self) -> None:
        """Release the workers (an executor made by the caller is the caller's to close)."""


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


_ROOT = str(Path(__file__).resolve().parents[2])  # the folder izhi_core is in


class LocalExecutor:
    """Worker processes on this machine, each a fresh Python running one numba thread.

    Parameters
    ----------
    workers : int, optional
        Processes (default: one per core this process may use).

    Notes
    -----
    Each worker is started afresh (``python -c``, as multiprocessing's spawn), never
    forked: a process that has run numba's kernels, or imported GNU OpenMP, must not
    fork. Not through multiprocessing itself, because NUMBA_NUM_THREADS=1 has to be in
    a worker's environment before it imports numba, and a spawned child imports its
    parent's ``__main__`` (``izhi_core`` and numba, for ``python -m izhi_core``) with
    its parent's environment before any initializer runs. One thread each because the
    processes already fill the cores. A worker loads the kernels from numba's cache at
    its first run and keeps them, and its random stream, from batch to batch. Workers
    start at the first :meth:`map_batches` and stay for the next until :meth:`close`,
    but a sweep stopped early kills them (its running batches are not waited for).
    """

    def __init__(self, workers: int | None = None) -> None:
        self.workers = cores() if workers is None else _check_workers(workers)
        self._procs: list[subprocess.Popen[bytes]] = []
        # an executor dropped without close() still ends its workers
        weakref.finalize(self, _kill, self._procs)

    def start(self, n: int | None = None) -> None:
        """Start ``n`` workers (default: all) now, before the first batch: they load
        numba while the caller prepares the sweep."""
        n = self.workers if n is None else min(n, self.workers)
        gone = [proc for proc in self._procs if proc.poll() is not None]
        if gone:  # died while the executor waited between sweeps
            _kill(gone)
            self._procs[:] = [proc for proc in self._procs if proc.returncode is None]
        env = dict(os.environ, NUMBA_NUM_THREADS="1",
                   PYTHONPATH=os.pathsep.join(filter(None, (_ROOT,
                                                            os.environ.get("PYTHONPATH")))))
        while len(self._procs) < n:
            self._procs.append(subprocess.Popen(
                [sys.executable, "-c", "from izhi_core.sweep.worker import serve; serve()"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, bufsize=0))

    def map_batches(self, batches: Sequence[Batch], cancel: CancelFn | None = None
                    ) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        """Run ``batches`` on the workers; see :class:`Executor`."""
        self.start(len(batches))
        queue = deque(enumerate(batches))
        busy = {proc.stdout: 0 for proc in self._procs}
        owner = {proc.stdout: proc for proc in self._procs}
        complete = False

        def feed(proc: subprocess.Popen[bytes]) -> None:
            if queue:
                try:
                    write_message(proc.stdin, queue.popleft())
                except BrokenPipeError:
                    raise _stopped(proc) from None
                busy[proc.stdout] += 1

        try:
            # Two batches a worker: the second waits in its pipe while the first's
            # results travel back, so no worker waits for the parent.
            for _ in range(2):
                for proc in self._procs:
                    feed(proc)
            while any(busy.values()):
                ready = wait([s for s, n in busy.items() if n], timeout=_POLL_S)
                if cancel is not None and cancel():
                    return
                for stream in ready:
                    message = read_message(stream)
                    if message is None:
                        raise _stopped(owner[stream])
                    number, metrics, error = message
                    if error is not None:
                        raise SweepError(f"A sweep worker failed:\n{error}")
                    busy[stream] -= 1
                    feed(owner[stream])
                    yield number, metrics
            complete = True
        finally:
            if not complete:
                _kill(self._procs)

    def close(self) -> None:
        """End the workers: each leaves its loop when its pipe closes."""
        for proc in self._procs:
            proc.stdin.close()
        for proc in self._procs:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
        _kill(self._procs)

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _stopped(proc: subprocess.Popen[bytes]) -> SweepError:
    return SweepError(f"A sweep worker (process {proc.pid}) stopped, with exit status "
                      f"{proc.wait()}.")


def _kill(procs: list[subprocess.Popen[bytes]]) -> None:
    """Kill the processes (SIGKILL: a running batch is not waited for), reap them, and
    empty the list."""
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
    for proc in procs:
        proc.wait()
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None:
                pipe.close()
    procs.clear()


def _check_workers(workers: Any) -> int:
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise FieldError(f"Workers must be a whole number, at least 1 (got {shown(workers)}).",
                         "workers")
    return workers


def run_batch(configs: Batch) -> list[dict[str, Any]]:
    """:func:`izhi_core.sweep.worker.run_batch`, imported where it runs: a Dask worker
    loads numba and the kernels, the process that submits does not need to."""
    from .worker import run_batch as run

    return run(configs)


class DaskExecutor:
    """An existing Dask distributed cluster: ``dask scheduler`` and ``dask worker``\\ s.

    Parameters
    ----------
    address : str, optional
        The scheduler's address (``tcp://host:8786``).
    client : distributed.Client, optional
        A client already connected (the caller's to close); instead of ``address``.
    timeout : float
        Seconds to wait for the scheduler.

    Notes
    -----
    The workers need only ``izhi_core`` importable (and its requirements). Start them
    with one thread each (``dask worker ADDRESS --nthreads 1``, as many as cores) and
    NUMBA_NUM_THREADS=1: the processes fill the cores, and numba's parallel kernel must
    not be called from two threads of one process at once (the worker serialises it).
    Batches are submitted a few per worker thread at a time and gathered with
    ``as_completed(..., with_results=True)``; stopping early cancels the batches not
    yet run (a running one ends, and its result is dropped).
    """

    def __init__(self, address: str | None = None, *, client: Any = None,
                 timeout: float = 10.0) -> None:
        from distributed import Client

        if (address is None) == (client is None):
            raise ValueError("give either the scheduler's address or a client.")
        self._owned = client is None
        if client is None:
            try:
                client = Client(address, timeout=timeout, set_as_default=False)
            except (OSError, TimeoutError, ValueError) as err:
                raise FieldError(f"The scheduler must be the address of a running Dask "
                                 f"scheduler (got {shown(address)}: "
                                 f"{str(err).splitlines()[0] if str(err) else err!r})."
                                 , "scheduler") from None
        self.client = client
        self.address = client.scheduler.address
        self.workers = max(1, sum(client.nthreads().values()))

    def map_batches(self, batches: Sequence[Batch], cancel: CancelFn | None = None
                    ) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        """Run ``batches`` on the cluster; see :class:`Executor`."""
        from distributed import as_completed

        tag = uuid.uuid4().hex[:12]
        queue = deque(enumerate(batches))
        numbers: dict[str, int] = {}
        pending: dict[str, Any] = {}

        def submit() -> Any:
            number, batch = queue.popleft()
            future = self.client.submit(run_batch, batch, key=f"izhi-sweep-{tag}-{number}",
                                        pure=False)
            numbers[future.key] = number
            pending[future.key] = future
            return future

        window = min(len(queue), 3 * self.workers)
        done = as_completed([submit() for _ in range(window)], loop=self.client.loop,
                            with_results=True)
        try:
            for future, metrics in done:
                pending.pop(future.key)
                if cancel is not None and cancel():
                    return
                if queue:
                    done.add(submit())
                yield numbers.pop(future.key), metrics
        finally:
            if pending:
                self.client.cancel(list(pending.values()))

    def close(self) -> None:
        """Disconnect, if this executor made the client (never stops the cluster)."""
        if self._owned:
            self.client.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _group(point: Point) -> tuple[Any, ...]:
    """Points that share a random stream (izhi_core.network.draws_key) group together:
    a worker draws it once for the lot."""
    c = point.config
    return (c.mode, c.inputs or 0, c.seed, c.ne, c.ni, c.duration)


def batches_of(points: Sequence[Point], workers: int,
               seconds: float = BATCH_SECONDS) -> list[list[Point]]:
    """The points in batches of about ``seconds`` each, at least
    :data:`BATCHES_PER_WORKER` per worker, runs that share a random stream together."""
    if not points:
        return []
    mean = sum(point_seconds(p.config) for p in points) / len(points)
    most = math.ceil(len(points) / (workers * BATCHES_PER_WORKER))
    size = max(1, min(most, round(seconds / max(mean, 1e-6))))
    ordered = sorted(points, key=lambda p: (_group(p), p.index))
    batches: list[list[Point]] = []
    for point in ordered:
        if batches and len(batches[-1]) < size and _group(batches[-1][-1]) == _group(point):
            batches[-1].append(point)
        else:
            batches.append([point])
    return batches


def run_sweep(
    spec: SweepSpec,
    *,
    executor: Executor | str | None = None,
    progress: ProgressFn | None = None,
    resume: str | os.PathLike[str] | ResultsFolder | None = None,
    cancel: CancelFn | None = None,
) -> Iterator[PointResult]:
    """Run a sweep, yielding each point's metrics as it completes.

    Parameters
    ----------
    spec : SweepSpec
        What to run (:attr:`SweepSpec.n_points` points, about
        :meth:`SweepSpec.expected_seconds` s).
    executor : Executor or str, optional
        What runs the batches: None, a :class:`LocalExecutor` on every core; a
        scheduler's address (``"tcp://host:8786"``), a :class:`DaskExecutor` on it; or
        an executor made by the caller (left open, for the next sweep).
    progress : callable(done, total), optional
        Called with the points finished (those reused from ``resume`` included) and
        the sweep's points: once before the first run, then after each point.
    resume : path or ResultsFolder, optional
        A results folder: points already in it are yielded first (``reused``) and not
        run; each finished batch is added to it at once, so a killed or extended sweep
        run again on it computes only what is missing.
    cancel : callable() -> bool, optional
        Asked between results (locally, at least every 0.1 s): when it returns True
        the sweep stops submitting, stops its workers and ends.

    Yields
    ------
    PointResult
        In the order of completion; :func:`izhi_core.sweep.table.results_table` puts
        them in the spec's order.

    Notes
    -----
    Closing the generator (``close()``, ``break`` and garbage collection, an
    exception in the loop) stops the sweep as ``cancel`` does. A folder or executor
    given as a path or address is opened here (a bad one raises
    :class:`~izhi_core.fields.FieldError` at once) and closed when the sweep ends.
    """
    if not isinstance(spec, SweepSpec):
        raise FieldError(f"A sweep needs a SweepSpec (got {type(spec).__name__}).")
    folder = resume if isinstance(resume, ResultsFolder) or resume is None else (
        ResultsFolder(resume))
    try:
        if executor is None:
            owned: Executor | None = LocalExecutor()
        elif isinstance(executor, str):
            owned = DaskExecutor(executor)
        else:
            owned = None
    except BaseException:
        if folder is not resume:
            folder.close()
        raise
    return _sweep(spec, owned or executor, owned is not None, progress, folder,
                  folder is not resume, cancel)


def _sweep(spec: SweepSpec, executor: Executor, own_executor: bool,
           progress: ProgressFn | None, folder: ResultsFolder | None, own_folder: bool,
           cancel: CancelFn | None) -> Iterator[PointResult]:
    batches = None
    try:
        total = spec.n_points
        points = list(spec.points())
        todo = [p for p in points if folder is None or p.key not in folder]
        finished = total - len(todo)
        if progress is not None:
            progress(finished, total)
        if folder is not None and finished:
            for point in points:
                metrics = folder.get(point.key)
                if metrics is not None:
                    yield PointResult(point, metrics, reused=True)
        if not todo or (cancel is not None and cancel()):
            return
        if folder is not None:
            folder.start(spec)
        groups = batches_of(todo, executor.workers)
        batches = executor.map_batches([[p.config.to_dict() for p in g] for g in groups],
                                       cancel)
        for number, metrics in batches:
            group = groups[number]
            if folder is not None:
                folder.add([(p.key, m) for p, m in zip(group, metrics, strict=True)])
            for point, m in zip(group, metrics, strict=True):
                finished += 1
                if progress is not None:
                    progress(finished, total)
                yield PointResult(point, m)
    finally:
        if batches is not None:
            batches.close()  # an early stop reaches the executor now, not at collection
        if own_executor:
            executor.close()
        if own_folder and folder is not None:
            folder.close()
