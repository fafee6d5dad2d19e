"""The outcome of one single-neuron run."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .spec import NeuronSpec


@dataclass(frozen=True, eq=False)
class NeuronTrace:
    """What :func:`izhi_core.neuron.simulate_neuron` computed.

    Attributes
    ----------
    spec : NeuronSpec
        The validated neuron and run.
    scheme : str
        Key of :data:`izhi_core.neuron.model.SCHEMES` that integrated it.
    t : ndarray of float64, shape (steps,)
        The start of each step (ms).
    v : ndarray of float64
        Membrane potential at the end of each step (mV); +30 mV at a spike step,
        as the published figures draw it.
    u : ndarray of float64
        Recovery variable at the end of each step, after the reset at a spike.
    I : ndarray of float64
        Input current during each step (its value at the step's start).
    spike_times : ndarray of float64
        Start of each step at which v reached the peak (ms).
    spike_steps : ndarray of int64
        Index into ``t`` of each spike.
    blowup_ms : float or None
        None, or the start (ms) of the step at which v or u left the bounded
        region (v < -1e6, |u| > 1e6 or NaN): the arrays then stop before that
        step, so whatever they hold is finite.
    """

    spec: NeuronSpec
    scheme: str
    t: np.ndarray
    v: np.ndarray
    u: np.ndarray
    I: np.ndarray  # noqa: E741 (the papers' name for the input current)
    spike_times: np.ndarray
    spike_steps: np.ndarray
    blowup_ms: float | None

    @property
    def n_spikes(self) -> int:
        """Number of spikes."""
        return int(self.spike_steps.size)
