"""Scalar measures of a run for comparing many runs: synchrony, regularity, regime.

Plain numpy, pure functions of spike arrays; :func:`run_metrics` reads a
:class:`~izhi_core.result.SimulationResult` and returns JSON-ready scalars,
one row of a sweep's table. docs/analysis.md gives the runs the regime
thresholds come from.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from .analysis import Peak, isi_cv, mean_rates_of, peaks_of, spike_arrays

if TYPE_CHECKING:
    from .result import SimulationResult

SYNCHRONY_BIN_MS = 5
"""Bin width, ms, of the spike counts :func:`synchrony_index` compares."""


def _check_whole(name: str, value: Any, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < least:
        raise ValueError(f"{name} must be a whole number, at least {least} (got {value!r}).")
    return int(value)


def synchrony_index(
    spike_times: np.ndarray,
    spike_neurons: np.ndarray,
    n_neurons: int,
    duration_ms: float,
    bin_ms: int = SYNCHRONY_BIN_MS,
) -> float:
    """Golomb's synchrony measure chi squared of the neurons that fired.

    Parameters
    ----------
    spike_times : array_like of int or float, shape (n_spikes,)
        Spike times, ms, from 0.
    spike_neurons : array_like of int, shape (n_spikes,)
        Neuron index of each spike, from 0 to ``n_neurons - 1``.
    n_neurons : int
        Number of neurons.
    duration_ms : float
        Length of the recording, ms.
    bin_ms : int, default :data:`SYNCHRONY_BIN_MS`
        Bin width of the spike counts, ms.

    Returns
    -------
    float
        ``chi**2`` (not its square root), from 0 to 1: 1 when every neuron
        that fired has the same count in every bin (perfect synchrony), about
        ``1 / M`` for ``M`` independent neurons; NaN when fewer than two
        neurons fired or none of their counts varies.

    Notes
    -----
    With ``x_i(t)`` the spike count of neuron ``i`` in bin ``t`` (bins of
    ``bin_ms`` from 0; a last partial bin is dropped) and the ``M`` neurons
    with at least one spike in the bins::

        chi**2 = Var_t[(1/M) sum_i x_i(t)] / ((1/M) sum_i Var_t[x_i(t)])

    (variances over bins, ddof=0): the variance of the population's mean
    signal over the mean variance of one neuron's (Golomb and Rinzel 1993,
    Phys. Rev. E 48:4810; Golomb 2007, Scholarpedia 2(1):1347). Neurons that
    never fire are left out, so a few synchronous neurons among silent ones
    count as synchronous. A bin of 5 ms is shorter than a cycle of any rhythm
    the network shows (25 ms at 40 Hz) and longer than the jitter of one
    population burst, so a burst falls in one or two bins.

    The counts are sparse: the per-neuron sums come from ``np.unique`` of
    (neuron, bin) pairs, never from an ``n_neurons x n_bins`` matrix.
    """
    n_neurons = _check_whole("n_neurons", n_neurons, 0)
    bin_ms = _check_whole("bin_ms", bin_ms, 1)
    if not duration_ms > 0:
        raise ValueError(f"duration_ms must be positive (got {duration_ms!r}).")
    times, neurons = spike_arrays(spike_times, spike_neurons, n_neurons)
    n_bins = int(duration_ms // bin_ms)
    bins = np.floor_divide(times, bin_ms).astype(np.int64)
    kept = (bins >= 0) & (bins < n_bins)
    bins, neurons = bins[kept], neurons[kept]
    active, neurons = np.unique(neurons, return_inverse=True)
    m = active.size
    if m < 2:
        return math.nan
    population = np.bincount(bins, minlength=n_bins) / m
    pairs, per_pair = np.unique(neurons * n_bins + bins, return_counts=True)
    owner = pairs // n_bins
    sums = np.bincount(owner, weights=per_pair, minlength=m)
    squares = np.bincount(owner, weights=per_pair.astype(np.float64) ** 2, minlength=m)
    single = squares / n_bins - (sums / n_bins) ** 2
    mean_single = float(single.mean())
    if not mean_single > 0:
        return math.nan
    return float(min(population.var() / mean_single, 1.0))  # 1 + rounding at most


def mean_isi_cv(
    spike_times: np.ndarray,
    spike_neurons: np.ndarray,
    n_neurons: int,
    min_spikes: int = 3,
) -> float:
    """Mean over neurons of the coefficient of variation of their inter-spike intervals.

    Parameters
    ----------
    spike_times, spike_neurons, n_neurons, min_spikes
        As :func:`izhi_core.analysis.isi_cv`.

    Returns
    -------
    float
        The mean of ``std / mean`` of each neuron's intervals over the neurons
        with at least ``min_spikes`` spikes (dimensionless): 0 for regular
        firing, about 1 for Poisson firing; NaN when no neuron has enough.
    """
    cv = isi_cv(spike_times, spike_neurons, n_neurons, min_spikes)
    finite = cv[np.isfinite(cv)]
    return float(finite.mean()) if finite.size else math.nan


SILENT_RATE_HZ = 0.5
"""Both populations below this mean rate per neuron, Hz: "silent"."""

RUNAWAY_RATE_HZ = 100.0
"""Either population above this mean rate per neuron, Hz, without bursts: "runaway"."""

BURST_SYNCHRONY = 0.5
"""Least :func:`synchrony_index` (chi squared) of "synchronous bursting"."""

BURST_CV = 1.0
"""Least :func:`mean_isi_cv` of "synchronous bursting": burstier than Poisson."""

REGIMES = (
    "silent",
    "synchronous bursting",
    "runaway",
    "oscillatory",
    "asynchronous irregular",
)
"""The labels :func:`regime` returns, in the order it tests them."""


def regime(
    rates: tuple[float, float],
    peaks: tuple[Peak | float | None, Peak | float | None],
    synchrony: float,
    cv: float,
) -> str:
    """A run's dynamical regime, one of :data:`REGIMES`, from four of its metrics.

    Parameters
    ----------
    rates : (float, float)
        Mean rate per neuron of the excitatory and inhibitory populations, Hz.
    peaks : (Peak or float or None, Peak or float or None)
        The low-band and gamma-band peaks (:func:`izhi_core.analysis.peaks_of`,
        or their frequencies); None where there is none.
    synchrony : float
        :func:`synchrony_index` (chi squared, 0 to 1); NaN counts as 0.
    cv : float
        :func:`mean_isi_cv`; NaN counts as 0.

    Returns
    -------
    str
        The first that applies of:

        - ``"silent"``: both rates below :data:`SILENT_RATE_HZ` (0.5 Hz);
        - ``"synchronous bursting"``: synchrony at least
          :data:`BURST_SYNCHRONY` (0.5) and CV at least :data:`BURST_CV`
          (1.0): the neurons fire together, in bursts separated by silences
          longer than a Poisson neuron's;
        - ``"runaway"``: either rate above :data:`RUNAWAY_RATE_HZ` (100 Hz),
          sustained rather than in bursts;
        - ``"oscillatory"``: a low-band or gamma-band peak;
        - ``"asynchronous irregular"``: none of these.

    Notes
    -----
    Each threshold sits in a gap between the values of the original script's
    network over exc_weight 0-1 by inh_weight 0-2 and its neuron types (see
    docs/analysis.md): non-bursting runs are either below 15 Hz or above
    300 Hz; bursting runs have chi squared 0.77-0.99 and CV 1.3-6, all the
    others CV below 1 and, but for a saturated network (every neuron every
    ms: chi squared 1, CV 0), chi squared below 0.55. Bursting is tested
    before the rate because the population bursts reach 46-300 Hz: a rate
    threshold alone would split one regime.
    """
    rate_exc, rate_inh = (float(r) for r in rates)
    synchrony = 0.0 if math.isnan(synchrony) else float(synchrony)
    cv = 0.0 if math.isnan(cv) else float(cv)
    if max(rate_exc, rate_inh) < SILENT_RATE_HZ:
        return "silent"
    if synchrony >= BURST_SYNCHRONY and cv >= BURST_CV:
        return "synchronous bursting"
    if max(rate_exc, rate_inh) > RUNAWAY_RATE_HZ:
        return "runaway"
    if any(peak is not None for peak in peaks):
        return "oscillatory"
    return "asynchronous irregular"


def _json(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def run_metrics(result: SimulationResult) -> dict[str, Any]:
    """One run's scalar metrics, JSON-ready: a row of a sweep's table.

    Parameters
    ----------
    result : SimulationResult

    Returns
    -------
    dict
        ``n_spikes`` (int); ``rate_exc_hz``, ``rate_inh_hz`` (float, Hz);
        ``low_peak_hz``, ``low_peak_prominence``, ``gamma_peak_hz``,
        ``gamma_peak_prominence`` (float or None: :func:`~izhi_core.analysis.peaks_of`);
        ``synchrony`` (float or None: :func:`synchrony_index` at
        :data:`SYNCHRONY_BIN_MS`); ``mean_isi_cv`` (float or None:
        :func:`mean_isi_cv`, neurons with at least 3 spikes); ``regime`` (str:
        :func:`regime`). None stands for NaN or no peak.
    """
    cfg = result.config
    rates = mean_rates_of(result)
    low, gamma = peaks_of(result)
    synchrony = synchrony_index(result.spike_times, result.spike_neurons, cfg.n, cfg.duration)
    cv = mean_isi_cv(result.spike_times, result.spike_neurons, cfg.n)
    return {
        "n_spikes": int(result.n_spikes),
        "rate_exc_hz": float(rates[0]),
        "rate_inh_hz": float(rates[1]),
        "low_peak_hz": None if low is None else low.freq_hz,
        "low_peak_prominence": None if low is None else low.prominence,
        "gamma_peak_hz": None if gamma is None else gamma.freq_hz,
        "gamma_peak_prominence": None if gamma is None else gamma.prominence,
        "synchrony": _json(synchrony),
        "mean_isi_cv": _json(cv),
        "regime": regime(rates, (low, gamma), synchrony, cv),
    }
