"""The neuron lab's state, callbacks and layout called as plain functions (no browser)."""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qsl

import numpy as np
import pytest
from dash import no_update
from dash._utils import to_json
from hypothesis import given, settings
from hypothesis import strategies as st

import app  # noqa: F401  (the Dash app registers the pages: page.py needs it first)
from dashboard.pages.network import layout as network_layout
from dashboard.pages.neuron import callbacks as C
from dashboard.pages.neuron import page
from dashboard.pages.neuron import state as S
from dashboard.pages.neuron import view as V
from dashboard.pages.neuron.ids import ID
from izhi_core import NetworkConfig, Recording, simulate
from izhi_core.neuron import FIGURE1_2004, simulate_neuron
from izhi_core.neuron.phase import saddle_node_current


def array(spec) -> np.ndarray:
    """A figure array as the page receives it: a base64 typed array."""
    return np.frombuffer(base64.b64decode(spec["bdata"]), dtype=np.dtype(spec["dtype"]))


def trace_of(fig, name):
    return next(t for t in fig["data"] if t["name"] == name)


def values_of(search=""):
    clean, replay = S.state_from_query(search)
    return S.control_values(clean), replay


def lab(search="", drawn=None, **changes):
    values, replay = values_of(search)
    out = C.update_lab({**values, **changes}, replay, drawn)
    assert set(out) == set(C.LAB_KEYS)
    return out


@pytest.fixture(autouse=True)
def fresh_runs():
    C.RUNS.clear()
    yield
    C.RUNS.clear()


# -- the state and the address ----------------------------------------------------------


@pytest.mark.parametrize("key", list(S.PATTERNS))
def test_a_pattern_as_published_is_its_own_address_and_runs_bit_for_bit(key):
    clean, replay = S.state_from_query(f"?pattern={key}")
    assert replay is None and S.query_from_state(clean) == f"?pattern={key}"
    pattern, spec, scheme = S.spec_of(clean)
    assert spec == S.PATTERNS[key].spec and scheme == "figure2004"
    lab_run, published = simulate_neuron(spec, scheme=scheme), simulate_neuron(key)
    np.testing.assert_array_equal(lab_run.v, published.v, strict=True)
    np.testing.assert_array_equal(lab_run.spike_times, published.spike_times, strict=True)


@settings(max_examples=40, deadline=None)
@given(key=st.sampled_from(list(FIGURE1_2004)),
       a=st.floats(-1, 1), b=st.floats(-2, 2), c=st.floats(-100, 0), d=st.floats(-50, 50))
def test_changed_parameters_go_to_the_address_and_back(key, a, b, c, d):
    values, _ = values_of(f"?pattern={key}")
    clean = S.parse_values({**values, "a": a, "b": str(b), "c": c, "d": d})
    search = S.query_from_state(clean)
    again, replay = S.state_from_query(search)
    assert replay is None and again == clean
    published = S.pattern_state(key)
    keys = {k for k, _ in parse_qsl(search[1:])}
    assert keys == {"pattern"} | {k for k in "abcd" if clean[k] != published[k]}


def test_the_address_says_only_what_differs_from_the_pattern():
    values, _ = values_of("?pattern=C")
    clean = S.parse_values({**values, "scheme": "network2003", "tau": 1, "amp": "20"})
    assert S.query_from_state(clean) == "?pattern=C&scheme=network2003&amp=20"  # tau: its own
    assert S.state_from_query("?pattern=C&scheme=network2003")[0]["tau"] == 1.0
    # the published input's window values mean nothing, and are not written
    k, _ = values_of("?pattern=K")
    assert S.query_from_state(S.parse_values({**k, "amp": 5})) == "?pattern=K"
    assert S.query_from_state(S.parse_values({**k, "shape": "step", "amp": 5})) == \
        "?pattern=K&shape=step&amp=5"


@pytest.mark.parametrize("search, field, sentence", [
    ("?d=abc", "d", "The parameter d must be a number from -50 to 50 mV/ms (got 'abc')."),
    ("?t1=5", "t1", "The input's end must come after its start, 10 ms (got '5'), or be empty "
                    "for the end of the run."),
    ("?at=1000", "at", "The phase plane's time must be a number from 0 to 100 ms (got '1000')."),
    ("?pattern=Z", "pattern", "The pattern must be one of A, B, C"),
    ("?tau=0", "tau", "The step must be a number from 0.01 to 1 ms (got '0')."),
    ("?replay=5000", "replay", "The replayed neuron must be a whole number from 0 to 1,001 "
                               "(got '5000')."),
])
def test_a_bad_value_is_refused_with_its_fields_sentence(search, field, sentence):
    with pytest.raises(ValueError) as refused:
        S.state_from_query(search)
    assert refused.value.field == field and str(refused.value).startswith(sentence)


def test_an_unknown_or_repeated_key_is_refused():
    with pytest.raises(ValueError, match="the lab's address has no key 'foo'"):
        S.state_from_query("?foo=1")
    with pytest.raises(ValueError, match="gives 'd' more than once"):
        S.state_from_query("?d=1&d=2")
    with pytest.raises(ValueError, match="a replayed neuron's address has no key 'shape'"):
        S.state_from_query("?replay=1&shape=step")


def test_the_network_pages_link_opens_that_neuron_of_that_run():
    config = NetworkConfig(exc_type="CH", seed=3, ne=80, ni=20, duration=300)
    links = network_layout.lab_links(config, [5, 85], "original")
    hrefs = [link.href for link in links if hasattr(link, "href")]
    assert [h.split("?")[0] for h in hrefs] == ["/neuron", "/neuron"]
    for href, neuron in zip(hrefs, (5, 85), strict=True):
        clean, replay = S.state_from_query(href.split("?", 1)[1])
        assert S.replay_target(replay) == (config, neuron)
        assert clean["scheme"] == "network2003" and clean["tau"] == 1.0
    assert network_layout.lab_links(config, []) == []


# -- the lab's view ---------------------------------------------------------------------


def test_the_published_pattern_and_what_a_change_does():
    first = lab("?pattern=A")
    assert first["summary"] == ("(A) tonic spiking, as published: 5 spikes in 100 ms "
                                "(figure2004, step 0.25 ms).")
    assert first["changed"] == "" and first["network_link"] is None
    assert first["drawn"]["search"] == "?pattern=A" and first["drawn"]["spikes"] == 5
    bursting = lab("?pattern=A", first["drawn"], d="-1")
    assert bursting["changed"] == ("d < 0: each spike lowers u, so the neuron bursts without "
                                   "end. Spikes: 5 → 41.")
    assert "as you set it: 41 spikes" in bursting["summary"]
    assert bursting["drawn"]["search"] == "?pattern=A&d=-1"
    # the phase plane's time alone: the same run, the readout stays as it was
    moved = lab("?pattern=A&d=-1", bursting["drawn"], at="20")
    assert moved["changed"] is no_update
    assert moved["phase"]["layout"]["title"]["text"] == "Phase plane at t = 20 ms, I = 14"


def test_the_phase_plane_at_the_input_of_its_time():
    for at, current in (("5", 0.0), ("50", 14.0)):
        out = lab("?pattern=A", at=at)
        nullcline = trace_of(out["phase"], "v-nullcline")
        v = array(nullcline["x"]).astype(float)
        np.testing.assert_allclose(array(nullcline["y"]), 0.04 * v * v + 5 * v + 140 + current,
                                   rtol=1e-6, atol=1e-4)
        assert f"the input is I = {current:g} mV/ms" in out["phase_text"]
    assert "a stable node at v = −70.00 mV" in lab("?pattern=A", at="5")["phase_text"]
    assert "above I_SN = 4.00: the nullclines do not cross" in lab("?pattern=A")["phase_text"]
    assert saddle_node_current(0.2) == pytest.approx(4.0)


def test_a_bad_value_keeps_the_figures_and_says_why_beside_its_field():
    out = lab("?pattern=A", d="abc")
    assert out["errors"] == {"d": "The parameter d must be a number from -50 to 50 mV/ms "
                                  "(got 'abc')."}
    assert all(out[k] is no_update for k in (*V.LAB, "drawn"))
    cleared = C.update_lab(values_of("?pattern=A")[0], None, None, errors=out["errors"])
    assert cleared["errors"] == {}


def test_a_value_the_core_refuses_in_the_window_names_its_field():
    out = lab("?pattern=A", shape="ramp", t0="20", t1="15")
    assert list(out["errors"]) == ["t1"]
    out = lab("?pattern=A", amp="1e9")
    assert out["errors"] == {"amp": "The amplitude must be a number from -1000 to 1000 mV/ms "
                                    "(got '1e9')."}


@pytest.mark.parametrize("config, neurons", [
    (NetworkConfig(), (1, 811)),
    (NetworkConfig(ne=80, ni=20, duration=400, mode="fast", exc_type="CH", seed=5), (3, 90)),
], ids=["exact", "fast"])
def test_a_replayed_neuron_matches_the_network_bit_for_bit(config, neurons):
    network = simulate(config, Recording(neurons=neurons))
    for neuron in neurons:
        out = lab(f"?replay={neuron}&" + network_layout.query_from_state(config, ())[1:])
        assert out["summary"].endswith("match the network's bit for bit: ✓")
        assert out["summary"].startswith(f"Neuron {neuron} (")
        row = network.trace_row(neuron)
        v = array(trace_of(out["traces"], "v")["y"])
        np.testing.assert_array_equal(v, network.v[row].astype(np.float32))
        assert out["network_link"].href.endswith(f"&neurons={neuron}")


def test_a_replayed_neuron_answers_the_same_input_with_other_parameters():
    search = "?replay=1&ne=800&ni=202"
    own = lab(search)
    changed = lab(search, own["drawn"], d="-4")
    assert "With your a, b, c, d:" in changed["summary"]
    assert changed["summary"].count("bit for bit: ✓") == 1  # the own replay's, still
    grey = [t for t in changed["traces"]["data"] if t["name"] == "the network's neuron"]
    assert len(grey) == 2  # v and u of the network's own neuron, beneath
    assert changed["drawn"]["search"].endswith("&d=-4")
    assert changed["changed"].startswith("d < 0: each spike lowers u")
    i_own = array(trace_of(own["traces"], "I")["y"])
    np.testing.assert_array_equal(array(trace_of(changed["traces"], "I")["y"]), i_own)


def test_a_network_too_large_to_replay_says_so():
    out = lab("?replay=1&ne=40000&ni=10000&inputs=100&duration=2000")
    assert out["alert"].startswith("This network is too large to replay in the lab")
    assert out["traces"] is no_update


# -- moving the controls ----------------------------------------------------------------


def sync(trigger, search="", replay=None, **changes):
    values, _ = values_of("?pattern=A")
    out = C.sync_controls(trigger, search, {**values, **changes}, replay)
    assert set(out) == set(C.SYNC_KEYS)
    return out


def test_the_address_sets_the_controls_that_differ():
    out = sync(ID.URL, "?pattern=C&d=-1")
    assert (out["pattern"], out["c"], out["d"], out["amp"], out["t0"]) == (
        "C", -50.0, -1.0, 15.0, 22.0)
    assert out["a"] is no_update and out["b"] is no_update  # the same as A's
    assert out["applied"] == {"search": "?pattern=C&d=-1"}
    assert out["at_max"] == 220.0 and out["published"] == "As published: I = 15 after 22 ms; " \
                                                          "0 otherwise."


def test_a_refused_address_leaves_the_controls_and_says_why():
    out = sync(ID.URL, "?d=abc&pattern=C")
    assert out["alert"] == "The parameter d must be a number from -50 to 50 mV/ms (got 'abc')."
    assert all(out[k] is no_update for k in S.KEYS)
    assert out["applied"] == {"search": "?pattern=A", "refused": True}


def test_picking_a_pattern_or_a_scheme_or_reset():
    out = sync(ID.PATTERN, pattern="N")
    assert (out["c"], out["d"], out["tau"], out["amp"], out["t1"]) == (-52.0, 0.0, 0.2, -15.0,
                                                                        25.0)
    assert out["applied"] is no_update
    assert sync(ID.SCHEME, scheme="network2003")["tau"] == 1.0
    assert sync(ID.SCHEME, scheme="euler", tau=1.0)["tau"] == 0.25  # the pattern's own
    reset = sync(ID.RESET, d="-3", amp="2", at="70")
    assert (reset["d"], reset["amp"], reset["at"]) == (6.0, 14.0, no_update)
    assert reset["errors"] == {}


def test_picking_a_pattern_leaves_a_replay():
    _, replay = values_of("?replay=811")
    out = sync(ID.PATTERN, replay=replay, pattern="B")
    assert out["replay"] is None and out["lab_class"] == "lab-section"
    assert all(o["value"] != S.REPLAY for o in out["options"])
    into = sync(ID.URL, "?replay=811")
    assert into["pattern"] == S.REPLAY and into["lab_class"] == "lab-section replaying"
    assert into["options"][-1] == {"label": "network neuron 811 (I)", "value": S.REPLAY}
    assert into["at_max"] == 999.0


# -- the layout -------------------------------------------------------------------------


def test_the_page_is_built_at_its_address_and_left_alone_on_screen():
    assert page.page_layout(shown="/neuron", pattern="C") is no_update
    layout = to_json(page.page_layout(pattern="C", d="-1"))
    assert '"id":"lab-d","value":"-1"' in layout.replace(" ", "")  # as the address says it
    assert to_json(page.page_layout(d="abc"))  # refused: panel A (the sentence comes later)
    assert len(V.gallery_images()) == 20


def test_the_gallery_links_each_panel_to_the_lab():
    """The gallery's HTML (one component: assets/html_text.js sets it): twenty links,
    in Fig. 1's order, each followed in the page (data-route) around its label and its
    panel's image."""
    from html.parser import HTMLParser

    found, labels, images = [], [], []

    class Panels(HTMLParser):
        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "a" and a.get("class") == "gallery-panel":
                assert "data-route" in a
                found.append(a["href"])
            if tag == "img":
                images.append((a["id"], a["src"] == V.gallery_images()[a["id"][-1]]))

        def handle_data(self, data):
            labels.append(data)

    def gallery_div(node):
        if isinstance(node, dict):
            props = node.get("props", {})
            if props.get("id") == "gallery":
                return props
            children = props.get("children")
            for child in children if isinstance(children, list) else [children]:
                hit = gallery_div(child)
                if hit:
                    return hit
        return None

    Panels().feed(gallery_div(json.loads(to_json(page.page_layout())))["data-html"])
    assert labels == [p.label for p in FIGURE1_2004.values()]
    assert images == [(f"gallery-{k}", True) for k in FIGURE1_2004]
    assert found == [f"/neuron?pattern={k}" for k in FIGURE1_2004]
