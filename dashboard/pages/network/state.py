"""The page's state as plain values: controls <-> NetworkConfig <-> URL query.

No dash here: these functions take what the browser sent (untrusted JSON: None,
strings, NaN, lists, huge numbers) and return validated values, or raise the
core's one-sentence ``ValueError``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from izhi_core import WEIGHT_SCENARIOS, NetworkConfig, Recording
from izhi_core.config import (
    MAX_TRACES,
    ORIGINAL_TRACE_NEURONS,
    SCENARIO_FIELD,
    check_int,
    check_work,
    neuron_index,
)
from izhi_core.fields import Field, FieldError
from izhi_core.figures import example_neurons

from ...common.query import query_values
from .ids import CONFIG_CONTROLS

CONFIG_FIELDS: tuple[str, ...] = tuple(CONFIG_CONTROLS)
NEURONS_KEY = "neurons"
DRAWING_KEY = "drawing"
DRAWINGS = ("explorer", "original")
"""``explorer``: block means of the current map and a steady colour scale, spikes drawn at
+30 mV; ``original``: as the original script draws them (every neuron on its ±max |I|,
v as it records it: the reset value at a spike)."""
DRAWING_FIELD = Field(DRAWING_KEY, "Drawing", "choice", "explorer", choices=DRAWINGS)
STATE_KEYS: tuple[str, ...] = (*CONFIG_FIELDS, NEURONS_KEY, DRAWING_KEY)
MAX_FULL_MAP_CELLS = 1_100_000  # a map of every neuron and ms, drawn when it fits (~4 MB)

DEFAULT_CONFIG = NetworkConfig()  # the original script's run
CUSTOM = "custom"  # the weight scenario shown when the weights are none of the script's
DEFAULT_NEURONS: tuple[int, ...] = ORIGINAL_TRACE_NEURONS
MAX_QUERY_CHARS = 2_000
# The current map is averaged on the server into a few hundred cells per axis: a graph
# shows no more, and the update stays small. Blocks that tile the axis exactly keep the
# heatmap a regular grid, which plotly.js draws several times faster.
MAP_ROWS = (30, 60)
MAP_COLS = (100, 200)
NEW_SEED_RANGE = (1, 100_000)  # short enough to read out in a lecture


def default_state() -> dict[str, Any]:
    """Control values of the original script's run, keyed by field (and ``neurons``)."""
    return {**DEFAULT_CONFIG.to_dict(), NEURONS_KEY: list(DEFAULT_NEURONS),
            DRAWING_KEY: DRAWING_FIELD.default}


def config_from_controls(values: Mapping[str, Any]) -> NetworkConfig:
    """Validate the control values of the network fields (``neurons`` is ignored),
    including the server's work caps (:func:`izhi_core.config.check_work`)."""
    if not isinstance(values, Mapping):
        raise ValueError(f"the configuration must be a mapping of fields (got {values!r:.40}).")
    return check_work(NetworkConfig.from_mapping({k: values.get(k) for k in CONFIG_FIELDS}))


def neurons_from_value(value: Any, n: int | None = None) -> tuple[int, ...]:
    """The selected trace neurons as validated ints (None or ``""`` is no neuron).

    Accepts a list (the multi-select) or a comma-separated text (the URL); with ``n``,
    each index must be a neuron of a network of ``n`` neurons.
    """
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        if len(value) > 400:
            raise FieldError("Traced neurons must be a short list (got a text of "
                             f"{len(value):,} characters).", NEURONS_KEY)
        value = [v for v in value.split(",") if v.strip()]
    if not isinstance(value, Sequence) or isinstance(value, (str, bytes)):
        raise FieldError(f"Traced neurons must be a list of neuron indices (got {value!r:.40}).",
                         NEURONS_KEY)
    neurons = Recording(neurons=tuple(value), map_rows=0, map_cols=0).neurons
    if n is not None:
        for i in neurons:
            neuron_index(i, n)
    return neurons


def count(value: Any) -> int:
    """A population size as the controls hold it (a number or typed text), or 0 if it
    is not a whole number."""
    try:
        return max(0, check_int("size", value, 0, 10**9))
    except ValueError:
        return 0


def same_value(a: Any, b: Any) -> bool:
    """Whether two control values say the same (``"0.5"`` and ``0.5`` do)."""
    if a == b or (a in (None, "") and b in (None, "")):
        return True
    try:
        return _format_value(float(a)) == _format_value(float(b))
    except (TypeError, ValueError):
        return False


MAX_TRACE_NEURON_MS = 200_000  # traced neurons x duration: v, u and I of each, every ms


def neurons_in(neurons: Sequence[int], config: NetworkConfig) -> tuple[int, ...]:
    """The neurons that exist in ``config``'s network, in order; as many as a run of
    its duration may trace (their traces, and the traces file, stay a few MB)."""
    inside = tuple(i for i in neurons if i < config.n)
    if len(inside) * config.duration > MAX_TRACE_NEURON_MS:
        most = max(1, MAX_TRACE_NEURON_MS // config.duration)
        raise FieldError(
            f"Traced neurons may list at most {most} neurons for a run of "
            f"{config.duration:,} ms (traced neurons x duration at most "
            f"{MAX_TRACE_NEURON_MS:,} ms; got {len(inside)} x {config.duration:,}).",
            NEURONS_KEY)
    return inside


def add_neuron(neurons: Any, neuron: int) -> list[int]:
    """``neurons`` with ``neuron`` appended (unchanged if already there)."""
    current = list(neurons_from_value(neurons))
    if neuron in current:
        return current
    if len(current) >= MAX_TRACES:
        raise ValueError(
            f"at most {MAX_TRACES} neurons can be traced; remove one before adding neuron "
            f"{neuron}."
        )
    return [*current, neuron]


def _format_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    return str(value)


def default_query_values() -> dict[str, str]:
    """The original script's run as the address writes each value (what a missing key means)."""
    values = {k: _format_value(v) for k, v in DEFAULT_CONFIG.to_dict().items()}
    values[NEURONS_KEY] = ",".join(str(i) for i in DEFAULT_NEURONS)
    values[DRAWING_KEY] = DRAWING_FIELD.default
    return values


def query_from_state(config: NetworkConfig, neurons: Sequence[int],
                     drawing: str = DRAWING_FIELD.default) -> str:
    """The URL query (with its ``?``) that reproduces ``config``, the traced neurons and
    the drawing."""
    pairs = [(k, _format_value(v)) for k, v in config.to_dict().items()]
    pairs.append((NEURONS_KEY, ",".join(str(i) for i in neurons)))
    pairs.append((DRAWING_KEY, drawing))
    return "?" + urlencode(pairs, safe=",")


PRESENT_KEY = "present"  # ?present=1: presentation mode (assets/present.js)


def present_mode(text: Any) -> bool:
    """Whether ``present`` asks for presentation mode: ``1``, or ``0`` (or absent)."""
    if text in ("0", "1"):
        return text == "1"
    raise ValueError(f"Presentation mode (present) must be 0 or 1 (got {text!r:.40}).")


def state_from_query(search: Any) -> dict[str, Any]:
    """Parse a URL query into validated control values (missing keys take the original script's).

    Raises
    ------
    ValueError
        For an unknown or repeated key, or a value the core rejects.
    """
    values = query_values(search, len(STATE_KEYS) + 5, MAX_QUERY_CHARS)
    present_mode(values.pop(PRESENT_KEY, "0"))  # how the page shows the run, not the run
    neurons_text = values.pop(NEURONS_KEY, None)
    drawing = DRAWING_FIELD.parse(values.pop(DRAWING_KEY, DRAWING_FIELD.default))
    config = check_work(NetworkConfig.from_mapping(values))
    # without neurons in the address, an excitatory and an inhibitory example of this size
    neurons = (example_neurons(config) if neurons_text is None
               else neurons_from_value(neurons_text))
    # Neurons beyond the network are dropped, not refused: shrinking the network in the
    # address (or with a control, whose echo comes back here) keeps the others traced.
    return {**config.to_dict(), NEURONS_KEY: list(neurons_in(neurons, config)),
            DRAWING_KEY: drawing}


def scenario_weights(name: Any) -> dict[str, float]:
    """The two weight scales of a scenario of :data:`WEIGHT_SCENARIOS`."""
    scenario = WEIGHT_SCENARIOS[SCENARIO_FIELD.parse(name)]
    return {"exc_weight": scenario.exc, "inh_weight": scenario.inh}


def scenario_of(exc_weight: Any, inh_weight: Any) -> str:
    """The scenario whose weights these are (as numbers or typed text), or ``custom``."""
    for name, scenario in WEIGHT_SCENARIOS.items():
        if _close(exc_weight, scenario.exc) and _close(inh_weight, scenario.inh):
            return name
    return CUSTOM


def _close(value: Any, target: float) -> bool:
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return False
    return (
        isinstance(value, (int, float)) and not isinstance(value, bool)
        and math.isclose(value, target, rel_tol=0, abs_tol=1e-9)
    )


def even_bins(total: int, lo: int, hi: int) -> int:
    """A number of bins from ``lo`` to ``hi`` whose equal blocks tile ``total`` exactly.

    The fewest units per block that divide ``total``; ``hi`` bins (the last block
    shorter) when no block size in range divides it; ``total`` bins when it is at
    most ``hi``.
    """
    if total <= hi:
        return total
    for width in range(-(-total // hi), -(-total // lo) + 1):
        if total % width == 0:
            return total // width
    return hi


def map_shape(config: NetworkConfig, drawing: str = "explorer") -> tuple[int, int]:
    """Rows and columns of the current map the dashboard asks the core for: every neuron
    and ms when drawn as the original script and it fits, else block means."""
    if drawing == "original" and config.n * config.duration <= MAX_FULL_MAP_CELLS:
        return config.n, config.duration
    return even_bins(config.n, *MAP_ROWS), even_bins(config.duration, *MAP_COLS)


def new_seed(current: Any, rng: random.Random | None = None) -> int:
    """A random seed from 1 to 99,999, different from ``current``."""
    rng = rng or random.Random()
    while True:
        seed = rng.randrange(*NEW_SEED_RANGE)
        if seed != current:
            return seed


def clicked_neuron(click: Any, n: int) -> int:
    """Neuron index of a click on the raster (customdata) or the current map (row).

    Parameters
    ----------
    click : dict
        Plotly's ``clickData``: ``{"points": [{"customdata": 12, "y": 12.0, ...}]}``.
    n : int
        Number of neurons of the network on the page.
    """
    try:
        point = click["points"][0]
    except (TypeError, KeyError, IndexError):
        raise ValueError("the click did not land on a neuron.") from None
    if not isinstance(point, Mapping):
        raise ValueError("the click did not land on a neuron.")
    value = point.get("customdata")
    if value is None:
        # A row of the current map: its y is the centre of a block of neurons.
        y = point.get("y")
        if isinstance(y, bool) or not isinstance(y, (int, float)) or not math.isfinite(y):
            raise ValueError("the click did not land on a neuron.")
        value = min(max(int(round(y)), 0), n - 1)
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return check_int("neuron index", value, 0, n - 1)
