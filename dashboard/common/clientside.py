"""Callbacks run in the browser that every page's controls share.

* A slider and its number box kept in step: a moved slider is the page's input, and
  the page's answer writes its box (:func:`slider_values`); a typed box moves the
  slider or is read as typed (:func:`register_slider_box`).
* A refused value's sentence under its field and the field marked, from a page's
  ``{field: sentence}`` store (:func:`register_field_errors`).
* A page's alert opens whenever it is given a sentence (:func:`register_alert`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from dash import Input, Output, State, no_update

# A slider and its number box. A moved slider is the page's callback's input; the same
# callback writes the slider's value in the box as it answers (:func:`slider_values`
# says what it reads), so a move costs the page one callback, not two: each callback
# Dash runs is some fourteen updates of its store, each a pass over every component of
# the page. The box applies what is typed on Enter or on leaving it (``n_submit``,
# ``n_blur``: a value the page writes in it calls nothing): a number within the
# slider's span moves the slider (and reaches the page as a slider move); anything
# else (a refused value, one beyond the slider's span, or the slider's own value while
# the field is marked refused) is written in the page's ``typed`` store ({field, at}),
# which tells the page to read the box as typed. The slider's own value, typed again in a box
# with no error, changes nothing.
SLIDER_BOX_JS = """
function(_submit, _blur, box, slider, errors) {
    const dc = window.dash_clientside;
    const x = (typeof box === "string") ? box.trim() : box;
    const n = (x === null || x === "") ? NaN : Number(x);
    if (isFinite(n) && n >= __MIN__ && n <= __MAX__) {
        if (n !== slider) { dc.set_props(__SLIDER__, {value: n}); return dc.no_update; }
        if (!(errors && errors[__FIELD__])) { return dc.no_update; }
    }
    return {field: __FIELD__, at: Date.now()};
}
"""


def slider_values(boxes: Mapping[str, Any], sliders: Mapping[str, Any], moved: Iterable[str],
                  spans: Mapping[str, tuple[float, float]]) -> dict[str, Any]:
    """A page's controls by field, as its callback reads them (the server's half of
    :data:`SLIDER_BOX_JS`): a slider just ``moved`` says its field; an unmoved slider's
    box is read as typed when it holds what the slider cannot show (not a number, or a
    number beyond the slider's span in ``spans``: it stays refused, or applied, until it
    changes), else the slider says its field (its box shows it once the page answers);
    every other field is its box (``boxes`` holds every field)."""
    out = dict(boxes)
    moved = set(moved)
    for name, value in sliders.items():
        lo, hi = spans[name]
        number = _number(boxes.get(name))
        shown = math.isfinite(number) and lo <= number <= hi
        out[name] = value if name in moved or shown else boxes.get(name)
    return out


def box_echo(boxes: Mapping[str, Any], sliders: Mapping[str, Any],
             values: Mapping[str, Any]) -> dict[str, Any]:
    """What a page's answer writes in its sliders' boxes: the value of each slider that
    :func:`slider_values` read and whose box does not show it yet (``no_update`` for the
    others)."""
    return {name: value if values.get(name) == value and _number(boxes.get(name)) != value
            else no_update for name, value in sliders.items()}


def _number(text: Any) -> float:
    """A box's text as a number (NaN when it is none)."""
    try:
        return float(text.strip() if isinstance(text, str) else text)
    except (TypeError, ValueError):
        return math.nan


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
                        errors: str) -> None:
    """Apply what is typed in the box ``box`` of ``field`` to its slider ``<box>-slider``
    (its values from ``lo`` to ``hi``) or to the page's ``typed`` store, as
    :data:`SLIDER_BOX_JS` says; ``errors`` is the page's ``{field: sentence}`` store."""
    slider = f"{box}-slider"
    app.clientside_callback(
        SLIDER_BOX_JS.replace("__MIN__", repr(lo)).replace("__MAX__", repr(hi))
        .replace("__SLIDER__", json.dumps(slider)).replace("__FIELD__", json.dumps(field)),
        Output(typed, "data", allow_duplicate=True),
        Input(box, "n_submit"), Input(box, "n_blur"), State(box, "value"),
        State(slider, "value"), State(errors, "data"), prevent_initial_call=True)


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
