"""The neuron core against Izhikevich's published figure code (tests/reference_figure1.py):
every panel of 2004 Fig. 1 and every run of 2003 Fig. 2, to the last bit."""

import numpy as np
import pytest
import reference_figure1 as ref

from izhi_core.neuron import FIGURE1_2004, FIGURE2_2003, PRESET_PATTERNS, simulate_neuron
from izhi_core.presets import NEURON_TYPES

FIELDS = ("t", "v", "u", "I", "spike_times")


def assert_same(expected, trace):
    assert trace.blowup_ms is None
    for name in FIELDS:
        got = getattr(trace, name)
        np.testing.assert_array_equal(got, expected[name], err_msg=name, strict=True)
    np.testing.assert_array_equal(trace.t[trace.spike_steps], trace.spike_times)
    assert np.all(trace.v[trace.spike_steps] == 30.0)


@pytest.mark.parametrize("letter", list(FIGURE1_2004))
def test_figure1_panel_equals_the_published_code(letter):
    assert_same(ref.FIGURE1[letter](), simulate_neuron(letter))


@pytest.mark.parametrize("key", list(FIGURE2_2003))
def test_figure2_run_equals_the_published_code(key):
    assert_same(ref.FIGURE2[key](), simulate_neuron(FIGURE2_2003[key]))


@pytest.mark.parametrize("key", list(PRESET_PATTERNS))
def test_original_presets_under_the_2003_protocols(key):
    p = PRESET_PATTERNS[key]
    t = NEURON_TYPES[p.preset]
    assert (p.spec.a, p.spec.b, p.spec.c, p.spec.d) == (t.a, t.b, t.c, t.d)
    assert_same(ref.FIGURE2[key](a=t.a, b=t.b, c=t.c, d=t.d), simulate_neuron(p))


def test_presets_differ_from_the_file_only_in_chattering_reset():
    differ = {k for k in FIGURE2_2003 if FIGURE2_2003[k].spec != PRESET_PATTERNS[k].spec}
    assert differ == {"CH"}
    assert (FIGURE2_2003["CH"].spec.c, PRESET_PATTERNS["CH"].spec.c) == (-50, -51)


def test_the_gallery_is_twenty_panels_with_the_published_steps_and_spike_counts():
    assert list(FIGURE1_2004) == [chr(ord("A") + i) for i in range(20)]
    names = [p.name for p in FIGURE1_2004.values()]
    assert len(set(names)) == 20 and FIGURE1_2004["A"].name == "tonic_spiking"
    taus = {k: p.spec.tau for k, p in FIGURE1_2004.items()}
    assert {k for k, v in taus.items() if v == 0.2} == set("DIMN")
    assert {k for k, v in taus.items() if v == 0.1} == {"Q"}
    assert {k for k, v in taus.items() if v == 0.5} == set("RST")
    assert {k for k, v in taus.items() if v == 0.25} == set("ABCEFGHJKLOP")
    assert {k for k, p in FIGURE1_2004.items() if p.spec.quadratic == "shifted"} == set("GL")
    assert {k for k, p in FIGURE1_2004.items() if p.spec.recovery != "standard"} == {"R"}
    assert FIGURE1_2004["R"].spec.initial_u == -16
    counts = {k: ref.FIGURE1[k]()["spike_times"].size for k in FIGURE1_2004}
    # the patterns the figure shows: one spike for phasic spiking, latency, rebound
    # spike, DAP, accommodation; several for the tonic and bursting ones
    assert all(counts[k] == 1 for k in "BIJKLMOQR")
    assert all(counts[k] >= 3 for k in "ACDEFGHNPST")


def test_the_grid_is_matlabs_colon():
    from izhi_core.neuron import time_grid
    for tau, end in ((0.25, 100), (0.2, 200), (0.1, 50), (0.5, 350), (0.3, 100)):
        np.testing.assert_array_equal(time_grid(tau, end), ref.colon(0, tau, end))
    t = time_grid(0.2, 200)
    assert t.size == 1001 and t[-1] == 200 and t[501] == 200 - 499 * 0.2 != 501 * 0.2
