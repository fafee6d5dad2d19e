"""The public wrapper: validate, build the time grid and the current, call the kernel, wrap."""

from __future__ import annotations

from typing import Any

import numpy as np

from .kernels import run_neuron
from .model import (
    ACCOMMODATION_PIVOT_MV,
    BLOWUP_LIMIT,
    MAX_STEPS,
    PEAK_MV,
    QUADRATICS,
    SCHEMES,
    check_choice,
    time_grid,
)
from .patterns import FIGURE1_2004, Pattern, get_pattern
from .protocols import Recorded
from .result import NeuronTrace
from .spec import NeuronSpec


def simulate_neuron(neuron: NeuronSpec | Pattern | str = "A", *, scheme: str = "figure2004",
                    **changes: Any) -> NeuronTrace:
    """Integrate one Izhikevich neuron.

    Parameters
    ----------
    neuron : NeuronSpec, Pattern or str
        The neuron and its run, or a published pattern (a letter A-T of
        Izhikevich 2004, Fig. 1, a name such as ``"tonic_spiking"``, or a
        preset key of Izhikevich 2003, Fig. 2); default: panel A.
    scheme : str
        ``"figure2004"`` (one Euler step of tau, u from the new v, spike if
        v > 30 mV), ``"network2003"`` (v in two tau/2 half steps, u from the new
        v, spike if v >= 30 mV; tau = 1 ms unless given) or ``"euler"`` (plain
        Euler, spike if v >= 30 mV). See :data:`izhi_core.neuron.model.SCHEMES`.
        A pattern run under ``"network2003"`` takes its 1 ms step unless ``tau``
        is given; a NeuronSpec keeps its own.
    **changes
        Fields of :class:`NeuronSpec` to change (``a=0.03``, ``tau=0.1``,
        ``protocol=step(10, 20)``, ...), validated.

    Returns
    -------
    NeuronTrace

    Notes
    -----
    Steps start at ``0:tau:duration`` (see :func:`izhi_core.neuron.model.time_grid`),
    or one per sample of a recorded current; the current of a step is the
    protocol at its start. A run whose v or u leaves the bounded region stops
    there (``blowup_ms``); nothing returned is NaN.
    """
    check_choice("the scheme", scheme, tuple(SCHEMES))
    sch = SCHEMES[scheme]
    if isinstance(neuron, NeuronSpec):
        spec = neuron
    else:
        spec = get_pattern(neuron).spec
        # a published pattern's step belongs to its figure's scheme; another scheme
        # runs it at its own published step, if it has one
        if sch.default_tau is not None and "tau" not in changes:
            changes["tau"] = sch.default_tau
    if changes:
        spec = spec.replace(**changes)
    if isinstance(spec.protocol, Recorded):
        current = spec.protocol.current
        end = spec.duration if spec.duration is not None else (current.size - 1) * spec.tau
        t = time_grid(spec.tau, end)
    else:
        t = time_grid(spec.tau, spec.duration)
        if t.size > MAX_STEPS:
            raise ValueError(f"the duration must be at most {MAX_STEPS - 1:,} steps of tau "
                             f"(got {spec.duration:g} ms at {spec.tau:g} ms, {t.size - 1:,}).")
        current = spec.protocol.evaluate(t)
    k2, k1, k0 = QUADRATICS[spec.quadratic]
    n = t.size
    v = np.empty(n)
    u = np.empty(n)
    spikes = np.empty(n, np.int64)
    done, ns = run_neuron(current, spec.a, spec.b, spec.c, spec.d, spec.v0, spec.initial_u,
                          spec.tau, k2, k1, k0, spec.recovery == "accommodation",
                          ACCOMMODATION_PIVOT_MV, sch.v_substeps, sch.u_from_new_v,
                          sch.strict_peak, PEAK_MV, BLOWUP_LIMIT, v, u, spikes)
    steps = spikes[:ns].copy()
    return NeuronTrace(
        spec=spec, scheme=scheme, t=t[:done], v=v[:done], u=u[:done], I=current[:done].copy(),
        spike_times=t[steps], spike_steps=steps,
        blowup_ms=None if done == n else float(t[done]),
    )


def simulate_gallery(scheme: str = "figure2004") -> dict[str, NeuronTrace]:
    """All twenty panels of Izhikevich (2004), Fig. 1, by letter."""
    return {key: simulate_neuron(p, scheme=scheme) for key, p in FIGURE1_2004.items()}
