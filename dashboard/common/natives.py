"""The browser's own string and number parsers, kept from Dash's polyfill.

Dash serves @babel/polyfill 7 (core-js 2) before everything else, for browsers
long gone. In today's browsers it replaces ``String.prototype.trim`` (and
``trimStart``, ``trimEnd``, ``trimLeft``, ``trimRight``), ``parseInt`` and
``parseFloat`` (and ``Number.parseInt``, ``Number.parseFloat``) with JavaScript
versions: its test expects U+180E to be whitespace, which the standard dropped
in 2013, so it takes the native functions for broken. plotly.js calls them
thousands of times per redraw (colours, styles, numbers), and the JavaScript
versions took about 6 ms of CPU per slider move (a sampled profile).

:data:`KEEP_JS` goes into the page's ``<head>``, before any script: it keeps the
native functions. ``assets/native_builtins.js`` (Dash runs assets after the
polyfill and before its renderer and plotly.js) puts them back. Nothing else
the polyfill adds is touched.
"""

from __future__ import annotations

# String.prototype's own methods by name, then globals and Number's statics.
STRING_METHODS = ("trim", "trimStart", "trimEnd", "trimLeft", "trimRight")
GLOBALS = ("parseInt", "parseFloat")

KEEP_JS = (
    "<script>window.__nativeBuiltins = {"
    f"string: Object.fromEntries({list(STRING_METHODS)!r}.filter(k => k in String.prototype)"
    ".map(k => [k, String.prototype[k]])), "
    f"global: Object.fromEntries({list(GLOBALS)!r}.map(k => [k, window[k]]))"
    "};</script>"
)


def keep_natives(index_string: str) -> str:
    """Dash's page template with :data:`KEEP_JS` first in its ``<head>``."""
    if "<head>" not in index_string:
        raise ValueError("the page template has no <head> to keep the native functions in")
    return index_string.replace("<head>", "<head>\n        " + KEEP_JS, 1)
