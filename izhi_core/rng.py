"""The fast mode's counter-based generator: every draw is a pure function of
(key, counter), so a draw does not depend on which thread makes it or in which
order; runs are deterministic for a seed however many threads numba uses.

The mixer is SplitMix64's finalizer (Steele, Lea & Flood 2014); Gaussian draws
use a 256-layer ziggurat (Marsaglia & Tsang 2000) with the layer, the sign and a
53-bit uniform taken from independent bits of one 64-bit word.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from .config import NJIT

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S32 = np.uint64(32)
_S11 = np.uint64(11)
_S8 = np.uint64(8)
_ONE = np.uint64(1)
_B8 = np.uint64(0xFF)
_B16 = np.uint64(0xFFFF)
_INV53 = 1.0 / 9007199254740992.0

# Streams: one key per purpose, so that e.g. weights and noise never share draws.
STREAM_NOISE = 1
STREAM_NOISE_SLOW = 2
STREAM_WEIGHTS = 3
STREAM_SOURCES = 4
STREAM_HETEROGENEITY = 5

_MASK64 = (1 << 64) - 1


def stream_key(seed: int, stream: int) -> np.uint64:
    """The 64-bit key of one stream of draws for a seed (pure Python, exact)."""
    z = (seed * 0x9E3779B97F4A7C15 + stream * 0xD1B54A32D192ED03 + 0x632BE59BD9B4E019) & _MASK64
    for _ in range(2):
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
        z ^= z >> 31
    return np.uint64(z)


@njit(**NJIT)
def rand64(key, n):
    """The n-th 64-bit draw of stream ``key``."""
    z = key + np.uint64(n) * _GOLDEN
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@njit(**NJIT)
def uniform(key, n):
    """The n-th uniform draw of stream ``key``, in [0, 1) with 53 bits."""
    return float(rand64(key, n) >> _S11) * _INV53


@njit(**NJIT)
def below(r, m):
    """Map the high 32 bits of ``r`` to 0 .. m-1 (Lemire's multiply-shift; m < 2**32)."""
    return np.int64(((r >> _S32) * np.uint64(m)) >> _S32)


@njit(**NJIT)
def low16(r):
    return np.int64(r & _B16)


def _ziggurat_tables(layers: int = 256, r: float = 3.6541528853610088,
                     v: float = 0.00492867323399) -> tuple[np.ndarray, np.ndarray]:
    """Layer edges x[0..layers] (x[0] is the base strip's virtual width) and f(x)."""
    f = lambda x: math.exp(-0.5 * x * x)  # noqa: E731
    x = np.zeros(layers + 1)
    x[0] = v / f(r)
    x[1] = r
    for i in range(1, layers - 1):
        x[i + 1] = math.sqrt(-2.0 * math.log(v / x[i] + f(x[i])))
    x[layers] = 0.0
    return x, np.exp(-0.5 * x * x)


ZIG_X, ZIG_F = _ziggurat_tables()


@njit(**NJIT)
def _normal_slow(key_slow, n, first, zx, zf):
    """The rare draws the ziggurat's quick test rejects (about 1 in 100)."""
    r = first
    c = n * 64
    while True:
        idx = np.int64(r & _B8)
        x = float(r >> _S11) * _INV53 * zx[idx]
        neg = (r >> _S8) & _ONE
        if x < zx[idx + 1]:
            return -x if neg else x
        if idx == 0:
            while True:
                u1 = (float(rand64(key_slow, c) >> _S11) + 1.0) * _INV53
                u2 = (float(rand64(key_slow, c + 1) >> _S11) + 1.0) * _INV53
                c += 2
                xt = -math.log(u1) / zx[1]
                yt = -math.log(u2)
                if yt + yt > xt * xt:
                    x = zx[1] + xt
                    return -x if neg else x
        y = zf[idx] + uniform(key_slow, c) * (zf[idx + 1] - zf[idx])
        c += 1
        if y < math.exp(-0.5 * x * x):
            return -x if neg else x
        r = rand64(key_slow, c)
        c += 1


@njit(**NJIT)
def _normal_quick(key, n, zx):
    """The ziggurat's quick path for draw n, or NaN when it rejects (about 1.5%)."""
    r = rand64(key, n)
    idx = np.int64(r & _B8)
    x = float(r >> _S11) * _INV53 * zx[idx]
    if x < zx[idx + 1]:
        return -x if (r >> _S8) & _ONE else x
    return np.nan


@njit(**NJIT)
def normal(key, key_slow, n, zx, zf):
    """The n-th standard normal draw of stream ``key`` (ziggurat)."""
    x = _normal_quick(key, n, zx)
    if x != x:
        return _normal_slow(key_slow, n, rand64(key, n), zx, zf)
    return x


@njit(**NJIT)
def fill_normals(key, key_slow, start, out, zx, zf):
    """out[i] = normal(key, key_slow, start + i): the quick path in a loop LLVM
    vectorizes, then the rare rejections one by one (same values as ``normal``)."""
    for i in range(out.size):
        out[i] = _normal_quick(key, start + i, zx)
    for i in range(out.size):
        if out[i] != out[i]:
            out[i] = _normal_slow(key_slow, start + i, rand64(key, start + i), zx, zf)
