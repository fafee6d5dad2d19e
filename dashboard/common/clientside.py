"""Callbacks run in the browser that every page's controls share.

* A slider and its number box kept in step (:func:`register_pair`): the box is the
  control a page reads; moving the slider writes the box, and a number typed in the
  box within the slider's range moves the slider. Outputs that are also inputs, in
  one callback, so neither echoes back.
* A refused value's sentence under its field and the field marked, from a page's
  ``{field: sentence}`` store (:func:`register_field_errors`).
* A page's alert opens whenever it is given a sentence (:func:`register_alert`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from dash import Input, Output

PAIR_JS = """
function(slider, box) {
    const nu = window.dash_clientside.no_update;
    const trigger = (window.dash_clientside.callback_context.triggered[0] || {}).prop_id || "";
    if (trigger.endsWith("-slider.value")) {
        return (box !== null && box !== "" && Number(box) === slider) ? [nu, nu] : [nu, slider];
    }
    const x = (typeof box === "string") ? box.trim() : box;
    const n = (x === null || x === "") ? NaN : Number(x);
    if (!isFinite(n) || n === slider || n < __MIN__ || n > __MAX__) { return [nu, nu]; }
    return [n, nu];
}
"""

# A refused value: its sentence under its field, and the field marked (and the marks of
# fields now good taken away).
ERRORS_JS = """
function(errors) {
    const fields = __FIELDS__;
    errors = errors || {};
    const texts = fields.map(f => errors[f] || "");
    const groups = fields.map(f => errors[f] ? "control has-error" : "control");
    return texts.concat(groups);
}
"""

ALERT_JS = "function(text) { return Boolean(text); }"


def register_pair(app: Any, box: str, lo: float, hi: float) -> None:
    """Keep the slider ``<box>-slider`` (from ``lo`` to ``hi``) and the box ``box`` in step."""
    slider = f"{box}-slider"
    app.clientside_callback(
        PAIR_JS.replace("__MIN__", repr(lo)).replace("__MAX__", repr(hi)),
        Output(slider, "value"), Output(box, "value", allow_duplicate=True),
        Input(slider, "value"), Input(box, "value"), prevent_initial_call=True)


def register_field_errors(app: Any, store: str, fields: Sequence[str],
                          controls: Sequence[str]) -> None:
    """Show the sentences of ``store`` (``{field: sentence}``) under the controls, the
    control of each field of ``fields`` being the same place of ``controls``
    (``<control>-error`` holds its sentence, ``<control>-group`` is marked)."""
    app.clientside_callback(
        ERRORS_JS.replace("__FIELDS__", json.dumps(list(fields))),
        *[Output(f"{c}-error", "children") for c in controls],
        *[Output(f"{c}-group", "className") for c in controls],
        Input(store, "data"), prevent_initial_call=True)


def register_alert(app: Any, alert: str) -> None:
    """Open the alert ``alert`` whenever its text is set to a sentence."""
    app.clientside_callback(ALERT_JS, Output(alert, "is_open"), Input(alert, "children"),
                            prevent_initial_call=True)
