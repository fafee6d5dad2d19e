"""Component ids of the compare page, in one place (the shell's are in dashboard.common.ids)."""

from __future__ import annotations

from enum import StrEnum


class ID(StrEnum):
    """Every component id of the page."""

    ROOT = "compare-page"
    ALERT = "compare-alert"  # a refused address's sentence, a stopped job's
    PENDING = "compare-pending"  # a large comparison's request, as the layout drew it
    RUN_REQUEST = "compare-run-request"  # ... handed to the background job by the browser
    STATUS = "compare-status"  # a sentence of the result, for screen readers
    WHAT = "compare-what"  # what B changes of A, and how the spread is known
    CARDS = "compare-cards"
    LINKS = "compare-links"  # A and B on the network page, swap, seeds

    RASTERS = "compare-rasters"
    RATE = "compare-rate"
    SPECTRUM = "compare-spectrum"
    ISI_CV = "compare-isi-cv"


GRAPHS: tuple[ID, ...] = (ID.RASTERS, ID.RATE, ID.SPECTRUM, ID.ISI_CV)
