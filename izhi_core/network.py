"""The seed script's recipe: neuron parameters, weights, and the order of draws.

Seed mode replays numpy's legacy stream (``np.random.seed(seed)``) in the
seed's order: ``rand(Ne, 1)``, ``rand(Ni, 1)``, the excitatory block
``rand(N, Ne)``, the inhibitory block ``rand(N, Ni)``, then per step
``randn(Ne, 1)`` and ``randn(Ni, 1)``. numba's own ``np.random``, seeded inside
a jitted function, is that stream, and it is per thread: the kernel that draws
the noise must run on the thread that called :func:`build_network`.

Fast mode draws everything from the counter-based streams of :mod:`izhi_core.rng`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from . import rng
from .config import NJIT, NetworkConfig
from .presets import NEURON_TYPES

_BLOCK = 16  # rows of S drawn at once when building the transposed weights
QUANTA = 65536  # sparse weights are stored as uint16 quanta of a uniform draw


@dataclass(frozen=True, eq=False)
class Network:
    """The built network: per-neuron parameters and synapses.

    Exactly one of ``weights`` (all-to-all; row j = neuron j's outgoing
    weights, float64 in seed mode, float32 in fast mode) and the sparse arrays
    (``offsets``, ``targets``, ``weight_q``, ``source_scale``) is set.
    """

    a: np.ndarray
    b: np.ndarray
    c: np.ndarray
    d: np.ndarray
    weights: np.ndarray | None
    offsets: np.ndarray | None
    targets: np.ndarray | None
    weight_q: np.ndarray | None
    source_scale: np.ndarray | None
    legacy: bool
    noise_key: np.uint64
    noise_key_slow: np.uint64

    @property
    def n_synapses(self) -> int:
        if self.weights is not None:
            return int(self.weights.size)
        return int(self.targets.size)


@njit(**NJIT)
def _legacy_draws(seed, ne, ni, exc_weight, inh_weight, dense):
    np.random.seed(seed)
    n = ne + ni
    r_exc = np.random.random(ne)
    r_inh = np.random.random(ni)
    if not dense:
        return r_exc, r_inh, np.empty((0, 0))
    # S = hstack((0.5 * rand(N, Ne), -1 * rand(N, Ni))), stored transposed:
    # weights[j, i] = S[i, j]. Rows of S are drawn a block at a time and
    # written out as columns, so both sides stay in cache.
    weights = np.empty((n, n))
    for lo, hi, scale in ((0, ne, exc_weight), (ne, n, -inh_weight)):
        for i0 in range(0, n, _BLOCK):
            i1 = min(n, i0 + _BLOCK)
            block = np.random.random((i1 - i0) * (hi - lo))
            for j in range(lo, hi):
                row = weights[j]
                for i in range(i0, i1):
                    row[i] = scale * block[(i - i0) * (hi - lo) + (j - lo)]
    return r_exc, r_inh, weights


@njit(**NJIT)
def _counter_uniforms(key, count):
    out = np.empty(count)
    for i in range(count):
        out[i] = rng.uniform(key, i)
    return out


@njit(**NJIT)
def _counter_dense(key, ne, ni, exc_weight, inh_weight):
    n = ne + ni
    weights = np.empty((n, n), np.float32)
    for j in range(n):
        scale = exc_weight if j < ne else -inh_weight
        for i in range(n):
            weights[j, i] = scale * rng.uniform(key, j * n + i)
    return weights


@njit(**NJIT)
def _choose(key, counter, lo, size, k, mark, stamp, out):
    """k distinct sources from lo .. lo+size-1, drawn without replacement.

    Marks drawn sources with ``stamp``; when k > size/2 it draws the size-k
    sources to leave out instead, so the cost stays O(min(k, size-k) + k).
    """
    if k == 0:
        return 0
    pick = k <= size - k
    want = k if pick else size - k
    got = 0
    while got < want:
        src = lo + rng.below(rng.rand64(key, counter), size)
        counter += 1
        if mark[src] != stamp:
            mark[src] = stamp
            if pick:
                out[got] = src
            got += 1
    if pick:
        return k
    m = 0
    for src in range(lo, lo + size):
        if mark[src] != stamp:
            out[m] = src
            m += 1
    return m


@njit(**NJIT)
def _sparse_pass(key_src, key_w, ne, ni, ke, ki, offsets, targets, weight_q, fill):
    n = ne + ni
    mark = np.full(n, -1, np.int32)
    out = np.empty(max(ne, ni, 1), np.int64)
    stride = np.int64(1) << 32
    for i in range(n):
        for pop in range(2):
            lo = 0 if pop == 0 else ne
            size = ne if pop == 0 else ni
            k = ke if pop == 0 else ki
            m = _choose(key_src, (2 * i + pop) * stride, lo, size, k, mark, 2 * i + pop, out)
            for q in range(m):
                src = out[q]
                if fill:
                    pos = offsets[src]
                    offsets[src] = pos + 1
                    targets[pos] = i
                    weight_q[pos] = rng.low16(rng.rand64(key_w, src * n + i))
                else:
                    offsets[src + 1] += 1


def _build_sparse(config: NetworkConfig):
    key_src = rng.stream_key(config.seed, rng.STREAM_SOURCES)
    key_w = rng.stream_key(config.seed, rng.STREAM_WEIGHTS)
    n, ke, ki = config.n, config.inputs_exc, config.inputs_inh
    counts = np.zeros(n + 1, np.int64)
    empty_t, empty_w = np.empty(0, np.uint32), np.empty(0, np.uint16)
    # Two passes over the same counter-based draws: count, then place. No
    # temporary of N*K entries; each source's targets come out ascending.
    _sparse_pass(key_src, key_w, config.ne, config.ni, ke, ki, counts, empty_t, empty_w, False)
    offsets = np.cumsum(counts)
    targets = np.empty(offsets[-1], np.uint32)
    weight_q = np.empty(offsets[-1], np.uint16)
    cursor = offsets[:-1].copy()
    _sparse_pass(key_src, key_w, config.ne, config.ni, ke, ki, cursor, targets, weight_q, True)
    return offsets, targets, weight_q


def neuron_parameters(config: NetworkConfig, r_exc: np.ndarray, r_inh: np.ndarray):
    """a, b, c, d per neuron, with the seed's heterogeneity whatever the presets.

    As in Izhikevich (2003) and the seed: excitatory c = c_e + 15 r**2 and
    d = d_e - 6 r**2; inhibitory a = a_i + 0.08 r and b = b_i - 0.05 r, with r
    uniform on [0, 1) per neuron.
    """
    pe, pi = NEURON_TYPES[config.exc_type], NEURON_TYPES[config.inh_type]
    ne, ni = config.ne, config.ni
    a = np.concatenate((pe.a * np.ones(ne), pi.a + 0.08 * r_inh))
    b = np.concatenate((pe.b * np.ones(ne), pi.b - 0.05 * r_inh))
    c = np.concatenate((pe.c + 15 * r_exc**2, pi.c * np.ones(ni)))
    d = np.concatenate((pe.d - 6 * r_exc**2, pi.d * np.ones(ni)))
    return a, b, c, d


def build_network(config: NetworkConfig) -> Network:
    """Draw the network of ``config`` (seed mode leaves this thread's numba
    generator where the seed's noise begins)."""
    dense = config.inputs is None
    legacy = config.mode == "seed"
    weights = offsets = targets = weight_q = source_scale = None
    if legacy:
        r_exc, r_inh, w = _legacy_draws(config.seed, config.ne, config.ni,
                                        config.exc_weight, config.inh_weight, dense)
        if dense:
            weights = w
    else:
        r = _counter_uniforms(rng.stream_key(config.seed, rng.STREAM_HETEROGENEITY), config.n)
        r_exc, r_inh = r[: config.ne], r[config.ne:]
        if dense:
            weights = _counter_dense(rng.stream_key(config.seed, rng.STREAM_WEIGHTS),
                                     config.ne, config.ni, config.exc_weight, config.inh_weight)
    if not dense:
        offsets, targets, weight_q = _build_sparse(config)
        dtype = np.float64 if legacy else np.float32
        source_scale = np.empty(config.n, dtype)
        source_scale[: config.ne] = config.exc_weight / QUANTA
        source_scale[config.ne:] = -config.inh_weight / QUANTA
    a, b, c, d = neuron_parameters(config, r_exc, r_inh)
    return Network(
        a=a, b=b, c=c, d=d, weights=weights, offsets=offsets, targets=targets,
        weight_q=weight_q, source_scale=source_scale, legacy=legacy,
        noise_key=rng.stream_key(config.seed, rng.STREAM_NOISE),
        noise_key_slow=rng.stream_key(config.seed, rng.STREAM_NOISE_SLOW),
    )
