"""Component ids of the shell, which every page shares (each page has its own ``ids.py``)."""

from __future__ import annotations

from enum import StrEnum


class SHELL(StrEnum):
    """The shell's components: messages, the job in the background, the page shown."""

    ALERT = "alert"  # a sentence about the page as a whole (a field's goes beside it)
    PROGRESS_BOX = "progress-box"
    PROGRESS = "progress"
    CANCEL = "cancel-run"
    # A page's request for a background job. It lives in the shell, which Dash draws once:
    # Dash fires every callback of a layout its router draws, and one whose input were in
    # the page would start a (needless) job at every page load.
    NETWORK_RUN = "run-request"
    SHOWN_PATH = "shown-path"  # the path whose layout is on screen (see dashboard.shell)
    NAV = "nav"
