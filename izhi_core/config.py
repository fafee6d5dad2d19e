"""Validated parameters of a run, the bounds that keep it in memory, numba flags.

Every value that reaches the core from a person (CLI flag, dashboard control,
URL, JSON posted to the server) passes through :class:`NetworkConfig` or
:class:`Recording`; a bad one raises ``ValueError`` with one sentence that names
the field, the value and what is allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from .fields import (
    FIELDS,
    MAX_DURATION_MS,
    MAX_INPUTS,
    MAX_NEURONS,
    MAX_SEED,
    MODES,
    Field,
    FieldError,
    shown,
)
from .presets import WEIGHT_SCENARIOS

__all__ = ["FIELDS", "MAX_DURATION_MS", "MAX_INPUTS", "MAX_NEURONS", "MAX_SEED", "MODES",
           "FieldError", "NetworkConfig", "Recording", "check_work"]

# numba flags, all in one place. fastmath stays off: exact mode must round
# exactly as numpy does, operation for operation.
NJIT = {"cache": True, "nogil": True, "fastmath": False, "error_model": "numpy"}
NJIT_PARALLEL = {**NJIT, "parallel": True}

# Bounds, sized to memory (24 GiB machine, one run per worker):
#   dense weights are N x N (float64 in exact mode: 5,000 neurons -> 200 MB);
#   sparse synapses cost 4 bytes each: 150 M synapses -> 600 MB; traces and maps
#   are bounded by Recording.
MAX_DENSE_NEURONS = 5_000

SCENARIO_FIELD = Field("weights", "Weight scenario", "choice", "default",
                       choices=tuple(WEIGHT_SCENARIOS))
"""The original script's weight scenarios: a name that sets both weights."""
MAX_SYNAPSES = 150_000_000
MAX_TRACES = 32
MAX_MAP_ROWS = 2_000
MAX_MAP_COLS = 5_000


def check_int(label: str, value: Any, lo: int, hi: int) -> int:
    """``value`` as a whole number from ``lo`` to ``hi``, or a one-sentence ValueError
    naming ``label`` (for values that are not configuration fields)."""
    return Field("", label, "int", None, lo=lo, hi=hi).parse(value)


@dataclass(frozen=True)
class NetworkConfig:
    """One run of Izhikevich's (2003) pulse-coupled network; defaults are the original
    script's.

    Parameters
    ----------
    ne, ni : int
        Numbers of excitatory and inhibitory neurons (the original script: 800 and 202).
    duration : int
        Network time to simulate, in ms (1 ms Euler steps, v in two half steps).
    exc_type, inh_type : str
        Keys of :data:`izhi_core.presets.NEURON_TYPES` for the two populations.
    exc_weight, inh_weight : float
        Weight scales, 0 to 2 mV/ms: excitatory weights are ``exc_weight * U(0, 1)``,
        inhibitory ``-inh_weight * U(0, 1)`` (the input one presynaptic spike adds
        for one 1 ms step, in the units of dv/dt; see :mod:`izhi_core.fields`).
    exc_noise, inh_noise : float
        Standard deviations of the Gaussian "thalamic" input drawn each 1 ms step,
        0 to 20 mV/ms.
    seed : int
        Seed of the random generator (0 .. 2**32 - 1).
    mode : str
        ``"exact"`` (``"seed"`` is accepted for it): numpy's legacy generator and the
        original script's float64 arithmetic, spike-for-spike identical to the
        script. ``"fast"``: a counter-based generator and float32 weights;
        statistically the same network.
    inputs : int or None
        None: all-to-all, as the original script. K: each neuron receives exactly K
        inputs (excitatory and inhibitory in the proportion ne:ni), drawn without
        replacement, with the script's weight distributions.

    Notes
    -----
    Bounds: N = ne + ni from 1 to 250,000; all-to-all up to 5,000 neurons;
    K up to 5,000 and N*K up to 150 million synapses; duration up to 100 s.
    """

    ne: int = FIELDS["ne"].default
    ni: int = FIELDS["ni"].default
    duration: int = FIELDS["duration"].default
    exc_type: str = FIELDS["exc_type"].default
    inh_type: str = FIELDS["inh_type"].default
    exc_weight: float = FIELDS["exc_weight"].default
    inh_weight: float = FIELDS["inh_weight"].default
    exc_noise: float = FIELDS["exc_noise"].default
    inh_noise: float = FIELDS["inh_noise"].default
    seed: int = FIELDS["seed"].default
    mode: str = FIELDS["mode"].default
    inputs: int | None = FIELDS["inputs"].default

    def __post_init__(self) -> None:
        clean = {name: f.parse(getattr(self, name)) for name, f in FIELDS.items()
                 if name != "inputs"}
        n = clean["ne"] + clean["ni"]
        if not 1 <= n <= MAX_NEURONS:
            raise FieldError(
                f"Excitatory plus inhibitory neurons must be from 1 to {MAX_NEURONS:,} "
                f"(got {n:,}).", "ne")
        inputs = FIELDS["inputs"].parse(self.inputs, hi=min(n, MAX_INPUTS))
        if inputs is None and n > MAX_DENSE_NEURONS:
            raise FieldError(
                f"An all-to-all network may have at most {MAX_DENSE_NEURONS:,} neurons "
                f"(got {n:,}); give inputs per neuron (at most {MAX_INPUTS:,}) for a "
                "sparse one.", "inputs")
        if inputs is not None and n * inputs > MAX_SYNAPSES:
            raise FieldError(
                f"Inputs per neuron must keep neurons x inputs at most {MAX_SYNAPSES:,} "
                f"synapses (got {n:,} x {inputs:,} = {n * inputs:,}).", "inputs")
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

        Unknown keys raise; missing keys take the original script's values. ``weights``
        names a scenario of :data:`WEIGHT_SCENARIOS` whose scales are used
        unless ``exc_weight`` / ``inh_weight`` are given.
        """
        if not isinstance(values, Mapping):
            raise FieldError(
                f"The configuration must be a mapping of fields (got {shown(values)}).")
        unknown = [str(k) for k in values if k not in FIELDS]
        if unknown:
            raise FieldError(
                f"Unknown field {shown(unknown[0])}; the fields are {', '.join(FIELDS)}.")
        kwargs = dict(values)
        if weights is not None:
            scenario = WEIGHT_SCENARIOS[SCENARIO_FIELD.parse(weights)]
            kwargs.setdefault("exc_weight", scenario.exc)
            kwargs.setdefault("inh_weight", scenario.inh)
        return cls(**kwargs)


# Work caps for a shared server (the CLI does not apply them): one request may
# integrate at most 200 million neuron-ms (100,000 neurons for 2 s) and add at
# most 200 billion synapse-ms (100,000 neurons x 1,000 inputs for 2 s): a few
# seconds and under a GB on one 2-core worker (bench/bench_scaling.py).
MAX_NEURON_MS = 200_000_000
MAX_SYNAPSE_MS = 200_000_000_000


def work_of(config: NetworkConfig) -> tuple[int, int]:
    """Neuron-ms and synapse-ms of one run: the cost model behind the server's caps
    (:func:`check_work`) and its estimate of the time (:func:`expected_seconds`).
    An all-to-all network counts N inputs per neuron."""
    neuron_ms = config.n * config.duration
    inputs = config.inputs if config.inputs is not None else config.n
    return neuron_ms, neuron_ms * inputs


# Seconds per unit of work on one 2-core machine: a neuron-step (exact mode's legacy
# generator draws serially), a synaptic event (a spike reaching one target, at the
# rate assumed below) and a synapse built (sparse networks only).
_STEP_S = {"fast": 5e-9, "exact": 20e-9}
_EVENT_S = 1.5e-9
_BUILD_S = 1e-8
_RATE_HZ = 8.0


def expected_seconds(config: NetworkConfig) -> float:
    """A rough estimate of the wall-clock time of one run of ``config``."""
    neuron_ms, synapse_ms = work_of(config)
    events = synapse_ms / 1000.0 * _RATE_HZ
    build = config.n * config.inputs * _BUILD_S if config.inputs is not None else 0.0
    return events * _EVENT_S + neuron_ms * _STEP_S[config.mode] + build


def check_work(config: NetworkConfig, max_neuron_ms: int = MAX_NEURON_MS,
               max_synapse_ms: int = MAX_SYNAPSE_MS) -> NetworkConfig:
    """Raise a FieldError if one run of ``config`` is more work than a server allows
    (neurons x duration, synapses x duration: :func:`work_of`)."""
    neuron_ms, synapse_ms = work_of(config)
    inputs = synapse_ms // neuron_ms
    if neuron_ms > max_neuron_ms:
        longest = max(1, max_neuron_ms // config.n)
        raise FieldError(
            f"Duration must be at most {longest:,} ms for {config.n:,} neurons on this "
            f"server (neurons x duration at most {max_neuron_ms:,}; got {neuron_ms:,}).",
            "duration")
    if synapse_ms > max_synapse_ms:
        longest = max(1, max_synapse_ms // (config.n * inputs))
        raise FieldError(
            f"Duration must be at most {longest:,} ms for {config.n:,} neurons with "
            f"{inputs:,} inputs each on this server (synapses x duration at most "
            f"{max_synapse_ms:,}; got {synapse_ms:,}).", "duration")
    return config


def command_line(config: NetworkConfig, *outputs: str) -> str:
    """The CLI command that runs ``config`` (its fields that differ from the default),
    followed by ``outputs`` (e.g. ``--spikes spikes.csv``)."""
    default = NetworkConfig().to_dict()
    flags = [f"{FIELDS[name].flag} {value}" for name, value in config.to_dict().items()
             if value != default[name]]
    return " ".join(["python -m izhi_core", *flags, *outputs])


ORIGINAL_TRACE_NEURONS = (1, 811)  # the neurons the original script plots
SEED_TRACE_NEURONS = ORIGINAL_TRACE_NEURONS  # old name, kept while the dashboard imports it


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

    neurons: tuple[int, ...] = ORIGINAL_TRACE_NEURONS
    map_rows: int = 250
    map_cols: int = 500

    def __post_init__(self) -> None:
        neurons = self.neurons
        if isinstance(neurons, (str, bytes)) or not hasattr(neurons, "__iter__"):
            raise FieldError(
                f"Traced neurons must be a list of neuron indices (got {shown(neurons)}).",
                TRACES_FIELD)
        neurons = list(neurons)
        if len(neurons) > MAX_TRACES:
            raise FieldError(f"Traced neurons may list at most {MAX_TRACES} neurons "
                             f"(got {len(neurons)}).", TRACES_FIELD)
        clean = tuple(dict.fromkeys(neuron_index(v, MAX_NEURONS) for v in neurons))
        object.__setattr__(self, "neurons", clean)
        object.__setattr__(self, "map_rows", check_int("map_rows", self.map_rows, 0, MAX_MAP_ROWS))
        object.__setattr__(self, "map_cols", check_int("map_cols", self.map_cols, 0, MAX_MAP_COLS))

    def for_network(self, config: NetworkConfig) -> Recording:
        """Check the neuron indices against the network's size."""
        for v in self.neurons:
            neuron_index(v, config.n)
        return self


TRACES_FIELD = "neurons"
"""The traced neurons' key in the address (a page's state, not a network field)."""


def neuron_index(value: Any, n: int) -> int:
    """A traced neuron's index, from 0 to ``n - 1``, or the sentence that says why not."""
    try:
        return check_int("Neuron", value, 0, n - 1)
    except FieldError:
        raise FieldError(f"Traced neurons must be neuron indices from 0 to {n - 1:,} in a "
                         f"network of {n:,} neurons (got {shown(value)}).",
                         TRACES_FIELD) from None
