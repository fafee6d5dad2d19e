"""Thin callbacks of the neuron lab: guard -> ask the core -> build the view -> return.

Each body is a plain module-level function returning a dict keyed like its outputs,
testable by calling it; :func:`register` wires them. Every value they receive is
untrusted JSON and goes through the core's validation; :func:`dashboard.common.guard.guard`
is the one error path (a refused value's sentence beside its field, anything else
in the page's alert; the figures keep their last good state).

How the page moves:

* a control changes -> :func:`update_lab` runs the neuron (or reruns the network
  and replays its neuron) and redraws the figures and readouts; the answer says
  what it drew (``drawn``), which the address then says
  (:mod:`dashboard.pages.neuron.address`);
* the address is read (page load, back/forward, a gallery panel), a pattern or a
  scheme is picked, reset is pressed -> :func:`sync_controls` sets the controls,
  only those that differ.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import numpy as np
from dash import Input, Output, State, callback_context, no_update
from dash.exceptions import PreventUpdate

from izhi_core import NetworkConfig, Recording
from izhi_core.config import expected_seconds
from izhi_core.neuron import NeuronTrace, simulate_neuron
from izhi_core.neuron.explain import explain
from izhi_core.neuron.replay import replay as replay_alone

from ...common import clientside, jobs
from ...common.guard import ALERT, ERRORS, error_outputs, guard
from ...common.runs import RunCache
from . import address, view
from . import state as S
from .ids import CONTROLS, ID, SLIDERS
from .layout import SECTIONS, lab_class, network_link, pattern_options, section_id

RUNS = RunCache(max_entries=6)  # the networks whose neurons are replayed


def field_of(field: str | None) -> str | None:
    """The control of the page that shows a core's field error (None: the alert)."""
    return field if field in CONTROLS else None


# -- the run behind a view --------------------------------------------------------------


def network_run(replay: Any) -> tuple[NetworkConfig, int, Any]:
    """The network of a replay, rerun recording its neuron (cached): its config, the
    neuron and the result."""
    config, neuron = S.replay_target(replay)
    if jobs.is_large(config):
        raise ValueError(
            f"this network is too large to replay in the lab (about "
            f"{expected_seconds(config):.1f} s a run, and the lab reruns it on every "
            f"change): replay a neuron of a network that runs in under "
            f"{jobs.LARGE_RUN_SECONDS:g} s.")
    return config, neuron, RUNS.get(config, Recording(neurons=(neuron,), map_rows=0,
                                                      map_cols=0))


def replayed(replay: Any) -> tuple[NetworkConfig, int, NeuronTrace, Any, bool]:
    """The replayed neuron with its own a, b, c, d, the network's v and u for it, and
    whether they are the same to the bit (computed here, on this run)."""
    config, neuron, result = network_run(replay)
    own = replay_alone(result, neuron)
    row = result.trace_row(neuron)
    network = (result.v[row], result.u[row])
    matches = bool(np.array_equal(own.v, network[0]) and np.array_equal(own.u, network[1]))
    return config, neuron, own, network, matches


def _drawn(clean: Mapping[str, Any], replay: Any, trace: NeuronTrace) -> dict[str, Any]:
    """What the figures show: the address that reproduces it, its values, and what the
    next change is compared with (its spikes and its largest input)."""
    return {"search": S.query_from_state(clean, replay), "state": dict(clean),
            "replay": replay, "spikes": trace.n_spikes,
            "input": float(trace.I.max()) if trace.I.size else 0.0}


def _clear(errors: Any) -> Any:
    """No field error any more (``no_update`` when there was none: nothing to redraw)."""
    return {} if errors else no_update


# -- bodies -----------------------------------------------------------------------------

LAB_KEYS = (*view.LAB, "drawn", ERRORS, ALERT)


def _changed(clean: Mapping[str, Any], replay: Any, trace: NeuronTrace, drawn: Any,
             old_spec: Any) -> Any:
    """The readout of what the change from the drawn state did (``no_update`` when only
    the phase plane's time moved)."""
    if not isinstance(drawn, Mapping) or not isinstance(drawn.get("state"), Mapping):
        return ""
    old = drawn["state"]
    if drawn.get("replay") != replay or old.get("pattern") != clean["pattern"]:
        return ""  # another neuron: nothing to compare
    if all(old.get(k) == clean[k] for k in S.KEYS if k != "at"):
        return no_update
    try:
        before = old_spec(S.parse_values(old, replay))
    except ValueError:
        return ""
    sentences = explain(before, trace.spec, old["scheme"], clean["scheme"],
                        float(drawn.get("input", 0.0)), float(trace.I.max()))
    return view.changed_text(sentences, drawn.get("spikes"), trace.n_spikes)


@guard(LAB_KEYS, field_of)
def update_lab(values: Mapping[str, Any], replay: Any = None, drawn: Any = None,
               errors: Any = None, alert_open: bool = False) -> dict[str, Any]:
    """Every figure and readout of the lab for its controls.

    ``values`` are the controls by state key; ``replay`` the replayed network neuron
    (or None); ``drawn`` the state on screen (the change is explained against it);
    ``errors`` the field errors shown now and ``alert_open`` whether the alert is:
    both are cleared by a good view, and left alone when already clear.
    """
    clean = S.parse_values(values, replay)
    if replay is not None:
        config, neuron, own, network, matches = replayed(replay)
        own_values = S.network_state(config, neuron)
        changed = any(clean[k] != own_values[k] for k in S.PARAMETERS)

        def old_spec(old: Mapping[str, Any]) -> Any:
            return own.spec.replace(**{k: old[k] for k in S.PARAMETERS})

        trace = simulate_neuron(old_spec(clean), scheme=S.REPLAY_SCHEME) if changed else own
        title = f"{view.neuron_name(config, neuron)}: {view.spikes_text(trace.n_spikes)}"
        figures = view.lab_figures(trace, S.at_index(clean["at"], trace.t), title,
                                   reference=network if changed else None)
        summary = view.replay_summary(config, neuron, own, matches,
                                      trace if changed else None)
        link = network_link(view.network_link(config, neuron), view.neuron_name(config, neuron))
    else:
        pattern, spec, scheme = S.spec_of(clean)
        trace = simulate_neuron(spec, scheme=scheme)

        def old_spec(old: Mapping[str, Any]) -> Any:
            return S.spec_of(old)[1]

        published = S.pattern_state(pattern.key)
        changed = any(clean[k] != published[k] for k in S.KEYS if k != "at")
        figures = view.lab_figures(trace, S.at_index(clean["at"], trace.t),
                                   f"{pattern.label}: {view.spikes_text(trace.n_spikes)}")
        summary = view.pattern_summary(pattern, trace, changed)
        link = None
    # the link changes with the neuron replayed only (each output set costs the page a
    # pass of Dash's renderer over its components)
    same_neuron = isinstance(drawn, Mapping) and "replay" in drawn and drawn["replay"] == replay
    return {**figures, "summary": summary,
            "changed": _changed(clean, replay, trace, drawn, old_spec),
            "network_link": no_update if same_neuron else link,
            "drawn": _drawn(clean, replay, trace),
            ERRORS: _clear(errors), ALERT: "" if alert_open else no_update}


SYNC_KEYS = (*S.KEYS, "replay", "options", "lab_class", "published",
             *(f"{k}_{p}" for k in S.TIME_KEYS for p in ("max", "marks")),
             *(f"{k}_slider" for k in SLIDERS), "typed", "applied", ERRORS, ALERT)


def _time_sliders(duration: float) -> dict[str, Any]:
    _, hi, _, marks = S.time_slider(duration)
    out: dict[str, Any] = {}
    for k in S.TIME_KEYS:
        out[f"{k}_max"] = hi
        out[f"{k}_marks"] = {m: f"{m:g}" for m in marks}
    return out


@guard(SYNC_KEYS, field_of)
def sync_controls(trigger: Any, search: Any, values: Mapping[str, Any],
                  replay: Any = None) -> dict[str, Any]:
    """The one place that moves controls: the address, a picked pattern or scheme, reset.

    Parameters
    ----------
    trigger : str or None
        Id of the component that fired (None or ``lab-url`` for the address).
    search : str
        The address query (``?pattern=C&d=-1``).
    values : mapping
        The controls, by key of :data:`dashboard.pages.neuron.state.KEYS`.
    replay : dict or None
        The replayed network neuron on the page now.

    Returns
    -------
    dict
        Each control (``no_update`` where unchanged), the replay, the picker's options,
        the lab's class, the published input's text, the time sliders' spans,
        ``applied`` (for the address: ``{"search": ...}`` canonical, with ``refused``
        when the address was refused), errors and alert.
    """
    current = dict(values)
    trigger = None if trigger is None else str(trigger)
    new_replay = replay
    if trigger in (None, ID.URL):
        try:
            changes, new_replay = S.state_from_query(search)
        except ValueError as exc:
            out = error_outputs(SYNC_KEYS, exc, lambda _f: None)
            try:  # the figures keep the controls' state: the address waits for it
                applied = {"search": S.query_from_state(S.parse_values(current, replay),
                                                        replay), "refused": True}
            except ValueError:
                applied = {"refused": True}
            return {**out, "applied": applied}
    elif trigger == ID.PATTERN:
        if current.get("pattern") == S.REPLAY:
            raise PreventUpdate
        changes = S.pattern_state(S.FIELDS["pattern"].parse(current.get("pattern")))
        new_replay = None
    elif trigger == ID.SCHEME:
        if replay is not None:
            raise PreventUpdate
        pattern = S.PATTERNS[S.FIELDS["pattern"].parse(current.get("pattern"))]
        changes = {"tau": S.scheme_tau(pattern, S.FIELDS["scheme"].parse(current.get("scheme")))}
    elif trigger == ID.RESET:
        if replay is not None:
            changes = {**S.network_state(*S.replay_target(replay)), "at": current.get("at")}
        else:
            key = S.FIELDS["pattern"].parse(current.get("pattern"))
            changes = {**S.pattern_state(key), "at": current.get("at")}
    else:
        raise PreventUpdate
    new = S.control_values({**current, **changes})
    out: dict[str, Any] = {k: new[k] if not _same(new[k], current.get(k)) else no_update
                           for k in S.KEYS}
    moved = new_replay != replay or not _same(new["pattern"], current.get("pattern"))
    published = S.PATTERNS.get(new["pattern"])
    out.update(
        replay=new_replay if new_replay != replay else no_update,
        options=pattern_options(new_replay) if moved else no_update,
        lab_class=lab_class(new_replay) if moved else no_update,
        published=(view.published_text(published) if published else "") if moved
        else no_update,
        **(_time_sliders(S.duration_of(new, new_replay)) if moved else
           {f"{k}_{p}": no_update for k in S.TIME_KEYS for p in ("max", "marks")}),
    )
    applied = no_update
    if trigger in (None, ID.URL):
        applied = {"search": S.query_from_state(S.parse_values(new, new_replay), new_replay)}
    return {**out, **_sliders_to(out, new, new_replay), "applied": applied,
            ERRORS: {} if trigger == ID.RESET else no_update, ALERT: no_update}


def _sliders_to(out: Mapping[str, Any], new: Mapping[str, Any], replay: Any) -> dict[str, Any]:
    """The sliders of the controls set (each to its box's value, if within its span:
    the slider is the lab's input), and ``typed`` when any control was set, so that
    the lab reads the boxes too (one beyond its slider's span moves no slider)."""
    try:
        duration = S.duration_of(new, replay)
    except ValueError:
        duration = None
    sliders: dict[str, Any] = {}
    for key in SLIDERS:
        value, sliders[f"{key}_slider"] = out[key], no_update
        if value is no_update or value in (None, "") or duration is None:
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            continue
        lo, hi, _, _ = S.slider_of(key, duration)
        if lo <= number <= hi:
            sliders[f"{key}_slider"] = number
    changed = any(out[k] is not no_update for k in S.KEYS)
    return {**sliders, "typed": {"field": None, "at": time.time()} if changed else no_update}


def _same(a: Any, b: Any) -> bool:
    """Whether two control values say the same (``"0.5"`` and ``0.5`` do)."""
    if a == b or (a in (None, "") and b in (None, "")):
        return True
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return False


# -- wiring -----------------------------------------------------------------------------

# The published input, or one window: the window's controls take part only then.
SHAPE_JS = """
function(shape) {
    const off = shape !== "step" && shape !== "ramp";
    return Array(__N__).fill(off);
}
"""

# Pointing at a time on v(t), u(t) or I(t) puts the phase plane's ring on that step's
# (v, u); pointing at the trajectory puts the time series' ring on its step. Both move
# one marker with Plotly.restyle, without a round trip to the server.
HOVER_JS = """
function(traceHover, phaseHover) {
    const nu = window.dash_clientside.no_update;
    const trigger = (window.dash_clientside.callback_context.triggered[0] || {}).prop_id || "";
    const plot = id => document.querySelector("#" + id + " .js-plotly-plot");
    const traces = plot(__TRACES__), phase = plot(__PHASE__);
    if (!traces || !phase || !traces.data || !phase.data) { return nu; }
    const named = (gd, name) => gd.data.findIndex(t => t.name === name);
    const series = gd => gd._fullData.filter(t => t.name === "v" || t.name === "u");
    const [v, u] = series(traces);
    if (!v || !u) { return nu; }
    let step = null;
    if (trigger.startsWith(__TRACES__ + ".") && traceHover && traceHover.points.length) {
        step = traceHover.points[0].pointIndex;
        Plotly.restyle(phase, {x: [[v.y[step]]], y: [[u.y[step]]]}, [named(phase, "hovered")]);
    } else if (trigger.startsWith(__PHASE__ + ".") && phaseHover && phaseHover.points.length) {
        // the step of a trajectory's point is its customdata (read here: plotly's hover
        // data leaves out a typed array's customdata)
        const point = phaseHover.points[0], path = phase._fullData[point.curveNumber];
        if (!path || path.name !== "trajectory" || !path.customdata) { return nu; }
        step = path.customdata[point.pointIndex];
        if (step === undefined || step === null || isNaN(step)) { return nu; }
        Plotly.restyle(traces, {x: [[v.x[step]]], y: [[v.y[step]]]}, [named(traces, "hovered")]);
    }
    return nu;
}
"""

# On a phone the sections of controls start folded, so the first screen shows results.
FOLD_JS = """
function(_path) {
    const open = window.innerWidth >= 768;
    return Array(__N__).fill(open);
}
"""

WINDOW_KEYS = ("amp", "t0", "t1", "base")


def register(app: Any) -> None:
    """Attach every callback of the page to ``app`` (Dash's global registry when the
    app has pages; ``app`` is what a test passes)."""
    dup = {"allow_duplicate": True}
    control_states = [State(CONTROLS[k], "value") for k in S.KEYS]

    slider_keys = [k for k in S.KEYS if k in SLIDERS]
    boxed = [k for k in S.KEYS if k not in SLIDERS]

    # the sliders' spans: the time sliders' follows the run, and the box's whole range
    # moves them
    spans = {key: ((S.FIELDS[key].lo, S.FIELDS[key].hi) if key in S.TIME_KEYS
                   else S.SLIDER_RANGES[key][:2]) for key in slider_keys}

    # A slider moved is the lab's input, and the answer writes its box
    # (clientside.slider_values); every other control is read from its box.
    def lab_adapter(sliders: list[Any], boxes: list[Any], replay: Any, _typed: Any,
                    slider_boxes: list[Any], drawn: Any, errors: Any,
                    alert_open: Any) -> list[Any]:
        if callback_context.triggered_id is None:
            alert_open = False  # an alert open by then speaks of the address
        triggered = {t["prop_id"] for t in callback_context.triggered}
        all_boxes = {**dict(zip(boxed, boxes, strict=True)),
                     **dict(zip(slider_keys, slider_boxes, strict=True))}
        by_slider = dict(zip(slider_keys, sliders, strict=True))
        moved = [k for k in slider_keys if f"{CONTROLS[k]}-slider.value" in triggered]
        values = clientside.slider_values(all_boxes, by_slider, moved, spans)
        out = update_lab(values, replay, drawn, errors, alert_open)
        echo = clientside.box_echo(all_boxes, by_slider, values)
        return [out[k] for k in LAB_KEYS] + [echo[k] for k in slider_keys]

    app.callback(
        output=[*[Output(*view.LAB[k]) for k in view.LAB], Output(ID.DRAWN, "data"),
                Output(ID.FIELD_ERRORS, "data"), Output(ID.ALERT, "children"),
                *[Output(CONTROLS[k], "value") for k in slider_keys]],
        inputs=dict(sliders=[Input(f"{CONTROLS[k]}-slider", "value") for k in slider_keys],
                    boxes=[Input(CONTROLS[k], "value") for k in boxed],
                    replay=Input(ID.REPLAY, "data"), _typed=Input(ID.BOX_TYPED, "data")),
        state=dict(slider_boxes=[State(CONTROLS[k], "value") for k in slider_keys],
                   drawn=State(ID.DRAWN, "data"), errors=State(ID.FIELD_ERRORS, "data"),
                   alert_open=State(ID.ALERT, "is_open")),
    )(lab_adapter)

    def sync_adapter(url_change: Any, _pattern: Any, _scheme: Any, _reset: Any,
                     replay: Any, *controls: Any) -> list[Any]:
        trigger = callback_context.triggered_id
        if trigger == ID.URL_CHANGE:
            trigger = ID.URL
        elif trigger is None:
            raise PreventUpdate  # the page was drawn from its address already
        out = sync_controls(trigger, address.search_of(url_change),
                            dict(zip(S.KEYS, controls, strict=True)), replay)
        return [out[k] for k in SYNC_KEYS]

    slider_outputs = [*[Output(f"{CONTROLS[k]}-slider", p, **dup) for k in S.TIME_KEYS
                        for p in ("max", "marks")],
                      *[Output(f"{CONTROLS[k]}-slider", "value", **dup) for k in SLIDERS],
                      Output(ID.BOX_TYPED, "data", **dup)]
    app.callback(
        [*[Output(CONTROLS[k], "value", **dup) for k in S.KEYS],
         Output(ID.REPLAY, "data", **dup), Output(ID.PATTERN, "options"),
         Output(ID.LAB, "className"), Output(ID.PUBLISHED, "children"), *slider_outputs,
         Output(ID.URL_APPLIED, "data"), Output(ID.FIELD_ERRORS, "data", **dup),
         Output(ID.ALERT, "children", **dup)],
        Input(ID.URL_CHANGE, "data"), Input(ID.PATTERN, "value"), Input(ID.SCHEME, "value"),
        Input(ID.RESET, "n_clicks"), State(ID.REPLAY, "data"), *control_states,
        prevent_initial_call=True,
    )(sync_adapter)

    clientside.register_alert(app, ID.ALERT)
    keys = list(CONTROLS)
    clientside.register_field_errors(app, ID.FIELD_ERRORS, keys, [CONTROLS[k] for k in keys])
    for key in slider_keys:
        clientside.register_slider_box(app, CONTROLS[key], key, *spans[key], ID.BOX_TYPED,
                                       ID.FIELD_ERRORS)

    app.clientside_callback(address.READ, Output(ID.URL_CHANGE, "data"), Input(ID.URL, "search"))
    app.clientside_callback(address.WRITE, Output(ID.ADDRESS_SINK, "data", **dup),
                            Input(ID.DRAWN, "data"), prevent_initial_call=True)
    app.clientside_callback(address.APPLIED, Output(ID.ADDRESS_SINK, "data", **dup),
                            Input(ID.URL_APPLIED, "data"), State(ID.DRAWN, "data"),
                            prevent_initial_call=True)

    window = [CONTROLS[k] for k in WINDOW_KEYS]
    app.clientside_callback(
        SHAPE_JS.replace("__N__", str(2 * len(window))),
        *[Output(c, "disabled") for c in window],
        *[Output(f"{c}-slider", "disabled") for c in window],
        Input(ID.SHAPE, "value"))
    app.clientside_callback(
        HOVER_JS.replace("__TRACES__", f'"{ID.TRACES}"').replace("__PHASE__", f'"{ID.PHASE}"'),
        Output(ID.ADDRESS_SINK, "data", **dup),
        Input(ID.TRACES, "hoverData"), Input(ID.PHASE, "hoverData"),
        prevent_initial_call=True)
    app.clientside_callback(
        FOLD_JS.replace("__N__", str(len(SECTIONS))),
        *[Output(section_id(t), "open") for t in SECTIONS], Input(ID.URL, "pathname"))
