"""Memory stays bounded: no N x T arrays, whatever the size and duration.

Each run is a fresh process that samples its resident memory during the run
(after a warm-up, so compiling kernels does not count); we compare the growth
with a smaller run's. An
N x T float64 array (one per recorded quantity, as the original script keeps) would add
N * T * 8 bytes: 320 MB between the runs compared here.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PEAK = """
import json, sys, threading, time
import psutil
from izhi_core import NetworkConfig, Recording, simulate
simulate(NetworkConfig(ne=80, ni=20, inputs=10, mode="fast", duration=10))
proc = psutil.Process()
before = proc.memory_info().rss
peak = [before]
done = threading.Event()
def sample():
    while not done.is_set():
        peak[0] = max(peak[0], proc.memory_info().rss)
        time.sleep(0.002)
watcher = threading.Thread(target=sample)
watcher.start()
r = simulate(NetworkConfig.from_mapping(json.loads(sys.argv[1])), Recording())
peak[0] = max(peak[0], proc.memory_info().rss)
done.set()
watcher.join()
print(json.dumps({"growth_mb": (peak[0] - before) / 2**20, "spikes": r.n_spikes}))
"""

MB = 1.0


def growth(**config):
    out = subprocess.run([sys.executable, "-c", PEAK, json.dumps(config)], cwd=ROOT,
                         check=True, capture_output=True, text=True, timeout=300)
    return json.loads(out.stdout)


@pytest.mark.slow
def test_memory_does_not_grow_with_duration_or_as_n_times_t():
    base = dict(ne=16_000, ni=4_000, inputs=200, mode="fast")
    short = growth(**base, duration=200)
    long = growth(**base, duration=2_000)
    double = growth(**{**base, "ne": 32_000, "ni": 8_000}, duration=2_000)
    assert long["spikes"] > 5 * short["spikes"] > 0
    # 1,800 more ms: only the spike list (8 bytes a spike) and population counts grow
    assert long["growth_mb"] - short["growth_mb"] < 40 * MB
    # 20,000 more neurons: synapses (4 bytes each: 16 MB) and per-neuron state
    extra = double["growth_mb"] - long["growth_mb"]
    assert 8 * MB < extra < 80 * MB
