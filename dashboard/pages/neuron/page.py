"""The neuron lab as a Dash page at ``/neuron`` (Dash imports this file: see app.py)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import dash
from dash import no_update

from . import callbacks, layout
from . import state as S


def page_layout(shown: str | None = None, **query: Any) -> Any:
    """The page at the state its address asks for (its sentence, if refused, comes when
    the address is read: the controls then start as panel A); ``no_update`` when the
    page is on screen already (its query is its own)."""
    if shown == layout.PATH:
        return no_update
    try:
        values, replay = S.state_from_query(urlencode(query))
    except ValueError:
        values, replay = S.state_from_query("")
    return layout.build_layout(S.control_values(values), replay)


dash.register_page(__name__, path=layout.PATH, name="Neuron lab",
                   title="Izhikevich neuron lab", order=1, layout=page_layout)
callbacks.register(dash)
