"""A/B comparisons: the core's differences and spread test, and the /compare page's
callbacks called as plain functions (no browser, no server)."""

from __future__ import annotations

import math
from urllib.parse import quote

import pytest
from dash import no_update

from dashboard.pages.compare import address
from dashboard.pages.compare import callbacks as C
from dashboard.pages.compare import layout as L
from dashboard.pages.compare import state as S
from dashboard.pages.compare import view as V
from dashboard.pages.compare.ids import ID
from izhi_core import NetworkConfig, simulate
from izhi_core import compare as K
from izhi_core.analysis import summarize


def search(a: str, b: str, **extra: str) -> str:
    """The compare page's query of two network queries."""
    parts = [f"a={quote(a)}", f"b={quote(b)}", *(f"{k}={v}" for k, v in extra.items())]
    return "&".join(parts)


def independent(config: NetworkConfig) -> dict:
    """A run's metrics from its own simulate() call (no cache, the default recording)."""
    s = summarize(simulate(config), isi=True)
    return {k: s[k] for k in K.METRICS}


def delta_texts(cards) -> dict[str, str]:
    """Each card's B − A text, by metric."""
    out = {}
    for card in cards:
        for line in card.children:
            metric = getattr(line, "data-metric", None)
            if metric:
                out[metric] = line.children[1].children
    return out


def test_the_differences_are_those_of_two_independent_runs():
    a, b = NetworkConfig(), NetworkConfig(exc_weight=0.6, inh_noise=3.0)
    ma, mb = independent(a), independent(b)
    opened = C.opening(search("exc_weight=0.5", "exc_weight=0.6&inh_noise=3"))
    shown = delta_texts(opened["shown"][ID.CARDS])
    assert set(shown) == set(K.METRICS)
    for key in K.METRICS:
        expected = None if ma[key] is None or mb[key] is None else mb[key] - ma[key]
        assert shown[key] == ("—" if expected is None else V._number(key, expected, True))
    # and the numbers themselves, before they are written
    p = K.plan(a, b)
    diffs = K.differences([K.metrics_of(C.RUNS.get(a, C.RECORD))],
                          [K.metrics_of(C.RUNS.get(b, C.RECORD))])
    assert p.runs == (a, b) and not p.replicated
    for key, d in diffs.items():
        assert (d.a, d.b) == (ma[key], mb[key])
        assert d.delta == (None if d.a is None or d.b is None else mb[key] - ma[key])
        assert d.spread is None and d.exceeds is None


def test_a_difference_exceeds_the_spread_beyond_two_standard_errors():
    rows = lambda *xs: [{"n_spikes": x} for x in xs]  # noqa: E731
    # var 1 on each side, 3 seeds: standard error sqrt(2/3) = 0.816
    near = K.differences(rows(1, 2, 3), rows(2, 3, 4))["n_spikes"]
    far = K.differences(rows(1, 2, 3), rows(4, 5, 6))["n_spikes"]
    assert near.delta == 1 and math.isclose(near.spread, math.sqrt(2 / 3))
    assert near.exceeds is False and far.exceeds is True
    # one run each: no spread without a pool; a pool's deviation stands for both sides
    assert K.differences(rows(1), rows(9))["n_spikes"].exceeds is None
    pooled = K.differences(rows(1), rows(4), rows(1, 4, 2, 3))["n_spikes"]
    assert math.isclose(pooled.spread, math.sqrt(2) * math.sqrt(5 / 3))
    assert pooled.exceeds is False
    # a metric some runs lack (no peak) is the mean of those that have it
    peaks = K.differences([{"low_peak_hz": 8.0}, {"low_peak_hz": None}],
                          [{"low_peak_hz": 9.0}, {"low_peak_hz": 10.0}])["low_peak_hz"]
    assert (peaks.a, peaks.b, peaks.n_a, peaks.spread) == (8.0, 9.5, 1, None)


def test_seed_replicates_are_planned_from_each_side_or_from_a_pool():
    a = NetworkConfig()
    both = K.plan(a, a.replace(exc_weight=1.0), seeds=3)
    assert [c.seed for c in both.a] == [0, 1, 2] and [c.seed for c in both.b] == [0, 1, 2]
    assert both.replicated and not both.pool
    pool = K.plan(a, a.replace(seed=2))
    assert sorted(c.seed for c in pool.pool) == [0, 1, 2, 3] and pool.replicated
    assert pool.a == (a,) and pool.b == (a.replace(seed=2),)
    assert not K.plan(a, a).replicated  # the same run twice: nothing to estimate
    with pytest.raises(ValueError, match="Seeds per run must be a whole number from 1 to 8"):
        K.plan(a, a, seeds=9)


def test_a_seed_replicate_comparison_says_whether_each_difference_exceeds_the_spread():
    opened = C.opening(search("seed=0", "seed=1"))
    assert "differ only by seed" in opened["shown"][ID.WHAT]
    texts = [str(card.children[-1].children) for card in opened["shown"][ID.CARDS]
             if "verdict" in card.children[-1].className]
    assert texts and all(t.startswith(("within", "exceeds")) for t in texts)
    # a network that bursts is far outside the seeds' spread of the spike count
    bursting = C.opening(search("exc_weight=0.5", "exc_weight=1", seeds="3"))
    spikes = bursting["shown"][ID.CARDS][0]
    assert spikes.children[-1].children.startswith("exceeds the seed-to-seed spread")
    assert "Each side runs 3 seeds" in bursting["shown"][ID.WHAT]


@pytest.mark.parametrize("query, sentence", [
    (search("exc_weight=5", ""),
     "Run A: Excitatory weight must be a number from 0 to 2 mV/ms (got '5')."),
    (search("", "duration=0"), "Run B: Duration must be a whole number from 1 to 100,000 ms"),
    (search("", "colour=red"), "Run B: Unknown field 'colour'; the fields are ne, ni,"),
    (search("", "") + "&seeds=20", "Seeds per run must be a whole number from 1 to 8 (got '20')."),
    ("c=1", "The compare page's address takes a, b and seeds (got 'c')."),
    (search("ne=250000&ni=250000&duration=100000", ""), "Run A: "),
])
def test_a_bad_address_gets_one_sentence_naming_the_run(query, sentence):
    opened = C.opening(query)
    assert set(opened) == {"error"} and opened["error"].startswith(sentence)
    # the layout shows it in the page's alert, and hides the (empty) figures
    page = {getattr(c, "id", None): c for c in L.build_layout(**opened)._traverse()}
    assert page[ID.ALERT].is_open and page[ID.ALERT].children == opened["error"]
    assert "figure" not in page[ID.RASTERS].to_plotly_json()["props"]
    assert any(getattr(c, "hidden", False) for c in L.build_layout(**opened).children)


def test_the_network_pages_own_keys_are_ignored_and_links_round_trip():
    drawn = ("?ne=800&ni=202&duration=1000&exc_type=RS&inh_type=LTS&exc_weight=1&"
             "inh_weight=1&exc_noise=5&inh_noise=2&seed=0&mode=exact&inputs=&neurons=1,811"
             "&drawing=explorer&present=1")
    a = S.run_config("a", drawn)
    assert a == NetworkConfig(exc_weight=1.0)
    href = address.href(a, NetworkConfig(), 3)
    state = S.state_from_query(href.split("?", 1)[1])
    assert state == {"a": a, "b": NetworkConfig(), "seeds": 3}
    assert S.state_from_query("") == {"a": NetworkConfig(), "b": NetworkConfig(seed=1),
                                      "seeds": 1}


def test_a_large_comparison_is_one_job_with_the_same_view():
    big = "ne=40000&ni=10000&inputs=100&duration=1000"
    opened = C.opening(search(big, big + "&seed=1"))
    assert set(opened) == {"state", "pending"} and C.is_large(K.plan(
        opened["state"]["a"], opened["state"]["b"], opened["state"]["seeds"]))
    # the job's body, on a small request: every run in turn, progress over all of them
    small = {"a": NetworkConfig(duration=200).to_dict(),
             "b": NetworkConfig(duration=200, exc_weight=0.7).to_dict(), "seeds": 1}
    reports = []
    out = C.run_large(reports.append, small)
    assert out["alert"] == "" and [r[0] for r in reports] == sorted(r[0] for r in reports)
    assert reports[-1] == (100.0, "400 of 400 ms simulated")
    at_once = C.compare({"a": NetworkConfig(duration=200),
                         "b": NetworkConfig(duration=200, exc_weight=0.7), "seeds": 1})
    assert delta_texts(out["cards"]) == delta_texts(at_once["cards"])
    assert out["rasters"] == at_once["rasters"]
    # a forged request is refused with its sentence before any process starts
    with pytest.raises(ValueError, match="Duration must be"):
        C.admit_large({**small, "a": {"duration": -1}})
    stopped = C.large_stopped("Cancelled.")
    assert stopped["alert"] == "Cancelled." and stopped["rasters"] is no_update


def test_the_page_is_in_the_shells_navigation():
    import app  # noqa: F401  (registers the pages)
    from dashboard import shell

    links = {link.id: link.href for link in shell.navigation().children}
    assert links["nav-compare"] == "/compare"


def test_the_figures_put_a_and_b_on_shared_axes_and_overlay_them():
    from izhi_core import figures_compare as FC

    a = C.RUNS.get(NetworkConfig(), C.RECORD)
    b = C.RUNS.get(NetworkConfig(ne=400, ni=100, duration=600), C.RECORD)
    rasters = FC.rasters_spec(a, b)
    layout = rasters["layout"]
    assert layout["xaxis"]["range"] == layout["xaxis2"]["range"] == [0, 1000]
    assert layout["yaxis"]["range"] == layout["yaxis2"]["range"] == [0, 1002]
    assert layout["xaxis2"]["matches"] == "x" and layout["yaxis2"]["matches"] == "y"
    drawn = {t["xaxis"]: 0 for t in rasters["data"]}
    for trace in rasters["data"]:
        drawn[trace["xaxis"]] += len(trace["x"])
    assert drawn == {"x": a.n_spikes, "x2": b.n_spikes}
    for spec in (FC.rate_spec(a, b), FC.spectrum_spec(a, b), FC.isi_cv_spec(a, b)):
        assert [t["name"] for t in spec["data"]] == ["A", "B"]
    cv = FC.isi_cv_spec(a, b)["data"]
    assert all(math.isclose(float(t["y"].sum()), 1.0) for t in cv)  # shares of neurons
