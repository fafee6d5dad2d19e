"""Two runs side by side: their headline numbers, B − A, and whether a difference
exceeds what another seed alone would change.

Runs are deterministic, so "A" and "B" are two configurations. A difference between
them is only worth reading if it is larger than the seed-to-seed spread: the same
network drawn with another seed fires differently too (the original script's run
gives 7,598 spikes with seed 0 and 7,336 with seed 1). Two ways to know that spread:

* **replicates** (``seeds`` > 1): each side is run with ``seeds`` consecutive seeds
  from its own; a metric's difference is that of the means, and it *exceeds the
  spread* when it is larger than twice its standard error,
  ``2 * sqrt(s_A² / n_A + s_B² / n_B)`` (about a 95% two-sided interval);
* **A and B differ only by seed**: then B − A is itself a seed-to-seed difference. The
  spread comes from a pool of distinct seeds of the same network (A's, B's and the ones
  after A's), and B − A is compared with ``2 * sqrt(2) * s``, the same test with both
  sides' deviation ``s`` estimated from the pool.

Numbers only (numpy); the dashboard's /compare page and a notebook read the same.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .analysis import summarize
from .config import NetworkConfig
from .fields import FIELDS, MAX_SEED
from .result import SimulationResult

METRICS: dict[str, tuple[str, str]] = {
    "n_spikes": ("Spikes", ""),
    "rate_exc_hz": ("Excitatory rate", "Hz"),
    "rate_inh_hz": ("Inhibitory rate", "Hz"),
    "low_peak_hz": ("4–13 Hz peak", "Hz"),
    "gamma_peak_hz": ("25–60 Hz peak", "Hz"),
    "mean_isi_cv": ("Mean ISI CV", ""),
}
"""Metric of :func:`izhi_core.analysis.summarize` (with ``isi=True``) -> (label, unit)."""

MAX_SEEDS = 8
"""Most seeds per side (each one a run)."""

POOL_SEEDS = 4
"""Distinct seeds that estimate the spread when A and B differ only by seed."""

Z = 2.0
"""A difference exceeds the spread beyond this many standard errors."""


def differs_only_by_seed(a: NetworkConfig, b: NetworkConfig) -> bool:
    """Whether ``a`` and ``b`` are the same network but for the seed (and not equal)."""
    return a.seed != b.seed and a.replace(seed=b.seed) == b


def _seeds_from(first: int, count: int, skip: Sequence[int] = ()) -> list[int]:
    """``count`` distinct seeds from ``first`` on (wrapping past the largest), without ``skip``."""
    seeds: list[int] = []
    seed = first
    while len(seeds) < count:
        if seed not in skip and seed not in seeds:
            seeds.append(seed)
        seed = 0 if seed >= MAX_SEED else seed + 1
    return seeds


@dataclass(frozen=True)
class Plan:
    """The runs a comparison needs.

    Attributes
    ----------
    a, b : tuple of NetworkConfig
        Each side's runs, its own configuration first (the one its figures show).
    pool : tuple of NetworkConfig
        Distinct seeds of the one network, when A and B differ only by seed
        (A's and B's among them); empty otherwise.
    """

    a: tuple[NetworkConfig, ...]
    b: tuple[NetworkConfig, ...]
    pool: tuple[NetworkConfig, ...] = ()

    @property
    def runs(self) -> tuple[NetworkConfig, ...]:
        """Every distinct run, in order: A's, B's, then the rest of the pool."""
        out: list[NetworkConfig] = []
        for config in (*self.a, *self.b, *self.pool):
            if config not in out:
                out.append(config)
        return tuple(out)

    @property
    def replicated(self) -> bool:
        """Whether the plan estimates a seed-to-seed spread."""
        return len(self.a) > 1 or len(self.pool) > 1


def plan(a: NetworkConfig, b: NetworkConfig, seeds: int = 1) -> Plan:
    """The runs that compare ``a`` with ``b`` with ``seeds`` seeds per side.

    Parameters
    ----------
    a, b : NetworkConfig
    seeds : int, default 1
        Seeds per side, from 1 to :data:`MAX_SEEDS`: each side runs its own seed and
        the ``seeds - 1`` after it. When A and B differ only by seed, the pool has
        ``max(seeds, POOL_SEEDS)`` distinct seeds instead (see the module's docstring).
    """
    if isinstance(seeds, bool) or not isinstance(seeds, int) or not 1 <= seeds <= MAX_SEEDS:
        raise ValueError(f"Seeds per run must be a whole number from 1 to {MAX_SEEDS} "
                         f"(got {seeds!r:.40}).")
    if differs_only_by_seed(a, b):
        extra = _seeds_from(a.seed, max(seeds, POOL_SEEDS) - 2, skip=(a.seed, b.seed))
        pool = (a, b, *(a.replace(seed=s) for s in extra))
        return Plan((a,), (b,), pool)
    return Plan(tuple(a.replace(seed=s) for s in _seeds_from(a.seed, seeds)),
                tuple(b.replace(seed=s) for s in _seeds_from(b.seed, seeds)))


def metrics_of(result: SimulationResult) -> dict[str, float | None]:
    """The metrics of :data:`METRICS` of one run (None: no peak, or no ISI)."""
    summary = summarize(result, isi=True)
    return {k: None if summary[k] is None else float(summary[k]) for k in METRICS}


@dataclass(frozen=True)
class Difference:
    """One metric of A and B.

    Attributes
    ----------
    a, b : float or None
        Each side's value (the mean over its seeds); None where no run has one.
    delta : float or None
        ``b - a``.
    spread : float or None
        The standard error of ``delta`` that seeds alone give (None: no replicates,
        or too few values).
    exceeds : bool or None
        ``|delta| > Z * spread`` (None without a spread).
    n_a, n_b : int
        Runs with a value, on each side.
    """

    a: float | None
    b: float | None
    delta: float | None
    spread: float | None
    exceeds: bool | None
    n_a: int
    n_b: int


def _values(rows: Sequence[Mapping[str, Any]], key: str) -> list[float]:
    return [float(r[key]) for r in rows if r.get(key) is not None]


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _var(values: list[float]) -> float | None:
    """The sample variance (ddof=1); None for fewer than two values."""
    if len(values) < 2:
        return None
    m = sum(values) / len(values)
    return sum((v - m) ** 2 for v in values) / (len(values) - 1)


def differences(a_rows: Sequence[Mapping[str, Any]], b_rows: Sequence[Mapping[str, Any]],
                pool_rows: Sequence[Mapping[str, Any]] = ()) -> dict[str, Difference]:
    """Each metric of :data:`METRICS`: A, B, B − A and whether it exceeds the seeds' spread.

    Parameters
    ----------
    a_rows, b_rows : sequence of dict
        :func:`metrics_of` of each side's runs.
    pool_rows : sequence of dict
        :func:`metrics_of` of a pool of seeds of one network (A and B differ only by
        seed): both sides' deviation is the pool's.
    """
    out: dict[str, Difference] = {}
    for key in METRICS:
        va, vb = _values(a_rows, key), _values(b_rows, key)
        ma, mb = _mean(va), _mean(vb)
        delta = None if ma is None or mb is None else mb - ma
        if pool_rows:
            pooled = _var(_values(pool_rows, key))
            var_a = var_b = pooled
        else:
            var_a, var_b = _var(va), _var(vb)
        spread = None
        if delta is not None and var_a is not None and var_b is not None:
            spread = math.sqrt(var_a / len(va) + var_b / len(vb))
        exceeds = None if spread is None else abs(delta) > Z * spread
        out[key] = Difference(ma, mb, delta, spread, exceeds, len(va), len(vb))
    return out


def changed_fields(a: NetworkConfig, b: NetworkConfig) -> list[str]:
    """What B changes of A, by the field registry's labels: ``Excitatory weight 0.5 → 1``."""
    da, db = a.to_dict(), b.to_dict()
    return [f"{FIELDS[k].label} {_text(k, da[k])} → {_text(k, db[k])}" for k in FIELDS
            if da[k] != db[k]]


def _text(name: str, value: Any) -> str:
    if value is None:
        return FIELDS[name].optional or "empty"
    return f"{value:g}" if isinstance(value, float) else str(value)
