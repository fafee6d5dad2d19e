"""The dashboard's callbacks called as plain functions (no browser, no server)."""

from __future__ import annotations

import base64
import json
import logging
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from dash import no_update
from dash._utils import to_json
from dash.exceptions import PreventUpdate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import callbacks as C
from dashboard import state as S
from dashboard.ids import ID
from izhi_core import WEIGHT_SCENARIOS, NetworkConfig

ROOT = Path(__file__).resolve().parents[1]
SEED_SPIKES = 7598


def controls(**changes):
    """Control values in STATE_KEYS order: the seed's run with some fields changed."""
    values = {**S.default_state(), **changes}
    return [values[k] for k in S.STATE_KEYS]


def config_values(**changes):
    return controls(**changes)[:-1]


def sync(trigger, *, search="", scenario="default", raster_click=None, map_click=None,
         **changes):
    """Call sync_controls; return (scenario, {key: value}, options, alert, is_open)."""
    out = C.sync_controls(trigger, search, scenario, 0, 0, raster_click, map_click,
                          *controls(**changes))
    scenario_out, *values, options, alert, is_open = out
    return scenario_out, dict(zip(S.STATE_KEYS, values, strict=True)), options, alert, is_open


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


def view(alert_open=True, **changes):
    """The view callback's outputs, by name (the alert open, unless told)."""
    out = C.update_view(*controls(**changes), alert_open)
    keys = ["raster", "spikes", "rate_e", "rate_i", "low", "gamma", "run_time", "map",
            "rhythms", "traces", "request", "alert", "is_open"]
    assert len(out) == len(keys) == C.N_VIEW_OUTPUTS
    return dict(zip(keys, out, strict=True))


def test_defaults_give_the_seed_raster():
    out = view()
    raster = out["raster"]
    assert n_points(raster) == SEED_SPIKES
    assert names(raster) == {"excitatory", "inhibitory"}
    assert out["spikes"] == "7,598"
    assert out["rate_e"] == "7.6 Hz" and out["rate_i"] == "7.3 Hz"
    assert out["low"].endswith(" Hz") and out["gamma"].endswith(" Hz")
    assert out["run_time"].endswith(" ms")
    assert (out["alert"], out["is_open"]) == ("", False)
    assert out["request"] is no_update  # small: no background run
    for trace in raster["data"]:  # a click reads the neuron from y: no customdata copy
        assert "customdata" not in trace
        assert array(trace["y"]).dtype.kind in "iu"
        assert trace["type"] == "scattergl"


def test_a_closed_alert_is_left_alone():
    out = view(alert_open=False)
    assert (out["alert"], out["is_open"]) == (no_update, no_update)
    assert n_points(out["raster"]) == SEED_SPIKES
    big = view(alert_open=False, ne=80_000, ni=20_000, inputs=1000, mode="fast")
    assert (big["alert"], big["is_open"]) == (no_update, no_update)


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
    assert out["request"] == {"config": {**NetworkConfig().to_dict(), **big},
                              "neurons": [1, 811]}
    assert all(out[k] is no_update for k in ("raster", "spikes", "map", "traces"))
    assert (out["alert"], out["is_open"]) == ("", False)
    traces, request, alert, is_open = C.update_traces_only([5], *config_values(**big))
    assert traces is no_update and request["neurons"] == [5]


def test_choosing_neurons_reruns_only_the_traces_without_a_map():
    traces, request, alert, is_open = C.update_traces_only([1, 811, 5], *config_values())
    assert (request, alert, is_open) == (no_update, no_update, no_update)
    assert names(traces) == {"neuron 1 (E)", "neuron 811 (I)", "neuron 5 (E)"}
    ((config, record),) = C.RUNS._entries
    assert record.neurons == (1, 811, 5) and record.map_rows == 0 and record.map_cols == 0


def test_the_update_is_small():
    out = C.update_view(*controls(), False)
    size = len(to_json(list(out)))
    assert size < 400_000
    assert '"dtype":"f8"' not in to_json(list(out))


def test_a_bursting_network_is_thinned_for_the_page():
    out = view(exc_weight=1.0, seed=3)
    assert int(out["spikes"].replace(",", "")) > C.MAX_RASTER_POINTS
    assert n_points(out["raster"]) <= C.MAX_RASTER_POINTS
    assert "every" in out["raster"]["layout"]["title"]["text"]


# -- bad values: the core's sentence, the figures stay -----------------------------------


@pytest.mark.parametrize(
    ("changes", "sentence"),
    [
        ({"ne": "abc"}, "ne must be a whole number from 0 to 250,000 (got 'abc')."),
        ({"exc_weight": float("nan")}, "exc_weight must be a number from 0 to 10 (got nan)."),
        ({"exc_type": "XX"}, "exc_type must be one of RS, IB, CH, FS, TC, LTS, RZ (got 'XX')."),
        ({"ne": 9000}, "ne + ni must be at most 5,000 for an all-to-all network"),
        ({"duration": None}, "duration must be a whole number from 1 to 100,000 (got None)."),
        ({"seed": -1}, "seed must be a whole number from 0 to 4,294,967,295 (got -1)."),
        ({"mode": ["seed"]}, "mode must be one of seed, fast (got ['seed'])."),
        ({"inputs": 10**30}, "inputs must be a whole number from 1 to 1,002"),
        ({"inh_noise": "1e999"}, "inh_noise must be a number from 0 to 100"),
    ],
)
def test_a_bad_value_shows_the_core_sentence_and_keeps_the_figures(changes, sentence):
    *figures_and_cards, alert, is_open = C.update_view(*controls(**changes), False)
    assert is_open is True
    assert alert.startswith(sentence)
    assert all(v is no_update for v in figures_and_cards)
    traces, request, alert2, is_open2 = C.update_traces_only([1], *config_values(**changes))
    assert (traces, request, alert2, is_open2) == (no_update, no_update, alert, True)


def test_any_other_error_is_a_generic_sentence_logged_on_the_server(monkeypatch, caplog):
    def boom(config, record):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(C.RUNS, "get", boom)
    with caplog.at_level(logging.ERROR, logger="dashboard.callbacks"):
        *figures, alert, is_open = C.update_view(*controls(), True)
    assert alert == C.GENERIC_ERROR and is_open is True
    assert "secret" not in alert and "Traceback" not in alert
    assert all(f is no_update for f in figures)
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
    values = controls(**{"ne": 8, "ni": 2, "duration": 5, key: value})
    out = C.update_view(*values, value)
    assert out[-1] in (True, False, no_update) and len(out) == C.N_VIEW_OUTPUTS
    out = C.update_traces_only(values[-1], *values[:-1])
    assert out[-1] in (True, no_update)
    for trigger in (ID.URL, ID.SCENARIO, ID.RASTER, ID.CURRENT_MAP, "nonsense", None):
        try:
            out = C.sync_controls(trigger, search, value, value, value, value, value, *values)
        except PreventUpdate:
            continue
        assert len(out) == C.N_SYNC_OUTPUTS


# -- controls ---------------------------------------------------------------------------


def test_the_weight_scenario_sets_the_sliders():
    scenario, values, _, alert, _ = sync(ID.SCENARIO, scenario="S1")
    assert (values["exc_weight"], values["inh_weight"]) == (0.6, 1.6)
    assert scenario is no_update  # it already shows S1
    others = [k for k in S.STATE_KEYS if k not in ("exc_weight", "inh_weight")]
    assert all(values[k] is no_update for k in others)
    assert alert is no_update


@pytest.mark.parametrize("name", list(WEIGHT_SCENARIOS))
def test_every_scenario_is_recognised_from_its_weights(name):
    weights = S.scenario_weights(name)
    assert S.scenario_of(weights["exc_weight"], weights["inh_weight"]) == name


def test_a_slider_away_from_a_scenario_clears_it_on_the_echo():
    scenario, *_ = sync(ID.URL, search="?exc_weight=0.55", exc_weight=0.55)
    assert scenario is None


def test_reset_returns_to_the_seed_and_new_seed_draws_another():
    _, values, _, _, _ = sync(ID.RESET, exc_type="CH", seed=9, neurons=[3])
    assert values["exc_type"] == "RS" and values["seed"] == 0
    assert values[S.NEURONS_KEY] == [1, 811]
    assert values["ne"] is no_update
    _, values, *_ = sync(ID.NEW_SEED)
    assert isinstance(values["seed"], int) and 1 <= values["seed"] < 100_000


def test_the_address_round_trips_a_configuration():
    config = NetworkConfig(ne=300, ni=75, duration=400, exc_type="CH", inh_type="FS",
                           exc_weight=0.55, inh_weight=1.25, exc_noise=4.5, inh_noise=0.5,
                           seed=1234, mode="fast", inputs=50)
    query = S.query_from_state(config, (1, 310))
    state = S.state_from_query(query)
    assert NetworkConfig.from_mapping(
        {k: v for k, v in state.items() if k != S.NEURONS_KEY}) == config
    assert state[S.NEURONS_KEY] == [1, 310]
    # and the page's controls take those values
    _, values, *_ = sync(ID.URL, search=query)
    assert {k: values[k] for k in S.STATE_KEYS} == state


def test_the_address_reads_short_and_odd_links():
    assert S.state_from_query("") == S.default_state()
    assert S.state_from_query("?") == S.default_state()
    state = S.state_from_query("?exc_weight=1.0&inputs=&neurons=5,900,5000")
    assert state["exc_weight"] == 1.0 and state["inputs"] is None
    assert state[S.NEURONS_KEY] == [5, 900]  # 5000 is not in this network
    assert S.state_from_query("?ni=5")[S.NEURONS_KEY] == [1]  # 811 is gone with them


@pytest.mark.parametrize(
    ("search", "sentence"),
    [
        ("?foo=1", "unknown field 'foo'"),
        ("?seed=1&seed=2", "the address query gives 'seed' more than once."),
        ("?ne=-5", "ne must be a whole number from 0 to 250,000 (got -5)."),
        ("?neurons=a,b", "neuron index must be a whole number"),
        ("?" + "x" * 3000, "the address query must be at most 2,000 characters"),
        (["?seed=1"], "the address query must be text"),
    ],
)
def test_a_bad_address_shows_an_alert_and_moves_nothing(search, sentence):
    with pytest.raises(ValueError) as caught:
        S.state_from_query(search)
    assert str(caught.value).startswith(sentence)
    scenario, values, options, alert, is_open = sync(ID.URL, search=search)
    assert is_open is True and alert.startswith(sentence[:30])
    assert all(v is no_update for v in values.values())


def test_clicking_the_raster_or_a_map_row_adds_that_neuron():
    point = {"curveNumber": 0, "pointNumber": 3, "x": 120, "y": 42}  # a raster point
    _, values, options, *_ = sync(ID.RASTER, raster_click={"points": [point]})
    assert values[S.NEURONS_KEY] == [1, 811, 42]
    assert {"label": "42 (E)", "value": 42} in options
    row = {"curveNumber": 0, "x": 500.0, "y": 903.5, "z": 1.2}  # the centre of a block
    _, values, *_ = sync(ID.CURRENT_MAP, map_click={"points": [row]})
    assert values[S.NEURONS_KEY] == [1, 811, 904]
    _, values, *_ = sync(ID.RASTER, raster_click={"points": [{**point, "y": 811}]})
    assert values[S.NEURONS_KEY] is no_update  # already traced
    *_, alert, is_open = sync(ID.RASTER, raster_click={"points": [{"customdata": 5000}]})
    assert is_open and alert.startswith("neuron index must be")


def test_neuron_search_offers_only_neurons_of_the_network():
    options, *_ = C.neuron_search("42", [1, 811], 800, 202)
    assert [o["value"] for o in options] == [1, 811, 42]
    for typed in ("5000", "abc", "", None, "-1", "1" * 20):
        with pytest.raises(PreventUpdate):
            C.neuron_search(typed, [1, 811], 800, 202)


def test_type_info_shows_parameters_and_names_the_png_as_the_seed():
    exc, inh, *configs, alert, is_open = C.type_info("CH", "FS")
    assert exc == "a 0.02, b 0.2, c -51 mV, d 2"
    assert inh == "a 0.1, b 0.2, c -65 mV, d 2"
    names = [c["toImageButtonOptions"]["filename"] for c in configs]
    assert names[0] == "izhikevich_SNN_firings_Ne_chattering_CH_Ni_fast_spiking_FS"
    assert names[1] == "izhikevich_SNN_currents_Ne_chattering_CH_Ni_fast_spiking_FS"
    *_, alert, is_open = C.type_info("XX", "FS")
    assert is_open and alert.startswith("exc_type must be one of")


# -- downloads --------------------------------------------------------------------------


def download(trigger, **changes):
    data, alert, is_open = C.download(trigger, 1, 1, 1, *controls(**changes))
    assert (alert, is_open) == (no_update, no_update)
    return data


def test_download_spikes_in_the_seed_order():
    data = download(ID.DOWNLOAD_SPIKES)
    lines = data["content"].splitlines()
    assert lines[0] == "time_ms,neuron"
    assert len(lines) == 1 + SEED_SPIKES
    rows = np.array([tuple(map(int, line.split(","))) for line in lines[1:]])
    assert np.all(np.diff(rows[:, 0]) >= 0)
    same_ms = np.diff(rows[:, 0]) == 0
    assert np.all(np.diff(rows[:, 1])[same_ms] > 0)
    assert data["filename"] == (
        "izhikevich_SNN_firings_Ne_regular_spiking_RS_Ni_low-threshold_spiking_LTS.csv")


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
    data, alert, is_open = C.download(ID.DOWNLOAD_SPIKES, 1, 1, 1, *controls(seed="x"))
    assert data is no_update and is_open and alert.startswith("seed must be")
    with pytest.raises(PreventUpdate):
        C.download(None, 0, 0, 0, *controls())


# -- shape of the code ------------------------------------------------------------------


def test_the_core_never_imports_dash():
    code = ("import izhi_core, izhi_core.figures, izhi_core.analysis, sys; "
            "print('dash' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_app_wires_every_id_of_the_layout():
    code = ("import app; from dashboard.ids import ID; "
            "ids = {str(getattr(c, 'id', None)) for c in app.app.layout._traverse()}; "
            "print(sorted(str(i) for i in ID if str(i) not in ids))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "[]"
