"""Component ids of the dashboard, in one place.

Layout builders and callbacks refer to components only through these names, so a
renamed id is one edit and a typo is an AttributeError at import, not a dead
callback in the browser.
"""

from __future__ import annotations

from enum import StrEnum


class ID(StrEnum):
    """Every component id of the page."""

    # the address (read by the server, written by the browser) and messages
    URL = "url"
    URL_CHANGE = "url-change"
    ALERT = "alert"

    # network controls (one per NetworkConfig field, see CONFIG_CONTROLS)
    EXC_TYPE = "exc-type"
    INH_TYPE = "inh-type"
    EXC_PARAMS = "exc-params"
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
    RESET = "reset"

    # large runs in the background (dashboard.background)
    RUN_REQUEST = "run-request"
    PROGRESS_BOX = "progress-box"
    PROGRESS = "progress"
    CANCEL = "cancel-run"

    # neurons whose traces are shown
    NEURONS = "neurons"

    # sharing and saving
    COPY_LINK = "copy-link"
    DOWNLOAD_SPIKES = "download-spikes"
    DOWNLOAD_CONFIG = "download-config"
    DOWNLOAD_TRACES = "download-traces"
    DOWNLOAD = "download"

    # figures and summary
    RASTER = "raster"
    CURRENT_MAP = "current-map"
    TRACES = "traces"
    RHYTHMS = "rhythms"  # the population rate above its spectrum
    CARD_RATE_E = "card-rate-e"
    CARD_RATE_I = "card-rate-i"
    CARD_SPIKES = "card-spikes"
    CARD_TIME = "card-time"
    CARD_LOW_PEAK = "card-low-peak"
    CARD_GAMMA_PEAK = "card-gamma-peak"


# NetworkConfig field -> the control that sets it, in the order of the URL query.
CONFIG_CONTROLS: dict[str, ID] = {
    "ne": ID.NE,
    "ni": ID.NI,
    "duration": ID.DURATION,
    "exc_type": ID.EXC_TYPE,
    "inh_type": ID.INH_TYPE,
    "exc_weight": ID.EXC_WEIGHT,
    "inh_weight": ID.INH_WEIGHT,
    "exc_noise": ID.EXC_NOISE,
    "inh_noise": ID.INH_NOISE,
    "seed": ID.SEED,
    "mode": ID.MODE,
    "inputs": ID.INPUTS,
}
SUMMARY_CARDS: tuple[ID, ...] = (
    ID.CARD_SPIKES, ID.CARD_RATE_E, ID.CARD_RATE_I, ID.CARD_LOW_PEAK, ID.CARD_GAMMA_PEAK,
    ID.CARD_TIME,
)
