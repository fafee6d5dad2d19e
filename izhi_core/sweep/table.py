"""A sweep's results as a tidy table: one row a run, a column per field and per metric.

pandas is imported here, when a table is made, not by the engine or the workers.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import SCENARIO_FIELD
from ..fields import FIELDS, FieldError, shown
from .engine import PointResult
from .store import METRICS

if TYPE_CHECKING:
    import pandas as pd

TABLE_SUFFIXES = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv"}


def results_table(results: Iterable[PointResult]) -> pd.DataFrame:
    """The results in the sweep's order (by point index), as a DataFrame.

    Returns
    -------
    pandas.DataFrame
        One row a run. Columns: every field of :data:`~izhi_core.fields.FIELDS` by
        name (``exc_weight`` in mV/ms, ``duration`` in ms, ``inputs`` empty for
        all-to-all, ...), ``weights`` where an axis varies the weight scenario, then
        :data:`~izhi_core.sweep.store.METRICS` (rates in Hz, peaks' frequencies in Hz;
        an empty cell for no peak or an undefined synchrony or ISI CV).
    """
    import pandas as pd

    # Column by column as the results come (never a list of every result at once); the
    # order is put right at the end.
    index: list[int] = []
    fields: dict[str, list[Any]] = {name: [] for name in FIELDS}
    scenarios: list[str | None] = []
    metrics: dict[str, list[Any]] = {name: [] for name in METRICS}
    for result in results:
        index.append(result.point.index)
        for name, values in fields.items():
            values.append(getattr(result.point.config, name))
        scenarios.append(result.point.scenario)
        for name, values in metrics.items():
            values.append(result.metrics[name])
    columns: dict[str, Any] = {}
    for name, field in FIELDS.items():
        if field.kind == "int":
            dtype = "Int64" if field.optional else "int64"
        else:
            dtype = "float64" if field.kind == "float" else "string"
        columns[name] = pd.array(fields.pop(name), dtype=dtype)
    if any(s is not None for s in scenarios):
        columns[SCENARIO_FIELD.name] = pd.array(scenarios, dtype="string")
    for name in METRICS:
        values = metrics.pop(name)
        if name == "n_spikes":
            columns[name] = pd.array(values, dtype="int64")
        elif name == "regime":
            columns[name] = pd.array(values, dtype="string")
        else:
            columns[name] = pd.array([math.nan if v is None else v for v in values],
                                     dtype="float64")
    table = pd.DataFrame(columns, index=index)
    return table.sort_index(kind="stable").reset_index(drop=True)


def table_path(path: str | os.PathLike[str]) -> Path:
    """``path`` if a table can be written there (a .parquet, .pq or .csv file in an
    existing folder), or the sentence that says why not."""
    p = Path(path)
    if p.suffix.lower() not in TABLE_SUFFIXES:
        raise FieldError(f"The table's file must end in .parquet or .csv (got "
                         f"{shown(str(path))}).", "out")
    if not p.parent.is_dir():
        raise FieldError(f"The table's folder must exist (got {shown(str(p.parent))}).", "out")
    return p


def write_table(table: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write ``table`` as Parquet (pyarrow) or CSV, by the file's extension; whole or
    not at all (written beside it, then renamed)."""
    p = table_path(path)
    tmp = p.with_name(f".{p.name}.tmp")
    if TABLE_SUFFIXES[p.suffix.lower()] == "parquet":
        table.to_parquet(tmp, engine="pyarrow", index=False)
    else:
        table.to_csv(tmp, index=False)
    os.replace(tmp, p)
    return p
