"""The sweep page's state as plain values: controls <-> SweepSpec <-> URL query.

No dash here: these functions take what the browser sent (untrusted JSON) and return
validated values, or raise the core's one-sentence ``FieldError`` with ``field`` set
to the page's control (``values1``, ``seeds``, ...) that shows it.

The address is the base network's fields that differ from the original script's (the
network page's own keys, so ``/sweep?<the network page's query>`` starts from that
network; its ``neurons``, ``drawing`` and ``present`` are ignored), then the sweep's keys:
``axis1``, ``values1`` (``START:STOP:COUNT`` or ``V1,V2,...``, as the CLI's
``--vary``), ``axis2``, ``values2`` (empty: one axis; both empty: seed replicates of
the base alone), ``seeds`` and ``color``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from izhi_core import NetworkConfig
from izhi_core.config import SCENARIO_FIELD, check_int, check_work
from izhi_core.fields import FIELDS, FieldError, shown
from izhi_core.sweep import Axis, SweepSpec
from izhi_core.sweep.grid import METRIC_TITLES, NUMERIC, cell_config
from izhi_core.sweep.spec import AXIS_FIELDS

from ...common.query import query_text as _format
from ...common.query import query_values

SWEEP_KEYS: tuple[str, ...] = ("axis1", "values1", "axis2", "values2", "seeds", "color")
NETWORK_ONLY = ("neurons", "drawing", "present")  # the network page's keys, not a run's
MAX_QUERY_CHARS = 2_000

# Per request on a shared server: a diagram of at most 21 x 21 cells (its grid, sent back
# to recolour it, stays well under the server's 256 kB request limit), at most 2,000
# runs, and an estimate of at most a third of a job's time (IZHI_JOB_SECONDS): the
# estimate assumes 8 Hz, and a bursting corner of a plane runs about 3 times longer.
MAX_CELLS = 441
MAX_RUNS = 2_000
MAX_PAGE_SEEDS = 20
JOB_FRACTION = 1 / 3

DEFAULT_BASE = NetworkConfig()
DEFAULT_COLOR = "synchrony"

PRESETS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "ei": ("Excitation vs inhibition",
           "The weight plane: where the network bursts, oscillates or fires irregularly.",
           {"axis1": "inh_weight", "values1": "0:2:11", "axis2": "exc_weight",
            "values2": "0:1:11", "seeds": 1, "color": "synchrony"}),
    "noise": ("Noise vs excitation",
              "How much thalamic noise the excitatory neurons need, at each weight.",
              {"axis1": "exc_weight", "values1": "0:1:11", "axis2": "exc_noise",
               "values2": "0:10:11", "seeds": 1, "color": "rate_exc_hz"}),
    "exc": ("Excitation, 3 seeds",
            "One axis: the rate's mean and a band of one sd over three seeds.",
            {"axis1": "exc_weight", "values1": "0:1:11", "axis2": "", "values2": "",
             "seeds": 3, "color": "rate_exc_hz"}),
    "seeds": ("This network, 5 seeds",
              "No axis: the base network at five seeds, its rates as mean \u00b1 sd.",
              {"axis1": "", "values1": "", "axis2": "", "values2": "", "seeds": 5,
               "color": "rate_exc_hz"}),
}
"""Known phase diagrams: key -> (button label, tooltip, control values)."""
DEFAULT_PRESET = "ei"

LABELS = {"axis1": "First axis", "values1": "Values of the first axis",
          "axis2": "Second axis", "values2": "Values of the second axis",
          "seeds": "Seeds", "color": "Colour by"}


def default_values() -> dict[str, Any]:
    """The controls as the page starts: the first preset's."""
    return dict(PRESETS[DEFAULT_PRESET][2])


def axis_choices() -> dict[str, str]:
    """Every field an axis may vary -> its label with unit."""
    return {name: (SCENARIO_FIELD.title if name == SCENARIO_FIELD.name else FIELDS[name].title)
            for name in AXIS_FIELDS}


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _axis(name: Any, values: Any, which: str) -> Axis | None:
    """An axis from its two controls (None when both are empty)."""
    name, text = _text(name), _text(values)
    key = f"axis{which}"
    if not name and not text:
        return None
    if name not in AXIS_FIELDS:
        raise FieldError(f"{LABELS[key]} must be one of {', '.join(AXIS_FIELDS)}, or none "
                         f"(got {shown(name)}).", key)
    if not text:
        raise FieldError(f"{LABELS['values' + which]} must be START:STOP:COUNT or V1,V2,... "
                         f"(got nothing).", f"values{which}")
    try:
        return Axis.parse(f"{name}={text}")
    except FieldError as err:
        raise FieldError(str(err), f"values{which}") from None


def color_of(value: Any) -> str:
    """The metric to colour by (the default when none is given)."""
    text = _text(value) or DEFAULT_COLOR
    if text not in NUMERIC:
        raise FieldError(f"Colour by must be one of {', '.join(NUMERIC)} "
                         f"(got {shown(value)}).", "color")
    return text


def spec_of(base: Mapping[str, Any] | NetworkConfig | None,
            values: Mapping[str, Any]) -> SweepSpec:
    """The sweep the controls say, validated with this server's caps.

    ``base`` is a NetworkConfig or its ``to_dict()`` (None: the original script's);
    ``values`` the controls by key of :data:`SWEEP_KEYS`.

    Raises
    ------
    FieldError
        Its ``field`` the control to mark (``axis1``, ``values2``, ``seeds``, ...), or
        None for the sweep as a whole (too much work for a page).
    """
    if not isinstance(values, Mapping):
        raise FieldError(f"The sweep must be a mapping of controls (got {shown(values)}).")
    config = (base if isinstance(base, NetworkConfig)
              else check_work(NetworkConfig.from_mapping(base or {})))
    axes = [a for a in (_axis(values.get("axis1"), values.get("values1"), "1"),
                        _axis(values.get("axis2"), values.get("values2"), "2")) if a]
    if len(axes) == 2 and axes[0].field == axes[1].field:
        raise FieldError(f"The second axis must vary another field than the first "
                         f"(both vary {axes[0].field}).", "axis2")
    try:
        seeds = check_int(LABELS["seeds"], values.get("seeds"), 1, MAX_PAGE_SEEDS)
    except FieldError as err:
        raise FieldError(str(err), "seeds") from None
    color_of(values.get("color"))
    marks = {a.field: f"values{i}" for i, a in enumerate(axes, 1)}
    try:
        spec = SweepSpec(config, tuple(axes), seeds=seeds)
    except FieldError as err:
        raise FieldError(str(err), marks.get(err.field, "seeds" if err.field == "seeds"
                                             else None)) from None
    _check_page_caps(spec, marks)
    return spec


def job_seconds_cap() -> float:
    """The longest estimate a page's sweep may have, s."""
    from ...common.slots import job_seconds

    return job_seconds() * JOB_FRACTION


def _check_page_caps(spec: SweepSpec, marks: Mapping[str, str]) -> None:
    cells = spec.n_points // spec.seeds
    if cells > MAX_CELLS:
        raise FieldError(f"A sweep on this page may have at most {MAX_CELLS} cells (21 x 21; "
                         f"got {spec.shape_text()}); the command line runs any "
                         f"({command_line(spec)}).")
    if spec.n_points > MAX_RUNS:
        raise FieldError(f"A sweep on this page may have at most {MAX_RUNS:,} runs (got "
                         f"{spec.shape_text()}); the command line runs any "
                         f"({command_line(spec)}).")
    costly = {}
    for point in spec.points():  # each run within a single request's caps
        c = point.config
        costly.setdefault((c.ne, c.ni, c.duration, c.inputs), c)
    for config in costly.values():
        try:
            check_work(config)
        except FieldError as err:
            raise FieldError(str(err), marks.get(err.field)) from None
    seconds = spec.expected_seconds(workers=1, startup=0)
    cap = job_seconds_cap()
    if seconds > cap:
        raise FieldError(f"A sweep on this page may take about {cap:,.0f} s at most (this "
                         f"one: about {seconds:,.0f} s for {spec.shape_text()} runs); vary "
                         f"fewer values, or use the command line ({command_line(spec)}).")


def command_line(spec: SweepSpec) -> str:
    """The CLI command that runs ``spec`` (the base's fields that differ from the
    original script's as flags)."""
    parts = ["python -m izhi_core sweep"]
    parts += [f"{FIELDS[k].flag} {_format(v)}" for k, v in _base_changes(spec.base).items()]
    parts += [f"--vary {a.text}" for a in spec.axes]
    if spec.seeds > 1:
        parts.append(f"--seeds {spec.seeds}")
    return " ".join([*parts, "--out sweep.parquet"])


def estimate_text(spec: SweepSpec) -> str:
    """The points and the time a sweep should take, before it starts."""
    seconds = spec.expected_seconds(workers=1, startup=0)
    took = "under a second" if seconds < 1 else f"about {seconds:,.0f} s"
    return f"{spec.shape_text()} runs, {took} once it has a slot."


def _base_changes(config: NetworkConfig) -> dict[str, Any]:
    default = DEFAULT_BASE.to_dict()
    return {k: v for k, v in config.to_dict().items() if v != default[k]}


def state_from_query(search: Any) -> tuple[NetworkConfig, dict[str, Any], bool]:
    """The base network, the sweep's control values and whether the address asks for a
    sweep (it has a sweep key: the page then runs it).

    Raises
    ------
    FieldError
        An unknown or repeated key, or a value the core refuses (``field``: the
        control, or None for a base field, which has no control on this page).
    """
    values = query_values(search, len(FIELDS) + len(SWEEP_KEYS) + len(NETWORK_ONLY),
                          MAX_QUERY_CHARS)
    for key in NETWORK_ONLY:
        values.pop(key, None)
    sweep = {k: values.pop(k) for k in SWEEP_KEYS if k in values}
    asked = bool(sweep)
    try:
        base = check_work(NetworkConfig.from_mapping(values))
    except FieldError as err:
        raise FieldError(f"The base network in the address is refused: {err}") from None
    controls = {**default_values(), **sweep} if asked else default_values()
    if asked:  # keys left out of a sweep's address mean no axis
        for key in ("axis1", "values1", "axis2", "values2"):
            controls[key] = sweep.get(key, "")
        controls["seeds"] = sweep.get("seeds", "1")
    spec_of(base, controls)  # the sentence now, before any control moves
    controls["seeds"] = int(controls["seeds"])
    controls["color"] = color_of(controls.get("color"))
    return base, controls, asked


def query_of(spec: SweepSpec, color: str) -> str:
    """The address (with its ``?``) that reproduces ``spec`` coloured by ``color``."""
    pairs = [(k, _format(v)) for k, v in _base_changes(spec.base).items()]
    texts = [a.text.split("=", 1) for a in spec.axes] + [("", "")] * (2 - len(spec.axes))
    for i, (name, text) in enumerate(texts, 1):
        pairs += [(f"axis{i}", name), (f"values{i}", text)]
    pairs += [("seeds", str(spec.seeds)), ("color", color)]
    return "?" + urlencode(pairs, safe=",:")


def network_query(config: NetworkConfig) -> str:
    """The network page's address of ``config`` (every field, as that page writes it)."""
    return "?" + urlencode([(k, _format(v)) for k, v in config.to_dict().items()], safe=",")


def clicked_cell(spec: SweepSpec, click: Any) -> NetworkConfig:
    """The configuration of the cell a click landed on (plotly's ``clickData``; its
    point's ``x`` and ``y`` are the axes' values)."""
    try:
        point = click["points"][0]
        x, y = point.get("x"), point.get("y")
    except (TypeError, KeyError, IndexError, AttributeError):
        raise ValueError("the click did not land on a cell of the diagram.") from None

    def place(axis: Axis, value: Any) -> int:
        for i, v in enumerate(axis.values):
            if v == value or (isinstance(v, (int, float)) and isinstance(value, (int, float))
                              and abs(v - value) <= 1e-9 * max(1.0, abs(v))):
                return i
        raise ValueError("the click did not land on a cell of the diagram.")

    if not spec.axes:
        return spec.base
    col = place(spec.axes[0], x)
    row = place(spec.axes[1], y) if len(spec.axes) > 1 else 0
    return cell_config(spec, col, row)


def metric_options() -> dict[str, str]:
    """Every metric a diagram may be coloured by -> its title with unit."""
    return dict(METRIC_TITLES)

