"""The original script's recipe: neuron parameters, weights, and the order of draws.

Exact mode replays numpy's legacy stream (``np.random.seed(seed)``) in the
script's order: ``rand(Ne, 1)``, ``rand(Ni, 1)``, the excitatory block
``rand(N, Ne)``, the inhibitory block ``rand(N, Ni)``, then per step
``randn(Ne, 1)`` and ``randn(Ni, 1)``. numba's own ``np.random``, seeded inside
a jitted function, is that stream, and it is per thread: the kernel that draws
the noise must run on the thread that called :func:`build_network`.

Fast mode draws everything from the counter-based streams of :mod:`izhi_core.rng`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np
from numba import njit, prange

from . import kernels, rng
from .config import NJIT, NJIT_PARALLEL, NetworkConfig
from .presets import NEURON_TYPES

_BLOCK = 16  # rows of S drawn at once when building the transposed weights
QUANTA = 65536  # sparse weights are stored as uint16 quanta of a uniform draw


@dataclass(frozen=True, eq=False)
class Network:
    """The built network: per-neuron parameters and synapses.

    Exactly one of ``weights`` (all-to-all; row j = neuron j's outgoing
    weights, float64 in exact mode, float32 in fast mode) and the sparse arrays
    (``starts``, ``synapses``, ``source_scale``, ``block``; see
    ``_build_sparse``) is set. A sparse weight is
    ``source_scale[j] * (quantum + 0.5)``: a uniform draw on 2**16 levels.
    """

    a: np.ndarray
    b: np.ndarray
    c: np.ndarray
    d: np.ndarray
    weights: np.ndarray | None
    starts: np.ndarray | None
    synapses: np.ndarray | None
    source_scale: np.ndarray | None
    block: int
    legacy: bool
    noise_key: np.uint64
    noise_key_slow: np.uint64


@njit(**NJIT)
def _legacy_draws(seed, ne, ni, exc_scale, inh_scale, dense):
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
    for lo, hi, scale in ((0, ne, exc_scale), (ne, n, inh_scale)):
        for i0 in range(0, n, _BLOCK):
            i1 = min(n, i0 + _BLOCK)
            block = np.random.random((i1 - i0) * (hi - lo))
            for j in range(lo, hi):
                row = weights[j]
                for i in range(i0, i1):
                    row[i] = scale * block[(i - i0) * (hi - lo) + (j - lo)]
    return r_exc, r_inh, weights


@dataclass(frozen=True, eq=False)
class LegacyDraws:
    """Every draw of an exact-mode, all-to-all run, kept to be reused.

    The stream depends only on the seed, Ne, Ni and the duration: the
    neuron types, weight scales and noise amplitudes only scale its draws. A
    run that moves a weight or a noise slider can therefore reuse them, and
    skip the million-odd draws that make most of a run's time (drawn from
    :func:`legacy_draws`, passed to :func:`izhi_core.simulate`).

    ``uniforms[j, i]`` is the uniform behind ``S[i, j]`` (transposed, as the
    kernel holds the weights); ``normals[t]`` the step's ``randn(Ne)`` then
    ``randn(Ni)``, unscaled.
    """

    seed: int
    ne: int
    ni: int
    duration: int
    r_exc: np.ndarray
    r_inh: np.ndarray
    uniforms: np.ndarray
    normals: np.ndarray

    @property
    def key(self) -> tuple[int, int, int, int]:
        return (self.seed, self.ne, self.ni, self.duration)

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.r_exc, self.r_inh, self.uniforms, self.normals))


def draws_key(config: NetworkConfig) -> tuple[int, int, int, int] | None:
    """What a run's :class:`LegacyDraws` depend on, or None if it has none to reuse
    (fast mode, or a sparse network)."""
    if config.mode != "exact" or config.inputs is not None:
        return None
    return (config.seed, config.ne, config.ni, config.duration)


def draws_bytes(config: NetworkConfig) -> int:
    """Memory the :class:`LegacyDraws` of ``config`` would hold (float64)."""
    return 8 * config.n * (config.n + config.duration + 1)


def legacy_draws(config: NetworkConfig) -> LegacyDraws:
    """The original script's whole stream for ``config`` (exact mode, all-to-all)."""
    key = draws_key(config)
    if key is None:
        raise ValueError("legacy draws exist only for exact mode with all-to-all "
                         f"connections (got mode={config.mode!r}, inputs={config.inputs!r}).")
    r_exc, r_inh, uniforms = _legacy_draws(config.seed, config.ne, config.ni, 1.0, 1.0, True)
    normals = kernels.legacy_noise_block(config.duration, config.ne, config.n)  # same thread
    return LegacyDraws(*key, r_exc=r_exc, r_inh=r_inh, uniforms=uniforms, normals=normals)


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
def _sources(key_src, i, ne, ni, ke, ki, mark, out):
    """Neuron i's ke excitatory and ki inhibitory sources, into out[:ke + ki]."""
    stride = np.int64(1) << 32
    m = _choose(key_src, (2 * i) * stride, 0, ne, ke, mark, 2 * i, out)
    _choose(key_src, (2 * i + 1) * stride, ne, ni, ki, mark, 2 * i + 1, out[m:])


@njit(**NJIT_PARALLEL)
def _build_blocks(key_src, key_w, ne, ni, ke, ki, block):
    n = ne + ni
    k = ke + ki
    n_blocks = (n + block - 1) // block
    synapses = np.empty(n * k, np.uint32)
    # starts[j, b]: where source j's run begins in block b. Source-major, so a
    # spike reads all its blocks' bounds from one or two cache lines.
    starts = np.empty((n + 1, n_blocks), np.int32)
    for b in prange(n_blocks):
        i0 = b * block
        i1 = min(n, i0 + block)
        mark = np.full(n, -1, np.int32)
        src = np.empty(k, np.int32)
        # Two passes over the same counter-based draws, count then place: no
        # temporary of block * K entries.
        run = np.zeros(n + 1, np.int32)
        for i in range(i0, i1):
            _sources(key_src, i, ne, ni, ke, ki, mark, src)
            for q in range(k):
                run[src[q] + 1] += 1
        for j in range(n):
            run[j + 1] += run[j]
        starts[:, b] = run
        base = i0 * k
        mark[:] = -1  # the second pass must draw exactly as the first
        for i in range(i0, i1):
            _sources(key_src, i, ne, ni, ke, ki, mark, src)
            for q in range(k):
                j = src[q]
                at = base + run[j]
                run[j] += 1
                synapses[at] = (i - i0) | (rng.low16(rng.rand64(key_w, j * n + i)) << 16)
    return starts, synapses


def sparse_block(config: NetworkConfig) -> int:
    """Targets per block of the sparse layout.

    At most 65,536 (a target is stored as a 16-bit offset in its block), and
    at least as many blocks as numba threads once the network is large enough
    to share out; the results do not depend on it, only the speed does.
    """
    n = config.n
    n_blocks = max(-(-n // 65536), min(numba.config.NUMBA_NUM_THREADS, -(-n // 4096)))
    return -(-n // n_blocks)


def _build_sparse(config: NetworkConfig):
    # Synapses are grouped by blocks of targets, then by source: block b holds
    # targets b*B .. b*B+B-1, each with exactly K synapses, so its region is
    # [b*B*K, (b+1)*B*K) and needs no global count. Within it, source j's run
    # is synapses[b*B*K + starts[j, b] : b*B*K + starts[j+1, b]], targets
    # ascending, each a uint32: target - b*B in the low 16 bits, the weight's
    # quantum in the high 16. One thread of the kernel owns a block, so the
    # synaptic sums never race and need no atomics.
    return _build_blocks(rng.stream_key(config.seed, rng.STREAM_SOURCES),
                         rng.stream_key(config.seed, rng.STREAM_WEIGHTS),
                         config.ne, config.ni, config.inputs_exc, config.inputs_inh,
                         sparse_block(config))


def neuron_parameters(config: NetworkConfig, r_exc: np.ndarray, r_inh: np.ndarray):
    """a, b, c, d per neuron, with the original script's heterogeneity whatever the presets.

    As in Izhikevich (2003) and the original script: excitatory c = c_e + 15 r**2 and
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


def build_network(config: NetworkConfig, draws: LegacyDraws | None = None) -> Network:
    """Draw the network of ``config`` (exact mode leaves this thread's numba
    generator where the script's noise begins), or scale ``draws`` (the same
    network, bit for bit: each weight is the same product)."""
    dense = config.inputs is None
    legacy = config.mode == "exact"
    weights = starts = synapses = source_scale = None
    block = 0
    if draws is not None:
        if draws.key != draws_key(config):
            raise ValueError(f"draws are for (seed, ne, ni, duration) = {draws.key}, "
                             f"not {draws_key(config)}.")
        r_exc, r_inh = draws.r_exc, draws.r_inh
        weights = np.empty_like(draws.uniforms)
        np.multiply(draws.uniforms[: config.ne], config.exc_weight, out=weights[: config.ne])
        np.multiply(draws.uniforms[config.ne:], -config.inh_weight, out=weights[config.ne:])
    elif legacy:
        r_exc, r_inh, w = _legacy_draws(config.seed, config.ne, config.ni,
                                        config.exc_weight, -config.inh_weight, dense)
        if dense:
            weights = w
    else:
        r = _counter_uniforms(rng.stream_key(config.seed, rng.STREAM_HETEROGENEITY), config.n)
        r_exc, r_inh = r[: config.ne], r[config.ne:]
        if dense:
            weights = _counter_dense(rng.stream_key(config.seed, rng.STREAM_WEIGHTS),
                                     config.ne, config.ni, config.exc_weight, config.inh_weight)
    if not dense:
        starts, synapses = _build_sparse(config)
        block = sparse_block(config)
        dtype = np.float64 if legacy else np.float32
        source_scale = np.empty(config.n, dtype)
        source_scale[: config.ne] = config.exc_weight / QUANTA
        source_scale[config.ne:] = -config.inh_weight / QUANTA
    a, b, c, d = neuron_parameters(config, r_exc, r_inh)
    return Network(
        a=a, b=b, c=c, d=d, weights=weights, starts=starts, synapses=synapses,
        source_scale=source_scale, block=block, legacy=legacy,
        noise_key=rng.stream_key(config.seed, rng.STREAM_NOISE),
        noise_key_slow=rng.stream_key(config.seed, rng.STREAM_NOISE_SLOW),
    )
