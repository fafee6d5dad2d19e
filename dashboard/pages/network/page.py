"""The network explorer as a Dash page at ``/`` (Dash imports this file: see app.py)."""

from __future__ import annotations

from typing import Any

import dash
from dash import no_update

from . import callbacks, layout
from .state import DEFAULT_CONFIG
from .view import png_names


def page_layout(shown: str | None = None, **_query: Any) -> Any:
    """The page; ``no_update`` when it is on screen already (its query is its own)."""
    if shown == "/":
        return no_update
    return layout.build_layout(png_names(DEFAULT_CONFIG))


dash.register_page(__name__, path="/", name="Network", title="Izhikevich network explorer",
                   order=0, layout=page_layout)
callbacks.register(dash)
