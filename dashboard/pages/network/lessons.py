"""Lessons on the network page: each step of :data:`izhi_core.lessons.LESSONS_FILE` one click.

A step's button (assets/lessons.js) goes to the lesson's address (the lesson's run, as
a link to it would say) the way back/forward does: the page reads the address, sets
its controls and runs (:mod:`dashboard.pages.network.address`, ``sync_controls``).
When the figures drawn are the lesson's run, :func:`lesson_outcome` checks the
lesson's claims (:func:`izhi_core.lessons.check_lesson`) and says each outcome in a
box held at the bottom of the window and in the step ("rate above 100 Hz: ✓ (134
Hz)"; a failed check says ✗), and the page scrolls to the figure that shows the
effect; the box keeps the checks in sight beside it.

Builders, bodies (plain functions, testable by calling them) and :func:`register`, as
the page's other modules; the lessons are data, so this module knows none of them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any
from urllib.parse import urlencode

from dash import Input, Output, State, dcc, html, no_update

from izhi_core.lessons import PROG, Lesson, check_lesson, default_lessons

from ...common import jobs
from ...common.guard import ALERT, guard
from . import state as S
from .ids import ID

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

# The steps are one component: HTML of this module's, set by assets/html_text.js from
# data-html (each Dash component costs the page some time on every change, and the
# steps were 40 of them); assets/lessons.js answers a step's button. The lessons' text
# is the file's, escaped.


def _step_html(lesson: Lesson) -> str:
    name = escape(lesson.name)
    link = (f' <a class="lesson-link" href="{escape(lesson.link.href)}">'
            f"{escape(lesson.link.text)}</a>" if lesson.link else "")
    return (f'<li class="lesson-step"><button type="button" class="btn btn-sm '
            f'btn-outline-primary lesson-button" data-lesson="{name}" '
            f'data-search="{escape(lesson_search(lesson))}" '
            f'aria-describedby="lesson-claim-{name}">{escape(lesson.title)}</button>'
            f'<p id="lesson-claim-{name}" class="lesson-claim">{escape(lesson.claim)}{link}</p>'
            f'<ul class="lesson-checks" data-lesson-outcome="{name}"></ul></li>')


def panel_html(lessons: Sequence[Lesson]) -> str:
    """The steps' HTML: a button each (its address in ``data-search``), its claim, and
    the list its checks' outcome goes to."""
    steps = "".join(_step_html(lesson) for lesson in lessons)
    return ('<h2 class="lessons-title">Lessons</h2>'
            '<p class="lessons-intro">Each step sets the controls, runs, shows the figure and '
            'checks its claim on the result.</p>'
            f'<ol class="lessons-list">{steps}</ol>'
            f'<p class="lessons-tip">{escape(CLICK_TIP)}</p>')


def lessons_panel(lessons: Sequence[Lesson] | None = None) -> html.Section:
    """The steps, in the file's order: a button each, its claim, its checks' outcome."""
    lessons = default_lessons() if lessons is None else lessons
    return html.Section(id=ID.LESSONS, className="card card-body lessons",
                        **{"data-html": panel_html(lessons),
                           "data-store": str(ID.LESSON_ACTIVE)})


def lesson_result() -> html.Div:
    """The checks of the lesson whose run is drawn, in a box held at the bottom of the
    window (assets/lessons.css), so that they stay in sight beside whichever figure the
    lesson scrolls to; hidden while empty, and closed by its button."""
    return html.Div([
        dcc.Store(id=ID.LESSON_ACTIVE), dcc.Store(id=ID.LESSON_SCROLL),
        dcc.Store(id=ID.LESSON_DRAWN),
        html.Div([
            html.Button("\u00d7", id=ID.LESSON_CLOSE, n_clicks=0, className="lesson-close",
                        title="Close", **{"aria-label": "Close the lesson's checks"}),
            html.Div(id=ID.LESSON_RESULT, role="status", className="lesson-result"),
        ], className="lesson-box"),
    ])


# -- bodies -----------------------------------------------------------------------------


CHECK_CLASSES = {True: "check-pass", False: "check-fail", None: "check-note"}


def _line(line: Mapping[str, Any]) -> html.Li:
    return html.Li(line["text"], className=CHECK_CLASSES[line["passed"]])


def _same_run(lesson: Lesson, drawn: Any) -> bool:
    """Whether the figures drawn are the lesson's run."""
    if not isinstance(drawn, Mapping) or not isinstance(drawn.get("state"), Mapping):
        return False
    try:
        return S.config_from_controls(drawn["state"]) == lesson.config
    except ValueError:
        return False


OUTCOME_KEYS = ("result", "scroll", ALERT)


@guard(OUTCOME_KEYS)
def lesson_outcome(active: Any, drawn: Any, lessons: Sequence[Lesson] | None = None
                   ) -> dict[str, Any]:
    """The checks of the active lesson (``{"name": ...}``), once its run is drawn.

    Returns
    -------
    dict
        ``result``: the lesson's title and its checks' outcomes, for the box at the
        bottom of the window (a note while its run is not drawn; ``""`` for no
        lesson); ``scroll``: once the run is drawn, the figure to bring into view and
        the outcome lines for the step (``{"figure", "at", "name", "lines": [{"text",
        "passed"}]}``), else ``no_update``; ``alert``.
    """
    lessons = default_lessons() if lessons is None else lessons
    name = active.get("name") if isinstance(active, Mapping) else None
    lesson = next((x for x in lessons if x.name == name), None)
    if lesson is None:
        return {"result": "", "scroll": no_update, ALERT: no_update}
    title = f"Lesson {lessons.index(lesson) + 1}: {lesson.title}"
    if not _same_run(lesson, drawn):
        note = f"{title}: the figures show another run; press the step again to run it."
        return {"result": html.P(note, className="lesson-note"), "scroll": no_update,
                ALERT: no_update}
    if jobs.is_large(lesson.config):
        # a large run's checks would hold a web worker for minutes: the command line's
        lines = [{"text": f"This lesson's network is large: check it with {PROG} "
                          f"{lesson.name}.", "passed": None}]
    else:
        lines = [{"text": o.text, "passed": o.passed} for o in check_lesson(lesson)]
    result: list[Any] = [html.Span(title, className="lesson-result-title"),
                         html.Ul([_line(x) for x in lines], className="lesson-checks")]
    if lesson.link:
        result.append(dcc.Link(lesson.link.text, href=lesson.link.href, className="lesson-link"))
    return {"result": result, ALERT: no_update,
            "scroll": {"figure": figure_id(lesson), "at": active.get("at"),
                       "name": lesson.name, "lines": lines}}


# -- wiring -----------------------------------------------------------------------------

# The lesson's run is drawn and checked: its outcome in its step (the steps are HTML,
# not components: see lessons_panel), and its figure brought into view.
SCROLL_JS = """
function(scroll) {
    if (!scroll) { return window.dash_clientside.no_update; }
    const list = document.querySelector('[data-lesson-outcome="' + scroll.name + '"]');
    if (list) {
        list.replaceChildren(...scroll.lines.map(line => {
            const item = document.createElement("li");
            item.className = __CLASSES__[String(line.passed)];
            item.textContent = line.text;
            return item;
        }));
    }
    // once per press of a step: a later redraw of the same run (a neuron clicked, its
    // traces brought into view) keeps its outcome and leaves the scroll alone; and not
    // in presentation mode, whose figures fill the window already (assets/present.js)
    const presenting = document.documentElement.classList.contains("presenting");
    const figure = window.izhiLessonAt !== scroll.at && !presenting
        && document.getElementById(scroll.figure);
    window.izhiLessonAt = scroll.at;
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


# A drawn run reaches the server's checks (ID.LESSON_DRAWN) only while a lesson is
# active: without one, a slider move would cost every student a second request for
# nothing. Run by the network page's one callback on a drawn view (callbacks.AFTER_JS).
PASS_DRAWN_JS = """
function(drawn, active) {
    return active ? drawn : window.dash_clientside.no_update;
}
"""


def register(app: Any, lessons: Sequence[Lesson] | None = None) -> None:
    """Attach the lessons' callbacks to ``app`` (a step's button is assets/lessons.js's)."""
    lessons = default_lessons() if lessons is None else lessons

    def outcome_adapter(active: Any, _gated: Any, drawn: Any) -> list[Any]:
        out = lesson_outcome(active, drawn, lessons)
        return [out[k] for k in OUTCOME_KEYS]

    app.callback(
        [Output(ID.LESSON_RESULT, "children"), Output(ID.LESSON_SCROLL, "data"),
         Output(ID.ALERT, "children", allow_duplicate=True)],
        Input(ID.LESSON_ACTIVE, "data"), Input(ID.LESSON_DRAWN, "data"),
        State(ID.DRAWN, "data"), prevent_initial_call=True,
    )(outcome_adapter)

    app.clientside_callback(CLOSE_JS, Output(ID.LESSON_ACTIVE, "data", allow_duplicate=True),
                            Input(ID.LESSON_CLOSE, "n_clicks"), prevent_initial_call=True)
    classes = {str(k).lower() if k is not None else "null": v for k, v in CHECK_CLASSES.items()}
    app.clientside_callback(SCROLL_JS.replace("__CLASSES__", json.dumps(classes)),
                            Output(ID.SINK, "data", allow_duplicate=True),
                            Input(ID.LESSON_SCROLL, "data"), prevent_initial_call=True)
