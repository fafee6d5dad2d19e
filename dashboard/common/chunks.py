"""The parts of Dash's core components that dcc loads lazily, loaded with the page instead.

dcc fetches the code of its Graph, Slider and Dropdown (webpack chunks) only when the
first of them renders: for a page that comes drawn, after the router's answer, and
then the figures wait for that request's answer before the first graph can draw.
Every page of the shell draws all three, so the chunks come with the page's own
scripts: each registers itself with dcc's loader when it runs, and the lazy component
finds it there.
"""

from __future__ import annotations

from collections.abc import Callable

CHUNKS = ("graph", "slider", "dropdown")
SUITE = "/_dash-component-suites/dash/dcc/async-{}.js"


def with_chunks(index_string: str, path: Callable[[str], str]) -> str:
    """Dash's page template with a script for each of :data:`CHUNKS` after Dash's own
    (and before its renderer starts); ``path`` prefixes a URL path (the app's
    ``get_relative_path``)."""
    if "{%scripts%}" not in index_string:
        raise ValueError("the page template has no {%scripts%} to load the chunks after")
    tags = "".join(f'\n            <script src="{path(SUITE.format(c))}"></script>'
                   for c in CHUNKS)
    return index_string.replace("{%scripts%}", "{%scripts%}" + tags, 1)
