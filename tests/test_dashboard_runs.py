"""The dashboard's run cache: one run per view, shared between threads, bounded."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from dashboard.common import runs
from izhi_core import NetworkConfig, Recording, simulate
from izhi_core.network import draws_bytes

TINY = NetworkConfig(ne=8, ni=2, duration=20)
RECORD = Recording(neurons=(1,), map_rows=2, map_cols=2)


def test_threads_asking_for_the_same_run_share_one(monkeypatch):
    cache = runs.RunCache()
    calls = []
    started = threading.Event()
    release = threading.Event()
    real = runs.simulate

    def slow(config, record, **kwargs):
        calls.append(config)
        started.set()
        release.wait(5)
        return real(config, record, **kwargs)

    monkeypatch.setattr(runs, "simulate", slow)
    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.get(TINY, RECORD)))
               for _ in range(4)]
    threads[0].start()
    started.wait(5)
    for t in threads[1:]:
        t.start()
    release.set()
    for t in threads:
        t.join(10)
    assert len(calls) == 1 and cache.runs == 1
    assert len(results) == 4 and all(r is results[0] for r in results)
    assert results[0].n_spikes == real(TINY, RECORD).n_spikes


def test_a_failed_run_is_not_kept():
    cache = runs.RunCache()
    bad = Recording(neurons=(50,), map_rows=0, map_cols=0)  # beyond a 10-neuron network
    for _ in range(2):
        with pytest.raises(ValueError, match="Traced neurons must be neuron indices from 0 to 9"):
            cache.get(TINY, bad)
    assert cache.runs == 2


def test_the_cache_is_bounded_by_entries_and_bytes():
    cache = runs.RunCache(max_entries=3)
    for seed in range(5):
        cache.get(TINY.replace(seed=seed), RECORD)
    assert len(cache._entries) == 3
    cache.get(TINY.replace(seed=4), RECORD)
    assert cache.runs == 5  # still kept: no new run
    small = runs.RunCache(max_bytes=10)
    small.get(TINY, RECORD)
    assert len(small._entries) == 0  # larger than the budget: returned, not kept


def test_seed_mode_runs_keep_and_share_their_stream():
    cache = runs.RunCache()
    first = cache.get(TINY, RECORD)
    moved = TINY.replace(exc_weight=0.9, inh_weight=1.4, exc_type="IB", exc_noise=6.0)
    again = cache.get(moved, RECORD)
    assert cache.draws_kept == 1  # one stream for both: only types, weights, noise moved
    assert first.n_spikes == simulate(TINY, RECORD).n_spikes
    np.testing.assert_array_equal(again.spike_neurons, simulate(moved, RECORD).spike_neurons)
    np.testing.assert_array_equal(again.v, simulate(moved, RECORD).v)
    cache.get(TINY.replace(seed=3), RECORD)
    cache.get(TINY.replace(mode="fast"), RECORD)  # fast mode draws no legacy stream
    assert cache.draws_kept == 2


def test_kept_streams_are_bounded_in_bytes():
    one = draws_bytes(TINY)
    cache = runs.RunCache(max_draw_bytes=2 * one)
    for seed in range(4):
        cache.get(TINY.replace(seed=seed), RECORD)
    assert cache.draws_kept == 2
    tight = runs.RunCache(max_draw_bytes=one - 1)
    assert tight.get(TINY, RECORD).n_spikes == simulate(TINY, RECORD).n_spikes
    assert tight.draws_kept == 0  # too large to keep: drawn in the run instead
