"""Callbacks run in the browser that every page's controls share.

* A slider and its number box kept in step (:func:`register_slider_box`), neither
  waiting for the other: a moved slider is the page's input at once, its box a state
  the same function writes.
* A refused value's sentence under its field and the field marked, from a page's
  ``{field: sentence}`` store (:func:`register_field_errors`).
* A page's alert opens whenever it is given a sentence (:func:`register_alert`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from dash import Input, Output

# A slider moved goes to the page's callback at once (the slider is its input, the box a
# state) while this writes its value in the box. Dash holds a callback back until every
# callback that could change one of its inputs has run, so this does not declare the
# slider as an output: a value typed in the box moves the slider with set_props (and
# reaches the page as a slider move), or, when the slider stays (a refused value, one
# beyond the slider's span, or its own), tells the page through its ``typed`` store
# ({field, at}) to read the box. Its own writing of the box does not call it again
# (Dash's rule for a callback's own outputs). ``__AFTER__`` is a page's own code, with
# ``moved``, ``slider``, ``box`` and its states in ``extra``.
SLIDER_BOX_JS = """
function(slider, box, ...extra) {
    const dc = window.dash_clientside;
    const moved = dc.callback_context.triggered.some(t => t.prop_id.endsWith("-slider.value"));
    let out = dc.no_update;
    if (moved) {
        const same = box !== null && box !== "" && Number(box) === slider;
        out = same ? dc.no_update : slider;
    } else {
        const x = (typeof box === "string") ? box.trim() : box;
        const n = (x === null || x === "") ? NaN : Number(x);
        if (isFinite(n) && n !== slider && n >= __MIN__ && n <= __MAX__) {
            dc.set_props(__SLIDER__, {value: n});
        } else if (!(typeof box === "number" && box === slider)) {
            dc.set_props(__TYPED__, {data: {field: __FIELD__, at: Date.now()}});
        }
    }
__AFTER__
    return out;
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


def register_slider_box(app: Any, box: str, field: str, lo: float, hi: float, typed: str,
                        *, after: str = "", states: Sequence[Any] = ()) -> None:
    """Keep the slider ``<box>-slider`` (its values from ``lo`` to ``hi``) and the box
    ``box`` of ``field`` in step, as :data:`SLIDER_BOX_JS` says; ``after`` and
    ``states``: a page's own code and the states it reads."""
    slider = f"{box}-slider"
    app.clientside_callback(
        SLIDER_BOX_JS.replace("__MIN__", repr(lo)).replace("__MAX__", repr(hi))
        .replace("__SLIDER__", json.dumps(slider)).replace("__TYPED__", json.dumps(typed))
        .replace("__FIELD__", json.dumps(field)).replace("__AFTER__", after),
        Output(box, "value", allow_duplicate=True),
        Input(slider, "value"), Input(box, "value"), *states, prevent_initial_call=True)


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
