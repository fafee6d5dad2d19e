"""NeuronTrace -> plotly Figure: one neuron's v, u and input current over time.

Imports plotly, never dash; works in a notebook (``neuron_figure(trace).show()``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .neuron.result import NeuronTrace

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
