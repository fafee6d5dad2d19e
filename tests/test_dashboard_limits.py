"""What a web worker may be asked (issue 12): a run that passes its time budget goes to
a job, downloads are capped or refused with the command line to use, the traces a
request may ask are capped, a forged background request is refused before it starts."""

from __future__ import annotations

import shlex
import time

import pytest
from dash import no_update

from dashboard.common import jobs
from dashboard.pages.network import callbacks as C
from dashboard.pages.network import state as S
from dashboard.pages.network.ids import ID
from izhi_core import NetworkConfig
from izhi_core.__main__ import build_parser
from izhi_core.cli import network_config
from izhi_core.config import command_line, expected_seconds

# Runaway networks (no inhibition, strong excitation): every neuron fires every ms,
# about 125 times the 8 Hz the estimate assumes.
RUNAWAY = dict(ne=2000, ni=500, exc_weight=1.0)


def values(**changes):
    out = {**S.default_state(), **changes}
    neurons = out.pop(S.NEURONS_KEY)
    out.pop(S.DRAWING_KEY)
    return out, neurons


@pytest.fixture(autouse=True)
def fresh_runs():
    C.RUNS.clear()
    yield
    C.RUNS.clear()


def test_a_run_longer_than_its_estimate_stops_and_goes_to_a_job():
    config = NetworkConfig(**RUNAWAY)
    assert not jobs.is_large(config)  # the estimate says small...
    controls, neurons = values(**RUNAWAY)
    start = time.perf_counter()
    out = C.update_view(controls, neurons, None, False, "explorer")
    took = time.perf_counter() - start
    # ...the run says otherwise: stopped at its budget, sent to the background
    assert out["request"] is not no_update and out["request"]["config"] == config.to_dict()
    assert out["raster"] is no_update and out["drawn"] is no_update
    assert took < 10, took  # generous: the budget is 0.5 s, and the run alone takes seconds
    traces = C.update_traces_only([3], controls)
    assert traces["request"] is not no_update and traces["traces"] is no_update


def test_a_link_to_a_run_past_the_budget_opens_on_the_original_script_and_reads_it():
    """The layout draws a link's run itself, unless it passes the web worker's budget:
    then the page opens on the original script's run, and its address is read as on
    back/forward (which sends the run to a job, test above)."""
    import app  # noqa: F401  (Dash registers the pages with the app)
    from dashboard.pages.network import page

    query = {k: str(v) for k, v in RUNAWAY.items()}
    start = time.perf_counter()
    layout = page.page_layout(None, **query)
    assert time.perf_counter() - start < 10
    shown = {str(getattr(c, "id", "")): c for c in layout._traverse()}
    drawn = shown[str(ID.DRAWN)].data
    assert drawn["search"] == S.query_from_state(NetworkConfig(), [1, 811], "explorer")
    assert shown[str(ID.EXC_WEIGHT)].value == "0.5"  # the controls say what is drawn
    assert shown[str(ID.CARD_SPIKES)].children == "7,598"


def test_the_large_run_is_the_same_run_the_page_would_have_drawn():
    controls, neurons = values(**RUNAWAY)
    request = C.update_view(controls, neurons, None, False, "explorer")["request"]
    progress = []
    out = C.run_large(progress.append, request)
    assert out["alert"] == "" and out["raster"]["data"]
    assert progress[-1][1] == "1,000 of 1,000 ms simulated"
    from izhi_core import Recording, simulate

    alone = simulate(NetworkConfig(**RUNAWAY), Recording(neurons=(), map_rows=0, map_cols=0))
    assert out["spikes"] == f"{len(alone.spike_times):,}"
    assert len(alone.spike_times) > 0.9 * 2500 * 1000  # nearly every neuron, every ms


def download(trigger, **changes):
    controls, neurons = values(**changes)
    return C.download(trigger, controls, neurons)


def test_a_spike_file_over_the_cap_is_refused_with_the_command_that_writes_it(monkeypatch):
    # the default network without inhibition: 990,000 spikes in a fraction of a second
    monkeypatch.setattr(C, "MAX_CSV_SPIKES", 500_000)
    out = download(ID.DOWNLOAD_SPIKES, exc_weight=2.0, inh_weight=0.0)
    assert out["data"] is no_update
    sentence = out["alert"]
    assert sentence.startswith("The page writes spike files of at most 500,000 spikes "
                               "(this run fired 9"), sentence
    command = sentence.split("the command line writes any: ")[1]
    assert command.startswith("python -m izhi_core ") and command.endswith("--spikes spikes.csv")
    # the command runs that very network
    args = build_parser().parse_args(shlex.split(command)[3:])
    assert network_config(args) == NetworkConfig(exc_weight=2.0, inh_weight=0.0)
    monkeypatch.undo()
    assert download(ID.DOWNLOAD_SPIKES, exc_weight=2.0, inh_weight=0.0)["data"]["content"]


def test_files_of_large_networks_come_from_the_command_line():
    large = dict(ne=80_000, ni=20_000, inputs=100, mode="fast")
    assert jobs.is_large(NetworkConfig(**large))
    start = time.perf_counter()
    for trigger in (ID.DOWNLOAD_SPIKES, ID.DOWNLOAD_TRACES):
        out = download(trigger, **large)
        assert out["data"] is no_update
        assert out["alert"].startswith("The page writes files of runs it computes at once; "
                                       "for this network use the command line: python -m "
                                       "izhi_core --ne 80000 --ni 20000 --mode fast --inputs 100")
    assert time.perf_counter() - start < 5  # refused before running anything
    # a runaway network the estimate called small: stopped at the budget, then refused
    out = download(ID.DOWNLOAD_TRACES, **RUNAWAY)
    assert out["data"] is no_update and "command line" in out["alert"]
    # the configuration itself is always there
    assert download(ID.DOWNLOAD_CONFIG, **large)["data"]["filename"].endswith(".json")


def test_traces_are_capped_by_neurons_times_duration():
    controls, _ = values(duration=100_000)
    out = C.update_view(controls, [1, 811, 5], None, False, "explorer")
    assert out["raster"] is no_update
    assert out["errors"] == {S.NEURONS_KEY: (
        "Traced neurons may list at most 2 neurons for a run of 100,000 ms (traced "
        "neurons x duration at most 200,000 ms; got 3 x 100,000).")}
    assert S.neurons_in((1, 811), NetworkConfig(duration=100_000)) == (1, 811)


def test_a_forged_background_request_is_refused_before_it_starts():
    for forged, start in [("garbage", "A run request must be a mapping"),
                          ({"config": {"ne": -5}}, "Excitatory neurons must be"),
                          ({"config": {**NetworkConfig().to_dict(), "duration": 100_000,
                                       "ne": 100_000, "ni": 0, "inputs": 1000}},
                           "Duration must be at most 2,000 ms for 100,000 neurons")]:
        with pytest.raises(ValueError, match="(?i)^" + start):
            C.admit_large(forged)
    stopped = C.large_stopped("This run was cancelled.")
    assert stopped["alert"] == "This run was cancelled."
    assert all(stopped[k] is no_update for k in C.LARGE_KEYS if k != "alert")


def test_the_default_network_stays_in_the_page_with_room_to_spare():
    config = NetworkConfig()
    assert expected_seconds(config) < jobs.LARGE_RUN_SECONDS / 5
    assert command_line(config) == "python -m izhi_core"
