"""izhi_core.analysis on hand-computed cases, the vectorised ISI CV against a loop, and
the peak criterion on hand-built spectra and on real runs."""

from __future__ import annotations

import json

import numpy as np
import pytest

from izhi_core import Recording, simulate
from izhi_core.analysis import (
    GAMMA_BAND,
    LOW_BAND,
    MIN_PROMINENCE,
    PEAK_TAPERS,
    Peak,
    band_peak,
    find_peak,
    isi_cv,
    mean_rates,
    peaks_of,
    population_rate,
    rate_spectrum,
    summarize,
)
from izhi_core.config import NetworkConfig
from izhi_core.result import SimulationResult


def periodic_result(ne=8, ni=2, duration=1000, exc_period=100, inh_period=25) -> SimulationResult:
    """Every excitatory neuron fires every exc_period ms, every inhibitory one every inh_period."""
    cfg = NetworkConfig(ne=ne, ni=ni, duration=duration)
    spikes = [
        (t, n)
        for n in range(cfg.n)
        for t in range(0, duration, exc_period if n < ne else inh_period)
    ]
    spikes.sort()
    times = np.array([t for t, _ in spikes], dtype=np.int32)
    neurons = np.array([n for _, n in spikes], dtype=np.int32)
    pop = np.zeros((duration, 2), dtype=np.int32)
    np.add.at(pop, (times, (neurons >= ne).astype(int)), 1)
    empty = np.zeros((0, duration))
    return SimulationResult(
        config=cfg, spike_times=times, spike_neurons=neurons,
        trace_neurons=np.zeros(0, dtype=np.int64), v=empty, u=empty, current=empty,
        current_map=np.zeros((0, 0)), map_row_bin=1, map_col_bin=1, pop_counts=pop,
        build_seconds=0.01, sim_seconds=0.25,
    )


# -- mean_rates -----------------------------------------------------------------------


def test_mean_rates_of_a_small_spike_list():
    # 3 E spikes over 2 neurons and 3 I spikes over 1 neuron in 0.5 s.
    rate_e, rate_i = mean_rates(np.array([0, 0, 1, 2, 2, 2]), ne=2, ni=1, duration_ms=500)
    assert rate_e == pytest.approx(3.0)
    assert rate_i == pytest.approx(6.0)


@pytest.mark.parametrize(
    ("neurons", "ne", "ni", "expected"),
    [
        ([0, 1, 1], 0, 2, (0.0, 1.5)),  # no excitatory population
        ([0, 2], 3, 0, (2 / 3, 0.0)),  # no inhibitory population
        ([], 3, 2, (0.0, 0.0)),
    ],
)
def test_mean_rates_of_empty_populations_are_zero(neurons, ne, ni, expected):
    assert mean_rates(np.array(neurons, dtype=int), ne, ni, 1000) == pytest.approx(expected)


def test_mean_rates_rejects_a_non_positive_duration():
    with pytest.raises(ValueError, match="duration_ms"):
        mean_rates(np.array([0]), 1, 1, 0)


# -- population_rate ------------------------------------------------------------------


def test_population_rate_bins_and_drops_the_partial_bin():
    counts = np.array([[1, 0], [2, 1], [0, 0], [3, 2], [4, 4]])
    t, rate_e, rate_i, rate_all = population_rate(counts, ne=2, ni=1, bin_ms=2)
    # Bins [0, 2) and [2, 4); step 4 is a partial bin. 2 ms bins -> x 500 per neuron.
    np.testing.assert_array_equal(t, [0.0, 2.0])
    np.testing.assert_allclose(rate_e, [3 / 2 * 500, 3 / 2 * 500])
    np.testing.assert_allclose(rate_i, [1 * 500, 2 * 500])
    np.testing.assert_allclose(rate_all, [4 / 3 * 500, 5 / 3 * 500])


def test_population_rate_at_1_ms_is_counts_times_1000_per_neuron():
    counts = np.array([[4, 1], [0, 2], [2, 0]])
    t, rate_e, rate_i, rate_all = population_rate(counts, ne=4, ni=2)
    np.testing.assert_array_equal(t, [0, 1, 2])
    np.testing.assert_allclose(rate_e, [1000, 0, 500])
    np.testing.assert_allclose(rate_i, [500, 1000, 0])
    np.testing.assert_allclose(rate_all, np.array([5, 2, 2]) * 1000 / 6)


def test_population_rate_of_an_empty_population_is_zero():
    counts = np.array([[0, 3], [0, 1]])
    _, rate_e, rate_i, _ = population_rate(counts, ne=0, ni=2)
    np.testing.assert_array_equal(rate_e, [0.0, 0.0])
    np.testing.assert_allclose(rate_i, [1500, 500])


def test_population_rate_with_a_bin_longer_than_the_run_is_empty():
    t, rate_e, _, _ = population_rate(np.ones((3, 2)), ne=1, ni=1, bin_ms=5)
    assert t.size == 0 and rate_e.size == 0


@pytest.mark.parametrize("bin_ms", [0, -1, 1.5, True])
def test_population_rate_rejects_bad_bins(bin_ms):
    with pytest.raises(ValueError, match="bin_ms"):
        population_rate(np.ones((3, 2)), ne=1, ni=1, bin_ms=bin_ms)


# -- rate_spectrum and band_peak ------------------------------------------------------


def sinusoid(freq_hz, duration_ms=1000, bin_ms=1, mean=20.0, amplitude=3.0):
    t_s = np.arange(0, duration_ms, bin_ms) / 1000.0
    return mean + amplitude * np.sin(2 * np.pi * freq_hz * t_s)


def test_spectrum_frequencies_run_from_0_to_nyquist_in_1_hz_steps_for_1_s():
    freq, power = rate_spectrum(sinusoid(10), bin_ms=1)
    assert freq.shape == power.shape == (501,)
    assert freq[0] == 0.0 and freq[-1] == 500.0
    np.testing.assert_allclose(np.diff(freq), 1.0)


def test_a_10_hz_rate_peaks_at_10_hz_in_the_low_band():
    freq, power = rate_spectrum(sinusoid(10), bin_ms=1)
    assert band_peak(freq, power, LOW_BAND) == pytest.approx(10.0, abs=1.0)
    assert freq[np.argmax(power)] == 10.0


def test_a_40_hz_rate_peaks_at_40_hz_in_the_gamma_band():
    freq, power = rate_spectrum(sinusoid(40, bin_ms=2), bin_ms=2)
    assert band_peak(freq, power, GAMMA_BAND) == pytest.approx(40.0, abs=1.0)
    assert freq[-1] == 250.0  # Nyquist of 2 ms bins


def test_spectrum_is_a_one_sided_density():
    # The integral of a density is the variance: A**2 / 2 for a sinusoid of amplitude A.
    freq, power = rate_spectrum(sinusoid(37, amplitude=3.0), bin_ms=1)
    assert np.sum(power) * (freq[1] - freq[0]) == pytest.approx(4.5, rel=0.02)


def test_spectrum_removes_the_mean():
    freq, power = rate_spectrum(np.full(200, 12.5), bin_ms=1)
    assert np.all(power < 1e-20)
    assert band_peak(freq, power, LOW_BAND) is None


def test_spectrum_of_fewer_than_two_samples_is_zero():
    freq, power = rate_spectrum(np.array([3.0]), bin_ms=1)
    np.testing.assert_array_equal(power, [0.0])
    assert rate_spectrum(np.array([]), bin_ms=1)[0].size == 0


def test_band_peak_edges_are_inclusive():
    freq = np.array([0.0, 4.0, 13.0, 20.0])
    assert band_peak(freq, np.array([0.0, 1.0, 5.0, 9.0]), LOW_BAND) == 13.0
    assert band_peak(freq, np.array([0.0, 7.0, 5.0, 9.0]), LOW_BAND) == 4.0


@pytest.mark.parametrize("band", [(600.0, 700.0), (10.2, 10.8)])
def test_band_peak_without_frequencies_in_the_band_is_none(band):
    freq, power = rate_spectrum(sinusoid(10), bin_ms=1)
    assert band_peak(freq, power, band) is None


def test_band_peak_of_zero_power_is_none():
    freq = np.arange(20.0)
    power = np.zeros(20)
    power[2] = 1.0  # outside the band
    assert band_peak(freq, power, LOW_BAND) is None


def test_sine_tapers_are_a_one_sided_density_too():
    freq, power = rate_spectrum(sinusoid(37, amplitude=3.0), bin_ms=1, tapers=3)
    assert np.sum(power) * (freq[1] - freq[0]) == pytest.approx(4.5, rel=0.02)
    assert freq[np.argmax(power)] == pytest.approx(37.0, abs=1.0)


def test_tapers_none_is_the_hann_periodogram():
    x = sinusoid(10) + np.random.default_rng(3).normal(0, 1, 1000)
    for a, b in zip(rate_spectrum(x, 1), rate_spectrum(x, 1, None), strict=True):
        np.testing.assert_array_equal(a, b)


def test_more_tapers_scatter_less():
    # white noise: each periodogram bin is exponential (sd = mean); K tapers: sd = mean / sqrt(K)
    x = np.random.default_rng(4).normal(0, 1, (1, 4000)).ravel()
    for tapers, expected in ((None, 1.0), (1, 1.0), (3, 1 / np.sqrt(3)), (8, 1 / np.sqrt(8))):
        _, power = rate_spectrum(x, 1, tapers)
        inner = power[10:-10]
        assert inner.std() / inner.mean() == pytest.approx(expected, rel=0.1)


@pytest.mark.parametrize("tapers", [0, 101, 2.0, True, "3"])
def test_rate_spectrum_rejects_bad_tapers(tapers):
    with pytest.raises(ValueError, match="tapers"):
        rate_spectrum(sinusoid(10), 1, tapers)


# -- find_peak on hand-built spectra ----------------------------------------------------


def flat(level=1.0, n=501):
    """A flat spectrum on 0 .. n-1 Hz (1 Hz steps)."""
    return np.arange(n, dtype=np.float64), np.full(n, level)


def test_a_bump_on_a_flat_spectrum_is_a_peak_of_its_height():
    freq, power = flat()
    power[8] = 6.0
    assert find_peak(freq, power, LOW_BAND) == Peak(8.0, 6.0, 6.0)
    assert find_peak(freq, power, LOW_BAND, min_prominence=6.0) == Peak(8.0, 6.0, 6.0)
    assert find_peak(freq, power, LOW_BAND, min_prominence=6.5) is None
    assert find_peak(freq, power, GAMMA_BAND) is None


def test_a_peak_must_stand_out_by_the_stated_factor():
    freq, power = flat()
    power[40] = 0.99 * MIN_PROMINENCE
    assert find_peak(freq, power, GAMMA_BAND) is None
    power[40] = MIN_PROMINENCE
    assert find_peak(freq, power, GAMMA_BAND).prominence == MIN_PROMINENCE


@pytest.mark.parametrize("f0", [6.0, 8.0, 11.0, 27.0, 40.0, 58.0])
def test_a_sinusoid_in_poisson_noise_is_found_at_its_frequency(f0):
    # 1,000 neurons at 5 Hz, their rate modulated by 30 % at f0: 1 s, 1 ms bins. The
    # tapers' flat top puts the maximum within 1 Hz of f0; within 1 Hz of a band edge it
    # may land on the edge and go unreported (5, 26, 59 Hz: about one run in five).
    rng = np.random.default_rng(int(f0))
    t_s = np.arange(1000) / 1000.0
    counts = rng.poisson(5.0 * (1 + 0.3 * np.sin(2 * np.pi * f0 * t_s)))
    freq, power = rate_spectrum(counts * 1.0, 1, PEAK_TAPERS)
    peak = find_peak(freq, power, LOW_BAND if f0 < 20 else GAMMA_BAND)
    assert peak is not None and abs(peak.freq_hz - f0) <= 1.0
    assert peak.prominence >= MIN_PROMINENCE


def test_poisson_activity_rarely_shows_a_peak():
    # The calibration of MIN_PROMINENCE (docs/analysis.md): on 1 s of rhythm-free Poisson
    # activity, 2.5 % of runs show a 4-13 Hz peak and 3.2 % a 25-60 Hz one. Here 400 runs
    # of a fixed generator; a Hann periodogram would show one in 22 % and 65 %.
    rng = np.random.default_rng(0)
    found = np.zeros(2)
    for _ in range(400):
        freq, power = rate_spectrum(rng.poisson(5.0, 1000) * 1.0, 1, PEAK_TAPERS)
        found += [find_peak(freq, power, band) is not None for band in (LOW_BAND, GAMMA_BAND)]
    assert np.all(found / 400 < 0.05)


def test_a_1_over_f_spectrum_has_no_peak():
    freq = np.arange(501.0)
    power = np.r_[0.0, 1.0 / freq[1:]]
    assert find_peak(freq, power, LOW_BAND) is None
    assert find_peak(freq, power, GAMMA_BAND) is None
    # nor with the scatter of a 3-taper estimate on it (chi-squared, 6 degrees of freedom)
    rng = np.random.default_rng(1)
    noisy = [power * rng.chisquare(6, power.size) / 6 for _ in range(200)]
    assert sum(find_peak(freq, p, GAMMA_BAND) is not None for p in noisy) < 10


@pytest.mark.parametrize("edge", [4, 13])
def test_a_maximum_at_a_band_edge_is_no_peak(edge):
    freq, power = flat(0.1)
    power[edge] = 10.0  # a real local maximum, but on the edge, not inside the band
    assert find_peak(freq, power, LOW_BAND) is None
    power[edge + (1 if edge == 4 else -1)] = 10.5  # just inside: a peak
    assert find_peak(freq, power, LOW_BAND) is not None


def test_the_band_edge_of_a_falling_or_rising_spectrum_is_no_peak():
    freq = np.arange(501.0)
    falling = np.r_[0.0, 100.0 / freq[1:] ** 2]
    rising = np.r_[np.linspace(0.1, 10.0, 15), np.full(486, 0.1)]  # up to 14 Hz, then low
    for power in (falling, rising):
        assert band_peak(freq, power, LOW_BAND) in (4.0, 13.0)  # the old answer
        assert find_peak(freq, power, LOW_BAND) is None


def test_the_edge_of_a_plateau_is_no_peak():
    # the default run's 20-42 Hz plateau in miniature: high on one side, low on the other
    freq = np.arange(501.0)
    power = np.where((freq >= 20) & (freq <= 42), 1.0, 0.1)
    power[41] = 1.5  # a local maximum 15 times the right flank, but not above the left
    assert find_peak(freq, power, GAMMA_BAND) is None


def test_a_flat_top_counts_once_at_its_middle():
    freq, power = flat()
    power[7:10] = 5.0  # 7, 8, 9 Hz equal
    assert find_peak(freq, power, LOW_BAND) == Peak(8.0, 5.0, 5.0)
    power[40:42] = 5.0  # an even run: its lower middle
    assert find_peak(freq, power, GAMMA_BAND).freq_hz == 40.0


def test_the_most_prominent_of_two_peaks_is_reported():
    freq, power = flat()
    power[30], power[50] = 5.0, 8.0
    assert find_peak(freq, power, GAMMA_BAND).freq_hz == 50.0


@pytest.mark.parametrize("level", [0.0, 1.0])
def test_a_flat_spectrum_has_no_peak(level):
    freq, power = flat(level)
    assert find_peak(freq, power, LOW_BAND) is None
    assert find_peak(freq, power, GAMMA_BAND) is None


def test_a_peak_over_a_zero_background_is_not_judged():
    freq, power = flat(0.0)
    power[8] = 1.0
    assert find_peak(freq, power, LOW_BAND) is None


def slow_find_peak(freq, power, band, min_prominence=MIN_PROMINENCE):
    """find_peak as its docstring says it, one run of equal powers at a time."""
    lo, hi = band
    best, n, start = None, len(freq), 0
    while start < n:
        stop = start  # the run of equal powers power[start .. stop]
        while stop + 1 < n and power[stop + 1] == power[start]:
            stop += 1
        m = (start + stop) // 2
        f0 = freq[m]
        is_max = start > 0 and stop < n - 1 and power[start - 1] < power[m] > power[stop + 1]
        if is_max and lo < f0 < hi:
            e = max(3.0, f0 / 5)
            pairs = list(zip(freq, power, strict=True))
            left = [p for f, p in pairs if 0 < f and min(f0 / 2, f0 - e - 3) <= f <= f0 - e]
            right = [p for f, p in pairs if f0 + e <= f <= max(2 * f0, f0 + e + 3)]
            if left and right and max(np.median(left), np.median(right)) > 0:
                prominence = power[m] / max(np.median(left), np.median(right))
                if prominence >= min_prominence and (best is None or prominence > best.prominence):
                    best = Peak(float(f0), float(power[m]), float(prominence))
        start = stop + 1
    return best


def test_find_peak_matches_a_one_frequency_at_a_time_loop():
    rng = np.random.default_rng(11)
    found = 0
    for trial in range(60):
        n = int(rng.integers(20, 300))
        df = float(rng.choice([0.5, 1.0, 2.0]))
        freq = np.arange(n) * df
        power = rng.chisquare(6, n) / 6 * (1 + 10 * (rng.random(n) < 0.05))
        if trial % 3 == 0:
            power = np.round(power, 1)  # flat tops
        for band in (LOW_BAND, GAMMA_BAND, (10.0, 100.0)):
            for min_prominence in (1.0, MIN_PROMINENCE):
                fast = find_peak(freq, power, band, min_prominence=min_prominence)
                slow = slow_find_peak(freq, power, band, min_prominence)
                assert (fast is None) == (slow is None)
                if fast is not None:
                    assert fast.freq_hz == slow.freq_hz and fast.power == slow.power
                    assert fast.prominence == pytest.approx(slow.prominence, rel=1e-12)
                    found += 1
    assert found > 100  # the comparison saw peaks, not only Nones


def test_find_peak_of_too_short_a_spectrum_is_none():
    assert find_peak(np.array([0.0, 1.0]), np.array([0.0, 1.0]), LOW_BAND) is None
    assert find_peak(np.array([]), np.array([]), LOW_BAND) is None


def test_find_peak_rejects_bad_input():
    freq, power = flat()
    with pytest.raises(ValueError, match="band"):
        find_peak(freq, power, (13.0, 4.0))
    for bad in (0, -1.0, float("nan"), float("inf"), True, "4"):
        with pytest.raises(ValueError, match="min_prominence"):
            find_peak(freq, power, LOW_BAND, min_prominence=bad)
    with pytest.raises(ValueError, match="same length"):
        find_peak(freq, power[:-1], LOW_BAND)
    with pytest.raises(ValueError, match="increase"):
        find_peak(freq[::-1], power, LOW_BAND)


def test_a_peak_is_frozen():
    peak = Peak(8.0, 1.0, 5.0)
    with pytest.raises(AttributeError):
        peak.freq_hz = 9.0


# -- isi_cv ---------------------------------------------------------------------------


def test_isi_cv_hand_computed():
    spikes = [
        (0, 0), (10, 0), (20, 0), (30, 0),  # regular: CV 0
        (5, 1), (6, 1), (9, 1),  # intervals 1, 3: mean 2, std 1 -> CV 0.5
        (3, 2), (8, 2),  # two spikes: below min_spikes
    ]  # neuron 3 never fires
    order = np.random.default_rng(1).permutation(len(spikes))  # any order in
    times = np.array([spikes[i][0] for i in order])
    neurons = np.array([spikes[i][1] for i in order])
    cv = isi_cv(times, neurons, n_neurons=4)
    assert cv.shape == (4,)
    assert cv[0] == 0.0
    assert cv[1] == pytest.approx(0.5)
    assert np.isnan(cv[2]) and np.isnan(cv[3])
    cv2 = isi_cv(times, neurons, n_neurons=4, min_spikes=2)
    assert cv2[2] == 0.0 and np.isnan(cv2[3])


def test_isi_cv_matches_a_per_neuron_loop():
    rng = np.random.default_rng(7)
    n = 40
    neurons = rng.integers(0, n, 2_000)
    times = rng.permutation(10_000)[:2_000]  # distinct times
    cv = isi_cv(times, neurons, n, min_spikes=3)
    for k in range(n):
        own = np.sort(times[neurons == k]).astype(float)
        if own.size < 3:
            assert np.isnan(cv[k])
        else:
            d = np.diff(own)
            assert cv[k] == pytest.approx(d.std() / d.mean(), rel=1e-12)


def test_isi_cv_of_no_spikes_is_all_nan():
    cv = isi_cv(np.array([], dtype=int), np.array([], dtype=int), 3)
    assert cv.shape == (3,) and np.all(np.isnan(cv))
    assert isi_cv(np.array([]), np.array([]), 0).shape == (0,)


def test_isi_cv_rejects_bad_input():
    with pytest.raises(ValueError, match="spike_neurons"):
        isi_cv(np.array([1, 2]), np.array([0, 5]), n_neurons=5)
    with pytest.raises(ValueError, match="same length"):
        isi_cv(np.array([1, 2]), np.array([0]), n_neurons=5)
    with pytest.raises(ValueError, match="min_spikes"):
        isi_cv(np.array([1, 2]), np.array([0, 0]), n_neurons=5, min_spikes=1)


# -- summarize ------------------------------------------------------------------------


def test_summarize_a_periodic_network():
    result = periodic_result()  # E at 10 Hz, I at 40 Hz, all regular
    summary = summarize(result)
    prominences = {k: summary.pop(k) for k in ("low_peak_prominence", "gamma_peak_prominence")}
    assert summary == {
        "n_spikes": 8 * 10 + 2 * 40,
        "rate_exc_hz": pytest.approx(10.0),
        "rate_inh_hz": pytest.approx(40.0),
        "low_peak_hz": 10.0,
        "gamma_peak_hz": 40.0,
        "sim_seconds": 0.25,
    }
    # pulse trains: lines at the harmonics, only the tapers' leakage between them
    assert all(type(v) is float and v > 10 for v in prominences.values())  # 52, 20
    json.dumps(summary)
    assert {type(v) for v in summary.values()} <= {int, float}
    assert type(summary["n_spikes"]) is int


def test_summarize_computes_the_isi_cv_only_when_asked():
    result = periodic_result()
    assert "mean_isi_cv" not in summarize(result)
    summary = summarize(result, isi=True)
    assert summary["mean_isi_cv"] == 0.0
    assert {k: v for k, v in summary.items() if k != "mean_isi_cv"} == summarize(result)


def test_summarize_a_silent_network_has_no_peaks_and_no_cv():
    result = periodic_result(duration=50, exc_period=1000, inh_period=1000)  # one spike each
    summary = summarize(result, isi=True)
    assert summary["n_spikes"] == 10
    assert summary["mean_isi_cv"] is None
    assert summary["low_peak_hz"] is None and summary["low_peak_prominence"] is None
    assert summary["gamma_peak_hz"] is None and summary["gamma_peak_prominence"] is None
    json.dumps(summary)


def test_peaks_of_a_quiet_run_are_none_before_any_spectrum():
    # 10 neurons at 10 Hz among 5,000: 0.02 Hz per neuron, far below 0.5 Hz, although the
    # spectrum alone would show the rhythm
    result = periodic_result(ne=8, ni=2, exc_period=100, inh_period=100)
    quiet = SimulationResult(**{**vars(result), "config": NetworkConfig(ne=8, ni=4_992)})
    assert peaks_of(result)[0] is not None
    assert peaks_of(quiet) == (None, None)


# -- peaks of real runs ---------------------------------------------------------------
# Exact mode is spike-for-spike reproducible, so these are the runs docs/analysis.md
# describes; the expectations are the criterion's, with the observed values in comments.


def run(**changes):
    return simulate(NetworkConfig(**changes), Recording(neurons=(), map_rows=0))


@pytest.fixture(scope="module")
def default_seeds():
    return {seed: peaks_of(run(seed=seed)) for seed in range(11)}


def test_the_default_run_has_its_8_hz_rhythm_and_no_gamma_peak(default_seeds):
    low, gamma = default_seeds[0]
    assert low.freq_hz == 8.0 and low.prominence > 2 * MIN_PROMINENCE  # observed 11.8
    # 20-42 Hz is a broad plateau (3 dB over 11-19 Hz in a 20 s average), not a peak;
    # the old argmax put a peak at its band edge, 26 Hz
    assert gamma is None


def test_the_default_rhythm_is_found_in_most_seeds(default_seeds):
    # observed: all of seeds 0-10 at 8 or 9 Hz, prominence 4.5 (seed 4) to 12.2
    lows = [low for low, _ in default_seeds.values()]
    assert sum(low is not None and 7.0 <= low.freq_hz <= 9.0 for low in lows) >= 10
    assert sum(gamma is None for _, gamma in default_seeds.values()) >= 10  # observed: 11


@pytest.mark.parametrize(
    "changes",
    [
        dict(exc_noise=0, inh_noise=0),  # silent: 0 spikes
        dict(exc_noise=1),  # 353 spikes, all inhibitory: below 0.5 Hz per neuron
        dict(exc_weight=2),  # saturated, 990 Hz: the old argmax gave both band edges
        dict(exc_type="CH"),  # saturated, 629 Hz: the old argmax gave 11 and 26 Hz
        dict(exc_weight=0.1, inh_weight=0.1),  # S4: asynchronous, 5 Hz
    ],
    ids=["silent", "exc_noise_1", "exc_weight_2", "chattering", "S4"],
)
def test_silent_saturated_and_asynchronous_runs_have_no_peaks(changes):
    assert peaks_of(run(**changes)) == (None, None)


def test_a_real_gamma_rhythm_is_found():
    # S1 (0.6 / 1.6): a gamma hump at 33-42 Hz, 8-10 dB over its flanks in a 20 s average
    low, gamma = peaks_of(run(exc_weight=0.6, inh_weight=1.6))
    assert low.freq_hz == 8.0
    assert 35.0 <= gamma.freq_hz <= 45.0 and gamma.prominence >= MIN_PROMINENCE  # 39 Hz, 5.1
