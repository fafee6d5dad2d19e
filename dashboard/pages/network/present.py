"""Presentation mode's controls (assets/present.js does the mode; style.css lays the
page out for it): a button to enter it in the toolbar, and, shown only while
presenting, a bar to open the controls' drawer, leave, and the keyboard shortcuts."""

from __future__ import annotations

from dash import html

from .ids import ID

SHORTCUTS = "P play/pause · 1–4 one figure · 0 all four · N/B lesson steps · C controls · Esc leave"


def enter_button() -> html.Button:
    return html.Button("Present", id=ID.PRESENT_ENTER, n_clicks=0,
                       className="btn btn-sm btn-outline-secondary",
                       title="Presentation mode: the figures full screen, large text, "
                             "the controls in a drawer (?present=1)")


def present_bar() -> html.Div:
    """Shown only in presentation mode (style.css)."""
    return html.Div(
        [
            html.Button("Controls", id=ID.PRESENT_CONTROLS, n_clicks=0,
                        className="btn btn-sm btn-outline-secondary",
                        **{"aria-expanded": "false", "aria-controls": "controls-drawer"}),
            html.Button("Leave", id=ID.PRESENT_LEAVE, n_clicks=0,
                        className="btn btn-sm btn-outline-secondary"),
        ],
        id=ID.PRESENT_BAR, className="present-bar", role="group",
        **{"aria-label": "Presentation mode"},
    )


def present_keys() -> html.P:
    """The shortcuts, beside the cards (shown only in presentation mode)."""
    return html.P(SHORTCUTS, className="present-keys")
