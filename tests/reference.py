# ruff: noqa: E741 (I is the original script's name for the input current)
"""The slow twin: the original script's loop in numpy, line for line, with its
constants turned into parameters. Only tests import it."""

from __future__ import annotations

import numpy as np

from izhi_core.config import NetworkConfig
from izhi_core.presets import NEURON_TYPES


def original_loop(config: NetworkConfig, trace_neurons=(), return_currents=False):
    """Run the original script's simulation for ``config`` (all-to-all only).

    Returns ``firings`` as an (n, 2) int array [t, neuron] and, for
    ``trace_neurons``, the script's recorded v, u and I rows.
    """
    assert config.inputs is None
    np.random.seed(config.seed)
    T, Ne, Ni = config.duration, config.ne, config.ni
    re = np.random.rand(Ne, 1)
    ri = np.random.rand(Ni, 1)
    pe, pi = NEURON_TYPES[config.exc_type], NEURON_TYPES[config.inh_type]
    a_e, b_e, c_e, d_e = pe.a, pe.b, pe.c, pe.d
    a_i, b_i, c_i, d_i = pi.a, pi.b, pi.c, pi.d
    a = np.vstack((a_e * np.ones((Ne, 1)), a_i + 0.08 * ri))
    b = np.vstack((b_e * np.ones((Ne, 1)), b_i - 0.05 * ri))
    c = np.vstack((c_e + 15 * re**2, c_i * np.ones((Ni, 1))))
    d = np.vstack((d_e - 6 * re**2, d_i * np.ones((Ni, 1))))
    S = np.hstack((config.exc_weight * np.random.rand(Ne + Ni, Ne),
                   -config.inh_weight * np.random.rand(Ne + Ni, Ni)))
    v = -65 * np.ones((Ne + Ni, 1))
    u = b * v
    firings = np.array([]).reshape(0, 2)
    rows = list(trace_neurons)
    v_rec = np.zeros((len(rows), T))
    u_rec = np.zeros((len(rows), T))
    i_rec = np.zeros((len(rows), T))
    currents = np.zeros((Ne + Ni, T)) if return_currents else None
    for t in range(0, T):
        I = np.vstack((config.exc_noise * np.random.randn(Ne, 1),
                       config.inh_noise * np.random.randn(Ni, 1)))
        if t > 0:
            I += np.sum(S[:, fired], axis=1).reshape(-1, 1)  # noqa: F821 (set below)
        v += 0.5 * (0.04 * v**2 + 5 * v + 140 - u + I)
        v += 0.5 * (0.04 * v**2 + 5 * v + 140 - u + I)
        u += a * (b * v - u)
        fired = np.where(v >= 30)[0]
        if fired.size > 0:
            firings = np.vstack((firings, np.hstack((t * np.ones((fired.size, 1)),
                                                     fired.reshape(-1, 1)))))
            v[fired] = c[fired]
            u[fired] = u[fired] + d[fired]
        v_rec[:, t] = v[rows, 0]
        u_rec[:, t] = u[rows, 0]
        i_rec[:, t] = I[rows, 0]
        if currents is not None:
            currents[:, t] = I[:, 0]
    out = {"firings": firings.astype(np.int64), "v": v_rec, "u": u_rec, "current": i_rec}
    if currents is not None:
        out["currents"] = currents
    return out
