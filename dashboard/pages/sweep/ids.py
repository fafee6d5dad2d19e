"""Component ids of the sweep page, in one place (the shell's are in dashboard.common.ids).

Every id starts with ``sweep-``: pages register their callbacks with Dash's one global
registry, and a callback of another page fires on any page that holds an id it
listens to.
"""

from __future__ import annotations

from enum import StrEnum


class ID(StrEnum):
    """Every component id of the page."""

    # the address and messages
    URL = "sweep-url"
    URL_CHANGE = "sweep-url-change"  # the address to read: {"search", "at"}
    ADDRESS_SINK = "sweep-address-sink"  # output of clientside callbacks that return nothing
    NAVIGATE = "sweep-navigate"  # a clicked cell's network page (dcc.Location)
    ALERT = "sweep-alert"
    FIELD_ERRORS = "sweep-field-errors"  # {control key: sentence}
    REQUEST = "sweep-request"  # a sweep to run: {"search", "at"}, for the background run
    BASE = "sweep-base"  # the base configuration (from the address): NetworkConfig.to_dict()
    RESULT = "sweep-result"  # the drawn sweep: {"search", "grid", "spectrum"}
    FILES = "sweep-files"  # the drawn sweep's table: {"csv", "parquet" (base64), "stem"}
    PARTIAL = "sweep-partial"  # a running job's progress: the partial view, drawn here

    # controls
    PRESETS = "sweep-presets"
    AXIS1 = "sweep-axis1"
    VALUES1 = "sweep-values1"
    AXIS2 = "sweep-axis2"
    VALUES2 = "sweep-values2"
    SEEDS = "sweep-seeds"
    COLOR = "sweep-color"
    RUN = "sweep-run"
    ESTIMATE = "sweep-estimate"  # the points and an estimate of the time, or why not
    BASE_TEXT = "sweep-base-text"
    BASE_LINK = "sweep-base-link"

    # results
    STATUS = "sweep-status"  # a sentence about the drawn sweep, for screen readers too
    CARDS = "sweep-cards"  # the replicates' rates as mean ± sd
    DIAGRAM = "sweep-diagram"
    REGIMES = "sweep-regimes"
    DOWNLOAD_CSV = "sweep-download-csv"
    DOWNLOAD_PARQUET = "sweep-download-parquet"
    DOWNLOAD = "sweep-download"


def preset_button(key: str) -> str:
    """The id of a preset's button: ``sweep-preset-ei``."""
    return f"sweep-preset-{key}"


# The controls whose values make the sweep, by key of the address.
CONTROLS: dict[str, ID] = {
    "axis1": ID.AXIS1, "values1": ID.VALUES1, "axis2": ID.AXIS2, "values2": ID.VALUES2,
    "seeds": ID.SEEDS, "color": ID.COLOR,
}
