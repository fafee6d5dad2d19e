"""Firing rates, population rate, its spectrum and spike-train regularity.

Plain numpy. The array functions take what they need (spike times in ms,
neuron indices, population sizes) so they can be checked on hand-computed
cases; the ``*_of`` conveniences and :func:`summarize` read a
:class:`~izhi_core.result.SimulationResult`.

Izhikevich (2003) reports alpha-like (about 10 Hz) and gamma-like (about
40 Hz) rhythms in the population activity of this network; the two bands
below are where :func:`summarize` looks for them, and :func:`find_peak` says
whether a band holds a peak at all (docs/analysis.md gives the criterion and
the runs its numbers come from).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .result import SimulationResult

LOW_BAND: tuple[float, float] = (4.0, 13.0)
"""Theta/alpha band of the population rate, Hz (inclusive)."""

GAMMA_BAND: tuple[float, float] = (25.0, 60.0)
"""Gamma band of the population rate, Hz (inclusive)."""

MS_PER_S = 1000.0

PEAK_TAPERS = 3
"""Sine tapers of the spectrum :func:`peaks_of` tests for peaks (6 degrees of freedom)."""

MIN_PROMINENCE = 4.0
"""A peak's power over the higher of its two flanks' median powers (6 dB)."""

PEAK_EXCLUSION_HZ = 3.0
"""Least half-width, Hz, of the stretch around a candidate that its flanks leave out."""

PEAK_EXCLUSION_FRACTION = 0.2
"""That half-width as a fraction of the candidate's frequency, where it is wider."""

PEAK_MIN_FLANK_HZ = 3.0
"""Least width, Hz, of each flank (below 12 Hz an octave is narrower)."""

MIN_RATE_FOR_PEAK_HZ = 0.5
"""Mean rate per neuron, Hz, below which :func:`peaks_of` reports no peak (silence)."""


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


def _check_tapers(tapers: Any) -> int | None:
    if tapers is None:
        return None
    if isinstance(tapers, bool) or not isinstance(tapers, (int, np.integer)) or not (
        1 <= tapers <= 100
    ):
        raise ValueError(f"tapers must be None or a whole number from 1 to 100 (got {tapers!r}).")
    return int(tapers)


@functools.lru_cache(maxsize=8)
def _sine_tapers(n: int, tapers: int) -> np.ndarray:
    # Kept: every change of the dashboard asks for the same few lengths, and the
    # sines cost as much as the FFTs.
    k = np.arange(1, tapers + 1, dtype=np.float64)[:, None]
    t = np.arange(1, n + 1, dtype=np.float64)[None, :]
    windows = np.sqrt(2.0 / (n + 1)) * np.sin(np.pi * k * t / (n + 1))
    windows.flags.writeable = False
    return windows


def rate_spectrum(
    rate_hz: np.ndarray, bin_ms: int, tapers: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """One-sided power spectral density of a population rate.

    Parameters
    ----------
    rate_hz : array_like of float, shape (n_bins,)
        Population rate sampled every ``bin_ms`` ms, Hz.
    bin_ms : int
        Sampling interval, ms; the sampling rate is ``1000 / bin_ms`` Hz.
    tapers : int or None, default None
        None: a Hann-windowed periodogram. K (1 to 100): the mean of the
        periodograms under the first K sine tapers (a multitaper estimate).

    Returns
    -------
    freq_hz : ndarray of float64, shape (n_bins // 2 + 1,)
        Frequencies, Hz, from 0 to the Nyquist frequency in steps of
        ``1000 / (n_bins * bin_ms)`` Hz (1 Hz for 1 s of data).
    power : ndarray of float64, same shape
        Power spectral density, Hz**2 / Hz.

    Notes
    -----
    The rate's mean is removed, each window is applied, ``np.fft.rfft`` taken,
    and the power scaled as a density (divided by the sampling rate and the
    window's energy) and folded to one side (all bins but 0 and Nyquist
    doubled). Fewer than two samples give power 0.

    The Hann window trades a little resolution for much less leakage, so a
    rhythm that falls between two frequency bins does not smear across the
    band; but each bin of one periodogram scatters like an exponential
    variable (2 degrees of freedom: its standard deviation equals its mean),
    so single bins stand out by chance. The sine tapers
    ``sqrt(2 / (n + 1)) * sin(pi * k * t / (n + 1))``, ``t = 1 .. n``, of
    Riedel and Sidorenko (1995, IEEE Trans. Signal Process. 43:188-195) are
    orthonormal, so K of them give K nearly independent periodograms: their
    mean has 2K degrees of freedom and a resolution of about
    ``(K + 1) / 2`` frequency bins either side.
    """
    bin_ms = _check_bin(bin_ms)
    tapers = _check_tapers(tapers)
    x = np.asarray(rate_hz, dtype=np.float64).ravel()
    n = x.size
    fs = MS_PER_S / bin_ms
    if n < 2:
        return np.zeros(n), np.zeros(n)
    freq = np.fft.rfftfreq(n, d=1.0 / fs)
    if tapers is None:
        window = np.hanning(n)
        spectrum = np.fft.rfft((x - x.mean()) * window)
        power = np.abs(spectrum) ** 2 / (fs * np.sum(window**2))
    else:
        spectra = np.fft.rfft((x - x.mean()) * _sine_tapers(n, tapers), axis=1)
        power = np.mean(np.abs(spectra) ** 2, axis=0) / fs  # each taper has energy 1
    power[1 : n // 2 + (n % 2)] *= 2.0  # Nyquist (even n) has no negative twin
    return freq, power


@dataclass(frozen=True)
class Peak:
    """A spectral peak that :func:`find_peak` found.

    Attributes
    ----------
    freq_hz : float
        Frequency of the peak, Hz.
    power : float
        Power spectral density there, Hz**2 / Hz.
    prominence : float
        ``power`` over the background (the higher of the two flanks' median
        powers); dimensionless, at least the ``min_prominence`` it passed.
    """

    freq_hz: float
    power: float
    prominence: float


def _local_maxima(pw: np.ndarray) -> np.ndarray:
    # Runs of equal values, so that a flat top (a noise-free line under the sine
    # tapers is three nearly equal bins) counts once, at its middle, as in
    # scipy.signal.find_peaks; a run at either end of the spectrum is no maximum.
    starts = np.flatnonzero(np.r_[True, pw[1:] != pw[:-1]])
    ends = np.r_[starts[1:] - 1, pw.size - 1]
    inner = (starts > 0) & (ends < pw.size - 1)
    starts, ends = starts[inner], ends[inner]
    rises = pw[starts - 1] < pw[starts]
    falls = pw[ends + 1] < pw[ends]
    return (starts + ends)[rises & falls] // 2


def _flank_slices(freq: np.ndarray, f0: np.ndarray) -> tuple[np.ndarray, ...]:
    # Index bounds [start, stop) of both flanks of every candidate at once: freq
    # increases, so searchsorted replaces four comparisons over the spectrum each.
    e = np.maximum(PEAK_EXCLUSION_HZ, PEAK_EXCLUSION_FRACTION * f0)
    w = PEAK_MIN_FLANK_HZ
    first_positive = np.searchsorted(freq, 0.0, side="right")
    left_start = np.maximum(np.searchsorted(freq, np.minimum(f0 / 2, f0 - e - w)), first_positive)
    left_stop = np.searchsorted(freq, f0 - e, side="right")
    right_start = np.searchsorted(freq, f0 + e)
    right_stop = np.searchsorted(freq, np.maximum(2 * f0, f0 + e + w), side="right")
    return left_start, left_stop, right_start, right_stop


def _median(x: np.ndarray) -> float:
    # a flank has tens of values: np.median's overhead per call would outweigh the sort
    s = np.sort(x)
    m = s.size // 2
    return float(s[m] if s.size % 2 else 0.5 * (s[m - 1] + s[m]))


def find_peak(
    freq_hz: np.ndarray,
    power: np.ndarray,
    band: tuple[float, float],
    *,
    min_prominence: float = MIN_PROMINENCE,
) -> Peak | None:
    """The most prominent real peak of a spectrum inside a band, or None.

    Parameters
    ----------
    freq_hz, power : array_like of float, shape (n_freq,)
        A spectrum on evenly spaced frequencies from 0 Hz, as
        :func:`rate_spectrum` returns it. The default ``min_prominence`` is
        calibrated for ``tapers=PEAK_TAPERS`` (see Notes).
    band : (float, float)
        Lower and upper edge, Hz; a peak must lie strictly between them.
    min_prominence : float, default :data:`MIN_PROMINENCE`
        Least ratio of the peak's power to its background (positive).

    Returns
    -------
    Peak or None
        The candidate with the highest prominence among those that pass, or
        None when none does.

    Notes
    -----
    A candidate is a frequency ``f0`` strictly inside the band (never a band
    edge) whose power is strictly greater than at both neighbouring
    frequencies (a flat top of equal powers counts once, at its middle, as in
    ``scipy.signal.find_peaks``). Around it, ``e = max(PEAK_EXCLUSION_HZ,
    PEAK_EXCLUSION_FRACTION * f0)`` either side is left out (3 Hz up to
    15 Hz, then a fifth of the frequency): the peak's own width, which is the
    tapers' resolution (about 2 Hz at 1 s) or, for the network's broader
    rhythms, grows with frequency. Its flanks are an octave either side
    beyond that, each at least :data:`PEAK_MIN_FLANK_HZ` wide: from
    ``min(f0 / 2, f0 - e - 3)`` to ``f0 - e`` (0 Hz left out) and from
    ``f0 + e`` to ``max(2 * f0, f0 + e + 3)`` Hz. The background is the
    higher of the two flanks' median powers, so a peak must stand above the
    spectrum on both sides: the band edge of a falling spectrum, a step or
    the edge of a broad plateau is not a peak. The prominence is
    ``power[f0] / background``; a candidate with an empty flank or a
    background of 0 is not judged. The tapers' flat top puts a line's
    maximum within 1 Hz of it (at 1 s), so a rhythm within 1 Hz of a band
    edge may land on the edge and go unreported.

    On the 3-taper spectrum of 1 s of Poisson population activity (no rhythm
    at all), the default 4.0 is passed by chance in 2.5 % of runs in 4-13 Hz
    and 3.2 % in 25-60 Hz; on a Hann periodogram of the same activity, in
    22 % and 65 % (its 95th percentiles are 7.7 and 9.3).
    """
    lo, hi = (float(b) for b in band)
    if not lo < hi:
        raise ValueError(f"band must be (low, high) with low < high, Hz (got {band!r}).")
    if isinstance(min_prominence, bool) or not (
        isinstance(min_prominence, (int, float, np.floating, np.integer))
        and np.isfinite(min_prominence)
        and min_prominence > 0
    ):
        raise ValueError(f"min_prominence must be a positive number (got {min_prominence!r}).")
    freq = np.asarray(freq_hz, dtype=np.float64).ravel()
    pw = np.asarray(power, dtype=np.float64).ravel()
    if freq.shape != pw.shape:
        raise ValueError(
            f"freq_hz and power must have the same length (got {freq.size:,} and {pw.size:,})."
        )
    if freq.size < 3:
        return None
    if np.any(np.diff(freq) <= 0):
        raise ValueError("freq_hz must increase from one frequency to the next.")
    peaks = _local_maxima(pw)
    peaks = peaks[(freq[peaks] > lo) & (freq[peaks] < hi)]
    best: Peak | None = None
    for i, l0, l1, r0, r1 in zip(peaks, *_flank_slices(freq, freq[peaks]), strict=True):
        if l1 <= l0 or r1 <= r0:
            continue
        background = max(_median(pw[l0:l1]), _median(pw[r0:r1]))
        if background <= 0:
            continue
        prominence = float(pw[i]) / background
        if prominence >= min_prominence and (best is None or prominence > best.prominence):
            best = Peak(float(freq[i]), float(pw[i]), prominence)
    return best


def band_peak(freq_hz: np.ndarray, power: np.ndarray, band: tuple[float, float]) -> float | None:
    """Frequency of maximum power inside a band: the band's argmax, not a peak.

    Every spectrum has a largest value in a band, at an edge of a falling one
    as readily as on a rhythm; :func:`find_peak` says whether there is a peak.
    It serves comparisons of two spectra's shapes (e.g. fast against
    exact mode over many seeds), where a number for every run is wanted.

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


def spike_arrays(
    spike_times: Any, spike_neurons: Any, n_neurons: int
) -> tuple[np.ndarray, np.ndarray]:
    """Spike times and neuron indices as flat arrays (int64 indices), checked to pair up
    and to name neurons from 0 to ``n_neurons - 1``; else a one-sentence ValueError."""
    times = np.asarray(spike_times).ravel()
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
    return times, neurons


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
    times, neurons = spike_arrays(spike_times, spike_neurons, n_neurons)
    times = times.astype(np.float64, copy=False)
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


def spectrum_of(
    result: SimulationResult, bin_ms: int = 1, tapers: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`rate_spectrum` of a run's whole-population rate: (freq_hz, power)."""
    _, _, _, rate_all = population_rate_of(result, bin_ms)
    return rate_spectrum(rate_all, bin_ms, tapers)


def peaks_of(result: SimulationResult, bin_ms: int = 1) -> tuple[Peak | None, Peak | None]:
    """The run's peaks in :data:`LOW_BAND` and :data:`GAMMA_BAND`, each a Peak or None.

    Parameters
    ----------
    result : SimulationResult
    bin_ms : int, default 1
        Bin width of the population rate, ms.

    Returns
    -------
    low, gamma : Peak or None
        :func:`find_peak` with its default prominence on the
        :data:`PEAK_TAPERS`-taper spectrum of the whole-population rate; both
        None when the mean rate per neuron is below
        :data:`MIN_RATE_FOR_PEAK_HZ` (a few hundred spikes in 1 s of the
        original script's network cannot carry a rhythm).
    """
    cfg = result.config
    n_neurons = cfg.ne + cfg.ni
    if n_neurons == 0 or result.n_spikes < MIN_RATE_FOR_PEAK_HZ * n_neurons * (
        cfg.duration / MS_PER_S
    ):
        return None, None
    freq, power = spectrum_of(result, bin_ms, tapers=PEAK_TAPERS)
    return find_peak(freq, power, LOW_BAND), find_peak(freq, power, GAMMA_BAND)


def isi_cv_of(result: SimulationResult, min_spikes: int = 3) -> np.ndarray:
    """:func:`isi_cv` of every neuron of a run."""
    return isi_cv(result.spike_times, result.spike_neurons, result.config.n, min_spikes)


def summarize(result: SimulationResult, isi: bool = False) -> dict[str, Any]:
    """A run's headline numbers, as JSON-ready Python values.

    Parameters
    ----------
    result : SimulationResult
    isi : bool, default False
        Also compute ``mean_isi_cv``. It sorts every spike by neuron, which
        costs more than the rest of the summary, and far more on a saturated
        network, so the dashboard's every change leaves it out
        (``bench/bench_core.py`` times both).

    Returns
    -------
    dict
        ``n_spikes`` (int); ``rate_exc_hz``, ``rate_inh_hz`` (float, Hz, mean
        rate per neuron); ``low_peak_hz``, ``gamma_peak_hz`` (float or None,
        Hz) and ``low_peak_prominence``, ``gamma_peak_prominence`` (float or
        None, dimensionless): the peaks of :func:`peaks_of` in
        :data:`LOW_BAND` and :data:`GAMMA_BAND`, None where there is none;
        ``sim_seconds`` (float, wall-clock integration time, s); with
        ``isi=True``, ``mean_isi_cv`` (float or None: mean ISI CV over neurons
        with at least 3 spikes).
    """
    rate_exc, rate_inh = mean_rates_of(result)
    low, gamma = peaks_of(result)
    summary: dict[str, Any] = {
        "n_spikes": int(result.n_spikes),
        "rate_exc_hz": float(rate_exc),
        "rate_inh_hz": float(rate_inh),
        "low_peak_hz": None if low is None else low.freq_hz,
        "low_peak_prominence": None if low is None else low.prominence,
        "gamma_peak_hz": None if gamma is None else gamma.freq_hz,
        "gamma_peak_prominence": None if gamma is None else gamma.prominence,
        "sim_seconds": float(result.sim_seconds),
    }
    if isi:
        cv = isi_cv_of(result)
        finite = cv[np.isfinite(cv)]
        summary["mean_isi_cv"] = float(finite.mean()) if finite.size else None
    return summary
