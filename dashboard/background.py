"""Large runs in the background: a progress bar with the network time simulated,
and a cancel button.

A run expected to take longer than about half a second (a sparse network of
10,000s of neurons, a long duration) is not run inside the view callback,
which would hold a server worker with no sign of life. The view callback puts
the validated request in a store instead (:func:`is_large`), and a Dash
background callback runs it in its own process through a
disk-cache manager (shared by every server worker, under the system's temporary
folder or ``IZHI_JOBS_DIR``), reporting the network time simulated as it goes.
Cancel ends that process; the figures keep the last finished run.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

from dash import DiskcacheManager, Input, Output, no_update
from dash.exceptions import PreventUpdate

from izhi_core import NetworkConfig, Recording, simulate

from . import state as S
from .ids import ID

LARGE_RUN_SECONDS = 0.5
PROGRESS_STEPS = 40  # progress reports per run
POLL_MS = 200

# Rough cost model of one run on one 2-core machine (fast mode; seed mode's
# legacy generator is slower per neuron-ms): synaptic events at ~1.5 ns,
# neuron-steps at ~5 ns (20 ns in seed mode), synapses built at ~10 ns.
_EVENT_S = 1.5e-9
_STEP_S = {"fast": 5e-9, "exact": 20e-9}
_BUILD_S = 1e-8
_RATE_HZ = 8.0


def expected_seconds(config: NetworkConfig) -> float:
    """A rough estimate of the wall-clock time of one run of ``config``."""
    inputs = config.inputs if config.inputs is not None else config.n
    steps = config.n * config.duration
    events = steps / 1000.0 * _RATE_HZ * inputs
    build = config.n * inputs * _BUILD_S if config.inputs is not None else 0.0
    return events * _EVENT_S + steps * _STEP_S[config.mode] + build


def is_large(config: NetworkConfig) -> bool:
    """Whether ``config`` runs in the background, with a progress bar."""
    return expected_seconds(config) > LARGE_RUN_SECONDS


def manager() -> DiskcacheManager:
    """The disk-cache manager of background runs (one folder for all workers).

    Jobs start from a fork server, not by forking the web worker: the worker may
    have run numba's parallel kernels, and a process that has used GNU OpenMP
    (numba's threading layer where libgomp is installed) must not fork. The fork
    server is a fresh process that imports the core once and never runs a kernel.
    """
    import diskcache
    import multiprocess

    if multiprocess.get_start_method(allow_none=True) != "forkserver":
        multiprocess.set_start_method("forkserver", force=True)
        multiprocess.set_forkserver_preload(["izhi_core", "dashboard.background"])

    folder = os.environ.get("IZHI_JOBS_DIR") or os.path.join(tempfile.gettempdir(),
                                                             "izhi-jobs")
    return DiskcacheManager(diskcache.Cache(folder), expire=600)


def request_of(config: NetworkConfig, neurons: Any) -> dict[str, Any]:
    """The request of a large run: the validated config and the traced neurons."""
    return {"config": config.to_dict(), "neurons": list(neurons)}


def progress_text(done_ms: int, total_ms: int) -> tuple[float, str]:
    """Progress bar value (percent) and label: the network time simulated."""
    return 100.0 * done_ms / total_ms, f"{done_ms:,} of {total_ms:,} ms simulated"


def all_figures(result: Any) -> tuple[Any, ...]:
    """Every figure and card of the page for one result, then the alert's text and
    ``is_open`` (in the order of :func:`figure_outputs`)."""
    from . import callbacks as C

    return (*C.update_raster_of(result), *C.update_current_map_of(result),
            *C.update_rhythms_of(result), *C.update_traces_of(result), "", False)


def figure_outputs() -> list[Output]:
    """The outputs :func:`all_figures` fills (duplicates of the figure callbacks')."""
    from .ids import SUMMARY_CARDS

    graphs = [ID.RASTER, *SUMMARY_CARDS, ID.CURRENT_MAP, ID.RHYTHMS, ID.TRACES]
    props = ["figure"] + ["children"] * len(SUMMARY_CARDS) + ["figure"] * 3
    return [Output(g, p, allow_duplicate=True) for g, p in zip(graphs, props, strict=True)] + [
        Output(ID.ALERT, "children", allow_duplicate=True),
        Output(ID.ALERT, "is_open", allow_duplicate=True),
    ]


def run_large(set_progress: Any, request: Any) -> tuple[Any, ...]:
    """Run a routed request with progress reports; every figure of the page, or an alert."""
    n_out = len(figure_outputs())
    try:
        if not isinstance(request, dict):
            raise PreventUpdate
        config = S.config_from_controls(request.get("config") or {})
        neurons = S.neurons_in(S.neurons_from_value(request.get("neurons")), config)
        rows, cols = S.map_shape(config)
        record = Recording(neurons=neurons, map_rows=rows, map_cols=cols)
        set_progress(progress_text(0, config.duration))
        result = simulate(
            config, record, chunk_ms=max(1, config.duration // PROGRESS_STEPS),
            progress=lambda done, total: set_progress(progress_text(done, total)),
        )
        return all_figures(result)
    except PreventUpdate:
        raise
    except ValueError as exc:
        message = str(exc)
        return (no_update,) * (n_out - 2) + (message[:1].upper() + message[1:], True)


def register(app: Any) -> None:
    """Wire the background run to ``app``: it starts when the view callback (or the
    traces callback) puts a large run's request in the store."""
    app.callback(
        *figure_outputs(),
        Input(ID.RUN_REQUEST, "data"),
        background=True,
        manager=manager(),
        interval=POLL_MS,
        progress=[Output(ID.PROGRESS, "value"), Output(ID.PROGRESS, "label")],
        progress_default=[0, ""],
        running=[
            (Output(ID.PROGRESS_BOX, "style"), {"display": "flex"}, {"display": "none"}),
            (Output(ID.CANCEL, "disabled"), False, True),
        ],
        cancel=[Input(ID.CANCEL, "n_clicks")],
        prevent_initial_call=True,
    )(run_large)
