"""Layout builders of the compare page: functions that return components, no callbacks.

The page: what B changes of A, the cards (A, B, B − A and the seeds' verdict), the two
rasters side by side, then the population rate, its spectrum and the ISI CV
distribution with A and B overlaid. No controls: the address is the comparison, and
the links under the title lead to other comparisons (swap, more seeds) or to each run
on the network page.
"""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from izhi_core import NetworkConfig

from ...common.components import graph
from . import address
from .ids import GRAPHS, ID
from .state import DEFAULT, SEEDS_FIELD, default_b

GRAPH_HEIGHTS = {ID.RASTERS: 430, ID.RATE: 360, ID.SPECTRUM: 360, ID.ISI_CV: 360}
PNG_NAMES = {ID.RASTERS: "compare_rasters", ID.RATE: "compare_rate",
             ID.SPECTRUM: "compare_spectrum", ID.ISI_CV: "compare_isi_cv"}
SEED_CHOICES = (1, 3, 5, 8)

HELP = """This page compares two runs of the network, A and B: open it from the network
page ("Pin as A", then "Compare with A"), or from the run history there. Its address
holds both runs: /compare?a=<network query>&b=<network query>&seeds=<1 to 8>."""


def links(state: dict[str, Any]) -> html.Div:
    """Each run on the network page, A and B swapped, other numbers of seeds per run."""
    a, b, seeds = state["a"], state["b"], state["seeds"]
    seed_links: list[Any] = []
    for k in SEED_CHOICES:
        item = (html.Strong(str(k), **{"aria-current": "page"}) if k == seeds else
                dcc.Link(str(k), href=address.href(a, b, k), className="seed-link",
                         title=f"{k} seeds per run"))
        seed_links += [" ", item]
    return html.Div(
        [dcc.Link("A on the network page", href=address.network_href(a), id="compare-open-a"),
         dcc.Link("B on the network page", href=address.network_href(b), id="compare-open-b"),
         dcc.Link("Swap A and B", href=address.href(b, a, seeds), id="compare-swap"),
         html.Span([f"{SEEDS_FIELD.label}:", *seed_links], className="seed-links")],
        id=ID.LINKS, className="toolbar compare-links")


def figures(shown: dict[ID, Any]) -> html.Div:
    """The rasters on the whole width, then the three overlays in a row (one column on a
    phone)."""
    return html.Div(
        [graph(g, PNG_NAMES[g], GRAPH_HEIGHTS[g], shown.get(g)) for g in GRAPHS],
        className="compare-grid")


def build_layout(state: dict[str, Any] | None = None, shown: dict[ID, Any] | None = None,
                 error: str | None = None, pending: dict[str, Any] | None = None) -> html.Div:
    """The compare page.

    Parameters
    ----------
    state : dict, optional
        ``{"a": NetworkConfig, "b": NetworkConfig, "seeds": int}`` (default: the
        original script's run against its next seed).
    shown : dict, optional
        Figures and texts by component id (empty until drawn: a large comparison's
        come from its job).
    error : str, optional
        The address's sentence: shown in the alert, and no figures.
    pending : dict, optional
        A large comparison's request, which the browser hands to the background job.
    """
    a: NetworkConfig = DEFAULT
    state = state or {"a": a, "b": default_b(a), "seeds": 1}
    shown = shown or {}
    return html.Div(
        [
            dcc.Store(id=ID.PENDING, data=pending),
            dcc.Store(id=ID.RUN_REQUEST),
            html.Div([html.H1("Compare two runs, A and B"), links(state)],
                     className="page-header"),
            dbc.Alert(error, id=ID.ALERT, color="danger", is_open=bool(error),
                      dismissable=True, className="page-alert"),
            html.P(HELP, className="compare-help") if error else None,
            html.Div(
                [
                    html.P(shown.get(ID.WHAT, "Running A and B…" if pending else ""),
                           id=ID.WHAT, className="compare-what"),
                    html.Div(shown.get(ID.CARDS), id=ID.CARDS, className="compare-cards"),
                    html.Div(shown.get(ID.STATUS), id=ID.STATUS, role="status",
                             className="visually-hidden"),
                    figures(shown),
                ],
                hidden=bool(error),
            ),
        ],
        id=ID.ROOT, className="compare-page",
    )
