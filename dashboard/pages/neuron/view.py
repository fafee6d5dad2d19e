"""A neuron's run -> the lab's figures, readouts and links, by output name; nothing else.

Numbers go into sentences with their units: v in mV, t in ms, u and I in mV/ms.
"""

from __future__ import annotations

import base64
import functools
import math
from typing import Any
from urllib.parse import urlencode

import numpy as np

from izhi_core import NetworkConfig
from izhi_core import figures_neuron as FN
from izhi_core.neuron import FIGURE1_2004, NeuronSpec, NeuronTrace, Pattern, simulate_gallery
from izhi_core.neuron.phase import hopf_current, saddle_node_current

from ...common.wire import compact
from . import state as S
from .ids import ID

# Output name -> (component, property) of everything a lab view draws. Callbacks are
# declared from this table, and a view is a dict with these keys.
LAB: dict[str, tuple[ID, str]] = {
    "traces": (ID.TRACES, "figure"),
    "phase": (ID.PHASE, "figure"),
    "phase_text": (ID.PHASE_TEXT, "children"),
    "summary": (ID.SUMMARY, "children"),
    "changed": (ID.CHANGED, "children"),
    "network_link": (ID.NETWORK_LINK, "children"),
}
MATCH = "✓"
MISMATCH = "✗"


@functools.cache
def gallery_images() -> dict[str, str]:
    """The twenty panels of Izhikevich (2004), Fig. 1, each v(t) over its input as an
    SVG image (a ``data:`` address), by letter; computed once per process (they never
    change)."""
    return {key: "data:image/svg+xml;base64,"
                 + base64.b64encode(FN.gallery_panel_svg(trace).encode()).decode("ascii")
            for key, trace in simulate_gallery().items()}


def pattern_label(p: Pattern) -> str:
    """'(A) tonic spiking', 'regular spiking (RS), Izhikevich (2003)'."""
    return p.label if p.key in FIGURE1_2004 else f"{p.label}, Izhikevich (2003)"


def published_text(p: Pattern) -> str:
    """The published input in words, e.g. 'As published: I = 1.24 on (37.5, 42.5) ms;
    1.24 on (216, 221) ms; 0.24 otherwise.' (the windows are open, as coded)."""
    parts = []
    for s in p.spec.protocol.segments:
        if s.rise == 0.0:
            value = f"{s.level:g}"
        else:
            slope = f"{s.rise / s.per:g}·" + ("t" if s.origin == 0 else f"(t − {s.origin:g})")
            value = slope if s.level == 0 else f"{s.level:g} + {slope}"
        if math.isinf(s.hi):
            parts.append(f"{value} after {s.lo:g} ms")
        elif math.isinf(s.lo):
            parts.append(f"{value} before {s.hi:g} ms")
        else:
            parts.append(f"{value} on ({s.lo:g}, {s.hi:g}) ms")
    base = f"{p.spec.protocol.baseline:g}"
    return f"As published: I = {'; '.join([*parts, base + ' otherwise'])}."


def _number(x: float) -> str:
    return f"{x:.2f}".replace("-", "−")


def phase_text(trace: NeuronTrace, at: int) -> str:
    """What the phase plane shows at step ``at``, in words: the current, the fixed points
    and their kinds, and the currents where the rest is lost."""
    s = trace.spec
    current = float(trace.I[at]) if trace.I.size else 0.0
    t = float(trace.t[at]) if trace.t.size else 0.0
    points = FN.fixed_points_at(s, current)
    isn = saddle_node_current(s.b, s.quadratic, s.recovery)
    hopf = hopf_current(s.a, s.b, s.quadratic, s.recovery)
    where = f"At t = {t:g} ms the input is I = {current:.4g} mV/ms"
    if s.a == 0:
        rest = "a = 0: u never changes, and every point of the v-nullcline at u is at rest."
    elif not points:
        rest = (f"above I_SN = {_number(isn)}: the nullclines do not cross, there is no resting "
                "state, and the neuron fires.")
    else:
        kinds = " and ".join(f"a {p.kind} at v = {_number(p.v)} mV, u = {_number(p.u)}"
                             for p in points)
        rest = f"{'below I_SN = ' + _number(isn) if isn is not None else ''}: {kinds}."
        rest = rest.lstrip(": ")
    if isn is None:
        bifurcations = "With u′ = a·b·(v + 65) there is one fixed point at every I."
    else:
        bifurcations = (f"The rest is lost in a saddle-node at I_SN = {_number(isn)}; "
                        + (f"it loses its stability in an Andronov–Hopf bifurcation at "
                           f"I = {_number(hopf)}." if hopf is not None else
                           "there is no Andronov–Hopf bifurcation (for a > 0, that needs "
                           "b > a)."))
    return f"{where}, {rest} {bifurcations}"


def lab_figures(trace: NeuronTrace, at: int, title: str,
                reference: tuple[np.ndarray, np.ndarray] | None = None) -> dict[str, Any]:
    """v, u, I over time and the phase plane at step ``at``, as the page sends them."""
    note = ("v drawn at +30 mV at each spike",) if reference is None else ()
    traces = FN.lab_traces_spec(trace, at, title=title, reference=reference,
                                reference_name="the network's neuron", note=note)
    return {"traces": compact(traces), "phase": compact(FN.phase_plane_spec(trace, at)),
            "phase_text": phase_text(trace, at)}


def spikes_text(n: int) -> str:
    return f"{n:,} spike" + ("" if n == 1 else "s")


def pattern_summary(p: Pattern, trace: NeuronTrace, changed: bool) -> str:
    how = "as you set it" if changed else "as published"
    text = (f"{pattern_label(p)}, {how}: {spikes_text(trace.n_spikes)} in "
            f"{trace.t[-1]:g} ms ({trace.scheme}, step {trace.spec.tau:g} ms).")
    if trace.blowup_ms is not None:
        text += f" The run diverged at {trace.blowup_ms:g} ms and stops there."
    return text


def neuron_name(config: NetworkConfig, neuron: int) -> str:
    """'neuron 811 (inhibitory, LTS)'."""
    kind = ("excitatory", config.exc_type) if neuron < config.ne else (
        "inhibitory", config.inh_type)
    return f"neuron {neuron} ({kind[0]}, {kind[1]})"


def replay_summary(config: NetworkConfig, neuron: int, own: NeuronTrace, matches: bool,
                   trace: NeuronTrace | None) -> str:
    """What the replay shows: the neuron alone on the input it received, whether that
    equals the network's own v and u (computed on this run), and the student's change."""
    name = neuron_name(config, neuron)
    check = MATCH if matches else MISMATCH
    text = (f"{name[0].upper()}{name[1:]} of the network, alone on the input it received "
            f"there (noise and synapses, 1 ms steps): {spikes_text(own.n_spikes)} in "
            f"{config.duration:,} ms. With its own a, b, c, d its v and u match the "
            f"network's bit for bit: {check}")
    if trace is not None:
        text += (f" With your a, b, c, d: {spikes_text(trace.n_spikes)} on the same input "
                 "(the network's neuron in grey).")
    return text


def network_link(config: NetworkConfig, neuron: int) -> str:
    """The network page with this run and this neuron traced."""
    pairs = [(k, S.address_text(v)) for k, v in config.to_dict().items() if v is not None]
    return "/?" + urlencode([*pairs, ("neurons", str(neuron))], safe=",")


def changed_text(sentences: list[str], old_spikes: int | None, new_spikes: int) -> str:
    """The readout of the last change: its sentences, then the spikes before and after."""
    out = list(sentences)
    if old_spikes is not None and old_spikes != new_spikes:
        out.append(f"Spikes: {old_spikes:,} → {new_spikes:,}.")
    return " ".join(out)


def parameters_text(spec: NeuronSpec) -> str:
    return f"a = {spec.a:g}, b = {spec.b:g}, c = {spec.c:g} mV, d = {spec.d:g}"
