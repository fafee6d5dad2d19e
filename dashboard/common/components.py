"""Layout builders every page uses: buttons, labelled fields with tooltips, sliders with
their number boxes, folding sections, graphs."""

from __future__ import annotations

import re
from html import escape
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html


def tip(text: str | None) -> dict[str, str]:
    """A tooltip as the ``data-tip`` attribute that assets/tooltips.js shows on hover,
    keyboard focus and tap, in one element of its own, placed inside the window (no
    component per tooltip: each component costs the page time on every change)."""
    return {"data-tip": text} if text else {}


def button(label: str, button_id: str, style: str, extra: str = "", tip_text: str = "",
           **props: Any) -> html.Button:
    """A Bootstrap button, with its tooltip if it has one."""
    return html.Button(label, id=button_id, n_clicks=0, className=f"btn btn-sm {style} {extra}",
                       **tip(tip_text), **props)


def alert_area(alert_id: str) -> dbc.Alert:
    """A page's alert, in the same place on every page (above its results), closed until
    it is given a sentence about no one field. Each page has its own, in the page: see
    dashboard.pages.network.ids."""
    return dbc.Alert(id=alert_id, color="danger", is_open=False, dismissable=True,
                     className="page-alert")


def graph_config(filename: str) -> dict[str, Any]:
    """Plotly's config for one graph: PNG export under ``filename``; no logo, no
    cloud ("Share chart" would upload the data to Plotly's servers), no lasso."""
    return {
        "displaylogo": False,
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d", "sendDataToCloud"],
    }


def graph(graph_id: str, filename: str, height: int, figure: Any = None) -> dcc.Graph:
    """A responsive graph of fixed height, drawing ``figure`` from the start if given."""
    extra = {} if figure is None else {"figure": figure}
    return dcc.Graph(id=graph_id, config=graph_config(filename), responsive=True,
                     style={"height": f"{height}px"}, className="graph-panel", **extra)


def field(control_id: str, label: str, control: Any, note: Any = None,
          label_shown: bool = True, tip_text: str | None = None) -> html.Div:
    """A labelled control with its tooltip and the place for its error sentence.

    ``note`` goes on the label's line, at its right (the a, b, c, d of a type); the
    label is for screen readers only (``label_shown=False``) when the section title
    says it all. The label's text has the id ``<id>-label``: assets/a11y.js names the
    control's slider or dropdown by it (dcc.Slider and dcc.Dropdown take no aria props).
    The tooltip shows below the control, or above it where there is more room
    (assets/tooltips.js).
    A refused value's sentence appears under the control (``<id>-error``), and the
    field is marked, without moving the figures.
    """
    label_id = f"{control_id}-label"
    shown = "control-label" if label_shown else "visually-hidden"
    label_line = [html.Label(label, id=label_id, htmlFor=str(control_id), className=shown)
                  if note is None else
                  html.Label([html.Span(label, id=label_id), note], htmlFor=str(control_id),
                             className=f"{shown} label-line")]
    return html.Div(
        [*label_line, control,
         html.Div(id=f"{control_id}-error", className="field-error", **{"aria-live": "polite"})],
        id=f"{control_id}-group", className="control", **tip(tip_text))


def text_box(control_id: str, value: Any, placeholder: str = "", decimal: bool = False,
             **props: Any) -> dbc.Input:
    """A text box whose text goes to the core as typed (Enter or leaving it applies it):
    the core's sentence then quotes what was typed, and nothing is clamped."""
    return dbc.Input(id=control_id, type="text", value="" if value is None else str(value),
                     debounce=True, placeholder=placeholder, size="sm",
                     inputMode="decimal" if decimal else "numeric", autoComplete="off",
                     **props)


def slider_row(control_id: str, value: Any, lo: float, hi: float, step: float,
               marks: Any, placeholder: str = "", text: str | None = None) -> html.Div:
    """A slider (``<id>-slider``) beside a box (``<id>``) that always shows its value: a
    moved slider is the page's input, a typed box moves the slider or is read as typed
    (see :data:`dashboard.common.clientside.SLIDER_BOX_JS`). A value beyond the slider's range is
    the box's alone. ``text``: the box's text, if not ``str(value)``."""
    slider = dcc.Slider(id=f"{control_id}-slider", value=value, min=lo, max=hi, step=step,
                        marks={m: f"{m:g}" for m in marks}, updatemode="mouseup",
                        allow_direct_input=False)
    box = text_box(control_id, value if text is None else text, placeholder=placeholder,
                   decimal=True, className="slider-box")
    return html.Div([slider, box], className="slider-row")


def section(title: str, children: list[Any], section_id: str) -> html.Details:
    """A titled group of controls that folds away (on a phone, a page may start with its
    sections folded, so that the results come within the first screen)."""
    return html.Details([html.Summary(html.H2(title, className="section-title")), *children],
                        open=True, id=section_id, className="control-section")


_MARKS = ((re.compile(r"\*\*(.+?)\*\*"), "strong"), (re.compile(r"`(.+?)`"), "code"),
          (re.compile(r"\*(.+?)\*"), "em"))


def prose_html(text: str) -> str:
    """The page's own prose (never a user's) as HTML: paragraphs split by blank lines,
    with ``**bold**``, ``*emphasis*`` and ```code``` (all the markup the pages' texts
    use), everything else escaped."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        part = escape(" ".join(block.split()), quote=False)
        for pattern, tag in _MARKS:
            part = pattern.sub(rf"<{tag}>\1</{tag}>", part)
        paragraphs.append(f"<p>{part}</p>")
    return "".join(paragraphs)


def html_block(html_text: str, class_name: str) -> html.Div:
    """A block of the page's own HTML (never a user's), set from ``data-html`` by
    assets/html_text.js: one component, and no dcc.Markdown (its parser and
    highlight.js are about 470 kB of script to load and run with the page)."""
    return html.Div(className=class_name, **{"data-html": html_text.strip()})
