"""Downloads for the ecosystem and for slides: the spikes as NWB, every figure as PNG and SVG.

Beside the page's CSV and JSON downloads (:func:`dashboard.pages.network.callbacks.download`)
and with the same refusals (:func:`~dashboard.pages.network.callbacks.spike_file_run`):
a large run's files are the command line's, and a spike file holds at most
:data:`~dashboard.pages.network.callbacks.MAX_CSV_SPIKES` spikes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dash import Input, Output, State, callback_context, dcc, no_update
from dash.exceptions import PreventUpdate

from izhi_core.figures_export import ExportError, figures_zip
from izhi_core.nwb import nwb_bytes

from ...common.guard import ALERT, ERRORS, guard
from . import state as S
from . import view
from .callbacks import _download_run, field_of, spike_file_run, view_run
from .ids import CONFIG_CONTROLS, ID


def _stem(config: Any, key: ID) -> str:
    return f"{view.png_names(config)[key]}{view.run_suffix(config)}"


@guard(("data", ERRORS, ALERT), field_of)
def download_export(trigger: Any, values: Mapping[str, Any], neurons: Any,
                    drawing: Any = "explorer") -> dict[str, Any]:
    """The spikes and configuration (NWB), or the figures of the view (a zip of PNG and
    SVG, drawn as the view draws them)."""
    trigger = None if trigger is None else str(trigger)
    if trigger == ID.DOWNLOAD_NWB:
        result = spike_file_run(values, neurons, "--nwb spikes.nwb")
        stem = _stem(result.config, ID.RASTER).replace("_firings_", "_spikes_", 1)
        data = dcc.send_bytes(nwb_bytes(result), f"{stem}.nwb", type="application/x-hdf5")
    elif trigger == ID.DOWNLOAD_FIGURES:
        drawing = S.DRAWING_FIELD.parse(drawing)
        result = _download_run(lambda v, n: view_run(v, n, drawing), values, neurons,
                               "--figures figures")
        try:
            content, _names = figures_zip(result, original=drawing == "original")
        except ExportError as err:
            raise ValueError(f"{err} The graphs' own camera buttons save each one as PNG.") \
                from None
        stem = _stem(result.config, ID.RASTER).replace("_firings_", "_figures_", 1)
        data = dcc.send_bytes(content, f"{stem}.zip", type="application/zip")
    else:
        raise PreventUpdate
    return {"data": data, ERRORS: no_update, ALERT: no_update}


def register(app: Any) -> None:
    """Attach the two downloads' callback to ``app``."""
    def adapter(_nwb: Any, _figures: Any, drawing: Any, neurons: Any, *controls: Any) -> list:
        out = download_export(callback_context.triggered_id,
                              dict(zip(CONFIG_CONTROLS, controls, strict=True)), neurons,
                              drawing)
        return [out["data"], out[ERRORS], out[ALERT]]

    app.callback(
        [Output(ID.DOWNLOAD, "data", allow_duplicate=True),
         Output(ID.FIELD_ERRORS, "data", allow_duplicate=True),
         Output(ID.ALERT, "children", allow_duplicate=True)],
        Input(ID.DOWNLOAD_NWB, "n_clicks"), Input(ID.DOWNLOAD_FIGURES, "n_clicks"),
        State(ID.DRAWING, "value"), State(ID.NEURONS, "value"),
        *[State(c, "value") for c in CONFIG_CONTROLS.values()],
        prevent_initial_call=True,
    )(adapter)
