"""The shell every page sits in: navigation, the job progress, the page.

Pages are Dash pages (``dash.register_page`` in each ``dashboard/pages/*/page.py``);
their state lives in their own address. The page a browser opens comes drawn in the
shell's layout (:func:`opened`); the shell's router (Dash's) draws a page when its
path changes; a change of the query alone is the page's own business
(each page reads and writes its address itself, without redrawing its layout),
so a layout function gets ``shown``, the path already on screen, and returns
``no_update`` when it is its own.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

import dash
import dash_bootstrap_components as dbc
import flask
from dash import Input, Output, State, dcc, html
from dash._pages import _parse_query_string, _path_to_page  # the router's own

from .common.components import button
from .common.ids import SHELL

log = logging.getLogger("izhi_dashboard")

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


# The page container's ids, as Dash's router writes them (dash.page_container's).
CONTENT, LOCATION = "_pages_content", "_pages_location"
STORE, DUMMY = "_pages_store", "_pages_dummy"


def opened() -> tuple[str, str, Any, dict[str, str]] | None:
    """The page the browser is opening, drawn: ``(path, search, layout, {"title": ...})``,
    or None when it is not known (a request that did not come from a page of this app).

    The renderer asks for the layout from the page it opens, so the request's referrer is
    the page's address. Drawn here, the page comes with the shell's layout: it needs no
    router's round trip (and second pass of the renderer) before its first figure. The
    page container's location then holds the address already, so the router is not
    called; an address it does not hold (no referrer, another page) calls it, as before.
    """
    if not flask.has_request_context() or not flask.request.referrer:
        return None
    ref = urlsplit(flask.request.referrer)
    if ref.netloc != flask.request.host:
        return None
    # the page and its arguments as the router finds them (Dash's own helpers)
    page, path_variables = _path_to_page(dash.get_app().strip_relative_path(ref.path))
    if not page:
        return None
    search = f"?{ref.query}" if ref.query else ""
    layout, title = page["layout"], page["title"]
    try:
        drawn = layout(**(path_variables or {}), **_parse_query_string(search),
                       shown=None) if callable(layout) else layout
    except Exception:  # the router draws it then, and says what went wrong
        log.exception("the page at %s could not be drawn with the layout", ref.path)
        return None
    title = title(**(path_variables or {})) if callable(title) else title
    return ref.path, search, drawn, {"title": title}


def page_container(shown: tuple[str, str, Any, dict[str, str]] | None) -> html.Div:
    """``dash.page_container``, holding the page :func:`opened` drew (if any)."""
    path, search, drawn, store = shown or (None, None, None, None)
    return html.Div([
        dcc.Location(id=LOCATION, refresh="callback-nav", pathname=path, search=search),
        html.Div(drawn, id=CONTENT, disable_n_clicks=True),
        dcc.Store(id=STORE, data=store),
        html.Div(id=DUMMY, disable_n_clicks=True),
    ])


def layout() -> html.Div:
    """The whole page around its page container (:func:`page_container`)."""
    shown = opened()
    return html.Div(
        [
            dcc.Store(id=SHELL.SHOWN_PATH, data=shown[0] if shown else None),
            html.Header(
                [html.Div([html.P("Izhikevich network explorer", className="site-name"),
                           navigation()], className="site-bar")],
                className="site-header",
            ),
            html.Main(
                [
                    progress_box(),
                    page_container(shown),
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
