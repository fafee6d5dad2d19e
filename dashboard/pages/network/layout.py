"""Layout builders: functions that return components and know nothing of callbacks.

The page: controls in a left column, the figures in a grid on the right, the
model's equations and the lessons underneath. Every control carries a plain-words
tooltip and starts at the state it is given: the address's, or the original script's
run (800 RS + 202 LTS neurons, weights 0.5 / 1.0, noise 5 / 2 mV/ms, seed 0, 1000 ms,
exact mode).
"""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from izhi_core import NEURON_TYPES, WEIGHT_SCENARIOS, NetworkConfig
from izhi_core.fields import FIELDS, MODES
from izhi_core.heterogeneity import parameter_spread

from ...common.components import (
    alert_area,
    button,
    field,
    graph,
    html_block,
    section,
    slider_row,
    text_box,
    tip,
)
from . import history
from .ids import CONFIG_CONTROLS, ID
from .lessons import lesson_result, lessons_panel
from .playback import playback_bar
from .present import enter_button, present_bar, present_keys
from .state import (
    CUSTOM,
    DRAWING_KEY,
    NEURONS_KEY,
    config_from_controls,
    default_state,
    query_from_state,
    scenario_of,
)

SEEDS_QUERY = "seeds=5"  # the sweep page's replicates of its base, at the base's seed on

MODE_LABELS = {"exact": "exact (as the original script)", "fast": "fast"}

GRAPH_HEIGHTS = {  # px; the raster and the map share a row, as do traces and rhythms
    ID.RASTER: 430, ID.CURRENT_MAP: 430, ID.TRACES: 430, ID.RHYTHMS: 430,
}

TOOLTIPS: dict[ID, str] = {
    **{control: FIELDS[name].help for name, control in CONFIG_CONTROLS.items()},
    ID.SCENARIO: "Pick one of the weight settings written in the original script; it moves "
    "the two weight sliders. 'custom' means the sliders match none of them.",
    ID.NEW_SEED: "Draw another seed: a new network of the same kind.",
    ID.RESET: "Put every control back to the original script's run.",
    ID.NEURONS: "Neurons whose v(t) and u(t) are drawn. Type an index, or click a dot in the "
    "raster or a row of the current map to add one.",
    ID.DRAWING: "As the original script: every neuron of the current map on its colour "
    "limits, and v as the script records it (the reset value at a spike).",
    ID.COPY_LINK: "Copy a link to this exact view: everything on the left is in the address.",
    ID.SEEDS_LINK: "This network at five seeds on the sweep page: its rates as mean \u00b1 sd "
    "and its spectrum as a band, so you can see whether its rhythm is robust.",
    ID.SWEEP_LINK: "The sweep page, with this network as the base of its phase diagrams.",
    ID.DOWNLOAD_SPIKES: "Every spike as a CSV table: time_ms, neuron.",
    ID.DOWNLOAD_CONFIG: "The settings of this run as JSON, readable by the command line tool.",
    ID.DOWNLOAD_TRACES: "The traced neurons' v(t) and u(t) as a CSV table.",
    ID.DOWNLOAD_NWB: "Every spike and the settings of this run as an NWB file (Neurodata "
    "Without Borders): a unit per neuron with its population and a, b, c, d.",
    ID.DOWNLOAD_FIGURES: "The four figures as PNG and SVG in a zip, each with this run's "
    "parameters under it, for slides.",
}

INTRO = """
<p><strong>Spiking neurons, as in Izhikevich (2003).</strong> Each dot of the raster is a
spike. The network has excitatory neurons (indices below the black line) and inhibitory
neurons (above it); every neuron is connected to every other with a random weight, and
each receives a random "thalamic" input every millisecond. Out of this noise the
network organises itself into rhythms that resemble those of the cortex.</p>
"""

# The equations are MathML, which the browser typesets itself (MathML Core: Chromium 109+,
# Firefox, Safari): no MathJax (2 MB of script) to load and run on each page load.
def _math(mathml: str) -> str:
    return f"<math>{mathml}</math>"


def _display(mathml: str) -> str:
    return f'<math display="block">{mathml}</math>'


def _d_dt(var: str) -> str:
    return f"<mfrac><mrow><mi>d</mi><mi>{var}</mi></mrow><mrow><mi>d</mi><mi>t</mi></mrow></mfrac>"


_THIN, _QUAD = '<mspace width="0.17em"/>', '<mspace width="1em"/>'  # TeX's \, and \quad
_V, _U = "<mi>v</mi>", "<mi>u</mi>"
DV_DT = (_d_dt("v") + "<mo>=</mo><mn>0.04</mn>" + _THIN + "<msup><mi>v</mi><mn>2</mn></msup>"
         "<mo>+</mo><mn>5</mn>" + _THIN + _V + "<mo>+</mo><mn>140</mn><mo>\u2212</mo>" + _U
         + "<mo>+</mo><mi>I</mi>")
DU_DT = (_d_dt("u") + "<mo>=</mo><mi>a</mi>" + _THIN + "<mrow><mo>(</mo><mi>b</mi>" + _THIN + _V
         + "<mo>\u2212</mo>" + _U + "<mo>)</mo></mrow>")
RESET = ("<mtext>if\u00a0</mtext>" + _V + "<mo>\u2265</mo><mn>30</mn><mtext>\u00a0mV:</mtext>"
         + _QUAD + _V + "<mo>\u2190</mo><mi>c</mi><mo>,</mo>" + _QUAD + _U + "<mo>\u2190</mo>"
         + _U + "<mo>+</mo><mi>d</mi>")

_ABCD = _math("<mi>a</mi><mo>,</mo><mi>b</mi><mo>,</mo><mi>c</mi><mo>,</mo><mi>d</mi>")
EQUATIONS = f"""
<p>Each neuron has a membrane potential {_math(_V)} (mV) and a recovery variable
{_math(_U)}:</p>
<div class="equations">
{_display(DV_DT)}
{_display(DU_DT)}
{_display(RESET)}
</div>
<p>The four numbers {_ABCD}
choose the firing pattern (regular spiking, bursting, chattering, fast spiking, ...). The
input {_math("<mi>I</mi>")} is the random thalamic input plus the weights of the synapses from
the neurons that fired in the previous millisecond. The simulation takes 1 ms Euler steps
({_math(_V)} in two half steps), as the original script.</p>
"""



def type_params_text(key: str) -> str:
    """'a 0.02, b 0.2, c -65 mV, d 8' for a key of NEURON_TYPES."""
    t = NEURON_TYPES[key]
    return f"a {t.a:g}, b {t.b:g}, c {t.c:g} mV, d {t.d:g}"


def _span(lo: float, hi: float) -> str:
    return f"{lo:g}" if lo == hi else f"{lo:g} to {hi:g}"


def spread_text(spread: dict[str, Any]) -> str:
    """What the original script's recipe makes of a type in the network: the range of each
    parameter over its neurons, and a warning when d < 0 for some of them."""
    text = (f"In the network: a {_span(*spread['a'])}, b {_span(*spread['b'])}, "
            f"c {_span(*spread['c'])} mV, d {_span(*spread['d'])}.")
    if spread["d_negative"] > 0:
        text += (f" d < 0 for {spread['d_negative']:.0%} of them: each of their spikes "
                 "lowers u, so they fire without end.")
    return text


def _field(control_id: ID, label: str, control: Any, note: Any = None,
           label_shown: bool = True) -> html.Div:
    """A labelled control with its tooltip (:func:`dashboard.common.components.field`)."""
    return field(control_id, label, control, note, label_shown, TOOLTIPS.get(control_id))


_text_box = text_box


def _slider_field(name: str, value: float) -> html.Div:
    """A slider over the field's whole allowed range with a box that always shows its
    value: the box is the control the page reads, the slider moves it."""
    f = FIELDS[name]
    control_id = CONFIG_CONTROLS[name]
    return _field(control_id, f.title, slider_row(control_id, value, f.lo, f.hi, f.step,
                                                  f.marks))


def _number_field(name: str, value: Any, placeholder: str = "") -> html.Div:
    control_id = CONFIG_CONTROLS[name]
    return _field(control_id, FIELDS[name].title, _text_box(control_id, value, placeholder))


def _type_dropdown(control_id: ID, value: str) -> dcc.Dropdown:
    return dcc.Dropdown(
        id=control_id,
        options=[{"label": t.label, "value": key} for key, t in NEURON_TYPES.items()],
        value=value, clearable=False, searchable=False,
    )


def neuron_options(neurons: list[int], ne: int) -> list[dict[str, Any]]:
    """Options of the neuron multi-select: '811 (I)'."""
    return [{"label": f"{i} ({'E' if i < ne else 'I'})", "value": i} for i in neurons]


SECTIONS = ("Neurons", "Synapses", "Thalamic noise", "Network", "Traced neurons", "Figures")


def section_id(title: str) -> str:
    """The id of a section of controls: ``section-thalamic-noise``."""
    return "section-" + title.lower().replace(" ", "-")


def _section(title: str, children: list[Any]) -> html.Details:
    """A titled group of controls that folds away: on a phone every section starts
    folded (:data:`dashboard.pages.network.callbacks.FOLD_JS`), so the results come
    within the first screen."""
    return section(title, children, section_id(title))


def _type_field(population: str, config: NetworkConfig, spread: dict[str, Any]) -> html.Div:
    """A population's type: the dropdown, its a, b, c, d beside the label, and under it
    what the original script's recipe makes of them in the network."""
    name = f"{population}_type"
    key = getattr(config, name)
    return _field(
        CONFIG_CONTROLS[name], FIELDS[name].label,
        html.Div([_type_dropdown(CONFIG_CONTROLS[name], key),
                  html.Div(spread_text(spread[population]), id=ID(f"{population}-spread"),
                           className="spread-note")]),
        html.Span(type_params_text(key), id=ID(f"{population}-params"), className="type-params"))


def controls(state: dict[str, Any]) -> html.Div:
    """The left column: every parameter of the run, the traced neurons, reset, set to
    ``state`` (control values by key of :data:`dashboard.pages.network.state.STATE_KEYS`)."""
    config = config_from_controls(state)
    neurons = list(state[NEURONS_KEY])
    spread = parameter_spread(config)
    scenarios = [{"label": s.label, "value": k} for k, s in WEIGHT_SCENARIOS.items()]
    return html.Div(
        [
            button("Reset to the original script", ID.RESET, "btn-outline-primary",
                   "w-100 mb-2", TOOLTIPS[ID.RESET]),
            _section("Neurons", [
                _type_field("exc", config, spread),
                _type_field("inh", config, spread),
            ]),
            _section("Synapses", [
                _field(ID.SCENARIO, "Weight scenario", dcc.Dropdown(
                    id=ID.SCENARIO,
                    options=[*scenarios, {"label": "custom", "value": CUSTOM,
                                          "disabled": True}],
                    value=scenario_of(config.exc_weight, config.inh_weight),
                    clearable=False, searchable=False,
                )),
                _slider_field("exc_weight", config.exc_weight),
                _slider_field("inh_weight", config.inh_weight),
            ]),
            _section("Thalamic noise", [
                _slider_field("exc_noise", config.exc_noise),
                _slider_field("inh_noise", config.inh_noise),
            ]),
            _section("Network", [
                html.Div([
                    _number_field("ne", config.ne),
                    _number_field("ni", config.ni),
                    _number_field("duration", config.duration),
                    _number_field("inputs", config.inputs, placeholder="all-to-all"),
                ], className="pair-grid"),
                _field(ID.SEED, FIELDS["seed"].label, dbc.InputGroup([
                    _text_box(ID.SEED, config.seed),
                    button("new seed", ID.NEW_SEED, "btn-outline-secondary",
                           tip_text=TOOLTIPS[ID.NEW_SEED]),
                ], size="sm")),
                _field(ID.MODE, FIELDS["mode"].label, dbc.RadioItems(
                    id=ID.MODE, value=config.mode, inline=True,
                    options=[{"label": MODE_LABELS[m], "value": m} for m in MODES],
                )),
            ]),
            _section("Traced neurons", [
                _field(ID.NEURONS, "Traced neurons", dcc.Dropdown(
                    id=ID.NEURONS, options=neuron_options(neurons, config.ne), value=neurons,
                    multi=True, placeholder="type a neuron index", clearable=True,
                ), label_shown=False),
            ]),
            _section("Figures", [
                _field(ID.DRAWING, "Drawn", dbc.RadioItems(
                    id=ID.DRAWING, value=state[DRAWING_KEY], inline=True,
                    options=[{"label": "as the explorer", "value": "explorer"},
                             {"label": "as the original script", "value": "original"}],
                )),
            ]),
        ],
        className="controls",
    )


# The page is built from few components, nested shallowly, and laid out by CSS grids
# (assets/style.css): the Dash renderer visits every component on each change, and each
# costs the page about 0.1 ms per slider move (bench/bench_dashboard.py). Tooltips are
# CSS on the controls' own elements for the same reason.


CARD_TITLES: dict[ID, str] = {
    ID.CARD_SPIKES: "Spikes",
    ID.CARD_RATE_E: "Excitatory rate",
    ID.CARD_RATE_I: "Inhibitory rate",
    ID.CARD_LOW_PEAK: "4–13 Hz peak",
    ID.CARD_GAMMA_PEAK: "25–60 Hz peak",
    ID.CARD_TIME: "Simulation time",
}


def _card(card_id: ID, title: str, text: str = "…") -> html.Div:
    """One component per card: the title is drawn by CSS from ``data-label`` (each Dash
    component costs the page some time on every change, and these are six)."""
    return html.Div(text, id=card_id, className="card card-value", **{"data-label": title})


def summary_cards(shown: dict[ID, Any]) -> html.Div:
    """Spike count, mean rates, rhythm peaks and the run's wall-clock time; and, for
    screen readers, a polite status that says each new result in a sentence."""
    return html.Div(
        [*(_card(card, title, shown.get(card, "…")) for card, title in CARD_TITLES.items()),
         html.Div(shown.get(ID.RESULT_STATUS), id=ID.RESULT_STATUS, role="status",
                  className="visually-hidden")],
        className="summary",
    )


def figures(names: dict[ID, str], shown: dict[ID, Any]) -> html.Div:
    """The figure grid: raster | current map, then traces | rhythms (the rate over its
    spectrum; below 1400 px the traces take the whole width, their title and legend
    need it, and so do the rhythms under them; one column below 992 px)."""
    return html.Div(
        [graph(g, names[g], GRAPH_HEIGHTS[g], shown.get(g))
         for g in (ID.RASTER, ID.CURRENT_MAP, ID.TRACES, ID.RHYTHMS)],
        className="figure-grid",
    )


def lab_links(config: NetworkConfig, neurons: Any, drawing: str = "explorer") -> list[Any]:
    """'Open in the neuron lab: neuron 1 (E), neuron 811 (I)': each traced neuron replayed
    alone at /neuron, which reruns this network from its address (the whole of this
    page's, with ``replay``) and feeds the neuron the input it received here."""
    if not neurons:
        return []
    search = query_from_state(config, neurons, drawing)[1:]
    links = [dcc.Link(f"neuron {i} ({'E' if i < config.ne else 'I'})",
                      href=f"/neuron?replay={i}&{search}", className="lab-link")
             for i in neurons]
    return [html.Span("Open in the neuron lab:", className="toolbar-label"),
            *[part for link in links for part in (" ", link)]]


def toolbar() -> html.Div:
    """The page's actions, Copy link and the downloads (a menu): real buttons, reachable by
    Tab."""
    outline = "btn-outline-secondary"
    return html.Div(
        [
            enter_button(),
            *history.toolbar_items(),
            button("Copy link", ID.COPY_LINK, outline, tip_text=TOOLTIPS[ID.COPY_LINK]),
            # links, not buttons: they open the sweep page (a dcc.Link takes no data-tip)
            html.Span(dcc.Link("Run 5 seeds", id=ID.SEEDS_LINK, href=f"/sweep?{SEEDS_QUERY}",
                               className=f"btn btn-sm {outline}"),
                      id=f"{ID.SEEDS_LINK}-tip", **tip(TOOLTIPS[ID.SEEDS_LINK])),
            html.Span(dcc.Link("Sweep it", id=ID.SWEEP_LINK, href="/sweep",
                               className=f"btn btn-sm {outline}"),
                      id=f"{ID.SWEEP_LINK}-tip", **tip(TOOLTIPS[ID.SWEEP_LINK])),
            # the five downloads fold into one menu: the toolbar stays one row at 1280 px
            html.Details(
                [html.Summary("Download", className=f"btn btn-sm {outline}"),
                 html.Div(
                     [button("Spikes (CSV)", ID.DOWNLOAD_SPIKES, outline,
                             tip_text=TOOLTIPS[ID.DOWNLOAD_SPIKES]),
                      button("Spikes (NWB)", ID.DOWNLOAD_NWB, outline,
                             tip_text=TOOLTIPS[ID.DOWNLOAD_NWB]),
                      button("Configuration (JSON)", ID.DOWNLOAD_CONFIG, outline,
                             tip_text=TOOLTIPS[ID.DOWNLOAD_CONFIG]),
                      button("Traces (CSV)", ID.DOWNLOAD_TRACES, outline,
                             tip_text=TOOLTIPS[ID.DOWNLOAD_TRACES]),
                      button("All figures (PNG, SVG)", ID.DOWNLOAD_FIGURES, outline,
                             tip_text=TOOLTIPS[ID.DOWNLOAD_FIGURES])],
                     className="download-items", role="group",
                     **{"aria-label": "Downloads"})],
                id=ID.DOWNLOAD_MENU, className="download-menu"),
            dcc.Download(id=ID.DOWNLOAD),
        ],
        className="toolbar",
    )


def stale_note() -> html.Div:
    """Shown beside the figures whenever they are not what the controls say (a refused
    value, a cancelled or waiting run): what they show, and a way to run or revert."""
    return html.Div(
        [
            html.Span(id=ID.STALE_TEXT, className="stale-text"),
            button("Run these controls", ID.RUN_AGAIN, "btn-primary"),
            button("Back to the drawn run", ID.REVERT, "btn-outline-secondary"),
        ],
        id=ID.STALE, className="stale-note", role="status", style={"display": "none"},
    )


def _html_card(text: str) -> html.Div:
    """A card whose content is HTML of this module's: no Dash component draws MathML
    (:func:`dashboard.common.components.html_block`)."""
    return html_block(text, "card card-body")


def teaching() -> html.Div:
    """What the network is, its equations, and the lessons (what to try, one click a step,
    checked on the result: :mod:`dashboard.pages.network.lessons`)."""
    return html.Div([_html_card(INTRO + EQUATIONS), lessons_panel()], className="teaching")


def build_layout(names: dict[ID, str], state: dict[str, Any] | None = None,
                 shown: dict[ID, Any] | None = None) -> html.Div:
    """The network page.

    Parameters
    ----------
    names : dict
        PNG file stem of each graph's download button, by graph id (the original
        script's file names for the neuron types of ``state``).
    state : dict, optional
        The controls' values, by key of :data:`dashboard.pages.network.state.STATE_KEYS`
        (default: the original script's run).
    shown : dict, optional
        What the page shows from the start, by component id: the figures, the cards'
        and the status's texts, and what they show (``DRAWN``'s data). Without it the
        figures are empty until a callback draws them.
    """
    state = default_state() if state is None else state
    shown = shown or {}
    return html.Div(
        [
            # The address: read through URL and URL_CHANGE (dashboard.pages.network.address),
            # written from DRAWN, the state of the figures on screen.
            dcc.Location(id=ID.URL, refresh=False),
            dcc.Store(id=ID.URL_CHANGE),
            dcc.Store(id=ID.DRAWN, data=shown.get(ID.DRAWN)),
            dcc.Store(id=ID.RUN_REQUEST),
            dcc.Store(id=ID.URL_APPLIED),
            dcc.Store(id=ID.SINK),
            dcc.Store(id=ID.BOX_TYPED),
            dcc.Store(id=ID.FIELD_ERRORS, data={}),
            html.Div(
                [
                    html.H1("Izhikevich (2003) network"),
                    toolbar(),
                ],
                className="page-header",
            ),
            dbc.Row(
                [
                    dbc.Col(controls(state), xs=12, md=4, xl=3, className="controls-col",
                            id="controls-drawer"),
                    dbc.Col(
                        [
                            present_bar(),
                            alert_area(ID.ALERT),
                            stale_note(),
                            summary_cards(shown),
                            present_keys(),
                            playback_bar(),
                            lesson_result(),
                            figures(names, shown),
                            html.Div(shown.get(ID.LAB_LINKS), id=ID.LAB_LINKS,
                                     className="lab-links"),
                            teaching(),
                        ],
                        xs=12, md=8, xl=9, className="results-col",
                    ),
                ],
                className="g-3",
            ),
            history.drawer(),
        ],
        className="network-page",
    )
