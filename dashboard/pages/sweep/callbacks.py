"""Thin callbacks of the sweep page: guard -> ask the core -> build the view -> return.

How the page moves:

* a control changes -> :func:`estimate` says the points and the time, or the
  sentence of what is refused beside its field;
* the address is read (page load, back/forward), Run or a preset is pressed ->
  :func:`sync` sets the controls and, for a sweep to run, the request
  (``REQUEST``: the sweep's canonical address), which the address then says;
* the request -> :func:`run_job` runs it as a job in one of the server's slots
  (:mod:`dashboard.common.jobs`): the points run in the job's own process (or on the
  Dask cluster of ``DASK_SCHEDULER_ADDRESS``), and every few tenths of a second the
  partial diagram goes out as the job's progress (``PARTIAL``, drawn in the browser);
* the metric to colour by changes -> :func:`recolor` redraws from the grid;
* a cell is clicked -> :func:`open_cell` opens its network on the network page.
"""

from __future__ import annotations

import base64
import io
import os
import time
from collections.abc import Mapping
from contextlib import closing
from typing import Any
from urllib.parse import parse_qsl

from dash import Input, Output, State, callback_context, no_update
from dash.exceptions import PreventUpdate

from izhi_core import NetworkConfig
from izhi_core.config import check_work
from izhi_core.sweep import (
    DaskExecutor,
    InProcessExecutor,
    PointResult,
    SweepSpec,
    results_table,
    run_sweep,
)
from izhi_core.sweep.grid import grid_of, replicate_run, spectrum_band

from ...common import clientside, jobs
from ...common.guard import ALERT, ERRORS, guard
from . import address, view
from . import state as S
from .ids import CONTROLS, ID, preset_button
from .layout import base_text

REPORT_S = 0.3  # the partial diagram goes out at most this often (the page polls at 0.5 s)
BATCH_S = 0.1  # a batch of the job's own runs: a report (and a chance to stop) this often
DASK_ENV = "DASK_SCHEDULER_ADDRESS"


def field_of(field: str | None) -> str | None:
    """The control that shows a field's sentence (None: the sweep as a whole)."""
    return field if field in CONTROLS else None


def _values(*args: Any) -> dict[str, Any]:
    return dict(zip(CONTROLS, args, strict=True))


def _base(base: Any) -> NetworkConfig:
    """The base network the page shows (its store), validated again."""
    if not isinstance(base, Mapping):
        return S.DEFAULT_BASE
    return check_work(NetworkConfig.from_mapping(base))


# -- bodies -----------------------------------------------------------------------------

ESTIMATE_KEYS = ("estimate", ERRORS)


@guard(ESTIMATE_KEYS, field_of)
def estimate(base: Any, values: Mapping[str, Any]) -> dict[str, Any]:
    """The points and the time of the sweep the controls say; or the sentence of what is
    refused: beside its field, or here (too much work for a page)."""
    try:
        spec = S.spec_of(_base(base), values)
    except ValueError as err:
        field = field_of(getattr(err, "field", None))
        text = str(err)[:1].upper() + str(err)[1:]
        return {"estimate": "" if field else text, ERRORS: {field: text} if field else {}}
    return {"estimate": S.estimate_text(spec), ERRORS: {}}


SYNC_KEYS = (*CONTROLS, "base", "base_text", "base_link", "request", ERRORS, ALERT)


@guard(SYNC_KEYS, field_of)
def sync(trigger: Any, search: Any, base: Any, values: Mapping[str, Any],
         asked: Any = None) -> dict[str, Any]:
    """The one place that moves controls and asks for a sweep.

    Parameters
    ----------
    trigger : str or None
        The component that fired: None or ``URL`` (the address was read), ``RUN``, or
        a preset's button.
    search : str
        The address's query, for the address.
    base : dict
        The base network shown (``NetworkConfig.to_dict()``).
    values : mapping
        The controls, by key of :data:`dashboard.pages.sweep.ids.CONTROLS`.
    asked : dict
        The last request (``{"search": ...}``: the sweep drawn, or being drawn): an
        address that differs from it only in its colour runs nothing again.

    Returns
    -------
    dict
        Each control (``no_update`` where unchanged), the base and its line and link,
        ``request`` (``{"search", "at", "replace"}``: the sweep to run and whether its
        address replaces the entry it was read from), errors and alert.
    """
    trigger = None if trigger is None else str(trigger)
    out: dict[str, Any] = {k: no_update for k in SYNC_KEYS}
    replace = False
    if trigger in (None, ID.URL):
        config, changes, runs = S.state_from_query(search)
        out.update(base=config.to_dict(), base_text=base_text(config),
                   base_link="/" + S.network_query(config))
        new = changes
        replace = True
        if not runs:
            return {**out, **_changed(values, new), ERRORS: {}, ALERT: ""}
    elif trigger == ID.RUN:
        config, new = _base(base), dict(values)
    elif trigger.startswith("sweep-preset-"):
        key = trigger.removeprefix("sweep-preset-")
        if key not in S.PRESETS:
            raise PreventUpdate
        config, new = _base(base), dict(S.PRESETS[key][2])
    else:
        raise PreventUpdate
    spec = S.spec_of(config, new)
    wanted = S.query_of(spec, S.color_of(new.get("color")))
    drawn = asked.get("search") if isinstance(asked, Mapping) else None
    request: Any = {"search": wanted, "at": time.time(), "replace": replace}
    if replace and isinstance(drawn, str) and _same_sweep(drawn, wanted):
        request = no_update  # back to the drawn sweep in another colour: recoloured only
    return {**out, **_changed(values, new), "request": request, ERRORS: {}, ALERT: ""}


def _changed(values: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (new[k] if str(new.get(k, "")) != str(values.get(k, "")) else no_update)
            for k in CONTROLS}


def _same_sweep(a: str, b: str) -> bool:
    """Whether two sweep addresses say the same sweep, whatever their colours."""
    def strip(q: str) -> list[tuple[str, str]]:
        return [(k, v) for k, v in parse_qsl(q.removeprefix("?"), keep_blank_values=True)
                if k != "color"]
    return strip(a) == strip(b)


RECOLOR_KEYS = ("diagram", ALERT)


@guard(RECOLOR_KEYS)
def recolor(color: Any, result: Any, asked: Any = None) -> dict[str, Any]:
    """The drawn diagram in another metric (no run: the grid has every metric); nothing
    while another sweep than the drawn one runs (its own progress colours it)."""
    if not isinstance(result, Mapping) or not isinstance(result.get("grid"), Mapping):
        raise PreventUpdate
    if (isinstance(asked, Mapping) and isinstance(asked.get("search"), str)
            and not _same_sweep(asked["search"], str(result.get("search")))):
        raise PreventUpdate
    grid = result["grid"]
    if not grid.get("axes"):
        raise PreventUpdate  # the replicates' view does not depend on it
    color = S.color_of(color)
    try:
        diagram = view.figures(grid, color)["diagram"]
    except (KeyError, IndexError, TypeError, AttributeError):  # a store the page never wrote
        raise ValueError("The drawn sweep could not be read again; press Run sweep.") from None
    return {"diagram": diagram, ALERT: no_update}


OPEN_KEYS = ("href", ALERT)


@guard(OPEN_KEYS)
def open_cell(click: Any, asked: Any) -> dict[str, Any]:
    """The network page's address of a clicked cell's configuration (its first seed);
    ``asked`` is the last request, the sweep drawn or being drawn."""
    if not click or not isinstance(asked, Mapping) or not isinstance(asked.get("search"), str):
        raise PreventUpdate
    base, values, _ = S.state_from_query(asked["search"])
    config = S.clicked_cell(S.spec_of(base, values), click)
    return {"href": "/" + S.network_query(config), ALERT: no_update}


# -- the job ----------------------------------------------------------------------------

JOB_KEYS = ("diagram", "regimes", "cards", "status", "result", "files", "csv_off",
            "parquet_off", ERRORS, ALERT)


def _request(request: Any) -> tuple[SweepSpec, str, str]:
    """A routed request read again (validated when it was made; a stale or forged one
    raises its sentence): the spec, the colour and the canonical address."""
    if not isinstance(request, Mapping) or not isinstance(request.get("search"), str):
        raise ValueError(f"a sweep request must name its sweep (got {request!r:.40}).")
    base, values, _ = S.state_from_query(request["search"])
    spec = S.spec_of(base, values)
    return spec, values["color"], S.query_of(spec, values["color"])


def admit(request: Any) -> None:
    """Admission of a sweep, before any process starts: it must validate and fit the
    page's caps."""
    _request(request)


def stopped(why: str) -> dict[str, Any]:
    """A sweep that ended without its result: its sentence; the partial diagram stays,
    and the table is no one's (the drawn sweep's files would not be what is shown)."""
    return {**{k: no_update for k in JOB_KEYS}, "files": None, "csv_off": True,
            "parquet_off": True, ALERT: why}


def waiting(label: str) -> list[Any]:
    """A queued sweep's progress: the shell's bar, and no partial diagram yet."""
    return [0, label, None]


def _executor() -> Any:
    """The Dask cluster of DASK_SCHEDULER_ADDRESS, else this process (which owns one
    slot: never a pool of its own)."""
    address_ = os.environ.get(DASK_ENV, "").strip()
    return DaskExecutor(address_) if address_ else InProcessExecutor(BATCH_S)


def _files(spec: SweepSpec, results: list[PointResult]) -> dict[str, Any]:
    """The table as CSV text and Parquet (base64), for the download buttons."""
    table = results_table(results)
    buffer = io.BytesIO()
    table.to_parquet(buffer, engine="pyarrow", index=False)
    names = "_".join(a.field for a in spec.axes) or "seeds"
    return {"csv": table.to_csv(index=False),
            "parquet": base64.b64encode(buffer.getvalue()).decode("ascii"),
            "stem": f"izhikevich_sweep_{names}_{spec.n_points}_runs"}


def _report(set_progress: Any, grid: dict[str, Any], color: str,
            spectrum: dict[str, Any] | None = None) -> None:
    done, total = grid["done"], grid["total"]
    set_progress([100.0 * done / total, f"{done:,} of {total:,} runs",
                  view.figures(grid, color, spectrum)])


def _replicates(spec: SweepSpec, set_progress: Any, color: str
                ) -> tuple[list[PointResult], dict[str, Any]]:
    """Seed replicates of the base alone: each run here, with its spectrum."""
    results: list[PointResult] = []
    spectra = []
    spectrum: dict[str, Any] = {}
    for point in spec.points():
        metrics, freq, power = replicate_run(point.config)
        results.append(PointResult(point, metrics))
        spectra.append(power)
        mean, sd = spectrum_band(spectra)
        spectrum = {"freq": freq.tolist(), "mean": mean.tolist(), "sd": sd.tolist()}
        _report(set_progress, grid_of(spec, results), color, spectrum)
    return results, spectrum


def run_job(set_progress: Any, request: Any) -> dict[str, Any]:
    """Run a routed sweep, reporting its partial diagram: the finished diagram, the
    regime map, the grid and the table's files, or its sentence."""

    @guard(JOB_KEYS, field_of)
    def body() -> dict[str, Any]:
        spec, color, search = _request(request)
        set_progress([0, f"0 of {spec.n_points:,} runs", None])
        spectrum: dict[str, Any] | None = None
        if not spec.axes:
            results, spectrum = _replicates(spec, set_progress, color)
        else:
            results = []
            last = 0.0
            with closing(run_sweep(spec, executor=_executor())) as sweep:
                for result in sweep:
                    results.append(result)
                    now = time.monotonic()
                    if now - last >= REPORT_S:
                        last = now
                        _report(set_progress, grid_of(spec, results), color)
        grid = grid_of(spec, results)
        _report(set_progress, grid, color, spectrum)  # the last report is the whole
        shown = view.figures(grid, color, spectrum)
        return {**shown, "result": {"search": search, "grid": grid},
                "files": _files(spec, results), "csv_off": False, "parquet_off": False,
                ERRORS: no_update, ALERT: ""}

    return body()


# -- wiring -----------------------------------------------------------------------------

PARTIAL_JS = """
function(partial) {
    const nu = window.dash_clientside.no_update;
    if (!partial) { return [nu, nu, nu, nu]; }
    return [partial.diagram, partial.regimes, partial.cards, partial.status];
}
"""

# On a phone the sections but the presets start folded, so that the first screen shows
# the presets and the diagram; a wider screen keeps them open.
FOLD_JS = """
function(_search) {
    const open = window.innerWidth >= 768;
    return Array(__N__).fill(open);
}
"""
FOLDED = ("sweep-section-axes", "sweep-section-runs", "sweep-section-base")

DOWNLOAD_JS = """
function(_csv, _parquet, files) {
    const nu = window.dash_clientside.no_update;
    const trigger = (window.dash_clientside.callback_context.triggered[0] || {}).prop_id || "";
    if (!files) { return nu; }
    if (trigger.startsWith("__CSV__.")) {
        return {content: files.csv, filename: files.stem + ".csv", type: "text/csv"};
    }
    if (trigger.startsWith("__PARQUET__.")) {
        return {content: files.parquet, base64: true, filename: files.stem + ".parquet",
                type: "application/vnd.apache.parquet"};
    }
    return nu;
}
"""

def register(app: Any) -> None:
    """Attach every callback of the page to ``app`` (Dash's global registry)."""
    control_inputs = [Input(c, "value") for c in CONTROLS.values()]
    control_states = [State(c, "value") for c in CONTROLS.values()]
    dup = {"allow_duplicate": True}

    def estimate_adapter(base: Any, *values: Any) -> list[Any]:
        out = estimate(base, _values(*values))
        return [out["estimate"], out[ERRORS]]

    app.callback(
        [Output(ID.ESTIMATE, "children"), Output(ID.FIELD_ERRORS, "data", **dup)],
        Input(ID.BASE, "data"), *control_inputs, prevent_initial_call="initial_duplicate",
    )(estimate_adapter)

    preset_ids = [preset_button(k) for k in S.PRESETS]

    def sync_adapter(url_change: Any, _run: Any, *args: Any) -> list[Any]:
        *_presets, base, asked, search = args[:len(preset_ids) + 3]
        values = _values(*args[len(preset_ids) + 3:])
        trigger = callback_context.triggered_id
        if trigger == ID.URL_CHANGE:
            trigger = ID.URL
            search = address.search_of(url_change, search)
        out = sync(trigger, search, base, values, asked)
        return [out[k] for k in SYNC_KEYS]

    app.callback(
        [*[Output(c, "value", **dup) for c in CONTROLS.values()],
         Output(ID.BASE, "data"), Output(ID.BASE_TEXT, "children"),
         Output(ID.BASE_LINK, "href"), Output(ID.REQUEST, "data"),
         Output(ID.FIELD_ERRORS, "data", **dup), Output(ID.ALERT, "children", **dup)],
        Input(ID.URL_CHANGE, "data"), Input(ID.RUN, "n_clicks"),
        *[Input(p, "n_clicks") for p in preset_ids],
        State(ID.BASE, "data"), State(ID.REQUEST, "data"), State(ID.URL, "search"),
        *control_states, prevent_initial_call=True,
    )(sync_adapter)

    def recolor_adapter(color: Any, result: Any, asked: Any) -> list[Any]:
        out = recolor(color, result, asked)
        return [out["diagram"], out[ALERT]]

    app.callback(
        [Output(ID.DIAGRAM, "figure", **dup), Output(ID.ALERT, "children", **dup)],
        Input(ID.COLOR, "value"), State(ID.RESULT, "data"), State(ID.REQUEST, "data"),
        prevent_initial_call=True,
    )(recolor_adapter)

    def open_adapter(_diagram: Any, _regimes: Any, asked: Any) -> list[Any]:
        trigger = callback_context.triggered_id
        click = callback_context.inputs.get(f"{trigger}.clickData")
        out = open_cell(click, asked)
        return [out["href"], out[ALERT]]

    app.callback(
        [Output(ID.NAVIGATE, "href"), Output(ID.ALERT, "children", **dup)],
        Input(ID.DIAGRAM, "clickData"), Input(ID.REGIMES, "clickData"),
        State(ID.REQUEST, "data"), prevent_initial_call=True,
    )(open_adapter)

    clientside.register_alert(app, ID.ALERT)
    clientside.register_field_errors(app, ID.FIELD_ERRORS, list(CONTROLS),
                                     list(CONTROLS.values()))

    app.clientside_callback(address.READ, Output(ID.URL_CHANGE, "data"), Input(ID.URL, "search"))
    app.clientside_callback(address.WRITE, Output(ID.ADDRESS_SINK, "data", **dup),
                            Input(ID.REQUEST, "data"), prevent_initial_call=True)
    app.clientside_callback(address.RECOLOR, Output(ID.ADDRESS_SINK, "data", **dup),
                            Input(ID.COLOR, "value"), State(ID.RESULT, "data"),
                            State(ID.REQUEST, "data"), prevent_initial_call=True)

    app.clientside_callback(
        PARTIAL_JS,
        Output(ID.DIAGRAM, "figure", **dup), Output(ID.REGIMES, "figure", **dup),
        Output(ID.CARDS, "children", **dup), Output(ID.STATUS, "children", **dup),
        Input(ID.PARTIAL, "data"), prevent_initial_call=True)

    app.clientside_callback(FOLD_JS.replace("__N__", str(len(FOLDED))),
                            *[Output(f, "open") for f in FOLDED], Input(ID.URL, "pathname"))

    app.clientside_callback(
        DOWNLOAD_JS.replace("__CSV__", ID.DOWNLOAD_CSV).replace("__PARQUET__",
                                                                ID.DOWNLOAD_PARQUET),
        Output(ID.DOWNLOAD, "data"),
        Input(ID.DOWNLOAD_CSV, "n_clicks"), Input(ID.DOWNLOAD_PARQUET, "n_clicks"),
        State(ID.FILES, "data"), prevent_initial_call=True)

    jobs.register_job(
        app,
        [Output(ID.DIAGRAM, "figure", **dup), Output(ID.REGIMES, "figure", **dup),
         Output(ID.CARDS, "children", **dup), Output(ID.STATUS, "children", **dup),
         Output(ID.RESULT, "data"), Output(ID.FILES, "data"),
         Output(ID.DOWNLOAD_CSV, "disabled"), Output(ID.DOWNLOAD_PARQUET, "disabled"),
         Output(ID.FIELD_ERRORS, "data", **dup), Output(ID.ALERT, "children", **dup)],
        JOB_KEYS, Input(ID.REQUEST, "data"), run_job, admit=admit, stopped=stopped,
        waiting=waiting, progress=[Output(ID.PARTIAL, "data")],
        running=[
            # the table downloads once its sweep has finished (the result enables them)
            (Output(ID.DOWNLOAD_CSV, "disabled"), True, True),
            (Output(ID.DOWNLOAD_PARQUET, "disabled"), True, True),
        ],
        progress_default=None)
