"""The dashboard's callbacks called as plain functions (no browser, no server)."""

from __future__ import annotations

import base64
import json
import logging
import math
from pathlib import Path

import numpy as np
import pytest
from dash import no_update
from dash._utils import to_json
from dash.exceptions import PreventUpdate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.common import clientside
from dashboard.common.guard import GENERIC_ERROR
from dashboard.pages.network import callbacks as C
from dashboard.pages.network import state as S
from dashboard.pages.network.ids import ID, STATE_CONTROLS
from izhi_core import WEIGHT_SCENARIOS, NetworkConfig
from izhi_core import figures as F

ROOT = Path(__file__).resolve().parents[1]
ORIGINAL_SPIKES = 7598


def state(**changes):
    """Control values by key: the original script's run with some fields changed."""
    return {**S.default_state(), **changes}


def config_values(**changes):
    values = state(**changes)
    values.pop(S.NEURONS_KEY)
    values.pop(S.DRAWING_KEY)
    return values


def sync(trigger, *, search="", raster_click=None, map_click=None, drawn=None, **changes):
    """Call sync_controls; return ({key: value}, options, errors, alert)."""
    out = C.sync_controls(trigger, search, state(**changes), raster_click, map_click, drawn)
    assert set(out) == set(C.SYNC_KEYS)
    return ({k: out[k] for k in S.STATE_KEYS}, out["options"], out["errors"], out["alert"])


def array(spec) -> np.ndarray:
    """A figure array as the page receives it: a base64 typed array (dtype, bdata, shape)."""
    values = np.frombuffer(base64.b64decode(spec["bdata"]), dtype=np.dtype(spec["dtype"]))
    if "shape" in spec:
        values = values.reshape([int(n) for n in str(spec["shape"]).split(",")])
    return values


def n_points(fig) -> int:
    return sum(array(trace["x"]).size for trace in fig["data"])


def names(fig) -> set[str]:
    return {trace.get("name") for trace in fig["data"]}


@pytest.fixture(autouse=True)
def fresh_runs():
    C.RUNS.clear()
    yield
    C.RUNS.clear()


# -- the figures -------------------------------------------------------------------------


def view(alert_open=True, errors=None, **changes):
    """The view callback's outputs, by name (the alert open, unless told)."""
    values = state(**changes)
    neurons, drawing = values.pop(S.NEURONS_KEY), values.pop(S.DRAWING_KEY)
    out = C.update_view(values, neurons, errors, alert_open, drawing)
    assert set(out) == set(C.VIEW_KEYS)
    return {**out, "map": out["current_map"], "low": out["low_peak"],
            "gamma": out["gamma_peak"], "run_time": out["time"]}


def traces_only(neurons, errors=None, **changes):
    out = C.update_traces_only(neurons, config_values(**changes), errors)
    assert set(out) == set(C.TRACES_KEYS)
    return out


def test_defaults_give_the_seed_raster():
    out = view()
    raster = out["raster"]
    assert n_points(raster) == ORIGINAL_SPIKES
    assert names(raster) == {"excitatory", "inhibitory"}
    assert out["spikes"] == "7,598"
    assert out["rate_e"] == "7.6 Hz" and out["rate_i"] == "7.3 Hz"
    assert out["status"] == "7,598 spikes, excitatory 7.6 Hz, inhibitory 7.3 Hz"
    assert out["low"] == "8.0 Hz" and out["gamma"] == "no peak"  # 26 Hz was a band edge
    assert out["run_time"].endswith(" ms")
    assert out["alert"] == ""
    assert out["errors"] is no_update  # none were shown: nothing to clear
    assert out["request"] is no_update  # small: no background run
    assert out["drawn"]["search"] == S.query_from_state(NetworkConfig(), (1, 811))
    for trace in raster["data"]:  # a click reads the neuron from y: no customdata copy
        assert "customdata" not in trace
        assert array(trace["y"]).dtype.kind in "iu"
        assert trace["type"] == "scattergl"


def test_the_status_sentence_says_a_population_of_no_neurons():
    texts = {"spikes": "1,204", "rate_e": "3.0 Hz", "rate_i": C.view.NO_RATE}
    assert C.view.status(texts) == "1,204 spikes, excitatory 3.0 Hz, no inhibitory neurons"


def test_a_closed_alert_is_left_alone():
    out = view(alert_open=False)
    assert out["alert"] is no_update
    assert n_points(out["raster"]) == ORIGINAL_SPIKES
    big = view(alert_open=False, ne=80_000, ni=20_000, inputs=1000, mode="fast")
    assert big["alert"] is no_update
    # field errors shown before are cleared by a good view
    assert view(errors={"ne": "Excitatory neurons must be ..."})["errors"] == {}


def test_one_control_change_runs_the_network_once():
    before = C.RUNS.runs
    view(seed=5)
    assert C.RUNS.runs == before + 1
    view(seed=5)  # back to a view already seen: no run
    assert C.RUNS.runs == before + 1


def test_every_figure_of_the_defaults():
    out = view()
    heatmap = out["map"]["data"][0]
    z = array(heatmap["z"])
    assert z.dtype == np.float32 and z.shape == (59, 200)  # blocks of 17 neurons x 5 ms
    assert heatmap["zmin"] == -heatmap["zmax"] and heatmap["zmid"] == 0
    rate = [t for t in out["rhythms"]["data"] if t.get("yaxis") is None]
    assert [t["name"] for t in rate] == ["excitatory", "inhibitory"]
    (power,) = [t for t in out["rhythms"]["data"] if t.get("yaxis") == "y2"]
    assert power["name"] == "power" and power["xaxis"] == "x2"
    labels = " ".join(a["text"] for a in out["rhythms"]["layout"]["annotations"])
    assert "4–13 Hz" in labels and "25–60 Hz" in labels and "peak" in labels
    assert names(out["traces"]) == {"neuron 1 (E)", "neuron 811 (I)"}


def test_a_large_network_goes_to_the_background_and_the_figures_stay():
    big = dict(ne=80_000, ni=20_000, inputs=1000, mode="fast")
    before = C.RUNS.runs
    out = view(**big)
    assert C.RUNS.runs == before  # nothing ran here
    request = dict(out["request"])
    assert request.pop("at") > 0
    assert request == {"config": {**NetworkConfig().to_dict(), **big}, "neurons": [1, 811],
                       "drawing": "explorer"}
    assert all(out[k] is no_update for k in ("raster", "spikes", "map", "traces", "drawn"))
    assert out["alert"] == ""
    out = traces_only([5], **big)
    assert out["traces"] is no_update and out["request"]["neurons"] == [5]


def test_choosing_neurons_reruns_only_the_traces_without_a_map():
    out = traces_only([1, 811, 5])
    assert (out["request"], out["alert"], out["errors"]) == (no_update, no_update, no_update)
    assert names(out["traces"]) == {"neuron 1 (E)", "neuron 811 (I)", "neuron 5 (E)"}
    ((config, record),) = C.RUNS._entries
    assert record.neurons == (1, 811, 5) and record.map_rows == 0 and record.map_cols == 0


def test_the_update_is_small():
    out = C.update_view(config_values(), [1, 811], None, False)
    text = to_json([v for v in out.values() if v is not no_update])
    assert len(text) < 400_000
    assert '"dtype":"f8"' not in text


def test_a_bursting_network_is_thinned_for_the_page():
    out = view(exc_weight=1.0, seed=3)
    assert int(out["spikes"].replace(",", "")) > F.MAX_RASTER_POINTS
    assert n_points(out["raster"]) <= F.MAX_RASTER_POINTS
    assert "every" in out["raster"]["layout"]["title"]["text"]


# -- the page as it opens: drawn for its address ----------------------------------------


def opened(**query):
    """The page's layout for an address query: each component's props, by id."""
    import app  # noqa: F401  (the page registers itself with the app)
    from dashboard.pages.network import page

    layout = page.page_layout(shown=None, **query)  # as the router calls it
    return {str(c.id): c.to_plotly_json()["props"] for c in layout._traverse()
            if getattr(c, "id", None) is not None}


def test_the_page_opens_drawn_for_its_address_and_reading_it_moves_nothing():
    from izhi_core import simulate

    search = "?exc_weight=0.6&seed=3&neurons=5,900"
    props = opened(exc_weight="0.6", seed="3", neurons="5,900")
    spikes = simulate(NetworkConfig(exc_weight=0.6, seed=3)).n_spikes
    assert props[str(ID.CARD_SPIKES)]["children"] == f"{spikes:,}"
    assert n_points(props[str(ID.RASTER)]["figure"]) == spikes
    assert names(props[str(ID.TRACES)]["figure"]) == {"neuron 5 (E)", "neuron 900 (I)"}
    assert props[str(ID.RESULT_STATUS)]["children"].startswith(f"{spikes:,} spikes")
    drawn = props[str(ID.DRAWN)]["data"]
    assert S.state_from_query(drawn["search"]) == S.state_from_query(search)
    # The controls say the same: reading the address then moves none of them, so no
    # callback draws the page a second time.
    controls = {k: props[str(c)]["value"] for k, c in STATE_CONTROLS.items()}
    assert controls["exc_weight"] == "0.6" and controls[S.NEURONS_KEY] == [5, 900]
    out = C.sync_controls(ID.URL, search, controls, None, None, None)
    assert all(out[k] is no_update for k in S.STATE_KEYS)


@pytest.mark.parametrize("query", [
    {"ne": "abc", "seed": "4"},  # refused: its sentence comes when the address is read
    {"ne": "80000", "ni": "20000", "inputs": "1000", "mode": "fast"},  # the background's
])
def test_an_address_the_page_cannot_draw_at_once_opens_on_the_original_scripts_run(query):
    props = opened(**query)
    assert props[str(ID.CARD_SPIKES)]["children"] == f"{ORIGINAL_SPIKES:,}"
    assert props[str(ID.NE)]["value"] == "800" and props[str(ID.SEED)]["value"] == "0"
    assert props[str(ID.DRAWN)]["data"]["state"] == S.default_state()


def test_the_page_on_screen_already_is_left_alone_and_the_ids_check_runs_nothing():
    import app  # noqa: F401
    from dashboard.pages.network import page

    assert page.page_layout(shown="/", seed="5") is no_update
    before = C.RUNS.runs
    ids_only = page.page_layout()  # Dash's check of the callbacks' ids
    assert C.RUNS.runs == before
    assert str(ID.RASTER) in {str(getattr(c, "id", None)) for c in ids_only._traverse()}


def test_each_slider_says_its_field_unless_its_box_holds_what_it_cannot_show():
    boxes = {"exc_weight": "0.5", "inh_weight": "abc", "exc_noise": "25", "seed": "3"}
    sliders = {"exc_weight": 0.55, "inh_weight": 1.0, "exc_noise": 5.0}
    # a slider just moved says its field, whatever its box holds
    assert C.view_values(boxes, sliders, ["exc_weight", "inh_weight"]) == {
        "exc_weight": 0.55, "inh_weight": 1.0, "exc_noise": "25", "seed": "3"}
    # unmoved: a box not yet written by the page's answer (another slider moved before
    # it came) gives way to its slider; a refused text, or a number beyond the field's
    # range, stays as typed, and so stays refused; a field with no slider is its box
    assert C.view_values(boxes, sliders, []) == {
        "exc_weight": 0.55, "inh_weight": "abc", "exc_noise": "25", "seed": "3"}


def test_the_answer_writes_each_slider_read_in_its_box_and_no_other():
    boxes = {"exc_weight": "0.5", "inh_weight": "abc", "exc_noise": "5", "seed": "3"}
    sliders = {"exc_weight": 0.55, "inh_weight": 1.0, "exc_noise": 5.0}
    values = C.view_values(boxes, sliders, ["exc_weight"])
    assert clientside.box_echo(boxes, sliders, values) == {
        "exc_weight": 0.55,  # moved: its box follows
        "inh_weight": no_update,  # refused as typed: the box keeps it
        "exc_noise": no_update,  # the box shows the slider already
    }


# -- bad values: the core's sentence, the figures stay -----------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "sentence"),
    [
        ({"ne": "abc"}, "ne",
         "Excitatory neurons must be a whole number from 0 to 250,000 (got 'abc')."),
        ({"ne": "12.5"}, "ne", "(got '12.5')."),
        ({"ne": ""}, "ne", "(got nothing)."),
        ({"exc_weight": float("nan")}, "exc_weight",
         "Excitatory weight must be a number from 0 to 2 mV/ms (got nan)."),
        ({"exc_weight": "5"}, "exc_weight", "from 0 to 2 mV/ms (got '5')."),
        ({"exc_weight": "-1"}, "exc_weight", "from 0 to 2 mV/ms (got '-1')."),
        ({"exc_type": "XX"}, "exc_type",
         "Excitatory type must be one of RS, IB, CH, FS, TC, LTS, RZ (got 'XX')."),
        ({"ne": 9000}, "inputs", "An all-to-all network may have at most 5,000 neurons"),
        ({"duration": None}, "duration",
         "Duration must be a whole number from 1 to 100,000 ms (got nothing)."),
        ({"seed": -1}, "seed", "Random seed must be a whole number from 0 to 4,294,967,295"),
        ({"mode": ["seed"]}, "mode", "Mode must be one of exact, fast (got ['seed'])."),
        ({"inputs": 10**30}, "inputs", "Inputs per neuron must be a whole number from 1 to 1,002"),
        ({"inputs": "1.5"}, "inputs", "(got '1.5')."),
        ({"inh_noise": "1e999"}, "inh_noise", "Inhibitory noise must be a number from 0 to 20"),
    ],
)
def test_a_bad_value_gets_its_sentence_beside_its_field_and_the_figures_stay(
        changes, field, sentence):
    out = view(alert_open=False, **changes)
    assert list(out["errors"]) == [field]
    assert sentence in out["errors"][field]
    assert out["alert"] is no_update
    assert all(out[k] is no_update for k in (*C.view.VIEW, "drawn", "request"))
    out2 = traces_only([1], **changes)
    assert out2["errors"] == out["errors"] and out2["traces"] is no_update


def test_a_neuron_the_network_lacks_gets_the_fields_sentence():
    out = traces_only([1, 5000])
    assert out["errors"] == {"neurons": "Traced neurons must be neuron indices from 0 to 1,001 "
                                        "in a network of 1,002 neurons (got 5000)."}
    out = C.neuron_search("5000", [1, 811], 800, 202)
    assert "from 0 to 1,001" in out["errors"]["neurons"]


def test_any_other_error_is_a_generic_sentence_logged_on_the_server(monkeypatch, caplog):
    def boom(config, record):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(C.RUNS, "get", boom)
    with caplog.at_level(logging.ERROR, logger="izhi_dashboard"):
        out = view()
    assert out["alert"] == GENERIC_ERROR
    assert "secret" not in out["alert"] and "Traceback" not in out["alert"]
    assert all(out[k] is no_update for k in C.view.VIEW)
    assert "secret internals" in caplog.text


JSON_GARBAGE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                  max_size=3),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(S.STATE_KEYS), value=JSON_GARBAGE, search=JSON_GARBAGE)
def test_untrusted_json_never_raises(key, value, search):
    # Garbage in one field keeps every run tiny or refused, never long.
    values = state(**{"ne": 8, "ni": 2, "duration": 5, key: value})
    neurons = values.pop(S.NEURONS_KEY)
    out = C.update_view(values, neurons, value, value)
    assert set(out) == set(C.VIEW_KEYS)
    out = C.update_traces_only(neurons, values, value)
    assert set(out) == set(C.TRACES_KEYS)
    for trigger in (ID.URL, ID.REVERT, ID.RASTER, ID.CURRENT_MAP, "nonsense", None):
        try:
            out = C.sync_controls(trigger, search, {**values, S.NEURONS_KEY: neurons},
                                  value, value, value)
        except PreventUpdate:
            continue
        assert set(out) == set(C.SYNC_KEYS)


# -- controls ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(WEIGHT_SCENARIOS))
def test_every_scenario_is_recognised_from_its_weights(name):
    weights = S.scenario_weights(name)
    assert S.scenario_of(weights["exc_weight"], weights["inh_weight"]) == name


def test_weights_away_from_every_scenario_are_custom():
    assert S.scenario_of(1.0, 1.0) == S.CUSTOM == "custom"
    assert S.scenario_of("0.6", "1.6") == "S1"  # as the boxes hold them
    assert S.scenario_of("", "1") == S.CUSTOM


def test_reset_returns_to_the_seed_and_new_seed_draws_another():
    values, _, _, _ = sync(ID.RESET, exc_type="CH", seed=9, neurons=[3])
    assert values["exc_type"] == "RS" and values["seed"] == 0
    assert values[S.NEURONS_KEY] == [1, 811]
    assert values["ne"] is no_update
    values, *_ = sync(ID.NEW_SEED)
    assert isinstance(values["seed"], int) and 1 <= values["seed"] < 100_000


def test_the_address_round_trips_a_configuration():
    config = NetworkConfig(ne=300, ni=75, duration=400, exc_type="CH", inh_type="FS",
                           exc_weight=0.55, inh_weight=1.25, exc_noise=4.5, inh_noise=0.5,
                           seed=1234, mode="fast", inputs=50)
    query = S.query_from_state(config, (1, 310))
    state = S.state_from_query(query)
    assert NetworkConfig.from_mapping(
        {k: v for k, v in state.items() if k in S.CONFIG_FIELDS}) == config
    assert state[S.NEURONS_KEY] == [1, 310]
    # and the page's controls take those values
    values, *_ = sync(ID.URL, search=query)
    defaults = S.default_state()
    assert {k: v for k, v in values.items() if v is not no_update} == {
        k: v for k, v in state.items() if v != defaults[k]}


def test_the_address_reads_short_and_odd_links():
    assert S.state_from_query("") == S.default_state()
    assert S.state_from_query("?") == S.default_state()
    state = S.state_from_query("?exc_weight=1.0&inputs=&neurons=5,900,5000")
    assert state["exc_weight"] == 1.0 and state["inputs"] is None
    assert state[S.NEURONS_KEY] == [5, 900]  # 5000 is not in this network
    # 811 is gone with them: the inhibitory example is then the last neuron
    assert S.state_from_query("?ni=5")[S.NEURONS_KEY] == [1, 804]


@pytest.mark.parametrize(
    ("search", "sentence"),
    [
        ("?foo=1", "Unknown field 'foo'"),
        ("?seed=1&seed=2", "the address query gives 'seed' more than once."),
        ("?ne=-5", "Excitatory neurons must be a whole number from 0 to 250,000 (got '-5')."),
        ("?neurons=a,b", "Traced neurons must be neuron indices"),
        ("?" + "x" * 3000, "the address query must be at most 2,000 characters"),
        (["?seed=1"], "the address query must be text"),
    ],
)
def test_a_bad_address_shows_an_alert_and_moves_nothing(search, sentence):
    with pytest.raises(ValueError) as caught:
        S.state_from_query(search)
    assert str(caught.value).startswith(sentence)
    out = C.sync_controls(ID.URL, search, state(), None, None, None)
    assert out["applied"] == {"refused": True}  # the address may be written again
    assert out["alert"].lower().startswith(sentence[:30].lower())
    assert all(out[k] is no_update for k in S.STATE_KEYS)


def test_revert_puts_the_controls_back_to_what_is_drawn():
    drawn = view(seed=4)["drawn"]
    values, _, errors, _ = sync(ID.REVERT, drawn=drawn, seed="x", exc_weight=1.5)
    assert values["seed"] == 4 and values["exc_weight"] == 0.5
    assert values["ne"] is no_update and errors == {}


def test_clicking_the_raster_or_a_map_row_adds_that_neuron():
    point = {"curveNumber": 0, "pointNumber": 3, "x": 120, "y": 42}  # a raster point
    values, options, *_ = sync(ID.RASTER, raster_click={"points": [point]})
    assert values[S.NEURONS_KEY] == [1, 811, 42]
    assert {"label": "42 (E)", "value": 42} in options
    row = {"curveNumber": 0, "x": 500.0, "y": 903.5, "z": 1.2}  # the centre of a block
    values, *_ = sync(ID.CURRENT_MAP, map_click={"points": [row]})
    assert values[S.NEURONS_KEY] == [1, 811, 904]
    values, *_ = sync(ID.RASTER, raster_click={"points": [{**point, "y": 811}]})
    assert values[S.NEURONS_KEY] is no_update  # already traced
    *_, alert = sync(ID.RASTER, raster_click={"points": [{"customdata": 5000}]})
    assert alert.startswith("Neuron index must be")


def test_neuron_search_offers_only_neurons_of_the_network():
    out = C.neuron_search("42", [1, 811], 800, 202)
    assert [o["value"] for o in out["options"]] == [1, 811, 42]
    for typed in ("", None, "  "):
        with pytest.raises(PreventUpdate):
            C.neuron_search(typed, [1, 811], 800, 202)
    for typed in ("5000", "abc", "-1", "1" * 20):
        out = C.neuron_search(typed, [1, 811], 800, 202)
        assert out["options"] is no_update and "Traced neurons" in out["errors"]["neurons"]


def test_type_info_shows_parameters_and_names_the_png_as_the_seed():
    out = C.type_info("CH", "FS")
    assert out["exc_params"] == "a 0.02, b 0.2, c -51 mV, d 2"
    assert out["inh_params"] == "a 0.1, b 0.2, c -65 mV, d 2"
    configs = [out[str(g)] for g in C.PNG_GRAPHS]
    names = [c["toImageButtonOptions"]["filename"] for c in configs]
    assert all(c["showSendToCloud"] is False for c in configs)  # no "Share chart"
    assert names[0] == "izhikevich_SNN_firings_Ne_chattering_CH_Ni_fast_spiking_FS"
    assert names[1] == "izhikevich_SNN_currents_Ne_chattering_CH_Ni_fast_spiking_FS"
    assert C.type_info("XX", "FS")["errors"]["exc_type"].startswith(
        "Excitatory type must be one of")


# -- downloads --------------------------------------------------------------------------


def download(trigger, **changes):
    values = state(**changes)
    neurons = values.pop(S.NEURONS_KEY)
    out = C.download(trigger, values, neurons)
    assert (out["alert"], out["errors"]) == (no_update, no_update)
    return out["data"]


def test_download_spikes_in_the_seed_order():
    data = download(ID.DOWNLOAD_SPIKES)
    lines = data["content"].splitlines()
    assert lines[0] == "time_ms,neuron"
    assert len(lines) == 1 + ORIGINAL_SPIKES
    rows = np.array([tuple(map(int, line.split(","))) for line in lines[1:]])
    assert np.all(np.diff(rows[:, 0]) >= 0)
    same_ms = np.diff(rows[:, 0]) == 0
    assert np.all(np.diff(rows[:, 1])[same_ms] > 0)
    assert data["filename"] == (
        "izhikevich_SNN_firings_Ne_regular_spiking_RS_Ni_low-threshold_spiking_LTS"
        "_weights-0.5-1_noise-5-2_seed-0.csv")
    named = download(ID.DOWNLOAD_TRACES, exc_weight=0.7, seed=9)["filename"]
    assert named.endswith("_weights-0.7-1_noise-5-2_seed-9.csv")


def test_download_configuration_and_traces():
    data = download(ID.DOWNLOAD_CONFIG, seed=7)
    assert json.loads(data["content"]) == NetworkConfig(seed=7).to_dict()
    assert data["filename"].endswith(".json")
    data = download(ID.DOWNLOAD_TRACES, neurons=[1, 811, 5])
    lines = data["content"].splitlines()
    assert lines[0] == "time_ms,v_1,u_1,v_811,u_811,v_5,u_5"
    assert len(lines) == 1 + 1000
    assert lines[1].startswith("0,")
    assert all(math.isfinite(float(x)) for x in lines[-1].split(","))


def test_a_bad_download_shows_an_alert():
    out = C.download(ID.DOWNLOAD_SPIKES, config_values(seed="x"), [1])
    assert out["data"] is no_update and out["errors"]["seed"].startswith("Random seed must be")
    with pytest.raises(PreventUpdate):
        C.download(None, config_values(), [1])


# -- shape of the code ------------------------------------------------------------------


def test_the_page_has_every_id_and_every_callback_finds_its_components():
    """Every id of the network page is drawn, and every callback the browser is sent
    (``/_dash-dependencies``, whatever the order the tests imported the app in) finds
    its components in the shell or one of the pages."""
    import app as A
    from dashboard import shell
    from dashboard.pages.compare import page as compare_page
    from dashboard.pages.network import layout as L
    from dashboard.pages.neuron import page as neuron_page
    from dashboard.pages.sweep import page as sweep_page

    page = L.build_layout(C.view.png_names(NetworkConfig()))
    ids = {str(getattr(c, "id", None)) for c in page._traverse()}
    assert sorted(str(i) for i in ID if str(i) not in ids) == []
    ids |= {str(getattr(c, "id", None)) for c in shell.layout()._traverse()}
    ids |= {str(getattr(c, "id", None)) for c in neuron_page.page_layout()._traverse()}
    ids |= {str(getattr(c, "id", None)) for c in sweep_page.page_layout()._traverse()}
    ids |= {str(getattr(c, "id", None)) for c in compare_page.page_layout()._traverse()}
    deps = A.server.test_client().get("/_dash-dependencies").get_json()
    assert len(deps) > 40
    wanted = set()
    for cb in deps:
        for dep in cb["inputs"] + cb["state"]:
            wanted.add(dep["id"])
        # one output "id.prop", or several "..id.prop...id.prop..", each maybe "@hash"
        outputs = cb["output"][2:-2].split("...") if cb["output"].startswith("..") \
            else [cb["output"]]
        wanted |= {out.split("@")[0].rsplit(".", 1)[0] for out in outputs}
    wanted = {w for w in wanted if w and not w.startswith("_pages")}
    assert sorted(wanted - ids) == []


def test_a_view_kept_from_before_says_so_beside_its_time():
    first, again = view(seed=11), view(seed=11)
    assert "kept" not in first["run_time"] and again["run_time"].endswith(" ms (kept)")


def test_a_link_without_neurons_traces_an_excitatory_and_an_inhibitory_one():
    assert S.state_from_query("")[S.NEURONS_KEY] == [1, 811]
    big = S.state_from_query("?ne=80000&ni=20000&inputs=1000&mode=fast")
    assert big[S.NEURONS_KEY] == [1, 80011]  # 811 would be excitatory here


def test_drawn_as_the_original_script():
    out = view(drawing="original")
    heatmap = out["map"]["data"][0]
    assert array(heatmap["z"]).shape == (1002, 1000)  # every neuron and every ms
    assert heatmap["zmax"] > 20  # the script's colour limits: +-max |I|
    v = np.concatenate([array(t["y"]) for t in out["traces"]["data"] if t.get("yaxis") in
                        (None, "y")])
    assert v.max() < 30  # as recorded: the reset value at a spike, no +30 mV peaks
    assert "drawing=original" in out["drawn"]["search"]
    explorer = view()
    assert array(explorer["map"]["data"][0]["z"]).shape == (59, 200)
    v = np.concatenate([array(t["y"]) for t in explorer["traces"]["data"] if t.get("yaxis") in
                        (None, "y")])
    assert v.max() == 30


def test_no_traced_neuron_gives_the_hint():
    out = traces_only([])
    texts = " ".join(a["text"] for a in out["traces"]["layout"]["annotations"])
    assert "click a dot of the raster" in texts


def test_the_types_spread_in_the_network_is_shown_and_a_negative_d_is_warned():
    out = C.type_info("CH", "LTS")
    assert out["exc_spread"].startswith("In the network: a 0.02, b 0.2, c -51 to -36 mV, "
                                        "d -4 to 2.")
    assert "d < 0 for 42% of them" in out["exc_spread"]
    assert "d < 0" not in C.type_info("RS", "LTS")["exc_spread"]
    assert "d < 0" not in out["inh_spread"]


def test_the_progress_bar_says_the_synapses_are_being_built_before_the_first_ms():
    from dashboard.common.jobs import progress_text

    assert progress_text(0, 1000, building=True) == (
        0.0, "building the synapses (then 1,000 ms to simulate)")
    assert progress_text(250, 1000) == (25.0, "250 of 1,000 ms simulated")


def test_a_population_of_no_neurons_has_no_rate():
    out = view(ne=0, ni=100, neurons=[1])
    assert out["rate_e"] == "—" and out["rate_i"].endswith(" Hz")


def test_presentation_mode_in_a_link_is_how_the_page_shows_the_run_not_the_run():
    # present=1 draws the same run as without it; a bad value gets its sentence
    assert S.state_from_query("?seed=3&present=1") == S.state_from_query("?seed=3")
    assert S.state_from_query("?present=0") == S.default_state()
    with pytest.raises(ValueError, match=r"^Presentation mode \(present\) must be 0 or 1 "
                                         r"\(got 'yes'\)\.$"):
        S.state_from_query("?present=yes")
    assert "present" not in S.query_from_state(NetworkConfig(), [1, 811], "explorer")


def test_a_callback_whose_process_is_shut_down_lets_it_go_without_a_traceback(caplog):
    # a worker's SIGTERM raises SystemExit inside a numba kernel's callback: it comes
    # out as a SystemError caused by it, which is no failure of the callback's
    from dashboard.common.guard import ALERT, guard

    @guard((ALERT,))
    def stopped():
        try:
            raise SystemExit(-15)
        except SystemExit as stop:
            raise SystemError("run_sparse returned a result with an exception set") from stop

    @guard((ALERT,))
    def broken():
        raise RuntimeError("a bug")

    with pytest.raises(SystemExit):
        stopped()
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    assert broken()[ALERT]  # a real failure still gets its sentence, and is logged
    assert [r for r in caplog.records if r.levelname == "ERROR"]
