"""The sweep page's address: the sweep asked for, kept in step with the page.

The whole sweep is in the query string (the base network's fields that differ from
the original script's, then ``axis1``, ``values1``, ``axis2``, ``values2``,
``seeds``, ``color``; :mod:`dashboard.pages.sweep.state`). A link reproduces a
sweep: opening it runs it. The address says the sweep *asked for*: pressing Run or
a preset pushes its canonical address (:data:`WRITE_JS`, from ``REQUEST``); an
address read at load or at back/forward is replaced by its canonical form, never
pushed again. Recolouring a drawn sweep replaces the colour in its entry (no run, no
new entry: :data:`RECOLOR_JS`), unless a new sweep is being asked for at the same
time.

Reading (:data:`READ_JS`): when the page is drawn, and at each back/forward, the
address goes to ``URL_CHANGE``; :func:`dashboard.pages.sweep.callbacks.sync`
validates it, sets the controls and asks for its sweep.
"""

from __future__ import annotations

import json

from .ids import ID
from .layout import PATH

_COMMON = """
    const path = __PATH__;
    const nu = window.dash_clientside.no_update;
    const self = window.izhiSweep = window.izhiSweep || {installed: false};
    // the same sweep, whatever its colour
    const sweepOf = (search) => {
        const q = new URLSearchParams(search || "");
        q.delete("color");
        return q.toString();
    };
"""

READ_JS = """
function(_search) {
__COMMON__
    if (window.location.pathname !== path) { return nu; }
    if (!self.installed) {
        self.installed = true;
        window.addEventListener("popstate", function () {
            if (window.location.pathname === path && document.getElementById(__ROOT__)) {
                window.dash_clientside.set_props(__CHANGE__, {
                    data: {search: window.location.search, at: Date.now()}});
            }
        });
    }
    // only a page drawn anew reads here (back from another page, or a first load)
    const root = document.getElementById(__ROOT__);
    if (root === self.root) { return nu; }
    self.root = root;
    return {search: window.location.search, at: Date.now()};
}
"""

WRITE_JS = """
function(request) {
__COMMON__
    if (!request || window.location.pathname !== path) { return nu; }
    if (window.location.search !== request.search) {
        if (request.replace) {
            window.history.replaceState(null, "", path + request.search);
        } else {
            window.history.pushState(null, "", path + request.search);
        }
    }
    return nu;
}
"""

RECOLOR_JS = """
function(color, result, request) {
__COMMON__
    if (!result || !color || window.location.pathname !== path) { return nu; }
    // the drawn sweep is on screen and asked for (a preset or Run that also set the
    // colour asks for another sweep, whose own address comes with its request)
    const drawn = sweepOf(result.search);
    if (sweepOf(window.location.search) !== drawn
        || (request && sweepOf(request.search) !== drawn)) { return nu; }
    const q = new URLSearchParams(window.location.search);
    if (q.get("color") === color) { return nu; }
    q.set("color", color);
    window.history.replaceState(null, "", path + "?" + q.toString().replace(/%3A/g, ":")
        .replace(/%2C/g, ","));
    return nu;
}
"""


def _fill(js: str) -> str:
    return (js.replace("__COMMON__", _COMMON).replace("__PATH__", json.dumps(PATH))
            .replace("__ROOT__", json.dumps(str(ID.RUN)))
            .replace("__CHANGE__", json.dumps(str(ID.URL_CHANGE))))


READ = _fill(READ_JS)
WRITE = _fill(WRITE_JS)
RECOLOR = _fill(RECOLOR_JS)


def search_of(url_change: object, search: object) -> object:
    """The address to read: the one READ_JS handed over, else the Location's."""
    if isinstance(url_change, dict) and isinstance(url_change.get("search"), str):
        return url_change["search"]
    return search
