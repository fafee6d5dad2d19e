"""Component ids of the neuron lab, in one place (the shell's are in dashboard.common.ids).

Every id starts with ``lab-`` or ``gallery-``: pages register their callbacks with
Dash's one global registry, and a callback of another page fires on any page that
holds an id it listens to.
"""

from __future__ import annotations

from enum import StrEnum


class ID(StrEnum):
    """Every component id of the page."""

    # the address (read by the browser, written from what is drawn) and messages
    URL = "lab-url"
    URL_CHANGE = "lab-url-change"
    URL_APPLIED = "lab-url-applied"  # the address read: {"search": canonical} or {"refused"}
    ADDRESS_SINK = "lab-address-sink"  # output of the clientside callbacks that return nothing
    DRAWN = "lab-drawn"  # what the figures show: {"search", "state", "spikes", "input"}
    REPLAY = "lab-replay"  # the network neuron replayed: {"neuron", "config"}, or None
    ALERT = "lab-alert"
    FIELD_ERRORS = "lab-field-errors"  # {field: sentence} of the values the core refused
    # a box to be read as typed, its slider left where it is: {field, at}
    # (dashboard.common.clientside.SLIDER_BOX_JS), or the address's controls set
    BOX_TYPED = "lab-box-typed"

    # the gallery
    GALLERY = "gallery"

    # the lab's controls
    LAB = "lab"  # the lab's section (its class says whether it replays a network neuron)
    PATTERN = "lab-pattern"
    SCHEME = "lab-scheme"
    A = "lab-a"
    B = "lab-b"
    C = "lab-c"
    D = "lab-d"
    TAU = "lab-tau"
    SHAPE = "lab-shape"
    AMP = "lab-amp"
    T0 = "lab-t0"
    T1 = "lab-t1"
    BASE = "lab-base"
    AT = "lab-at"  # the phase plane's time (the scrubber)
    RESET = "lab-reset"

    # results
    SUMMARY = "lab-summary"  # the spikes, and for a replay whether it matches the network
    CHANGED = "lab-changed"  # what the last change did, in sentences
    TRACES = "lab-traces"
    PHASE = "lab-phase"
    PHASE_TEXT = "lab-phase-text"  # the current, I_SN, Hopf, the fixed points, in words
    NETWORK_LINK = "lab-network-link"  # back to the network page, this neuron traced
    PUBLISHED = "lab-published"  # what the published input is, beside the shape


# The controls whose values make the lab's state, by state key, in the address's order.
CONTROLS: dict[str, ID] = {
    "pattern": ID.PATTERN, "scheme": ID.SCHEME, "a": ID.A, "b": ID.B, "c": ID.C, "d": ID.D,
    "tau": ID.TAU, "shape": ID.SHAPE, "amp": ID.AMP, "t0": ID.T0, "t1": ID.T1,
    "base": ID.BASE, "at": ID.AT,
}
# The slider/box pairs (the slider is "<box id>-slider"; the box is the control read).
SLIDERS: tuple[str, ...] = ("a", "b", "c", "d", "tau", "amp", "t0", "t1", "base", "at")


def gallery_panel(key: str) -> str:
    """The id of a gallery panel's graph: ``gallery-A``."""
    return f"gallery-{key}"
