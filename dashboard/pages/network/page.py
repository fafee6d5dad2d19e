"""The network explorer as a Dash page at ``/`` (Dash imports this file: see app.py)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import dash
from dash import no_update

from ...common.runs import TooLong
from . import callbacks, exports, layout, lessons
from .state import DEFAULT_CONFIG, config_from_controls, default_state
from .view import png_names

IDS_ONLY = object()
"""``shown`` when Dash calls the layout with no argument, to check the callbacks' ids."""


def page_layout(shown: Any = IDS_ONLY, **query: Any) -> Any:
    """The page, drawn for its address's query (the router passes its parameters by
    name, and ``shown``); ``no_update`` when it is on screen already (its query is its
    own). Dash's check of the callbacks' ids gets the page undrawn: it needs no run, and
    one at the server's first request would be kept as the first visitor's, with that
    cold process's time."""
    if shown == "/":
        return no_update
    if shown is IDS_ONLY:
        return layout.build_layout(png_names(DEFAULT_CONFIG))
    state = callbacks.opening_state("?" + urlencode(query, doseq=True))
    try:
        shown_view = callbacks.opening_view(state)
    except TooLong:
        # beyond the web worker's budget: the page opens on the original script's run,
        # and reads its address as on back/forward (the run goes to a job slot)
        state = default_state()
        shown_view = callbacks.opening_view(state)
    return layout.build_layout(png_names(config_from_controls(state)), state, shown_view)


dash.register_page(__name__, path="/", name="Network", title="Izhikevich network explorer",
                   order=0, layout=page_layout)
callbacks.register(dash)
lessons.register(dash)
exports.register(dash)
