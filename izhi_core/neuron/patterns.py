"""Registries of published single-neuron runs: Izhikevich (2004) Fig. 1 and (2003) Fig. 2.

Both figures come from one published MATLAB file (Izhikevich, November 2003;
the copy read is ``MATLAB/izhi2003.m`` of OpenSourceBrain/IzhikevichModel):
its first cell draws the 2003 paper's Fig. 2, its second the 2004 paper's
Fig. 1 (the file known as figure1.m). Every number below is the file's, with
the file's arithmetic where it computes one (``100 / 11``, ``0.7 * 400``):

- Izhikevich E.M. (2003) Simple model of spiking neurons. IEEE Trans. Neural
  Netw. 14(6):1569-1572.
- Izhikevich E.M. (2004) Which model to use for cortical spiking neurons?
  IEEE Trans. Neural Netw. 15(5):1063-1070.

:data:`PRESET_PATTERNS` are the original script's presets
(:data:`izhi_core.presets.NEURON_TYPES`) under the Fig. 2 protocols; they equal
:data:`FIGURE2_2003` except for CH, whose reset the script lists as c = -51 mV where
the file (and the 2003 paper) use -50.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType

from ..presets import NEURON_TYPES
from .protocols import Protocol, Segment
from .spec import NeuronSpec

INF = math.inf
SOURCE_2004 = "Izhikevich (2004), Fig. 1"
SOURCE_2003 = "Izhikevich (2003), Fig. 2"


@dataclass(frozen=True)
class Pattern:
    """A named, published single-neuron run.

    Attributes
    ----------
    key : str
        Panel letter A-T (2004) or preset key (2003: RS, IB, CH, FS, TC, TCb, LTS, RZ).
    name : str
        snake_case name, e.g. ``tonic_spiking``.
    label : str
        The panel's title as the figure prints it.
    source : str
        Paper and figure.
    spec : NeuronSpec
        Parameters, start, step, length, protocol and equations.
    preset : str or None
        Key of ``NEURON_TYPES`` whose a, b, c, d these are (2003 patterns).
    """

    key: str
    name: str
    label: str
    source: str
    spec: NeuronSpec
    preset: str | None = None


def _step(amp: float, t0: float, t1: float = INF, baseline: float = 0.0) -> Protocol:
    return Protocol(baseline, (Segment(t0, t1, amp),))


def _windows(amp: float, windows: tuple[tuple[float, float], ...],
             baseline: float = 0.0) -> Protocol:
    return Protocol(baseline, tuple(Segment(lo, hi, amp) for lo, hi in windows))


def _fig1(key, name, label, a, b, c, d, v0, tau, duration, protocol, **extra) -> Pattern:
    spec = NeuronSpec(a=a, b=b, c=c, d=d, v0=v0, tau=tau, duration=duration,
                      protocol=protocol, **extra)
    return Pattern(key, name, f"({key}) {label}", SOURCE_2004, spec)


# Panel K's and L's pulse times, as the file computes them from the run's length.
_K1 = 400 / 10
_K3 = 0.7 * 400
_L1 = 100 / 11
_L3 = 0.7 * 100

FIGURE1_2004: MappingProxyType[str, Pattern] = MappingProxyType({p.key: p for p in (
    _fig1("A", "tonic_spiking", "tonic spiking", 0.02, 0.2, -65, 6, -70, 0.25, 100,
          _step(14, 100 / 10)),
    _fig1("B", "phasic_spiking", "phasic spiking", 0.02, 0.25, -65, 6, -64, 0.25, 200,
          _step(0.5, 20)),
    _fig1("C", "tonic_bursting", "tonic bursting", 0.02, 0.2, -50, 2, -70, 0.25, 220,
          _step(15, 22)),
    _fig1("D", "phasic_bursting", "phasic bursting", 0.02, 0.25, -55, 0.05, -64, 0.2, 200,
          _step(0.6, 20)),
    _fig1("E", "mixed_mode", "mixed mode", 0.02, 0.2, -55, 4, -70, 0.25, 160,
          _step(10, 160 / 10)),
    _fig1("F", "spike_frequency_adaptation", "spike freq. adapt", 0.01, 0.2, -65, 8, -70, 0.25,
          85, _step(30, 85 / 10)),
    _fig1("G", "class_1_excitable", "Class 1 excitable", 0.02, -0.1, -55, 6, -60, 0.25, 300,
          Protocol(0.0, (Segment(30, INF, 0.0, origin=30, rise=0.075),)), quadratic="shifted"),
    _fig1("H", "class_2_excitable", "Class 2 excitable", 0.2, 0.26, -65, 0, -64, 0.25, 300,
          Protocol(-0.5, (Segment(30, INF, -0.5, origin=30, rise=0.015),))),
    _fig1("I", "spike_latency", "spike latency", 0.02, 0.2, -65, 6, -70, 0.2, 100,
          _step(7.04, 100 / 10, 100 / 10 + 3)),
    _fig1("J", "subthreshold_oscillations", "subthreshold osc.", 0.05, 0.26, -60, 0, -62, 0.25,
          200, _step(2, 200 / 10, 200 / 10 + 5)),
    _fig1("K", "resonator", "resonator", 0.1, 0.26, -60, -1, -62, 0.25, 400,
          _windows(0.65, ((_K1, _K1 + 4), (_K1 + 20, _K1 + 20 + 4), (_K3, _K3 + 4),
                          (_K3 + 40, _K3 + 40 + 4)))),
    _fig1("L", "integrator", "integrator", 0.02, -0.1, -55, 6, -60, 0.25, 100,
          _windows(9, ((_L1, _L1 + 2), (_L1 + 5, _L1 + 5 + 2), (_L3, _L3 + 2),
                       (_L3 + 10, _L3 + 10 + 2))), quadratic="shifted"),
    _fig1("M", "rebound_spike", "rebound spike", 0.03, 0.25, -60, 4, -64, 0.2, 200,
          _step(-15, 20, 20 + 5)),
    _fig1("N", "rebound_burst", "rebound burst", 0.03, 0.25, -52, 0, -64, 0.2, 200,
          _step(-15, 20, 20 + 5)),
    _fig1("O", "threshold_variability", "thresh. variability", 0.03, 0.25, -60, 4, -64, 0.25,
          100, Protocol(0.0, (Segment(10, 15, 1), Segment(80, 85, 1), Segment(70, 75, -6)))),
    _fig1("P", "bistability", "bistability", 0.1, 0.26, -60, 0, -61, 0.25, 300,
          _windows(1.24, ((300 / 8, 300 / 8 + 5), (216, 216 + 5)), baseline=0.24)),
    # |t - 10| < 1 in the file; t - 10 is exact for 5 <= t <= 20 (Sterbenz), so
    # it is the open window (9, 11) to the last bit
    _fig1("Q", "depolarizing_after_potential", "DAP", 1, 0.2, -60, -21, -70, 0.1, 50,
          _step(20, 10 - 1, 10 + 1)),
    # the file's elseif chain: t/25 below 200 ms, 0 to 300, (t-300)/12.5*4 to 312.5, 0;
    # the second ramp's window may be open at 300 ms because the ramp is 0 there
    _fig1("R", "accommodation", "accommodation", 0.02, 1, -55, 4, -65, 0.5, 400,
          Protocol(0.0, (Segment(-INF, 200, 0.0, origin=0, rise=1, per=25),
                         Segment(300, 312.5, 0.0, origin=300, rise=4, per=12.5))),
          u0=-16, recovery="accommodation"),
    _fig1("S", "inhibition_induced_spiking", "inh. induced sp.", -0.02, -1, -60, 8, -63.8,
          0.5, 350, Protocol(75, (Segment(-INF, 50, 80), Segment(250, INF, 80)))),
    _fig1("T", "inhibition_induced_bursting", "inh. induced brst.", -0.026, -1, -45, -2, -63.8,
          0.5, 350, Protocol(75, (Segment(-INF, 50, 80), Segment(250, INF, 80)))),
)})


def _fig2(key, name, label, a, b, c, d, v0, duration, protocol) -> Pattern:
    spec = NeuronSpec(a=a, b=b, c=c, d=d, v0=v0, tau=0.25, duration=duration, protocol=protocol)
    preset = "TC" if key == "TCb" else key
    return Pattern(key, name, label, SOURCE_2003, spec, preset)


FIGURE2_2003: MappingProxyType[str, Pattern] = MappingProxyType({p.key: p for p in (
    _fig2("RS", "regular_spiking", "regular spiking (RS)", 0.02, 0.2, -65, 8, -63, 150,
          _step(14, 150 / 10)),
    # the file's I is 11 here, with 14 left in a comment
    _fig2("IB", "intrinsically_bursting", "intrinsically bursting (IB)", 0.02, 0.2, -55, 4, -70,
          150, _step(11, 150 / 10)),
    _fig2("CH", "chattering", "chattering (CH)", 0.02, 0.2, -50, 2, -70, 150, _step(10, 150 / 10)),
    _fig2("FS", "fast_spiking", "fast spiking (FS)", 0.1, 0.2, -65, 2, -70, 150,
          _step(10, 150 / 10)),
    _fig2("TC", "thalamo_cortical", "thalamo-cortical (TC)", 0.02, 0.25, -65, 0.05, -63, 150,
          _step(1.5, 2 * 150 / 10)),
    # hyperpolarized (-25) until 45 ms, then released: a rebound burst
    _fig2("TCb", "thalamo_cortical_burst", "thalamo-cortical burst (TC)", 0.02, 0.25, -65, 0.05,
          -87, 150, _step(0.0, 3 * 150 / 10, baseline=-25)),
    _fig2("RZ", "resonator_2003", "resonator (RZ)", 0.1, 0.26, -65, 2, -70, 100,
          Protocol(-2, (Segment(100 / 10 + 50, 100 / 10 + 50 + 5, 10),
                        Segment(100 / 10, INF, -0.5)))),
    _fig2("LTS", "low_threshold_spiking", "low-threshold spiking (LTS)", 0.02, 0.25, -65, 2, -63,
          250, _step(10.0, 1 * 250 / 10)),
)})


def _preset(fig2: Pattern) -> Pattern:
    t = NEURON_TYPES[fig2.preset]
    spec = fig2.spec.replace(a=t.a, b=t.b, c=t.c, d=t.d)
    return Pattern(fig2.key, fig2.name, fig2.label, fig2.source, spec, fig2.preset)


PRESET_PATTERNS: MappingProxyType[str, Pattern] = MappingProxyType(
    {key: _preset(p) for key, p in FIGURE2_2003.items()}
)


def _index() -> dict[str, Pattern]:
    out: dict[str, Pattern] = {}
    for registry in (FIGURE1_2004, PRESET_PATTERNS):
        for p in registry.values():
            out[p.key.lower()] = p
            out[p.name.lower()] = p
    return out


_BY_NAME = _index()


def pattern_names() -> tuple[str, ...]:
    """Every key a lookup accepts: the letters A-T, then the presets' keys."""
    return tuple(FIGURE1_2004) + tuple(PRESET_PATTERNS)


def get_pattern(name: str | Pattern) -> Pattern:
    """A pattern by panel letter, snake_case name or preset key (case-insensitive).

    Fig. 1 letters and names give :data:`FIGURE1_2004`; preset keys and the
    2003 names give :data:`PRESET_PATTERNS` (the original script's a, b, c, d).
    """
    if isinstance(name, Pattern):
        return name
    found = _BY_NAME.get(name.strip().lower()) if isinstance(name, str) else None
    if found is None:
        raise ValueError(f"the pattern must be a letter A-T, a name such as tonic_spiking, or "
                         f"one of {', '.join(PRESET_PATTERNS)} (got {name!r}).")
    return found
