"""Two runs, A and B, in one look: the /compare page's figures (plotly, never dash).

The rasters sit side by side on shared axes (one figure, two panels with the same
ranges, so a zoom of one is a zoom of both); the population rate, its spectrum and
the distribution of the neurons' ISI CV are each one figure with A and B overlaid,
A in a dark grey and B in orange, colours that are neither population's (the
rasters keep the network page's blue and red). Specs are plain dicts as
:mod:`izhi_core.figures`' are, and share its look.
"""

from __future__ import annotations

import math

import numpy as np

from . import figures as F
from .analysis import isi_cv_of, population_rate_of, spectrum_of
from .result import SimulationResult

SIDE_COLORS = {"A": "#3a3a3a", "B": "#e07b00"}
RATE_BIN_MS = 5  # the overlaid rates in 5 ms bins: two 1 ms curves would hide each other
CV_BIN = 0.1  # width of the ISI CV histogram's bins
CV_MIN_TOP = 2.0  # the histogram's axis reaches at least this far (Poisson is 1)
PANEL_GAP = 0.06  # between the two rasters, of the figure's width


def rasters_spec(a: SimulationResult, b: SimulationResult,
                 max_points: int = F.MAX_RASTER_POINTS // 2) -> dict:
    """A's raster beside B's, on the same time and neuron axes.

    Parameters
    ----------
    a, b : SimulationResult
    max_points : int, default half of :data:`izhi_core.figures.MAX_RASTER_POINTS`
        Most spikes drawn of each (the two together draw as many as one raster of
        the network page); beyond it a raster shows every k-th neuron and its
        panel's title says so.

    Returns
    -------
    dict
        A's traces on axes ``x``/``y``, B's on ``x2``/``y2`` (both panels' ranges the
        longer duration and the larger network), each panel titled with its spike
        count, the E/I boundary of each network drawn in its panel.
    """
    duration = max(a.config.duration, b.config.duration)
    n = max(a.config.n, b.config.n)
    half = (1 - PANEL_GAP) / 2
    domains = {"A": [0.0, half], "B": [1 - half, 1.0]}
    data, shapes, titles = [], [], []
    for side, result in (("A", a), ("B", b)):
        spec = F.raster_spec(result, max_points)
        suffix = "" if side == "A" else "2"
        for trace in spec["data"]:
            data.append({**trace, "xaxis": "x" + suffix, "yaxis": "y" + suffix,
                         "name": f"{side}: {trace['name']}"})
        for shape in F._ei_boundary(result.config.ne, result.config.ni):
            shapes.append({**shape, "xref": f"x{suffix} domain", "yref": "y" + suffix})
        thinned = result.n_spikes > max_points
        titles.append(dict(
            text=f"<b>{side}</b>: {result.n_spikes:,} spikes" + (" (thinned)" if thinned else ""),
            xref="paper", x=domains[side][0], xanchor="left", yref="paper", y=1,
            yanchor="bottom", showarrow=False, font=dict(size=F.FONT_PX, color=F.FONT_COLOR)))
    layout = F._layout(
        "Spike rasters, A | B", uirevision=f"compare rasters n={n} T={duration}",
        annotations=titles, shapes=shapes,
        xaxis=F._axis("Time (ms)", range=[0, duration], domain=domains["A"], anchor="y"),
        yaxis=F._axis("Neuron index", range=[0, n], anchor="x"),
        xaxis2=F._axis("Time (ms)", range=[0, duration], domain=domains["B"], anchor="y2",
                       matches="x"),
        yaxis2=F._axis(None, range=[0, n], anchor="x2", matches="y", showticklabels=True),
    )
    layout["margin"]["t"] += F.NOTE_LINE_PX  # the panels' titles, above each plot
    return {"data": data, "layout": layout}


def _line(side: str, x: np.ndarray, y: np.ndarray, hover: str, shape: str = "linear") -> dict:
    kind = "scattergl" if x.size > F.WEBGL_LINE_THRESHOLD else "scatter"
    return dict(type=kind, x=x, y=y, mode="lines", name=side,
                line=dict(color=SIDE_COLORS[side], width=1.8, shape=shape),
                hovertemplate=f"{side}: {hover}<extra></extra>")


def rate_spec(a: SimulationResult, b: SimulationResult, bin_ms: int = RATE_BIN_MS) -> dict:
    """The whole network's population rate (Hz per neuron, ``bin_ms`` bins) of A and B."""
    data = []
    for side, result in (("A", a), ("B", b)):
        t, _, _, rate = population_rate_of(result, bin_ms)
        data.append(_line(side, t, rate, "t = %{x} ms, %{y:.1f} Hz"))
    top = max((float(np.max(d["y"])) for d in data if d["y"].size), default=0.0)
    duration = max(a.config.duration, b.config.duration)
    return {"data": data, "layout": F._layout(
        f"Population rate ({bin_ms} ms bins)", uirevision=f"compare rate T={duration}",
        legend=["A", "B"],
        xaxis=F._axis("Time (ms)", range=[0, duration]),
        yaxis=F._axis("Rate (Hz)", range=F.steady_range(0.0, top if top > 0 else 1.0,
                                                      ticks=3, floor_at=0.0)),
    )}


def spectrum_spec(a: SimulationResult, b: SimulationResult) -> dict:
    """The spectra of A's and B's whole-population rate (1 ms bins), to 100 Hz, the low and
    gamma bands shaded as on the network page."""
    data, tops = [], []
    for side, result in (("A", a), ("B", b)):
        freq, power = spectrum_of(result)
        shown = (freq > 0) & (freq <= F.SPECTRUM_MAX_HZ)
        data.append(_line(side, freq[shown], power[shown], "%{x:.1f} Hz, %{y:.3g} Hz²/Hz"))
        positive = power[shown][power[shown] > 0]
        if positive.size:
            tops.append(float(np.log10(positive.max())))
    yaxis = F._axis("Power (Hz²/Hz)")
    if tops:
        top = math.ceil(2 * (max(tops) + 0.5)) / 2
        yaxis.update(type="log", range=[top - F.SPECTRUM_DECADES, top], exponentformat="power")
    shapes = [dict(type="rect", name=f"{key} band", xref="x", x0=lo, x1=hi, yref="y domain",
                   y0=0, y1=1, fillcolor=F.BAND_COLORS[key], opacity=0.15, line=dict(width=0),
                   layer="below")
              for key, (lo, hi) in (("low", F.LOW_BAND), ("gamma", F.GAMMA_BAND))]
    return {"data": data, "layout": F._layout(
        "Population rate spectrum", uirevision="compare spectrum", legend=["A", "B"],
        shapes=shapes, xaxis=F._axis("Frequency (Hz)", range=[0, F.SPECTRUM_MAX_HZ]),
        yaxis=yaxis,
    )}


def isi_cv_spec(a: SimulationResult, b: SimulationResult) -> dict:
    """The distribution of the neurons' ISI CV (neurons with at least 3 spikes), A's and
    B's as the share of their neurons per bin of :data:`CV_BIN`, on the same bins."""
    cvs = {side: isi_cv_of(r) for side, r in (("A", a), ("B", b))}
    finite = {side: cv[np.isfinite(cv)] for side, cv in cvs.items()}
    most = max((float(v.max()) for v in finite.values() if v.size), default=0.0)
    top = max(CV_MIN_TOP, math.ceil(most / CV_BIN) * CV_BIN + CV_BIN)
    edges = np.arange(0.0, top + CV_BIN / 2, CV_BIN)
    data, notes = [], []
    for side, values in finite.items():
        counts, _ = np.histogram(values, bins=edges)
        share = counts / max(1, values.size)
        data.append(_line(side, edges[:-1], share, "CV %{x:.1f}–, %{y:.0%} of neurons", "hv"))
        notes.append(f"{side}: {values.size:,} of {cvs[side].size:,} neurons")
    return {"data": data, "layout": F._layout(
        "ISI CV of the neurons", subtitle=("; ".join(notes),), uirevision="compare isi",
        legend=["A", "B"], xaxis=F._axis("ISI CV", range=[0, float(edges[-1])]),
        yaxis=F._axis("Share of neurons", tickformat=".0%", rangemode="tozero"),
    )}
