"""The sweep page as a Dash page at ``/sweep`` (Dash imports this file: see app.py)."""

from __future__ import annotations

from typing import Any

import dash
from dash import no_update

from . import callbacks, layout


def page_layout(shown: str | None = None, **_query: Any) -> Any:
    """The page with the first preset's controls (its address, read in the browser, then
    sets them and runs its sweep); ``no_update`` when it is on screen already."""
    if shown == layout.PATH:
        return no_update
    return layout.build_layout()


dash.register_page(__name__, path=layout.PATH, name="Sweeps",
                   title="Izhikevich network sweeps", order=2, layout=page_layout)
callbacks.register(dash)
