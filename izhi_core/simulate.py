"""The public wrapper: validate, build, call the kernel, wrap a result."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from . import kernels, rng
from .config import ORIGINAL_TRACE_NEURONS, NetworkConfig, Recording
from .network import LegacyDraws, build_network
from .result import SimulationResult

ProgressFn = Callable[[int, int], None]

LEGACY_NOISE_BLOCK = 4_000_000  # exact mode, sparse: noise drawn ahead, <= 32 MB a block


def _bin_sizes(total: int, width: int) -> np.ndarray:
    """Sizes of the blocks of ``width`` that cover 0 .. total-1 (the last may be short)."""
    starts = np.arange(0, total, width)
    return np.minimum(starts + width, total) - starts


def default_recording(config: NetworkConfig) -> Recording:
    """The original script's trace neurons (1 and 811) that exist in this network."""
    return Recording(neurons=tuple(i for i in ORIGINAL_TRACE_NEURONS if i < config.n))


def simulate(
    config: NetworkConfig | None = None,
    record: Recording | None = None,
    *,
    progress: ProgressFn | None = None,
    chunk_ms: int | None = None,
    draws: LegacyDraws | None = None,
) -> SimulationResult:
    """Run Izhikevich's (2003) network for ``config.duration`` ms.

    Parameters
    ----------
    config : NetworkConfig, optional
        The network and run; the default is the original script's run
        (800 RS + 202 LTS neurons, seed 0, 1000 ms), which fires 7598 spikes.
    record : Recording, optional
        Neurons to trace and the size of the current map; default: the
        original script's neurons 1 and 811 (those that exist) and a 250 x 500 map.
    progress : callable(done_ms, total_ms), optional
        Called after each chunk of network time; an exception it raises
        (e.g. to cancel) stops the run and propagates.
    chunk_ms : int, optional
        Network time per kernel call when ``progress`` is given
        (default: about 20 chunks).
    draws : LegacyDraws, optional
        Exact mode, all-to-all: the stream of this seed, Ne, Ni and duration,
        drawn before by :func:`izhi_core.network.legacy_draws`. The run is the
        same, spike for spike, without drawing it again (a caller that moves
        weights, noise or types keeps them; see :class:`LegacyDraws`).

    Returns
    -------
    SimulationResult

    Notes
    -----
    Exact mode reproduces the original script spike for spike; fast mode is the
    same network drawn from another generator (see :mod:`izhi_core.rng`).
    Memory is bounded: spikes as int32 pairs, traces only for the recorded
    neurons, the current map averaged into bins inside the kernel.
    """
    config = config if config is not None else NetworkConfig()
    if not isinstance(config, NetworkConfig):
        raise ValueError(f"config must be a NetworkConfig (got {type(config).__name__}).")
    record = (record if record is not None else default_recording(config)).for_network(config)
    n, duration = config.n, config.duration

    start = time.perf_counter()
    net = build_network(config, draws)
    built = time.perf_counter()

    v = np.full(n, -65.0)
    u = net.b * v
    fired = np.zeros(n, np.int32)
    state = np.zeros(1, np.int64)
    last_spike = np.full(n, -1, np.int64)
    rec = np.asarray(record.neurons, np.int64)
    rec_v = np.zeros((rec.size, duration))
    rec_u = np.zeros((rec.size, duration))
    rec_i = np.zeros((rec.size, duration))
    if record.map_rows and record.map_cols:
        row_bin = -(-n // record.map_rows)
        col_bin = -(-duration // record.map_cols)
        cmap = np.zeros((-(-n // row_bin), -(-duration // col_bin)))
    else:
        row_bin = col_bin = 1
        cmap = np.zeros((0, 0))
    map_acc = np.zeros(n if cmap.size else 0)
    counts = np.zeros((duration, 2), np.int32)
    capacity = int(min(max(n * duration // 50, 1024), 50_000_000))
    spk_t = np.empty(capacity, np.int32)
    spk_n = np.empty(capacity, np.int32)
    nsp = 0

    if progress is None:
        step = duration
    else:
        step = max(1, chunk_ms or -(-duration // 20))
    if net.weights is None and net.legacy:
        # exact mode's noise is drawn serially, a block of steps at a time
        step = min(step, max(1, LEGACY_NOISE_BLOCK // n))
    common = (net.a, net.b, net.c, net.d, config.ne, config.exc_noise, config.inh_noise,
              v, u, fired, state, last_spike)
    no_noise = np.empty((0, 0))

    buf = None if net.weights is not None else np.empty(n, net.source_scale.dtype)
    for t0 in range(0, duration, step):
        t1 = min(duration, t0 + step)
        tail = (t0, t1, rec, rec_v, rec_u, rec_i, cmap, map_acc, row_bin, col_bin, counts,
                spk_t, spk_n, nsp)
        if net.weights is not None:
            normals = None if draws is None else draws.normals[t0:t1]
            spk_t, spk_n, nsp = kernels.run_dense(
                net.weights, net.legacy, normals, net.noise_key, net.noise_key_slow, *common,
                *tail, rng.ZIG_X, rng.ZIG_F)
        else:
            noise = no_noise
            if net.legacy:
                noise = kernels.legacy_noise_block(t1 - t0, config.ne, n)
            spk_t, spk_n, nsp = kernels.run_sparse(
                net.starts, net.synapses, net.source_scale, net.block, noise,
                net.noise_key, net.noise_key_slow, *common, *tail, buf, rng.ZIG_X, rng.ZIG_F)
        if progress is not None:
            progress(t1, duration)
    done = time.perf_counter()

    if cmap.size:
        cmap /= np.outer(_bin_sizes(n, row_bin), _bin_sizes(duration, col_bin))
    return SimulationResult(
        config=config,
        spike_times=spk_t[:nsp].copy(),
        spike_neurons=spk_n[:nsp].copy(),
        trace_neurons=rec,
        v=rec_v,
        u=rec_u,
        current=rec_i,
        current_map=cmap,
        map_row_bin=int(row_bin),
        map_col_bin=int(col_bin),
        pop_counts=counts,
        build_seconds=built - start,
        sim_seconds=done - built,
    )
