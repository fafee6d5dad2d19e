"""What a sweep's worker does: run a batch of points, return their metrics.

:func:`run_batch` is the whole of a worker's work whatever runs it: a process of
the local engine (:func:`serve`, its loop over a pipe) or a Dask worker (which
imports this module by name). Configurations arrive as plain dicts and only the
scalars of :func:`izhi_core.metrics.run_metrics` go back, never spikes.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import traceback
from typing import Any

from ..config import NetworkConfig, Recording
from ..metrics import run_metrics
from ..network import LegacyDraws, draws_bytes, draws_key, legacy_draws
from ..simulate import simulate
from .pipe import read_message, write_message

NO_RECORDING = Recording(neurons=(), map_rows=0, map_cols=0)
"""A sweep keeps no traces and no current map: its metrics read spikes only."""

MAX_DRAWS_BYTES = 64 * 2**20
"""Largest random stream a worker (a thread of it) keeps for the next run of the same
seed, one at a time (16 MB for the original script's network, 1 s): a longer or larger
run draws its own."""

_kept = threading.local()  # a Dask worker may run tasks in several threads
# run_sparse is numba parallel=True: from two threads of one process at once, numba's
# default workqueue layer aborts the process ("Concurrent access has been detected").
_PARALLEL = threading.Lock()


def _draws_for(config: NetworkConfig) -> LegacyDraws | None:
    """The run's exact-mode random stream, drawn once for the runs that share their seed,
    Ne, Ni and duration (they only scale it: the same spikes as drawing). The engine
    batches such runs together, so that a worker draws each stream about once."""
    key = draws_key(config)
    if key is None or draws_bytes(config) > MAX_DRAWS_BYTES:
        return None
    kept = getattr(_kept, "draws", None)
    if kept is None or kept.key != key:
        _kept.draws = None  # the old stream goes before the new one is drawn
        kept = _kept.draws = legacy_draws(config)
    return kept


def run_point(config: NetworkConfig) -> dict[str, Any]:
    """One run's :func:`~izhi_core.metrics.run_metrics`."""
    if config.inputs is not None:
        with _PARALLEL:
            result = simulate(config, NO_RECORDING)
    else:
        result = simulate(config, NO_RECORDING, draws=_draws_for(config))
    return run_metrics(result)


def run_batch(configs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """:func:`run_point` of each configuration (``NetworkConfig.to_dict()``), in order."""
    return [run_point(NetworkConfig(**c)) for c in configs]


def serve() -> None:
    """A local worker's loop: batches in on stdin, metrics out on the stdout it had.

    Anything printed (a numba warning) goes to stderr, so that the pipe carries only
    messages. The loop ends when the parent closes the pipe or goes away: a sweep
    killed with SIGKILL leaves no worker behind for longer than one batch.
    """
    # Ctrl-C reaches the whole process group: the parent stops the sweep and its workers
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    requests = sys.stdin.buffer
    while (message := read_message(requests)) is not None:
        number, configs = message
        try:
            reply = (number, run_batch(configs), None)
        except Exception:  # a bug, not bad input (points are validated): the parent says it
            reply = (number, None, traceback.format_exc())
        try:
            write_message(answers, reply)
        except BrokenPipeError:
            return
