"""The compare page's state as plain values: its address <-> two configurations and seeds.

The address is ``/compare?a=<network query>&b=<network query>&seeds=<k>``: ``a`` and
``b`` are the network page's own queries (``ne=800&exc_weight=1&...``, URL-encoded
once more), so "pin as A" and the run history can hand over what the network page
drew. The network page's keys of its view alone (the traced neurons, the drawing)
are accepted and ignored. No dash here: untrusted text in, validated values or the
one sentence out ("Run B: Excitatory weight must be ... (got '5')").
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from izhi_core import NetworkConfig
from izhi_core.compare import MAX_SEEDS
from izhi_core.config import check_work
from izhi_core.fields import FIELDS, Field, FieldError

from ...common.query import query_values

RUNS = ("a", "b")
SEEDS_FIELD = Field("seeds", "Seeds per run", "int", 1, lo=1, hi=MAX_SEEDS)
KEYS = (*RUNS, SEEDS_FIELD.name)
VIEW_KEYS = ("neurons", "drawing", "present")  # the network page's keys of how it shows a run
MAX_RUN_CHARS = 1_500  # one run's query (the network page's is at most 2,000 with its view)
DEFAULT = NetworkConfig()  # A, when the address gives none: the original script's run


def default_b(a: NetworkConfig) -> NetworkConfig:
    """B when the address gives none: A with the next seed (two seed replicates)."""
    return a.replace(seed=a.seed + 1 if a.seed < FIELDS["seed"].hi else 0)


def run_config(which: str, text: Any) -> NetworkConfig:
    """Run ``which`` ("a" or "b") of the address: the network query ``text`` validated
    with the server's work caps.

    Raises
    ------
    ValueError
        One sentence that names the run: ``Run A: Duration must be ... (got '0').``
    """
    try:
        values = query_values(text, len(FIELDS) + len(VIEW_KEYS) + 1, MAX_RUN_CHARS)
        for key in VIEW_KEYS:
            values.pop(key, None)
        return check_work(NetworkConfig.from_mapping(values))
    except ValueError as exc:
        message = str(exc)
        if message.startswith("The "):  # a sentence about the query, not about a field
            message = "t" + message[1:]
        raise FieldError(f"Run {which.upper()}: {message}", which) from None


def state_from_query(search: Any) -> dict[str, Any]:
    """The page's address as ``{"a": NetworkConfig, "b": NetworkConfig, "seeds": int}``.

    A missing ``a`` is the original script's run, a missing ``b`` A with the next seed,
    a missing ``seeds`` 1.
    """
    values = query_values(search, len(KEYS) + 1, 2 * MAX_RUN_CHARS + 100)
    unknown = [k for k in values if k not in KEYS]
    if unknown:
        raise ValueError(f"The compare page's address takes a, b and seeds (got "
                         f"{unknown[0]!r:.40}).")
    a = run_config("a", values["a"]) if "a" in values else DEFAULT
    b = run_config("b", values["b"]) if "b" in values else default_b(a)
    seeds = SEEDS_FIELD.parse(values.get("seeds", SEEDS_FIELD.default))
    return {"a": a, "b": b, "seeds": seeds}


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = repr(value) if isinstance(value, float) else str(value)
    return text.removesuffix(".0") if isinstance(value, float) else text


def run_query(config: NetworkConfig) -> str:
    """The network page's query (without ``?``) of ``config``'s run, every field."""
    return urlencode([(k, _text(v)) for k, v in config.to_dict().items()])
