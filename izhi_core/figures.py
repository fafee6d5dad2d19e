"""SimulationResult -> plotly Figure: the original script's four figures and the analysis plots.

Imports plotly, never dash: every function here works in a notebook
(``raster_figure(result).show()``) as well as behind the dashboard. Figures
share one look (white background, left and bottom axis lines only, the script's
axis labels, text of at least 14 px for a projector) and one arrangement of the
top margin, from the top down: a band left clear for plotly's modebar (a phone
shows it all the time), the title (a short first line; a thinned raster says so
on a smaller second line), a note on what differs from the original script, the
legend, then the plot; nothing in it can overlap the title at any width.

Each figure's ``uirevision`` names what its axes mean (the raster's: the network's
size and the duration), so the dashboard keeps a zoom while a control that moves
only the data (a weight, a seed) changes, and resets it when the axes change.

Units: v in mV, t in ms; the input I, the weights, the noise, u and d in mV/ms,
the units of dv/dt (Izhikevich 2003: v' = 0.04 v^2 + 5 v + 140 - u + I; see
:mod:`izhi_core.fields`).
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from .analysis import GAMMA_BAND, LOW_BAND, peaks_of, population_rate_of, spectrum_of
from .config import NetworkConfig
from .fields import INPUT_UNIT
from .heterogeneity import parameters_of
from .presets import NEURON_TYPES
from .result import SPIKE_PEAK_MV, SimulationResult

EXC_COLOR = "#1f4e9c"
INH_COLOR = "#d1495b"
# One colour per recorded neuron, by its row in SimulationResult.trace_neurons: a
# qualitative palette with no blue and no red, so that no traced neuron reads as the
# raster's excitatory or inhibitory population (orange and teal for the script's 1 and 811).
TRACE_COLORS = (
    "#e07b00", "#2a9d8f", "#7b3fa0", "#5aa02c", "#b5179e", "#8b5a2b", "#222222", "#9a9a9a",
)
# matplotlib's 'seismic': dark blue -> blue -> white -> red -> dark red.
SEISMIC = (
    (0.0, "rgb(0,0,77)"),
    (0.25, "rgb(0,0,255)"),
    (0.5, "rgb(255,255,255)"),
    (0.75, "rgb(255,0,0)"),
    (1.0, "rgb(128,0,0)"),
)
BAND_COLORS = {"low": "#e9a23b", "gamma": "#2a9d8f"}

MAX_RASTER_POINTS = 80_000  # spikes drawn before the raster shows every k-th neuron
WEBGL_THRESHOLD = 5_000  # markers above which the raster switches to WebGL
WEBGL_LINE_THRESHOLD = 20_000  # samples per trace above which lines switch to WebGL
FEW_SPIKES = 20_000  # spikes drawn at most for the raster's larger dots
RASTER_DOT_PX = {"few": 4, "many": 3}
SPECTRUM_MAX_HZ = 100.0
SPECTRUM_DECADES = 8.0  # of power shown below the top of the spectrum's axis
SPECTRUM_HEADROOM = 2.0  # decades at least, above the highest peak, for the band labels

# The original script's figures by key, and the word each one's file name carries.
ORIGINAL_KINDS = {"raster": "firings", "currents": "currents", "v": "v", "u": "u"}
# The script's figsize at dpi=120, in pixels, for the PNG export.
PNG_SIZES = {"raster": (840, 840), "currents": (996, 840), "v": (1200, 720), "u": (1200, 720)}

RASTER_HOVER = "neuron %{y}<br>t = %{x} ms"
MAP_TITLE = "Input current I"
TRACES_TITLE = "Membrane potential v, recovery u"
RHYTHMS_TITLE = "Population rate and its spectrum"

# Text sizes (px): readable on a 1280 x 720 projector.
FONT_PX = 14  # ticks, axis titles, legend, labels
TITLE_PX = 17
NOTE_PX = 14  # a title's second line, the note under it
FONT_COLOR = "#2a3f5f"
NOTE_COLOR = "#555"
# The top margin, in px, from the top down (see the module's docstring). The title's
# first line must fit a phone: MAX_TITLE_CHARS at TITLE_PX, the other lines
# MAX_NOTE_CHARS at NOTE_PX, in the 390 px of its width.
MODEBAR_PX = 36
TITLE_LINE_PX = 24
NOTE_LINE_PX = 19
LEGEND_ROW_PX = 30
GAP_PX = 6
MAX_TITLE_CHARS = 36
MAX_NOTE_CHARS = 48
MARGIN = {"l": 70, "r": 25, "b": 55}
# A horizontal legend wraps at the plot's width; its rows are counted for a phone's plot
# (390 px less the margins), from an entry's symbol and its text at FONT_PX.
NARROW_PLOT_PX = 295
LEGEND_ENTRY_PX = 40
LEGEND_CHAR_PX = 7.5

# Labels are never hidden at the figure's edge (plotly would measure every one to decide)
# and the margins are fixed (no second layout pass to fit them): both cost the dashboard a
# redraw's worth of time per update, and the fixed margins hold these labels.
_AXIS = dict(
    showline=True, linecolor="#222", linewidth=1, ticks="outside", showgrid=False, zeroline=False,
    mirror=False, ticklabeloverflow="allow", automargin=False,
    # said, not guessed: plotly.js would otherwise test samples of every array for dates
    type="linear",
)
# The look of plotly's "plotly_white" that these figures use, written into each layout
# and trace: plotly.js merges a template into every attribute on every redraw, and the
# dashboard redraws four figures per change. The empty template keeps plotly.py from
# applying its default one (grey background) when a spec becomes a go.Figure.
_LOOK = {
    "template": {}, "paper_bgcolor": "white", "plot_bgcolor": "white",
    "hovermode": "closest", "hoverlabel": {"align": "left", "font": {"size": FONT_PX}},
}
# At most five tick labels on a colour bar: plotly.js draws and measures each label again
# at every redraw, and the default's eleven took a fifth of the current map's.
_COLORBAR = {"outlinewidth": 0, "ticks": "", "nticks": 5}


def _axis(title: str | None = None, **extra) -> dict:
    axis = {**_AXIS, **extra}
    if title is not None:
        axis["title"] = {"text": title}
    return axis


def steady_range(lo: float, hi: float, *, pad: float = 0.03, ticks: int = 5,
                 floor_at: float | None = None) -> list[float]:
    """An axis range for data in ``[lo, hi]`` that stays put while the data move a little.

    The span is widened by ``pad`` of itself at each end, then each end is moved out to
    a whole multiple of a 1-2-5 step of about ``span / ticks``. The axis (and so its
    ticks and their labels) is then the same after most slider steps: the figure does
    not jump, and plotly.js reuses the labels it measured before instead of measuring
    new ones (a forced layout of the page each). ``floor_at`` fixes the lower end (0
    for rates).
    """
    lo, hi = float(lo), float(hi)
    span = hi - lo if hi > lo else max(abs(hi), 1.0)
    raw = span / ticks
    mag = 10.0 ** math.floor(math.log10(raw))
    step = max(m * mag for m in (1, 2, 5) if m * mag <= raw)
    top = math.ceil((hi + pad * span) / step) * step
    if floor_at is not None:
        return [float(floor_at), float(top)]
    return [math.floor((lo - pad * span) / step) * step, top]


ROUND_LIMITS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def steady_limit(x: float) -> float:
    """The smallest round number (:data:`ROUND_LIMITS` times a power of ten) at least
    ``x > 0``: a colour scale's limit that, like :func:`steady_range`, stays put while
    the data move a little."""
    mag = 10.0 ** math.floor(math.log10(x))
    return next(m * mag for m in ROUND_LIMITS if m * mag >= x * (1 - 1e-12))


def _legend_rows(names: Sequence[str]) -> int:
    """Rows a horizontal legend of ``names`` takes in a phone's plot width."""
    rows, used = 1, 0
    for name in names:
        width = LEGEND_ENTRY_PX + LEGEND_CHAR_PX * len(name)
        if used and used + width > NARROW_PLOT_PX:
            rows, used = rows + 1, 0
        used += width
    return rows


def _layout(title: str, *, uirevision: str, subtitle: Sequence[str] = (),
            note: Sequence[str] = (), legend: Sequence[str] | None = None,
            annotations: Sequence[dict] = (), **extra) -> dict:
    """The figures' shared layout (see the module's docstring) as a plain dict.

    ``title`` is the first line, ``subtitle`` lines follow it in the title (smaller);
    ``note`` lines are an annotation named ``"note"`` under the title; ``legend``
    names the legend's entries (None: no legend). The top margin holds all of them
    below the modebar's band, the legend lowest, so neither the legend nor the
    modebar can cover the title.
    """
    legend_px = LEGEND_ROW_PX * _legend_rows(legend) if legend else 0
    note_px = NOTE_LINE_PX * len(note) + GAP_PX if note else 0
    below_title = note_px + legend_px + GAP_PX  # the title's bottom to the plot's top
    text = title + "".join(f'<br><span style="font-size:{NOTE_PX}px">{line}</span>'
                           for line in subtitle)
    top = MODEBAR_PX + TITLE_LINE_PX + NOTE_LINE_PX * len(subtitle) + below_title
    notes = [dict(
        name="note", text="<br>".join(note), xref="paper", x=0, xanchor="left",
        xshift=10 - MARGIN["l"], yref="paper", y=1, yanchor="bottom", yshift=legend_px + GAP_PX,
        align="left", showarrow=False, font=dict(size=NOTE_PX, color=NOTE_COLOR),
    )] if note else []
    layout = {
        **_LOOK,
        # Hung from the top (a title anchored at its bottom puts a second line in the plot).
        "title": {"text": text, "font": {"size": TITLE_PX}, "xref": "container", "x": 0,
                  "xanchor": "left", "yref": "container", "y": 1, "yanchor": "top",
                  "pad": {"l": 10, "t": MODEBAR_PX}},
        "margin": {**MARGIN, "t": top},
        "font": {"size": FONT_PX, "color": FONT_COLOR},
        "uirevision": uirevision,
        "showlegend": legend is not None,
        "xaxis": _axis(), "yaxis": _axis(),
        "annotations": [*annotations, *notes],
        **extra,
    }
    if legend is not None:
        # Directly above the plot, under the title and the note: a wrapped legend
        # grows up into the rows counted for it, not into the title.
        layout["legend"] = dict(orientation="h", x=0, xanchor="left", xref="paper", y=1,
                                yanchor="bottom", yref="paper", font=dict(size=FONT_PX))
    return layout


def _style(fig: go.Figure, title: str, *, uirevision: str, note: Sequence[str] = ()) -> go.Figure:
    base = _layout(title, uirevision=uirevision, note=note)
    fig.layout.template = None  # make_subplots applied plotly.py's default; update_layout merges
    fig.update_layout({k: v for k, v in base.items()
                       if k not in ("xaxis", "yaxis", "annotations", "legend")})
    for annotation in base["annotations"]:
        fig.add_annotation(annotation)
    fig.update_xaxes(**_AXIS)
    fig.update_yaxes(**_AXIS)
    return fig


def _message(text: str) -> dict:
    """An empty figure's explanation, centred in the plot area."""
    return dict(text=text, xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                font=dict(size=FONT_PX, color=NOTE_COLOR))


def _ordinal(k: int) -> str:
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k:,}{suffix}"


def _thin(neurons: np.ndarray, n: int, max_points: int) -> tuple[np.ndarray, str]:
    """Mask of the spikes to draw and a phrase saying which they are.

    Keeps every spike of every k-th neuron (0, k, 2k, ...) with the smallest k that
    fits, so each neuron shown keeps its full pattern; only when one neuron alone
    has more than ``max_points`` spikes does it fall back to every k-th spike.
    """
    counts = np.bincount(neurons, minlength=n)
    k = max(2, math.ceil(neurons.size / max_points))
    while k < n and counts[::k].sum() > max_points:
        k += 1
    if counts[::k].sum() <= max_points:
        return neurons % k == 0, f"every {_ordinal(k)} neuron"
    k = math.ceil(neurons.size / max_points)
    keep = np.zeros(neurons.size, dtype=bool)
    keep[::k] = True
    return keep, f"every {_ordinal(k)} spike"


def _ei_boundary(ne: int, ni: int) -> list[dict]:
    """The script's horizontal line between excitatory and inhibitory neurons (if both exist)."""
    if ne > 0 and ni > 0:
        return [dict(type="line", name="E/I boundary", xref="x domain", x0=0, x1=1, yref="y",
                     y0=ne, y1=ne, line=dict(color="black", width=1), layer="above")]
    return []


def example_neurons(config: NetworkConfig) -> tuple[int, ...]:
    """One excitatory and one inhibitory neuron to trace by default.

    Parameters
    ----------
    config : NetworkConfig

    Returns
    -------
    tuple of int
        ``(1, ne + 11)``: the original script's neurons 1 and 811 in its 800 + 202 network,
        and in any other the same places relative to the E/I boundary (so the
        second is inhibitory whatever ne is: 80,011 when ne = 80,000). A
        population too small is clamped to its last neuron (``min(1, ne - 1)``,
        ``ne + min(11, ni - 1)``); an empty one gives no neuron, so the tuple has
        one entry when ne or ni is 0.
    """
    exc = (min(1, config.ne - 1),) if config.ne > 0 else ()
    inh = (config.ne + min(11, config.ni - 1),) if config.ni > 0 else ()
    return exc + inh


def raster_figure(result: SimulationResult, max_points: int = MAX_RASTER_POINTS) -> go.Figure:
    """Spike raster: time (ms) against neuron index, excitatory and inhibitory in two colours.

    Parameters
    ----------
    result : SimulationResult
    max_points : int, default :data:`MAX_RASTER_POINTS` (80,000)
        Most spikes to draw. Above it the raster shows all spikes of every k-th
        neuron (smallest k that fits) and the title's second line says so.

    Returns
    -------
    plotly.graph_objects.Figure
        Two traces, ``"excitatory"`` and ``"inhibitory"`` (Scattergl above 5,000
        points; dots of 4 px up to 20,000 drawn, 3 px above), x the spike times
        and y the neurons (a click reads the neuron from y); the E/I boundary
        line at y = ne and the script's two labels, each at the middle of its
        population's rows in data coordinates (a zoom moves them with the rows).
    """
    return go.Figure(raster_spec(result, max_points))


def raster_spec(result: SimulationResult, max_points: int = MAX_RASTER_POINTS) -> dict:
    """:func:`raster_figure` as a plain dict (numpy arrays in it), unvalidated: fast."""
    if isinstance(max_points, bool) or not isinstance(max_points, (int, np.integer)) or (
        max_points < 1
    ):
        raise ValueError(f"max_points must be a whole number, at least 1 (got {max_points!r}).")
    cfg = result.config
    times = np.asarray(result.spike_times)
    neurons = np.asarray(result.spike_neurons)
    total = int(neurons.size)
    subtitle = ()
    if total > max_points:
        keep, which = _thin(neurons, cfg.n, int(max_points))
        times, neurons = times[keep], neurons[keep]
        subtitle = (f"showing {which}: {neurons.size:,} spikes",)

    webgl = neurons.size > WEBGL_THRESHOLD
    dot = RASTER_DOT_PX["few" if neurons.size <= FEW_SPIKES else "many"]
    is_exc = neurons < cfg.ne
    data = [
        dict(type="scattergl" if webgl else "scatter", x=times[mask], y=neurons[mask],
             mode="markers", name=name, marker=dict(size=dot, color=color),
             hovertemplate=RASTER_HOVER)
        for name, mask, color in (("excitatory", is_exc, EXC_COLOR),
                                  ("inhibitory", ~is_exc, INH_COLOR))
    ]
    # The script's labels, in a white box, at the middle of their population's rows.
    labels = [
        dict(text=text, xref="paper", x=0.98, xanchor="right", yref="y", y=middle,
             yanchor="middle", showarrow=False, bgcolor="white", bordercolor="black",
             borderwidth=1, font=dict(size=FONT_PX, color="black"))
        for text, middle, present in (
            ("excitatory", cfg.ne / 2, cfg.ne > 0),
            ("inhibitory", cfg.ne + cfg.ni / 2, cfg.ni > 0),
        )
        if present
    ]
    layout = _layout(
        f"Spike raster ({total:,} spikes)", subtitle=subtitle,
        uirevision=f"raster n={cfg.n} T={cfg.duration}",
        # the run's length, for the page's playback (assets/playback.js): the axis's
        # range is the user's to zoom, this is not
        meta={"duration_ms": cfg.duration},
        shapes=_ei_boundary(cfg.ne, cfg.ni), annotations=labels,
        xaxis=_axis("Time (ms)", range=[0, cfg.duration]),
        yaxis=_axis("Neuron index", range=[0, cfg.n]),
    )
    return {"data": data, "layout": layout}


def current_map_figure(result: SimulationResult, *, original: bool = False) -> go.Figure:
    """The input current I of every neuron over time, as the original script's 'seismic'
    image.

    Parameters
    ----------
    result : SimulationResult
    original : bool, default False
        Draw the colour limits as the original script does: ``±max |I|`` of the
        recorded map, unrounded (±24.99 mV/ms for the script's run, every neuron
        and ms). False, the explorer's view: the round number just above.

    Returns
    -------
    plotly.graph_objects.Figure
        A heatmap of ``result.current_map`` (mean I over blocks of
        ``map_row_bin`` neurons x ``map_col_bin`` ms, in mV/ms) on a regular grid:
        block k of an axis is centred at ``(width - 1) / 2 + k * width`` (``y0``,
        ``dy``; ``x0``, ``dx``), so neuron k and step t sit at k and t as in the
        raster; symmetric colour limits ``zmin = -zmax`` and ``zmid = 0``, so
        white is zero input; ``zmax`` as ``original`` says (1 for an all-zero map).
        A note (the annotation named ``"note"``) says how the view differs from
        the script's: block means (from the actual block sizes) or rounded limits;
        with ``original`` only block means can differ, and only they are noted.

    Notes
    -----
    The last block of an axis may hold fewer neurons (steps) than the others;
    it is drawn as wide as the others, and the axis range ``[0, n]``
    (``[0, duration]``) cuts off what lies past the network. A regular grid is
    what lets plotly.js draw the map as one scaled image (many times faster than
    a brick per cell). Hover gives a block's centre and half-width. The script
    labels its colour bar 'Current (pA)'; the model's input is in the units of
    dv/dt, mV/ms (Izhikevich 2003), and so is the colour bar here.
    """
    return go.Figure(current_map_spec(result, original=original))


def _count(k: int, what: str) -> str:
    return f"{k:,} {what}" + ("" if k == 1 else "s")


def _map_note(rows: int, cols: int, zmax: float, peak: float, original: bool) -> tuple:
    """How the map differs from the original script's (every neuron and ms, ±max |I|)."""
    if rows > 1 or cols > 1:
        means = f"Means over blocks of {_count(rows, 'neuron')} × {cols:,} ms"
        if original:
            return (f"{means};", "the script shows every neuron and ms")
        return (f"{means},", f"on ±{zmax:g}; the script: every neuron on ±max |I|")
    if original:
        return ()
    return (f"Colour limits ±{zmax:g} (rounded up);",
            f"the script's are ±max |I| = ±{peak:.4g}")


def current_map_spec(result: SimulationResult, *, original: bool = False) -> dict:
    """:func:`current_map_figure` as a plain dict (numpy arrays in it), unvalidated: fast."""
    cfg = result.config
    revision = f"map n={cfg.n} T={cfg.duration}"
    cmap = np.asarray(result.current_map, dtype=np.float64)
    if cmap.size == 0:
        return {"data": [], "layout": _layout(
            MAP_TITLE, uirevision=revision,
            annotations=[_message("No current map was recorded.")])}
    rb, cb = int(result.map_row_bin), int(result.map_col_bin)
    finite = np.isfinite(cmap)
    peak = float(np.abs(cmap[finite]).max()) if finite.any() else 0.0
    if not (math.isfinite(peak) and peak > 0):
        zmax = 1.0
    else:
        zmax = peak if original else steady_limit(peak)  # the script: clim(-max|I|, max|I|)
    who = "neuron %{y:.0f}" if rb == 1 else f"neurons %{{y:.1f}} ± {(rb - 1) / 2:g}"
    when = "t = %{x:.0f} ms" if cb == 1 else f"t = %{{x:.1f}} ± {(cb - 1) / 2:g} ms"
    heat = dict(
        type="heatmap", z=cmap, x0=(cb - 1) / 2, dx=cb, y0=(rb - 1) / 2, dy=rb,
        colorscale=[list(stop) for stop in SEISMIC], zmin=-zmax, zmax=zmax, zmid=0,
        colorbar=dict(title=dict(text=f"I ({INPUT_UNIT})", side="right"), **_COLORBAR),
        hovertemplate=f"{who}<br>{when}<br>I = %{{z:.2f}} {INPUT_UNIT}<extra></extra>",
    )
    layout = _layout(
        MAP_TITLE, uirevision=revision, note=_map_note(rb, cb, zmax, peak, original),
        shapes=_ei_boundary(cfg.ne, cfg.ni),
        xaxis=_axis("Time (ms)", range=[0, cfg.duration]),
        yaxis=_axis("Neuron index", range=[0, cfg.n]),
    )
    return {"data": [heat], "layout": layout}


def _selected_traces(
    result: SimulationResult, neurons: Iterable[int] | None
) -> list[tuple[int, int]]:
    """(neuron, row) pairs; ValueError for a neuron that was not recorded."""
    chosen = result.trace_neurons.tolist() if neurons is None else [int(n) for n in neurons]
    return [(n, result.trace_row(n)) for n in chosen]


def script_v(result: SimulationResult, neurons: Iterable[int] | None = None) -> np.ndarray:
    """v of recorded neurons as the original script records it: after the reset.

    Parameters
    ----------
    result : SimulationResult
    neurons : iterable of int, optional
        Recorded neurons (ValueError otherwise); None: all, in recording order.

    Returns
    -------
    ndarray of float64, shape (len(neurons), duration)
        ``result.v`` with each spike step's +30 mV replaced by the neuron's
        reset value c (mV): the script stores v after ``v[fired] = c[fired]``,
        so its traces dip to c where the kernel records the peak. c is the
        neuron's own (``c_e + 15 r**2`` for an excitatory one), drawn as the
        network was (:func:`izhi_core.heterogeneity.parameters_of`). u needs no
        change: both record it after ``u += d``.
    """
    chosen = _selected_traces(result, neurons)
    v = result.v[[row for _, row in chosen]] if chosen else result.v[:0]
    if not chosen:
        return v.copy()
    c = parameters_of(result.config, [n for n, _ in chosen])["c"]
    # v reaches exactly +30 mV in the record only at a spike: a v >= 30 fires.
    return np.where(v == SPIKE_PEAK_MV, c[:, None], v)


def _line(duration: int):
    return go.Scattergl if duration > WEBGL_LINE_THRESHOLD else go.Scatter


TRACES_NOTE = ("Spikes drawn at +30 mV; the script records v = c",)


def traces_figure(result: SimulationResult, neurons: Iterable[int] | None = None, *,
                  original: bool = False) -> go.Figure:
    """v(t) above u(t) for recorded neurons, on a shared time axis.

    Parameters
    ----------
    result : SimulationResult
    neurons : iterable of int, optional
        Neurons to draw, each among ``result.trace_neurons`` (ValueError
        otherwise); None draws all recorded neurons.
    original : bool, default False
        Draw v as the original script records it, after the reset: each spike a
        dip to the neuron's c (:func:`script_v`). False, the explorer's view:
        each spike a peak at +30 mV, and a note (the annotation named
        ``"note"``) saying so.

    Returns
    -------
    plotly.graph_objects.Figure
        Two rows: membrane potential v (mV) and recovery variable u (mV/ms), one
        line per neuron in each, legend ``"neuron 1 (E)"``; a neuron keeps its
        colour (:data:`TRACE_COLORS`, never the E or I colour) in both rows.
        Time runs from 0 to duration - 1 ms.
    """
    return go.Figure(traces_spec(result, neurons, original=original))


# make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.07), written out.
_TRACE_AXES = {
    "xaxis": {"anchor": "y", "domain": [0.0, 1.0], "matches": "x2", "showticklabels": False},
    "yaxis": {"anchor": "x", "domain": [0.535, 1.0]},
    "xaxis2": {"anchor": "y2", "domain": [0.0, 1.0]},
    "yaxis2": {"anchor": "x2", "domain": [0.0, 0.465]},
}


NO_TRACES_HINT = ("No neuron is traced: click a dot of the raster or a row of the current "
                  "map,<br>or type a neuron index in Traced neurons.")


def traces_spec(result: SimulationResult, neurons: Iterable[int] | None = None, *,
                original: bool = False) -> dict:
    """:func:`traces_figure` as a plain dict (numpy arrays in it), unvalidated: fast."""
    cfg = result.config
    chosen = _selected_traces(result, neurons)
    t = np.arange(cfg.duration)
    kind = "scattergl" if cfg.duration > WEBGL_LINE_THRESHOLD else "scatter"
    rows = [row for _, row in chosen]
    v = script_v(result, [n for n, _ in chosen]) if original else result.v[rows]
    u = result.u[rows]
    data, names = [], []
    for k, (neuron, row) in enumerate(chosen):
        color = TRACE_COLORS[row % len(TRACE_COLORS)]
        name = f"neuron {neuron} ({'E' if neuron < cfg.ne else 'I'})"
        names.append(name)
        for panel, values, unit in ((1, v[k], "mV"), (2, u[k], INPUT_UNIT)):
            var = "v" if panel == 1 else "u"
            data.append(dict(
                type=kind, x=t, y=values, mode="lines", name=name, legendgroup=name,
                showlegend=panel == 1, line=dict(color=color, width=1.5),
                xaxis="x" if panel == 1 else "x2", yaxis="y" if panel == 1 else "y2",
                hovertemplate=f"{name}<br>t = %{{x}} ms<br>{var} = %{{y:.2f}} {unit}"
                "<extra></extra>",
            ))
    axes = {key: {**_AXIS, **spec, "range": [0, cfg.duration]} if key.startswith("x")
            else {**_AXIS, **spec} for key, spec in _TRACE_AXES.items()}
    for key, values in (("yaxis", v), ("yaxis2", u)):
        finite = values[np.isfinite(values)]
        if finite.size:
            axes[key]["range"] = steady_range(finite.min(), finite.max(), ticks=2)
    axes["xaxis2"]["title"] = {"text": "Time (ms)"}
    axes["yaxis"]["title"] = {"text": "v (mV)"}
    axes["yaxis2"]["title"] = {"text": f"u ({INPUT_UNIT})"}
    if not chosen:  # empty axes would show a meaningless -1..4 mV: say what to do instead
        axes = {key: {**spec, "visible": False} for key, spec in axes.items()}
    layout = _layout(
        TRACES_TITLE, uirevision=f"traces T={cfg.duration}",
        note=TRACES_NOTE if chosen and not original else (), legend=names if chosen else None,
        annotations=[] if chosen else [_message(NO_TRACES_HINT)],
        **axes,
    )
    return {"data": data, "layout": layout}


def stacked_traces_figure(
    result: SimulationResult, variable: str, neurons: Iterable[int] | None = None, *,
    original: bool = False,
) -> go.Figure:
    """One variable, one panel per neuron stacked on a shared time axis: the original
    script's v and u figures.

    Parameters
    ----------
    result : SimulationResult
    variable : {"v", "u"}
        Membrane potential (mV) or recovery variable (mV/ms; the script writes a.u.).
    neurons : iterable of int, optional
        Recorded neurons to draw; None draws all (the script: neurons 1 and 811).
    original : bool, default False
        v as the original script records it, after the reset (:func:`script_v`);
        False: +30 mV at each spike, and a note saying so. u is the same either way.

    Returns
    -------
    plotly.graph_objects.Figure
        Labelled as the script does, e.g. 'excitatory neuron (id 1)' for v and
        'recovery variable u(t) (id 811)' for u, in each panel's top right corner.
    """
    if variable not in ("v", "u"):
        raise ValueError(f"variable must be one of v, u (got {variable!r}).")
    cfg = result.config
    chosen = _selected_traces(result, neurons)
    if variable == "v":
        values = script_v(result, [n for n, _ in chosen]) if original else (
            result.v[[row for _, row in chosen]])
    else:
        values = result.u[[row for _, row in chosen]]
    rows = max(len(chosen), 1)
    fig = make_subplots(rows=rows, cols=1, shared_xaxes=True, vertical_spacing=0.12 / rows)
    t = np.arange(cfg.duration)
    line = _line(cfg.duration)
    unit = "mV" if variable == "v" else INPUT_UNIT
    for panel, (neuron, row) in enumerate(chosen, start=1):
        kind = "excitatory" if neuron < cfg.ne else "inhibitory"
        label = (
            f"{kind} neuron (id {neuron})" if variable == "v"
            else f"recovery variable u(t) (id {neuron})"
        )
        fig.add_trace(
            line(
                x=t, y=values[panel - 1], mode="lines", name=label,
                line=dict(color=TRACE_COLORS[row % len(TRACE_COLORS)], width=1.5),
                hovertemplate=f"t = %{{x}} ms<br>{variable} = %{{y:.2f}} {unit}<extra></extra>",
            ),
            row=panel, col=1,
        )
        fig.add_annotation(
            text=label, xref="x domain", yref="y domain", x=1, y=1, xanchor="right",
            yanchor="top", showarrow=False, bgcolor="rgba(255,255,255,0.85)",
            bordercolor="#bbb", borderwidth=1, font=dict(size=FONT_PX), row=panel, col=1,
        )
        fig.update_yaxes(title_text=f"{variable} ({unit})", row=panel, col=1)
    title = (
        "Membrane potential v(t) for typical example neurons" if variable == "v"
        else "Recovery variable u(t) for typical example neurons"
    )
    note = TRACES_NOTE if variable == "v" and chosen and not original else ()
    _style(fig, title, uirevision=f"{variable} T={cfg.duration}", note=note)
    if not chosen:
        fig.add_annotation(_message("No traces were recorded."))
    fig.update_layout(showlegend=False, height=130 + 190 * rows)
    fig.update_xaxes(range=[0, cfg.duration])
    fig.update_xaxes(title_text="Time (ms)", row=rows, col=1)
    return fig


def population_rate_figure(result: SimulationResult, bin_ms: int = 1) -> go.Figure:
    """Excitatory and inhibitory population rates (Hz per neuron) against time.

    Parameters
    ----------
    result : SimulationResult
    bin_ms : int, default 1
        Bin width, ms; points sit at bin starts, a last partial bin is dropped
        (see :func:`izhi_core.analysis.population_rate`).

    Returns
    -------
    plotly.graph_objects.Figure
        One line per non-empty population, ``"excitatory"`` and ``"inhibitory"``.
    """
    return go.Figure(population_rate_spec(result, bin_ms))


def population_rate_spec(result: SimulationResult, bin_ms: int = 1) -> dict:
    """:func:`population_rate_figure` as a plain dict (numpy arrays in it), unvalidated."""
    cfg = result.config
    t, rate_exc, rate_inh, _ = population_rate_of(result, bin_ms)
    kind = "scattergl" if t.size > WEBGL_LINE_THRESHOLD else "scatter"
    data = [
        dict(type=kind, x=t, y=rate, mode="lines", name=name, line=dict(color=color, width=1.5),
             hovertemplate=f"{name}<br>t = %{{x}} ms<br>%{{y:.1f}} Hz<extra></extra>")
        for name, rate, color, size in (
            ("excitatory", rate_exc, EXC_COLOR, cfg.ne),
            ("inhibitory", rate_inh, INH_COLOR, cfg.ni),
        )
        if size > 0
    ]
    top = max((float(np.max(trace["y"])) for trace in data if trace["y"].size), default=0.0)
    layout = _layout(
        f"Population rate ({bin_ms:,} ms bins)", uirevision=f"rate T={cfg.duration} bin={bin_ms}",
        legend=[trace["name"] for trace in data],
        xaxis=_axis("Time (ms)", range=[0, cfg.duration]),
        yaxis=_axis("Rate (Hz)", range=steady_range(0.0, top if top > 0 else 1.0, ticks=3,
                                                floor_at=0.0)),
    )
    return {"data": data, "layout": layout}


def spectrum_figure(result: SimulationResult, bin_ms: int = 1) -> go.Figure:
    """Power spectrum of the whole-population rate, with the low and gamma bands marked.

    Parameters
    ----------
    result : SimulationResult
    bin_ms : int, default 1
        Bin width of the population rate, ms (Nyquist frequency 500 / bin_ms Hz).

    Returns
    -------
    plotly.graph_objects.Figure
        The spectrum from the first non-zero frequency to 100 Hz (or Nyquist),
        log power axis when any power is positive; each band of
        :data:`~izhi_core.analysis.LOW_BAND` and
        :data:`~izhi_core.analysis.GAMMA_BAND` within that range shaded and
        labelled with its peak ('4–13 Hz peak 8.0 Hz'), with a dotted line at
        the peak.
    """
    return go.Figure(spectrum_spec(result, bin_ms))


def spectrum_spec(result: SimulationResult, bin_ms: int = 1) -> dict:
    """:func:`spectrum_figure` as a plain dict (numpy arrays in it), unvalidated: fast."""
    freq, power = spectrum_of(result, bin_ms)
    nyquist = 500.0 / bin_ms
    fmax = min(SPECTRUM_MAX_HZ, nyquist)
    shown = (freq > 0) & (freq <= fmax)
    curve = dict(
        type="scatter", x=freq[shown], y=power[shown], mode="lines", name="power",
        line=dict(color="#222", width=1.5),
        hovertemplate="%{x:.1f} Hz<br>%{y:.3g} Hz²/Hz<extra></extra>",
    )
    shapes, annotations = [], []
    # The peaks the summary cards report (analysis.find_peak's criterion), not the
    # largest power in each band: a band edge or a silent network has no peak.
    found = dict(zip(("low", "gamma"), peaks_of(result, bin_ms), strict=True))
    for key, (lo, hi) in (("low", LOW_BAND), ("gamma", GAMMA_BAND)):
        if lo >= fmax:
            continue
        color = BAND_COLORS[key]
        peak = None if found[key] is None else found[key].freq_hz
        label = f"{lo:g}–{hi:g} Hz<br>" + ("no peak" if peak is None else f"peak {peak:.1f} Hz")
        # What fig.add_vrect(..., annotation_position="top left") and add_vline write.
        shapes.append(dict(
            type="rect", name=f"{key} band", xref="x", x0=lo, x1=min(hi, fmax),
            yref="y domain", y0=0, y1=1, fillcolor=color, opacity=0.18, line=dict(width=0),
            layer="below",
        ))
        # The low band's label reads on from its start, the gamma band's back from its
        # end: in a phone's width, two labels from the bands' starts would overlap.
        at_end = key == "gamma"
        annotations.append(dict(
            text=label, xref="x", x=min(hi, fmax) if at_end else lo, yref="y domain", y=1,
            xanchor="right" if at_end else "left", yanchor="top", showarrow=False,
            align="left", bgcolor="white", bordercolor=color,
            font=dict(size=FONT_PX, color="#333"),
        ))
        if peak is not None:
            shapes.append(dict(
                type="line", name=f"{key} peak", xref="x", x0=peak, x1=peak, yref="y domain",
                y0=0, y1=1, line=dict(color=color, dash="dot", width=1.5), layer="below",
            ))
    yaxis = _axis("Power (Hz²/Hz)")
    positive = power[shown][power[shown] > 0]
    if positive.size:
        # The top SPECTRUM_DECADES below a top in half decades, with headroom above the
        # highest peak for the band labels: the axis stays put while the peaks move a
        # little and the deepest dips (noise) come and go below it.
        top = math.ceil(2 * (float(np.log10(positive.max())) + SPECTRUM_HEADROOM)) / 2
        yaxis.update(type="log", range=[top - SPECTRUM_DECADES, top], exponentformat="power")
    layout = _layout(
        "Population rate spectrum", uirevision=f"spectrum T={result.config.duration} "
        f"bin={bin_ms}", shapes=shapes, annotations=annotations,
        xaxis=_axis("Frequency (Hz)", range=[0, fmax]), yaxis=yaxis,
    )
    return {"data": [curve], "layout": layout}


# The rate above its spectrum, written out as make_subplots(rows=2, cols=1) would, with
# room between them for the rate's time axis.
RHYTHMS_DOMAINS = {"rate": [0.67, 1.0], "spectrum": [0.0, 0.44]}


def rhythms_figure(result: SimulationResult, bin_ms: int = 1) -> go.Figure:
    """:func:`population_rate_figure` above :func:`spectrum_figure`, in one figure.

    Parameters
    ----------
    result : SimulationResult
    bin_ms : int, default 1
        The rate's bin width, ms; a width other than 1 ms is said on the title's
        second line.

    Returns
    -------
    plotly.graph_objects.Figure
        The rate's lines on axes ``x``/``y`` (legend: the populations), the
        spectrum's curve, shaded bands, band labels and peak lines on ``x2``/``y2``.
        The dashboard redraws it on every change, and as one figure it costs plotly.js
        less than two would.
    """
    return go.Figure(rhythms_spec(result, bin_ms))


def _on_second_axes(item: dict) -> dict:
    """A shape or an annotation of the spectrum, referring to the axes x2/y2."""
    moved = dict(item)
    for key in ("xref", "yref"):
        if moved.get(key, "paper") != "paper":  # "x", "y domain" -> "x2", "y2 domain"
            moved[key] = moved[key].replace(key[0], key[0] + "2", 1)
    return moved


def rhythms_spec(result: SimulationResult, bin_ms: int = 1) -> dict:
    """:func:`rhythms_figure` as a plain dict (numpy arrays in it), unvalidated: fast."""
    rate = population_rate_spec(result, bin_ms)
    spectrum = spectrum_spec(result, bin_ms)
    rate_layout, spectrum_layout = rate["layout"], spectrum["layout"]
    curves = [{**trace, "xaxis": "x2", "yaxis": "y2", "showlegend": False}
              for trace in spectrum["data"]]
    layout = _layout(
        RHYTHMS_TITLE, subtitle=() if bin_ms == 1 else (f"rate in {bin_ms:,} ms bins",),
        uirevision=f"rhythms T={result.config.duration} bin={bin_ms}",
        legend=[trace["name"] for trace in rate["data"]],
        xaxis={**rate_layout["xaxis"], "anchor": "y"},
        yaxis={**rate_layout["yaxis"], "anchor": "x", "domain": RHYTHMS_DOMAINS["rate"]},
        xaxis2={**spectrum_layout["xaxis"], "anchor": "y2"},
        yaxis2={**spectrum_layout["yaxis"], "anchor": "x2",
                "domain": RHYTHMS_DOMAINS["spectrum"]},
        shapes=[_on_second_axes(shape) for shape in spectrum_layout["shapes"]],
        annotations=[_on_second_axes(note) for note in spectrum_layout["annotations"]],
    )
    return {"data": rate["data"] + curves, "layout": layout}


def original_figures(result: SimulationResult) -> dict[str, go.Figure]:
    """The original script's four figures: ``raster``, ``currents``, ``v`` and ``u``, drawn as
    the script draws them (``original=True``: its colour limits, v after the reset)."""
    return {
        "raster": raster_figure(result),
        "currents": current_map_figure(result, original=True),
        "v": stacked_traces_figure(result, "v", original=True),
        "u": stacked_traces_figure(result, "u", original=True),
    }


def _file_word(label: str) -> str:
    return re.sub(r"[^0-9A-Za-z.-]+", "_", label.replace("(", "").replace(")", "")).strip("_")


def file_stem(result: SimulationResult | NetworkConfig, kind: str = "firings") -> str:
    """File name without extension, as the original script's ``savefig`` names it.

    Parameters
    ----------
    result : SimulationResult or NetworkConfig
        Only the configuration's neuron types enter the name.
    kind : {"firings", "currents", "v", "u"}

    Returns
    -------
    str
        ``izhikevich_SNN_{kind}_Ne_{name_e}_Ni_{name_i}`` with the neuron types'
        labels made shell- and URL-safe: parentheses dropped, other runs of
        characters outside ``[0-9A-Za-z.-]`` replaced by ``_``, e.g.
        ``izhikevich_SNN_firings_Ne_regular_spiking_RS_Ni_low-threshold_spiking_LTS``.

    Notes
    -----
    As in the script, only the neuron types enter the name: runs of the same
    types with other weights or seeds overwrite each other in one directory.
    """
    if kind not in ORIGINAL_KINDS.values():
        raise ValueError(
            f"kind must be one of {', '.join(ORIGINAL_KINDS.values())} (got {kind!r}).")
    cfg = result if isinstance(result, NetworkConfig) else result.config
    name_e = _file_word(NEURON_TYPES[cfg.exc_type].label)
    name_i = _file_word(NEURON_TYPES[cfg.inh_type].label)
    return f"izhikevich_SNN_{kind}_Ne_{name_e}_Ni_{name_i}"


def original_figure_names(result: SimulationResult | NetworkConfig) -> dict[str, str]:
    """File stems of :func:`original_figures`, by the same keys (raster -> ``..._firings_...``)."""
    return {key: file_stem(result, kind) for key, kind in ORIGINAL_KINDS.items()}


seed_figure_names = original_figure_names  # old name, kept while the dashboard calls it


def _write_pngs(figs: dict[str, go.Figure], names: dict[str, str], directory: Path) -> list[Path]:
    targets = [directory / f"{names[key]}.png" for key in figs]
    partial = [p.with_name(p.stem + ".partial.png") for p in targets]
    try:
        # One batch: kaleido starts Chromium once for all four figures.
        pio.write_images(
            list(figs.values()), partial, format="png",
            width=[PNG_SIZES[key][0] for key in figs], height=[PNG_SIZES[key][1] for key in figs],
        )
    except Exception as exc:  # kaleido's failures (no Chromium, timeout, ...) share no base class
        warnings.warn(
            f"PNG export skipped ({type(exc).__name__}: {exc}); the HTML files were written.",
            RuntimeWarning, stacklevel=3,
        )
    written = []
    for tmp, target in zip(partial, targets, strict=True):
        if tmp.exists():
            tmp.replace(target)
            written.append(target)
    return written


def write_figures(
    result: SimulationResult, directory: str | Path, *, png: bool = True
) -> list[Path]:
    """Write the original script's four figures as stand-alone HTML, and as PNG when possible.

    Parameters
    ----------
    result : SimulationResult
    directory : str or Path
        Created if missing.
    png : bool, default True
        Also export PNGs at the script's pixel sizes with kaleido. This needs
        Chromium; if the export fails the PNGs are skipped with a
        ``RuntimeWarning``.

    Returns
    -------
    list of Path
        The files written: four ``.html`` files named by :func:`original_figure_names`,
        ``plotly.min.js`` if this call put it there, then the ``.png`` files that
        were exported.

    Notes
    -----
    The HTML files load ``plotly.min.js`` from their own directory (plotly's
    ``include_plotlyjs="directory"``): they work offline, and plotly.js (about
    4 MB) is written once, not four times.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    figs = original_figures(result)
    names = original_figure_names(result)
    bundle = directory / "plotly.min.js"
    had_bundle = bundle.exists()
    written = []
    for key, fig in figs.items():
        path = directory / f"{names[key]}.html"
        config = {
            "displaylogo": False,
            "toImageButtonOptions": {"format": "png", "filename": names[key], "scale": 2},
        }
        fig.write_html(path, include_plotlyjs="directory", full_html=True, config=config)
        written.append(path)
    if not had_bundle and bundle.exists():
        written.append(bundle)
    if png:
        written.extend(_write_pngs(figs, names, directory))
    return written
