"""A sweep's grid (:func:`izhi_core.sweep.grid.grid_of`) as the page's figures, cards and
status, and nothing else."""

from __future__ import annotations

from typing import Any

import numpy as np
from dash import html

from izhi_core.figures_sweep import diagram_spec, regime_spec, spectrum_band_spec
from izhi_core.sweep.grid import METRIC_TITLES

from ...common.wire import compact

CARD_METRICS = ("rate_exc_hz", "rate_inh_hz", "synchrony", "low_peak_hz")


def empty_figure(text: str) -> dict[str, Any]:
    """A figure with a sentence where its plot would be."""
    return {"data": [], "layout": {
        "template": {}, "paper_bgcolor": "white", "plot_bgcolor": "white",
        "xaxis": {"visible": False}, "yaxis": {"visible": False},
        "annotations": [{"text": text, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
                         "showarrow": False, "font": {"size": 15, "color": "#555"}}]}}


def _mean_sd(grid: dict[str, Any], metric: str) -> str:
    mean, sd = grid["mean"][metric][0][0], grid["sd"][metric][0][0]
    unit = " Hz" if metric.endswith("_hz") else ""
    if mean is None:
        return "none"
    return f"{mean:.3g}{unit}" if sd is None else f"{mean:.3g} \u00b1 {sd:.2g}{unit}"


def cards(grid: dict[str, Any]) -> list[Any]:
    """The replicates' rates, synchrony and low-band peak as mean ± sd over the seeds
    (the peak's label says how many seeds have one)."""
    out = []
    for metric in CARD_METRICS:
        label = METRIC_TITLES[metric]
        if metric == "low_peak_hz":
            label = (f"4–13 Hz peak ({grid['defined'][metric][0][0]} of "
                     f"{grid['count'][0][0]} seeds)")
        out.append(html.Div(_mean_sd(grid, metric), className="card card-value",
                            id=f"sweep-card-{metric.replace('_', '-')}",
                            **{"data-label": label}))
    return out


def figures(grid: dict[str, Any], metric: str,
            spectrum: dict[str, Any] | None = None) -> dict[str, Any]:
    """``diagram`` (the metric, or the replicates' spectrum band), ``regimes``, ``cards``
    (replicates only: [] otherwise) and ``status``, for a grid done or in progress."""
    if grid["axes"]:
        diagram = compact(diagram_spec(grid, metric))
        shown_cards: list[Any] = []
    elif spectrum and spectrum.get("freq"):
        diagram = compact(spectrum_band_spec(np.asarray(spectrum["freq"]),
                                             np.asarray(spectrum["mean"]),
                                             np.asarray(spectrum["sd"]), grid["done"]))
        shown_cards = cards(grid)
    else:
        diagram = empty_figure("The spectrum comes when the first seed has run.")
        shown_cards = cards(grid) if grid["done"] else []
    return {"diagram": diagram, "regimes": compact(regime_spec(grid)), "cards": shown_cards,
            "status": status(grid)}


def status(grid: dict[str, Any]) -> str:
    """A sentence of the sweep's state: runs done, and the regimes found so far."""
    counts: dict[str, int] = {}
    for row in grid["regime"]:
        for label in row:
            if label is not None:
                counts[label] = counts.get(label, 0) + 1
    found = ", ".join(f"{n} {label}" for label, n in sorted(counts.items(), key=lambda x: -x[1]))
    done = (f"{grid['done']:,} of {grid['total']:,} runs done"
            if grid["done"] < grid["total"] else f"All {grid['total']:,} runs done")
    return f"{done}" + (f"; cells: {found}." if found else ".")
