"""simulate(): properties over random configs, the fast mode's statistics, threads."""

import subprocess
import sys
import threading

import numba
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from izhi_core import NetworkConfig, Recording, simulate
from izhi_core.analysis import GAMMA_BAND, LOW_BAND, band_peak, population_rate, rate_spectrum
from izhi_core.fields import FIELDS
from izhi_core.presets import NEURON_TYPES
from reference import original_loop

types = st.sampled_from(sorted(NEURON_TYPES))


@st.composite
def configs(draw):
    ne = draw(st.integers(0, 120))
    ni = draw(st.integers(0 if ne else 1, 40))
    n = ne + ni
    return NetworkConfig(
        ne=ne, ni=ni, duration=draw(st.integers(1, 250)),
        exc_type=draw(types), inh_type=draw(types),
        **{name: draw(st.floats(FIELDS[name].lo, FIELDS[name].hi))
           for name in ("exc_weight", "inh_weight", "exc_noise", "inh_noise")},
        seed=draw(st.integers(0, 2**32 - 1)), mode=draw(st.sampled_from(["exact", "fast"])),
        inputs=draw(st.one_of(st.none(), st.integers(1, n))),
    )


def firings(r):
    return np.column_stack((r.spike_times, r.spike_neurons))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configs())
def test_any_valid_config_runs_deterministically_and_sanely(cfg):
    rec = Recording(neurons=(0, cfg.n - 1), map_rows=7, map_cols=9)
    a, b = simulate(cfg, rec), simulate(cfg, rec)
    np.testing.assert_array_equal(firings(a), firings(b))
    np.testing.assert_array_equal(a.v, b.v)
    # every value the fields allow stays finite (their bounds are chosen so)
    assert np.all(np.isfinite(a.v)) and np.all(np.isfinite(a.u))
    assert np.all(np.isfinite(a.current_map))
    assert 0 <= a.spike_times.min(initial=0) and a.spike_times.max(initial=0) < cfg.duration
    assert 0 <= a.spike_neurons.min(initial=0) and a.spike_neurons.max(initial=0) < cfg.n
    # the original script's order: by time, then neuron, no duplicates
    key = a.spike_times.astype(np.int64) * cfg.n + a.spike_neurons
    assert np.all(np.diff(key) > 0)
    assert a.pop_counts.sum() == a.n_spikes
    assert a.pop_counts[:, 0].sum() == np.count_nonzero(a.spike_neurons < cfg.ne)
    assert a.v.shape == (len(rec.neurons), cfg.duration)
    assert a.current_map.shape[0] <= 7 and a.current_map.shape[1] <= 9


def _stats(mode, seeds, **kw):
    rates_e, rates_i, low, gamma = [], [], [], []
    for s in seeds:
        cfg = NetworkConfig(seed=s, mode=mode, **kw)
        r = simulate(cfg, Recording(neurons=(), map_rows=0))
        rates_e.append(np.count_nonzero(r.spike_neurons < cfg.ne) / cfg.ne)
        rates_i.append(np.count_nonzero(r.spike_neurons >= cfg.ne) / cfg.ni)
        t, re_, ri_, rall = population_rate(r.pop_counts, cfg.ne, cfg.ni, bin_ms=1)
        f, p = rate_spectrum(rall, 1)
        low.append(band_peak(f, p, LOW_BAND))
        gamma.append(band_peak(f, p, GAMMA_BAND))
    return np.mean(rates_e), np.mean(rates_i), np.median(low), np.median(gamma)


@pytest.fixture(scope="module")
def exact_stats():
    return _stats("exact", range(8))


def test_fast_mode_is_statistically_the_exact_network(exact_stats):
    fast = _stats("fast", range(100, 108))
    # tolerance: mean rates over 8 seeds within 5 %; the band peaks within 2 Hz
    assert fast[0] == pytest.approx(exact_stats[0], rel=0.05)
    assert fast[1] == pytest.approx(exact_stats[1], rel=0.05)
    assert abs(fast[2] - exact_stats[2]) <= 2.0
    assert abs(fast[3] - exact_stats[3]) <= 5.0


def test_the_statistics_test_can_fail():
    # the same comparison tells a network with other weights apart
    other = _stats("fast", range(4), exc_weight=0.6)
    base = _stats("fast", range(4))
    assert other[0] > 1.1 * base[0]


def test_sparse_network_with_all_inputs_matches_dense_statistics(exact_stats):
    sparse = _stats("fast", range(200, 208), inputs=1002)
    assert sparse[0] == pytest.approx(exact_stats[0], rel=0.05)
    assert sparse[1] == pytest.approx(exact_stats[1], rel=0.05)
    assert abs(sparse[2] - exact_stats[2]) <= 2.0


def test_larger_sparse_network_keeps_the_input_statistics(exact_stats):
    # 5,000 neurons with 1,000 inputs each see the same input as the dense 1,000
    big = _stats("fast", range(300, 303), ne=4000, ni=1000, inputs=1000)
    assert big[0] == pytest.approx(exact_stats[0], rel=0.07)
    assert big[1] == pytest.approx(exact_stats[1], rel=0.07)


def test_exact_mode_runs_from_several_threads_at_once():
    cfgs = [NetworkConfig(seed=s, duration=400) for s in (0, 1, 2, 3)]
    expected = [original_loop(c)["firings"] for c in cfgs]
    out = [None] * 4

    def run(k):
        out[k] = firings(simulate(cfgs[k]))

    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for got, want in zip(out, expected, strict=True):
        np.testing.assert_array_equal(got, want)


def test_sparse_results_do_not_depend_on_the_number_of_threads():
    cfg = NetworkConfig(ne=1600, ni=400, inputs=300, mode="fast", duration=300, seed=5)
    numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)
    many = simulate(cfg)
    numba.set_num_threads(1)
    try:
        one = simulate(cfg)
    finally:
        numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)
    assert many.n_spikes > 1000
    np.testing.assert_array_equal(firings(one), firings(many))
    np.testing.assert_array_equal(one.v, many.v)


def test_fast_mode_differs_from_exact_mode_and_seeds_differ():
    a = simulate(NetworkConfig(mode="fast", duration=200))
    b = simulate(NetworkConfig(mode="fast", duration=200, seed=1))
    c = simulate(NetworkConfig(duration=200))
    assert a.n_spikes != b.n_spikes or not np.array_equal(firings(a), firings(b))
    assert not np.array_equal(firings(a), firings(c))


def synapses(net, n):
    """(source, target, weight) of every synapse of a sparse network."""
    k = net.synapses.size // n
    src, tgt, q = [], [], []
    for b in range(net.starts.shape[1]):
        lo, base = b * net.block, b * net.block * k
        for j in range(n):
            run = net.synapses[base + net.starts[j, b]:base + net.starts[j + 1, b]]
            local = (run & 0xFFFF).astype(np.int64)
            assert np.all(np.diff(local) > 0)  # each run's targets ascend
            src += [j] * run.size
            tgt += (lo + local).tolist()
            q += (run >> 16).tolist()
    src, tgt = np.array(src), np.array(tgt)
    return src, tgt, net.source_scale[src] * (np.array(q) + 0.5)


@pytest.mark.parametrize("block", [None, 37])
def test_sparse_connectivity_has_fixed_in_degree_without_repeats(block, monkeypatch):
    from izhi_core import network

    cfg = NetworkConfig(ne=400, ni=100, inputs=60, mode="fast")
    ref = network.build_network(cfg)
    if block:
        monkeypatch.setattr(network, "sparse_block", lambda cfg: block)
    net = network.build_network(cfg)
    assert net.synapses.dtype == np.uint32 and net.starts.dtype == np.int32
    assert net.starts.shape == (cfg.n + 1, -(-cfg.n // net.block))
    src, tgt, w = synapses(net, cfg.n)
    assert src.size == cfg.n * 60
    exc_in = np.bincount(tgt[src < cfg.ne], minlength=cfg.n)
    inh_in = np.bincount(tgt[src >= cfg.ne], minlength=cfg.n)
    assert np.all(exc_in == 48) and np.all(inh_in == 12)
    assert np.unique(src * cfg.n + tgt).size == src.size
    # weights: uniform on the original script's ranges
    assert 0 < w[src < cfg.ne].min() and w[src < cfg.ne].max() < 0.5
    assert -1.0 < w[src >= cfg.ne].min() and w[src >= cfg.ne].max() < 0
    assert w[src < cfg.ne].mean() == pytest.approx(0.25, rel=0.03)
    assert w[src >= cfg.ne].mean() == pytest.approx(-0.5, rel=0.05)
    # the same synapses whatever the block size
    assert sorted(zip(src, tgt, w, strict=True)) == sorted(zip(*synapses(ref, cfg.n), strict=True))
    # nearly all inputs (K > N/2 takes the complement branch)
    full = network.build_network(NetworkConfig(ne=40, ni=10, inputs=45, mode="fast"))
    assert np.all(np.bincount(synapses(full, 50)[1], minlength=50) == 45)


def test_sparse_block_size_does_not_change_the_run(monkeypatch):
    from izhi_core import network

    cfg = NetworkConfig(ne=400, ni=100, inputs=60, mode="fast", duration=300)
    whole = simulate(cfg)
    monkeypatch.setattr(network, "sparse_block", lambda cfg: 37)
    blocks = simulate(cfg)
    assert whole.n_spikes > 100
    np.testing.assert_array_equal(firings(whole), firings(blocks))


def test_importing_the_core_does_not_import_dash():
    code = ("import sys, izhi_core, izhi_core.figures, izhi_core.analysis, izhi_core.__main__; "
            "assert 'dash' not in sys.modules, 'dash imported'")
    subprocess.run([sys.executable, "-c", code], check=True)
