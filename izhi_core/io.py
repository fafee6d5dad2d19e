"""Spike files: CSV (header ``time_ms,neuron``, the seed's order) and npz."""

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
