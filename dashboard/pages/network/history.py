"""The run history of the network page: every drawn run, remembered in the browser.

A run is its address (runs are deterministic), so the history keeps each drawn
state's canonical query (``DRAWN``'s ``search``), never its data: a list in the
browser's local storage that survives a reload, with a label of what each run
changes of the one before ("Excitatory weight 0.5 → 1", the field registry's labels),
a name the user may give it, a link that opens it, and A/B: "Pin as A" keeps a run
to compare others with (/compare?a=...&b=...). Export and import are JSON files;
an import is validated whole before anything changes (a bad file gets one sentence).

All of it lives in assets/history.js: the history changes nothing on the server and
costs no callback but one, which hands each drawn state to the script. This module
builds the drawer and the toolbar's buttons and tells the script the page's keys,
their labels and their defaults (what a missing key means). It is mounted by the
page's layout (:func:`toolbar_items`, :func:`drawer`) and callbacks (:func:`register`).
"""

from __future__ import annotations

import json
from typing import Any

from dash import dcc, html

from izhi_core.fields import FIELDS

from ...common.components import button
from . import state as S

DRAWER = "history-drawer"
LIST = "history-list"
OPEN = "history-open"
CLOSE = "history-close"
PIN = "history-pin"
COMPARE = "history-compare"
EXPORT = "history-export"
IMPORT = "history-import"  # opens the browser's file chooser (assets/history.js)
MESSAGE = "history-message"
SINK = "history-sink"

MAX_RUNS = 100  # the oldest runs leave the history past this many
LABELS: dict[str, str] = {**{k: f.label for k, f in FIELDS.items()},
                          S.NEURONS_KEY: "Traced neurons", S.DRAWING_KEY: "Drawn"}

# Every drawn state (the first one too) to assets/history.js: run by the network page's
# one callback on a drawn view (callbacks.AFTER_JS), whose output SINK is.
RECORD_JS = """
function(drawn) {
    if (window.izhiHistory) { window.izhiHistory.record(drawn); }
    return window.dash_clientside.no_update;
}
"""


def settings() -> dict[str, Any]:
    """What assets/history.js needs of the page: its keys in the address's order, their
    labels, the value each missing key means, and the history's length."""
    return {"keys": list(S.STATE_KEYS), "labels": LABELS,
            "defaults": S.default_query_values(), "max": MAX_RUNS,
            "maxQuery": S.MAX_QUERY_CHARS}


def toolbar_items() -> list[Any]:
    """The toolbar's history button, "Pin as A", and "Compare with A" (shown once a run
    is pinned: assets/history.js keeps its address)."""
    outline = "btn-outline-secondary"
    return [
        # no tooltip: on a phone a tap's tooltip would stay over the drawer it opens
        button("History", OPEN, outline, **{"aria-controls": DRAWER, "aria-expanded": "false"}),
        button("Pin as A", PIN, outline,
               tip_text="Keep the drawn run as A, to compare other runs with it."),
        html.A("Compare with A", id=COMPARE, href="/compare", hidden=True,
               className="btn btn-sm btn-outline-primary"),
    ]


def drawer() -> html.Aside:
    """The history's drawer, at the right of the window over the page (the figures do
    not move), closed until the History button opens it."""
    return html.Aside(
        [
            dcc.Store(id=SINK),
            html.Div([html.H2("Run history", className="history-title"),
                      button("Close", CLOSE, "btn-outline-secondary")],
                     className="history-head"),
            html.P("Every run drawn on this page, newest first, kept in this browser. A run "
                   "is its address: open it again, name it, or compare it with A.",
                   className="history-intro"),
            html.Div(
                [button("Export (JSON)", EXPORT, "btn-outline-secondary"),
                 button("Import (JSON)", IMPORT, "btn-outline-secondary")],
                className="history-actions"),
            html.P(id=MESSAGE, className="history-message", role="status"),
            html.Ol(id=LIST, className="history-list"),
        ],
        id=DRAWER, className="history-drawer", hidden=True,
        **{"aria-label": "Run history", "data-settings": json.dumps(settings())},
    )
