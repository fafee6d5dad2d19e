"""An address's query string read as untrusted text: one value per key, or a sentence."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

MAX_QUERY_CHARS = 2_000


def query_values(search: Any, max_fields: int,
                 max_chars: int = MAX_QUERY_CHARS) -> dict[str, str]:
    """``?a=1&b=`` as ``{"a": "1", "b": ""}`` (None is the empty query).

    Raises
    ------
    ValueError
        With one sentence: not text, longer than ``max_chars``, more than
        ``max_fields`` fields, or a key given more than once.
    """
    if search is None:
        search = ""
    if not isinstance(search, str):
        raise ValueError(f"the address query must be text (got {search!r:.40}).")
    if len(search) > max_chars:
        raise ValueError(
            f"the address query must be at most {max_chars:,} characters "
            f"(got {len(search):,})."
        )
    try:
        parsed = parse_qs(search.removeprefix("?"), keep_blank_values=True,
                          max_num_fields=max_fields)
    except ValueError:
        raise ValueError("the address query has too many fields.") from None
    repeated = [k for k, v in parsed.items() if len(v) > 1]
    if repeated:
        raise ValueError(f"the address query gives {repeated[0]!r:.40} more than once.")
    return {k: v[0] for k, v in parsed.items()}
