"""The network explorer as a Dash page at ``/`` (Dash imports this file: see app.py)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import dash
from dash import no_update

from . import callbacks, layout
from .state import config_from_controls
from .view import png_names


def page_layout(shown: str | None = None, **query: Any) -> Any:
    """The page, drawn for its address's query (Dash passes its parameters by name);
    ``no_update`` when it is on screen already (its query is its own)."""
    if shown == "/":
        return no_update
    state = callbacks.opening_state("?" + urlencode(query, doseq=True))
    return layout.build_layout(png_names(config_from_controls(state)), state,
                               callbacks.opening_view(state))


dash.register_page(__name__, path="/", name="Network", title="Izhikevich network explorer",
                   order=0, layout=page_layout)
callbacks.register(dash)
