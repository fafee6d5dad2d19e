"""The baseline of bench_dashboard.py: a one-graph Dash app on the same network.

One slider (the excitatory weight) and one graph (the spike raster of the original
script's network, run by izhi_core and drawn by izhi_core.figures, WebGL): the least a
Dash page can do per slider change with this model. bench_dashboard.py measures
it in the same browser and session as the dashboard and prints the ratio, so a
noisy machine moves both.

    PORT=8051 .venv/bin/python bench/one_graph_app.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dash import Dash, Input, Output, dcc, html

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dashboard.common.wire import compact  # noqa: E402
from izhi_core import NetworkConfig, Recording, simulate  # noqa: E402
from izhi_core import figures as F  # noqa: E402

app = Dash(__name__, update_title=None)
app.layout = html.Div([
    dcc.Slider(id="exc-weight", min=0, max=2, step=0.05, value=0.5, updatemode="mouseup"),
    dcc.Graph(id="raster", style={"height": "430px"}),
], style={"width": "800px", "padding": "20px"})


@app.callback(Output("raster", "figure"), Input("exc-weight", "value"))
def raster(weight: float) -> dict:
    record = Recording(neurons=(), map_rows=0, map_cols=0)  # the raster needs spikes only
    result = simulate(NetworkConfig(exc_weight=weight), record)
    return compact(F.raster_spec(result))


@app.server.route("/healthz")
def healthz() -> str:
    return "ok"


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "8051")), debug=False)
