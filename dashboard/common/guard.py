"""The one error path of every callback: a bad value becomes its sentence, beside its field.

A callback body returns a dict keyed like its outputs. :func:`guard` wraps it: a
:class:`izhi_core.fields.FieldError` (the core's validation) becomes
``{"errors": {field: sentence}}`` for the page to show beside the field and mark
it; any other ``ValueError`` a sentence in the shell's alert; anything else a
generic sentence (and a traceback in the server's log, never on the page). Every
other output is left as it was (``no_update``), so the last good figures stay.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from typing import Any

from dash import no_update
from dash.exceptions import PreventUpdate

from izhi_core.fields import FieldError

log = logging.getLogger("izhi_dashboard")

GENERIC_ERROR = (
    "Something went wrong while computing this view; the last good figures are kept. "
    "Try other values or reset to the original script."
)
ERRORS = "errors"  # output key: {field name: sentence}, or {} when every field is good
ALERT = "alert"  # output key: the shell alert's text ("" closes it)

Body = Callable[..., dict[str, Any]]


def sentence(exc: BaseException) -> str:
    """The sentence a person reads for ``exc``, capitalised once, here."""
    text = str(exc) if isinstance(exc, ValueError) else GENERIC_ERROR
    return text[:1].upper() + text[1:]


def error_outputs(keys: Iterable[str], exc: BaseException,
                  field_of: Callable[[str | None], str | None] = lambda f: f) -> dict[str, Any]:
    """The outputs of a failed callback: ``no_update`` everywhere but the message.

    ``field_of`` maps the error's field to a field shown on this page (None: the
    sentence goes to the alert).
    """
    keys = tuple(keys)
    out: dict[str, Any] = {k: no_update for k in keys}
    field = field_of(exc.field) if isinstance(exc, FieldError) else None
    if field is not None and ERRORS in keys:
        out[ERRORS] = {field: sentence(exc)}
    elif ALERT in keys:
        out[ALERT] = sentence(exc)
    return out


def _shutdown_of(exc: BaseException | None) -> BaseException | None:
    """The SystemExit or KeyboardInterrupt behind ``exc``, if any: a process being shut
    down (a worker's SIGTERM raises SystemExit wherever the process is, inside a numba
    kernel's callback too, where it comes out as a SystemError caused by it)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, (SystemExit, KeyboardInterrupt)):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def guard(keys: Iterable[str],
          field_of: Callable[[str | None], str | None] = lambda f: f) -> Callable[[Body], Body]:
    """Wrap a callback body returning a dict of ``keys`` (see the module's docstring)."""
    keys = tuple(keys)

    def wrap(body: Body) -> Body:
        @functools.wraps(body)
        def guarded(*args: Any, **kwargs: Any) -> dict[str, Any]:
            try:
                return body(*args, **kwargs)
            except PreventUpdate:
                raise
            except ValueError as exc:
                return error_outputs(keys, exc, field_of)
            except Exception as exc:
                stop = _shutdown_of(exc)
                if stop is not None:  # not the callback's failure: let the process go
                    log.info("callback %s stopped: its process is shutting down",
                             body.__name__)
                    raise stop from None
                log.exception("callback %s failed", body.__name__)
                return error_outputs(keys, exc, field_of)

        return guarded

    return wrap
