"""Thin callbacks: guard -> ask the core -> build the figures -> return.

Each callback body is a plain module-level function, testable by calling it;
:func:`register` wires them to the app. Every value they receive is untrusted
JSON and goes through the core's validation (:class:`NetworkConfig`,
:class:`Recording`); :func:`guard` is the one error path: a ``ValueError``
shows its sentence in the alert, anything else a generic sentence (and a
traceback in the server's log, never on the page), and the figures keep their
last good state.

How the page moves:

* a control changes -> :func:`update_view` redraws every figure and card from one
  run (:mod:`dashboard.runs`; choosing neurons redraws the traces alone), and the
  request's renderer hook writes the controls into the address
  (:mod:`dashboard.address`);
* the address is read (page load, back/forward), a scenario is picked, reset or
  new seed is pressed, a neuron is clicked -> :func:`sync_controls` sets the
  controls, only those that differ.
"""

from __future__ import annotations

import base64
import functools
import io
import json
import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
from dash import Dash, Input, Output, State, callback_context, no_update
from dash.exceptions import PreventUpdate

from izhi_core import NetworkConfig, Recording, SimulationResult
from izhi_core import figures as F
from izhi_core.analysis import summarize
from izhi_core.io import spikes_csv

from . import address, background
from . import state as S
from .background import is_large
from .ids import CONFIG_CONTROLS, ID, SUMMARY_CARDS
from .layout import graph_config, neuron_options, type_params_text
from .runs import RunCache

log = logging.getLogger(__name__)

GENERIC_ERROR = (
    "Something went wrong while computing this view; the last good figures are kept. "
    "Try other values or reset to the original script."
)
RUNS = RunCache()
# Building a plotly figure is pure Python and holds the GIL. Requests that overlap (a
# class of users on one worker, a download beside a change) build one figure at a time,
# so each finishes in turn instead of all together, late, in threads that take the GIL
# from each other.
_BUILD = threading.Lock()
# Spikes drawn before the raster shows every k-th neuron only (the title says so): a
# bursting network fires 10^5 spikes a second, more than a graph can show apart and
# more than a quick update carries.
MAX_RASTER_POINTS = 80_000
PNG_GRAPHS: tuple[ID, ...] = (ID.RASTER, ID.CURRENT_MAP, ID.TRACES, ID.RHYTHMS)

Update = tuple[Any, ...]


def guard(n_outputs: int) -> Callable[[Callable[..., Update]], Callable[..., Update]]:
    """Wrap a callback body whose last two outputs are the alert's text and ``is_open``.

    A ``ValueError`` (the core's validation) becomes its sentence in the alert;
    any other exception a generic sentence, logged here with its traceback. The
    other outputs are left as they were (``no_update``).
    """

    def wrap(body: Callable[..., Update]) -> Callable[..., Update]:
        @functools.wraps(body)
        def guarded(*args: Any) -> Update:
            try:
                return body(*args)
            except PreventUpdate:
                raise
            except ValueError as exc:
                message = str(exc)  # verbatim: it names the field as the address does
            except Exception:
                log.exception("callback %s failed", body.__name__)
                message = GENERIC_ERROR
            return (no_update,) * (n_outputs - 2) + (message, True)

        return guarded

    return wrap


# -- helpers ----------------------------------------------------------------------------


INT_TYPES = (("i2", np.int16), ("u2", np.uint16), ("i4", np.int32))


def _typed_array(values: np.ndarray) -> dict[str, Any] | np.ndarray:
    """A numpy array as a base64 typed-array spec (``shape`` for 2-D, as plotly writes
    it), in float32 or in the smallest integer type that fits; others unchanged."""
    values = np.ascontiguousarray(values)
    if values.dtype.kind == "f":
        code, values = "f4", values.astype(np.float32, copy=False)
    elif values.dtype.kind in "iu" and values.size:
        lo, hi = int(values.min()), int(values.max())
        code, dtype = next(((c, t) for c, t in INT_TYPES
                            if np.iinfo(t).min <= lo and hi <= np.iinfo(t).max),
                           (values.dtype.str[1:], values.dtype))
        values = values.astype(dtype, copy=False)
    elif values.dtype.kind in "iu":
        code = values.dtype.str[1:]
    else:
        return values
    spec = {"dtype": code, "bdata": base64.b64encode(values.tobytes()).decode("ascii")}
    if values.ndim > 1:
        spec["shape"] = ", ".join(map(str, values.shape))
    return spec


def _compact_array(spec: dict[str, Any]) -> dict[str, Any]:
    """A base64 typed-array spec in float32, or in the smallest integer type that fits."""
    values = np.frombuffer(base64.b64decode(spec["bdata"]), dtype=np.dtype(spec["dtype"]))
    if "shape" in spec:
        values = values.reshape([int(n) for n in str(spec["shape"]).split(",")])
    out = _typed_array(values)
    return {**spec, **out} if isinstance(out, dict) else spec


def compact(fig: go.Figure | dict[str, Any]) -> dict[str, Any]:
    """The figure as a dict whose arrays go as float32 or the smallest integer type.

    Takes a go.Figure or a plain figure dict with numpy arrays in its traces (the
    ``*_spec`` builders of :mod:`izhi_core.figures`, which skip plotly's
    validation: four figures per update would cost more than the run). Plotly
    serialises numpy arrays as base64 typed arrays; float32 halves the update
    for the same picture (7 digits; a screen shows 3).
    """
    out = fig.to_dict() if isinstance(fig, go.Figure) else dict(fig)
    data = []
    for trace in out.get("data", []):
        trace = dict(trace)
        for key, value in trace.items():
            if isinstance(value, np.ndarray):
                trace[key] = _typed_array(value)
            elif isinstance(value, dict) and "bdata" in value and "dtype" in value:
                trace[key] = _compact_array(value)
        data.append(trace)
    out["data"] = data
    return out


def png_names(config: NetworkConfig) -> dict[ID, str]:
    """PNG file stems of the graphs, as the seed names its files (by neuron types)."""
    names = F.seed_figure_names(config)
    firings = names["raster"]
    return {
        ID.RASTER: firings,
        ID.CURRENT_MAP: names["currents"],
        ID.TRACES: names["v"].replace("_v_", "_v_u_", 1),
        ID.RHYTHMS: firings.replace("_firings_", "_rhythms_", 1),
    }


def _state(values: Sequence[Any]) -> dict[str, Any]:
    return dict(zip(S.STATE_KEYS, values, strict=True))


def _config(values: Sequence[Any]) -> NetworkConfig:
    """Validate the network controls, given in the order of CONFIG_FIELDS."""
    return S.config_from_controls(dict(zip(S.CONFIG_FIELDS, values, strict=True)))


def _count(value: Any) -> int:
    """A population size as the controls hold it, or 0 if it is not a whole number."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def view_run(config_values: Sequence[Any], neurons: Any) -> SimulationResult:
    """The run behind every figure of a view: the traced neurons and the current map
    (cached: going back to a view costs no run)."""
    config = _config(config_values)
    traced = S.neurons_in(S.neurons_from_value(neurons), config)
    rows, cols = S.map_shape(config)
    return RUNS.get(config, Recording(neurons=traced, map_rows=rows, map_cols=cols))


def traces_run(config_values: Sequence[Any], neurons: Any) -> SimulationResult:
    """A run that records only the traced neurons (those in the network): no map."""
    config = _config(config_values)
    traced = S.neurons_in(S.neurons_from_value(neurons), config)
    return RUNS.get(config, Recording(neurons=traced, map_rows=0, map_cols=0))


def _summary_text(result: SimulationResult) -> tuple[str, ...]:
    s = summarize(result)

    def hz(value: float | None) -> str:
        return "none" if value is None else f"{value:.1f} Hz"

    run_ms = (result.build_seconds + result.sim_seconds) * 1000.0
    return (
        f"{s['n_spikes']:,}",
        hz(s["rate_exc_hz"]),
        hz(s["rate_inh_hz"]),
        hz(s["low_peak_hz"]),
        hz(s["gamma_peak_hz"]),
        f"{run_ms:,.0f} ms",
    )


# -- callback bodies: controls ----------------------------------------------------------

N_SYNC_OUTPUTS = 1 + len(S.STATE_KEYS) + 1 + 2


@guard(N_SYNC_OUTPUTS)
def sync_controls(
    trigger: Any, search: Any, scenario: Any, _reset: Any, _new_seed: Any,
    raster_click: Any, map_click: Any, *values: Any,
) -> Update:
    """The one place that moves controls: address, scenario, reset, new seed, clicks.

    Parameters
    ----------
    trigger : str or None
        Id of the component that fired (None on page load, which reads the address).
    search : str
        The address query (``?ne=800&...``).
    scenario, _reset, _new_seed, raster_click, map_click
        The weight-scenario dropdown, the two buttons' clicks, the two graphs' clickData.
    *values
        The controls, in the order of :data:`dashboard.state.STATE_KEYS`.

    Returns
    -------
    tuple
        Scenario, each control (``no_update`` where unchanged), the neuron
        options, alert text and ``is_open`` (``no_update``: errors only).
    """
    current = _state(values)
    trigger = None if trigger is None else str(trigger)
    if trigger in (None, ID.URL):
        changes = S.state_from_query(search)
    elif trigger == ID.SCENARIO:
        if scenario is None:
            raise PreventUpdate
        changes = S.scenario_weights(scenario)
    elif trigger == ID.RESET:
        changes = S.default_state()
    elif trigger == ID.NEW_SEED:
        changes = {"seed": S.new_seed(current["seed"])}
    elif trigger in (ID.RASTER, ID.CURRENT_MAP):
        n = S.config_from_controls(current).n
        click = raster_click if trigger == ID.RASTER else map_click
        neuron = S.clicked_neuron(click, n)
        changes = {S.NEURONS_KEY: S.add_neuron(current[S.NEURONS_KEY], neuron)}
    else:
        raise PreventUpdate
    new = {**current, **changes}
    best = S.scenario_of(new["exc_weight"], new["inh_weight"])
    scenario_out = best if best != scenario else no_update
    changed = {k for k in S.STATE_KEYS if new[k] != current[k]}
    controls_out = [new[k] if k in changed else no_update for k in S.STATE_KEYS]
    options = (  # labels say E or I, so they follow ne too
        neuron_options(list(S.neurons_from_value(new[S.NEURONS_KEY])), _count(new["ne"]))
        if changed & {S.NEURONS_KEY, "ne"} else no_update
    )
    return (scenario_out, *controls_out, options, no_update, no_update)


@guard(3)
def neuron_search(search_value: Any, neurons: Any, ne: Any, ni: Any) -> Update:
    """Offer the typed neuron index, if the network has it, next to the selected ones."""
    text = search_value.strip() if isinstance(search_value, str) else ""
    if not text.isdigit() or len(text) > 9:
        raise PreventUpdate
    typed = int(text)
    if typed >= _count(ne) + _count(ni):
        raise PreventUpdate
    chosen = list(S.neurons_from_value(neurons))
    extra = [] if typed in chosen else [typed]
    return neuron_options(chosen + extra, _count(ne)), no_update, no_update


@guard(2 + len(PNG_GRAPHS) + 2)
def type_info(exc_type: Any, inh_type: Any) -> Update:
    """The chosen types' a, b, c, d and the graphs' PNG names (the seed's, by type)."""
    config = NetworkConfig(exc_type=exc_type, inh_type=inh_type)
    names = png_names(config)
    configs = [graph_config(names[g]) for g in PNG_GRAPHS]
    return (type_params_text(config.exc_type), type_params_text(config.inh_type), *configs,
            no_update, no_update)


# -- callback bodies: figures -----------------------------------------------------------



# Each figure callback is "run, then build": the builders (``*_of``) take a result,
# so the background run of a large network (dashboard.background) builds the same.


def update_raster_of(result: SimulationResult) -> Update:
    """The raster and the summary cards of a result."""
    with _BUILD:
        return (compact(F.raster_spec(result, max_points=MAX_RASTER_POINTS)),
                *_summary_text(result))


def update_current_map_of(result: SimulationResult) -> Update:
    """The input-current map, averaged on the server (see :func:`state.map_shape`)."""
    with _BUILD:
        return (compact(F.current_map_spec(result)),)


def update_rhythms_of(result: SimulationResult) -> Update:
    """The population rate above its spectrum with the low and gamma bands."""
    with _BUILD:
        return (compact(F.rhythms_spec(result)),)


def update_traces_of(result: SimulationResult) -> Update:
    """v(t) and u(t) of the traced neurons."""
    with _BUILD:
        return (compact(F.traces_spec(result)),)


N_VIEW_OUTPUTS = 1 + len(SUMMARY_CARDS) + 3 + 1 + 2


@guard(N_VIEW_OUTPUTS)
def update_view(*values: Any) -> Update:
    """Every figure and card of the controls' network, from one run; closes the alert.

    ``values`` are the controls in the order of :data:`dashboard.state.STATE_KEYS`
    (the network's fields, then the traced neurons), then whether the alert is open:
    a closed alert is left alone, so the page does not redraw it on every change.
    """
    *controls, alert_open = values
    config, neurons = _config(controls[:-1]), controls[-1]
    close = ("", False) if alert_open else (no_update, no_update)
    if is_large(config):
        # left to the background run, with its progress bar; the figures stay
        request = background.request_of(config, S.neurons_in(S.neurons_from_value(neurons),
                                                              config))
        return (*(no_update,) * (N_VIEW_OUTPUTS - 3), request, *close)
    *figures, _, _ = background.all_figures(view_run(controls[:-1], neurons))
    return (*figures, no_update, *close)


@guard(4)
def update_traces_only(neurons: Any, *config_values: Any) -> Update:
    """v(t) and u(t) of newly chosen neurons: the (deterministic) network is rerun
    recording just those neurons, no current map, and no other figure is rebuilt
    (a large network reruns in the background, every figure with it)."""
    config = _config(config_values)
    if is_large(config):
        request = background.request_of(config, S.neurons_in(S.neurons_from_value(neurons),
                                                              config))
        return no_update, request, no_update, no_update
    return (*update_traces_of(traces_run(config_values, neurons)), no_update, no_update,
            no_update)


# -- callback bodies: downloads ---------------------------------------------------------


def traces_csv(result: SimulationResult) -> str:
    """``time_ms`` then ``v_<neuron>`` (mV) and ``u_<neuron>`` columns of the traced neurons."""
    neurons = result.trace_neurons.tolist()
    header = ["time_ms"] + [f"{var}_{i}" for i in neurons for var in ("v", "u")]
    columns = [np.arange(result.config.duration, dtype=np.float64)]
    for row in range(len(neurons)):
        columns += [result.v[row], result.u[row]]
    buf = io.StringIO()
    buf.write(",".join(header) + "\n")
    fmt = ["%d"] + ["%.10g"] * (len(columns) - 1)
    np.savetxt(buf, np.column_stack(columns), fmt=fmt, delimiter=",")
    return buf.getvalue()


@guard(3)
def download(trigger: Any, _n_spikes: Any, _n_config: Any, _n_traces: Any,
             *values: Any) -> Update:
    """The spikes (CSV), the configuration (JSON) or the traced v, u (CSV) of the view."""
    trigger = None if trigger is None else str(trigger)
    *config_values, neurons = values
    if trigger == ID.DOWNLOAD_CONFIG:
        config = _config(config_values)
        stem = png_names(config)[ID.RASTER].replace("_firings_", "_config_", 1)
        data = dict(content=json.dumps(config.to_dict(), indent=2) + "\n",
                    filename=f"{stem}.json", type="application/json")
    elif trigger == ID.DOWNLOAD_SPIKES:
        result = view_run(config_values, neurons)
        data = dict(content=spikes_csv(result), type="text/csv",
                    filename=f"{png_names(result.config)[ID.RASTER]}.csv")
    elif trigger == ID.DOWNLOAD_TRACES:
        result = traces_run(config_values, neurons)
        data = dict(content=traces_csv(result), type="text/csv",
                    filename=f"{png_names(result.config)[ID.TRACES]}.csv")
    else:
        raise PreventUpdate
    return data, no_update, no_update


# -- wiring -----------------------------------------------------------------------------

COPY_LINK_JS = "function(n) { return window.location.href; }"


def _sync_adapter(url_change: Any, scenario: Any, reset: Any, new_seed: Any,
                  raster_click: Any, map_click: Any, search: Any, *values: Any) -> Update:
    """The registered form of :func:`sync_controls`: the address comes as a state, or
    with its change (first look, back/forward: :mod:`dashboard.address`), which
    counts as the address."""
    trigger = callback_context.triggered_id
    if trigger == ID.URL_CHANGE:
        trigger = ID.URL
        search = address.search_of(url_change, search)
    return sync_controls(trigger, search, scenario, reset, new_seed, raster_click, map_click,
                         *values)


def _with_trigger(body: Callable[..., Update]) -> Callable[..., Update]:
    """Adapter: pass the id of the component that fired as the first argument."""

    @functools.wraps(body)
    def callback(*args: Any) -> Update:
        return body(callback_context.triggered_id, *args)

    return callback


def _view_adapter(*values: Any) -> Update:
    """The registered form of :func:`update_view`: the page's first view (no control
    changed) leaves the alert alone, as a closed one, since an alert open by then
    speaks of the address the page was opened with, not of these controls."""
    if callback_context.triggered_id is None:
        values = (*values[:-1], False)
    return update_view(*values)


def register(app: Dash) -> None:
    """Attach every callback of the page to ``app``."""
    controls = [*CONFIG_CONTROLS.values(), ID.NEURONS]
    config_inputs = [Input(c, "value") for c in CONFIG_CONTROLS.values()]
    config_states = [State(c, "value") for c in CONFIG_CONTROLS.values()]
    alert_dup = [Output(ID.ALERT, "children", allow_duplicate=True),
                 Output(ID.ALERT, "is_open", allow_duplicate=True)]

    app.callback(
        Output(ID.SCENARIO, "value"),
        *[Output(c, "value") for c in controls],
        Output(ID.NEURONS, "options"),
        *alert_dup,
        Input(ID.URL_CHANGE, "data"),
        Input(ID.SCENARIO, "value"),
        Input(ID.RESET, "n_clicks"),
        Input(ID.NEW_SEED, "n_clicks"),
        Input(ID.RASTER, "clickData"),
        Input(ID.CURRENT_MAP, "clickData"),
        State(ID.URL, "search"),
        *[State(c, "value") for c in controls],
        prevent_initial_call="initial_duplicate",
    )(_sync_adapter)

    # The address: read here; written by a renderer hook (app.py, dashboard.address).
    app.clientside_callback(
        address.READ_URL_JS,
        Output(ID.URL_CHANGE, "data"),
        Input(ID.URL, "search"),
        *[State(c, "value") for c in controls],
    )

    background.register(app)

    # One request and one response per change: every figure of the view from one run,
    # or the request of a large run for the background (dashboard.background).
    *figure_outs, alert_text, alert_open = background.figure_outputs()
    app.callback(
        *[Output(o.component_id, o.component_property) for o in figure_outs],
        Output(ID.RUN_REQUEST, "data"),
        Output(alert_text.component_id, alert_text.component_property),
        Output(alert_open.component_id, alert_open.component_property),
        *config_inputs,
        State(ID.NEURONS, "value"),
        State(ID.ALERT, "is_open"),
    )(_view_adapter)

    # A new choice of traced neurons redraws the traces alone.
    app.callback(
        Output(ID.TRACES, "figure", allow_duplicate=True),
        Output(ID.RUN_REQUEST, "data", allow_duplicate=True),
        *alert_dup,
        Input(ID.NEURONS, "value"),
        *config_states,
        prevent_initial_call=True,
    )(update_traces_only)

    app.callback(
        Output(ID.EXC_PARAMS, "children"),
        Output(ID.INH_PARAMS, "children"),
        *[Output(g, "config") for g in PNG_GRAPHS],
        *alert_dup,
        Input(ID.EXC_TYPE, "value"),
        Input(ID.INH_TYPE, "value"),
        prevent_initial_call=True,
    )(type_info)

    app.callback(
        Output(ID.NEURONS, "options", allow_duplicate=True),
        *alert_dup,
        Input(ID.NEURONS, "search_value"),
        State(ID.NEURONS, "value"),
        State(ID.NE, "value"),
        State(ID.NI, "value"),
        prevent_initial_call=True,
    )(neuron_search)

    app.callback(
        Output(ID.DOWNLOAD, "data"),
        *alert_dup,
        Input(ID.DOWNLOAD_SPIKES, "n_clicks"),
        Input(ID.DOWNLOAD_CONFIG, "n_clicks"),
        Input(ID.DOWNLOAD_TRACES, "n_clicks"),
        *config_states,
        State(ID.NEURONS, "value"),
        prevent_initial_call=True,
    )(_with_trigger(download))

    app.clientside_callback(
        COPY_LINK_JS,
        Output(ID.COPY_LINK, "content"),
        Input(ID.COPY_LINK, "n_clicks"),
        prevent_initial_call=True,
    )
