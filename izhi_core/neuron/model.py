"""The single neuron's equations, integration schemes and field bounds, as data.

Izhikevich (2003), "Simple model of spiking neurons", IEEE Trans. Neural Netw.
14(6):1569-1572, eqs. 1-3::

    v' = k2 v**2 + k1 v + k0 - u + I        (mV, ms)
    u' = a (b v - u)
    if v >= 30 mV: v <- c, u <- u + d

with (k2, k1, k0) = (0.04, 5, 140). Izhikevich (2004), "Which model to use for
cortical spiking neurons?", IEEE Trans. Neural Netw. 15(5):1063-1070, Fig. 1,
varies the equations per panel: (0.04, 4.1, 108) for G (Class 1) and L
(integrator), and ``u' = a b (v + 65)`` for R (accommodation).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

PEAK_MV = 30.0  # the spike cut-off; the trace shows every spike as this peak
# v below -LIMIT or |u| above LIMIT (or NaN) ends a run as diverged: no physiological
# trajectory comes near, and past it an Euler step heads for overflow.
BLOWUP_LIMIT = 1e6
ACCOMMODATION_PIVOT_MV = -65.0  # u' = a b (v - pivot) in panel R

QUADRATICS: MappingProxyType[str, tuple[float, float, float]] = MappingProxyType({
    # (k2, k1, k0) of v' = k2 v**2 + k1 v + k0 - u + I
    "standard": (0.04, 5.0, 140.0),
    # Fig. 1 G and L (2004): the parabola moved so that b < 0 still has a rest state
    "shifted": (0.04, 4.1, 108.0),
})

RECOVERIES = ("standard", "accommodation")  # u' = a (b v - u); u' = a b (v + 65)


@dataclass(frozen=True)
class Scheme:
    """One way to advance (v, u) by a step ``tau``.

    Attributes
    ----------
    v_substeps : int
        Euler sub-steps of v per step, each of ``tau / v_substeps`` with the same I.
    u_from_new_v : bool
        True: u is advanced with the v just computed (semi-implicit, as the
        published scripts); False: with the v at the start of the step (plain Euler).
    strict_peak : bool
        True: a spike is ``v > 30``; False: ``v >= 30``.
    default_tau : float
        The step (ms) the scheme was published with; None: the pattern's.
    label : str
        One line for menus and docs.
    """

    v_substeps: int
    u_from_new_v: bool
    strict_peak: bool
    default_tau: float | None
    label: str


SCHEMES: MappingProxyType[str, Scheme] = MappingProxyType({
    # figure1.m (2004): V first, then u from the new V, spike if V > 30
    "figure2004": Scheme(1, True, True, None, "one Euler step of tau, u from the new v "
                                              "(Izhikevich 2004, Fig. 1 code)"),
    # the 2003 network: v in two half steps (for numerical stability), u from the new v
    "network2003": Scheme(2, True, False, 1.0, "two tau/2 half steps of v, u from the new v, "
                                               "tau = 1 ms (Izhikevich 2003 network)"),
    "euler": Scheme(1, False, False, None, "plain forward Euler: v and u from the old state"),
})


@dataclass(frozen=True)
class Field:
    """A bounded number a person may set: its label for sentences, unit and range."""

    label: str
    unit: str
    lo: float
    hi: float


FIELDS: MappingProxyType[str, Field] = MappingProxyType({
    "a": Field("a, the time scale of u,", "per ms", -1.0, 1.0),
    "b": Field("b, the sensitivity of u to v,", "", -2.0, 2.0),
    "c": Field("c, the reset of v,", "mV", -100.0, 0.0),
    "d": Field("d, the reset increment of u,", "mV/ms", -50.0, 50.0),
    "v0": Field("the initial v", "mV", -100.0, 30.0),
    "u0": Field("the initial u", "mV/ms", -200.0, 200.0),
    "tau": Field("the step", "ms", 0.01, 1.0),
    "duration": Field("the duration", "ms", 1.0, 10_000.0),
    "current": Field("the current", "", -1000.0, 1000.0),
    "time": Field("a protocol time", "ms", -10_000.0, 10_000.0),
    "rise": Field("a ramp's rise", "", -1000.0, 1000.0),
    "per": Field("a ramp's interval", "ms", 1e-3, 10_000.0),
})
MAX_STEPS = 1_000_001  # 10 s at 0.01 ms
MAX_RECORDED_ABS = 1e6  # a recorded current beyond this is not a current


def fmt(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def check_number(field: str, value: Any) -> float:
    """``value`` as a finite float within ``FIELDS[field]``, or a one-sentence ValueError.

    Numbers typed as text (forms, URLs, the CLI) are parsed; booleans are refused.
    """
    f = FIELDS[field]
    unit = f" {f.unit}" if f.unit else ""
    allowed = f"{f.label} must be a number from {f.lo:g} to {f.hi:g}{unit}"
    number = value
    if isinstance(value, str):
        try:
            number = float(value.strip()) if len(value) <= 40 else None
        except ValueError:
            number = None
    if isinstance(number, bool) or not isinstance(number, (int, float, np.floating, np.integer)):
        raise ValueError(f"{allowed} (got {fmt(value)}).")
    number = float(number)
    if not math.isfinite(number) or not f.lo <= number <= f.hi:
        raise ValueError(f"{allowed} (got {fmt(value)}).")
    return number


def check_choice(label: str, value: Any, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{label} must be one of {', '.join(choices)} (got {fmt(value)}).")
    return value


def n_intervals(tau: float, duration: float) -> int:
    """Steps of ``tau`` that fit in ``duration``, a near-whole quotient counting as whole."""
    q = duration / tau
    n = round(q)
    return n if abs(q - n) <= 1e-9 * max(1.0, q) else math.floor(q)


def time_grid(tau: float, duration: float) -> np.ndarray:
    """The start of every step, ``0:tau:duration`` built as MATLAB's colon builds it.

    The first half is ``k * tau`` counted from 0, the second half ``end - k *
    tau`` counted back from the end, and the middle of an even count is
    ``end / 2``; ``end`` is ``duration`` when it is a whole number of steps
    (within 1e-9), else the last whole step. Izhikevich's figure code loops over
    such a grid (``tspan = 0:tau:T``), and with tau = 0.2 or 0.1 ms its second
    half differs from ``k * tau`` in the last bit: the spike times do too.
    """
    n = n_intervals(tau, duration)
    q = duration / tau
    end = duration if abs(q - n) <= 1e-9 * max(1.0, q) else n * tau
    t = np.empty(n + 1)
    k = np.arange(n // 2 + 1, dtype=np.float64)
    t[: k.size] = k * tau
    t[n - k.size + 1:] = (end - k * tau)[::-1]
    if n % 2 == 0:
        t[n // 2] = end / 2
    return t
