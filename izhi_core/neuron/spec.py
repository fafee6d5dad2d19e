"""One neuron and its run, validated: parameters, start, step, length, input, equations."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from .model import QUADRATICS, RECOVERIES, check_choice, check_number, fmt, n_intervals
from .protocols import Protocol, Recorded


@dataclass(frozen=True)
class NeuronSpec:
    """A single Izhikevich neuron and what to do with it.

    Parameters
    ----------
    a, b, c, d : float
        Izhikevich (2003) parameters: the time scale of u (1/ms), the sensitivity
        of u to v, the reset of v (mV) and the reset increment of u.
    v0 : float
        Initial membrane potential (mV).
    u0 : float or None
        Initial recovery variable; None means ``b * v0``, as the published code sets it.
    tau : float
        Integration step (ms), 0.01 to 1.
    duration : float or None
        Length of the run (ms): steps start at ``0:tau:duration`` (both ends
        included, as the 2004 figure code loops). None with a recorded current:
        one step per sample.
    protocol : Protocol or Recorded
        The input current (see :mod:`izhi_core.neuron.protocols`).
    quadratic : str
        Key of :data:`izhi_core.neuron.model.QUADRATICS`, the v-equation's parabola.
    recovery : str
        ``"standard"``, u' = a (b v - u), or ``"accommodation"``, u' = a b (v + 65)
        (Izhikevich 2004, Fig. 1 R).
    """

    a: float
    b: float
    c: float
    d: float
    v0: float = -65.0
    u0: float | None = None
    tau: float = 0.25
    duration: float | None = 100.0
    protocol: Protocol | Recorded = field(default_factory=Protocol)
    quadratic: str = "standard"
    recovery: str = "standard"

    def __post_init__(self) -> None:
        clean: dict[str, Any] = {k: check_number(k, getattr(self, k))
                                 for k in ("a", "b", "c", "d", "v0", "tau")}
        clean["u0"] = None if self.u0 is None else check_number("u0", self.u0)
        if not isinstance(self.protocol, (Protocol, Recorded)):
            raise ValueError(f"the protocol must be a Protocol or a Recorded current "
                             f"(got {fmt(self.protocol)}).")
        if self.duration is None:
            if not isinstance(self.protocol, Recorded):
                raise ValueError("the duration must be given unless the current is recorded "
                                 "(got None).")
            clean["duration"] = None
        else:
            clean["duration"] = check_number("duration", self.duration)
            if isinstance(self.protocol, Recorded):
                n = n_intervals(clean["tau"], clean["duration"]) + 1
                if n != self.protocol.current.size:
                    raise ValueError(
                        f"the duration must give one step per recorded sample "
                        f"({self.protocol.current.size:,}) or be None (got {clean['duration']:g}"
                        f" ms, {n:,} steps).")
        clean["quadratic"] = check_choice("the quadratic", self.quadratic, tuple(QUADRATICS))
        clean["recovery"] = check_choice("the recovery", self.recovery, RECOVERIES)
        for name, value in clean.items():
            object.__setattr__(self, name, value)

    @property
    def initial_u(self) -> float:
        """u at t = 0: ``u0``, or ``b * v0`` when u0 is None."""
        return self.b * self.v0 if self.u0 is None else self.u0

    def replace(self, **changes: Any) -> NeuronSpec:
        """A validated copy with some fields changed."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The numbers and names (the protocol as its one-line description)."""
        out = asdict(self)
        out["protocol"] = self.protocol.describe()
        return out
