"""Result files: spikes as CSV (header ``time_ms,neuron``, the original script's order)
or npz, and the traced neurons' v and u as CSV."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np

from .result import SimulationResult

SPIKE_SUFFIXES = (".csv", ".npz")


def spikes_csv(result: SimulationResult) -> str:
    """The spikes as CSV text: ``time_ms,neuron``, one row per spike, by time then neuron."""
    buf = io.StringIO()
    buf.write("time_ms,neuron\n")
    np.savetxt(buf, np.column_stack((result.spike_times, result.spike_neurons)),
               fmt="%d", delimiter=",")
    return buf.getvalue()


def traces_csv(result: SimulationResult) -> str:
    """``time_ms`` then ``v_<neuron>`` (mV) and ``u_<neuron>`` columns of the traced neurons."""
    neurons = result.trace_neurons.tolist()
    header = ["time_ms"] + [f"{var}_{i}" for i in neurons for var in ("v", "u")]
    columns = [np.arange(result.config.duration, dtype=np.float64)]
    for row in range(len(neurons)):
        columns += [result.v[row], result.u[row]]
    buf = io.StringIO()
    buf.write(",".join(header) + "\n")
    fmt = ["%d"] + ["%.10g"] * (len(columns) - 1)
    np.savetxt(buf, np.column_stack(columns), fmt=fmt, delimiter=",")
    return buf.getvalue()


def write_spikes(result: SimulationResult, path: str | Path) -> Path:
    """Write the spikes to ``path``: ``.csv`` as :func:`spikes_csv`, ``.npz`` with
    arrays ``spike_times``, ``spike_neurons`` and the run's ``config`` as JSON."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SPIKE_SUFFIXES:
        raise ValueError(
            f"spikes file must end in {' or '.join(SPIKE_SUFFIXES)} (got {path.name!r})."
        )
    if suffix == ".csv":
        path.write_text(spikes_csv(result))
    else:
        np.savez_compressed(path, spike_times=result.spike_times,
                            spike_neurons=result.spike_neurons,
                            config=json.dumps(result.config.to_dict()))
    return path
