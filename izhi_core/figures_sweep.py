"""The sweep page's figures, from a grid (:func:`izhi_core.sweep.grid.grid_of`).

Plain figure dicts, unvalidated (as :mod:`izhi_core.figures`' ``*_spec`` builders):
the page redraws the diagram every half second while a sweep fills it in.

* :func:`diagram_spec`: a heatmap of one metric over two axes, or its mean with a
  band of one sd over the seeds along one axis;
* :func:`regime_spec`: each cell's regime, in one colour each, with its legend;
* :func:`spectrum_band_spec`: seed replicates' spectra as their mean and a band.

Every cell's hover names its values and every metric (mean ± sd over its seeds).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import figures as F
from .metrics import REGIMES
from .sweep.grid import METRIC_TITLES, NUMERIC

REGIME_COLORS = {
    "silent": "#b8b8b8",
    "synchronous bursting": "#d1495b",
    "runaway": "#6a3d9a",
    "oscillatory": "#e9a23b",
    "asynchronous irregular": "#1f4e9c",
}
"""One colour per regime of :data:`izhi_core.metrics.REGIMES`."""

DIAGRAM_SCALE = "Viridis"
BAND_FILL = "rgba(31, 78, 156, 0.2)"


def _number(x: Any) -> str:
    if x is None:
        return "none"
    if isinstance(x, str):
        return x
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}"


def _value_text(mean: Any, sd: Any) -> str:
    return _number(mean) if sd is None or mean is None else f"{_number(mean)} ± {_number(sd)}"


def _axis_of(axis: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A figure axis for a sweep axis: categories for text values, else linear."""
    kind = "category" if any(isinstance(v, str) for v in axis["values"]) else "linear"
    return F._axis(axis["title"], type=kind, **extra)


def cell_texts(grid: dict[str, Any]) -> list[list[str]]:
    """Each cell's hover: its axes' values, its runs, its regime and every metric."""
    axes = grid["axes"]
    rows, cols = len(grid["count"]), len(grid["count"][0])
    texts = []
    for r in range(rows):
        row = []
        for c in range(cols):
            where = [f"{a['title']}: {_number(a['values'][i])}"
                     for a, i in zip(axes, (c, r), strict=False)]
            n = grid["count"][r][c]
            if not n:
                row.append("<br>".join([*where, "not run yet"]))
                continue
            lines = [*where, f"{n} of {grid['seeds']} seeds run",
                     f"regime: {grid['regime'][r][c]}"]
            lines += [f"{METRIC_TITLES[m]}: "
                      f"{_value_text(grid['mean'][m][r][c], grid['sd'][m][r][c])}"
                      for m in NUMERIC]
            row.append("<br>".join(lines))
        texts.append(row)
    return texts


def _progress_note(grid: dict[str, Any]) -> str:
    seeds = f", mean of {grid['seeds']} seeds" if grid["seeds"] > 1 else ""
    done, total = grid["done"], grid["total"]
    return (f"{done:,} of {total:,} runs{seeds}" if done < total
            else f"{total:,} runs{seeds}")


def _z(values: Sequence[Sequence[Any]]) -> np.ndarray:
    return np.array([[math.nan if v is None else v for v in row] for row in values], float)


def diagram_spec(grid: dict[str, Any], metric: str) -> dict[str, Any]:
    """One metric over the grid's axes (one or two): a heatmap, or a line and its band.

    Parameters
    ----------
    grid : dict
        :func:`izhi_core.sweep.grid.grid_of`.
    metric : str
        One of :data:`izhi_core.sweep.grid.NUMERIC`.
    """
    axes = grid["axes"]
    title = METRIC_TITLES[metric]
    mean = grid["mean"][metric]
    texts = cell_texts(grid)
    uirevision = "diagram " + " ".join(a["field"] for a in axes)
    if len(axes) == 2:
        data = [{
            "type": "heatmap", "x": axes[0]["values"], "y": axes[1]["values"],
            "z": _z(mean), "text": texts, "hovertemplate": "%{text}<extra></extra>",
            "colorscale": DIAGRAM_SCALE, "hoverongaps": True,
            "colorbar": {**F._COLORBAR, "title": {"text": title, "side": "right"},
                         "thickness": 14},
            "name": metric,
        }]
        layout = F._layout(title, subtitle=(_progress_note(grid),), uirevision=uirevision,
                           xaxis=_axis_of(axes[0]), yaxis=_axis_of(axes[1]))
        return {"data": data, "layout": layout}
    if len(axes) != 1:
        raise ValueError("a diagram needs one or two axes; seed replicates alone are cards.")
    x = axes[0]["values"]
    mu = _z(mean)[0]
    sd = np.nan_to_num(_z(grid["sd"][metric])[0])
    line = {"type": "scatter", "mode": "lines+markers", "x": x, "y": mu, "name": "mean",
            "line": {"color": F.EXC_COLOR, "width": 2}, "text": texts[0],
            "hovertemplate": "%{text}<extra></extra>"}
    upper = {"type": "scatter", "mode": "lines", "x": x, "y": mu + sd, "name": "+1 sd",
             "line": {"width": 0}, "hoverinfo": "skip", "showlegend": False}
    lower = {"type": "scatter", "mode": "lines", "x": x, "y": mu - sd, "name": "\u00b11 sd",
             "line": {"width": 0}, "fill": "tonexty", "fillcolor": BAND_FILL,
             "hoverinfo": "skip"}
    names = ["mean", "\u00b11 sd"] if grid["seeds"] > 1 else None
    if names is None:
        lower["showlegend"] = False
    layout = F._layout(title, subtitle=(_progress_note(grid),), uirevision=uirevision,
                       legend=names, xaxis=_axis_of(axes[0]),
                       yaxis=F._axis(title))
    return {"data": [upper, lower, line], "layout": layout}


def regime_spec(grid: dict[str, Any]) -> dict[str, Any]:
    """Each cell's regime (the one most of its seeds have) in its colour, with a legend
    of every regime; an empty cell has not run yet."""
    axes = grid["axes"]
    index = {label: i for i, label in enumerate(REGIMES)}
    z = np.array([[math.nan if v is None else index[v] for v in row]
                  for row in grid["regime"]], float)
    n = len(REGIMES)
    scale = []
    for i, label in enumerate(REGIMES):  # a step of the scale per regime
        scale += [[i / n, REGIME_COLORS[label]], [(i + 1) / n, REGIME_COLORS[label]]]
    one_row = len(axes) < 2
    heat = {
        "type": "heatmap", "x": axes[0]["values"] if axes else [""],
        "y": axes[1]["values"] if not one_row else [""], "z": z,
        "zmin": -0.5, "zmax": n - 0.5, "colorscale": scale, "showscale": False,
        "text": cell_texts(grid), "hovertemplate": "%{text}<extra></extra>",
        "hoverongaps": True, "xgap": 1, "ygap": 1, "name": "regime",
    }
    # The legend: a square per regime (empty traces; the heatmap has no legend entry).
    keys = [{"type": "scatter", "mode": "markers", "x": [None], "y": [None], "name": label,
             "marker": {"symbol": "square", "size": 12, "color": REGIME_COLORS[label]},
             "hoverinfo": "skip"} for label in REGIMES]
    y_axis = (_axis_of(axes[1]) if not one_row
              else F._axis(None, type="category", showticklabels=False, ticks=""))
    layout = F._layout("Regime", subtitle=(_progress_note(grid),),
                       uirevision="regime " + " ".join(a["field"] for a in axes),
                       legend=list(REGIMES),
                       xaxis=_axis_of(axes[0]) if axes else F._axis(None, type="category"),
                       yaxis=y_axis)
    return {"data": [heat, *keys], "layout": layout}


def spectrum_band_spec(freq_hz: np.ndarray, mean: np.ndarray, sd: np.ndarray,
                       seeds: int) -> dict[str, Any]:
    """The population rate's spectrum over seed replicates: its mean and a band of one sd.

    On a linear power axis: mean - sd is often below zero away from the peaks, which a
    log axis could not draw, and a rhythm's peak is what the band is for.
    """
    upper = {"type": "scatter", "mode": "lines", "x": freq_hz, "y": mean + sd,
             "name": "+1 sd", "line": {"width": 0}, "hoverinfo": "skip", "showlegend": False}
    lower = {"type": "scatter", "mode": "lines", "x": freq_hz, "y": np.maximum(mean - sd, 0),
             "name": "\u00b11 sd", "line": {"width": 0}, "fill": "tonexty",
             "fillcolor": BAND_FILL, "hoverinfo": "skip"}
    line = {"type": "scatter", "mode": "lines", "x": freq_hz, "y": mean, "name": "mean",
            "line": {"color": F.EXC_COLOR, "width": 2}, "customdata": sd,
            "hovertemplate": "%{x:.0f} Hz: %{y:.3g} \u00b1 %{customdata:.2g} Hz\u00b2/Hz"
                             "<extra></extra>"}
    top = float(np.max(mean + sd)) if len(mean) else 1.0
    layout = F._layout("Spectrum of the population rate",
                       subtitle=(f"mean \u00b1 sd of {seeds} seed" + ("s" if seeds > 1 else ""),),
                       uirevision="replicates spectrum", legend=["mean", "\u00b11 sd"],
                       xaxis=F._axis("Frequency (Hz)",
                                     range=[0, float(freq_hz[-1]) if len(freq_hz) else 100]),
                       yaxis=F._axis("Power (Hz\u00b2/Hz)",
                                     range=[0, F.steady_limit(top) if top > 0 else 1]))
    return {"data": [upper, lower, line], "layout": layout}
