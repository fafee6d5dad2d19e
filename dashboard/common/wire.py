"""Figures on the wire: numpy arrays as base64 typed arrays, in the smallest type.

Plotly serialises numpy arrays as base64 typed arrays; float32 halves an update
for the same picture (7 digits; a screen shows 3), and integer arrays go in the
smallest integer type that holds them.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np
import plotly.graph_objects as go

INT_TYPES = (("i2", np.int16), ("u2", np.uint16), ("i4", np.int32))


def _typed_array(values: np.ndarray) -> dict[str, Any] | np.ndarray:
    """A numpy array as a base64 typed-array spec (``shape`` for 2-D, as plotly writes
    it), in float32 or in the smallest integer type that fits; others unchanged."""
    values = np.ascontiguousarray(values)
    if values.dtype.kind == "f":
        code, values = "f4", values.astype(np.float32, copy=False)
    elif values.dtype.kind in "iu" and values.size:
        lo, hi = int(values.min()), int(values.max())
        code, dtype = next(((c, t) for c, t in INT_TYPES
                            if np.iinfo(t).min <= lo and hi <= np.iinfo(t).max),
                           (values.dtype.str[1:], values.dtype))
        values = values.astype(dtype, copy=False)
    elif values.dtype.kind in "iu":
        code = values.dtype.str[1:]
    else:
        return values
    spec = {"dtype": code, "bdata": base64.b64encode(values.tobytes()).decode("ascii")}
    if values.ndim > 1:
        spec["shape"] = ", ".join(map(str, values.shape))
    return spec


def _compact_array(spec: dict[str, Any]) -> dict[str, Any]:
    """A base64 typed-array spec in float32, or in the smallest integer type that fits."""
    values = np.frombuffer(base64.b64decode(spec["bdata"]), dtype=np.dtype(spec["dtype"]))
    if "shape" in spec:
        values = values.reshape([int(n) for n in str(spec["shape"]).split(",")])
    out = _typed_array(values)
    return {**spec, **out} if isinstance(out, dict) else spec


def compact(fig: go.Figure | dict[str, Any]) -> dict[str, Any]:
    """The figure as a dict whose arrays go as float32 or the smallest integer type.

    Takes a go.Figure or a plain figure dict with numpy arrays in its traces (the
    ``*_spec`` builders of :mod:`izhi_core.figures`, which skip plotly's
    validation: four figures per update would cost more than the run). Plotly
    serialises numpy arrays as base64 typed arrays; float32 halves the update
    for the same picture (7 digits; a screen shows 3).
    """
    out = fig.to_dict() if isinstance(fig, go.Figure) else dict(fig)
    data = []
    for trace in out.get("data", []):
        trace = dict(trace)
        for key, value in trace.items():
            if isinstance(value, np.ndarray):
                trace[key] = _typed_array(value)
            elif isinstance(value, dict) and "bdata" in value and "dtype" in value:
                trace[key] = _compact_array(value)
        data.append(trace)
    out["data"] = data
    return out
