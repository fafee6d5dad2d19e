"""Layout builders: functions that return components and know nothing of callbacks.

The page: controls in a left column, the figures in a grid on the right, the
model's equations and what to try underneath. Every control starts at the seed
script's run (800 RS + 202 LTS neurons, weights 0.5 / 1.0, noise 5 / 2 mV,
seed 0, 1000 ms, seed-exact mode) and carries a plain-words tooltip.
"""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from izhi_core import NEURON_TYPES, WEIGHT_SCENARIOS, NetworkConfig
from izhi_core.config import MODES

from .ids import ID
from .state import DEFAULT_CONFIG, DEFAULT_NEURONS, scenario_of

WEIGHT_SLIDER = {"min": 0.0, "max": 2.0, "step": 0.05, "marks": {0: "0", 0.5: "0.5", 1: "1",
                                                                 1.5: "1.5", 2: "2"}}
NOISE_SLIDER = {"min": 0.0, "max": 15.0, "step": 0.5, "marks": {0: "0", 5: "5", 10: "10",
                                                                15: "15"}}
MODE_LABELS = {"exact": "exact", "fast": "fast"}

GRAPH_HEIGHTS = {  # px; the raster and the map share a row, as do traces and rhythms
    ID.RASTER: 430, ID.CURRENT_MAP: 430, ID.TRACES: 430, ID.RHYTHMS: 430,
}

TOOLTIPS: dict[ID, str] = {
    ID.EXC_TYPE: "How each excitatory neuron fires when driven: the seven firing patterns "
    "of Izhikevich (2003). The seed uses regular spiking (RS).",
    ID.INH_TYPE: "How each inhibitory neuron fires. The seed uses low-threshold spiking (LTS).",
    ID.SCENARIO: "Pick one of the weight settings written in the original script; it moves "
    "the two weight sliders.",
    ID.EXC_WEIGHT: "Strength of excitatory synapses: each excitatory spike adds up to this "
    "many mV to the neurons it reaches.",
    ID.INH_WEIGHT: "Strength of inhibitory synapses: each inhibitory spike removes up to this "
    "many mV from the neurons it reaches.",
    ID.EXC_NOISE: "Random 'thalamic' input to excitatory neurons: the spread (standard "
    "deviation, mV) of a fresh random kick every ms.",
    ID.INH_NOISE: "Random input to inhibitory neurons: the spread (mV) of their random kick "
    "every ms.",
    ID.SEED: "Number that fixes all random draws: the same seed gives the same network and "
    "the same spikes, every time. 'new seed' draws another: a new network of the same kind.",
    ID.NE: "Number of excitatory neurons (the first indices of the raster).",
    ID.NI: "Number of inhibitory neurons (the indices above the black line).",
    ID.DURATION: "How much network time to simulate, in ms (1 ms steps).",
    ID.INPUTS: "Leave empty for the original all-to-all network. A number K gives each neuron "
    "exactly K random inputs, for large sparse networks.",
    ID.MODE: "Seed-exact reproduces the original script spike for spike. Fast uses another "
    "random generator and single precision: the same kind of network, quicker.",
    ID.RESET: "Put every control back to the original script's run.",
    ID.CANCEL: "Stop this run; the figures keep the last finished one.",
    ID.NEURONS: "Neurons whose v(t) and u(t) are drawn. Type an index, or click a dot in the "
    "raster or a row of the current map to add one.",
    ID.COPY_LINK: "Copy a link to this exact view: everything on the left is in the address.",
    ID.DOWNLOAD_SPIKES: "Every spike as a CSV table: time_ms, neuron.",
    ID.DOWNLOAD_CONFIG: "The settings of this run as JSON, readable by the command line tool.",
    ID.DOWNLOAD_TRACES: "The traced neurons' v(t) and u(t) as a CSV table.",
}

INTRO = """
**A thousand spiking neurons, as in Izhikevich (2003).** Each dot of the raster is a
spike. The network has excitatory neurons (indices below the black line) and inhibitory
neurons (above it); every neuron is connected to every other with a random weight, and
each receives a random "thalamic" input every millisecond. Out of this noise the
network organises itself into rhythms that resemble those of the cortex.
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

# Markdown passes an HTML block (from <div> to the next blank line) through whole.
EQUATIONS = f"""
Each neuron has a membrane potential {_math(_V)} (mV) and a recovery variable {_math(_U)}:

<div class="equations">
{_display(DV_DT)}
{_display(DU_DT)}
{_display(RESET)}
</div>

The four numbers {_math("<mi>a</mi><mo>,</mo><mi>b</mi><mo>,</mo><mi>c</mi><mo>,</mo><mi>d</mi>")}
choose the firing pattern (regular spiking, bursting, chattering, fast spiking, ...). The
input {_math("<mi>I</mi>")} is the random thalamic input plus the weights of the synapses from
the neurons that fired in the previous millisecond. The simulation takes 1 ms Euler steps
({_math(_V)} in two half steps), as the original script.
"""

TRY_THIS = """
**Things to try**

- Raise the **excitatory weight** to 1.0: the network bursts, almost all neurons fire
  together.
- Set the **inhibitory weight** to 0: without inhibition, activity runs away.
- Choose the weight scenario **S4**: with weak synapses the neurons fire on their own,
  driven by noise, and the stripes of synchronous firing in the raster fade.
- Change the **excitatory type** to chattering (CH) or intrinsically bursting (IB) and
  watch the traces of neuron 1.
- Lower the **excitatory noise** to 2 mV: the network falls almost silent.
- Click a dot of the raster to see that neuron's membrane potential and recovery variable.
- Press **new seed**: another random network of the same kind; its 8 Hz rhythm stays.
"""


def type_params_text(key: str) -> str:
    """'a 0.02, b 0.2, c -65 mV, d 8' for a key of NEURON_TYPES."""
    t = NEURON_TYPES[key]
    return f"a {t.a:g}, b {t.b:g}, c {t.c:g} mV, d {t.d:g}"


def graph_config(filename: str) -> dict[str, Any]:
    """Plotly's config for one graph: PNG export under ``filename``, no logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def _tip(control_id: ID) -> dict[str, str]:
    """The tooltip of a control, as the ``data-tip`` attribute that assets/style.css
    shows on hover and keyboard focus (no component of its own: see below)."""
    return {"data-tip": TOOLTIPS[control_id]}


def _button(label: str, button_id: ID, style: str, extra: str = "", **props: Any) -> html.Button:
    """A Bootstrap button with its tooltip, if it has one (a plain button: it can carry
    the attribute; a button inside a field has its field's)."""
    tip = _tip(button_id) if button_id in TOOLTIPS else {}
    return html.Button(label, id=button_id, n_clicks=0, className=f"btn btn-sm {style} {extra}",
                       **tip, **props)


def _field(control_id: ID, label: str | None, control: Any, note: Any = None,
           tip_above: bool = False) -> html.Div:
    """A labelled control with its tooltip; hovering the label or the control shows it.

    ``note`` goes on the label's line, at its right (the a, b, c, d of a type); no
    label when the section title says it all. The tooltip shows below the control,
    or above it (``tip_above``) for the last one, at the bottom of its scrolling column.
    """
    group = f"{control_id}-group"
    label_line = [] if label is None else [html.Label(
        label if note is None else [label, note], htmlFor=str(control_id),
        className="control-label" if note is None else "control-label label-line")]
    return html.Div([*label_line, control], id=group,
                    className="control tip-above" if tip_above else "control",
                    **_tip(control_id))


def _type_dropdown(control_id: ID, value: str) -> dcc.Dropdown:
    return dcc.Dropdown(
        id=control_id,
        options=[{"label": t.label, "value": key} for key, t in NEURON_TYPES.items()],
        value=value, clearable=False, searchable=False,
    )


def _slider(control_id: ID, value: float, spec: dict[str, Any]) -> dcc.Slider:
    return dcc.Slider(id=control_id, value=value, updatemode="mouseup", **spec)


def _number(control_id: ID, value: int | None, placeholder: str = "") -> dbc.Input:
    # No min/max here: the core's validation speaks for every bad value.
    return dbc.Input(id=control_id, type="number", value=value, debounce=True, step=1,
                     placeholder=placeholder, size="sm")


def neuron_options(neurons: list[int], ne: int) -> list[dict[str, Any]]:
    """Options of the neuron multi-select: '811 (I)'."""
    return [{"label": f"{i} ({'E' if i < ne else 'I'})", "value": i} for i in neurons]


def controls(config: NetworkConfig = DEFAULT_CONFIG) -> html.Div:
    """The left column: every parameter of the run, the traced neurons, reset."""
    neurons = list(DEFAULT_NEURONS)
    return html.Div(
        [
            _button("Reset to the original script", ID.RESET, "btn-outline-primary",
                    "w-100 mb-2"),
            html.H2("Neurons", className="section-title"),
            _field(ID.EXC_TYPE, "Excitatory", _type_dropdown(ID.EXC_TYPE, config.exc_type),
                   html.Span(type_params_text(config.exc_type), id=ID.EXC_PARAMS,
                             className="type-params")),
            _field(ID.INH_TYPE, "Inhibitory", _type_dropdown(ID.INH_TYPE, config.inh_type),
                   html.Span(type_params_text(config.inh_type), id=ID.INH_PARAMS,
                             className="type-params")),
            html.H2("Synapses", className="section-title"),
            _field(ID.SCENARIO, "Weight scenario", dcc.Dropdown(
                id=ID.SCENARIO,
                options=[{"label": s.label, "value": k} for k, s in WEIGHT_SCENARIOS.items()],
                value=scenario_of(config.exc_weight, config.inh_weight),
                placeholder="custom weights", clearable=False, searchable=False,
            )),
            _field(ID.EXC_WEIGHT, "Excitatory weight (mV)",
                   _slider(ID.EXC_WEIGHT, config.exc_weight, WEIGHT_SLIDER)),
            _field(ID.INH_WEIGHT, "Inhibitory weight (mV)",
                   _slider(ID.INH_WEIGHT, config.inh_weight, WEIGHT_SLIDER)),
            html.H2("Thalamic noise", className="section-title"),
            _field(ID.EXC_NOISE, "Excitatory noise (mV)",
                   _slider(ID.EXC_NOISE, config.exc_noise, NOISE_SLIDER)),
            _field(ID.INH_NOISE, "Inhibitory noise (mV)",
                   _slider(ID.INH_NOISE, config.inh_noise, NOISE_SLIDER)),
            html.H2("Network", className="section-title"),
            html.Div([
                _field(ID.NE, "Excitatory Ne", _number(ID.NE, config.ne)),
                _field(ID.NI, "Inhibitory Ni", _number(ID.NI, config.ni)),
                _field(ID.DURATION, "Duration (ms)", _number(ID.DURATION, config.duration)),
                _field(ID.INPUTS, "Inputs per neuron",
                       _number(ID.INPUTS, config.inputs, placeholder="all-to-all")),
            ], className="pair-grid"),
            _field(ID.SEED, "Random seed", dbc.InputGroup([
                dbc.Input(id=ID.SEED, type="number", value=config.seed, debounce=True, step=1,
                          size="sm"),
                _button("new seed", ID.NEW_SEED, "btn-outline-secondary"),
            ], size="sm")),
            _field(ID.MODE, "Mode", dbc.RadioItems(
                id=ID.MODE, value=config.mode, inline=True,
                options=[{"label": MODE_LABELS[m], "value": m} for m in MODES],
            )),
            html.H2("Traced neurons", className="section-title"),
            _field(ID.NEURONS, None, dcc.Dropdown(
                id=ID.NEURONS, options=neuron_options(neurons, config.ne), value=neurons,
                multi=True, placeholder="type a neuron index", clearable=True,
            ), tip_above=True),
        ],
        className="controls",
    )


# The page is built from few components, nested shallowly, and laid out by CSS grids
# (assets/style.css): the Dash renderer visits every component on each change, and each
# costs the page about 0.1 ms per slider move (bench/bench_dashboard.py). Tooltips are
# CSS on the controls' own elements for the same reason.


def _card(card_id: ID, title: str) -> html.Div:
    """One component per card: the title is drawn by CSS from ``data-label`` (each Dash
    component costs the page some time on every change, and these are six)."""
    return html.Div("…", id=card_id, className="card card-value", **{"data-label": title})


def summary_cards() -> html.Div:
    """Spike count, mean rates, rhythm peaks and the run's wall-clock time."""
    return html.Div(
        [
            _card(ID.CARD_SPIKES, "Spikes"),
            _card(ID.CARD_RATE_E, "Excitatory rate"),
            _card(ID.CARD_RATE_I, "Inhibitory rate"),
            _card(ID.CARD_LOW_PEAK, "4–13 Hz peak"),
            _card(ID.CARD_GAMMA_PEAK, "25–60 Hz peak"),
            _card(ID.CARD_TIME, "Simulation time"),
        ],
        className="summary",
    )


def _graph(graph_id: ID, filename: str) -> dcc.Graph:
    return dcc.Graph(
        id=graph_id, config=graph_config(filename), responsive=True,
        style={"height": f"{GRAPH_HEIGHTS[graph_id]}px"}, className="graph-panel",
    )


def figures(names: dict[ID, str]) -> html.Div:
    """The figure grid: raster | current map, then traces | rhythms (the rate over its
    spectrum; below 1400 px the traces take the whole width, their title and legend
    need it, and so do the rhythms under them; one column below 992 px)."""
    return html.Div(
        [_graph(g, names[g]) for g in (ID.RASTER, ID.CURRENT_MAP, ID.TRACES, ID.RHYTHMS)],
        className="figure-grid",
    )


def toolbar() -> html.Div:
    """Copy link and downloads."""
    outline = "btn-outline-secondary"
    return html.Div(
        [
            html.Span([
                dcc.Clipboard(id=ID.COPY_LINK, content="", title="copy link",
                              className=f"btn btn-sm {outline}",
                              children="Copy link", copied_children="Link copied"),
            ], id=f"{ID.COPY_LINK}-group", **_tip(ID.COPY_LINK)),
            html.Span("Download:", className="toolbar-label"),
            _button("Spikes (CSV)", ID.DOWNLOAD_SPIKES, outline),
            _button("Configuration (JSON)", ID.DOWNLOAD_CONFIG, outline),
            _button("Traces (CSV)", ID.DOWNLOAD_TRACES, outline),
            dcc.Download(id=ID.DOWNLOAD),
        ],
        className="toolbar",
    )


def progress_box() -> html.Div:
    """The progress of a large run (network time simulated) and its cancel button;
    hidden unless a run is going (dashboard.background shows it)."""
    return html.Div(
        [
            dcc.Store(id=ID.RUN_REQUEST),
            html.Span("Running a large network:", className="progress-label"),
            dbc.Progress(id=ID.PROGRESS, value=0, label="", striped=True, animated=True,
                         className="flex-grow-1 run-progress"),
            _button("Cancel", ID.CANCEL, "btn-outline-danger", disabled=True),
        ],
        id=ID.PROGRESS_BOX, className="progress-box", style={"display": "none"},
    )


def teaching() -> html.Div:
    """What the network is, its equations, and what to try."""
    return html.Div(
        [
            # HTML allowed for the MathML of EQUATIONS (text of this module, no user's)
            dcc.Markdown(INTRO + EQUATIONS, dangerously_allow_html=True,
                         className="card card-body"),
            dcc.Markdown(TRY_THIS, className="card card-body"),
        ],
        className="teaching",
    )


def build_layout(names: dict[ID, str]) -> html.Div:
    """The whole page.

    Parameters
    ----------
    names : dict
        PNG file stem of each graph's download button, by graph id (the seed's
        file names for the default neuron types).
    """
    return html.Div(
        [
            # The address: read through URL and URL_CHANGE, written by a renderer hook
            # (dashboard.address).
            dcc.Location(id=ID.URL, refresh=False),
            dcc.Store(id=ID.URL_CHANGE),
            html.Header(
                [
                    html.Div([
                        html.H1("Izhikevich (2003) network explorer"),
                        html.P("Spiking neurons of the 'Simple model of spiking neurons', "
                               "live: move a control, the network runs again.",
                               className="subtitle"),
                    ]),
                    toolbar(),
                ],
                className="page-header",
            ),
            dbc.Row(
                [
                    dbc.Col(controls(), xs=12, md=4, xl=3, className="controls-col"),
                    dbc.Col(
                        [
                            dbc.Alert(id=ID.ALERT, color="danger", is_open=False,
                                      dismissable=True),
                            progress_box(),
                            summary_cards(),
                            figures(names),
                            teaching(),
                        ],
                        xs=12, md=8, xl=9,
                    ),
                ],
                className="g-3",
            ),
        ],
        className="page",
    )
