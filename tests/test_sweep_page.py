"""The sweep page's state, validation and callbacks, called as plain functions; its grid
and figures against a plain loop over ``simulate()``."""

from __future__ import annotations

import base64
import io
import math

import numpy as np
import pandas as pd
import pytest
from dash import no_update
from dash.exceptions import PreventUpdate
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.common import jobs, slots
from dashboard.common.guard import ALERT, ERRORS, GENERIC_ERROR
from dashboard.pages.sweep import callbacks as C
from dashboard.pages.sweep import state as S
from dashboard.pages.sweep.ids import CONTROLS, ID, preset_button
from izhi_core import NetworkConfig, simulate
from izhi_core.figures_sweep import diagram_spec, regime_spec
from izhi_core.metrics import REGIMES, run_metrics
from izhi_core.sweep import Axis, PointResult, SweepSpec, results_table
from izhi_core.sweep.grid import grid_of
from izhi_core.sweep.worker import NO_RECORDING

SMALL = "?ne=80&ni=20&duration=300"  # a base that runs in a few ms


def controls(**changes):
    return {**S.default_values(), **changes}


# -- state ------------------------------------------------------------------------------

def test_the_default_controls_are_the_weight_plane_and_fit_a_page():
    spec = S.spec_of(None, controls())
    assert [a.field for a in spec.axes] == ["inh_weight", "exc_weight"]
    assert spec.n_points == 121 and spec.base == NetworkConfig()
    assert S.estimate_text(spec).startswith("11 x 11 = 121 runs, about ")


def test_the_address_reproduces_the_sweep():
    spec = S.spec_of(NetworkConfig(exc_noise=4.0, seed=7),
                     controls(axis1="exc_type", values1="RS,CH", seeds=3, color="rate_exc_hz"))
    search = S.query_of(spec, "rate_exc_hz")
    assert "exc_noise=4" in search and "seed=7" in search and "ne=" not in search
    base, values, asked = S.state_from_query(search)
    again = S.spec_of(base, values)
    assert asked and again == spec and values["color"] == "rate_exc_hz"
    assert S.query_of(again, values["color"]) == search


def test_the_network_pages_address_is_a_base_and_its_own_keys_are_ignored():
    base, values, asked = S.state_from_query(
        "?ne=400&ni=100&exc_weight=0.6&neurons=1,2&drawing=original&present=1&seeds=5")
    assert base == NetworkConfig(ne=400, ni=100, exc_weight=0.6)
    assert asked and values["seeds"] == 5 and not values["axis1"] and not values["axis2"]
    spec = S.spec_of(base, values)
    assert spec.axes == () and spec.n_points == 5
    # without a sweep key the address only sets the base: nothing runs
    assert S.state_from_query("?ne=400")[2] is False


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"values1": "0:5:3"}, "values1", "Inhibitory weight must be a number from 0 to 2"),
    ({"values2": "a,b"}, "values2", "Excitatory weight must be a number"),
    ({"values1": ""}, "values1", "got nothing"),
    ({"axis1": "volume"}, "axis1", "'volume'"),
    ({"axis2": "inh_weight"}, "axis2", "another field"),
    ({"seeds": "0"}, "seeds", "Seeds must be a whole number from 1 to 20 (got '0')"),
    ({"color": "beauty"}, "color", "'beauty'"),
    ({"axis1": "weights", "values1": "S1,S2", "axis2": "exc_weight"}, "values2",
     "vary either it or Excitatory weight"),
])
def test_a_bad_control_gets_its_sentence_beside_it(changes, field, words):
    out = C.estimate(None, controls(**changes))
    assert out["estimate"] == "" and list(out["errors"]) == [field]
    assert words in out["errors"][field]


def test_a_sweep_too_large_for_a_page_says_why_and_gives_the_command_line():
    out = C.estimate({"duration": 500}, controls(values1="0:2:22", values2="0:1:21"))
    assert out["errors"] == {}
    assert out["estimate"].startswith("A sweep on this page may have at most 441 cells")
    assert out["estimate"].endswith(
        "(python -m izhi_core sweep --duration 500 --vary inh_weight=0:2:22 "
        "--vary exc_weight=0:1:21 --out sweep.parquet).")


def test_the_time_cap_follows_the_servers_job_seconds(monkeypatch):
    monkeypatch.setenv(slots.SECONDS_ENV, "3")  # a third of it: 1 s
    out = C.estimate(None, controls())
    assert out["estimate"].startswith("A sweep on this page may take about 1 s at most")
    monkeypatch.setenv(slots.SECONDS_ENV, "300")
    assert C.estimate(None, controls())["estimate"].startswith("11 x 11 = 121 runs")


def test_each_run_keeps_a_single_requests_caps():
    out = C.estimate(None, controls(axis1="ne", values1="1000,4000", axis2="ni",
                                    values2="500,2000"))
    assert "at the point ne=4000, ni=2000" in out["errors"]["values2"]


def test_a_click_lands_on_its_cells_configuration():
    spec = S.spec_of(NetworkConfig(seed=3), controls(seeds=2))
    config = S.clicked_cell(spec, {"points": [{"x": 0.6, "y": 0.3, "z": 0.1}]})
    assert config == NetworkConfig(seed=3, inh_weight=0.6, exc_weight=0.3)
    assert S.network_query(config).startswith("?ne=800&ni=202&duration=1000&")
    with pytest.raises(ValueError, match="did not land on a cell"):
        S.clicked_cell(spec, {"points": [{"x": 0.65, "y": 0.3}]})
    with pytest.raises(ValueError, match="did not land on a cell"):
        S.clicked_cell(spec, "garbage")


# -- callbacks --------------------------------------------------------------------------

def sync(trigger, search="", base=None, asked=None, **changes):
    out = C.sync(trigger, search, base, controls(**changes), asked)
    assert set(out) == set(C.SYNC_KEYS)
    return out


def test_an_address_sets_the_controls_and_asks_for_its_sweep_replacing_its_entry():
    out = sync(None, search=SMALL + "&axis1=seed&values1=4,5&color=n_spikes")
    assert out["axis1"] == "seed" and out["values1"] == "4,5" and out["axis2"] == ""
    assert out["color"] == "n_spikes" and out["base"]["ne"] == 80
    assert out["request"]["replace"] is True
    assert out["request"]["search"] == ("?ne=80&ni=20&duration=300&axis1=seed&values1=4,5"
                                        "&axis2=&values2=&seeds=1&color=n_spikes")


def test_an_address_without_a_sweep_sets_the_base_and_runs_nothing():
    out = sync(ID.URL, search="?exc_weight=0.7")
    assert out["request"] is no_update and out["base"]["exc_weight"] == 0.7
    assert "weights 0.7 / 1" in out["base_text"]
    assert out["base_link"].startswith("/?ne=800&ni=202&duration=1000&exc_type=RS")


def test_back_to_the_asked_sweep_in_another_colour_runs_nothing():
    asked = {"search": "?axis1=inh_weight&values1=0:2:11&axis2=exc_weight&values2=0:1:11"
                       "&seeds=1&color=synchrony"}
    out = sync(None, search=asked["search"].replace("synchrony", "n_spikes"), asked=asked)
    assert out["request"] is no_update and out["color"] == "n_spikes"
    # back to another sweep than the last asked for (the drawn one, while the next runs)
    out = sync(None, search=asked["search"].replace("0:1:11", "0:1:5"), asked=asked)
    assert out["request"]["search"] == asked["search"].replace("0:1:11", "0:1:5")


def test_run_with_a_bad_value_asks_for_nothing_and_marks_the_field():
    out = sync(ID.RUN, values1="0:9:3")
    assert out["request"] is no_update
    assert list(out["errors"]) == ["values1"] and "(got '9')" in out["errors"]["values1"]


def test_a_preset_sets_its_controls_and_pushes_its_sweep():
    out = sync(preset_button("noise"), base={"duration": 500})
    assert (out["axis1"], out["axis2"], out["values2"]) == ("exc_weight", "exc_noise", "0:10:11")
    assert out["request"]["replace"] is False
    assert out["request"]["search"].startswith("?duration=500&axis1=exc_weight")


def test_a_forged_request_is_refused_before_any_process_starts():
    with pytest.raises(ValueError, match="must name its sweep"):
        C.admit({"search": 12})
    with pytest.raises(ValueError, match="441 cells"):
        C.admit({"search": "?axis1=seed&values1=0:999:30&axis2=ne&values2=10:40:30"})


garbage = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**15), 10**15),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["RS", "exc_weight", "0:1:3", "weights", "", "NaN", "1e309", "-1",
                     "x" * 3_000, "?seeds=2", "?axis1=ne&values1=1:2:3"]),
    st.lists(st.integers(-5, 2000), max_size=5),
    st.dictionaries(st.sampled_from(["search", "grid", "axes", "points", "x"]),
                    st.one_of(st.text(max_size=5), st.integers(), st.none()), max_size=3),
)


@settings(max_examples=150, deadline=None)
@given(args=st.lists(garbage, min_size=10, max_size=10))
def test_garbage_from_the_browser_gets_a_sentence_never_an_error(args):
    """What any callback of the page may be sent: each body answers with a sentence (or
    nothing), never an exception (the guard would log a traceback)."""
    values = dict(zip(CONTROLS, args[:6], strict=True))
    calls = [
        lambda: C.estimate(args[6], values),
        lambda: C.sync(args[7], args[8], args[6], values, args[9]),
        lambda: C.sync(ID.RUN, args[8], args[6], values, args[9]),
        lambda: C.recolor(args[0], args[9], args[8]),
        lambda: C.open_cell(args[1], args[9]),
        lambda: C.admit(args[9]),
    ]
    for call in calls:
        try:
            out = call()
        except PreventUpdate:
            continue
        except ValueError as err:  # admission's refusal
            assert str(err).endswith(".")
            continue
        if out is None:
            continue
        errors = out.get(ERRORS)
        for sentence in [out.get(ALERT), *(errors.values() if isinstance(errors, dict) else ())]:
            if isinstance(sentence, str) and sentence:
                assert sentence.endswith(".") and len(sentence) < 400
                assert sentence != GENERIC_ERROR, (call, args)



def test_the_largest_drawn_sweep_goes_back_to_recolour_within_the_request_limit():
    import json

    import app

    spec = S.spec_of(None, controls(values1="0:2:21", values2="0:1:21", seeds=4))
    assert spec.n_points // spec.seeds == S.MAX_CELLS
    long = 1 / 3  # every metric defined, each at a float's longest
    results = [PointResult(p, {**metrics("oscillatory", 100 * long, peak=8 + long),
                               "synchrony": long, "low_peak_prominence": 10 * long,
                               "gamma_peak_hz": 40 + long, "gamma_peak_prominence": long})
               for p in spec.points()]
    body = json.dumps({"search": S.query_of(spec, "synchrony"), "grid": grid_of(spec, results)})
    assert len(body) < 0.75 * app.server.config["MAX_CONTENT_LENGTH"]


def plain_loop(spec: SweepSpec) -> list[PointResult]:
    """The sweep's points, each through simulate() and run_metrics() in turn."""
    return [PointResult(p, run_metrics(simulate(p.config, NO_RECORDING)))
            for p in spec.points()]


def test_a_job_reports_partial_diagrams_and_ends_with_the_loops_table(monkeypatch):
    monkeypatch.setattr(C, "REPORT_S", 0.0)  # every result: the partial states are seen
    search = SMALL + "&axis1=exc_weight&values1=0.2:0.8:3&axis2=seed&values2=1,2&color=n_spikes"
    calls = []
    out = C.run_job(calls.append, {"search": search})
    assert set(out) == set(C.JOB_KEYS) and out["alert"] == ""
    assert calls[0] == [0, "0 of 6 runs", None]
    done = [int(c[1].split()[0]) for c in calls[1:]]
    assert done == sorted(done) and done[0] < 6 and done[-1] == 6
    partial = calls[1][2]["diagram"]["data"][0]["z"]
    # the first report: some cells filled, the rest empty
    z = np.frombuffer(base64.b64decode(partial["bdata"]), np.float32)
    assert 0 < np.isfinite(z).sum() < 6

    spec = S.spec_of(*S.state_from_query(search)[:2])
    loop = results_table(plain_loop(spec))
    table = pd.read_csv(io.StringIO(out["files"]["csv"]), keep_default_na=True)
    assert table["n_spikes"].tolist() == loop["n_spikes"].tolist()
    assert table["regime"].tolist() == loop["regime"].tolist()
    parquet = pd.read_parquet(io.BytesIO(base64.b64decode(out["files"]["parquet"])))
    pd.testing.assert_frame_equal(parquet, loop)
    grid = out["result"]["grid"]
    assert grid == grid_of(spec, plain_loop(spec))
    assert out["result"]["search"] == search.replace("color", "seeds=1&color")
    assert out["status"].startswith("All 6 runs done; cells: ")


def test_with_dask_scheduler_address_the_job_runs_on_that_cluster_and_gives_the_same_table(
        monkeypatch):
    from dask_cluster import dask_cluster
    from distributed import Client

    search = SMALL + "&axis1=exc_weight&values1=0.2:0.8:4&seeds=2&color=n_spikes"
    here = C.run_job(lambda _v: None, {"search": search})
    with dask_cluster(workers=1, threads=1) as address:
        monkeypatch.setenv(C.DASK_ENV, address)
        assert isinstance(C._executor(), C.DaskExecutor)
        there = C.run_job(lambda _v: None, {"search": search})
        with Client(address, timeout=10) as client:  # the batches ran on the cluster
            assert all(client.run(lambda: "izhi_core.sweep.worker" in
                                  __import__("sys").modules).values())
    assert there["files"]["csv"] == here["files"]["csv"]
    assert there["result"] == here["result"]


def test_a_stopped_sweep_keeps_its_cells_and_offers_no_table():
    out = C.stopped("This run was cancelled.")
    assert out["alert"] == "This run was cancelled." and out["diagram"] is no_update
    assert out["files"] is None and out["csv_off"] is True and out["parquet_off"] is True


def test_a_job_stops_at_its_next_report_when_the_book_says_so():
    calls = []

    def set_progress(value):
        calls.append(value)
        if len(calls) == 2:
            raise jobs.Stopped

    search = SMALL + "&axis1=seed&values1=0:9:10"
    with pytest.raises(jobs.Stopped):
        C.run_job(set_progress, {"search": search})
    assert len(calls) == 2


def test_seed_replicates_give_their_rates_as_mean_and_sd_and_the_spectrum_as_a_band():
    calls = []
    out = C.run_job(calls.append, {"search": SMALL + "&seeds=3"})
    spec = S.spec_of(NetworkConfig(ne=80, ni=20, duration=300), controls(
        axis1="", values1="", axis2="", values2="", seeds=3))
    rates = [run_metrics(simulate(p.config, NO_RECORDING))["rate_exc_hz"]
             for p in spec.points()]
    assert len(set(rates)) == 3  # the seeds differ
    card = out["cards"][0]
    assert card.children == f"{np.mean(rates):.3g} \u00b1 {np.std(rates, ddof=1):.2g} Hz"
    names = [t["name"] for t in out["diagram"]["data"]]
    assert names == ["+1 sd", "\u00b11 sd", "mean"]
    assert out["diagram"]["layout"]["title"]["text"].startswith("Spectrum of the population")
    assert len(calls) == 1 + 3 + 1  # the start, each seed, the whole


def test_recolour_and_open_a_cell_from_the_drawn_sweep():
    search = SMALL + "&axis1=exc_weight&values1=0.2,0.8&seeds=1&color=rate_exc_hz"
    out = C.run_job(lambda _v: None, {"search": search})
    recoloured = C.recolor("rate_inh_hz", out["result"])["diagram"]
    assert recoloured["layout"]["title"]["text"].startswith("Inhibitory rate (Hz)")
    with pytest.raises(PreventUpdate):  # another sweep runs: its progress colours it
        C.recolor("rate_inh_hz", out["result"], {"search": search.replace("0.8", "0.9")})
    href = C.open_cell({"points": [{"x": 0.8, "y": 4.2}]}, {"search": search})["href"]
    assert href.startswith("/?ne=80&ni=20&duration=300&") and "exc_weight=0.8" in href
    refused = C.open_cell({"points": [{"x": 0.5}]}, {"search": search})
    assert refused["href"] is no_update and "did not land" in refused["alert"]


def test_a_queued_sweep_reports_its_place_in_every_progress_output(tmp_path):
    book = slots.JobBook(slots.DiskStore(str(tmp_path / "book")), slots=1)
    manager = jobs.LocalJobs(str(tmp_path / "jobs"), book)

    @jobs.job(admit=C.admit, stopped=C.stopped, waiting=C.waiting)
    def fn(set_progress, request):
        return None

    manager.make_job_fn(fn, True, "sweep-fn")
    book.submit("first", "page-a", "other")
    book.try_start("first")
    book.submit("second", "page-b", "sweep-fn")
    assert manager.get_progress("second") == [0, "waiting for a free slot: 1st in line", None]


def test_the_page_draws_every_id_and_its_presets():
    import app  # noqa: F401  (Dash registers the pages with the app)
    from dashboard.pages.sweep import page

    ids = {str(getattr(c, "id", None)) for c in page.page_layout()._traverse()}
    assert sorted(str(i) for i in ID if str(i) not in ids) == []
    assert {preset_button(k) for k in S.PRESETS} <= ids
    assert page.page_layout(shown="/sweep") is no_update


# -- the grid and its figures -------------------------------------------------------------

def metrics(regime, rate, peak=None):
    return {"n_spikes": 10, "rate_exc_hz": rate, "rate_inh_hz": rate / 2,
            "low_peak_hz": peak, "low_peak_prominence": None, "gamma_peak_hz": None,
            "gamma_peak_prominence": None, "synchrony": math.nan, "mean_isi_cv": 0.5,
            "regime": regime}


def test_a_grid_holds_each_cells_mean_sd_and_most_common_regime():
    spec = SweepSpec(NetworkConfig(), (Axis.parse("exc_weight=0,1"),
                                       Axis.parse("inh_weight=0,1,2")), seeds=3)
    points = list(spec.points())
    # cell (exc 1, inh 2) = points 15, 16, 17; only two of them finished
    results = [PointResult(points[15], metrics("oscillatory", 4.0, peak=8.0)),
               PointResult(points[16], metrics("runaway", 6.0)),
               PointResult(points[0], metrics("silent", 0.0))]
    grid = grid_of(spec, results)
    assert grid["done"] == 3 and grid["total"] == 18
    assert grid["count"] == [[1, 0], [0, 0], [0, 2]]  # rows: inh, columns: exc
    assert grid["mean"]["rate_exc_hz"][2][1] == 5.0
    assert grid["sd"]["rate_exc_hz"][2][1] == pytest.approx(math.sqrt(2))
    assert grid["sd"]["rate_exc_hz"][0][0] is None  # one run: no sd
    assert grid["mean"]["low_peak_hz"][2][1] == 8.0 and grid["defined"]["low_peak_hz"][2][1] == 1
    assert grid["mean"]["synchrony"][2][1] is None  # NaN: undefined
    assert grid["regime"][2][1] == "runaway"  # a tie: the first of REGIMES' order
    assert grid["regime"][1] == [None, None]

    heat = diagram_spec(grid, "rate_exc_hz")["data"][0]
    assert heat["x"] == [0.0, 1.0] and heat["y"] == [0.0, 1.0, 2.0]
    assert "not run yet" in heat["text"][1][0] and "2 of 3 seeds run" in heat["text"][2][1]
    regimes = regime_spec(grid)
    assert [t["name"] for t in regimes["data"][1:]] == list(REGIMES)
    assert np.isnan(regimes["data"][0]["z"][1]).all()


def test_one_axis_draws_the_mean_and_a_band_of_one_sd():
    spec = SweepSpec(NetworkConfig(), (Axis.parse("exc_weight=0,1"),), seeds=2)
    points = list(spec.points())
    grid = grid_of(spec, [PointResult(p, metrics("oscillatory", r))
                          for p, r in zip(points, (2.0, 4.0, 6.0, 6.0), strict=True)])
    upper, lower, line = diagram_spec(grid, "rate_exc_hz")["data"]
    assert line["y"].tolist() == [3.0, 6.0]
    assert upper["y"].tolist() == pytest.approx([3 + math.sqrt(2), 6.0])
    assert lower["y"].tolist() == pytest.approx([3 - math.sqrt(2), 6.0])
    assert lower["fill"] == "tonexty"


def test_a_point_of_the_grid_is_the_point_of_the_spec():
    spec = SweepSpec(NetworkConfig(), (Axis.parse("exc_weight=0,1,2"),
                                       Axis.parse("seed=5,6")), seeds=1)
    for point in spec.points():
        grid = grid_of(spec, [PointResult(point, metrics("silent", 1.0))])
        col = [0.0, 1.0, 2.0].index(point.config.exc_weight)
        row = [5, 6].index(point.config.seed)
        assert grid["count"][row][col] == 1
        assert sum(map(sum, grid["count"])) == 1


def test_the_docs_say_the_pages_caps_and_its_address_keys():
    from pathlib import Path

    text = " ".join((Path(__file__).resolve().parents[1] / "docs" / "sweeps.md")
                    .read_text(encoding="utf-8").split())
    section = text[text.index("### On the page"):text.index("### Performance")]
    assert (f"at most {S.MAX_CELLS} cells (21 × 21), {S.MAX_RUNS:,} runs and "
            f"{S.MAX_PAGE_SEEDS} seeds") in section
    assert S.JOB_FRACTION == 1 / 3 and "at most a third of `IZHI_JOB_SECONDS`" in section
    keys = ", ".join(f"`{k}`" for k in S.SWEEP_KEYS[:-1]) + f" and `{S.SWEEP_KEYS[-1]}`"
    assert keys in section
    assert f"every {C.REPORT_S:g} s" in section and f"({C.BATCH_S:g} s of runs)" in section

