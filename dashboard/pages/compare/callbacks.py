"""Thin callbacks of the compare page: guard -> ask the core -> build the view -> return.

The page is drawn by its layout from its address (:func:`opening`): every run of the
comparison from the page's run cache, at once. A comparison whose runs together could
take longer than a large run's threshold (or that passes the cache's budget) is one
background job instead (:mod:`dashboard.common.jobs`): the layout puts its request in
``PENDING``, the browser hands it to ``RUN_REQUEST``, and :func:`run_large` runs A's and
B's runs in one job slot, one after the other, with the shell's progress bar.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from typing import Any

from dash import Input, Output, no_update

from izhi_core import NetworkConfig, Recording, SimulationResult, simulate
from izhi_core.compare import Plan, plan
from izhi_core.config import check_work, expected_seconds

from ...common import clientside, jobs
from ...common.guard import ALERT, guard, sentence
from ...common.runs import RunCache, TooLong
from . import state as S
from . import view
from .ids import ID

RUNS = RunCache(budget_s=float(os.environ.get("IZHI_RUN_BUDGET_S", jobs.LARGE_RUN_SECONDS)))
RECORD = Recording(neurons=(), map_rows=0, map_cols=0)  # spikes and rates: no map, no traces

# The layout's pending request goes to the background job's input (a job is started by
# a change of its input, not by a page's layout).
HAND_OVER_JS = """
function(pending) {
    return pending ? Object.assign({}, pending, {at: Date.now()})
        : window.dash_clientside.no_update;
}
"""


def is_large(p: Plan) -> bool:
    """Whether a comparison's runs, together, go to a job."""
    return sum(expected_seconds(c) for c in p.runs) > jobs.LARGE_RUN_SECONDS


def request(state: Mapping[str, Any]) -> dict[str, Any]:
    """A large comparison's request: both configurations, the seeds, when it was made."""
    return {"a": state["a"].to_dict(), "b": state["b"].to_dict(), "seeds": state["seeds"],
            "at": time.time()}


def plan_of(request: Any) -> Plan:
    """A request read again (validated when it was made; a forged one gets its sentence)."""
    if not isinstance(request, Mapping):
        raise ValueError(f"a comparison request must be a mapping (got {request!r:.40}).")
    a = check_work(NetworkConfig.from_mapping(request.get("a") or {}))
    b = check_work(NetworkConfig.from_mapping(request.get("b") or {}))
    return plan(a, b, S.SEEDS_FIELD.parse(request.get("seeds", 1)))


def compare(state: Mapping[str, Any]) -> dict[str, Any]:
    """Every figure and card of a comparison that is not large, from the run cache.

    Raises
    ------
    TooLong
        A run passed the cache's budget: the comparison is a job's.
    """
    p = plan(state["a"], state["b"], state["seeds"])
    return view.view(p, {c: RUNS.get(c, RECORD) for c in p.runs})


def opening(search: Any) -> dict[str, Any]:
    """What the layout draws for an address: ``state`` and ``shown`` (the view by
    component id), or ``pending`` (a large comparison's request), or ``error`` (the
    address's one sentence)."""
    try:
        state = S.state_from_query(search)
        p = plan(state["a"], state["b"], state["seeds"])
    except ValueError as exc:
        return {"error": sentence(exc)}
    if not is_large(p):
        try:
            shown = compare(state)
            return {"state": state, "shown": {view.VIEW[k][0]: v for k, v in shown.items()}}
        except TooLong:
            pass
    return {"state": state, "pending": request(state)}


LARGE_KEYS = (*view.VIEW, ALERT)


def admit_large(req: Any) -> None:
    """Admission of a large comparison, before any process starts."""
    plan_of(req)


def large_stopped(why: str) -> dict[str, Any]:
    """A comparison that ended without its figures: its sentence."""
    return {**{k: no_update for k in view.VIEW}, ALERT: why}


def run_large(set_progress: Any, req: Any) -> dict[str, Any]:
    """Every run of a large comparison, one after the other, with progress reports over
    their network time together: every figure and card, or its sentence."""

    @guard(LARGE_KEYS)
    def body() -> dict[str, Any]:
        p = plan_of(req)
        total = sum(c.duration for c in p.runs)
        results: dict[NetworkConfig, SimulationResult] = {}
        done = 0
        for config in p.runs:
            set_progress(jobs.progress_text(done, total, building=config.inputs is not None
                                            and done == 0))
            results[config] = simulate(
                config, RECORD, chunk_ms=max(1, config.duration // jobs.PROGRESS_STEPS),
                progress=lambda ms, _t, before=done: set_progress(
                    jobs.progress_text(before + ms, total)))
            done += config.duration
        return {**view.view(p, results), ALERT: ""}

    return body()


def register(app: Any) -> None:
    """Attach the page's callbacks to ``app`` (Dash's global registry with pages)."""
    clientside.register_alert(app, ID.ALERT)
    app.clientside_callback(HAND_OVER_JS, Output(ID.RUN_REQUEST, "data"),
                            Input(ID.PENDING, "data"))
    outs = {**{k: Output(*v, allow_duplicate=True) for k, v in view.VIEW.items()},
            ALERT: Output(ID.ALERT, "children", allow_duplicate=True)}

    jobs.register_job(app, [outs[k] for k in LARGE_KEYS], LARGE_KEYS,
                      Input(ID.RUN_REQUEST, "data"), run_large, admit=admit_large,
                      stopped=large_stopped)
