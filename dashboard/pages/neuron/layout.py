"""Layout builders of the neuron lab: functions that return components, no callbacks.

The page: the twenty patterns of Izhikevich (2004), Fig. 1 as small multiples (the
gallery; each panel a link that opens it in the lab), then the lab: controls in a
left column, and on the right v(t), u(t), I(t) beside the phase plane, with the
phase plane's time under it and what the last change did above them.
"""

from __future__ import annotations

from html import escape
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from izhi_core.neuron import FIGURE1_2004, PRESET_PATTERNS

from ...common.components import (
    alert_area,
    button,
    field,
    graph,
    html_block,
    prose_html,
    section,
    slider_row,
)
from . import state as S
from . import view
from .ids import CONTROLS, ID, gallery_panel

PATH = "/neuron"
GRAPH_HEIGHT = 460  # px: the traces and the phase plane side by side
GALLERY_HEIGHT = 118  # px: one panel's graph

LABELS: dict[str, str] = {
    "pattern": "Pattern",
    "scheme": "Scheme",
    "a": "a: time scale of u (1/ms)",
    "b": "b: sensitivity of u to v",
    "c": "c: reset of v (mV)",
    "d": "d: reset jump of u (mV/ms)",
    "tau": "Step τ (ms)",
    "shape": "Input",
    "amp": "Amplitude or slope (mV/ms)",
    "t0": "Start (ms)",
    "t1": "End (ms; empty: the end)",
    "base": "Baseline (mV/ms)",
    "at": "Time on the phase plane (ms)",
}
TOOLTIPS: dict[str, str] = {
    "pattern": "A panel of Izhikevich (2004), Fig. 1, or one of the network's neuron types "
               "under the protocol of Izhikevich (2003), Fig. 2.",
    "scheme": "How each step is integrated: as the 2004 figure's code, as the 2003 network "
              "(v in two half steps, 1 ms), or plain Euler.",
    "a": "How fast u recovers after a spike. The slider spans -0.05 to 0.25; the box takes "
         "-1 to 1.",
    "b": "How strongly u follows v below the threshold; b > a allows resonance.",
    "c": "Where v is reset after a spike (mV): near -50 mV the neuron bursts.",
    "d": "How much each spike adds to u; below 0 each spike lowers u.",
    "tau": "The Euler step in ms: the published figure uses 0.1 to 0.5 ms.",
    "shape": "The published input, or your own: one step, or one ramp, on a baseline.",
    "amp": "The current in the window (a step), or how much it rises each ms (a ramp).",
    "t0": "When the window opens, in ms (it is open: t0 < t).",
    "t1": "When it closes, in ms; empty or the run's end: it lasts to the end.",
    "base": "The current outside the window.",
    "at": "The time whose input sets the nullclines and the fixed points of the phase plane.",
    str(ID.RESET): "Put a, b, c, d, the scheme, the step and the input back as published (or "
                   "the replayed neuron's own).",
}
SCHEME_LABELS = {"figure2004": "2004 figure", "network2003": "2003 network",
                 "euler": "plain Euler"}
SHAPE_LABELS = {S.PUBLISHED: "as published", "step": "a step", "ramp": "a ramp"}
SECTIONS = ("Neuron", "Parameters", "Input", "Integration")

INTRO = """
**Twenty firing patterns from four numbers.** Each panel is one Izhikevich neuron,
v(t) above the input current I(t) beneath it, with the parameters and the code of
Izhikevich (2004), Fig. 1, computed here as published. Click a panel to open it in the
lab below, change a, b, c, d or the input, and see why it fires on the phase plane.
"""

PHASE_HELP = """
**The phase plane.** The neuron's state is a point (v, u). It moves along the grey flow;
on the blue **v-nullcline** v stops changing, on the orange **u-nullcline** u does. Where
they cross the neuron can rest: a filled point is stable, an open one unstable. Raising I
lifts the v-nullcline; above **I_SN** it no longer meets the u-nullcline, no resting state
is left, and v runs up to the peak: at 30 mV it is reset to **v = c** (the dotted line) and
u jumps by **d** (the red dots). Move the time under the plane, or point at v(t), to follow
the dot.
"""


def pattern_options(replay: Any = None) -> list[dict[str, Any]]:
    """The picker's options: the twenty panels, the presets, and a replayed neuron."""
    options = [{"label": view.pattern_label(p), "value": key}
               for key, p in {**FIGURE1_2004, **PRESET_PATTERNS}.items()]
    if replay is not None:
        config, neuron = S.replay_target(replay)
        kind = "E" if neuron < config.ne else "I"
        options.append({"label": f"network neuron {neuron} ({kind})", "value": S.REPLAY})
    return options


def _field(key: str, control: Any) -> html.Div:
    return field(CONTROLS[key], LABELS[key], control, tip_text=TOOLTIPS.get(key))


def slider_field(key: str, value: Any, duration: float) -> html.Div:
    """A control's slider and its box (the box is the control the page reads)."""
    lo, hi, step, marks = S.slider_of(key, duration)
    # the box says "-50", as the address does, not Python's "-50.0"
    text = "" if value in (None, "") else S.address_text(value)
    return _field(key, slider_row(CONTROLS[key], None if value in (None, "") else value, lo, hi,
                                  step, marks, placeholder="end" if key == "t1" else "",
                                  text=text))


def _radio(key: str, value: str, labels: dict[str, str]) -> html.Div:
    return _field(key, dbc.RadioItems(id=CONTROLS[key], value=value, inline=True,
                                      options=[{"label": t, "value": v}
                                               for v, t in labels.items()]))


def section_id(title: str) -> str:
    return "lab-section-" + title.lower()


def controls(values: dict[str, Any], replay: Any, duration: float) -> html.Div:
    """The lab's left column: the pattern, a, b, c, d, the input, the step, reset."""
    pattern = S.PATTERNS.get(values["pattern"])
    return html.Div([
        section("Neuron", [
            _field("pattern", dcc.Dropdown(id=ID.PATTERN, options=pattern_options(replay),
                                           value=values["pattern"], clearable=False,
                                           searchable=False)),
        ], section_id("Neuron")),
        section("Parameters", [slider_field(k, values[k], duration) for k in S.PARAMETERS],
                section_id("Parameters")),
        section("Input", [
            html.Div(
                [_radio("shape", values["shape"], SHAPE_LABELS),
                 html.P(view.published_text(pattern) if pattern else "", id=ID.PUBLISHED,
                        className="spread-note"),
                 *[slider_field(k, values[k], duration) for k in ("amp", "t0", "t1", "base")]],
                className="lab-input"),
            html.P("The input is the one this neuron received in the network: its noise and "
                   "its synapses, recorded each ms.", className="spread-note lab-recorded"),
        ], section_id("Input")),
        section("Integration", [
            html.Div([_radio("scheme", values["scheme"], SCHEME_LABELS),
                      slider_field("tau", values["tau"], duration)], className="lab-scheme"),
            html.P("The network's scheme: v in two half steps of 0.5 ms, then u.",
                   className="spread-note lab-recorded"),
        ], section_id("Integration")),
        button("Back to the original values", ID.RESET, "btn-outline-primary",
               "w-100 mt-2", TOOLTIPS[str(ID.RESET)]),
    ], className="controls")


def gallery_html() -> str:
    """The twenty panels' HTML: each a link (``data-route``: followed in the page, as
    dcc.Link is, by assets/route_links.js) around its label and its SVG image."""
    images = view.gallery_images()
    return "".join(
        f'<a class="gallery-panel" href="{PATH}?pattern={key}" data-route '
        f'title="{escape("Open " + p.label + " in the lab")}">'
        f'<span class="gallery-label">{escape(p.label)}</span>'
        f'<img id="{gallery_panel(key)}" class="gallery-graph" src="{images[key]}" alt="" '
        f'style="height: {GALLERY_HEIGHT}px"></a>'
        for key, p in FIGURE1_2004.items())


def gallery() -> html.Section:
    """The twenty panels as Fig. 1 lays them out (five columns, four rows on a wide
    screen), each a link that opens its pattern in the lab.

    One component, its HTML set by assets/html_text.js: Dash's renderer visits every
    component of the page at each change of the lab, and sixty (a link, a label and an
    image for each panel) cost a lab redraw a tenth of its time."""
    return html.Section([
        html.H2("The twenty patterns of Izhikevich (2004), Fig. 1", className="lab-heading"),
        html_block(prose_html(INTRO), "lab-intro"),
        html.Div(id=ID.GALLERY, className="gallery-grid", **{"data-html": gallery_html()}),
    ], className="gallery-section", **{"aria-label": "The twenty patterns"})


def results(values: dict[str, Any], duration: float) -> list[Any]:
    """The lab's right column: messages, what changed, the figures, the time, the words."""
    traces = graph(ID.TRACES, "izhikevich_neuron_traces", GRAPH_HEIGHT)
    phase = graph(ID.PHASE, "izhikevich_neuron_phase_plane", GRAPH_HEIGHT)
    return [
        alert_area(ID.ALERT),
        html.P(id=ID.SUMMARY, role="status", className="lab-summary"),
        html.P(id=ID.CHANGED, className="lab-changed", **{"aria-live": "polite"}),
        html.Div([
            html.Div(traces, className="lab-traces"),
            html.Div([phase, slider_field("at", values["at"], duration),
                      html.P(id=ID.PHASE_TEXT, className="lab-phase-text")],
                     className="lab-phase"),
        ], className="lab-grid"),
        html.Div(id=ID.NETWORK_LINK, className="lab-network-link"),
        html_block(prose_html(PHASE_HELP), "card card-body lab-help"),
    ]


def network_link(href: str, name: str) -> dcc.Link:
    """Back to the network page, on the same run, with the replayed neuron traced."""
    return dcc.Link(f"Back to the network, {name} traced", href=href, className="lab-link")


def lab_class(replay: Any) -> str:
    """The lab section's class: ``replaying`` hides the input and the scheme (a replayed
    neuron's are the network's)."""
    return "lab-section replaying" if replay is not None else "lab-section"


def build_layout(values: dict[str, Any], replay: Any = None) -> html.Div:
    """The neuron lab, its controls at ``values`` (and the replayed neuron, if any)."""
    duration = S.duration_of(values, replay)
    return html.Div([
        # The address: read through URL and URL_CHANGE (dashboard.pages.neuron.address),
        # written from DRAWN, the state of the figures on screen.
        dcc.Location(id=ID.URL, refresh=False),
        dcc.Store(id=ID.URL_CHANGE),
        dcc.Store(id=ID.URL_APPLIED),
        dcc.Store(id=ID.ADDRESS_SINK),
        dcc.Store(id=ID.DRAWN),
        dcc.Store(id=ID.REPLAY, data=replay),
        dcc.Store(id=ID.FIELD_ERRORS, data={}),
        dcc.Store(id=ID.BOX_TYPED),
        html.Div(html.H1("The neuron lab: one Izhikevich neuron"), className="page-header"),
        gallery(),
        html.Section([
            html.H2("The lab", className="lab-heading"),
            dbc.Row([
                dbc.Col(controls(values, replay, duration), xs=12, md=4, xl=3,
                        className="controls-col"),
                dbc.Col(results(values, duration), xs=12, md=8, xl=9, className="results-col"),
            ], className="g-3"),
        ], id=ID.LAB, className=lab_class(replay), **{"aria-label": "The lab"}),
    ], className="neuron-page")
