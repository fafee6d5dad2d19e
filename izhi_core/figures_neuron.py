"""NeuronTrace -> plotly figures: one neuron's v, u and input, the gallery, the phase plane.

Imports plotly, never dash; works in a notebook (``neuron_figure(trace).show()``,
``go.Figure(phase_plane_spec(trace, 200))``). The ``*_spec`` builders return plain
figure dicts with numpy arrays in them, unvalidated (as :mod:`izhi_core.figures`'
do for the network page): the lab page redraws two figures per slider move. They
share the network figures' look and top margin (:func:`izhi_core.figures._layout`).

Units: v in mV, t in ms, u and I in mV/ms (the units of dv/dt; Izhikevich 2003).
"""

from __future__ import annotations

import base64
import math
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import figures as F
from .neuron.model import ACCOMMODATION_PIVOT_MV, PEAK_MV, QUADRATICS
from .neuron.phase import (
    FixedPoint,
    fixed_points,
    hopf_current,
    saddle_node_current,
    u_nullcline,
    v_nullcline,
    vector_field,
)
from .neuron.result import NeuronTrace
from .neuron.spec import NeuronSpec

V_COLOR = "#1f4e9c"
U_COLOR = "#e07b00"
I_COLOR = "#5c677d"
SPIKE_COLOR = "#d1495b"
FONT_COLOR = "#2a3f5f"
_AXIS = dict(showline=True, linecolor="#222", linewidth=1, ticks="outside", showgrid=False,
             zeroline=False, type="linear")


def neuron_figure(trace: NeuronTrace, title: str | None = None) -> go.Figure:
    """Three stacked panels sharing the time axis: v (mV) with the spikes marked, u and I.

    Parameters
    ----------
    trace : NeuronTrace
    title : str, optional
        Default: the scheme, the parameters and the spike count.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    s = trace.spec
    if title is None:
        title = (f"a={s.a:g}, b={s.b:g}, c={s.c:g}, d={s.d:g}; tau={s.tau:g} ms, "
                 f"{trace.scheme}: {trace.n_spikes} spikes")
    if trace.blowup_ms is not None:
        title += f" (diverged at {trace.blowup_ms:g} ms)"
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.06,
                        row_heights=[0.55, 0.25, 0.2])
    fig.add_trace(go.Scatter(x=trace.t, y=trace.v, mode="lines", name="v (mV)",
                             line={"color": V_COLOR, "width": 1.2},
                             hovertemplate="t = %{x} ms<br>v = %{y:.3f} mV<extra></extra>"),
                  row=1, col=1)
    if trace.n_spikes:
        fig.add_trace(go.Scatter(x=trace.spike_times, y=np.full(trace.n_spikes, 33.0),
                                 mode="markers", name="spikes",
                                 marker={"symbol": "line-ns-open", "size": 8,
                                         "color": SPIKE_COLOR},
                                 hovertemplate="spike at %{x} ms<extra></extra>"),
                      row=1, col=1)
    fig.add_trace(go.Scatter(x=trace.t, y=trace.u, mode="lines", name="u",
                             line={"color": U_COLOR, "width": 1.2},
                             hovertemplate="t = %{x} ms<br>u = %{y:.3f}<extra></extra>"),
                  row=2, col=1)
    fig.add_trace(go.Scatter(x=trace.t, y=trace.I, mode="lines", name="I",
                             line={"color": I_COLOR, "width": 1.2, "shape": "hv"},
                             hovertemplate="t = %{x} ms<br>I = %{y:.4g}<extra></extra>"),
                  row=3, col=1)
    fig.layout.template = None
    fig.update_layout(
        title={"text": title, "x": 0.02, "xanchor": "left", "font": {"size": 15}},
        paper_bgcolor="white", plot_bgcolor="white", showlegend=False,
        font={"size": 13, "color": FONT_COLOR}, margin={"l": 70, "r": 25, "t": 55, "b": 55},
        hovermode="closest", uirevision="keep",
    )
    fig.update_xaxes(**_AXIS)
    fig.update_yaxes(**_AXIS)
    fig.update_xaxes(title_text="time (ms)", row=3, col=1)
    fig.update_yaxes(title_text="v (mV)", row=1, col=1)
    fig.update_yaxes(title_text="u", row=2, col=1)
    fig.update_yaxes(title_text="I", row=3, col=1)
    return fig


def write_neuron_figure(trace: NeuronTrace, directory: str | Path, stem: str,
                        title: str | None = None) -> list[Path]:
    """Write ``directory/stem.html`` (created if missing); it loads ``plotly.min.js``
    from its own directory, which is written once. Returns the files written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    bundle = directory / "plotly.min.js"
    had_bundle = bundle.exists()
    path = directory / f"{stem}.html"
    neuron_figure(trace, title).write_html(
        path, include_plotlyjs="directory", full_html=True,
        config={"displaylogo": False,
                "toImageButtonOptions": {"format": "png", "filename": stem, "scale": 2}})
    written = [path]
    if not had_bundle and bundle.exists():
        written.append(bundle)
    return written


# -- the gallery: Izhikevich (2004), Fig. 1, as small multiples ---------------------------

GALLERY_V_RANGE = [-90.0, 40.0]  # one v axis for every panel: the patterns compare by eye


def _padded(values: np.ndarray, pad: float = 0.12) -> list[float]:
    lo, hi = float(values.min()), float(values.max())
    span = hi - lo if hi > lo else max(1.0, abs(hi))
    return [lo - pad * span, hi + pad * span]


# Each panel an SVG image (twenty live graphs cost the lab's every redraw a tenth of its
# time). The lines are drawn in a box of GALLERY_BOX units stretched to the panel
# (strokes keep their width); v fills the top GALLERY_V_DOMAIN of the height and I the
# bottom GALLERY_I_DOMAIN.
GALLERY_BOX = 1000.0
GALLERY_V_DOMAIN = (0.3, 1.0)
GALLERY_I_DOMAIN = (0.0, 0.22)


def _ys(values: np.ndarray, value_range: list[float], domain: tuple[float, float]) -> np.ndarray:
    lo, hi = value_range
    share = (values - lo) / (hi - lo) if hi > lo else np.full(values.shape, 0.5)
    return GALLERY_BOX * (1.0 - (domain[0] + (domain[1] - domain[0]) * share))


def _points(x: np.ndarray, y: np.ndarray) -> str:
    return " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(x.tolist(), y.tolist(), strict=True))


def gallery_panel_svg(trace: NeuronTrace) -> str:
    """One panel of Fig. 1 as an SVG document: v(t) above, the input I(t) beneath it as
    steps, no axes (as the paper draws them), the run's length at the bottom right.

    The lines are in a nested ``<svg>`` with ``preserveAspectRatio="none"``: they fill
    whatever box the image is given; the text is in CSS pixels, unstretched. Point
    coordinates: x = t / T · 1000, y as :func:`_ys` maps v into GALLERY_V_DOMAIN (range
    GALLERY_V_RANGE) and I into GALLERY_I_DOMAIN (range :func:`_padded` of I).
    """
    end = float(trace.t[-1]) if trace.t.size else float(trace.spec.duration or 1.0)
    x = trace.t / (end or 1.0) * GALLERY_BOX
    v = _points(x, _ys(np.clip(trace.v, *GALLERY_V_RANGE), GALLERY_V_RANGE, GALLERY_V_DOMAIN))
    i_y = _ys(trace.I, _padded(trace.I), GALLERY_I_DOMAIN) if trace.I.size else x
    # a step at each change: I[k] holds from t[k] to t[k + 1] (plotly's shape "hv")
    change = np.flatnonzero(np.diff(trace.I) != 0) + 1 if trace.I.size else np.array([], int)
    step_x = np.concatenate(([x[0]], np.repeat(x[change], 2), [x[-1]])) if x.size else x
    step_y = (np.concatenate(([i_y[0]], np.column_stack((i_y[change - 1], i_y[change])).ravel(),
                              [i_y[-1]])) if x.size else x)
    box = f"0 0 {GALLERY_BOX:g} {GALLERY_BOX:g}"
    line = 'fill="none" stroke-width="1.1" vector-effect="non-scaling-stroke"'
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="100%">'
        f'<svg viewBox="{box}" preserveAspectRatio="none" width="100%" height="100%">'
        f'<polyline class="v" stroke="{V_COLOR}" {line} points="{v}"/>'
        f'<polyline class="I" stroke="{I_COLOR}" {line} points="{_points(step_x, step_y)}"/>'
        '</svg>'
        f'<text x="100%" y="74%" text-anchor="end" font-family="DejaVu Sans, sans-serif" '
        f'font-size="12" fill="{F.NOTE_COLOR}">{end:g} ms</text></svg>'
    )


# -- the lab: v(t), u(t), I(t) ------------------------------------------------------------

REFERENCE_COLOR = "#9a9a9a"
NOW_COLOR = "#b35c00"  # the scrubber's time, and the dot it puts on the phase plane
# One time axis under the three panels: each panel its own y axis on it (one x axis
# drawn, not three kept matched: a third less of the figure's redraw)
_LAB_AXES = {
    "xaxis": {"anchor": "y3", "domain": [0.0, 1.0]},
    "yaxis": {"anchor": "x", "domain": [0.5, 1.0]},
    "yaxis2": {"anchor": "x", "domain": [0.25, 0.45]},
    "yaxis3": {"anchor": "x", "domain": [0.0, 0.2]},
}


def _line_type(n: int) -> str:
    return "scattergl" if n > F.WEBGL_LINE_THRESHOLD else "scatter"


def lab_traces_spec(trace: NeuronTrace, at: int, *, title: str,
                    reference: tuple[np.ndarray, np.ndarray] | None = None,
                    reference_name: str = "", note: tuple[str, ...] = ()) -> dict:
    """v(t) over u(t) over I(t) on one time axis, a line at step ``at`` (the phase
    plane's time), and optionally a reference v and u beneath (the network's own
    neuron, in grey) for the same input.

    Hovering gives the step's index (``pointIndex``): the page moves the phase
    plane's dot there.
    """
    kind = _line_type(trace.t.size)
    data = []
    rows = ((1, trace.v, "v", "mV"), (2, trace.u, "u", "mV/ms"))
    if reference is not None:
        for (panel, _, var, unit), values in zip(rows, reference, strict=True):
            data.append(dict(type=kind, x=trace.t, y=values, mode="lines",
                             name=reference_name, legendgroup="reference",
                             showlegend=panel == 1, yaxis=f"y{panel if panel > 1 else ''}",
                             line=dict(color=REFERENCE_COLOR, width=1.5),
                             hovertemplate=f"{reference_name}: {var} = %{{y:.2f}} {unit}"
                                           "<extra></extra>"))
    for panel, values, var, unit in rows:
        data.append(dict(type=kind, x=trace.t, y=values, mode="lines", name=var,
                         yaxis=f"y{panel if panel > 1 else ''}", showlegend=False,
                         line=dict(color=V_COLOR if var == "v" else U_COLOR, width=1.3),
                         hovertemplate=f"t = %{{x}} ms<br>{var} = %{{y:.2f}} {unit}"
                                       "<extra></extra>"))
    data.append(dict(type=kind, x=trace.t, y=trace.I, mode="lines", name="I", yaxis="y3",
                     showlegend=False, line=dict(color=I_COLOR, width=1.3, shape="hv"),
                     hovertemplate="t = %{x} ms<br>I = %{y:.4g} mV/ms<extra></extra>"))
    # the time of the point under the pointer on the phase plane, moved there by the page
    data.append(dict(type="scatter", x=[np.nan], y=[np.nan], mode="markers", name="hovered",
                     showlegend=False, hoverinfo="skip",
                     marker=dict(size=13, color="rgba(0,0,0,0)",
                                 line=dict(color=NOW_COLOR, width=2.5))))
    axes = {key: {**F._AXIS, **spec} for key, spec in _LAB_AXES.items()}
    end = float(trace.t[-1]) if trace.t.size else 1.0
    axes["xaxis"].update(range=[0.0, end], title={"text": "Time (ms)"})
    for key, values, label in (("yaxis", trace.v, "v (mV)"), ("yaxis2", trace.u, "u"),
                               ("yaxis3", trace.I, "I")):
        every = values if reference is None or key == "yaxis3" else np.concatenate(
            (values, reference[0 if key == "yaxis" else 1]))
        if every.size:
            axes[key]["range"] = F.steady_range(every.min(), every.max(), ticks=2)
        axes[key]["title"] = {"text": label}
        if key != "yaxis":
            axes[key]["nticks"] = 3  # a short panel: labels of two ticks do not touch
    t_now = float(trace.t[at]) if trace.t.size else 0.0
    layout = F._layout(
        title, uirevision=f"lab T={end:g}", note=note,
        legend=[reference_name] if reference is not None else None, **axes,
        shapes=[dict(type="line", name="now", xref="x", x0=t_now, x1=t_now, yref="paper",
                     y0=0, y1=1, line=dict(color=NOW_COLOR, width=1.5, dash="dot"))],
    )
    layout["hovermode"] = "x"
    return {"data": data, "layout": layout}


# -- the phase plane ----------------------------------------------------------------------

V_NULLCLINE_COLOR = "#1f4e9c"
U_NULLCLINE_COLOR = "#e07b00"
TRAJECTORY_COLOR = "#2a3f5f"
RESET_COLOR = "#d1495b"
FIELD_COLOR = "#b8c0cc"
PHASE_V_RANGE = (-90.0, 35.0)  # mV: from below the deepest reset to above the peak
FIELD_GRID = (17, 13)  # arrows along v and along u
FLOW_NAME = "flow (v′, u′)"
# Fixed points: a filled marker is stable, an open one unstable; a saddle is a cross.
FIXED_POINT_SYMBOLS = {
    "stable node": "circle", "stable focus": "circle", "unstable node": "circle-open",
    "unstable focus": "circle-open", "saddle": "x-thin-open", "saddle-node": "diamond-open",
    "centre": "circle-open-dot",
}


def trajectory(trace: NeuronTrace) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The path of (v, u) with each spike cut at its peak: v, u and the step of each
    point, NaN between a peak and the reset that follows it.

    The trace records +30 mV and u after the reset at a spike step; the path goes up to
    (30, u - d), the state just before the reset, breaks, and goes on from (c, u).
    """
    s = trace.spec
    n, k = trace.t.size, trace.spike_steps
    # each spike puts two points in: the break and the state after the reset
    at = np.arange(n) + 2 * np.searchsorted(k, np.arange(n))
    v, u, step = (np.full(n + 2 * k.size, np.nan) for _ in range(3))
    v[at], u[at], step[at] = trace.v, trace.u, np.arange(n)
    peak = at[k]
    v[peak], u[peak] = PEAK_MV, trace.u[k] - s.d
    v[peak + 2], u[peak + 2], step[peak + 2] = s.c, trace.u[k], k
    return v, u, step


def _window(trace: NeuronTrace, u_path: np.ndarray) -> tuple[list[float], list[float]]:
    """The plane's v and u ranges: the whole path, the fixed points and the bottom of
    the v-nullcline over the run's inputs; the same at every time of the run, so the
    axes stay put while the scrubber moves."""
    s = trace.spec
    k2, k1, k0 = QUADRATICS[s.quadratic]
    u_vals = [u_path[np.isfinite(u_path)]]
    lo_v = min(PHASE_V_RANGE[0], float(np.nanmin(trace.v)) - 5.0) if trace.v.size else \
        PHASE_V_RANGE[0]
    for current in (float(trace.I.min()), float(trace.I.max())) if trace.I.size else ():
        vertex_v = -k1 / (2 * k2)
        if lo_v <= vertex_v <= PHASE_V_RANGE[1]:
            u_vals.append(np.array([k2 * vertex_v ** 2 + k1 * vertex_v + k0 + current]))
        u_vals.append(np.array([p.u for p in fixed_points_at(s, current)
                                if lo_v <= p.v <= PHASE_V_RANGE[1]]))
    every = np.concatenate(u_vals)
    return [lo_v, PHASE_V_RANGE[1]], F.steady_range(every.min(), every.max(), ticks=5)


def flow_arrows(spec: NeuronSpec, current: float, v_range: list[float],
                u_range: list[float]) -> tuple[np.ndarray, ...]:
    """The vector field at input ``current`` as :data:`FIELD_GRID` arrows of one length
    in cells of the plane (their direction is what matters: v' dwarfs u' in mV and ms):
    the tails, heads and the two barbs' ends, each an (n, 2) array of (v, u)."""
    nv, nu = FIELD_GRID
    cell = np.array([(v_range[1] - v_range[0]) / nv, (u_range[1] - u_range[0]) / nu])
    gv, gu = np.meshgrid(v_range[0] + cell[0] * (np.arange(nv) + 0.5),
                         u_range[0] + cell[1] * (np.arange(nu) + 0.5))
    centre = np.column_stack((gv.ravel(), gu.ravel()))
    dv, du = vector_field(spec, current, centre[:, 0], centre[:, 1])
    # the direction in cells, so that an arrow points where the trajectory would go on
    # the screen whatever the axes' scales
    way = np.column_stack((dv, du)) / cell
    norm = np.hypot(way[:, 0], way[:, 1])[:, None]
    way = way / np.where(norm == 0, np.inf, norm)
    half, barb, turn = 0.35, 0.25, math.radians(28)
    tail, head = centre - half * way * cell, centre + half * way * cell
    barbs = []
    for angle in (turn, -turn):
        c, s = math.cos(angle), math.sin(angle)
        back = np.column_stack((way[:, 0] * c - way[:, 1] * s, way[:, 0] * s + way[:, 1] * c))
        barbs.append(head - barb * back * cell)
    return tail, head, barbs[0], barbs[1]


FLOW_FRAME = 1000  # the flow image's own units across the plane, either way


def flow_path(arrows: tuple[np.ndarray, ...], v_range: list[float],
              u_range: list[float]) -> str:
    """The arrows as one SVG path in a FLOW_FRAME square stretched over the plane (y down):
    the shaft from tail to head, then the barbs through the head."""
    def frame(points: np.ndarray) -> np.ndarray:
        x = (points[:, 0] - v_range[0]) / (v_range[1] - v_range[0])
        y = (u_range[1] - points[:, 1]) / (u_range[1] - u_range[0])
        return np.round(np.column_stack((x, y)) * FLOW_FRAME, 1)

    tail, head, barb0, barb1 = (frame(p) for p in arrows)
    return "".join(f"M{t[0]:g} {t[1]:g}L{h[0]:g} {h[1]:g}M{b[0]:g} {b[1]:g}L{h[0]:g} {h[1]:g}"
                   f"L{c[0]:g} {c[1]:g}"
                   for t, h, b, c in zip(tail, head, barb0, barb1, strict=True))


def flow_image(spec: NeuronSpec, current: float, v_range: list[float],
               u_range: list[float]) -> dict:
    """The vector field as a layout image under the plot: one SVG path of every arrow,
    stretched over the plane's axes. Plotly draws it as one element with no per-point
    work; as a scatter of line segments the arrows took half of every redraw."""
    path = flow_path(flow_arrows(spec, current, v_range, u_range), v_range, u_range)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {FLOW_FRAME} {FLOW_FRAME}" '
           f'preserveAspectRatio="none"><path d="{path}" fill="none" stroke="{FIELD_COLOR}" '
           'stroke-width="1" vector-effect="non-scaling-stroke"/></svg>')
    return dict(name=FLOW_NAME, layer="below", sizing="stretch", xref="x", yref="y",
                x=v_range[0], y=u_range[1], sizex=v_range[1] - v_range[0],
                sizey=u_range[1] - u_range[0], xanchor="left", yanchor="top",
                source="data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode())


def _fixed_point_label(p: FixedPoint) -> str:
    return f"{p.kind} ({p.v:.1f} mV, {p.u:.2f})"


def phase_plane_spec(trace: NeuronTrace, at: int, *, title: str | None = None) -> dict:
    """The (v, u) plane at the input of step ``at``: both nullclines, the flow, the fixed
    points with their kind, the line v = c, the whole trajectory with each reset (the
    jump from the peak to (c, u + d)) and a dot at step ``at``.

    The title gives the time and the current; the note under it the saddle-node and
    Andronov-Hopf currents (Izhikevich 2007, ch. 8; :mod:`izhi_core.neuron.phase`).
    """
    s = trace.spec
    current = float(trace.I[at]) if trace.I.size else 0.0
    pv, pu, steps = trajectory(trace)
    v_range, u_range = _window(trace, pu)
    v_line = np.linspace(v_range[0], v_range[1], 241)
    u_line = ((np.full(2, ACCOMMODATION_PIVOT_MV), np.array(u_range))
              if s.recovery == "accommodation" else (v_line, u_nullcline(v_line, s.b)))
    kind = _line_type(pv.size)
    k = trace.spike_steps
    jumps_v = np.column_stack((np.full(k.size, PEAK_MV), np.full(k.size, s.c),
                               np.full(k.size, np.nan))).ravel()
    jumps_u = np.column_stack((trace.u[k] - s.d, trace.u[k], np.full(k.size, np.nan))).ravel()
    fixed = [p for p in fixed_points_at(s, current)
             if v_range[0] <= p.v <= v_range[1] and u_range[0] <= p.u <= u_range[1]]
    v_now = s.c if at in set(k.tolist()) else float(trace.v[at]) if trace.v.size else s.v0
    u_now = float(trace.u[at]) if trace.u.size else s.initial_u
    data = [
        dict(type="scatter", x=u_line[0], y=u_line[1], mode="lines",
             name="u-nullcline", line=dict(color=U_NULLCLINE_COLOR, width=2),
             hoverinfo="skip"),
        dict(type="scatter", x=v_line, y=v_nullcline(v_line, current, s.quadratic),
             mode="lines",
             name="v-nullcline", line=dict(color=V_NULLCLINE_COLOR, width=2),
             hoverinfo="skip"),
        dict(type="scatter", x=[s.c, s.c], y=u_range, mode="lines", name="v = c",
             showlegend=False, line=dict(color=RESET_COLOR, width=1, dash="dot"),
             hoverinfo="skip"),
        dict(type=kind, x=pv, y=pu, customdata=steps, mode="lines", name="trajectory",
             line=dict(color=TRAJECTORY_COLOR, width=1.2),
             hovertemplate="v = %{x:.1f} mV<br>u = %{y:.2f}<extra></extra>"),
        dict(type="scatter", x=jumps_v, y=jumps_u, mode="lines", name="reset",
             line=dict(color=RESET_COLOR, width=1, dash="dot"), hoverinfo="skip"),
        dict(type="scatter", x=[p.v for p in fixed], y=[p.u for p in fixed],
             mode="markers+text", name="fixed points", showlegend=False,
             text=[p.kind for p in fixed],
             textposition="bottom right", textfont=dict(size=F.FONT_PX - 1),
             hovertext=[_fixed_point_label(p) for p in fixed], hoverinfo="text",
             marker=dict(size=11, color=TRAJECTORY_COLOR, line=dict(width=2),
                         symbol=[FIXED_POINT_SYMBOLS[p.kind] for p in fixed])),
        dict(type="scatter", x=[v_now], y=[u_now], mode="markers", name="now",
             showlegend=False, hoverinfo="skip", marker=dict(size=12, color=NOW_COLOR,
                                           line=dict(color="white", width=1.5))),
        # the point of the time under the pointer on v(t), moved there by the page
        dict(type="scatter", x=[np.nan], y=[np.nan], mode="markers", name="hovered",
             showlegend=False, hoverinfo="skip",
             marker=dict(size=13, color="rgba(0,0,0,0)", line=dict(color=NOW_COLOR, width=2.5))),
    ]
    t_now = float(trace.t[at]) if trace.t.size else 0.0
    names = [d["name"] for d in data if d.get("showlegend", True)]
    layout = F._layout(
        title or f"Phase plane at t = {t_now:g} ms, I = {current:.3g}",
        uirevision=f"phase {s.quadratic} {s.recovery}", note=(bifurcation_note(s),),
        legend=names,
        xaxis=F._axis("v (mV)", range=v_range),
        yaxis=F._axis("u (mV/ms)", range=u_range),
        images=[flow_image(s, current, v_range, u_range)],
        # on a white ground: the path and the nullclines cross the line's top too
        annotations=[dict(text="v = c", x=s.c, y=u_range[1], xref="x", yref="y",
                          xanchor="right", yanchor="top", showarrow=False, xshift=-2,
                          bgcolor="rgba(255,255,255,0.85)",
                          font=dict(size=F.FONT_PX - 2, color=RESET_COLOR))],
    )
    return {"data": data, "layout": layout}


def bifurcation_note(spec: NeuronSpec) -> str:
    """'I_SN = 4.00; Andronov–Hopf at I = 3.98': the currents at which the rest is lost
    (a line of at most :data:`izhi_core.figures.MAX_NOTE_CHARS`)."""
    isn = saddle_node_current(spec.b, spec.quadratic, spec.recovery)
    hopf = hopf_current(spec.a, spec.b, spec.quadratic, spec.recovery)
    if isn is None:
        return "No saddle-node, no Hopf: u′ = a·b·(v + 65)"
    return f"I_SN = {isn:.2f}; " + (f"Andronov–Hopf at I = {hopf:.2f}" if hopf is not None
                                     else "no Andronov–Hopf bifurcation")


def fixed_points_at(spec: NeuronSpec, current: float) -> tuple[FixedPoint, ...]:
    """The fixed points at a constant current; none where u never moves (a = 0, or b = 0
    with accommodation: every point of the v-nullcline is then at rest)."""
    if spec.a == 0 or (spec.recovery == "accommodation" and spec.b == 0):
        return ()
    return fixed_points(spec.a, spec.b, current, spec.quadratic, spec.recovery)


