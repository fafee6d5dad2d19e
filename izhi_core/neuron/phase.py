"""Phase-plane analysis of one Izhikevich neuron at a constant current I; no drawing.

For v' = k2 v**2 + k1 v + k0 - u + I and u' = a (b v - u) (Izhikevich 2003,
eqs. 1-2; analysis as in Izhikevich 2007, "Dynamical Systems in
Neuroscience", ch. 8.1):

- v-nullcline: u = k2 v**2 + k1 v + k0 + I; u-nullcline: u = b v.
- fixed points: k2 v**2 + (k1 - b) v + k0 + I = 0, u = b v; two below the
  saddle-node current I_SN = (k1 - b)**2 / (4 k2) - k0, none above.
- Jacobian [[2 k2 v + k1, -1], [a b, -a]]: trace 2 k2 v + k1 - a,
  determinant a (b - 2 k2 v - k1).
- Andronov-Hopf: the trace vanishes at v_H = (a - k1) / (2 k2), a fixed point
  when I_H = (k1 - a)(k1 + a - 2 b) / (4 k2) - k0, with determinant
  a (b - a) > 0: for a > 0 that is b > a. I_SN - I_H = (b - a)**2 / (4 k2).

With the accommodation variant (u' = a b (v + 65), Izhikevich 2004, Fig. 1 R)
the u-nullcline is the line v = -65 mV: one fixed point, whatever I, no
saddle-node and no Hopf bifurcation (the trace does not depend on I).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .model import ACCOMMODATION_PIVOT_MV, QUADRATICS, RECOVERIES, check_choice, check_number
from .spec import NeuronSpec

# |trace| or |determinant| below this (relative to the Jacobian's scale) counts as zero:
# the fixed point is then a centre (Hopf) or a saddle-node, not a node, focus or saddle.
DEGENERATE_TOL = 1e-12

KINDS = ("stable node", "unstable node", "stable focus", "unstable focus", "saddle",
         "saddle-node", "centre")


@dataclass(frozen=True)
class FixedPoint:
    """A fixed point (v in mV, u) with its Jacobian, eigenvalues and kind (see :data:`KINDS`)."""

    v: float
    u: float
    jacobian: np.ndarray
    eigenvalues: tuple[complex, complex]
    kind: str


@dataclass(frozen=True, eq=False)
class PhasePlane:
    """Nullclines as polylines over a v range, fixed points and bifurcation currents at I.

    ``v_nullcline`` and ``u_nullcline`` are (v, u) pairs of arrays ready to draw;
    ``saddle_node_current`` and ``hopf_current`` are None where they do not exist.
    """

    current: float
    v_nullcline: tuple[np.ndarray, np.ndarray]
    u_nullcline: tuple[np.ndarray, np.ndarray]
    fixed_points: tuple[FixedPoint, ...]
    saddle_node_current: float | None
    hopf_current: float | None


def _coefficients(quadratic: str, recovery: str) -> tuple[float, float, float]:
    check_choice("the quadratic", quadratic, tuple(QUADRATICS))
    check_choice("the recovery", recovery, RECOVERIES)
    return QUADRATICS[quadratic]


def v_nullcline(v: np.ndarray, current: float, quadratic: str = "standard") -> np.ndarray:
    """u on the v-nullcline at each v (mV): ``k2 v**2 + k1 v + k0 + I``."""
    k2, k1, k0 = _coefficients(quadratic, "standard")
    v = np.asarray(v, np.float64)
    return k2 * v * v + k1 * v + k0 + current


def u_nullcline(v: np.ndarray, b: float) -> np.ndarray:
    """u on the (standard) u-nullcline at each v: ``b v``. The accommodation
    variant's u-nullcline is the vertical line v = -65 mV instead."""
    return b * np.asarray(v, np.float64)


def jacobian(v: float, a: float, b: float, quadratic: str = "standard",
             recovery: str = "standard") -> np.ndarray:
    """The 2 x 2 Jacobian of (v', u') with respect to (v, u) at v (mV); it does not
    depend on u or I."""
    k2, k1, _ = _coefficients(quadratic, recovery)
    du_dv = a * b
    du_du = -a if recovery == "standard" else 0.0
    return np.array([[2 * k2 * v + k1, -1.0], [du_dv, du_du]])


def classify(jac: np.ndarray) -> tuple[tuple[complex, complex], str]:
    """Eigenvalues (closed form, from trace and determinant) and the kind of fixed point."""
    tr = float(jac[0, 0] + jac[1, 1])
    det = float(jac[0, 0] * jac[1, 1] - jac[0, 1] * jac[1, 0])
    disc = tr * tr - 4 * det
    root = complex(0.0, math.sqrt(-disc)) if disc < 0 else complex(math.sqrt(disc), 0.0)
    eig = ((tr - root) / 2, (tr + root) / 2)
    scale = max(1.0, float(np.abs(jac).max()))
    if abs(det) <= DEGENERATE_TOL * scale * scale:
        return eig, "saddle-node"
    if det < 0:
        return eig, "saddle"
    if abs(tr) <= DEGENERATE_TOL * scale:
        return eig, "centre"
    sign = "stable" if tr < 0 else "unstable"
    return eig, f"{sign} {'focus' if disc < 0 else 'node'}"


def _point(v: float, u: float, a: float, b: float, quadratic: str, recovery: str) -> FixedPoint:
    jac = jacobian(v, a, b, quadratic, recovery)
    eig, kind = classify(jac)
    return FixedPoint(float(v), float(u), jac, eig, kind)


def fixed_points(a: float, b: float, current: float, quadratic: str = "standard",
                 recovery: str = "standard") -> tuple[FixedPoint, ...]:
    """The fixed points at a constant current, left (lower v) first.

    Standard recovery: the roots of ``k2 v**2 + (k1 - b) v + k0 + I = 0`` with
    ``u = b v`` (two, one double root at I_SN, none above). Accommodation:
    v = -65 mV on the v-nullcline, whatever I. ``a == 0`` makes every point
    of the v-nullcline with u = u0 stationary and is not analysed (ValueError).
    """
    a = check_number("a", a)
    b = check_number("b", b)
    if a == 0:
        raise ValueError("a, the time scale of u, must not be 0 for a phase-plane analysis "
                         "(got 0.0).")
    k2, k1, k0 = _coefficients(quadratic, recovery)
    if recovery == "accommodation":
        if b == 0:
            raise ValueError("b must not be 0 for the accommodation variant's phase plane "
                             "(got 0.0).")
        v = ACCOMMODATION_PIVOT_MV
        return (_point(v, k2 * v * v + k1 * v + k0 + current, a, b, quadratic, recovery),)
    p, q = k1 - b, k0 + current
    disc = p * p - 4 * k2 * q
    if disc < 0:
        return ()
    if disc == 0:
        roots = (-p / (2 * k2),)
    else:
        # the root away from cancellation first, the other from Vieta's product
        big = -(p + math.copysign(math.sqrt(disc), p)) / (2 * k2)
        small = q / (k2 * big) if big != 0 else -p / k2
        roots = tuple(sorted((big, small)))
    return tuple(_point(v, b * v, a, b, quadratic, recovery) for v in roots)


def saddle_node_current(b: float, quadratic: str = "standard",
                        recovery: str = "standard") -> float | None:
    """I_SN = (k1 - b)**2 / (4 k2) - k0: the two fixed points merge and vanish; None
    for the accommodation variant, which has one fixed point at every I."""
    k2, k1, k0 = _coefficients(quadratic, recovery)
    if recovery == "accommodation":
        return None
    return (k1 - b) ** 2 / (4 * k2) - k0


def hopf_current(a: float, b: float, quadratic: str = "standard",
                 recovery: str = "standard") -> float | None:
    """The Andronov-Hopf current I_H = (k1 - a)(k1 + a - 2 b) / (4 k2) - k0, where the
    fixed point at v_H = (a - k1) / (2 k2) has a zero trace and a positive determinant
    a (b - a) (for a > 0: b > a); None where there is none."""
    k2, k1, k0 = _coefficients(quadratic, recovery)
    if recovery == "accommodation" or not a * (b - a) > 0:
        return None
    return (k1 - a) * (k1 + a - 2 * b) / (4 * k2) - k0


def vector_field(spec: NeuronSpec, current: float, v: np.ndarray,
                 u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(v', u') at each point (v in mV, u) at a constant current: the arrows of the
    phase plane (Izhikevich 2003, eqs. 1-2; accommodation: u' = a b (v + 65))."""
    k2, k1, k0 = _coefficients(spec.quadratic, spec.recovery)
    v = np.asarray(v, np.float64)
    u = np.asarray(u, np.float64)
    dv = k2 * v * v + k1 * v + k0 - u + current
    if spec.recovery == "accommodation":
        du = spec.a * spec.b * (v - ACCOMMODATION_PIVOT_MV) + 0.0 * u
    else:
        du = spec.a * (spec.b * v - u)
    return dv, du


def phase_plane(spec: NeuronSpec, current: float, v_range: tuple[float, float] = (-90.0, 30.0),
                points: int = 241) -> PhasePlane:
    """Everything to draw the phase plane of ``spec``'s neuron at a constant current."""
    current = check_number("current", current)
    v = np.linspace(v_range[0], v_range[1], points)
    u_v = v_nullcline(v, current, spec.quadratic)
    if spec.recovery == "accommodation":
        lo, hi = float(u_v.min()), float(u_v.max())
        u_line = (np.full(2, ACCOMMODATION_PIVOT_MV), np.array([lo, hi]))
    else:
        u_line = (v, u_nullcline(v, spec.b))
    return PhasePlane(
        current=current,
        v_nullcline=(v, u_v),
        u_nullcline=u_line,
        fixed_points=fixed_points(spec.a, spec.b, current, spec.quadratic, spec.recovery),
        saddle_node_current=saddle_node_current(spec.b, spec.quadratic, spec.recovery),
        hopf_current=hopf_current(spec.a, spec.b, spec.quadratic, spec.recovery),
    )
