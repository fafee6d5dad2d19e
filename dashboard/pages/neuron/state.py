"""The lab's state as plain values: controls <-> NeuronSpec (or a network neuron) <-> URL query.

No dash here: these functions take what the browser sent (untrusted JSON: None,
strings, NaN, lists, huge numbers) and return validated values, or raise the
core's one-sentence :class:`izhi_core.fields.FieldError` naming the field.

The state is a pattern (a panel of Izhikevich 2004, Fig. 1, or a preset under the
2003 Fig. 2 protocol) and what the controls change on top of it: a, b, c, d, the
scheme and its step, the input (the published one, or one window: a step or a
ramp) and the phase plane's time. The address holds the pattern and only the
values that differ from it, so ``?pattern=C`` is panel C as published.

A replayed network neuron (``?replay=811&ne=800&...``, the network page's address
with the neuron) is the network's configuration and the neuron; its input is the
one it received in the network (rerun: runs are deterministic), its scheme the
network's (1 ms, v in two half steps), and its a, b, c, d its own unless changed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import numpy as np

from izhi_core import NetworkConfig
from izhi_core.config import check_work
from izhi_core.fields import FIELDS as NETWORK_FIELDS
from izhi_core.fields import Field, FieldError, shown
from izhi_core.neuron import FIGURE1_2004, PRESET_PATTERNS, SCHEMES, NeuronSpec, Pattern
from izhi_core.neuron.model import FIELDS as NEURON_FIELDS
from izhi_core.neuron.protocols import as_window, window
from izhi_core.neuron.replay import network_parameters

from ...common.query import query_values

PATTERNS: dict[str, Pattern] = {**FIGURE1_2004, **PRESET_PATTERNS}
DEFAULT_PATTERN = "A"
REPLAY = "replay"  # the picker's value, and the address's key, of a replayed network neuron
PUBLISHED = "published"
SHAPES = (PUBLISHED, "step", "ramp")
REPLAY_SCHEME = "network2003"
NETWORK_KEYS = ("neurons", "drawing")  # the network page's own keys, which the lab ignores


def _number(name: str, label: str, core: str, unit: str | None = None,
            optional: str = "") -> Field:
    """A number the page takes, within the core's bounds for it
    (:data:`izhi_core.neuron.model.FIELDS`): its sentence names the page's label."""
    f = NEURON_FIELDS[core]
    return Field(name, label, "float", None, unit=f.unit if unit is None else unit, lo=f.lo,
                 hi=f.hi, optional=optional)


FIELDS: dict[str, Field] = {
    "pattern": Field("pattern", "The pattern", "choice", DEFAULT_PATTERN,
                     choices=tuple(PATTERNS)),
    "scheme": Field("scheme", "The scheme", "choice", "figure2004", choices=tuple(SCHEMES)),
    "a": _number("a", "The parameter a", "a"),
    "b": _number("b", "The parameter b", "b"),
    "c": _number("c", "The parameter c", "c"),
    "d": _number("d", "The parameter d", "d"),
    "tau": _number("tau", "The step", "tau"),
    "shape": Field("shape", "The input", "choice", PUBLISHED, choices=SHAPES),
    "amp": _number("amp", "The amplitude", "current", unit="mV/ms"),
    "t0": _number("t0", "The input's start", "time"),
    "t1": _number("t1", "The input's end", "time", optional="the end of the run"),
    "base": _number("base", "The baseline", "current", unit="mV/ms"),
    "at": _number("at", "The phase plane's time", "time"),
}
REPLAY_FIELD = Field(REPLAY, "The replayed neuron", "int", 0, lo=0, hi=NETWORK_FIELDS["ne"].hi)
KEYS: tuple[str, ...] = tuple(FIELDS)  # the state's keys, in the address's order
PARAMETERS = ("a", "b", "c", "d")
INPUT_KEYS = ("shape", "amp", "t0", "t1", "base")
# What a control's slider spans (the box takes anything the core allows): the published
# values' neighbourhood, so that a drag is fine enough to see a pattern change.
SLIDER_RANGES: dict[str, tuple[float, float, float, tuple[float, ...]]] = {
    "a": (-0.05, 0.25, 0.001, (0, 0.1, 0.2)),
    "b": (-1.0, 1.0, 0.01, (-1, 0, 1)),
    "c": (-80.0, -40.0, 0.5, (-80, -65, -50, -40)),
    "d": (-25.0, 10.0, 0.05, (-20, -10, 0, 10)),
    "tau": (0.01, 1.0, 0.01, (0.1, 0.5, 1)),
    "amp": (-30.0, 40.0, 0.01, (-30, 0, 20, 40)),
    "base": (-30.0, 40.0, 0.01, (-30, 0, 20, 40)),
}
TIME_STEP_MS = 0.5  # the input's start and end sliders


def time_slider(duration: float) -> tuple[float, float, float, tuple[float, ...]]:
    """The start, end and phase-plane-time sliders' span for a run of ``duration`` ms."""
    middle = round(duration / 2) if duration >= 10 else duration / 2
    return 0.0, float(duration), TIME_STEP_MS, (0, middle, float(duration))


TIME_KEYS = ("t0", "t1", "at")  # the sliders whose span is the run's


def slider_of(key: str, duration: float) -> tuple[float, float, float, tuple[float, ...]]:
    """The span, step and marks of the slider of ``key`` for a run of ``duration`` ms."""
    return time_slider(duration) if key in TIME_KEYS else SLIDER_RANGES[key]


def address_text(value: Any) -> str:
    """A value as the address writes it: ``0.02``, ``-65``, ``14``, ``RS``."""
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def _same(a: Any, b: Any) -> bool:
    return a == b or (a is None and b is None)


# -- a pattern and its controls ---------------------------------------------------------


def scheme_tau(pattern: Pattern, scheme: str) -> float:
    """The step of ``pattern`` under ``scheme``: the scheme's own (1 ms for the 2003
    network) or the pattern's."""
    own = SCHEMES[scheme].default_tau
    return pattern.spec.tau if own is None else own


def default_at(duration: float, tau: float) -> float:
    """The phase plane's first time: the step nearest the middle of the run."""
    return float(round(duration / 2 / tau) * tau)


def pattern_state(key: str, scheme: str = "figure2004") -> dict[str, Any]:
    """The controls of ``key`` as published (its input as a window where it is one)."""
    p = PATTERNS[key]
    s = p.spec
    tau = scheme_tau(p, scheme)
    shape = as_window(s.protocol)
    if shape is None:  # the window's controls start from the first segment's values
        first = s.protocol.segments[0]
        lo = first.lo if math.isfinite(first.lo) else 0.0
        shape = (PUBLISHED, first.level, lo, first.hi, s.protocol.baseline)
    kind, amp, t0, t1, base = shape
    return {"pattern": key, "scheme": scheme, "a": s.a, "b": s.b, "c": s.c, "d": s.d,
            "tau": tau, "shape": kind, "amp": amp, "t0": t0,
            "t1": None if math.isinf(t1) else t1, "base": base,
            "at": default_at(s.duration, tau)}


def network_state(config: NetworkConfig, neuron: int) -> dict[str, Any]:
    """The controls of neuron ``neuron`` of ``config``'s network, replayed: its own a, b,
    c, d (the original script's heterogeneity), the network's scheme and 1 ms step."""
    a, b, c, d = (float(x[neuron]) for x in network_parameters(config))
    return {"pattern": REPLAY, "scheme": REPLAY_SCHEME, "a": a, "b": b, "c": c, "d": d,
            "tau": 1.0, "shape": PUBLISHED, "amp": 0.0, "t0": 0.0, "t1": None, "base": 0.0,
            "at": default_at(config.duration - 1, 1.0)}


def duration_of(values: Mapping[str, Any], replay: Any = None) -> float:
    """The run's length (ms): the pattern's, or the network's last step."""
    if replay is not None:
        return float(replay_target(replay)[0].duration - 1)
    return float(PATTERNS[FIELDS["pattern"].parse(values.get("pattern"))].spec.duration)


# -- controls -> the run ----------------------------------------------------------------


def parse_values(values: Mapping[str, Any], replay: Any = None) -> dict[str, Any]:
    """Every control validated (the one-sentence FieldError of the first bad one).

    Returns the clean values: floats, None for an empty end, and the choices.
    """
    if not isinstance(values, Mapping):
        raise ValueError(f"the controls must be a mapping of fields (got {values!r:.40}).")
    # a replayed neuron has the network's scheme and step, and no pattern
    fixed = {"pattern": REPLAY, "scheme": REPLAY_SCHEME, "tau": 1.0} if replay else {}
    out = {k: fixed[k] if k in fixed else FIELDS[k].parse(values.get(k))
           for k in ("pattern", "scheme", *PARAMETERS, "tau", "shape", "amp", "base")}
    duration = duration_of(out, replay)
    out["t0"] = FIELDS["t0"].parse(values.get("t0"), lo=0.0, hi=duration)
    end = FIELDS["t1"].parse(values.get("t1"), lo=0.0, hi=duration)
    if end is not None and not end > out["t0"]:
        raise FieldError(f"The input's end must come after its start, {out['t0']:g} ms (got "
                         f"{shown(values.get('t1'))}), or be empty for the end of the run.",
                         "t1")
    out["t1"] = None if end is None or end >= duration else end
    out["at"] = FIELDS["at"].parse(values.get("at"), lo=0.0, hi=duration)
    return out


def spec_of(clean: Mapping[str, Any]) -> tuple[Pattern, NeuronSpec, str]:
    """The pattern, the neuron to run and its scheme, from :func:`parse_values`' values."""
    p = PATTERNS[clean["pattern"]]
    if clean["shape"] == PUBLISHED:
        protocol = p.spec.protocol
    else:
        end = math.inf if clean["t1"] is None else clean["t1"]
        protocol = window(clean["shape"], clean["amp"], clean["t0"], end, clean["base"])
    spec = p.spec.replace(a=clean["a"], b=clean["b"], c=clean["c"], d=clean["d"],
                          tau=clean["tau"], protocol=protocol)
    return p, spec, clean["scheme"]


def at_index(at: float, t: np.ndarray) -> int:
    """The step of the time grid ``t`` nearest ``at`` (ms)."""
    return int(np.abs(t - at).argmin()) if t.size else 0


# -- replay -----------------------------------------------------------------------------


def replay_target(replay: Any) -> tuple[NetworkConfig, int]:
    """The network and the neuron of a replay store ``{"neuron": i, "config": {...}}``."""
    if not isinstance(replay, Mapping) or not isinstance(replay.get("config"), Mapping):
        raise ValueError(f"the replayed neuron must be a neuron and a network (got "
                         f"{replay!r:.40}).")
    config = check_work(NetworkConfig.from_mapping(replay["config"]))
    return config, REPLAY_FIELD.parse(replay.get("neuron"), hi=config.n - 1)


def replay_store(config: NetworkConfig, neuron: int) -> dict[str, Any]:
    return {"neuron": neuron, "config": config.to_dict()}


# -- the address ------------------------------------------------------------------------


def defaults_for(clean: Mapping[str, Any], replay: Any = None) -> dict[str, Any]:
    """What each control holds when nothing is changed: the pattern's (under the chosen
    scheme), or the replayed neuron's own."""
    if replay is not None:
        return network_state(*replay_target(replay))
    # the step's default is the chosen scheme's, the scheme's the figure's
    return {**pattern_state(clean["pattern"], clean["scheme"]),
            "scheme": FIELDS["scheme"].default}


def query_from_state(clean: Mapping[str, Any], replay: Any = None) -> str:
    """The address's query (with its ``?``): the pattern, or the replayed neuron and its
    network, then each value that differs from the pattern's (or the neuron's) own."""
    base = defaults_for(clean, replay)
    if replay is not None:
        config, neuron = replay_target(replay)
        pairs = [(REPLAY, str(neuron)), *((k, address_text(v)) for k, v in config.to_dict().items()
                                         if v is not None)]
        keys = (*PARAMETERS, "at")
    else:
        pairs = [("pattern", clean["pattern"])]
        keys = tuple(k for k in KEYS if k != "pattern")
        if clean["shape"] == PUBLISHED:  # the window's values mean nothing then
            keys = tuple(k for k in keys if k not in INPUT_KEYS[1:])
    pairs += [(k, "" if clean[k] is None else address_text(clean[k])) for k in keys
              if not _same(clean[k], base[k])]
    return "?" + urlencode(pairs, safe=",")


def state_from_query(search: Any) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Parse an address's query into the controls' values and the replay (or None).

    Missing keys take the pattern's (or the replayed neuron's) values. Raises
    ValueError for an unknown or repeated key, or a value the core refuses.
    """
    given = query_values(search, len(KEYS) + len(NETWORK_FIELDS) + 5)
    replay = None
    if REPLAY in given:
        network = {k: given.pop(k) for k in list(given) if k in NETWORK_FIELDS}
        for k in NETWORK_KEYS:
            given.pop(k, None)
        replay = replay_store(check_work(NetworkConfig.from_mapping(network)), 0)
        replay["neuron"] = given.pop(REPLAY)
        config, neuron = replay_target(replay)
        replay = replay_store(config, neuron)
        allowed = (*PARAMETERS, "at")
    else:
        allowed = KEYS
    unknown = [k for k in given if k not in allowed]
    if unknown:
        what = "a replayed neuron's address" if replay is not None else "the lab's address"
        raise ValueError(f"{what} has no key {unknown[0]!r:.40} (it has "
                         f"{', '.join(allowed)}).")
    if replay is None:
        pattern = FIELDS["pattern"].parse(given.get("pattern", DEFAULT_PATTERN))
        scheme = FIELDS["scheme"].parse(given.get("scheme", FIELDS["scheme"].default))
        base = pattern_state(pattern, scheme)
    else:
        base = network_state(*replay_target(replay))
    return parse_values({**base, **given}, replay), replay


def control_values(clean: Mapping[str, Any]) -> dict[str, Any]:
    """The clean state as the controls hold it: numbers, "" for an empty end."""
    return {k: ("" if v is None else v) for k, v in clean.items()}
