"""The lab's address, kept in step with what its figures show.

The whole state is in the query string (``?pattern=C&d=-1``, or a replayed network
neuron's ``?replay=811&ne=800&...``): a link reproduces a view, back and forward
walk through the views. The address says what is *drawn*: the lab's callback
answers with the state it drew and its canonical query (``DRAWN``), and
:data:`WRITE_JS` pushes a history entry when that differs from the address.

Reading (:data:`READ_JS`): when the lab is drawn, and at each back/forward or link
within it (a gallery panel: listeners of ``popstate`` and of dcc.Link's
``_dashprivate_pushstate``), the address goes to ``URL_CHANGE``;
:func:`dashboard.pages.neuron.callbacks.sync_controls` validates it, sets the
controls and answers with its canonical query (``URL_APPLIED``). Until a drawn state
with that query arrives, drawn states are not written: the first one then
replaces the entry it was read from (no new entry for a link's own view), and the
lab is scrolled into view if the address asked for a view of it.
"""

from __future__ import annotations

import json

from .ids import ID
from .layout import PATH

_COMMON = """
    const path = __PATH__;
    const nu = window.dash_clientside.no_update;
    const self = window.izhiLab = window.izhiLab || {installed: false};
    // the drawn state the address asked for has come: its entry now says it exactly
    // (unless the user has left the lab meanwhile: the entry is another page's then)
    const settle = (search) => {
        self.waiting = false;
        if (window.location.pathname !== path) { return; }
        if (!self.keep && window.location.search !== search) {
            window.history.replaceState(null, "", path + search);
        }
        if (self.scroll) {
            const lab = document.getElementById(__LAB__);
            if (lab) { lab.scrollIntoView({block: "start"}); }
        }
    };
"""

READ_JS = """
function(_search) {
__COMMON__
    if (window.location.pathname !== path) { return nu; }
    const read = () => {
        self.waiting = true;
        self.expect = undefined;
        self.keep = false;
        self.scroll = window.location.search.length > 1;  // a view of the lab was asked for
        return {search: window.location.search, at: Date.now()};
    };
    if (!self.installed) {
        self.installed = true;
        // back/forward, and a gallery panel's link (dcc.Link): the address is read again
        const again = () => {
            // this page's address, and its layout on screen (back from another page,
            // the layout is drawn anew and reads the address itself)
            if (window.location.pathname === path && document.getElementById(__LAB__)) {
                window.dash_clientside.set_props(__CHANGE__, {data: read()});
            }
        };
        window.addEventListener("popstate", again);
        window.addEventListener("_dashprivate_pushstate", again);
    }
    // The location's own changes are the listeners' business (its search may be stale:
    // history.pushState here does not tell it); here, only a lab drawn anew reads.
    const root = document.getElementById(__LAB__);
    if (root === self.root) { return nu; }
    self.root = root;
    return read();
}
"""

WRITE_JS = """
function(drawn) {
__COMMON__
    if (!drawn || window.location.pathname !== path) { return nu; }
    if (self.waiting) {
        if (self.expect === drawn.search) { settle(drawn.search); }
        return nu;  // a state drawn before the address was read: not the address's
    }
    if (window.location.search !== drawn.search) {
        window.history.pushState(null, "", path + drawn.search);
    }
    return nu;
}
"""

# The address has been read: its canonical query is what to wait for (a refused address
# stays as it was, and the controls' own state is what the figures show meanwhile).
APPLIED_JS = """
function(applied, drawn) {
__COMMON__
    if (!applied || !self.waiting) { return nu; }
    self.keep = Boolean(applied.refused);
    self.expect = applied.search;
    if (applied.search === undefined) { self.waiting = false; return nu; }
    if (drawn && drawn.search === applied.search) { settle(drawn.search); }
    return nu;
}
"""


def _fill(js: str) -> str:
    return (js.replace("__COMMON__", _COMMON).replace("__PATH__", json.dumps(PATH))
            .replace("__LAB__", json.dumps(str(ID.LAB)))
            .replace("__CHANGE__", json.dumps(str(ID.URL_CHANGE))))


READ = _fill(READ_JS)
WRITE = _fill(WRITE_JS)
APPLIED = _fill(APPLIED_JS)


def search_of(url_change: object) -> object:
    """The address to read, as :data:`READ_JS` handed it over."""
    return url_change.get("search") if isinstance(url_change, dict) else None
