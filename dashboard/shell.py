"""The shell every page sits in: navigation, the job progress, the page.

Pages are Dash pages (``dash.register_page`` in each ``dashboard/pages/*/page.py``);
their state lives in their own address. The shell's router (Dash's) draws a page
when its path changes; a change of the query alone is the page's own business
(each page reads and writes its address itself, without redrawing its layout),
so a layout function gets ``shown``, the path already on screen, and returns
``no_update`` when it is its own.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from .common.components import button
from .common.ids import SHELL

ROUTING_INPUTS = {"shown": State(SHELL.SHOWN_PATH, "data")}
"""Dash's ``routing_callback_inputs``: each layout function gets ``shown``."""

# The router sets its title store whenever it has answered: the path is then on screen.
SHOWN_PATH_JS = """function(title) {
    return title ? window.location.pathname : window.dash_clientside.no_update;
}"""


def navigation() -> html.Nav:
    """A link to every registered page, in the registry's order."""
    return html.Nav(
        [dcc.Link(page["name"], href=page["relative_path"], className="nav-link",
                  id="nav-" + page["name"].lower().replace(" ", "-"))
         for page in dash.page_registry.values()],
        id=SHELL.NAV, className="site-nav", **{"aria-label": "Pages"},
    )


def progress_box() -> html.Div:
    """The progress of a background job and its cancel button; hidden unless one runs."""
    return html.Div(
        [
            html.Span("Running in the background:", id=SHELL.PROGRESS_LABEL,
                      className="progress-label"),
            dbc.Progress(id=SHELL.PROGRESS, value=0, label="", striped=True, animated=True,
                         className="flex-grow-1 run-progress"),
            button("Cancel", SHELL.CANCEL, "btn-outline-danger", disabled=True,
                   tip_text="Stop this run; the figures keep the last finished one."),
        ],
        id=SHELL.PROGRESS_BOX, className="progress-box", style={"display": "none"},
        role="status",
    )


def layout() -> html.Div:
    """The whole page around ``dash.page_container``."""
    return html.Div(
        [
            dcc.Store(id=SHELL.SHOWN_PATH),
            html.Header(
                [html.Div([html.P("Izhikevich network explorer", className="site-name"),
                           navigation()], className="site-bar")],
                className="site-header",
            ),
            html.Main(
                [
                    progress_box(),
                    dash.page_container,
                ],
                id="main",
            ),
        ],
        className="page",
    )


def register(app: Any) -> None:
    """The shell's own callback: remember which page is on screen."""
    app.clientside_callback(SHOWN_PATH_JS, Output(SHELL.SHOWN_PATH, "data"),
                            Input("_pages_store", "data"), prevent_initial_call=True)
