"""Component ids of the network page, in one place (the shell's are in dashboard.common.ids).

Layout builders and callbacks refer to components only through these names, so a
renamed id is one edit and a typo is an AttributeError at import, not a dead
callback in the browser.
"""

from __future__ import annotations

from enum import StrEnum

from izhi_core.fields import FIELDS


class ID(StrEnum):
    """Every component id of the page."""

    # the address (read by the server, written by the browser) and messages
    URL = "url"
    URL_CHANGE = "url-change"
    # Every output of the page's callbacks is in the page: Dash runs each callback that
    # writes outside a layout its router draws at every page load (the background run's
    # among them, which then started a needless job that held up the first real one).
    ALERT = "alert"  # a sentence about no one field (a field's goes beside it)
    RUN_REQUEST = "run-request"  # a large run's request, for the background callback
    FIELD_ERRORS = "field-errors"  # {field: sentence} of the values the core refused
    URL_APPLIED = "url-applied"  # the address read: {"search": canonical} or {"refused": True}
    DRAWING = "drawing"  # as the explorer draws, or as the original script
    SINK = "sink"  # output of clientside callbacks that act on the page, read by none
    BOX_TYPED = "box-typed"  # a slider's box typed in, and its slider not moved by it
    DRAWN = "drawn"  # the state the figures show: {"search": "?ne=...", "state": {...}}
    STALE = "stale-note"
    STALE_TEXT = "stale-text"
    RUN_AGAIN = "run-again"
    REVERT = "revert"

    # network controls (one per NetworkConfig field, see CONFIG_CONTROLS)
    EXC_TYPE = "exc-type"
    INH_TYPE = "inh-type"
    EXC_PARAMS = "exc-params"
    EXC_SPREAD = "exc-spread"  # what the recipe makes of the type: ranges, d < 0
    INH_SPREAD = "inh-spread"
    INH_PARAMS = "inh-params"
    SCENARIO = "weight-scenario"
    EXC_WEIGHT = "exc-weight"
    INH_WEIGHT = "inh-weight"
    EXC_NOISE = "exc-noise"
    INH_NOISE = "inh-noise"
    SEED = "seed"
    NEW_SEED = "new-seed"
    NE = "ne"
    NI = "ni"
    DURATION = "duration"
    MODE = "mode"
    INPUTS = "inputs"
    EXC_WEIGHT_SLIDER = "exc-weight-slider"
    INH_WEIGHT_SLIDER = "inh-weight-slider"
    EXC_NOISE_SLIDER = "exc-noise-slider"
    INH_NOISE_SLIDER = "inh-noise-slider"
    RESET = "reset"

    # large runs in the background (dashboard.common.jobs)

    # neurons whose traces are shown
    NEURONS = "neurons"

    # sharing and saving
    COPY_LINK = "copy-link"
    SEEDS_LINK = "seeds-link"  # this network at 5 seeds on the sweep page
    SWEEP_LINK = "sweep-link"  # the sweep page with this network as its base
    DOWNLOAD_SPIKES = "download-spikes"
    DOWNLOAD_CONFIG = "download-config"
    DOWNLOAD_TRACES = "download-traces"
    DOWNLOAD_NWB = "download-nwb"  # dashboard.pages.network.exports
    DOWNLOAD_FIGURES = "download-figures"
    DOWNLOAD = "download"
    DOWNLOAD_MENU = "download-menu"  # a <details> holding the download buttons

    # figures and summary
    RASTER = "raster"
    CURRENT_MAP = "current-map"
    TRACES = "traces"
    RHYTHMS = "rhythms"  # the population rate above its spectrum
    PLAYBACK = "playback"  # the time cursor's bar (dashboard.pages.network.playback)
    PLAYBACK_PLAY = "playback-play"
    PLAYBACK_SPEED = "playback-speed"
    PRESENT_ENTER = "present-enter"  # presentation mode (dashboard.pages.network.present)
    PRESENT_BAR = "present-bar"
    PRESENT_CONTROLS = "present-controls"
    PRESENT_LEAVE = "present-leave"
    CARD_RATE_E = "card-rate-e"
    CARD_RATE_I = "card-rate-i"
    CARD_SPIKES = "card-spikes"
    CARD_TIME = "card-time"
    CARD_LOW_PEAK = "card-low-peak"
    CARD_GAMMA_PEAK = "card-gamma-peak"
    RESULT_STATUS = "result-status"  # a sentence of the new result, for screen readers
    LAB_LINKS = "lab-links"  # each traced neuron, replayed alone in the neuron lab

    # lessons (dashboard.pages.network.lessons): the steps, the lesson chosen, the checks
    # of its run (in a box at the bottom of the window), the figure to bring into view
    LESSONS = "lessons"
    LESSON_ACTIVE = "lesson-active"  # {"name": ..., "at": ms} of the step pressed last
    LESSON_RESULT = "lesson-result"
    LESSON_SCROLL = "lesson-scroll"  # {"figure": component id, "at": ...}
    LESSON_DRAWN = "lesson-drawn"  # DRAWN, passed on only while a lesson is active
    LESSON_CLOSE = "lesson-close"  # closes the box of the checks


# NetworkConfig field -> the control that sets it, in the order of the URL query: the
# field registry's names with dashes.
CONFIG_CONTROLS: dict[str, ID] = {name: ID(name.replace("_", "-")) for name in FIELDS}
SUMMARY_CARDS: tuple[ID, ...] = (
    ID.CARD_SPIKES, ID.CARD_RATE_E, ID.CARD_RATE_I, ID.CARD_LOW_PEAK, ID.CARD_GAMMA_PEAK,
    ID.CARD_TIME,
)

# Every key of the page's state (the address) -> its control.
STATE_CONTROLS: dict[str, ID] = {**CONFIG_CONTROLS, "neurons": ID.NEURONS, "drawing": ID.DRAWING}
