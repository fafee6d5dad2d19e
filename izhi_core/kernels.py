"""Private @njit loops: arrays and scalars in, arrays out. No validation, no
dataclasses, no exceptions; the public wrapper is :func:`izhi_core.simulate`.

The arithmetic of one step is the original script's, operation for operation
(Izhikevich 2003, eqs. 1-3, with v integrated in two 0.5 ms half steps):

    v += 0.5 * (0.04 * v**2 + 5 * v + 140 - u + I)    (twice)
    u += a * (b * v - u)
    if v >= 30 mV: v = c, u = u + d
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from .config import NJIT, NJIT_PARALLEL
from .rng import fill_normals

SPIKE_MV = 30.0


@njit(inline="always", **NJIT)
def _noise_legacy(ne, exc_noise, inh_noise, current):
    # Inlined: drawn from a called function, numba's generator runs at half speed.
    # The script draws randn(Ne, 1) then randn(Ni, 1) each step, from numpy's
    # legacy stream; numba's generator, seeded in network._legacy_draws on this
    # thread, is that same stream (and twice as fast drawn as arrays).
    z = np.random.standard_normal(ne)
    for i in range(ne):
        current[i] = exc_noise * z[i]
    z = np.random.standard_normal(current.size - ne)
    for i in range(ne, current.size):
        current[i] = inh_noise * z[i - ne]


@njit(**NJIT)
def legacy_noise_block(steps, ne, n):
    """``steps`` rows of the original script's per-step normals (unscaled), drawn serially.
    The parallel kernel takes its noise from here: inside a parallel=True
    function numba would spread array draws over threads, each with its own stream."""
    out = np.empty((steps, n))
    for t in range(steps):
        _noise_legacy(ne, 1.0, 1.0, out[t])
    return out


@njit(inline="always", **NJIT)
def _noise_given(z, first, ne, exc_noise, inh_noise, current):
    """current = the script's noise for neurons first .. first+len(z)-1, from its normals z."""
    n_exc = min(max(ne - first, 0), current.size)
    for i in range(n_exc):
        current[i] = exc_noise * z[i]
    for i in range(n_exc, current.size):
        current[i] = inh_noise * z[i]


@njit(**NJIT)
def _noise_counter(key, key_slow, start, lo, ne, exc_noise, inh_noise, current, zx, zf):
    fill_normals(key, key_slow, start, current, zx, zf)
    n_exc = min(max(ne - lo, 0), current.size)
    for i in range(n_exc):
        current[i] *= exc_noise
    for i in range(n_exc, current.size):
        current[i] *= inh_noise


@njit(**NJIT)
def _integrate(lo, hi, t, v, u, a, b, c, d, current, last_spike, fired, nf):
    """Advance neurons lo..hi-1 by 1 ms; append the ones that fire to ``fired``."""
    # Two loops: the first has no branch, so LLVM vectorizes it (same
    # operations per element, so the same bits); the second is a cheap scan.
    for i in range(lo, hi):
        vi = v[i]
        ui = u[i]
        ii = current[i]
        vi += 0.5 * (0.04 * (vi * vi) + 5.0 * vi + 140.0 - ui + ii)
        vi += 0.5 * (0.04 * (vi * vi) + 5.0 * vi + 140.0 - ui + ii)
        u[i] = ui + a[i] * (b[i] * vi - ui)
        v[i] = vi
    for i in range(lo, hi):
        if v[i] >= SPIKE_MV:
            v[i] = c[i]
            u[i] = u[i] + d[i]
            fired[nf] = i
            nf += 1
            last_spike[i] = t
    return nf


@njit(**NJIT)
def _record(t, t_last, ne, v, u, current, last_spike, fired, nf, rec, rec_v, rec_u, rec_i,
            cmap, map_acc, row_bin, col_bin, counts, spk_t, spk_n, nsp):
    """Traces, the binned current map, population counts and the spike list."""
    for r in range(rec.size):
        i = rec[r]
        rec_v[r, t] = SPIKE_MV if last_spike[i] == t else v[i]
        rec_u[r, t] = u[i]
        rec_i[r, t] = current[i]
    if cmap.shape[0] > 0:
        # Sum each neuron over the map's time bin, then fold neurons into rows
        # once per bin: one vectorized add per neuron and step.
        n = current.size
        for i in range(n):
            map_acc[i] += current[i]
        if (t + 1) % col_bin == 0 or t == t_last:
            col = t // col_bin
            for row in range(cmap.shape[0]):
                s = 0.0
                for i in range(row * row_bin, min(n, (row + 1) * row_bin)):
                    s += map_acc[i]
                    map_acc[i] = 0.0
                cmap[row, col] += s
    n_exc = 0
    for k in range(nf):
        if fired[k] < ne:
            n_exc += 1
    counts[t, 0] = n_exc
    counts[t, 1] = nf - n_exc
    if nsp + nf > spk_t.size:
        grow = max(2 * spk_t.size, nsp + nf)
        new_t = np.empty(grow, np.int32)
        new_n = np.empty(grow, np.int32)
        new_t[:nsp] = spk_t[:nsp]
        new_n[:nsp] = spk_n[:nsp]
        spk_t = new_t
        spk_n = new_n
    for k in range(nf):
        spk_t[nsp + k] = t
        spk_n[nsp + k] = fired[k]
    return spk_t, spk_n, nsp + nf


@njit(**NJIT)
def run_dense(weights, legacy, noise, key, key_slow, a, b, c, d, ne, exc_noise, inh_noise,
              v, u, fired, state, last_spike, t0, t1, rec, rec_v, rec_u, rec_i,
              cmap, map_acc, row_bin, col_bin, counts, spk_t, spk_n, nsp, zx, zf):
    """Simulate steps t0..t1-1 of an all-to-all network, serially.

    ``weights[j]`` holds neuron j's outgoing weights (the script's ``S[:, j]``),
    so a spike adds one contiguous row. ``state[0]`` carries the number of
    neurons in ``fired`` (those that fired at step t0 - 1) between calls.
    Exact mode's noise comes from ``noise`` (the normals of steps t0..t1-1,
    drawn before) if it is not None, else from this thread's generator.
    Returns the (possibly grown) spike arrays and the spike count.
    """
    n = v.size
    current = np.empty(n)
    buf = np.empty(n, weights.dtype)
    nf = state[0]
    for t in range(t0, t1):
        # None, not an empty array: numba then compiles the drawing loop
        # without this branch, and its generator keeps its full speed.
        if noise is not None:
            _noise_given(noise[t - t0], 0, ne, exc_noise, inh_noise, current)
        elif legacy:
            _noise_legacy(ne, exc_noise, inh_noise, current)
        else:
            _noise_counter(key, key_slow, t * n, 0, ne, exc_noise, inh_noise, current, zx, zf)
        if nf > 0:
            # np.sum(S[:, fired], axis=1) in the script runs over a column-major
            # copy: it adds the fired columns one after another, ascending, into
            # a zeroed buffer, and only then adds that sum to the noise. Any
            # other rounding order diverges from the script within a few hundred ms.
            buf[:] = 0.0
            for k in range(nf):
                row = weights[fired[k]]
                for i in range(n):
                    buf[i] += row[i]
            for i in range(n):
                current[i] += buf[i]
        nf = _integrate(0, n, t, v, u, a, b, c, d, current, last_spike, fired, 0)
        spk_t, spk_n, nsp = _record(t, t1 - 1, ne, v, u, current, last_spike, fired, nf, rec,
                                    rec_v, rec_u, rec_i, cmap, map_acc, row_bin, col_bin,
                                    counts, spk_t, spk_n, nsp)
    state[0] = nf
    return spk_t, spk_n, nsp


@njit(**NJIT_PARALLEL)
def run_sparse(starts, synapses, source_scale, block, noise, key, key_slow,
               a, b, c, d, ne, exc_noise, inh_noise, v, u, fired, state, last_spike, t0, t1,
               rec, rec_v, rec_u, rec_i, cmap, map_acc, row_bin, col_bin, counts, spk_t, spk_n,
               nsp, buf, zx, zf):
    """Simulate steps t0..t1-1 of a sparse network, blocks of targets in parallel.

    Layout (see network._build_sparse): block ``blk`` holds targets
    ``blk*block ..`` and, for each source j, a run of their local indices and
    weight quanta. Each block adds the fired sources in ascending order, so
    every neuron's input is summed in the same order however many threads
    run: results do not depend on the number of threads. ``noise`` holds exact
    mode's normals for steps t0..t1-1 (from :func:`legacy_noise_block`); it is
    empty in fast mode.
    """
    n = v.size
    k = synapses.size // n
    n_blocks = starts.shape[1]
    legacy = noise.shape[0] > 0
    current = np.empty(n)
    block_fired = np.empty(n, np.int32)
    block_nf = np.zeros(n_blocks, np.int64)
    nf = state[0]
    for t in range(t0, t1):
        for blk in prange(n_blocks):
            lo = blk * block
            hi = min(n, lo + block)
            if legacy:
                _noise_given(noise[t - t0, lo:hi], lo, ne, exc_noise, inh_noise,
                             current[lo:hi])
            else:
                _noise_counter(key, key_slow, t * n + lo, lo, ne, exc_noise, inh_noise,
                               current[lo:hi], zx, zf)
            if nf > 0:
                local = buf[lo:hi]
                local[:] = 0.0
                base = lo * k
                for f in range(nf):
                    j = fired[f]
                    scale = source_scale[j]
                    for s in range(base + starts[j, blk], base + starts[j + 1, blk]):
                        syn = synapses[s]
                        local[syn & 0xFFFF] += scale * ((syn >> 16) + 0.5)
                for i in range(lo, hi):
                    current[i] += local[i - lo]
            block_nf[blk] = _integrate(lo, hi, t, v, u, a, b, c, d, current, last_spike,
                                       block_fired[lo:hi], 0)
        nf = 0
        for blk in range(n_blocks):
            lo = blk * block
            for q in range(block_nf[blk]):
                fired[nf] = block_fired[lo + q]
                nf += 1
        spk_t, spk_n, nsp = _record(t, t1 - 1, ne, v, u, current, last_spike, fired, nf, rec,
                                    rec_v, rec_u, rec_i, cmap, map_acc, row_bin, col_bin,
                                    counts, spk_t, spk_n, nsp)
    state[0] = nf
    return spk_t, spk_n, nsp
