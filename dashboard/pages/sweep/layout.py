"""Layout builders of the sweep page: functions that return components, no callbacks.

Controls in a left column (presets, the two axes, seeds, the metric, Run, the base
network), the diagram and the regime map on the right, then what to read in them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from izhi_core import NetworkConfig

from ...common.components import (
    alert_area,
    button,
    field,
    graph,
    html_block,
    prose_html,
    section,
    text_box,
)
from . import state as S
from .ids import CONTROLS, ID, preset_button

PATH = "/sweep"
GRAPH_HEIGHT = 470

TOOLTIPS: dict[str, str] = {
    "axis1": "The field that varies along the diagram's bottom (any field a sweep may vary).",
    "values1": "START:STOP:COUNT (both ends included, evenly spaced; :log after COUNT for "
               "a log range) or a list V1,V2,... (neuron types: RS,CH).",
    "axis2": "The field that varies up the side; none for one axis (a line with its "
             "band of one sd over the seeds).",
    "values2": "As the first axis's values.",
    "seeds": "Replicates of every point at consecutive seeds from the base's: the diagram "
             "shows their mean, the hover their sd.",
    "color": "The metric the diagram shows (docs/sweeps.md says what each measures).",
    "run": "Run the sweep in the server's queue of jobs; its cells fill in as they finish.",
}

READING = """
**Reading the diagram.** Each cell is one configuration of the base network with the
axes' values, run for the base's duration (the mean over its seeds). Hover a cell for
every metric; click it to open that network on the network page. The regime map names
each cell's dynamics by the rules of `docs/sweeps.md`: *silent* (both rates below
0.5 Hz), *synchronous bursting* (synchrony χ² ≥ 0.5 and ISI CV ≥ 1), *runaway* (a rate
above 100 Hz), *oscillatory* (a 4–13 Hz or 25–60 Hz peak) or *asynchronous irregular*.
The command line runs larger sweeps, on this machine or a Dask cluster
(`python -m izhi_core sweep --vary exc_weight=0:1:21 --vary inh_weight=0:2:21`).
"""


def _options(choices: Mapping[str, str], none: str | None = None) -> list[dict[str, str]]:
    options = [{"label": label, "value": value} for value, label in choices.items()]
    return ([{"label": none, "value": ""}] if none else []) + options


def base_text(config: NetworkConfig) -> str:
    """The base network in one line."""
    sizes = f"{config.ne:,} {config.exc_type} + {config.ni:,} {config.inh_type} neurons"
    wiring = "all-to-all" if config.inputs is None else f"{config.inputs:,} inputs each"
    return (f"{sizes}, {wiring}; weights {config.exc_weight:g} / {config.inh_weight:g}, "
            f"noise {config.exc_noise:g} / {config.inh_noise:g} mV/ms; {config.duration:,} ms, "
            f"seed {config.seed}, {config.mode} mode")


def _axis_fields(which: str, values: Mapping[str, Any]) -> list[Any]:
    axis, vals = f"axis{which}", f"values{which}"
    control_axis, control_values = CONTROLS[axis], CONTROLS[vals]
    return [
        field(control_axis, S.LABELS[axis], dcc.Dropdown(
            id=control_axis, options=_options(S.axis_choices(), none="none"),
            value=values.get(axis) or "", clearable=False, searchable=True),
            tip_text=TOOLTIPS[axis]),
        field(control_values, S.LABELS[vals], dbc.Input(
            id=control_values, type="text", value=values.get(vals) or "", debounce=True,
            placeholder="e.g. 0:1:11", size="sm", autoComplete="off"),
            tip_text=TOOLTIPS[vals]),
    ]


def controls(values: Mapping[str, Any], base: NetworkConfig) -> html.Div:
    """The left column."""
    presets = [button(label, preset_button(key), "btn-outline-primary", "preset-button",
                      tip_text=tip) for key, (label, tip, _v) in S.PRESETS.items()]
    return html.Div(
        [
            section("Presets", [html.Div(presets, id=ID.PRESETS, className="preset-grid")],
                    "sweep-section-presets"),
            section("Axes", [*_axis_fields("1", values), *_axis_fields("2", values)],
                    "sweep-section-axes"),
            section("Runs", [
                field(ID.SEEDS, S.LABELS["seeds"], text_box(ID.SEEDS, values.get("seeds", 1)),
                      tip_text=TOOLTIPS["seeds"]),
                field(ID.COLOR, S.LABELS["color"], dcc.Dropdown(
                    id=ID.COLOR, options=_options(S.metric_options()),
                    value=values.get("color") or S.DEFAULT_COLOR, clearable=False,
                    searchable=False), tip_text=TOOLTIPS["color"]),
                button("Run sweep", ID.RUN, "btn-primary", "w-100", TOOLTIPS["run"]),
                html.Div(id=ID.ESTIMATE, className="sweep-estimate", **{"aria-live": "polite"}),
            ], "sweep-section-runs"),
            section("Base network", [
                html.P(base_text(base), id=ID.BASE_TEXT, className="sweep-base"),
                dcc.Link("Change it on the network page", id=ID.BASE_LINK,
                         href="/" + S.network_query(base)),
            ], "sweep-section-base"),
        ],
        className="controls",
    )


def toolbar() -> html.Div:
    outline = "btn-outline-secondary"
    return html.Div(
        [
            html.Span("Download the table:", className="toolbar-label"),
            button("CSV", ID.DOWNLOAD_CSV, outline, disabled=True,
                   tip_text="One row a run: every field and every metric."),
            button("Parquet", ID.DOWNLOAD_PARQUET, outline, disabled=True,
                   tip_text="The same table as Parquet (pandas.read_parquet reads it)."),
            dcc.Download(id=ID.DOWNLOAD),
        ],
        className="toolbar",
    )


def build_layout(values: Mapping[str, Any] | None = None,
                 base: NetworkConfig = S.DEFAULT_BASE) -> html.Div:
    """The sweep page with these controls (default: the first preset's) and base."""
    values = S.default_values() if values is None else values
    return html.Div(
        [
            dcc.Location(id=ID.URL, refresh=False),
            dcc.Location(id=ID.NAVIGATE, refresh="callback-nav"),
            dcc.Store(id=ID.URL_CHANGE),
            dcc.Store(id=ID.ADDRESS_SINK),
            dcc.Store(id=ID.REQUEST),
            dcc.Store(id=ID.RESULT),
            dcc.Store(id=ID.FILES),
            dcc.Store(id=ID.PARTIAL),
            dcc.Store(id=ID.BASE, data=base.to_dict()),
            dcc.Store(id=ID.FIELD_ERRORS, data={}),
            html.Div([html.H1("Sweeps and phase diagrams"), toolbar()],
                     className="page-header"),
            dbc.Row(
                [
                    dbc.Col(controls(values, base), xs=12, md=4, xl=3,
                            className="controls-col"),
                    dbc.Col(
                        [
                            alert_area(ID.ALERT),
                            html.Div("Choose a preset, or axes and their values, and press "
                                     "Run sweep.", id=ID.STATUS, role="status",
                                     className="sweep-status"),
                            html.Div(id=ID.CARDS, className="summary sweep-cards"),
                            html.Div([graph(ID.DIAGRAM, "sweep_diagram", GRAPH_HEIGHT),
                                      graph(ID.REGIMES, "sweep_regimes", GRAPH_HEIGHT)],
                                     id="sweep-page-graphs", className="sweep-grid"),
                            html_block(prose_html(READING), "card card-body sweep-reading"),
                        ],
                        xs=12, md=8, xl=9, className="results-col",
                    ),
                ],
                className="g-3",
            ),
        ],
        className="sweep-page",
    )
