"""Slow-motion playback: the bar of a time cursor that sweeps the raster, the current
map, the traces and the rate together.

The cursor lives in the browser (assets/playback.js): a frame moves a line and a veil
over each time axis, at that axis's own pixel mapping, so playing asks the server
nothing and redraws no graph. This module draws the bar and tells the script which
axes are time (by graph id, the [x axis, y axis] pairs of izhi_core.figures' layouts).
"""

from __future__ import annotations

import json

import dash_bootstrap_components as dbc
from dash import html

from .ids import ID

# Times real time: 1 plays one second of network time in one second; 0.25 shows the
# default run's 8 Hz rhythm at two bursts a second, slow enough to follow one.
SPEEDS = (0.1, 0.25, 0.5, 1, 2, 5, 10)
DEFAULT_SPEED = 0.25
SCRUB_ID = "playback-scrub"  # made by playback.js, not a Dash component

# The axes whose x is time (ms), by graph: the rhythms' second pair is the spectrum's,
# in Hz, and has no cursor; the traces' v and u panels share their time axis.
TIME_AXES: dict[ID, list[list[str]]] = {
    ID.RASTER: [["xaxis", "yaxis"]],
    ID.CURRENT_MAP: [["xaxis", "yaxis"]],
    ID.TRACES: [["xaxis", "yaxis"], ["xaxis2", "yaxis2"]],
    ID.RHYTHMS: [["xaxis", "yaxis"]],
}


def _speed_label(speed: float) -> str:
    return f"{speed:g}\u00d7"


def playback_bar() -> html.Div:
    """Play/Pause, the speed, the time to scrub, the time shown; hidden cursor until
    the first play or scrub."""
    return html.Div(
        [
            html.Button("Play", id=ID.PLAYBACK_PLAY, n_clicks=0,
                        className="btn btn-sm btn-outline-secondary playback-play",
                        **{"aria-pressed": "false",
                           "aria-label": "Play the run in slow motion"}),
            html.Label("Speed", htmlFor=ID.PLAYBACK_SPEED, className="toolbar-label"),
            dbc.Select(id=ID.PLAYBACK_SPEED, value=str(DEFAULT_SPEED), size="sm",
                       options=[{"label": _speed_label(s), "value": str(s)} for s in SPEEDS],
                       className="playback-speed"),
            html.Label("Time", htmlFor=SCRUB_ID, className="visually-hidden"),
            # the browser's own range input, which playback.js puts here (dcc.Input
            # handles every input as text)
            html.Span(className="playback-scrub-slot", **{"data-id": SCRUB_ID}),
            html.Span("t = 0 ms", className="playback-time", **{"aria-live": "off"}),
        ],
        id=ID.PLAYBACK, className="playback",
        role="group", **{"aria-label": "Slow-motion playback",
                         "data-axes": json.dumps({str(k): v for k, v in TIME_AXES.items()})},
    )
