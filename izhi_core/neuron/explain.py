"""What a change does to one Izhikevich neuron, in a sentence: the rules as data.

The lab page says, when a slider moves, what that change means for the neuron
("d < 0: each spike lowers u, so the neuron bursts without end"). Each
:class:`Rule` watches one quantity (a parameter, the scheme, or the largest input
of the run), tests its old and new values (with the new neuron's bifurcation
currents at hand) and carries the sentence; for each quantity the first rule that
holds speaks. The readings follow Izhikevich (2003), Fig. 2, and (2004), Fig. 1;
the bifurcations are those of :mod:`izhi_core.neuron.phase` (Izhikevich 2007, ch. 8).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .model import SCHEMES
from .phase import hopf_current, saddle_node_current
from .spec import NeuronSpec

BURST_RESET_MV = -55.0  # IB resets to -55 mV and bursts, CH to -50; RS, FS, LTS to -65


@dataclass(frozen=True)
class Context:
    """What a rule may need besides the two values: the new and the old neuron's
    saddle-node and Andronov-Hopf currents (None where there is none)."""

    isn: float | None
    hopf: float | None
    old_hopf: float | None


@dataclass(frozen=True)
class Rule:
    """``text`` (formatted with ``old``, ``new`` and the context's fields) when
    ``when(old, new, context)`` holds for the quantity ``watch``."""

    watch: str
    when: Callable[[Any, Any, Context], bool]
    text: str


def _up(o: Any, n: Any, _c: Context) -> bool:
    return n > o


def _down(o: Any, n: Any, _c: Context) -> bool:
    return n < o


RULES: tuple[Rule, ...] = (
    Rule("d", lambda o, n, c: n < 0 <= o,
         "d < 0: each spike lowers u, so the neuron bursts without end."),
    Rule("d", lambda o, n, c: o < 0 <= n,
         "d ≥ 0 again: each spike raises u, which ends a burst."),
    Rule("d", _up, "d up to {new:g}: each spike adds more to u, so the next spike waits "
                   "longer: stronger adaptation."),
    Rule("d", _down, "d down to {new:g}: each spike adds less to u: less adaptation, "
                     "faster firing."),
    Rule("c", lambda o, n, c: o < BURST_RESET_MV <= n,
         "c up to {new:g} mV: the reset lands close to the threshold, so spikes come in "
         "bursts (as IB, c = −55 mV, and CH, c = −50 mV)."),
    Rule("c", lambda o, n, c: n < BURST_RESET_MV <= o,
         "c down to {new:g} mV: a deep reset again, single spikes rather than bursts."),
    Rule("c", _up, "c up to {new:g} mV: a shallower reset, so the next spike comes sooner."),
    Rule("c", _down, "c down to {new:g} mV: a deeper reset, so the next spike comes later."),
    Rule("a", lambda o, n, c: n < 0 <= o,
         "a < 0: u moves away from b·v instead of towards it (as in panels S and T)."),
    Rule("a", _up, "a up to {new:g}: u recovers faster, so adaptation fades sooner (fast "
                   "spiking has a = 0.1)."),
    Rule("a", _down, "a down to {new:g}: u recovers more slowly, so adaptation lasts longer."),
    Rule("b", lambda o, n, c: c.hopf is not None and c.old_hopf is None,
         "b > a now: the rest can lose its stability through an Andronov–Hopf bifurcation, "
         "at I = {hopf:.2f}: the neuron resonates (Class 2)."),
    Rule("b", lambda o, n, c: c.hopf is None and c.old_hopf is not None and c.isn is not None,
         "b ≤ a now: no Andronov–Hopf bifurcation; the rest ends in a saddle-node, at "
         "I_SN = {isn:.2f} (Class 1)."),
    Rule("b", lambda o, n, c: n > o and c.isn is not None,
         "b up to {new:g}: u follows v more closely below the threshold, and the rest holds "
         "up to I_SN = {isn:.2f}."),
    Rule("b", lambda o, n, c: n < o and c.isn is not None,
         "b down to {new:g}: the rest gives way sooner, at I_SN = {isn:.2f}."),
    Rule("tau", _up, "The step is up to {new:g} ms: coarser Euler steps move the spike "
                     "times (and a step near 2/a makes the run diverge)."),
    Rule("tau", _down, "The step is down to {new:g} ms: finer steps, closer to the "
                       "continuous model."),
    Rule("scheme", lambda o, n, c: n != o, "Scheme {new}: {label}."),
    Rule("input", lambda o, n, c: c.isn is not None and o <= c.isn < n,
         "The input now reaches {new:.3g}, above I_SN = {isn:.2f}: while it lasts there is "
         "no resting state, so the neuron fires."),
    Rule("input", lambda o, n, c: c.isn is not None and n <= c.isn < o,
         "The input now stays at or below I_SN = {isn:.2f}: a resting state survives it, "
         "and a spike needs a push."),
    Rule("input", lambda o, n, c: n != o, "The largest input is now {new:.3g}."),
)

QUANTITIES = ("a", "b", "c", "d", "tau", "scheme", "input")


def explain(old: NeuronSpec, new: NeuronSpec, old_scheme: str, new_scheme: str,
            old_input: float, new_input: float,
            rules: tuple[Rule, ...] = RULES) -> list[str]:
    """The sentences of what changed from ``old`` to ``new``, in :data:`QUANTITIES`'
    order: for each quantity that differs, its first rule that holds.

    ``old_input`` and ``new_input`` are the largest input current of each run.
    """
    context = Context(
        isn=saddle_node_current(new.b, new.quadratic, new.recovery),
        hopf=hopf_current(new.a, new.b, new.quadratic, new.recovery),
        old_hopf=hopf_current(old.a, old.b, old.quadratic, old.recovery),
    )
    values: dict[str, tuple[Any, Any]] = {
        **{k: (getattr(old, k), getattr(new, k)) for k in ("a", "b", "c", "d", "tau")},
        "scheme": (old_scheme, new_scheme), "input": (old_input, new_input),
    }
    out = []
    for quantity in QUANTITIES:
        o, n = values[quantity]
        if o == n:
            continue
        rule = next((r for r in rules if r.watch == quantity and r.when(o, n, context)), None)
        if rule is not None:
            label = SCHEMES[n].label if quantity == "scheme" else ""
            # no capital: a sentence may start with a parameter's name (a, b, c, d)
            out.append(rule.text.format(old=o, new=n, label=label, **vars(context)))
    return out
