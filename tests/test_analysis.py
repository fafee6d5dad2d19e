"""izhi_core.analysis on hand-computed cases, and the vectorised ISI CV against a loop."""

from __future__ import annotations

import json

import numpy as np
import pytest

from izhi_core.analysis import (
    GAMMA_BAND,
    LOW_BAND,
    band_peak,
    isi_cv,
    mean_rates,
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
    assert summary == {
        "n_spikes": 8 * 10 + 2 * 40,
        "rate_exc_hz": pytest.approx(10.0),
        "rate_inh_hz": pytest.approx(40.0),
        "low_peak_hz": 10.0,
        "gamma_peak_hz": 40.0,
        "mean_isi_cv": 0.0,
        "sim_seconds": 0.25,
    }
    json.dumps(summary)
    assert {type(v) for v in summary.values()} <= {int, float}
    assert type(summary["n_spikes"]) is int


def test_summarize_a_silent_network_has_no_peaks_and_no_cv():
    result = periodic_result(duration=50, exc_period=1000, inh_period=1000)  # one spike each
    summary = summarize(result)
    assert summary["n_spikes"] == 10
    assert summary["mean_isi_cv"] is None
    assert summary["low_peak_hz"] is None  # 50 ms: 20 Hz resolution, nothing in 4-13 Hz
    json.dumps(summary)
