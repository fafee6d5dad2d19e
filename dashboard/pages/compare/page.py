"""The compare page as a Dash page at ``/compare`` (Dash imports this file: see app.py)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import dash

from . import callbacks, layout
from .address import PATH

IDS_ONLY = object()
"""``shown`` when Dash calls the layout with no argument, to check the callbacks' ids."""


def page_layout(shown: Any = IDS_ONLY, **query: Any) -> Any:
    """The page, drawn for its address's query. Unlike the network page it is drawn
    anew for every query (it has no controls of its own: another comparison is another
    address). Dash's check of the callbacks' ids gets it undrawn: no run."""
    if shown is IDS_ONLY:
        return layout.build_layout()
    return layout.build_layout(**callbacks.opening(urlencode(query, doseq=True)))


dash.register_page(__name__, path=PATH, name="Compare", title="Compare two runs",
                   order=3, layout=page_layout)
callbacks.register(dash)
