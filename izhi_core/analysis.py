"""Firing rates, population rate, its spectrum and spike-train regularity.

Plain numpy. The array functions take what they need (spike times in ms,
neuron indices, population sizes) so they can be checked on hand-computed
cases; the ``*_of`` conveniences and :func:`summarize` read a
:class:`~izhi_core.result.SimulationResult`.

Izhikevich (2003) reports alpha-like (about 10 Hz) and gamma-like (about
40 Hz) rhythms in the population activity of this network; the two bands
below are where :func:`summarize` looks for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .result import SimulationResult

LOW_BAND: tuple[float, float] = (4.0, 13.0)
"""Theta/alpha band of the population rate, Hz (inclusive)."""

GAMMA_BAND: tuple[float, float] = (25.0, 60.0)
"""Gamma band of the population rate, Hz (inclusive)."""

MS_PER_S = 1000.0


def _check_bin(bin_ms: Any) -> int:
    if isinstance(bin_ms, bool) or not isinstance(bin_ms, (int, np.integer)) or bin_ms < 1:
        raise ValueError(f"bin_ms must be a whole number of ms, at least 1 (got {bin_ms!r}).")
    return int(bin_ms)


def mean_rates(
    spike_neurons: np.ndarray, ne: int, ni: int, duration_ms: float
) -> tuple[float, float]:
    """Mean firing rate per neuron of the excitatory and inhibitory populations.

    Parameters
    ----------
    spike_neurons : array_like of int, shape (n_spikes,)
        Neuron index of each spike; indices below ``ne`` are excitatory, the
        others inhibitory.
    ne, ni : int
        Sizes of the excitatory and inhibitory populations.
    duration_ms : float
        Length of the recording, ms (must be positive).

    Returns
    -------
    rate_exc, rate_inh : float
        Spikes per neuron per second, Hz. A population of size 0 has rate 0.0.
    """
    if not duration_ms > 0:
        raise ValueError(f"duration_ms must be positive (got {duration_ms!r}).")
    neurons = np.asarray(spike_neurons)
    n_exc = int(np.count_nonzero(neurons < ne))
    n_inh = int(neurons.size) - n_exc
    seconds = duration_ms / MS_PER_S
    rate_exc = n_exc / (ne * seconds) if ne > 0 else 0.0
    rate_inh = n_inh / (ni * seconds) if ni > 0 else 0.0
    return float(rate_exc), float(rate_inh)


def population_rate(
    pop_counts: np.ndarray, ne: int, ni: int, bin_ms: int = 1
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Population firing rate per neuron in bins of ``bin_ms`` ms.

    Parameters
    ----------
    pop_counts : array_like of int, shape (duration, 2)
        Spikes per 1 ms step of the excitatory (column 0) and inhibitory
        (column 1) populations, as ``SimulationResult.pop_counts``.
    ne, ni : int
        Sizes of the excitatory and inhibitory populations.
    bin_ms : int, default 1
        Bin width, ms.

    Returns
    -------
    t_ms : ndarray of float64, shape (n_bins,)
        Start of each bin, ms.
    rate_exc, rate_inh, rate_all : ndarray of float64, shape (n_bins,)
        Spikes per neuron per second in each bin, Hz, for the excitatory,
        inhibitory and whole populations (0 for a population of size 0).

    Notes
    -----
    ``n_bins = duration // bin_ms``: a last partial bin is dropped, so every
    bin averages the same number of steps and the spectrum sees an evenly
    sampled signal. A ``bin_ms`` longer than the recording gives empty arrays.
    """
    bin_ms = _check_bin(bin_ms)
    counts = np.asarray(pop_counts, dtype=np.float64).reshape(-1, 2)
    n_bins = counts.shape[0] // bin_ms
    binned = counts[: n_bins * bin_ms].reshape(n_bins, bin_ms, 2).sum(axis=1)
    bin_s = bin_ms / MS_PER_S

    def per_neuron(spikes: np.ndarray, size: int) -> np.ndarray:
        return spikes / (size * bin_s) if size > 0 else np.zeros(n_bins)

    t_ms = np.arange(n_bins, dtype=np.float64) * bin_ms
    return (
        t_ms,
        per_neuron(binned[:, 0], ne),
        per_neuron(binned[:, 1], ni),
        per_neuron(binned.sum(axis=1), ne + ni),
    )


def rate_spectrum(rate_hz: np.ndarray, bin_ms: int) -> tuple[np.ndarray, np.ndarray]:
    """One-sided power spectral density of a population rate.

    Parameters
    ----------
    rate_hz : array_like of float, shape (n_bins,)
        Population rate sampled every ``bin_ms`` ms, Hz.
    bin_ms : int
        Sampling interval, ms; the sampling rate is ``1000 / bin_ms`` Hz.

    Returns
    -------
    freq_hz : ndarray of float64, shape (n_bins // 2 + 1,)
        Frequencies, Hz, from 0 to the Nyquist frequency in steps of
        ``1000 / (n_bins * bin_ms)`` Hz (1 Hz for 1 s of data).
    power : ndarray of float64, same shape
        Power spectral density, Hz**2 / Hz.

    Notes
    -----
    A Hann-windowed periodogram of the mean-removed rate (``np.fft.rfft``),
    scaled as a density (divided by the sampling rate and the window's
    power) and folded to one side (all bins but 0 and Nyquist doubled). The
    window trades a little resolution for much less leakage, so a rhythm
    that falls between two frequency bins does not smear across the band.
    Fewer than two samples give power 0.
    """
    bin_ms = _check_bin(bin_ms)
    x = np.asarray(rate_hz, dtype=np.float64).ravel()
    n = x.size
    fs = MS_PER_S / bin_ms
    if n < 2:
        return np.zeros(n), np.zeros(n)
    freq = np.fft.rfftfreq(n, d=1.0 / fs)
    window = np.hanning(n)
    spectrum = np.fft.rfft((x - x.mean()) * window)
    power = np.abs(spectrum) ** 2 / (fs * np.sum(window**2))
    power[1 : n // 2 + (n % 2)] *= 2.0  # Nyquist (even n) has no negative twin
    return freq, power


def band_peak(freq_hz: np.ndarray, power: np.ndarray, band: tuple[float, float]) -> float | None:
    """Frequency of maximum power inside a band.

    Parameters
    ----------
    freq_hz, power : array_like of float, same shape
        A spectrum, as :func:`rate_spectrum` returns it.
    band : (float, float)
        Lower and upper edge, Hz, both inclusive.

    Returns
    -------
    float or None
        The frequency, Hz, of the largest power in the band (the lowest such
        frequency on a tie); None when no frequency falls in the band or all
        power there is 0.
    """
    lo, hi = band
    freq = np.asarray(freq_hz, dtype=np.float64)
    pw = np.asarray(power, dtype=np.float64)
    inside = (freq >= lo) & (freq <= hi)
    if not inside.any():
        return None
    pw_in = pw[inside]
    if not np.any(pw_in > 0):
        return None
    return float(freq[inside][np.argmax(pw_in)])


def isi_cv(
    spike_times: np.ndarray,
    spike_neurons: np.ndarray,
    n_neurons: int,
    min_spikes: int = 3,
) -> np.ndarray:
    """Coefficient of variation of each neuron's inter-spike intervals.

    Parameters
    ----------
    spike_times : array_like of int or float, shape (n_spikes,)
        Spike times, ms (any order).
    spike_neurons : array_like of int, shape (n_spikes,)
        Neuron index of each spike, from 0 to ``n_neurons - 1``.
    n_neurons : int
        Number of neurons.
    min_spikes : int, default 3
        Neurons with fewer spikes get NaN (at least 2: one interval).

    Returns
    -------
    ndarray of float64, shape (n_neurons,)
        ``std / mean`` of the intervals (population std, ddof=0):
        0 for a perfectly regular neuron, about 1 for a Poisson one; NaN for
        neurons with fewer than ``min_spikes`` spikes.

    Notes
    -----
    Vectorised: spikes are sorted by neuron then time (``np.lexsort``), the
    intervals between consecutive spikes of one neuron are kept, and per-neuron
    sums come from ``np.bincount``. The variance takes two passes (deviations
    from each neuron's mean), so a regular neuron gives exactly 0.
    """
    if isinstance(min_spikes, bool) or not isinstance(min_spikes, (int, np.integer)) or (
        min_spikes < 2
    ):
        raise ValueError(f"min_spikes must be a whole number, at least 2 (got {min_spikes!r}).")
    times = np.asarray(spike_times, dtype=np.float64).ravel()
    neurons = np.asarray(spike_neurons).ravel().astype(np.int64)
    if times.shape != neurons.shape:
        raise ValueError(
            f"spike_times and spike_neurons must have the same length "
            f"(got {times.size:,} and {neurons.size:,})."
        )
    if neurons.size and (neurons.min() < 0 or neurons.max() >= n_neurons):
        raise ValueError(
            f"spike_neurons must be from 0 to {n_neurons - 1:,} "
            f"(got {neurons.min():,} .. {neurons.max():,})."
        )
    order = np.lexsort((times, neurons))
    times, neurons = times[order], neurons[order]
    counts = np.bincount(neurons, minlength=n_neurons)

    same = neurons[1:] == neurons[:-1]
    intervals = np.diff(times)[same]
    owner = neurons[1:][same]
    n_intervals = np.maximum(counts - 1, 1)
    mean = np.bincount(owner, weights=intervals, minlength=n_neurons) / n_intervals
    dev = intervals - mean[owner]
    std = np.sqrt(np.bincount(owner, weights=dev * dev, minlength=n_neurons) / n_intervals)

    cv = np.full(n_neurons, np.nan)
    ok = (counts >= min_spikes) & (mean > 0)
    cv[ok] = std[ok] / mean[ok]
    return cv


# -- conveniences on a SimulationResult ------------------------------------------------


def mean_rates_of(result: SimulationResult) -> tuple[float, float]:
    """:func:`mean_rates` of a run: excitatory and inhibitory mean rates, Hz."""
    cfg = result.config
    return mean_rates(result.spike_neurons, cfg.ne, cfg.ni, cfg.duration)


def population_rate_of(
    result: SimulationResult, bin_ms: int = 1
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`population_rate` of a run: (t_ms, rate_exc, rate_inh, rate_all), Hz."""
    cfg = result.config
    return population_rate(result.pop_counts, cfg.ne, cfg.ni, bin_ms)


def spectrum_of(result: SimulationResult, bin_ms: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """:func:`rate_spectrum` of a run's whole-population rate: (freq_hz, power)."""
    _, _, _, rate_all = population_rate_of(result, bin_ms)
    return rate_spectrum(rate_all, bin_ms)


def isi_cv_of(result: SimulationResult, min_spikes: int = 3) -> np.ndarray:
    """:func:`isi_cv` of every neuron of a run."""
    return isi_cv(result.spike_times, result.spike_neurons, result.config.n, min_spikes)


def summarize(result: SimulationResult) -> dict[str, Any]:
    """A run's headline numbers, as JSON-ready Python values.

    Parameters
    ----------
    result : SimulationResult

    Returns
    -------
    dict
        ``n_spikes`` (int); ``rate_exc_hz``, ``rate_inh_hz`` (float, Hz, mean
        rate per neuron); ``low_peak_hz``, ``gamma_peak_hz`` (float or None,
        Hz: peaks of the whole-population rate spectrum at 1 ms resolution in
        :data:`LOW_BAND` and :data:`GAMMA_BAND`); ``mean_isi_cv`` (float or
        None: mean ISI CV over neurons with at least 3 spikes);
        ``sim_seconds`` (float, wall-clock integration time, s).
    """
    rate_exc, rate_inh = mean_rates_of(result)
    freq, power = spectrum_of(result, bin_ms=1)
    cv = isi_cv_of(result)
    finite = cv[np.isfinite(cv)]
    return {
        "n_spikes": int(result.n_spikes),
        "rate_exc_hz": float(rate_exc),
        "rate_inh_hz": float(rate_inh),
        "low_peak_hz": band_peak(freq, power, LOW_BAND),
        "gamma_peak_hz": band_peak(freq, power, GAMMA_BAND),
        "mean_isi_cv": float(finite.mean()) if finite.size else None,
        "sim_seconds": float(result.sim_seconds),
    }
