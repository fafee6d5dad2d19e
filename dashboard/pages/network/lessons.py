"""Lessons on the network page: each step of :data:`izhi_core.lessons.LESSONS_FILE` one click.

A step's button goes to the lesson's address (the lesson's run, as a link to it would
say) the way back/forward does: the page reads the address, sets its controls and
runs (:mod:`dashboard.pages.network.address`, ``sync_controls``). When the figures
drawn are the lesson's run, :func:`lesson_outcome` checks the lesson's claims
(:func:`izhi_core.lessons.check_lesson`) and says each outcome above the figures and
in the step ("rate above 100 Hz: ✓ (134 Hz)"; a failed check says ✗), and the page
scrolls to the figure that shows the effect (the checks stay in sight, in a box at the
bottom of the window).

Builders, bodies (plain functions, testable by calling them) and :func:`register`, as
the page's other modules; the lessons are data, so this module knows none of them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from dash import ALL, Input, Output, dcc, html, no_update

from izhi_core.lessons import PROG, Lesson, Outcome, check_lesson, default_lessons

from ...common import jobs
from ...common.components import button
from ...common.guard import ALERT, guard
from . import state as S
from .ids import ID

STEP = "lesson-step"  # pattern-matching id type of a step's button: {"type": STEP, "name": ...}
OUTCOME = "lesson-outcome"  # ... and of the step's outcome line
CLICK_TIP = ("Click a dot of the raster (or a row of the current map) to see that neuron's "
             "membrane potential and recovery variable.")


def lesson_search(lesson: Lesson) -> str:
    """The lesson's address: its run in the page's canonical query (the traced neurons
    those the page picks for a network of its size)."""
    default = S.DEFAULT_CONFIG.to_dict()
    changed = {k: v for k, v in lesson.config.to_dict().items() if v != default[k]}
    state = S.state_from_query("?" + urlencode({k: "" if v is None else v
                                                for k, v in changed.items()}))
    return S.query_from_state(lesson.config, state[S.NEURONS_KEY], state[S.DRAWING_KEY])


# A lesson's figure (izhi_core.lessons.FIGURES, the view's names) -> its graph; not read
# from the view, which imports the layout, which shows the lessons
FIGURE_IDS: dict[str, ID] = {"raster": ID.RASTER, "current_map": ID.CURRENT_MAP,
                             "traces": ID.TRACES, "rhythms": ID.RHYTHMS}


def figure_id(lesson: Lesson) -> str:
    """The component id of the figure the lesson points at."""
    return str(FIGURE_IDS[lesson.figure])


# -- builders ---------------------------------------------------------------------------


def _step(lesson: Lesson) -> html.Li:
    link = ([" ", dcc.Link(lesson.link.text, href=lesson.link.href, className="lesson-link")]
            if lesson.link else [])
    return html.Li([
        button(lesson.title, {"type": STEP, "name": lesson.name}, "btn-outline-primary",
               "lesson-button", **{"aria-describedby": f"lesson-claim-{lesson.name}"}),
        html.P([lesson.claim, *link], id=f"lesson-claim-{lesson.name}",
               className="lesson-claim"),
        html.Div(id={"type": OUTCOME, "name": lesson.name}, className="lesson-outcome"),
    ], className="lesson-step")


def lessons_panel(lessons: Sequence[Lesson] | None = None) -> html.Section:
    """The steps, in the file's order: a button each, its claim, its checks' outcome."""
    lessons = default_lessons() if lessons is None else lessons
    return html.Section([
        html.H2("Lessons", className="lessons-title"),
        html.P("Each step sets the controls, runs, shows the figure and checks its claim "
               "on the result.", className="lessons-intro"),
        html.Ol([_step(lesson) for lesson in lessons], className="lessons-list"),
        html.P(CLICK_TIP, className="lessons-tip"),
    ], id=ID.LESSONS, className="card card-body lessons")


def lesson_result() -> html.Div:
    """The checks of the lesson whose run is drawn, in a box held at the bottom of the
    window (assets/lessons.css), so that they stay in sight beside whichever figure the
    lesson scrolls to; hidden while empty, and closed by its button."""
    return html.Div([
        dcc.Store(id=ID.LESSON_ACTIVE), dcc.Store(id=ID.LESSON_SCROLL),
        html.Div([
            html.Button("\u00d7", id=ID.LESSON_CLOSE, n_clicks=0, className="lesson-close",
                        title="Close", **{"aria-label": "Close the lesson's checks"}),
            html.Div(id=ID.LESSON_RESULT, role="status", className="lesson-result"),
        ], className="lesson-box"),
    ])


# -- bodies -----------------------------------------------------------------------------


def _line(o: Outcome) -> html.Li:
    return html.Li(o.text, className="check-pass" if o.passed else "check-fail")


def _same_run(lesson: Lesson, drawn: Any) -> bool:
    """Whether the figures drawn are the lesson's run."""
    if not isinstance(drawn, Mapping) or not isinstance(drawn.get("state"), Mapping):
        return False
    try:
        return S.config_from_controls(drawn["state"]) == lesson.config
    except ValueError:
        return False


OUTCOME_KEYS = ("result", "steps", "scroll", ALERT)


@guard(OUTCOME_KEYS)
def lesson_outcome(active: Any, drawn: Any, lessons: Sequence[Lesson] | None = None
                   ) -> dict[str, Any]:
    """The checks of the active lesson (``{"name": ...}``), once its run is drawn.

    Returns
    -------
    dict
        ``result``: the lesson's title and its checks' outcomes, above the figures (a
        note while its run is not drawn; ``""`` for no lesson); ``steps``: each step's
        outcome line, in the lessons' order (``no_update`` but the active one's);
        ``scroll``: the figure to bring into view (``no_update`` until the run is
        drawn); ``alert``.
    """
    lessons = default_lessons() if lessons is None else lessons
    name = active.get("name") if isinstance(active, Mapping) else None
    lesson = next((x for x in lessons if x.name == name), None)
    if lesson is None:
        return {"result": "", "steps": [no_update] * len(lessons), "scroll": no_update,
                ALERT: no_update}
    steps: list[Any] = [no_update] * len(lessons)
    index = lessons.index(lesson)
    if not _same_run(lesson, drawn):
        note = (f"Lesson {index + 1}, {lesson.title}: the figures show another run; "
                "press the step again to run the lesson's.")
        return {"result": html.P(note, className="lesson-note"), "steps": steps,
                "scroll": no_update, ALERT: no_update}
    if jobs.is_large(lesson.config):
        # a large run's checks would hold a web worker for minutes: the command line's
        lines: Any = html.P(f"This lesson's network is large: check it with {PROG} "
                            f"{lesson.name}.", className="lesson-note")
        steps[index] = lines
    else:
        lines = html.Ul([_line(o) for o in check_lesson(lesson)], className="lesson-checks")
        steps[index] = lines
    result = [html.Span(f"Lesson {index + 1}: {lesson.title}", className="lesson-result-title"),
              lines]
    if lesson.link:
        result.append(dcc.Link(lesson.link.text, href=lesson.link.href, className="lesson-link"))
    return {"result": result, "steps": steps,
            "scroll": {"figure": figure_id(lesson), "at": active.get("at")}, ALERT: no_update}


# -- wiring -----------------------------------------------------------------------------

# A step goes to its lesson's address as back/forward goes to one: a history entry, then
# the popstate that the page's address listener reads (and so sets the controls and runs).
GO_JS = """
function(_clicks) {
    const searches = __SEARCHES__;
    const fired = window.dash_clientside.callback_context.triggered[0];
    if (!fired || !fired.value) { return window.dash_clientside.no_update; }
    const trigger = JSON.parse(fired.prop_id.slice(0, fired.prop_id.lastIndexOf(".")));
    if (!searches[trigger.name]) { return window.dash_clientside.no_update; }
    const search = searches[trigger.name];
    if (window.location.search !== search) {
        window.history.pushState(null, "", search);
    }
    window.dispatchEvent(new PopStateEvent("popstate"));
    return {name: trigger.name, at: Date.now()};
}
"""

# The lesson's run is drawn and checked: bring its figure into view.
SCROLL_JS = """
function(scroll) {
    const figure = scroll && document.getElementById(scroll.figure);
    if (figure) {
        const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        figure.scrollIntoView({behavior: still ? "auto" : "smooth", block: "start"});
    }
    return window.dash_clientside.no_update;
}
"""


# The box closed: no lesson is active, so its checks go (and come back with its step).
CLOSE_JS = """
function(clicks) { return clicks ? null : window.dash_clientside.no_update; }
"""


def register(app: Any, lessons: Sequence[Lesson] | None = None) -> None:
    """Attach the lessons' callbacks to ``app``."""
    lessons = default_lessons() if lessons is None else lessons
    searches = {lesson.name: lesson_search(lesson) for lesson in lessons}
    app.clientside_callback(
        GO_JS.replace("__SEARCHES__", json.dumps(searches)),
        Output(ID.LESSON_ACTIVE, "data"),
        Input({"type": STEP, "name": ALL}, "n_clicks"), prevent_initial_call=True)

    def outcome_adapter(active: Any, drawn: Any) -> list[Any]:
        out = lesson_outcome(active, drawn, lessons)
        return [out[k] for k in OUTCOME_KEYS]

    app.callback(
        [Output(ID.LESSON_RESULT, "children"),
         Output({"type": OUTCOME, "name": ALL}, "children"),
         Output(ID.LESSON_SCROLL, "data"),
         Output(ID.ALERT, "children", allow_duplicate=True)],
        Input(ID.LESSON_ACTIVE, "data"), Input(ID.DRAWN, "data"),
        prevent_initial_call=True,
    )(outcome_adapter)

    app.clientside_callback(CLOSE_JS, Output(ID.LESSON_ACTIVE, "data", allow_duplicate=True),
                            Input(ID.LESSON_CLOSE, "n_clicks"), prevent_initial_call=True)
    app.clientside_callback(SCROLL_JS, Output(ID.SINK, "data", allow_duplicate=True),
                            Input(ID.LESSON_SCROLL, "data"), prevent_initial_call=True)

