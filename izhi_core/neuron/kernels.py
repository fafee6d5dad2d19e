"""The single neuron's private @njit loop: arrays and scalars in, arrays out.

No validation, no dataclasses, no exceptions; the public wrapper is
:func:`izhi_core.neuron.simulate_neuron`. Every expression keeps the order of
operations of the code it reproduces (Izhikevich's figure code and the 2003
network kernel, :mod:`izhi_core.kernels`), so the results agree to the bit.
"""

from __future__ import annotations

from numba import njit

from ..config import NJIT


@njit(**NJIT)
def run_neuron(current, a, b, c, d, v0, u0, tau, k2, k1, k0, accommodation, pivot,
               v_substeps, u_from_new_v, strict_peak, peak, limit, out_v, out_u, spikes):
    """Integrate one neuron over ``current.size`` steps of ``tau`` ms.

    Step k uses ``current[k]``; ``out_v[k]`` and ``out_u[k]`` are the values
    at its end, ``peak`` where it spiked (u after the reset). ``spikes`` gets
    the indices of the spiking steps. Stops, storing nothing of it, at the
    first step that ends outside v >= -limit and |u| <= limit (NaN included).
    Returns (steps done, spikes).
    """
    v = v0
    u = u0
    h = tau / v_substeps  # tau / 1 is tau and 1 / 2 is 0.5, exactly
    ta = tau * a  # the figure code's tau*a*(...), left to right; 1 * a is a
    ns = 0
    for k in range(current.size):
        i = current[k]
        v_old = v
        for _ in range(v_substeps):
            v = v + h * (k2 * (v * v) + k1 * v + k0 - u + i)
        vu = v if u_from_new_v else v_old
        if accommodation:
            u = u + ta * (b * (vu - pivot))
        else:
            u = u + ta * (b * vu - u)
        spiked = v > peak or (v == peak and not strict_peak)
        v_out = v
        if spiked:
            v_out = peak
            v = c
            u = u + d
        if not (v >= -limit and abs(u) <= limit):
            return k, ns
        out_v[k] = v_out
        out_u[k] = u
        if spiked:
            spikes[ns] = k
            ns += 1
    return current.size, ns
