"""Exact mode against the original script: spike for spike, bit for bit."""

from pathlib import Path

import numpy as np
import pytest

from izhi_core import NetworkConfig, Recording, simulate
from izhi_core.network import draws_bytes, legacy_draws
from izhi_core.presets import NEURON_TYPES, WEIGHT_SCENARIOS
from izhi_core.result import SPIKE_PEAK_MV
from reference import original_loop

FIXTURE = Path(__file__).parent / "data" / "original_default.npz"


def firings(result):
    return np.column_stack((result.spike_times, result.spike_neurons)).astype(np.int64)


@pytest.fixture(scope="module")
def original_run():
    return np.load(FIXTURE)


@pytest.fixture(scope="module")
def default_result():
    return simulate(NetworkConfig(), Recording(neurons=(1, 811)))


def test_default_run_matches_the_original_scripts_firings(original_run, default_result):
    assert len(original_run["firings"]) == 7598
    np.testing.assert_array_equal(firings(default_result), original_run["firings"])


def test_default_rates_are_the_original_scripts(default_result):
    e = np.count_nonzero(default_result.spike_neurons < 800) / 800
    i = np.count_nonzero(default_result.spike_neurons >= 800) / 202
    assert (round(e, 2), round(i, 2)) == (7.64, 7.35)


def test_traces_are_the_original_scripts_except_spike_peaks(original_run, default_result):
    r = default_result
    np.testing.assert_array_equal(r.trace_neurons, original_run["neurons"])
    np.testing.assert_array_equal(r.u, original_run["u"])
    np.testing.assert_array_equal(r.current, original_run["current"])
    spiking = np.zeros_like(r.v, dtype=bool)
    for row, neuron in enumerate(r.trace_neurons):
        spiking[row, r.spike_times[r.spike_neurons == neuron]] = True
    assert spiking.sum() > 10
    # the script records v after the reset; we show each spike at +30 mV
    np.testing.assert_array_equal(r.v[~spiking], original_run["v"][~spiking])
    assert np.all(r.v[spiking] == SPIKE_PEAK_MV)


def test_current_map_at_full_resolution_is_the_original_scripts_current(original_run):
    cfg = NetworkConfig(duration=300)
    ref = original_loop(cfg, return_currents=True)
    res = simulate(cfg, Recording(neurons=(), map_rows=2000, map_cols=5000))
    assert (res.map_row_bin, res.map_col_bin) == (1, 1)
    np.testing.assert_array_equal(res.current_map, ref["currents"])


def test_binned_current_map_is_the_block_mean():
    cfg = NetworkConfig(duration=200)
    ref = original_loop(cfg, return_currents=True)["currents"]
    res = simulate(cfg, Recording(neurons=(), map_rows=100, map_cols=40))
    rb, cb = res.map_row_bin, res.map_col_bin
    assert (rb, cb) == (11, 5)
    assert res.current_map.shape == (92, 40)
    expected = np.add.reduceat(np.add.reduceat(ref, np.arange(0, 1002, rb), axis=0),
                               np.arange(0, 200, cb), axis=1)
    sizes = np.outer(np.diff(np.r_[np.arange(0, 1002, rb), 1002]), np.full(40, cb))
    np.testing.assert_allclose(res.current_map, expected / sizes, rtol=1e-12, atol=1e-9)


CASES = [
    NetworkConfig(seed=1, duration=600),
    NetworkConfig(seed=100, duration=600),
    NetworkConfig(seed=4_000_000_000, duration=400),
    NetworkConfig(exc_type="CH", inh_type="FS", duration=500, seed=7),
    NetworkConfig(exc_type="IB", inh_type="RZ", duration=500, seed=3),
    NetworkConfig(exc_type="TC", inh_type="TC", duration=500, seed=5),
    NetworkConfig(ne=157, ni=43, duration=700, seed=11),
    NetworkConfig(ne=1, ni=0, duration=300, exc_noise=20.0),
    NetworkConfig(ne=0, ni=31, duration=300, inh_noise=9.0),
    NetworkConfig(ne=1601, ni=399, duration=250, seed=2),
    NetworkConfig(exc_noise=6.5, inh_noise=0.0, duration=500, seed=9),
]
CASES += [
    NetworkConfig(exc_weight=w.exc, inh_weight=w.inh, duration=600, seed=4)
    for w in WEIGHT_SCENARIOS.values()
]


@pytest.mark.parametrize("cfg", CASES, ids=lambda c: f"{c.ne}+{c.ni}/{c.exc_type}-{c.inh_type}/"
                         f"w{c.exc_weight}-{c.inh_weight}/n{c.exc_noise}/s{c.seed}")
def test_exact_mode_equals_the_original_loop(cfg):
    ref = original_loop(cfg)
    res = simulate(cfg)
    assert ref["firings"].shape[0] > 0 or cfg.exc_noise + cfg.inh_noise == 0
    np.testing.assert_array_equal(firings(res), ref["firings"])
    # and the same run from its stream drawn beforehand, as the dashboard keeps it
    kept = simulate(cfg, draws=legacy_draws(cfg))
    np.testing.assert_array_equal(firings(kept), ref["firings"])
    np.testing.assert_array_equal(kept.v, res.v)
    np.testing.assert_array_equal(kept.current, res.current)


def test_one_drawn_stream_serves_every_type_weight_and_noise(original_run):
    base = NetworkConfig()
    draws = legacy_draws(base)
    assert draws.nbytes == draws_bytes(base) == 8 * 1002 * (1002 + 1000 + 1)
    default = simulate(base, Recording(neurons=(1, 811)), draws=draws)
    np.testing.assert_array_equal(firings(default), original_run["firings"])
    np.testing.assert_array_equal(default.u, original_run["u"])
    for changes in (dict(exc_weight=0.9, inh_weight=1.3), dict(exc_type="CH", inh_type="FS"),
                    dict(exc_noise=3.5, inh_noise=4.0, mode="seed")):  # exact's alias
        cfg = base.replace(duration=300, **changes)
        ref = original_loop(cfg)
        res = simulate(cfg, draws=legacy_draws(base.replace(duration=300)))
        np.testing.assert_array_equal(firings(res), ref["firings"])


def test_draws_of_another_network_are_refused():
    draws = legacy_draws(NetworkConfig(ne=20, ni=5, duration=50, seed=1))
    for other in (dict(seed=2), dict(ne=21), dict(duration=60)):
        cfg = NetworkConfig(ne=20, ni=5, duration=50, seed=1).replace(**other)
        with pytest.raises(ValueError, match=r"draws are for \(seed, ne, ni, duration\)"):
            simulate(cfg, draws=draws)
    with pytest.raises(ValueError, match="only for exact mode with all-to-all"):
        legacy_draws(NetworkConfig(mode="fast"))
    with pytest.raises(ValueError, match="only for exact mode with all-to-all"):
        legacy_draws(NetworkConfig(ne=80, ni=20, inputs=10))


@pytest.mark.parametrize("exc_type", sorted(NEURON_TYPES))
def test_every_excitatory_preset_is_exact(exc_type):
    cfg = NetworkConfig(exc_type=exc_type, inh_type="FS", duration=400, seed=13)
    np.testing.assert_array_equal(firings(simulate(cfg)), original_loop(cfg)["firings"])


def test_chunked_run_with_progress_equals_one_call():
    cfg = NetworkConfig(duration=400, seed=21)
    seen = []
    res = simulate(cfg, progress=lambda done, total: seen.append((done, total)), chunk_ms=37)
    assert seen[0] == (37, 400) and seen[-1] == (400, 400) and len(seen) == 11
    np.testing.assert_array_equal(firings(res), original_loop(cfg)["firings"])
    kept = simulate(cfg, progress=lambda done, total: None, chunk_ms=37,
                    draws=legacy_draws(cfg))
    np.testing.assert_array_equal(firings(kept), firings(res))
