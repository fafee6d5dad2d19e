"""Layout builders every page uses: buttons, labelled fields with tooltips, graphs."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html


def tip(text: str | None) -> dict[str, str]:
    """A tooltip as the ``data-tip`` attribute that assets/tooltips.js shows on hover,
    keyboard focus and tap, in one element of its own, placed inside the window (no
    component per tooltip: each component costs the page time on every change)."""
    return {"data-tip": text} if text else {}


def button(label: str, button_id: str, style: str, extra: str = "", tip_text: str = "",
           **props: Any) -> html.Button:
    """A Bootstrap button, with its tooltip if it has one."""
    return html.Button(label, id=button_id, n_clicks=0, className=f"btn btn-sm {style} {extra}",
                       **tip(tip_text), **props)


def alert_area(alert_id: str) -> dbc.Alert:
    """A page's alert, in the same place on every page (above its results), closed until
    it is given a sentence about no one field. Each page has its own, in the page: see
    dashboard.pages.network.ids."""
    return dbc.Alert(id=alert_id, color="danger", is_open=False, dismissable=True,
                     className="page-alert")


def graph_config(filename: str) -> dict[str, Any]:
    """Plotly's config for one graph: PNG export under ``filename``; no logo, no
    cloud ("Share chart" would upload the data to Plotly's servers), no lasso."""
    return {
        "displaylogo": False,
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d", "sendDataToCloud"],
    }


def graph(graph_id: str, filename: str, height: int, figure: Any = None) -> dcc.Graph:
    """A responsive graph of fixed height, drawing ``figure`` from the start if given."""
    extra = {} if figure is None else {"figure": figure}
    return dcc.Graph(id=graph_id, config=graph_config(filename), responsive=True,
                     style={"height": f"{height}px"}, className="graph-panel", **extra)
