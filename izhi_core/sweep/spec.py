"""What a sweep runs: a base network, axes over its fields, seed replicates, a work cap.

A :class:`SweepSpec` is validated as a :class:`~izhi_core.config.NetworkConfig` is:
a bad axis, count or combination raises :class:`~izhi_core.fields.FieldError`, one
sentence naming the field's label, what was given and what is allowed, with
``field`` set to the axis's field so that a page can mark it. Its points are the
product of the axes' values (the first axis outermost), each replicated over
``seeds`` consecutive seeds (innermost); a point's configuration is the base with
that point's values.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..config import SCENARIO_FIELD, NetworkConfig, check_int, expected_seconds, work_of
from ..fields import FIELDS, MAX_SEED, SWEEPABLE, Field, FieldError, shown
from ..presets import WEIGHT_SCENARIOS

AXIS_FIELDS: tuple[str, ...] = (*SWEEPABLE, SCENARIO_FIELD.name)
"""What an axis may vary: every sweepable field, and the weight scenario (both weights)."""

MAX_AXIS_VALUES = 10_000
MAX_SEEDS = 1_000
MAX_POINTS = 1_000_000
"""At most this many runs in one sweep: its metrics stay in memory (about 300 bytes a run,
700 with a results folder)."""

# The default work cap: 500 times one server request's (izhi_core.config), i.e.
# 100,000 runs of the original script's network, the largest study the issue
# plans for (half an hour on 2 cores, minutes on a cluster). It stops a typo, not
# a study: a caller may pass its own.
MAX_SWEEP_NEURON_MS = 100_000_000_000
MAX_SWEEP_SYNAPSE_MS = 100_000_000_000_000

# Fields whose values change what a run costs (izhi_core.config.expected_seconds) or
# whether a configuration is allowed at all (ne + ni against inputs): the work cap
# and the estimate enumerate only these axes' combinations, never every point.
_COST_FIELDS = frozenset({"ne", "ni", "duration", "inputs", "mode"})

# Exact mode draws its random stream (seed, Ne, Ni, duration) once per worker and
# scales it for each weight, noise and type (izhi_core.network.LegacyDraws): a run
# that reuses it takes 6-7 ms against 25 ms (the default network, this machine), but
# its metrics add 1-3 ms, and 20-60 ms where the network bursts (hundreds of
# thousands of spikes). Over the 21 x 21 weight plane a sweep's run costs this
# fraction of izhi_core.config.expected_seconds (bench/bench_sweep.py: 23.6 ms
# against 32 ms).
_REUSED_DRAWS_COST = 0.7
# Start-up of the local engine's processes (Python, numpy, numba, kernels from cache).
STARTUP_SECONDS = 1.0

_RANGE = re.compile(r"^([^:]+):([^:]+):([^:]+)(?::(lin|log))?$")


def _label(name: str) -> str:
    return _field(name).label


def _field(name: Any) -> Field:
    """The field an axis varies, or the sentence that lists what may be varied."""
    if not isinstance(name, str) or name not in AXIS_FIELDS:
        raise FieldError(f"An axis must vary one of the fields {', '.join(AXIS_FIELDS)} "
                         f"(got {shown(name)}).")
    return SCENARIO_FIELD if name == SCENARIO_FIELD.name else FIELDS[name]


def _tidy(x: float) -> float:
    """A range's value without its floating-point dust: linspace(0, 1, 11)[3] is
    0.30000000000000004, and the table, the address and a resumed sweep's keys
    should all say 0.3."""
    return float(f"{x:.12g}")


@dataclass(frozen=True)
class Axis:
    """The values one field takes across a sweep.

    Parameters
    ----------
    field : str
        A name of :data:`AXIS_FIELDS`: a sweepable field of
        :data:`~izhi_core.fields.FIELDS`, or ``"weights"`` (a weight scenario, setting
        both weights).
    values : sequence
        The values, in order, each as the field accepts it (numbers, or text as typed);
        they are checked against the field's bounds and must differ.
    text : str, optional
        How the axis was written (``"exc_weight=0:1:21"``), for messages and tables.

    Notes
    -----
    Build from a range with :meth:`linear` or :meth:`log`, or from text with
    :meth:`parse`. Units are the field's (:mod:`izhi_core.fields`): weights and noise
    in mV/ms, duration in ms.
    """

    field: str
    values: tuple[Any, ...]
    text: str = ""

    def __post_init__(self) -> None:
        name = self.field
        f = _field(name)
        values = self.values
        if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
            raise FieldError(f"The values of {f.label} must be a list (got {shown(values)}).",
                             name)
        clean = tuple(f.parse(v) for v in values)
        if not 1 <= len(clean) <= MAX_AXIS_VALUES:
            raise FieldError(f"{f.label} must be given from 1 to {MAX_AXIS_VALUES:,} values "
                             f"(got {len(clean):,}).", name)
        seen: set[Any] = set()
        for raw, value in zip(values, clean, strict=True):
            if value in seen:
                raise FieldError(f"{f.label} must not repeat a value (got {shown(raw)} "
                                 "twice).", name)
            seen.add(value)
        object.__setattr__(self, "values", clean)
        if not self.text:
            object.__setattr__(self, "text", f"{name}=" + ",".join(map(str, clean)))

    @classmethod
    def linear(cls, field: str, start: Any, stop: Any, count: Any) -> Axis:
        """``count`` values from ``start`` to ``stop`` inclusive, evenly spaced."""
        return cls._range(field, start, stop, count, log=False)

    @classmethod
    def log(cls, field: str, start: Any, stop: Any, count: Any) -> Axis:
        """``count`` values from ``start`` to ``stop`` inclusive, evenly spaced in log."""
        return cls._range(field, start, stop, count, log=True)

    @classmethod
    def _range(cls, name: str, start: Any, stop: Any, count: Any, log: bool) -> Axis:
        f = _field(name)
        text = f"{name}={start}:{stop}:{count}" + (":log" if log else "")
        if f.kind == "choice":
            raise FieldError(f"{f.label} has no range: give a list of values, e.g. "
                             f"{name}={','.join(f.choices[:2])} (got {shown(text)}).", name)
        lo, hi = f.parse(start), f.parse(stop)
        if lo is None or hi is None:  # an optional field's empty value has no place in a range
            raise FieldError(f"A range of {f.label} must start and stop at numbers "
                             f"(got {shown(text)}).", name)
        try:
            n = check_int(f"The number of values of {f.label}", count, 1, MAX_AXIS_VALUES)
        except FieldError as err:
            raise FieldError(str(err), name) from None
        if log and not min(lo, hi) > 0:
            raise FieldError(f"A log range of {f.label} must start and stop above 0 "
                             f"(got {shown(text)}).", name)
        points = np.geomspace(lo, hi, n) if log else np.linspace(lo, hi, n)
        if f.kind == "int":
            values = [int(round(x)) for x in points]
            if len(set(values)) < n:
                raise FieldError(f"{f.label} takes whole numbers: {shown(text)} would repeat "
                                 f"some; give at most {abs(hi - lo) + 1:,} values.", name)
        else:
            values = [_tidy(x) for x in points]
        if n > 1:  # the ends exactly as given, whatever geomspace's rounding made of them
            values[0], values[-1] = lo, hi
        return cls(name, tuple(values), text)

    @classmethod
    def parse(cls, text: str) -> Axis:
        """An axis from ``FIELD=START:STOP:COUNT`` (inclusive; ``:log`` after COUNT for
        a log range) or ``FIELD=V1,V2,...``; ``-`` may stand for ``_`` in FIELD."""
        if not isinstance(text, str) or "=" not in text:
            raise FieldError("An axis must be written FIELD=START:STOP:COUNT or "
                             f"FIELD=V1,V2,... (got {shown(text)}).")
        name, spec = (part.strip() for part in text.split("=", 1))
        name = name.replace("-", "_")
        _field(name)
        written = f"{name}={spec}"
        match = _RANGE.match(spec.replace(" ", ""))
        if match:
            start, stop, count, scale = match.groups()
            return cls._range(name, start, stop, count, log=scale == "log")
        if ":" in spec:
            raise FieldError(f"A range of {_label(name)} must be written START:STOP:COUNT, "
                             f"or START:STOP:COUNT:log (got {shown(written)}).", name)
        return cls(name, tuple(v.strip() for v in spec.split(",")), written)


@dataclass(frozen=True)
class Point:
    """One run of a sweep.

    Attributes
    ----------
    index : int
        Its place in the sweep's order (the table's row order).
    config : NetworkConfig
        The run.
    scenario : str or None
        The weight scenario that set its weights, where an axis varies ``weights``.
    """

    index: int
    config: NetworkConfig
    scenario: str | None = None

    @property
    def key(self) -> str:
        """:func:`config_key` of the run: what a results folder files it under."""
        return config_key(self.config)


def config_key(config: NetworkConfig) -> str:
    """A configuration's canonical text: its fields as JSON, sorted, values as the
    config holds them (validated: ``mode="seed"`` is ``"exact"``, ``0.50`` is
    ``0.5``). Two runs have the same key exactly when they are the same run."""
    return json.dumps(config.to_dict(), sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class SweepSpec:
    """A sweep: the runs of a base network over axes and seed replicates.

    Parameters
    ----------
    base : NetworkConfig
        What every point starts from (default: the original script's run).
    axes : sequence of Axis
        The fields that vary, each at most once; the points are the product of their
        values, the first axis outermost. None: one point, the base.
    seeds : int, default 1
        Replicates of every point, at seeds ``base.seed``, ``base.seed + 1``, ...
        ``base.seed + seeds - 1`` (1 to 1,000). An axis over ``seed`` is the other way
        to vary it; not both.
    max_neuron_ms, max_synapse_ms : int
        Work cap: the sum over the points of :func:`izhi_core.config.work_of`
        (neurons x duration and synapses x duration, all-to-all counting N inputs per
        neuron). The default is :data:`MAX_SWEEP_NEURON_MS` and
        :data:`MAX_SWEEP_SYNAPSE_MS` (100,000 runs of the original script's network);
        a server passes a request's.

    Raises
    ------
    FieldError
        One sentence: the field's label, what was given, what is allowed.
    """

    base: NetworkConfig = field(default_factory=NetworkConfig)
    axes: tuple[Axis, ...] = ()
    seeds: int = 1
    max_neuron_ms: int = MAX_SWEEP_NEURON_MS
    max_synapse_ms: int = MAX_SWEEP_SYNAPSE_MS

    def __post_init__(self) -> None:
        if not isinstance(self.base, NetworkConfig):
            raise FieldError(f"A sweep's base must be a NetworkConfig (got "
                             f"{type(self.base).__name__}).")
        axes = () if self.axes is None else self.axes
        if isinstance(axes, Axis) or not isinstance(axes, Iterable):
            raise FieldError(f"A sweep's axes must be a list of axes (got {shown(axes)}).")
        axes = tuple(axes)
        for axis in axes:
            if not isinstance(axis, Axis):
                raise FieldError(f"A sweep's axes must be Axis objects (got {shown(axis)}).")
        object.__setattr__(self, "axes", axes)
        try:
            seeds = check_int("Seed replicates", self.seeds, 1, MAX_SEEDS)
        except FieldError as err:
            raise FieldError(str(err), "seeds") from None
        object.__setattr__(self, "seeds", seeds)
        self._check_axes()
        if self.n_points > MAX_POINTS:
            raise FieldError(f"A sweep may have at most {MAX_POINTS:,} points (got "
                             f"{self.shape_text()}).")
        self._check_work()

    def _check_axes(self) -> None:
        names = [a.field for a in self.axes]
        for name in names:
            if names.count(name) > 1:
                raise FieldError(f"{_label(name)} is varied twice; give one axis per field.",
                                 name)
        if SCENARIO_FIELD.name in names:
            for weight in ("exc_weight", "inh_weight"):
                if weight in names:
                    raise FieldError(
                        f"The weight scenario sets both weights: vary either it or "
                        f"{FIELDS[weight].label}, not both.", weight)
        if "seed" in names and self.seeds > 1:
            raise FieldError(f"Give either seed replicates ({self.seeds}) or an axis over "
                             f"{FIELDS['seed'].label}, not both.", "seeds")
        last = self.base.seed + self.seeds - 1
        if last > MAX_SEED:
            raise FieldError(f"{FIELDS['seed'].label} plus seed replicates must stay at most "
                             f"{MAX_SEED:,} (got {self.base.seed:,} + {self.seeds:,} - 1 = "
                             f"{last:,}).", "seeds")
        # Every value on its own, against the base: the field's own sentence, naming it.
        for axis in self.axes:
            if axis.field not in _COST_FIELDS:  # those are checked in their combinations
                for value in axis.values:
                    self._config({axis.field: value})

    def _config(self, values: dict[str, Any]) -> NetworkConfig:
        changes = dict(values)
        scenario = changes.pop(SCENARIO_FIELD.name, None)
        if scenario is not None:
            changes["exc_weight"] = WEIGHT_SCENARIOS[scenario].exc
            changes["inh_weight"] = WEIGHT_SCENARIOS[scenario].inh
        try:
            return self.base.replace(**changes) if changes else self.base
        except FieldError as err:
            if len(values) < 2:
                raise
            at = ", ".join(f"{k}={v}" for k, v in values.items())
            # the field to mark is one the point varies (an all-to-all network that
            # grew too large blames inputs, which may not be an axis at all)
            mark = err.field if err.field in values else list(values)[-1]
            raise FieldError(f"{str(err).rstrip('.')}, at the point {at}.", mark) from None

    @property
    def shape(self) -> tuple[int, ...]:
        """The number of values of each axis, then the seed replicates."""
        return (*(len(a.values) for a in self.axes), self.seeds)

    @property
    def n_points(self) -> int:
        """The number of runs."""
        return math.prod(self.shape)

    def shape_text(self) -> str:
        """``21 x 21 x 3 seeds = 1,323``: how the points multiply, for sentences."""
        parts = [f"{len(a.values):,}" for a in self.axes]
        if self.seeds > 1 or not parts:
            parts.append(f"{self.seeds:,} seed" + ("s" if self.seeds > 1 else ""))
        return " x ".join(parts) + (f" = {self.n_points:,}" if len(parts) > 1 else "")

    def _cost_classes(self) -> Iterator[tuple[NetworkConfig, int]]:
        """Each combination of the axes that change a run's cost, as a config, and how
        many points share it."""
        cost_axes = [a for a in self.axes if a.field in _COST_FIELDS]
        combos = math.prod(len(a.values) for a in cost_axes)
        share = self.n_points // combos
        for values in itertools.product(*(a.values for a in cost_axes)):
            yield self._config(dict(zip((a.field for a in cost_axes), values, strict=True))), share

    def work(self) -> tuple[int, int]:
        """Neuron-ms and synapse-ms of the whole sweep (:func:`izhi_core.config.work_of`)."""
        neuron_ms = synapse_ms = 0
        for config, share in self._cost_classes():
            n_ms, s_ms = work_of(config)
            neuron_ms += share * n_ms
            synapse_ms += share * s_ms
        return neuron_ms, synapse_ms

    def _check_work(self) -> None:
        neuron_ms, synapse_ms = self.work()
        for got, cap, what in ((neuron_ms, self.max_neuron_ms, "neurons x duration"),
                               (synapse_ms, self.max_synapse_ms, "synapses x duration")):
            if got > cap:
                raise FieldError(
                    f"A sweep's work must be at most {cap:,} {what}, summed over its points "
                    f"(got {got:,} for {self.shape_text()} points); vary fewer values or "
                    "shorten the runs.")

    def points(self) -> Iterator[Point]:
        """Every run, in order: the axes' product (first axis outermost), seeds inside."""
        names = [a.field for a in self.axes]
        seeded = "seed" not in names
        combos = itertools.product(*(a.values for a in self.axes), range(self.seeds))
        for index, combo in enumerate(combos):
            values = dict(zip(names, combo[:-1], strict=True))
            if seeded:
                values["seed"] = self.base.seed + combo[-1]
            yield Point(index, self._config(values), values.get(SCENARIO_FIELD.name))

    def expected_seconds(self, workers: int = 1, points: Sequence[Point] | None = None,
                         startup: float = STARTUP_SECONDS) -> float:
        """A rough estimate of the wall-clock time of the sweep, s.

        Parameters
        ----------
        workers : int
            Processes (or Dask worker threads) running it at once.
        points : sequence of Point, optional
            Only these (what a resumed sweep still has to run); default: all.
        startup : float
            Seconds before the first run (the local engine's processes starting).

        Notes
        -----
        :func:`izhi_core.config.expected_seconds` of each run, at the network's
        assumed 8 Hz: a bursting or runaway corner of a plane takes longer, a silent
        one less. Exact mode's all-to-all runs reuse their seed's random stream,
        which leaves about a third of a run, to which the metrics add.
        """
        workers = check_int("Workers", workers, 1, 1_000_000)
        if points is None:
            total = sum(share * point_seconds(c) for c, share in self._cost_classes())
        else:
            total = sum(point_seconds(p.config) for p in points)
        return startup + total / workers

    def to_dict(self) -> dict[str, Any]:
        """The spec as plain JSON-ready values (a results folder records it)."""
        return {"base": self.base.to_dict(), "axes": [a.text for a in self.axes],
                "seeds": self.seeds}


def point_seconds(config: NetworkConfig) -> float:
    """A rough estimate of one run's time in a sweep, s: :func:`izhi_core.config.
    expected_seconds`, less the random stream that exact mode's all-to-all runs reuse."""
    reuse = config.mode == "exact" and config.inputs is None
    return expected_seconds(config) * (_REUSED_DRAWS_COST if reuse else 1.0)
