"""The page's address, kept in step with the controls in the browser.

Every parameter lives in the query string (``?ne=800&ni=202&...``), so a link
reproduces a view and back/forward walk through the views. The address is
written outside Dash's callback graph: a ``request_pre`` renderer hook (a
documented ``Dash(hooks=...)`` entry) sees every request that carries the
whole view, the view callback's and the traces' alike, and pushes a history
entry when its values differ from the address (once the address has reached
the controls; see :data:`ADDRESS_JS`). Written as a clientside callback
(as it was), each change also ran a chain of five more (a Location to write,
the other to hear the write, a check of the echo): about 20 ms of the page's
time per slider move, spent before the figures could be drawn.

Reading stays a callback: on the page's first look at its address
(:data:`READ_JS`) and on back/forward, when a ``popstate`` listener (installed
with the hooks) hands the address to ``URL_CHANGE``; :func:`dashboard.callbacks.
sync_controls` then validates it and sets the controls.
"""

from __future__ import annotations

import json

from . import state as S
from .ids import CONFIG_CONTROLS, ID

# The component behind each key of the address, in the order of STATE_KEYS.
KEY_IDS: dict[str, str] = {**{f: str(i) for f, i in CONFIG_CONTROLS.items()},
                           S.NEURONS_KEY: str(ID.NEURONS)}

_COMMON = """
    const keys = __KEYS__;
    const ids = __IDS__;
    const defaults = __DEFAULTS__;
    const text = v => (v === null || v === undefined) ? ""
        : Array.isArray(v) ? v.join(",") : String(v);
    const same = (a, b) => a === b
        || (a !== "" && b !== "" && !isNaN(a) && !isNaN(b) && Number(a) === Number(b));
    // whether the controls' values (by key) say what the address says
    const agrees = (search, valueOf) => {
        const shown = new URLSearchParams(search || "");
        return keys.every(key =>
            same(text(valueOf(key)), shown.has(key) ? shown.get(key) : defaults[key]));
    };
"""

# Evaluated once as the page starts: window.izhiAddress, and the hooks' functions. The
# address is written only once it has reached the controls ("armed"): before that, the
# page's first requests carry the layout's defaults, not what a link says. It is armed
# when a request's values agree with it, or when the answer to reading it comes back
# (a link with a bad value shows an alert and never agrees). A request that is not
# for a control's change (reading the address, a download) or that lacks a control
# leaves it alone, as does one whose values it already says (a
# missing key means the seed's value), so landing on a short link pushes no entry.
# The entry is pushed once the request has been answered and its answer drawn: a
# history entry costs the browser a few ms of CPU, which, while the request was out,
# it took from the server on this 2-core machine.
ADDRESS_JS = """(function () {
__COMMON__
    const self = window.izhiAddress = {read: false, armed: false, agrees: agrees};
    let waiting = [];  // addresses of requests sent, to push once they are answered
    let next = null;  // the address the page shows once those are pushed
    window.addEventListener("popstate", function () {
        window.dash_clientside.set_props(__CHANGE__, {
            data: {search: window.location.search, at: Date.now()}});
    });
    self.requestPre = function (payload) {
        if (!self.read || !payload || !Array.isArray(payload.changedPropIds)) {
            return;
        }
        const values = {};
        for (const item of [].concat(payload.inputs || [], payload.state || [])) {
            if (item && !Array.isArray(item) && item.property === "value") {
                values[item.id] = item.value;
            }
        }
        const controls = keys.map(key => ids[key] + ".value");
        if (!keys.every(key => ids[key] in values)
                || !payload.changedPropIds.some(id => controls.includes(id))) {
            return;
        }
        const shown = next !== null ? next : window.location.search;
        if (agrees(shown, key => values[ids[key]])) {
            self.armed = true;
            return;
        }
        if (self.armed) {
            const parts = keys.map(key => key + "="
                + encodeURIComponent(text(values[ids[key]])).replace(/%2C/g, ","));
            next = "?" + parts.join("&");
            waiting.push(next);
        }
    };
    self.requestPost = function (payload) {
        if (payload && Array.isArray(payload.changedPropIds)
                && payload.changedPropIds.includes(__CHANGE_PROP__)) {
            self.armed = true;
        }
        if (waiting.length) {
            const searches = waiting;
            waiting = [];
            // A timer runs after the task that applies this answer and draws it.
            setTimeout(function () {
                searches.forEach(search => window.history.pushState(null, "", search));
                if (next === searches[searches.length - 1]) {
                    next = null;
                }
            }, 0);
        }
    };
    return self;
})()"""

# The page's first look at its address (once the Location has read it), handed to
# URL_CHANGE for sync_controls. Later changes of the Location's search come with
# back/forward, which the popstate listener reports.
READ_JS = """
function(search, ...values) {
    const address = window.izhiAddress;
    if (address.read || search === undefined || search === null) {
        return window.dash_clientside.no_update;
    }
    address.read = true;
    if (address.agrees(search, key => values[__KEYS__.indexOf(key)])) {
        address.armed = true;
    }
    return {search: search, at: Date.now()};
}
"""


def _fill(js: str) -> str:
    return (js.replace("__COMMON__", _COMMON)
            .replace("__KEYS__", json.dumps(list(S.STATE_KEYS)))
            .replace("__IDS__", json.dumps(KEY_IDS))
            .replace("__DEFAULTS__", json.dumps(S.default_query_values()))
            .replace("__CHANGE__", json.dumps(str(ID.URL_CHANGE)))
            .replace("__CHANGE_PROP__", json.dumps(f"{ID.URL_CHANGE}.data")))


# The hooks run the functions of window.izhiAddress, which ADDRESS_JS defines as the
# renderer starts (hooks are evaluated in order: the first one builds it).
RENDERER_HOOKS: dict[str, str] = {
    "request_pre": f"({_fill(ADDRESS_JS)}).requestPre",
    "request_post": "function (payload, response) { window.izhiAddress.requestPost(payload); }",
}
READ_URL_JS = _fill(READ_JS)


def search_of(url_change: object, search: object) -> object:
    """The address to read: the one a back/forward handed over, else the Location's."""
    if isinstance(url_change, dict) and isinstance(url_change.get("search"), str):
        return url_change["search"]
    return search
