"""The compare page's address: links to it and from it.

The page is drawn from its address alone and writes nothing back: every choice it
offers (swap A and B, seeds per run) is a link to another comparison, which the
router draws anew, so back and forward walk through comparisons as through any
other pages.
"""

from __future__ import annotations

from urllib.parse import urlencode

from izhi_core import NetworkConfig

from .state import run_query

PATH = "/compare"


def href(a: NetworkConfig, b: NetworkConfig, seeds: int = 1) -> str:
    """The address of the comparison of ``a`` with ``b`` (``seeds`` left out when 1)."""
    pairs = [("a", run_query(a)), ("b", run_query(b))]
    if seeds != 1:
        pairs.append(("seeds", str(seeds)))
    return f"{PATH}?{urlencode(pairs)}"


def network_href(config: NetworkConfig) -> str:
    """The run on the network page."""
    return "/?" + run_query(config)
