"""The outcome of one run: spikes, traces, the binned current map, population counts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .config import NetworkConfig

SPIKE_PEAK_MV = 30.0  # each spike shows as a peak at +30 mV, as the original script intends


@dataclass(frozen=True, eq=False)
class SimulationResult:
    """Everything one run of :func:`izhi_core.simulate` recorded.

    Attributes
    ----------
    config : NetworkConfig
        The validated parameters of the run.
    spike_times : ndarray of int32, shape (n_spikes,)
        Spike times in ms (the 1 ms step at which v reached +30 mV).
    spike_neurons : ndarray of int32, shape (n_spikes,)
        Index of the neuron of each spike; excitatory neurons are 0 .. ne-1.
        Sorted by time, then neuron: the original script's ``firings`` order.
    trace_neurons : ndarray of int64, shape (n_traces,)
        The neurons whose traces were recorded.
    v, u, current : ndarray of float64, shape (n_traces, duration)
        Membrane potential (mV; +30 mV at each spike step), recovery variable
        and total input current (noise + synaptic, mV/ms) at the end of
        each 1 ms step.
    current_map : ndarray of float64, shape (rows, cols)
        Input current averaged over blocks of ``map_row_bin`` neurons and
        ``map_col_bin`` ms (the last block of each axis may be shorter).
    map_row_bin, map_col_bin : int
        Block sizes of ``current_map`` in neurons and in ms.
    pop_counts : ndarray of int32, shape (duration, 2)
        Spikes per 1 ms step in the excitatory (column 0) and inhibitory
        (column 1) populations.
    build_seconds, sim_seconds : float
        Wall-clock time to build the network and to integrate it.
    """

    config: NetworkConfig
    spike_times: np.ndarray
    spike_neurons: np.ndarray
    trace_neurons: np.ndarray
    v: np.ndarray
    u: np.ndarray
    current: np.ndarray
    current_map: np.ndarray
    map_row_bin: int
    map_col_bin: int
    pop_counts: np.ndarray
    build_seconds: float
    sim_seconds: float

    @property
    def n_spikes(self) -> int:
        """Total number of spikes."""
        return int(self.spike_times.size)

    @property
    def firings(self) -> np.ndarray:
        """(n_spikes, 2) float64 array [time_ms, neuron], as the original script's
        ``firings``."""
        return np.column_stack((self.spike_times, self.spike_neurons)).astype(np.float64)

    def trace_row(self, neuron: int) -> int:
        """Row of ``v``/``u``/``current`` holding ``neuron``; ValueError if not recorded."""
        rows = np.flatnonzero(self.trace_neurons == neuron)
        if rows.size == 0:
            raise ValueError(
                f"neuron {neuron} was not recorded (recorded: "
                f"{', '.join(map(str, self.trace_neurons.tolist())) or 'none'})."
            )
        return int(rows[0])
