"""The dashboard: explore Izhikevich's (2003) network live in the browser.

``python app.py`` serves on HOST:PORT (default 127.0.0.1:8050; debug only with
DASH_DEBUG=1); a WSGI server takes ``app:server``. The shell is
:mod:`dashboard.shell`; each page is a package of :mod:`dashboard.pages` whose
``page.py`` Dash imports and registers.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from dash import Dash
from flask import request
from werkzeug.exceptions import HTTPException

from dashboard import shell
from dashboard.common import chunks, natives
from izhi_core import NetworkConfig, Recording, simulate
from izhi_core.network import legacy_draws

log = logging.getLogger("izhi_dashboard")

# Tiny runs that compile (or load from numba's cache) every kernel the page can ask for:
# all-to-all and sparse, each in exact mode (float64) and fast mode (float32); and the
# all-to-all exact-mode kernel again with its draws given, as the page's runs have them.
WARM_UP = tuple(
    NetworkConfig(ne=8, ni=2, duration=5, inputs=inputs, mode=mode)
    for inputs in (None, 4) for mode in ("exact", "fast")
)


def warm_up() -> None:
    """Run the tiny networks so the first request does not wait for numba."""
    record = Recording(neurons=(0,), map_rows=2, map_cols=2)
    # in chunks with a progress call too, as the page's budgeted runs and the jobs go
    # (other specialisations of the kernels: else the first such run compiles them)
    chunked = {"chunk_ms": 2, "progress": lambda done, total: None}
    for config in WARM_UP:
        simulate(config, record)
        simulate(config, record, **chunked)
    simulate(WARM_UP[0], record, draws=legacy_draws(WARM_UP[0]))
    simulate(WARM_UP[0], record, draws=legacy_draws(WARM_UP[0]), **chunked)


# A Celery worker imports the app for its background functions and then forks its pool:
# it must not have run a parallel kernel first (worker.py says so).
if os.environ.get("IZHI_ROLE") != "worker":
    warm_up()

app = Dash(
    __name__,
    use_pages=True,
    pages_folder=str(Path(__file__).parent / "dashboard" / "pages"),
    routing_callback_inputs=shell.ROUTING_INPUTS,
    title="Izhikevich network explorer",
    update_title=None,  # no "Updating..." flicker in the tab on every slider move
    meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
)
# plotly.js keeps the browser's own trim/parseInt/parseFloat (dashboard.natives), and
# dcc's lazily loaded graph, slider and dropdown come with the page (dashboard.chunks)
app.index_string = chunks.with_chunks(
    natives.keep_natives(app.index_string).replace("<html>", '<html lang="en">', 1),
    app.get_relative_path)
server = app.server
# Every web instance and worker of one server signs the background jobs' handles with
# the same secret (else a poll reaching another instance is refused); without one, Dash
# keeps a random secret in the job store, which a single machine shares.
if os.environ.get("IZHI_SECRET_KEY"):
    server.secret_key = os.environ["IZHI_SECRET_KEY"]
# Callback requests are a few kB; anything larger is refused (413) before it is read.
server.config["MAX_CONTENT_LENGTH"] = 256 * 1024
app.layout = shell.layout
shell.register(app)


@server.after_request
def layout_varies_by_page(response):
    """The layout holds the page the browser opens (its referrer: dashboard.shell.opened)."""
    if request.path.endswith("/_dash-layout"):
        response.vary.add("Referer")
    return response


@server.route("/healthz")
def healthz() -> tuple[str, int, dict[str, str]]:
    """Liveness: a tiny simulation runs and answers ``ok``."""
    simulate(WARM_UP[0], Recording(neurons=(), map_rows=0, map_cols=0))
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@server.errorhandler(Exception)
def refuse_unreadable_request(error: Exception):
    """A callback request the Dash dispatcher cannot read is the client's fault: 400.

    Values inside a well-formed request are the callbacks' business (their guard
    turns them into an alert); this catches a malformed envelope (missing keys,
    unknown outputs, wrong shapes), so garbage posted to the server never gets a
    500. Debug mode (DASH_DEBUG=1) replaces this with Dash's traceback pages.
    """
    if isinstance(error, HTTPException):
        return error
    if request.path.endswith("/_dash-update-component"):
        log.warning("refused a callback request: %s: %.200s", type(error).__name__, error)
        return "The callback request could not be read.", 400
    log.error("%s %s failed", request.method, request.path, exc_info=error)
    return "Internal server error.", 500


def main() -> None:
    """Serve with Flask's server on HOST:PORT; debug only if DASH_DEBUG=1."""
    logging.basicConfig(level=logging.INFO)
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8050"))
    debug = os.environ.get("DASH_DEBUG") == "1"
    app.run(host=host, port=port, debug=debug)


if __name__ == "__main__":
    main()
