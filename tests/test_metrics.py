"""izhi_core.metrics on hand-built spike trains, against a dense twin, and on real runs."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from izhi_core import NetworkConfig, Recording, simulate
from izhi_core.analysis import Peak, summarize
from izhi_core.metrics import (
    BURST_CV,
    BURST_SYNCHRONY,
    REGIMES,
    RUNAWAY_RATE_HZ,
    SILENT_RATE_HZ,
    mean_isi_cv,
    regime,
    run_metrics,
    synchrony_index,
)


def poisson_trains(rng, n_neurons, rate_hz, duration_ms):
    """Independent Poisson spike trains: (times in ms, neurons), sorted by neuron."""
    counts = rng.poisson(rate_hz * duration_ms / 1000.0, n_neurons)
    times = np.concatenate([np.sort(rng.uniform(0, duration_ms, c)) for c in counts])
    return times, np.repeat(np.arange(n_neurons), counts)


def dense_chi2(times, neurons, n_neurons, duration_ms, bin_ms):
    """synchrony_index's formula on the full neurons x bins count matrix."""
    n_bins = int(duration_ms // bin_ms)
    x = np.zeros((n_neurons, n_bins))
    for t, k in zip(times, neurons, strict=True):
        if int(t // bin_ms) < n_bins:
            x[k, int(t // bin_ms)] += 1
    x = x[x.sum(axis=1) > 0]
    return x.mean(axis=0).var() / x.var(axis=1).mean()


# -- synchrony_index ------------------------------------------------------------------


def test_perfectly_synchronous_neurons_have_synchrony_1():
    rng = np.random.default_rng(0)
    shared = np.sort(rng.choice(1000, 40, replace=False))  # irregular, but common to all
    n = 50
    times = np.tile(shared, n)
    neurons = np.repeat(np.arange(n), shared.size)
    assert synchrony_index(times, neurons, n, 1000) == pytest.approx(1.0, abs=1e-12)
    # a jitter inside the 5 ms bins changes nothing
    jittered = (times // 5) * 5 + rng.integers(0, 5, times.size)
    assert synchrony_index(jittered, neurons, n, 1000) == pytest.approx(1.0, abs=1e-12)


def test_independent_poisson_neurons_have_synchrony_near_1_over_n():
    # chi**2 of M independent neurons is 1/M in expectation; over 50 draws of 200 neurons
    # at 10 Hz for 10 s, M * chi**2 stayed in 0.95-1.08
    rng = np.random.default_rng(1)
    times, neurons = poisson_trains(rng, 200, 10.0, 10_000)
    chi2 = synchrony_index(times, neurons, 200, 10_000)
    assert chi2 == pytest.approx(1 / 200, rel=0.2)
    assert chi2 < 0.01  # "about 0"


def test_synchrony_matches_the_dense_formula():
    rng = np.random.default_rng(2)
    for bin_ms in (1, 5, 7):
        times, neurons = poisson_trains(rng, 30, 20.0, 503)
        # half of them also share a volley every 50 ms
        volley = np.repeat(np.arange(0, 500, 50), 15)
        times = np.r_[times, volley + rng.integers(0, 3, volley.size)]
        neurons = np.r_[neurons, np.tile(np.arange(15), 10)]
        expected = dense_chi2(times, neurons, 40, 503, bin_ms)  # 10 neurons never fire
        assert synchrony_index(times, neurons, 40, 503, bin_ms) == pytest.approx(expected)
        assert 0.05 < expected < 0.9


def test_silent_neurons_do_not_change_synchrony():
    rng = np.random.default_rng(3)
    times, neurons = poisson_trains(rng, 20, 30.0, 1000)
    assert synchrony_index(times, neurons, 20, 1000) == synchrony_index(times, neurons, 500, 1000)


def test_synchrony_drops_the_last_partial_bin():
    # neuron 0 and 1 fire together at 0-4 ms; their spikes at 10-11 ms lie in a partial bin
    times = np.array([1, 1, 6, 10, 11])
    neurons = np.array([0, 1, 0, 0, 1])
    assert synchrony_index(times, neurons, 2, 12) == synchrony_index(times[:3], neurons[:3], 2, 10)


@pytest.mark.parametrize(
    ("times", "neurons"),
    [
        ([], []),  # nobody fired
        ([1, 9, 17], [0, 0, 0]),  # one neuron
        ([0, 0, 5, 5], [0, 1, 0, 1]),  # two neurons, one spike in every bin: no variance
    ],
)
def test_synchrony_without_two_varying_neurons_is_nan(times, neurons):
    assert math.isnan(synchrony_index(np.array(times), np.array(neurons, dtype=int), 3, 10))


def test_synchrony_rejects_bad_input():
    t, k = np.array([1, 2]), np.array([0, 1])
    with pytest.raises(ValueError, match="bin_ms"):
        synchrony_index(t, k, 2, 100, bin_ms=0)
    with pytest.raises(ValueError, match="duration_ms"):
        synchrony_index(t, k, 2, 0)
    with pytest.raises(ValueError, match="spike_neurons"):
        synchrony_index(t, np.array([0, 2]), 2, 100)
    with pytest.raises(ValueError, match="same length"):
        synchrony_index(t, k[:1], 2, 100)


# -- mean_isi_cv ----------------------------------------------------------------------


def test_a_regular_neuron_has_cv_0():
    times = np.arange(0, 1000, 25)
    assert mean_isi_cv(times, np.zeros(times.size, dtype=int), 1) == 0.0


def test_poisson_neurons_have_cv_near_1():
    # ~100 intervals each: the ddof=0 CV of exponential intervals is a little below 1
    rng = np.random.default_rng(4)
    times, neurons = poisson_trains(rng, 100, 10.0, 10_000)
    assert mean_isi_cv(times, neurons, 100) == pytest.approx(1.0, abs=0.05)


def test_mean_isi_cv_averages_the_neurons_with_enough_spikes():
    # neuron 0 regular (CV 0), neuron 1 intervals 1 and 3 (CV 0.5), neuron 2 two spikes
    times = np.array([0, 10, 20, 30, 5, 6, 9, 3, 8])
    neurons = np.array([0, 0, 0, 0, 1, 1, 1, 2, 2])
    assert mean_isi_cv(times, neurons, 4) == pytest.approx(0.25)
    assert math.isnan(mean_isi_cv(np.array([3, 8]), np.array([2, 2]), 4))


# -- regime ---------------------------------------------------------------------------

QUIET = (None, None)
ALPHA = (Peak(8.0, 1.0, 10.0), None)


@pytest.mark.parametrize(
    ("rates", "peaks", "synchrony", "cv", "expected"),
    [
        ((0.0, 0.0), QUIET, math.nan, math.nan, "silent"),
        ((0.49, 0.3), ALPHA, 0.9, 3.0, "silent"),  # silence first
        ((0.0, 1.7), QUIET, 0.01, 0.39, "asynchronous irregular"),  # exc_noise=1
        ((91.0, 97.0), QUIET, 0.99, 4.1, "synchronous bursting"),  # exc 0.5, inh 0
        ((238.0, 151.0), ALPHA, 0.80, 2.6, "synchronous bursting"),  # IB: bursts beat rate
        ((990.0, 990.0), QUIET, 0.996, 0.003, "runaway"),  # every neuron every ms
        ((629.0, 418.0), QUIET, 0.50, 0.59, "runaway"),  # chattering, not in bursts
        ((7.6, 7.3), ALPHA, 0.03, 0.37, "oscillatory"),  # the default run
        ((7.4, 7.3), (None, 39.0), 0.02, 0.37, "oscillatory"),  # a gamma peak, as a float
        ((5.4, 2.8), QUIET, 0.001, 0.39, "asynchronous irregular"),  # S4
    ],
)
def test_regime_labels(rates, peaks, synchrony, cv, expected):
    assert regime(rates, peaks, synchrony, cv) == expected


def test_regime_thresholds_are_where_the_docs_say():
    assert (SILENT_RATE_HZ, RUNAWAY_RATE_HZ, BURST_SYNCHRONY, BURST_CV) == (0.5, 100.0, 0.5, 1.0)
    assert regime((SILENT_RATE_HZ, 0.0), QUIET, 0.0, 0.0) == "asynchronous irregular"
    assert regime((RUNAWAY_RATE_HZ, 0.0), QUIET, 0.0, 0.0) == "asynchronous irregular"
    assert regime((0.0, RUNAWAY_RATE_HZ + 0.1), QUIET, 0.0, 0.0) == "runaway"
    assert regime((50.0, 50.0), QUIET, BURST_SYNCHRONY, BURST_CV) == "synchronous bursting"
    assert regime((50.0, 50.0), QUIET, BURST_SYNCHRONY, 0.99) == "asynchronous irregular"
    assert regime((50.0, 50.0), QUIET, 0.49, BURST_CV) == "asynchronous irregular"
    assert set(REGIMES) == {
        "silent", "synchronous bursting", "runaway", "oscillatory", "asynchronous irregular"}


# -- run_metrics on real runs ---------------------------------------------------------


def run(**changes):
    return simulate(NetworkConfig(**changes), Recording(neurons=(), map_rows=0))


KEYS = {
    "n_spikes", "rate_exc_hz", "rate_inh_hz", "low_peak_hz", "low_peak_prominence",
    "gamma_peak_hz", "gamma_peak_prominence", "synchrony", "mean_isi_cv", "regime",
}


def test_run_metrics_of_the_default_run():
    result = run()
    m = run_metrics(result)
    assert set(m) == KEYS
    json.dumps(m, allow_nan=False)
    assert m["n_spikes"] == 7598 and m["regime"] == "oscillatory"
    assert m["low_peak_hz"] == 8.0 and m["gamma_peak_hz"] is None
    assert m["synchrony"] == pytest.approx(0.032, abs=0.001)  # 32 times 1/N
    assert m["mean_isi_cv"] == pytest.approx(0.374, abs=0.001)  # noise-driven RS: regular
    shared = summarize(result, isi=True)
    assert {k: m[k] for k in shared.keys() & m.keys()} == {
        k: shared[k] for k in shared.keys() & m.keys()}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (dict(exc_noise=0, inh_noise=0), "silent"),
        (dict(exc_weight=0.1, inh_weight=0.1), "asynchronous irregular"),  # S4
        (dict(exc_weight=0.6, inh_weight=1.6), "oscillatory"),  # S1: 8 and 39 Hz
        (dict(exc_weight=0.6, inh_weight=0.6), "synchronous bursting"),  # S2: chi2 0.98, CV 3.7
        (dict(exc_weight=2), "runaway"),  # 990 Hz
        (dict(exc_type="CH"), "runaway"),  # 629 Hz, CV 0.59
    ],
    ids=["silent", "S4", "S1", "S2", "exc_weight_2", "chattering"],
)
def test_regimes_of_real_runs(changes, expected):
    m = run_metrics(run(**changes))
    assert m["regime"] == expected
    json.dumps(m, allow_nan=False)


def test_a_silent_run_has_no_synchrony_or_cv():
    m = run_metrics(run(exc_noise=0, inh_noise=0))
    assert m["n_spikes"] == 0 and m["synchrony"] is None and m["mean_isi_cv"] is None
