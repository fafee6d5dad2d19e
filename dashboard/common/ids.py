"""Component ids of the shell, which every page shares (each page has its own ``ids.py``)."""

from __future__ import annotations

from enum import StrEnum


class SHELL(StrEnum):
    """The shell's components: messages, the job in the background, the page shown."""

    PROGRESS_BOX = "progress-box"
    PROGRESS = "progress"
    PROGRESS_LABEL = "progress-label"  # names the bar for screen readers (assets/a11y.js)
    CANCEL = "cancel-run"
    SHOWN_PATH = "shown-path"  # the path whose layout is on screen (see dashboard.shell)
    NAV = "nav"
