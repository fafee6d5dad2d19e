"""The lab's "what changed" sentences: rules as data, each one able to speak and to fail."""

import pytest

from izhi_core.neuron import FIGURE1_2004, get_pattern
from izhi_core.neuron.explain import QUANTITIES, RULES, Context, explain

A = get_pattern("A").spec  # a 0.02, b 0.2, c -65, d 6: I_SN = 4, Hopf at 3.8


def said(old, new, old_scheme="figure2004", new_scheme="figure2004", old_in=14.0,
         new_in=14.0):
    return explain(old, new, old_scheme, new_scheme, old_in, new_in)


def test_nothing_changed_says_nothing():
    assert said(A, A) == []


def test_a_negative_d_bursts_without_end():
    assert said(A, A.replace(d=-1)) == [
        "d < 0: each spike lowers u, so the neuron bursts without end."]
    assert said(A.replace(d=-1), A) == ["d ≥ 0 again: each spike raises u, which ends a burst."]
    assert said(A, A.replace(d=8))[0].startswith("d up to 8: each spike adds more to u")


def test_a_high_reset_bursts():
    assert said(A, A.replace(c=-50))[0].startswith("c up to -50 mV: the reset lands close")
    assert said(A, A.replace(c=-60))[0].startswith("c up to -60 mV: a shallower reset")
    assert said(A.replace(c=-50), A)[0].startswith("c down to -65 mV: a deep reset again")


def test_b_across_a_gains_or_loses_the_hopf_bifurcation():
    low = A.replace(b=0.01)  # b < a: no Hopf
    assert said(A, low)[0].startswith("b ≤ a now: no Andronov–Hopf bifurcation; the rest "
                                      "ends in a saddle-node, at I_SN = 15.")
    assert said(low, A)[0] == ("b > a now: the rest can lose its stability through an "
                               "Andronov–Hopf bifurcation, at I = 3.80: the neuron resonates "
                               "(Class 2).")
    assert said(A, A.replace(b=0.25))[0].startswith("b up to 0.25")


def test_the_input_crossing_the_saddle_node_current():
    assert said(A, A, old_in=3.0, new_in=14.0) == [
        "The input now reaches 14, above I_SN = 4.00: while it lasts there is no resting "
        "state, so the neuron fires."]
    assert said(A, A, old_in=14.0, new_in=3.0)[0].startswith("The input now stays at or below")
    assert said(A, A, old_in=14.0, new_in=15.0) == ["The largest input is now 15."]


def test_accommodation_has_no_saddle_node_to_speak_of():
    r = FIGURE1_2004["R"].spec
    out = said(r, r.replace(b=0.5), old_in=3.0, new_in=8.0)
    assert out == ["The largest input is now 8."]  # no b sentence needs I_SN there


def test_several_changes_in_the_order_of_the_quantities():
    out = said(A, A.replace(a=0.1, d=2, tau=0.5), "figure2004", "euler")
    assert [s.split()[0] for s in out] == ["a", "d", "The", "Scheme"]
    assert out[-1] == "Scheme euler: plain forward Euler: v and u from the old state."


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.watch}:{r.text[:20]}")
def test_every_rule_formats_and_watches_a_known_quantity(rule):
    assert rule.watch in QUANTITIES
    value = "euler" if rule.watch == "scheme" else 1.0
    rule.text.format(old=value, new=value, label="x", **vars(Context(4.0, 3.8, None)))
