"""The network page's address, kept in step with what its figures show.

Every parameter lives in the query string (``?ne=800&ni=202&...``), so a link
reproduces a view and back/forward walk through the views. The address says what
is *drawn*, not what the controls hold: the view callback answers with the state it
drew (``DRAWN``), and :data:`WRITE_JS` pushes a history entry when that differs
from the address. A refused value never reaches the address, so "Copy link" always
shares a link that works.

Reading: on the page's first look at its address (:data:`READ_JS`; again when the
page is drawn anew, coming back from another page), unless the layout has drawn it
already, and on back/forward (a ``popstate`` listener that READ_JS installs), the
address goes to ``URL_CHANGE``; :func:`dashboard.pages.network.callbacks.sync_controls`
validates it and sets the controls. Until the state it asked for is drawn (or it was
refused), drawn states are not written back: a link the layout could not draw opens on
the original script's run, which must not push an entry over the link that was opened
(:data:`APPLIED_JS`).
"""

from __future__ import annotations

import json

from . import state as S
from .ids import ID

_COMMON = """
    const keys = __KEYS__;
    const defaults = __DEFAULTS__;
    const text = v => (v === null || v === undefined) ? ""
        : Array.isArray(v) ? v.join(",") : String(v);
    const same = (a, b) => a === b
        || (a !== "" && b !== "" && !isNaN(a) && !isNaN(b) && Number(a) === Number(b));
    // whether two queries say the same (a missing key means the original script's value)
    const agrees = (a, b) => {
        const x = new URLSearchParams(a || ""), y = new URLSearchParams(b || "");
        const value = (q, key) => q.has(key) ? q.get(key) : defaults[key];
        return keys.every(key => same(value(x, key), value(y, key)));
    };
"""

# The page's first look at its address; installs the back/forward listener once. An
# address the layout has drawn already (dashboard.pages.network.page) is not read again:
# that would ask the server to move controls that say it already.
READ_JS = """
function(search, drawn) {
__COMMON__
    const self = window.izhiAddress = window.izhiAddress || {installed: false};
    self.agrees = agrees;
    // the page drawn anew (back from another page): its controls are the layout's, and
    // the address is read again
    const root = document.getElementById(__ROOT__);
    if (!root || root !== self.root) { self.root = root; self.read = false; }
    if (search === undefined || search === null || self.read) {
        return window.dash_clientside.no_update;
    }
    self.read = true;
    const drawnAlready = Boolean(drawn && agrees(search, drawn.search));
    self.pending = drawnAlready ? null : search;
    if (!self.installed) {
        self.installed = true;
        window.addEventListener("popstate", function () {
            // another page's address, or this page not drawn yet: read when it is
            if (window.location.pathname !== "/" || !document.getElementById(__ROOT__)) {
                return;
            }
            self.pending = window.location.search;
            window.dash_clientside.set_props(__CHANGE__, {
                data: {search: window.location.search, at: Date.now()}});
        });
    }
    return drawnAlready ? window.dash_clientside.no_update : {search: search, at: Date.now()};
}
"""

# A drawn state reaches the address (a new history entry) unless the address already
# says it, or a link is still being read.
WRITE_JS = """
function(drawn) {
    const self = window.izhiAddress;
    if (!drawn || !self || window.location.pathname !== "/") {
        return window.dash_clientside.no_update;
    }
    if (self.pending !== null && self.pending !== undefined) {
        if (!self.agrees(self.pending, drawn.search)) {
            return window.dash_clientside.no_update;
        }
        self.pending = null;
    }
    if (!self.agrees(window.location.search, drawn.search)) {
        // presentation mode is how the page shows runs, not a run: it stays
        const present = new URLSearchParams(window.location.search).get("present");
        const search = present === null ? drawn.search
            : drawn.search + (drawn.search ? "&" : "?") + "present=" + present;
        window.history.pushState(null, "", search);
    }
    return window.dash_clientside.no_update;
}
"""

# The address has been read: refused (its sentence is shown), so drawn states may be
# written again; or applied to the controls, so the state to wait for is the link's in
# full (a missing key may mean something that depends on others: the traced neurons).
APPLIED_JS = """
function(applied, drawn) {
    const self = window.izhiAddress;
    if (!applied || !self) { return window.dash_clientside.no_update; }
    self.pending = applied.refused ? null : applied.search;
    if (self.pending && drawn && self.agrees(self.pending, drawn.search)) {
        self.pending = null;
    }
    return window.dash_clientside.no_update;
}
"""


def _fill(js: str) -> str:
    return (js.replace("__COMMON__", _COMMON)
            .replace("__KEYS__", json.dumps(list(S.STATE_KEYS)))
            .replace("__DEFAULTS__", json.dumps(S.default_query_values()))
            .replace("__CHANGE__", json.dumps(str(ID.URL_CHANGE)))
            .replace("__ROOT__", json.dumps(str(ID.RESET))))


READ_URL_JS = _fill(READ_JS)


def search_of(url_change: object, search: object) -> object:
    """The address to read: the one a back/forward handed over, else the Location's."""
    if isinstance(url_change, dict) and isinstance(url_change.get("search"), str):
        return url_change["search"]
    return search
