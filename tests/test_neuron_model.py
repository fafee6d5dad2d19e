"""The single-neuron core: schemes against naive loops, protocols, validation, blow-up,
and properties over random neurons and protocols (hypothesis)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from izhi_core.neuron import (
    FIGURE1_2004,
    PRESET_PATTERNS,
    QUADRATICS,
    NeuronSpec,
    Protocol,
    Recorded,
    Segment,
    get_pattern,
    pulses,
    ramp,
    simulate_gallery,
    simulate_neuron,
    step,
    time_grid,
)
from izhi_core.neuron.protocols import as_window, window


def naive(spec, scheme, current):
    """Each scheme as a plain Python loop, written from its definition."""
    k2, k1, k0 = QUADRATICS[spec.quadratic]
    a, b, c, d, tau = spec.a, spec.b, spec.c, spec.d, spec.tau
    v, u = spec.v0, spec.initial_u
    halves = 2 if scheme == "network2003" else 1
    vs, us, spikes = [], [], []
    for k, i in enumerate(current):
        v_old = v
        for _ in range(halves):
            v = v + tau / halves * (k2 * (v * v) + k1 * v + k0 - u + i)
        w = v_old if scheme == "euler" else v
        if spec.recovery == "accommodation":
            u = u + tau * a * (b * (w + 65))
        else:
            u = u + tau * a * (b * w - u)
        if v > 30 or (v == 30 and scheme != "figure2004"):
            vs.append(30.0)
            v, u = c, u + d
            spikes.append(k)
        else:
            vs.append(v)
        us.append(u)
    return np.array(vs), np.array(us), np.array(spikes, int)


def test_every_scheme_against_a_naive_loop():
    for letter in "ACGHKRST":
        for scheme in ("network2003", "euler", "figure2004"):
            trace = simulate_neuron(letter, scheme=scheme, tau=0.25)
            v, u, spikes = naive(trace.spec, scheme, trace.I)
            np.testing.assert_array_equal(trace.v, v)
            np.testing.assert_array_equal(trace.u, u)
            np.testing.assert_array_equal(trace.spike_steps, spikes)


def test_the_schemes_differ_as_documented():
    fig = simulate_neuron("A")
    net = simulate_neuron("A", scheme="network2003")
    eul = simulate_neuron("A", scheme="euler")
    assert net.spec.tau == 1.0 and net.t.size == 101 and fig.t.size == 401
    assert eul.spec.tau == fig.spec.tau and not np.array_equal(eul.v, fig.v)
    assert fig.n_spikes == 5 and net.n_spikes > 0 and eul.n_spikes > 0


def test_protocols_evaluate_the_published_way():
    t = time_grid(0.5, 400)
    r = FIGURE1_2004["R"].spec.protocol.evaluate(t)
    want = [x / 25 if x < 200 else 0 if x < 300 else (x - 300) / 12.5 * 4 if x < 312.5 else 0
            for x in t]
    np.testing.assert_array_equal(r, want)
    np.testing.assert_array_equal(step(5, 1, 2).evaluate([0, 1, 1.5, 2, 3]), [0, 0, 5, 0, 0])
    np.testing.assert_array_equal(ramp(2, 1, 3, start=1).evaluate([1, 2, 2.5, 3]), [0, 3, 4, 0])
    np.testing.assert_array_equal(pulses(3, (0, 10), 2).evaluate([1, 5, 11, 12]), [3, 0, 3, 0])
    first_wins = Protocol(-1, (Segment(0, 10, 1), Segment(5, 20, 2)))
    np.testing.assert_array_equal(first_wins.evaluate([-1, 7, 15, 20]), [-1, 1, 2, -1])


def test_a_recorded_current_is_used_as_given():
    current = np.linspace(0, 20, 401)
    spec = NeuronSpec(a=0.02, b=0.2, c=-65, d=8, v0=-65, tau=0.25, duration=None,
                      protocol=Recorded(current))
    trace = simulate_neuron(spec)
    np.testing.assert_array_equal(trace.I, current)
    assert trace.t[-1] == 100.0 and trace.t.size == 401
    same = simulate_neuron(spec.replace(duration=100.0))
    np.testing.assert_array_equal(same.v, trace.v)


@pytest.mark.parametrize("changes, message", [
    ({"tau": "x"}, "the step must be a number from 0.01 to 1 ms (got 'x')."),
    ({"tau": 0}, "the step must be a number from 0.01 to 1 ms (got 0)."),
    ({"a": math.nan}, "a, the time scale of u, must be a number from -1 to 1 per ms (got nan)."),
    ({"c": 10}, "c, the reset of v, must be a number from -100 to 0 mV (got 10)."),
    ({"duration": True}, "the duration must be a number from 1 to 10000 ms (got True)."),
    ({"quadratic": "cubic"}, "the quadratic must be one of standard, shifted (got 'cubic')."),
    ({"recovery": None}, "the recovery must be one of standard, accommodation (got None)."),
    ({"duration": None}, "the duration must be given unless the current is recorded (got None)."),
    ({"protocol": [1, 2]}, "the protocol must be a Protocol or a Recorded current (got [1, 2])."),
    ({"protocol": Recorded(np.zeros(5))}, "the duration must give one step per recorded sample "
                                          "(5) or be None (got 100 ms, 401 steps)."),
])
def test_bad_fields_raise_one_sentence(changes, message):
    with pytest.raises(ValueError) as err:
        simulate_neuron("A", **changes)
    assert str(err.value) == message


@pytest.mark.parametrize("make, message", [
    (lambda: Segment(5, 5, 1), "a protocol window must end after it starts (got 5 to 5 ms)."),
    (lambda: step(2000, 0), "the current must be a number from -1000 to 1000 (got 2000)."),
    (lambda: Recorded([0.0, math.inf]), "a recorded current must be finite and within ±1e+06 "
                                        "(got inf)."),
    (lambda: Recorded([]), "a recorded current must have from 1 to 1,000,001 samples (got 0)."),
    (lambda: simulate_neuron("A", scheme="rk4"),
     "the scheme must be one of figure2004, network2003, euler (got 'rk4')."),
    (lambda: get_pattern("Z"), "the pattern must be a letter A-T, a name such as tonic_spiking, "
                               "or one of RS, IB, CH, FS, TC, TCb, RZ, LTS (got 'Z')."),
])
def test_bad_protocols_and_names_raise_one_sentence(make, message):
    with pytest.raises(ValueError) as err:
        make()
    assert str(err.value) == message


def test_lookup_by_letter_name_and_preset():
    assert get_pattern("a") is get_pattern("tonic_spiking") is FIGURE1_2004["A"]
    assert get_pattern("ch").spec.c == -51 and get_pattern("TCb").spec.v0 == -87


def test_blow_up_stops_the_run_with_finite_arrays():
    trace = simulate_neuron("A", a=-1, b=2, tau=1, duration=10_000)
    assert trace.blowup_ms == 6.0 and trace.t.size == 6
    assert all(np.isfinite(x).all() for x in (trace.t, trace.v, trace.u, trace.I))
    assert trace.spike_times.max() < trace.blowup_ms


def test_gallery_has_every_panel():
    gallery = simulate_gallery()
    assert list(gallery) == list(FIGURE1_2004) and gallery["A"].n_spikes == 5


segment = st.builds(
    lambda lo, width, level, rise, per: Segment(lo, lo + width, level, origin=lo, rise=rise,
                                                per=per),
    st.floats(-50, 400), st.floats(0.5, 300), st.floats(-100, 100),
    st.one_of(st.just(0.0), st.floats(-5, 5)), st.floats(0.5, 50))
protocol = st.builds(Protocol, st.floats(-50, 50), st.lists(segment, max_size=4).map(tuple))


@settings(max_examples=120, deadline=None)
@given(a=st.floats(-1, 1), b=st.floats(-2, 2), c=st.floats(-100, 0), d=st.floats(-50, 50),
       v0=st.floats(-100, 30), tau=st.sampled_from([0.01, 0.1, 0.25, 0.5, 1.0]),
       duration=st.floats(1, 400), protocol=protocol,
       scheme=st.sampled_from(["figure2004", "network2003", "euler"]),
       quadratic=st.sampled_from(list(QUADRATICS)),
       recovery=st.sampled_from(["standard", "accommodation"]))
def test_any_neuron_runs_finite_deterministic_and_within_the_run(
        a, b, c, d, v0, tau, duration, protocol, scheme, quadratic, recovery):
    spec = NeuronSpec(a=a, b=b, c=c, d=d, v0=v0, tau=tau, duration=duration, protocol=protocol,
                      quadratic=quadratic, recovery=recovery)
    trace = simulate_neuron(spec, scheme=scheme, tau=tau)
    again = simulate_neuron(spec, scheme=scheme, tau=tau)
    for name in ("t", "v", "u", "I", "spike_times"):
        arr = getattr(trace, name)
        assert np.isfinite(arr).all()
        np.testing.assert_array_equal(arr, getattr(again, name))
    assert trace.blowup_ms == again.blowup_ms
    n = time_grid(tau, duration).size
    if trace.blowup_ms is None:
        assert trace.t.size == n
    else:
        assert trace.t.size < n and trace.blowup_ms == time_grid(tau, duration)[trace.t.size]
    assert np.all(trace.v <= 30.0)
    if trace.n_spikes:
        assert 0 <= trace.spike_times[0] and trace.spike_times[-1] <= trace.t[-1]
        assert np.all(np.diff(trace.spike_steps) > 0)
        assert np.all(trace.v[trace.spike_steps] == 30.0)


# -- one window on a baseline (the lab's input controls) ---------------------------------

WINDOWED = set("ABCDEFGHIJMNQ") | {"RS", "IB", "CH", "FS", "TC", "TCb", "LTS"}


@pytest.mark.parametrize("key", [*FIGURE1_2004, *PRESET_PATTERNS])
def test_a_published_input_is_one_window_or_said_not_to_be(key):
    protocol = get_pattern(key).spec.protocol
    found = as_window(protocol)
    assert (found is not None) == (key in WINDOWED)
    if found is not None:  # the window gives back the published input exactly
        assert window(*found) == protocol


@settings(max_examples=60, deadline=None)
@given(shape=st.sampled_from(["step", "ramp"]),
       amp=st.floats(-100, 100, allow_nan=False), t0=st.floats(0, 500),
       width=st.one_of(st.just(math.inf), st.floats(0.5, 500)),
       base=st.floats(-50, 50, allow_nan=False))
def test_a_window_is_read_back_as_itself(shape, amp, t0, width, base):
    amp = 1.0 if shape == "ramp" and amp == 0 else amp  # a flat ramp is a step
    w = window(shape, amp, t0, t0 + width, base)
    assert as_window(w) == (shape, amp, t0, t0 + width, base)


def test_a_window_of_another_shape_is_refused():
    with pytest.raises(ValueError, match="the input's shape must be one of step, ramp"):
        window("pulse", 1, 0)
