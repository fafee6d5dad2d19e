"""Replay: a network neuron alone, fed the input the network recorded for it, gives the
network's v and u bit for bit (the "network2003" scheme is the network's arithmetic)."""

from pathlib import Path

import numpy as np
import pytest

from izhi_core import NetworkConfig, Recording, simulate
from izhi_core.network import build_network
from izhi_core.neuron import simulate_neuron
from izhi_core.neuron.replay import network_neuron, network_parameters, replay

FIXTURE = Path(__file__).parent / "data" / "original_default.npz"

CONFIGS = {
    "exact": (NetworkConfig(), (1, 811)),
    "fast": (NetworkConfig(ne=80, ni=20, duration=400, mode="fast", exc_type="CH",
                           inh_type="FS", exc_weight=1.0), (3, 85)),
    "sparse": (NetworkConfig(ne=80, ni=20, duration=300, inputs=20, exc_type="IB",
                             inh_type="RZ", exc_noise=7.0), (0, 85, 99)),
}


@pytest.fixture(scope="module", params=list(CONFIGS))
def run(request):
    config, neurons = CONFIGS[request.param]
    return simulate(config, Recording(neurons=neurons))


def test_replay_reproduces_the_network_bit_for_bit(run):
    fired = 0
    for neuron in run.trace_neurons.tolist():
        trace = replay(run, neuron)
        row = run.trace_row(neuron)
        np.testing.assert_array_equal(trace.v, run.v[row], strict=True)
        np.testing.assert_array_equal(trace.u, run.u[row], strict=True)
        np.testing.assert_array_equal(trace.I, run.current[row], strict=True)
        np.testing.assert_array_equal(trace.t, np.arange(run.config.duration, dtype=float))
        spikes = run.spike_times[run.spike_neurons == neuron]
        np.testing.assert_array_equal(trace.spike_times, spikes.astype(float))
        fired += trace.n_spikes
    assert fired > 0


def test_neuron_parameters_are_the_networks(run):
    net = build_network(run.config)
    for got, want in zip(network_parameters(run.config), (net.a, net.b, net.c, net.d),
                         strict=True):
        np.testing.assert_array_equal(got, want, strict=True)


def test_replay_from_the_original_scripts_own_recording():
    # the script records v after the reset (c) where izhi_core shows the +30 mV peak
    original = np.load(FIXTURE)
    for row, neuron in enumerate(original["neurons"].tolist()):
        spec = network_neuron(NetworkConfig(), neuron, original["current"][row])
        trace = simulate_neuron(spec, scheme="network2003")
        np.testing.assert_array_equal(trace.u, original["u"][row])
        spiked = np.zeros(trace.t.size, bool)
        spiked[trace.spike_steps] = True
        np.testing.assert_array_equal(trace.v[~spiked], original["v"][row][~spiked])
        np.testing.assert_array_equal(original["v"][row][spiked], np.full(spiked.sum(), spec.c))
        firings = original["firings"]
        np.testing.assert_array_equal(trace.spike_steps, firings[firings[:, 1] == neuron, 0])


def test_network_neuron_checks_the_index():
    with pytest.raises(ValueError, match=r"^the neuron must be an index from 0 to 1,001 "
                                         r"\(got 1002\)\.$"):
        network_neuron(NetworkConfig(), 1002, np.zeros(3))
