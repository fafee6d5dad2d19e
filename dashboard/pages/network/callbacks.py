"""Thin callbacks of the network page: guard -> ask the core -> build the view -> return.

Each body is a plain module-level function returning a dict keyed like its outputs,
testable by calling it; :func:`register` wires them. Every value they receive is
untrusted JSON and goes through the core's validation; :func:`dashboard.common.guard.guard`
is the one error path (a refused value's sentence beside its field, anything else
in the shell's alert; the figures keep their last good state).

How the page moves:

* the page opens -> its layout comes with every figure and card of the address's
  view (:func:`opening_state`, :func:`opening_view`): no callback draws it again;
* a control changes -> :func:`update_view` redraws every figure and card from one
  run (:mod:`dashboard.common.runs`), or sends a large run to the background; the
  answer says what it drew (``drawn``), which the address then says
  (:mod:`dashboard.pages.network.address`). A slider moved goes to it at once, its box
  following in the browser (:func:`view_values`);
* choosing neurons redraws the traces alone (:func:`update_traces_only`);
* the address is read (page load, back/forward), reset, new seed or revert is
  pressed, a neuron is clicked -> :func:`sync_controls` sets the controls, only those
  that differ.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Mapping
from typing import Any

from dash import Input, Output, State, callback_context, no_update
from dash.exceptions import PreventUpdate

from izhi_core import NetworkConfig, Recording, SimulationResult, simulate
from izhi_core.config import command_line
from izhi_core.fields import FIELDS
from izhi_core.heterogeneity import parameter_spread
from izhi_core.io import spikes_csv, traces_csv
from izhi_core.presets import WEIGHT_SCENARIOS

from ...common import clientside, jobs
from ...common.components import graph_config
from ...common.guard import ALERT, ERRORS, guard
from ...common.runs import RunCache, TooLong
from . import address, history, lessons, view
from . import state as S
from .ids import CONFIG_CONTROLS, ID, STATE_CONTROLS
from .layout import SECTIONS, SEEDS_QUERY, neuron_options, section_id, spread_text, type_params_text

# A run that takes longer than a large one's threshold stops and goes to a job instead.
RUNS = RunCache(budget_s=float(os.environ.get("IZHI_RUN_BUDGET_S", jobs.LARGE_RUN_SECONDS)))
PNG_GRAPHS: tuple[ID, ...] = (ID.RASTER, ID.CURRENT_MAP, ID.TRACES, ID.RHYTHMS)
SLIDER_FIELDS = ("exc_weight", "inh_weight", "exc_noise", "inh_noise")
# each slider's span: its field's whole allowed range
SLIDER_SPANS = {name: (FIELDS[name].lo, FIELDS[name].hi) for name in SLIDER_FIELDS}


def field_of(field: str | None) -> str | None:
    """The control of the page that shows a core's field error (None: the alert)."""
    return field if field in S.STATE_KEYS else None


def _drawn(config: NetworkConfig, neurons: Any, drawing: str) -> dict[str, Any]:
    """What the figures show: the address that reproduces it and its control values."""
    return {"search": S.query_from_state(config, neurons, drawing),
            "state": {**config.to_dict(), S.NEURONS_KEY: list(neurons),
                      S.DRAWING_KEY: drawing}}


def _clear(errors: Any) -> Any:
    """No field error any more (``no_update`` when there was none: nothing to redraw)."""
    return {} if errors else no_update


def _record(config: NetworkConfig, neurons: Any, drawing: str) -> Recording:
    """What a view records: the traced neurons and the current map of its drawing."""
    traced = S.neurons_in(S.neurons_from_value(neurons), config)
    rows, cols = S.map_shape(config, drawing)
    return Recording(neurons=traced, map_rows=rows, map_cols=cols)


def view_run(values: Mapping[str, Any], neurons: Any,
             drawing: str = "explorer") -> SimulationResult:
    """The run behind every figure of a view (cached: going back to a view costs no run)."""
    config = S.config_from_controls(values)
    return RUNS.get(config, _record(config, neurons, drawing))


def traces_run(values: Mapping[str, Any], neurons: Any) -> SimulationResult:
    """A run that records only the traced neurons (those in the network): no map."""
    config = S.config_from_controls(values)
    traced = S.neurons_in(S.neurons_from_value(neurons), config)
    return RUNS.get(config, Recording(neurons=traced, map_rows=0, map_cols=0))


def view_values(boxes: Mapping[str, Any], sliders: Mapping[str, Any],
                moved: Iterable[str]) -> dict[str, Any]:
    """The network controls by field: each slider's value, the one just ``moved`` above
    all, but a box that holds what its slider cannot show (a refused text, a number
    beyond the field's range) as typed; every other field's box as typed
    (:func:`dashboard.common.clientside.slider_values`)."""
    return clientside.slider_values(boxes, sliders, moved, SLIDER_SPANS)


def _request(config: NetworkConfig, neurons: Any, drawing: str) -> dict[str, Any]:
    """A large run's request: the validated config, the traced neurons, the drawing, and
    when it was asked (so that asking again for the same run is a change the job sees)."""
    return {"config": config.to_dict(), "neurons": list(neurons), "drawing": drawing,
            "at": time.time()}


def _drawn_view(config: NetworkConfig, traced: tuple[int, ...], drawing: str) -> dict[str, Any]:
    """Every figure and card of a run that is not large, and what they show (``drawn``)."""
    record = _record(config, traced, drawing)
    cached = RUNS.has(config, record)
    return {**view.view(RUNS.get(config, record), drawing, cached=cached),
            "drawn": _drawn(config, traced, drawing)}


# -- bodies -----------------------------------------------------------------------------


def opening_state(search: Any) -> dict[str, Any]:
    """The control values the page opens with: the address's, when it is valid and runs
    at once; otherwise the original script's, and :func:`sync_controls` reads the
    address as it reads one on back/forward (a refused value gets its sentence, a large
    run goes to the background with its progress bar)."""
    try:
        state = S.state_from_query(search)
    except ValueError:
        return S.default_state()
    return S.default_state() if jobs.is_large(S.config_from_controls(state)) else state


def opening_view(state: Mapping[str, Any]) -> dict[str, Any]:
    """Every figure and card of :func:`opening_state`'s run, by component id, and what
    they show (``DRAWN``): the layout draws the page at once, without a callback's round
    trip after it (the run is the view callback's, kept in the same cache)."""
    config = S.config_from_controls(state)
    traced = S.neurons_in(S.neurons_from_value(state[S.NEURONS_KEY]), config)
    out = _drawn_view(config, traced, S.DRAWING_FIELD.parse(state[S.DRAWING_KEY]))
    return {**{view.VIEW[k][0]: v for k, v in out.items() if k in view.VIEW},
            ID.DRAWN: out["drawn"]}


VIEW_KEYS = (*view.VIEW, "request", "drawn", ERRORS, ALERT)


@guard(VIEW_KEYS, field_of)
def update_view(values: Mapping[str, Any], neurons: Any, errors: Any = None,
                alert_open: bool = False, drawing: Any = "explorer") -> dict[str, Any]:
    """Every figure and card of the controls' network, from one run.

    ``values`` are the network controls by field; ``neurons`` the traced ones;
    ``errors`` the field errors shown now and ``alert_open`` whether the shell's
    alert is: both are cleared by a good view, and left alone when already clear;
    ``drawing`` as the explorer draws or as the original script (``original``).
    """
    config = S.config_from_controls(values)
    drawing = S.DRAWING_FIELD.parse(drawing)
    traced = S.neurons_in(S.neurons_from_value(neurons), config)
    close = {ERRORS: _clear(errors), ALERT: "" if alert_open else no_update}
    to_job = {**{k: no_update for k in view.VIEW}, "drawn": no_update,
              "request": _request(config, traced, drawing), **close}
    if jobs.is_large(config):
        # left to the background run, with its progress bar; the figures stay
        return to_job
    try:
        return {**_drawn_view(config, traced, drawing), "request": no_update, **close}
    except TooLong:
        return to_job


TRACES_KEYS = ("traces", "lab_links", "request", "drawn", ERRORS, ALERT)


@guard(TRACES_KEYS, field_of)
def update_traces_only(neurons: Any, values: Mapping[str, Any], errors: Any = None,
                       drawing: Any = "explorer") -> dict[str, Any]:
    """v(t) and u(t) of newly chosen neurons: the (deterministic) network is rerun
    recording just those neurons, and no other figure is rebuilt (a large network
    reruns in the background, every figure with it)."""
    config = S.config_from_controls(values)
    drawing = S.DRAWING_FIELD.parse(drawing)
    traced = S.neurons_in(S.neurons_from_value(neurons), config)
    if len(traced) < len(S.neurons_from_value(neurons)):
        missing = next(i for i in S.neurons_from_value(neurons) if i >= config.n)
        S.neurons_from_value([missing], config.n)  # raises the field's sentence
    base = {ERRORS: _clear(errors), ALERT: no_update,
            "drawn": _drawn(config, traced, drawing)}
    to_job = {"traces": no_update, "lab_links": no_update,
              "request": _request(config, traced, drawing), **base, "drawn": no_update}
    if jobs.is_large(config):
        return to_job
    try:
        result = traces_run(values, traced)
    except TooLong:
        return to_job
    return {**view.traces(result, drawing), "request": no_update, **base}


SYNC_KEYS = (*S.STATE_KEYS, "options", "applied", ERRORS, ALERT)


@guard(SYNC_KEYS, field_of)
def sync_controls(trigger: Any, search: Any, values: Mapping[str, Any],
                  raster_click: Any = None, map_click: Any = None,
                  drawn: Any = None) -> dict[str, Any]:
    """The one place that moves controls: address, reset, new seed, revert, clicks.

    Parameters
    ----------
    trigger : str or None
        Id of the component that fired (None or ``url`` for the address).
    search : str
        The address query (``?ne=800&...``).
    values : mapping
        The controls, by key of :data:`dashboard.pages.network.state.STATE_KEYS`.
    raster_click, map_click : dict
        The two graphs' clickData.
    drawn : dict
        What the figures show (for revert).

    Returns
    -------
    dict
        Each control (``no_update`` where unchanged), the neuron options,
        ``applied`` (for the address: ``{"search": ...}``, the link's whole state, or
        ``{"refused": True}``), errors and alert.
    """
    current = dict(values)
    trigger = None if trigger is None else str(trigger)
    if trigger in (None, ID.URL):
        try:
            changes = S.state_from_query(search)
        except ValueError as exc:
            from ...common.guard import error_outputs
            return {**error_outputs(SYNC_KEYS, exc, lambda _f: None),
                    "applied": {"refused": True}}
    elif trigger == ID.RESET:
        changes = S.default_state()
    elif trigger == ID.NEW_SEED:
        changes = {"seed": S.new_seed(current.get("seed"))}
    elif trigger == ID.REVERT:
        if not isinstance(drawn, Mapping) or not isinstance(drawn.get("state"), Mapping):
            raise PreventUpdate
        changes = {k: v for k, v in drawn["state"].items() if k in S.STATE_KEYS}
    elif trigger in (ID.RASTER, ID.CURRENT_MAP):
        n = S.config_from_controls(current).n
        click = raster_click if trigger == ID.RASTER else map_click
        neuron = S.clicked_neuron(click, n)
        changes = {S.NEURONS_KEY: S.add_neuron(current[S.NEURONS_KEY], neuron)}
    else:
        raise PreventUpdate
    new = {**current, **changes}
    changed = {k for k in S.STATE_KEYS if not S.same_value(new[k], current.get(k))}
    out: dict[str, Any] = {k: new[k] if k in changed else no_update for k in S.STATE_KEYS}
    out["options"] = (  # labels say E or I, so they follow ne too
        neuron_options(list(S.neurons_from_value(new[S.NEURONS_KEY])), S.count(new["ne"]))
        if changed & {S.NEURONS_KEY, "ne"} else no_update
    )
    applied = no_update
    if trigger in (None, ID.URL):
        config = S.config_from_controls(changes)
        applied = {"search": S.query_from_state(config, changes[S.NEURONS_KEY],
                                                changes[S.DRAWING_KEY])}
    return {**out, "applied": applied, ERRORS: {} if trigger in (ID.RESET, ID.REVERT)
            else no_update, ALERT: no_update}


@guard(("options", ERRORS, ALERT), field_of)
def neuron_search(search_value: Any, neurons: Any, ne: Any, ni: Any) -> dict[str, Any]:
    """Offer the typed neuron index next to the selected ones; an index the network does
    not have gets the field's sentence instead of a silent empty list."""
    text = search_value.strip() if isinstance(search_value, str) else ""
    if not text:
        raise PreventUpdate
    n = S.count(ne) + S.count(ni)
    typed = S.neurons_from_value([text], n)[0]
    chosen = list(S.neurons_from_value(neurons))
    extra = [] if typed in chosen else [typed]
    return {"options": neuron_options(chosen + extra, S.count(ne)), ERRORS: no_update,
            ALERT: no_update}


TYPE_KEYS = ("exc_params", "inh_params", "exc_spread", "inh_spread",
             *(str(g) for g in PNG_GRAPHS), ERRORS, ALERT)


@guard(TYPE_KEYS, field_of)
def type_info(exc_type: Any, inh_type: Any) -> dict[str, Any]:
    """The chosen types' a, b, c, d, what the original script's recipe makes of them in
    the network (ranges, d < 0), and the graphs' PNG names (the script's, by type)."""
    config = NetworkConfig(exc_type=exc_type, inh_type=inh_type)
    names = view.png_names(config)
    spread = parameter_spread(config)
    return {"exc_params": type_params_text(config.exc_type),
            "inh_params": type_params_text(config.inh_type),
            "exc_spread": spread_text(spread["exc"]), "inh_spread": spread_text(spread["inh"]),
            **{str(g): graph_config(names[g]) for g in PNG_GRAPHS},
            ERRORS: no_update, ALERT: no_update}


MAX_CSV_SPIKES = 1_000_000  # about 14 MB of CSV


def _download_run(run: Any, values: Mapping[str, Any], neurons: Any,
                  *outputs: str) -> SimulationResult:
    """The run behind a download, if the page computes it at once; a large run's files
    are the command line's (a web worker does not build a file for minutes)."""
    config = S.config_from_controls(values)
    refusal = ("The page writes files of runs it computes at once; for this network use "
               f"the command line: {command_line(config, *outputs)}")
    if jobs.is_large(config):
        raise ValueError(refusal)
    try:
        return run(values, neurons)
    except TooLong:
        raise ValueError(refusal) from None


def spike_file_run(values: Mapping[str, Any], neurons: Any, output: str) -> SimulationResult:
    """The run behind a spike file (CSV, NWB): one the page computes at once, of at most
    :data:`MAX_CSV_SPIKES` spikes; otherwise the sentence of the command line that
    writes it (``output``: its flag, ``--spikes spikes.csv``)."""
    result = _download_run(view_run, values, neurons, output)
    if len(result.spike_times) > MAX_CSV_SPIKES:
        raise ValueError(
            f"The page writes spike files of at most {MAX_CSV_SPIKES:,} spikes (this run "
            f"fired {len(result.spike_times):,}); the command line writes any: "
            f"{command_line(result.config, output)}")
    return result


@guard(("data", ERRORS, ALERT), field_of)
def download(trigger: Any, values: Mapping[str, Any], neurons: Any) -> dict[str, Any]:
    """The spikes (CSV), the configuration (JSON) or the traced v, u (CSV) of the view."""
    trigger = None if trigger is None else str(trigger)
    if trigger == ID.DOWNLOAD_CONFIG:
        config = S.config_from_controls(values)
        stem = (view.png_names(config)[ID.RASTER].replace("_firings_", "_config_", 1)
                + view.run_suffix(config))
        data = dict(content=json.dumps(config.to_dict(), indent=2) + "\n",
                    filename=f"{stem}.json", type="application/json")
    elif trigger == ID.DOWNLOAD_SPIKES:
        result = spike_file_run(values, neurons, "--spikes spikes.csv")
        data = dict(content=spikes_csv(result), type="text/csv",
                    filename=f"{view.png_names(result.config)[ID.RASTER]}"
                             f"{view.run_suffix(result.config)}.csv")
    elif trigger == ID.DOWNLOAD_TRACES:
        result = _download_run(traces_run, values, neurons)
        data = dict(content=traces_csv(result), type="text/csv",
                    filename=f"{view.png_names(result.config)[ID.TRACES]}"
                             f"{view.run_suffix(result.config)}.csv")
    else:
        raise PreventUpdate
    return {"data": data, ERRORS: no_update, ALERT: no_update}


def _large_request(request: Any) -> tuple[NetworkConfig, tuple[int, ...], str]:
    """A routed request read again: the config, traced neurons and drawing (it was
    validated when it was made; a stale or forged one raises its sentence)."""
    if not isinstance(request, Mapping):
        raise ValueError(f"a run request must be a mapping (got {request!r:.40}).")
    config = S.config_from_controls(request.get("config") or {})
    neurons = S.neurons_in(S.neurons_from_value(request.get("neurons")), config)
    return config, neurons, S.DRAWING_FIELD.parse(request.get("drawing", "explorer"))


LARGE_KEYS = (*view.VIEW, "drawn", ERRORS, ALERT)


def admit_large(request: Any) -> None:
    """Admission of a large run, before any process starts: the request must validate
    and fit the server's caps (the same as a small run's)."""
    _large_request(request)


def large_stopped(why: str) -> dict[str, Any]:
    """A large run that ended without its figures: its sentence, the figures kept."""
    return {**{k: no_update for k in LARGE_KEYS}, ALERT: why}


def run_large(set_progress: Any, request: Any) -> dict[str, Any]:
    """Run a routed request with progress reports: every figure of the page, or its
    sentence."""

    @guard(LARGE_KEYS, field_of)
    def body() -> dict[str, Any]:
        config, neurons, drawing = _large_request(request)
        record = _record(config, neurons, drawing)
        set_progress(jobs.progress_text(0, config.duration, building=config.inputs is not None))
        result = simulate(
            config, record, chunk_ms=max(1, config.duration // jobs.PROGRESS_STEPS),
            progress=lambda done, total: set_progress(jobs.progress_text(done, total)),
        )
        return {**view.view(result, drawing), "drawn": _drawn(config, neurons, drawing),
                ERRORS: no_update, ALERT: ""}

    return body()


# -- wiring -----------------------------------------------------------------------------

# The weight scenario's name (or "custom") of the two weights the controls say, set when
# it differs from the one shown (its SCENARIO_JS then finds the weights set already).
SCENARIO_OF_JS = """
(values, shown) => {
    const table = __SCENARIOS__;
    const [e, i] = [values[__EXC__], values[__INH__]];
    const is = (v, w) => v !== null && v !== "" && Number(v) === w;
    const name = Object.keys(table).find(k => is(e, table[k][0]) && is(i, table[k][1]))
        || __CUSTOM__;
    if (name !== shown) { window.dash_clientside.set_props(__SCENARIO_ID__, {value: name}); }
}
"""

# Choosing a weight scenario moves its two weights' sliders, unless they and their boxes
# say its weights already (the page's answer then writes the boxes: a slider given a value
# is moved, even to its own).
SCENARIO_JS = """
function(scenario, exc, inh, excSlider, inhSlider) {
    const nu = window.dash_clientside.no_update;
    const table = __SCENARIOS__;
    if (!table[scenario]) { return [nu, nu]; }
    const [e, i] = table[scenario];
    const is = (v, w) => v !== null && v !== "" && Number(v) === w;
    const there = is(exc, e) && is(inh, i) && excSlider === e && inhSlider === i;
    return there ? [nu, nu] : [e, i];
}
"""

COPY_LINK_JS = """
function(n) {
    if (!n) { return window.dash_clientside.no_update; }
    const done = () => "Link copied";
    if (navigator.clipboard && window.isSecureContext) {
        return navigator.clipboard.writeText(window.location.href).then(done, () => "Copy link");
    }
    const area = document.createElement("textarea");
    area.value = window.location.href;
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
    return done();
}
"""

# The sweep page starts from the drawn network (its address; the sweep page ignores the
# traced neurons and the drawing).
SWEEP_LINKS_JS = """
function(drawn) {
    if (!drawn || !drawn.search) { return window.dash_clientside.no_update; }
    return ["/sweep" + drawn.search + "&" + __SEEDS__, "/sweep" + drawn.search];
}
"""

# Whether the figures show what the controls say; if not, what they show instead.
STALE_JS = """
function(drawn, errors, ...values) {
    const keys = __KEYS__;
    const labels = __LABELS__;
    if (!drawn || !drawn.state) { return [{display: "none"}, ""]; }
    const text = v => (v === null || v === undefined) ? "" :
        Array.isArray(v) ? v.join(",") : String(v).trim();
    const same = (a, b) => a === b || (a !== "" && b !== "" && !isNaN(a) && !isNaN(b)
        && Number(a) === Number(b));
    const differ = keys.filter((k, i) => !same(text(values[i]), text(drawn.state[k])));
    if (!differ.length) { return [{display: "none"}, ""]; }
    const bad = Object.keys(errors || {}).length > 0;
    const what = differ.slice(0, 3).map(k => labels[k] + " " + (text(drawn.state[k]) || "empty"))
        .join(", ");
    const why = bad ? "A value is refused (see the field): the figures still show "
        : "The figures are not of these controls yet: they show ";
    return [{display: "flex"}, why + what + (differ.length > 3 ? ", ..." : "") + "."];
}
"""


# Everything that follows a change of what is drawn or of what the controls say, in ONE
# clientside callback: each callback Dash runs is about 14 updates of its store, and each
# update a pass over every component of the page (half a millisecond on this page), so
# the five callbacks this one replaces cost a slider move some 25 ms more.
# - the controls or the figures changed: whether they still agree (STALE_JS);
# - a new view is drawn: the address (address.WRITE_JS), the sweep page's links, the
#   history (history.RECORD_JS), a lesson's check (lessons.PASS_DRAWN_JS);
# - either: the weight scenario's name of the weights the controls say (SCENARIO_OF_JS);
# - the page opens (nothing triggered): the links and the history only, for the page
#   opens on what it draws and its address already says so.
AFTER_JS = """
function(drawn, errors, ...rest) {
    const nu = window.dash_clientside.no_update;
    const shown = rest.pop(), active = rest.pop(), values = rest;
    const triggered = window.dash_clientside.callback_context.triggered || [];
    const ids = triggered.map(t => t.prop_id).filter(id => id && id !== ".");
    const opening = ids.length === 0, isDrawn = ids.includes(__DRAWN__);
    const stale = __STALE__;
    const write = __WRITE__;
    const links = __LINKS__;
    const record = __RECORD__;
    const lesson = __LESSON__;
    const scenario = __SCENARIO__;
    if (!opening) { scenario(values, shown); }
    const linked = opening || isDrawn ? links(drawn) : nu;
    return [
        ...(opening ? [nu, nu] : stale(drawn, errors, ...values)),
        isDrawn ? write(drawn) : nu,
        ...(linked === nu ? [nu, nu] : linked),
        opening || isDrawn ? record(drawn) : nu,
        isDrawn ? lesson(drawn, active) : nu,
    ];
}
"""


# On a phone (a narrow screen) the sections of controls start folded, so the first screen
# shows results; a wider screen keeps them open.
FOLD_JS = """
function(_path) {
    const open = window.innerWidth >= 768;
    return Array(__N__).fill(open);
}
"""

# A clicked neuron's traces are drawn below the first screen at 1280 x 720: bring them
# into view, so that the click visibly does something.
SHOW_TRACES_JS = """
function(_raster, _map) {
    const traces = document.getElementById("traces");
    if (traces) {
        const box = traces.getBoundingClientRect();
        if (box.top > window.innerHeight - 120 || box.bottom < 0) {
            traces.scrollIntoView({behavior: "smooth", block: "center"});
        }
    }
    return window.dash_clientside.no_update;
}
"""


def _ids(keys: Any) -> list[ID]:
    return [STATE_CONTROLS[k] for k in keys]


def _values(*args: Any) -> dict[str, Any]:
    """Control values in the order of STATE_KEYS, by key."""
    return dict(zip(S.STATE_KEYS, args, strict=True))


def slider_of(name: str) -> ID:
    """The slider beside a field's box."""
    return ID(f"{CONFIG_CONTROLS[name]}-slider")


def register(app: Any) -> None:
    """Attach every callback of the page to ``app`` (Dash's global registry when the
    app has pages; ``app`` is what a test passes)."""
    boxed = [n for n in CONFIG_CONTROLS if n not in SLIDER_FIELDS]  # fields with no slider
    config_states = [State(c, "value") for c in CONFIG_CONTROLS.values()]
    state_states = [State(c, "value") for c in _ids(S.STATE_KEYS)]
    dup = {"allow_duplicate": True}
    field_keys = list(S.STATE_KEYS)

    def view_outputs(*keys: str, duplicate: bool = False) -> dict[str, Output]:
        kw = dup if duplicate else {}
        outs = {k: Output(*view.VIEW[k], **kw) for k in keys if k in view.VIEW}
        extra = {"request": Output(ID.RUN_REQUEST, "data", **kw),
                 "drawn": Output(ID.DRAWN, "data", **kw),
                 ERRORS: Output(ID.FIELD_ERRORS, "data", **kw),
                 ALERT: Output(ID.ALERT, "children", allow_duplicate=True)}
        return {**outs, **{k: extra[k] for k in keys if k in extra}}

    # One request and one response per change: every figure of the view from one run,
    # or the request of a large run for the background.
    def view_adapter(sliders: list[Any], boxes: list[Any], slider_boxes: list[Any],
                     drawing: Any, neurons: Any, errors: Any, alert_open: Any,
                     _again: Any, _typed: Any) -> list[Any]:
        triggered = {t["prop_id"] for t in callback_context.triggered}
        moved = [f for f in SLIDER_FIELDS if f"{slider_of(f)}.value" in triggered]
        all_boxes = {**dict(zip(boxed, boxes, strict=True)),
                     **dict(zip(SLIDER_FIELDS, slider_boxes, strict=True))}
        by_slider = dict(zip(SLIDER_FIELDS, sliders, strict=True))
        values = view_values(all_boxes, by_slider, moved)
        out = update_view({f: values[f] for f in CONFIG_CONTROLS}, neurons, errors,
                          alert_open, drawing)
        # the boxes show the sliders read, whatever the answer
        echo = clientside.box_echo(all_boxes, by_slider, values)
        return [out[k] for k in VIEW_KEYS] + [echo[f] for f in SLIDER_FIELDS]

    outs = view_outputs(*VIEW_KEYS)
    app.callback(
        output=[*[outs[k] for k in VIEW_KEYS],
                *[Output(CONFIG_CONTROLS[f], "value", **dup) for f in SLIDER_FIELDS]],
        inputs=dict(sliders=[Input(slider_of(f), "value") for f in SLIDER_FIELDS],
                    boxes=[Input(CONFIG_CONTROLS[f], "value") for f in boxed],
                    drawing=Input(ID.DRAWING, "value"), _again=Input(ID.RUN_AGAIN, "n_clicks"),
                    _typed=Input(ID.BOX_TYPED, "data")),
        state=dict(slider_boxes=[State(CONFIG_CONTROLS[f], "value") for f in SLIDER_FIELDS],
                   neurons=State(ID.NEURONS, "value"), errors=State(ID.FIELD_ERRORS, "data"),
                   alert_open=State(ID.ALERT, "is_open")),
        prevent_initial_call=True,  # the layout comes drawn (opening_view)
    )(view_adapter)

    def traces_adapter(neurons: Any, errors: Any, drawing: Any, *controls: Any) -> list[Any]:
        if callback_context.triggered_id is None:
            raise PreventUpdate  # the page was drawn: the view draws the traces too
        boxes = dict(zip(CONFIG_CONTROLS, controls[:len(CONFIG_CONTROLS)], strict=True))
        sliders = dict(zip(SLIDER_FIELDS, controls[len(CONFIG_CONTROLS):], strict=True))
        out = update_traces_only(neurons, view_values(boxes, sliders, ()), errors, drawing)
        return [out[k] for k in TRACES_KEYS]

    outs = view_outputs(*TRACES_KEYS, duplicate=True)
    app.callback(
        [outs[k] for k in TRACES_KEYS],
        Input(ID.NEURONS, "value"), State(ID.FIELD_ERRORS, "data"), State(ID.DRAWING, "value"),
        *config_states, *[State(slider_of(f), "value") for f in SLIDER_FIELDS],
        prevent_initial_call=True,
    )(traces_adapter)

    def sync_adapter(url_change: Any, _reset: Any, _new_seed: Any, _revert: Any,
                     raster_click: Any, map_click: Any, search: Any, drawn: Any,
                     *values: Any) -> list[Any]:
        trigger = callback_context.triggered_id
        if trigger == ID.URL_CHANGE:
            trigger = ID.URL
            search = address.search_of(url_change, search)
        out = sync_controls(trigger, search, _values(*values), raster_click, map_click, drawn)
        # a slider moves with its box, so that the view callback runs once, from both
        return [out[k] for k in SYNC_KEYS] + [out[f] for f in SLIDER_FIELDS]

    app.callback(
        [*[Output(c, "value", allow_duplicate=True) for c in _ids(S.STATE_KEYS)],
         Output(ID.NEURONS, "options"), Output(ID.URL_APPLIED, "data"),
         Output(ID.FIELD_ERRORS, "data", allow_duplicate=True),
         Output(ID.ALERT, "children", allow_duplicate=True),
         *[Output(slider_of(f), "value") for f in SLIDER_FIELDS]],
        Input(ID.URL_CHANGE, "data"), Input(ID.RESET, "n_clicks"),
        Input(ID.NEW_SEED, "n_clicks"), Input(ID.REVERT, "n_clicks"),
        Input(ID.RASTER, "clickData"), Input(ID.CURRENT_MAP, "clickData"),
        State(ID.URL, "search"), State(ID.DRAWN, "data"), *state_states,
        prevent_initial_call=True,
    )(sync_adapter)

    # The page's alert opens whenever it is given a sentence.
    clientside.register_alert(app, ID.ALERT)

    # The address: read here, written from what is drawn (dashboard.pages.network.address).
    app.clientside_callback(address.READ_URL_JS, Output(ID.URL_CHANGE, "data"),
                            Input(ID.URL, "search"), State(ID.DRAWN, "data"))
    app.clientside_callback(address.APPLIED_JS,
                            Output(ID.SINK, "data", allow_duplicate=True),
                            Input(ID.URL_APPLIED, "data"), State(ID.DRAWN, "data"),
                            prevent_initial_call=True)

    scenarios = {k: [s.exc, s.inh] for k, s in WEIGHT_SCENARIOS.items()}
    for name in SLIDER_FIELDS:
        clientside.register_slider_box(app, CONFIG_CONTROLS[name], name, *SLIDER_SPANS[name],
                                       ID.BOX_TYPED, ID.FIELD_ERRORS)

    app.clientside_callback(
        SCENARIO_JS.replace("__SCENARIOS__", json.dumps(scenarios)),
        Output(slider_of("exc_weight"), "value", allow_duplicate=True),
        Output(slider_of("inh_weight"), "value", allow_duplicate=True),
        Input(ID.SCENARIO, "value"), State(ID.EXC_WEIGHT, "value"),
        State(ID.INH_WEIGHT, "value"), State(slider_of("exc_weight"), "value"),
        State(slider_of("inh_weight"), "value"), prevent_initial_call=True)

    clientside.register_field_errors(app, ID.FIELD_ERRORS, field_keys, _ids(field_keys))

    labels = {**{k: FIELDS[k].label for k in FIELDS}, S.NEURONS_KEY: "traced neurons",
              S.DRAWING_KEY: "drawn"}
    parts = {
        "__STALE__": STALE_JS.replace("__KEYS__", json.dumps(field_keys))
                             .replace("__LABELS__", json.dumps(labels)),
        "__WRITE__": address.WRITE_JS, "__RECORD__": history.RECORD_JS,
        "__LINKS__": SWEEP_LINKS_JS.replace("__SEEDS__", json.dumps(SEEDS_QUERY)),
        "__LESSON__": lessons.PASS_DRAWN_JS, "__DRAWN__": json.dumps(f"{ID.DRAWN}.data"),
        "__SCENARIO__": SCENARIO_OF_JS.replace("__SCENARIOS__", json.dumps(scenarios))
                                      .replace("__EXC__", str(field_keys.index("exc_weight")))
                                      .replace("__INH__", str(field_keys.index("inh_weight")))
                                      .replace("__CUSTOM__", json.dumps(S.CUSTOM))
                                      .replace("__SCENARIO_ID__", json.dumps(str(ID.SCENARIO))),
    }
    after = AFTER_JS
    for key, js in parts.items():
        after = after.replace(key, js.strip())
    app.clientside_callback(
        after,
        Output(ID.STALE, "style"), Output(ID.STALE_TEXT, "children"),
        Output(ID.SINK, "data", allow_duplicate=True),
        Output(ID.SEEDS_LINK, "href"), Output(ID.SWEEP_LINK, "href"),
        Output(history.SINK, "data"), Output(ID.LESSON_DRAWN, "data"),
        Input(ID.DRAWN, "data"), Input(ID.FIELD_ERRORS, "data"),
        *[Input(c, "value") for c in _ids(field_keys)], State(ID.LESSON_ACTIVE, "data"),
        State(ID.SCENARIO, "value"),
        prevent_initial_call="initial_duplicate")  # it runs as the page opens (AFTER_JS)

    def type_adapter(exc_type: Any, inh_type: Any) -> list[Any]:
        if callback_context.triggered_id is None:
            raise PreventUpdate  # the page was drawn with these texts
        out = type_info(exc_type, inh_type)
        return [out[k] for k in TYPE_KEYS]

    app.callback(
        [Output(ID.EXC_PARAMS, "children"), Output(ID.INH_PARAMS, "children"),
         Output(ID.EXC_SPREAD, "children"), Output(ID.INH_SPREAD, "children"),
         *[Output(g, "config") for g in PNG_GRAPHS],
         Output(ID.FIELD_ERRORS, "data", allow_duplicate=True),
         Output(ID.ALERT, "children", allow_duplicate=True)],
        Input(ID.EXC_TYPE, "value"), Input(ID.INH_TYPE, "value"), prevent_initial_call=True,
    )(type_adapter)

    def search_adapter(search_value: Any, neurons: Any, ne: Any, ni: Any) -> list[Any]:
        out = neuron_search(search_value, neurons, ne, ni)
        return [out["options"], out[ERRORS], out[ALERT]]

    app.callback(
        [Output(ID.NEURONS, "options", allow_duplicate=True),
         Output(ID.FIELD_ERRORS, "data", allow_duplicate=True),
         Output(ID.ALERT, "children", allow_duplicate=True)],
        Input(ID.NEURONS, "search_value"), State(ID.NEURONS, "value"), State(ID.NE, "value"),
        State(ID.NI, "value"), prevent_initial_call=True,
    )(search_adapter)

    def download_adapter(_s: Any, _c: Any, _t: Any, *values: Any) -> list[Any]:
        *controls, neurons = values
        out = download(callback_context.triggered_id,
                       dict(zip(CONFIG_CONTROLS, controls, strict=True)), neurons)
        return [out["data"], out[ERRORS], out[ALERT]]

    app.callback(
        [Output(ID.DOWNLOAD, "data"), Output(ID.FIELD_ERRORS, "data", allow_duplicate=True),
         Output(ID.ALERT, "children", allow_duplicate=True)],
        Input(ID.DOWNLOAD_SPIKES, "n_clicks"), Input(ID.DOWNLOAD_CONFIG, "n_clicks"),
        Input(ID.DOWNLOAD_TRACES, "n_clicks"), *config_states, State(ID.NEURONS, "value"),
        prevent_initial_call=True,
    )(download_adapter)

    app.clientside_callback(
        FOLD_JS.replace("__N__", str(len(SECTIONS))),
        *[Output(section_id(t), "open") for t in SECTIONS], Input(ID.URL, "pathname"))
    app.clientside_callback(
        SHOW_TRACES_JS, Output(ID.SINK, "data", allow_duplicate=True),
        Input(ID.RASTER, "clickData"), Input(ID.CURRENT_MAP, "clickData"),
        prevent_initial_call=True)

    app.clientside_callback(COPY_LINK_JS, Output(ID.COPY_LINK, "children"),
                            Input(ID.COPY_LINK, "n_clicks"), prevent_initial_call=True)

    outs = view_outputs(*LARGE_KEYS, duplicate=True)

    jobs.register_job(app, [outs[k] for k in LARGE_KEYS], LARGE_KEYS,
                      Input(ID.RUN_REQUEST, "data"), run_large, admit=admit_large,
                      stopped=large_stopped)
