"""A single neuron's spikes and traces as CSV; numbers written to round-trip exactly."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import numpy as np

from .result import NeuronTrace

EXACT = "%.17g"  # a float64 in 17 significant digits reads back to the same bits


def spikes_csv(trace: NeuronTrace) -> str:
    """Header ``time_ms``, then one spike time per row (the start of its step)."""
    buf = io.StringIO()
    buf.write("time_ms\n")
    np.savetxt(buf, trace.spike_times, fmt=EXACT)
    return buf.getvalue()


def trace_csv(trace: NeuronTrace) -> str:
    """Header ``time_ms,v,u,I``, then one row per step."""
    buf = io.StringIO()
    buf.write("time_ms,v,u,I\n")
    np.savetxt(buf, np.column_stack((trace.t, trace.v, trace.u, trace.I)), fmt=EXACT,
               delimiter=",")
    return buf.getvalue()


def summary(trace: NeuronTrace, pattern: str | None = None,
            changed: list[str] | None = None) -> dict[str, Any]:
    """The run in plain JSON-ready values: what it was and its spikes. ``changed``
    names the fields set on top of ``pattern``'s."""
    s = trace.spec
    return {
        "pattern": pattern,
        "changed": list(changed or []),
        "scheme": trace.scheme,
        "a": s.a, "b": s.b, "c": s.c, "d": s.d, "v0": s.v0, "u0": trace.spec.initial_u,
        "tau_ms": s.tau, "duration_ms": s.duration,
        "quadratic": s.quadratic, "recovery": s.recovery,
        "protocol": s.protocol.describe(),
        "n_spikes": trace.n_spikes,
        "spike_times_ms": [float(x) for x in trace.spike_times],
        "blowup_ms": trace.blowup_ms,
    }


def write_text(path: str | Path, text: str) -> Path:
    path = Path(path)
    path.write_text(text)
    return path


def summary_line(trace: NeuronTrace, pattern: str | None = None,
                 changed: list[str] | None = None) -> str:
    return json.dumps(summary(trace, pattern, changed))
