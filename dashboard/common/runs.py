"""Runs of the core behind the page, shared between the requests that need them.

A view's callback, a download of its spikes and a second user on the same view
need the same run. Runs are deterministic, so they are cached by their validated
(config, recording): the first request runs the network, the others wait for it
and read the same result (single flight), and moving a control back and forth,
back/forward in the browser or a reset costs no new run.

An exact-mode run also keeps its random stream (:class:`izhi_core.network.LegacyDraws`):
it depends only on the seed, Ne, Ni and the duration, so moving a weight or noise
slider, or picking another neuron type, reruns the network without redrawing it
(a part of the run's time, and the same spikes).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from concurrent.futures import Future

from izhi_core import NetworkConfig, Recording, SimulationResult, simulate
from izhi_core.network import LegacyDraws, draws_bytes, draws_key, legacy_draws

# Sparse networks run a parallel kernel that already uses every core; two at once from
# two server threads gain nothing, and under numba's workqueue threading layer (no
# OpenMP or TBB on the machine) they abort the process. One at a time, then.
_PARALLEL_RUN = threading.Lock()

MAX_ENTRIES = 12
MAX_BYTES = 48 * 2**20  # kept results, all together; a larger one is returned, not kept
MAX_DRAW_BYTES = 16 * 2**20  # kept streams, all together (the default network's: 4 MB)
BUDGET_CHUNK_MS = 20  # network time between two looks at the clock (all-to-all runs)
BUDGET_CHUNKS_SPARSE = 10  # a sparse run's looks: each chunk is a parallel region, whose
# threads meet at its end (waiting, and spinning under OpenMP, on a loaded machine)


class TooLong(Exception):
    """A run passed the cache's time budget: it was stopped, for a background job."""


def result_bytes(result: SimulationResult) -> int:
    """Memory held by a result's arrays."""
    return sum(
        a.nbytes for a in (result.spike_times, result.spike_neurons, result.v, result.u,
                           result.current, result.current_map, result.pop_counts)
    )


class RunCache:
    """A bounded, thread-safe, single-flight LRU cache of :func:`simulate` results."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES,
                 max_draw_bytes: int = MAX_DRAW_BYTES, budget_s: float | None = None) -> None:
        self.max_entries = max_entries
        self.budget_s = budget_s
        self.max_bytes = max_bytes
        self.max_draw_bytes = max_draw_bytes
        self._lock = threading.Lock()
        self._draws: OrderedDict[tuple[int, int, int, int], LegacyDraws] = OrderedDict()
        self._entries: OrderedDict[tuple[NetworkConfig, Recording], Future] = OrderedDict()
        self._sizes: dict[tuple[NetworkConfig, Recording], int] = {}
        self.runs = 0  # simulations actually run, for tests

    def get(self, config: NetworkConfig, record: Recording) -> SimulationResult:
        """The result of ``simulate(config, record)``, run once per key."""
        key = (config, record)
        with self._lock:
            future = self._entries.get(key)
            owner = future is None
            if owner:
                future = Future()
                self._entries[key] = future
                self.runs += 1
            else:
                self._entries.move_to_end(key)
        if not owner:
            return future.result()
        try:
            budget = self._budget(config)
            if config.inputs is None:
                result = simulate(config, record, draws=self._draws_for(config), **budget)
            else:
                with _PARALLEL_RUN:
                    result = simulate(config, record, **budget)
        except BaseException as exc:
            with self._lock:
                self._entries.pop(key, None)
            future.set_exception(exc)
            raise
        future.set_result(result)
        with self._lock:
            size = result_bytes(result)
            if size > self.max_bytes:
                self._entries.pop(key, None)
            else:
                self._sizes[key] = size
            self._evict()
        return result

    def _budget(self, config: NetworkConfig) -> dict:
        """simulate()'s arguments that stop a run once it has used ``budget_s`` of CPU: the
        cost model is an estimate, and a run that turns out longer (a runaway network
        firing every millisecond) must not hold a server worker."""
        if self.budget_s is None:
            return {}
        # The process's CPU time, not the wall clock: a busy machine slows every run, and
        # a run must not go to a job because its neighbours are busy. (A sync worker
        # serves one request at a time; a parallel kernel's threads count too.)
        start = time.process_time()

        def check(done: int, total: int) -> None:
            if done < total and time.process_time() - start > self.budget_s:
                raise TooLong(f"stopped after {done} of {total} ms")

        chunk = (BUDGET_CHUNK_MS if config.inputs is None
                 else max(BUDGET_CHUNK_MS, config.duration // BUDGET_CHUNKS_SPARSE))
        return {"chunk_ms": chunk, "progress": check}

    @property
    def draws_kept(self) -> int:
        """How many random streams are kept."""
        with self._lock:
            return len(self._draws)

    def _draws_for(self, config: NetworkConfig) -> LegacyDraws | None:
        """The kept stream of an exact-mode, all-to-all ``config``, drawn if new; None
        for other runs and for streams too large to keep."""
        key = draws_key(config)
        if key is None or draws_bytes(config) > self.max_draw_bytes:
            return None
        with self._lock:
            draws = self._draws.get(key)
            if draws is not None:
                self._draws.move_to_end(key)
                return draws
        draws = legacy_draws(config)  # outside the lock: two threads may both draw, once
        with self._lock:
            self._draws[key] = draws
            while sum(d.nbytes for d in self._draws.values()) > self.max_draw_bytes:
                self._draws.popitem(last=False)
        return draws

    def _evict(self) -> None:
        while self._entries and (
            len(self._entries) > self.max_entries or sum(self._sizes.values()) > self.max_bytes
        ):
            oldest = next(iter(self._entries))
            if not self._entries[oldest].done():
                break  # still running: its waiters need it
            self._entries.pop(oldest)
            self._sizes.pop(oldest, None)

    def has(self, config: NetworkConfig, record: Recording) -> bool:
        """Whether this run is kept (finished or under way): asking for it runs nothing."""
        with self._lock:
            return (config, record) in self._entries

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._sizes.clear()
            self._draws.clear()
