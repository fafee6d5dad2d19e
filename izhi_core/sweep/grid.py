"""A sweep's results on its grid: each cell's mean and sd over the seeds, its regime.

What a phase diagram draws, from however many points have finished so far (a cell
with no finished run is empty), as plain JSON-ready values: a page can send a grid
of a sweep half done, and a grid is small (cells x metrics, not runs x fields).
Rows are the second axis's values (one row without one), columns the first's (one
column without axes).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from ..analysis import PEAK_TAPERS, spectrum_of
from ..config import SCENARIO_FIELD, NetworkConfig
from ..fields import FIELDS
from ..metrics import REGIMES, run_metrics
from ..simulate import simulate
from .engine import PointResult
from .spec import SweepSpec
from .store import METRICS
from .worker import NO_RECORDING

NUMERIC: tuple[str, ...] = tuple(m for m in METRICS if m != "regime")
"""The metrics a diagram may be coloured by."""

METRIC_TITLES: dict[str, str] = {
    "n_spikes": "Spikes",
    "rate_exc_hz": "Excitatory rate (Hz)",
    "rate_inh_hz": "Inhibitory rate (Hz)",
    "low_peak_hz": "Low-band peak (Hz)",
    "low_peak_prominence": "Low-band peak prominence",
    "gamma_peak_hz": "Gamma peak (Hz)",
    "gamma_peak_prominence": "Gamma peak prominence",
    "synchrony": "Synchrony (\u03c7\u00b2)",
    "mean_isi_cv": "Mean ISI CV",
}
"""Each metric as a page titles it, with its unit (docs/sweeps.md says what each is)."""

SPECTRUM_MAX_HZ = 100.0  # of the replicates' spectrum band


def _title(name: str) -> str:
    field = SCENARIO_FIELD if name == SCENARIO_FIELD.name else FIELDS[name]
    return field.title


def grid_of(spec: SweepSpec, results: Iterable[PointResult]) -> dict[str, Any]:
    """The grid of ``spec`` with the ``results`` finished so far.

    Returns
    -------
    dict
        ``axes``: ``[{"field", "title", "values"}]`` (0 to 2); ``seeds``; ``total``
        (the sweep's points) and ``done``; ``count`` (rows x columns: runs finished in
        each cell); ``mean`` and ``sd`` (by metric of :data:`NUMERIC`, rows x columns:
        over the cell's finished runs whose metric is defined; None where none is, and
        sd None below two); ``regime`` (rows x columns: the label most of its runs
        have, the first of :data:`~izhi_core.metrics.REGIMES` on a tie; None when
        empty); ``defined`` (by metric: the cell's runs whose metric is defined).
    """
    if len(spec.axes) > 2:
        raise ValueError(f"a grid has at most two axes (got {len(spec.axes)}).")
    sizes = [len(a.values) for a in spec.axes]
    cols = sizes[0] if sizes else 1
    rows = sizes[1] if len(sizes) > 1 else 1
    cells = rows * cols
    count = np.zeros(cells, np.int64)
    sums = {m: np.zeros(cells) for m in NUMERIC}
    squares = {m: np.zeros(cells) for m in NUMERIC}
    defined = {m: np.zeros(cells, np.int64) for m in NUMERIC}
    regimes = np.zeros((cells, len(REGIMES)), np.int64)
    order = {label: i for i, label in enumerate(REGIMES)}
    done = 0
    for result in results:
        done += 1
        combo = result.point.index // spec.seeds  # the axes' product, first outermost
        col, row = (combo // rows, combo % rows) if len(sizes) > 1 else (combo, 0)
        cell = row * cols + col
        count[cell] += 1
        regimes[cell, order[result.metrics["regime"]]] += 1
        for m in NUMERIC:
            value = result.metrics[m]
            if value is not None and math.isfinite(value):
                sums[m][cell] += value
                squares[m][cell] += value * value
                defined[m][cell] += 1

    def shaped(values: Sequence[Any]) -> list[list[Any]]:
        return [list(values[r * cols:(r + 1) * cols]) for r in range(rows)]

    mean: dict[str, Any] = {}
    sd: dict[str, Any] = {}
    for m in NUMERIC:
        k = defined[m]
        with np.errstate(invalid="ignore", divide="ignore"):
            mu = sums[m] / k
            var = (squares[m] - k * mu * mu) / (k - 1)
        mean[m] = shaped([float(x) if n else None for x, n in zip(mu, k, strict=True)])
        sd[m] = shaped([math.sqrt(max(float(v), 0.0)) if n >= 2 else None
                        for v, n in zip(var, k, strict=True)])
    labels = [REGIMES[int(np.argmax(c))] if c.sum() else None for c in regimes]
    return {
        "axes": [{"field": a.field, "title": _title(a.field), "values": list(a.values)}
                 for a in spec.axes],
        "seeds": spec.seeds, "total": spec.n_points, "done": done,
        "count": shaped(count.tolist()), "mean": mean, "sd": sd,
        "regime": shaped(labels),
        "defined": {m: shaped(defined[m].tolist()) for m in NUMERIC},
    }


def cell_config(spec: SweepSpec, col: int, row: int = 0) -> NetworkConfig:
    """The configuration of a cell at its first seed (the base's): the run a click on it
    opens."""
    values = [len(a.values) for a in spec.axes]
    if not (0 <= col < (values[0] if values else 1)) or not (
            0 <= row < (values[1] if len(values) > 1 else 1)):
        raise ValueError(f"the sweep has no cell at column {col}, row {row}.")
    changes = {}
    for axis, i in zip(spec.axes, (col, row), strict=False):
        changes[axis.field] = axis.values[i]
    return spec._config(changes)


def replicate_run(config: NetworkConfig) -> tuple[dict[str, Any], np.ndarray, np.ndarray]:
    """One seed of a replicates view: the run's metrics and its population rate's
    spectrum (three sine tapers, as its peaks are found) up to :data:`SPECTRUM_MAX_HZ`."""
    result = simulate(config, NO_RECORDING)
    freq, power = spectrum_of(result, tapers=PEAK_TAPERS)
    keep = freq <= SPECTRUM_MAX_HZ
    return run_metrics(result), freq[keep], power[keep]


def spectrum_band(spectra: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The mean and sd (ddof 1; 0 for one) over seeds of spectra of the same length."""
    stack = np.vstack(spectra)
    sd = stack.std(axis=0, ddof=1) if len(stack) > 1 else np.zeros(stack.shape[1])
    return stack.mean(axis=0), sd
