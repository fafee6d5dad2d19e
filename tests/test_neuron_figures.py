"""The neuron figure: v, u and I on one time axis, spikes marked; no dash."""

import sys

import numpy as np

from izhi_core.figures_neuron import neuron_figure
from izhi_core.neuron import simulate_neuron


def test_three_panels_and_the_spikes():
    trace = simulate_neuron("C")
    fig = neuron_figure(trace)
    names = [t.name for t in fig.data]
    assert names == ["v (mV)", "spikes", "u", "I"]
    np.testing.assert_array_equal(fig.data[0].y, trace.v)
    np.testing.assert_array_equal(fig.data[1].x, trace.spike_times)
    assert fig.layout.xaxis3.title.text == "time (ms)"
    assert "28 spikes" in fig.layout.title.text
    assert "dash" not in sys.modules or not any(
        m.startswith("izhi_core") and "dash" in m for m in sys.modules)


def test_no_spikes_no_marker_trace_and_blowup_in_the_title():
    fig = neuron_figure(simulate_neuron("A", a=-1, b=2, tau=1, duration=1000,
                                        protocol=simulate_neuron("A").spec.protocol))
    assert "diverged at 6 ms" in fig.layout.title.text
    quiet = neuron_figure(simulate_neuron("B", duration=10))
    assert [t.name for t in quiet.data] == ["v (mV)", "u", "I"]
