"""Validated parameters of a run, the bounds that keep it in memory, numba flags.

Every value that reaches the core from a person (CLI flag, dashboard control,
URL, JSON posted to the server) passes through :class:`NetworkConfig` or
:class:`Recording`; a bad one raises ``ValueError`` with one sentence that names
the field, the value and what is allowed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from .presets import NEURON_TYPES, WEIGHT_SCENARIOS

# numba flags, all in one place. fastmath stays off: seed mode must round
# exactly as numpy does, operation for operation.
NJIT = {"cache": True, "nogil": True, "fastmath": False, "error_model": "numpy"}
NJIT_PARALLEL = {**NJIT, "parallel": True}

MODES = ("seed", "fast")

# Bounds, sized to memory (24 GiB machine, one run per worker):
#   dense weights are N x N (float64 in seed mode: 5,000 neurons -> 200 MB);
#   sparse synapses cost 6 bytes each (uint32 target + uint16 weight):
#   150 M synapses -> 900 MB; traces and maps are bounded by Recording.
MAX_NEURONS = 250_000
MAX_DENSE_NEURONS = 5_000
MAX_INPUTS = 5_000
MAX_SYNAPSES = 150_000_000
MAX_DURATION_MS = 100_000
MAX_WEIGHT = 10.0
MAX_NOISE = 100.0
MAX_SEED = 2**32 - 1  # numpy's legacy RandomState accepts 0 .. 2**32 - 1
MAX_TRACES = 32
MAX_MAP_ROWS = 2_000
MAX_MAP_COLS = 5_000


def _fmt(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _from_text(value: Any, parse: Any, allowed: str) -> Any:
    """A number typed as text (forms, URLs) parsed with ``parse``; other values as they are."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if len(text) > 40:
        raise ValueError(f"{allowed} (got a text of {len(value):,} characters).")
    try:
        return parse(text)
    except ValueError:
        raise ValueError(f"{allowed} (got {_fmt(value)}).") from None


def check_int(name: str, value: Any, lo: int, hi: int) -> int:
    """Return ``value`` as an int in ``[lo, hi]`` or raise a one-sentence ValueError.

    Integral floats (``800.0``) and digit strings (``"800"``) are accepted, as
    they arrive from forms, URLs and JSON; booleans, fractions, NaN and
    infinities are not.
    """
    allowed = f"{name} must be a whole number from {lo:,} to {hi:,}"
    value = _from_text(value, int, allowed)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{allowed} (got {_fmt(value)}).")
    if isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            raise ValueError(f"{allowed} (got {_fmt(value)}).")
        value = int(value)
    if not lo <= value <= hi:
        raise ValueError(f"{allowed} (got {value:,}).")
    return int(value)


def check_float(name: str, value: Any, lo: float, hi: float) -> float:
    """Return ``value`` as a finite float in ``[lo, hi]`` or raise a ValueError."""
    allowed = f"{name} must be a number from {lo:g} to {hi:g}"
    value = _from_text(value, float, allowed)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{allowed} (got {_fmt(value)}).")
    value = float(value)
    if not math.isfinite(value) or not lo <= value <= hi:
        raise ValueError(f"{allowed} (got {_fmt(value)}).")
    return value


def check_choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``choices``, else raise a ValueError."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)} (got {_fmt(value)}).")
    return value


@dataclass(frozen=True)
class NetworkConfig:
    """One run of Izhikevich's (2003) pulse-coupled network; defaults are the seed's.

    Parameters
    ----------
    ne, ni : int
        Numbers of excitatory and inhibitory neurons (the seed: 800 and 202).
    duration : int
        Network time to simulate, in ms (1 ms Euler steps, v in two half steps).
    exc_type, inh_type : str
        Keys of :data:`izhi_core.presets.NEURON_TYPES` for the two populations.
    exc_weight, inh_weight : float
        Weight scales: excitatory weights are ``exc_weight * U(0, 1)``,
        inhibitory ``-inh_weight * U(0, 1)`` (mV per presynaptic spike).
    exc_noise, inh_noise : float
        Standard deviations of the Gaussian "thalamic" input per ms step (mV).
    seed : int
        Seed of the random generator (0 .. 2**32 - 1).
    mode : str
        ``"seed"``: numpy's legacy generator and the seed's float64 arithmetic,
        spike-for-spike identical to the seed script. ``"fast"``: a counter-based
        generator and float32 weights; statistically the same network.
    inputs : int or None
        None: all-to-all, as the seed. K: each neuron receives exactly K inputs
        (excitatory and inhibitory in the proportion ne:ni), drawn without
        replacement, with the seed's weight distributions.

    Notes
    -----
    Bounds: N = ne + ni from 1 to 250,000; all-to-all up to 5,000 neurons;
    K up to 5,000 and N*K up to 150 million synapses; duration up to 100 s.
    """

    ne: int = 800
    ni: int = 202
    duration: int = 1000
    exc_type: str = "RS"
    inh_type: str = "LTS"
    exc_weight: float = 0.5
    inh_weight: float = 1.0
    exc_noise: float = 5.0
    inh_noise: float = 2.0
    seed: int = 0
    mode: str = "seed"
    inputs: int | None = None

    def __post_init__(self) -> None:
        types = tuple(NEURON_TYPES)
        clean = {
            "ne": check_int("ne", self.ne, 0, MAX_NEURONS),
            "ni": check_int("ni", self.ni, 0, MAX_NEURONS),
            "duration": check_int("duration", self.duration, 1, MAX_DURATION_MS),
            "exc_type": check_choice("exc_type", self.exc_type, types),
            "inh_type": check_choice("inh_type", self.inh_type, types),
            "exc_weight": check_float("exc_weight", self.exc_weight, 0.0, MAX_WEIGHT),
            "inh_weight": check_float("inh_weight", self.inh_weight, 0.0, MAX_WEIGHT),
            "exc_noise": check_float("exc_noise", self.exc_noise, 0.0, MAX_NOISE),
            "inh_noise": check_float("inh_noise", self.inh_noise, 0.0, MAX_NOISE),
            "seed": check_int("seed", self.seed, 0, MAX_SEED),
            "mode": check_choice("mode", self.mode, MODES),
        }
        n = clean["ne"] + clean["ni"]
        if not 1 <= n <= MAX_NEURONS:
            raise ValueError(
                f"ne + ni must be from 1 to {MAX_NEURONS:,} neurons (got {n:,})."
            )
        inputs = self.inputs
        if inputs is None or inputs == "":
            inputs = None
            if n > MAX_DENSE_NEURONS:
                raise ValueError(
                    f"ne + ni must be at most {MAX_DENSE_NEURONS:,} for an all-to-all "
                    f"network (got {n:,}); set inputs to at most {MAX_INPUTS:,} "
                    "for a sparse one."
                )
        else:
            inputs = check_int("inputs", inputs, 1, min(n, MAX_INPUTS))
            if n * inputs > MAX_SYNAPSES:
                raise ValueError(
                    f"inputs must keep (ne + ni) * inputs at most {MAX_SYNAPSES:,} "
                    f"synapses (got {n:,} * {inputs:,} = {n * inputs:,})."
                )
        clean["inputs"] = inputs
        for name, value in clean.items():
            object.__setattr__(self, name, value)

    @property
    def n(self) -> int:
        """Total number of neurons, ne + ni."""
        return self.ne + self.ni

    @property
    def inputs_exc(self) -> int:
        """Excitatory inputs per neuron (ne when all-to-all)."""
        if self.inputs is None:
            return self.ne
        return int(round(self.inputs * self.ne / self.n))

    @property
    def inputs_inh(self) -> int:
        """Inhibitory inputs per neuron (ni when all-to-all)."""
        if self.inputs is None:
            return self.ni
        return self.inputs - self.inputs_exc

    def replace(self, **changes: Any) -> NetworkConfig:
        """A validated copy with some fields changed."""
        return NetworkConfig(**{**asdict(self), **changes})

    def to_dict(self) -> dict[str, Any]:
        """The fields as plain JSON-ready values."""
        return asdict(self)

    @classmethod
    def from_mapping(
        cls, values: Mapping[str, Any], *, weights: str | None = None
    ) -> NetworkConfig:
        """Build from untrusted key/value pairs (JSON, URL query, form fields).

        Unknown keys raise; missing keys take the seed's defaults. ``weights``
        names a scenario of :data:`WEIGHT_SCENARIOS` whose scales are used
        unless ``exc_weight`` / ``inh_weight`` are given.
        """
        if not isinstance(values, Mapping):
            raise ValueError(f"the configuration must be a mapping of fields (got {_fmt(values)}).")
        known = {f.name for f in fields(cls)}
        unknown = [str(k) for k in values if k not in known]
        if unknown:
            raise ValueError(
                f"unknown field {_fmt(unknown[0])}; the fields are {', '.join(sorted(known))}."
            )
        kwargs = dict(values)
        if weights is not None:
            scenario = WEIGHT_SCENARIOS[check_choice("weights", weights, tuple(WEIGHT_SCENARIOS))]
            kwargs.setdefault("exc_weight", scenario.exc)
            kwargs.setdefault("inh_weight", scenario.inh)
        return cls(**kwargs)


# Work caps for a shared server (the CLI does not apply them): one request may
# integrate at most 200 million neuron-ms (100,000 neurons for 2 s) and add at
# most 200 billion synapse-ms (100,000 neurons x 1,000 inputs for 2 s): about
# 5 s and 0.6 GB on one 2-core worker.
MAX_NEURON_MS = 200_000_000
MAX_SYNAPSE_MS = 200_000_000_000


def check_work(config: NetworkConfig, max_neuron_ms: int = MAX_NEURON_MS,
               max_synapse_ms: int = MAX_SYNAPSE_MS) -> NetworkConfig:
    """Raise a ValueError if one run of ``config`` is more work than a server allows.

    Work is counted as neurons x duration and as synapses x duration (all-to-all
    networks have N inputs per neuron).
    """
    neuron_ms = config.n * config.duration
    if neuron_ms > max_neuron_ms:
        longest = max(1, max_neuron_ms // config.n)
        raise ValueError(
            f"duration must be at most {longest:,} ms for {config.n:,} neurons on this "
            f"server (neurons x duration at most {max_neuron_ms:,}; got {neuron_ms:,})."
        )
    inputs = config.inputs if config.inputs is not None else config.n
    synapse_ms = neuron_ms * inputs
    if synapse_ms > max_synapse_ms:
        longest = max(1, max_synapse_ms // (config.n * inputs))
        raise ValueError(
            f"duration must be at most {longest:,} ms for {config.n:,} neurons with "
            f"{inputs:,} inputs each on this server (synapses x duration at most "
            f"{max_synapse_ms:,}; got {synapse_ms:,})."
        )
    return config


SEED_TRACE_NEURONS = (1, 811)  # the neurons the seed script plots


@dataclass(frozen=True)
class Recording:
    """What a run records besides its spikes (which are always kept).

    Parameters
    ----------
    neurons : tuple of int
        Neurons whose v (mV), u and input current I are recorded every ms.
        At most 32; each must be below ne + ni (checked by ``simulate``).
    map_rows, map_cols : int
        The input-current map is averaged inside the kernel into at most this
        many neuron rows and time columns, so it never grows as N x T.
        0 skips the map.
    """

    neurons: tuple[int, ...] = SEED_TRACE_NEURONS
    map_rows: int = 250
    map_cols: int = 500

    def __post_init__(self) -> None:
        neurons = self.neurons
        if isinstance(neurons, (str, bytes)) or not hasattr(neurons, "__iter__"):
            raise ValueError(f"neurons must be a list of neuron indices (got {_fmt(neurons)}).")
        neurons = list(neurons)
        if len(neurons) > MAX_TRACES:
            raise ValueError(f"neurons may list at most {MAX_TRACES} neurons (got {len(neurons)}).")
        clean = tuple(
            dict.fromkeys(check_int("neuron index", v, 0, MAX_NEURONS - 1) for v in neurons)
        )
        object.__setattr__(self, "neurons", clean)
        object.__setattr__(self, "map_rows", check_int("map_rows", self.map_rows, 0, MAX_MAP_ROWS))
        object.__setattr__(self, "map_cols", check_int("map_cols", self.map_cols, 0, MAX_MAP_COLS))

    def for_network(self, config: NetworkConfig) -> Recording:
        """Check the neuron indices against the network's size."""
        for v in self.neurons:
            if v >= config.n:
                raise ValueError(
                    f"neuron index must be from 0 to {config.n - 1:,} in a network of "
                    f"{config.n:,} neurons (got {v:,})."
                )
        return self
