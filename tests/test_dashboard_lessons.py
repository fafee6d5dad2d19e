"""The network page's lessons and its NWB and figures downloads, called as plain functions."""

from __future__ import annotations

import base64
import io
import zipfile
from html import escape
from html.parser import HTMLParser

import pytest
from dash import no_update
from dash.exceptions import PreventUpdate

from dashboard.pages.network import callbacks as C
from dashboard.pages.network import exports as E
from dashboard.pages.network import lessons as L
from dashboard.pages.network import state as S
from dashboard.pages.network import view
from dashboard.pages.network.ids import ID
from izhi_core import NetworkConfig
from izhi_core.lessons import CHECK_MARK, CROSS_MARK, FIGURES, default_lessons, parse_lessons
from izhi_core.nwb import read_nwb

LESSONS = default_lessons()
BROKEN = parse_lessons("""
[[lesson]]
name = "broken"
title = "A broken claim"
claim = "The default network fires at more than 50 Hz."
figure = "rhythms"
[[lesson.check]]
says = "rate above 50 Hz"
expect = "rate_exc_hz > 50"
""")


def drawn_of(config: NetworkConfig) -> dict:
    """DRAWN as the view answers it for a run of ``config``."""
    state = S.state_from_query(S.query_from_state(config, [1, 811]))
    return {"search": S.query_from_state(config, [1, 811]), "state": state}


def texts(component) -> str:
    """Every text inside a component tree, joined."""
    if isinstance(component, str):
        return component
    if isinstance(component, list):
        return " ".join(texts(c) for c in component)
    children = getattr(component, "children", None)
    return "" if children is None else texts(children)


def test_the_lessons_point_at_the_pages_figures():
    assert set(view.FIGURES) == set(FIGURES) == set(L.FIGURE_IDS)
    assert {k: v[0] for k, v in view.FIGURES.items()} == L.FIGURE_IDS


@pytest.mark.parametrize("lesson", LESSONS, ids=[x.name for x in LESSONS])
def test_a_steps_address_is_its_lessons_run(lesson):
    search = L.lesson_search(lesson)
    assert S.config_from_controls(S.state_from_query(search)) == lesson.config
    assert search == S.query_from_state(lesson.config, S.state_from_query(search)["neurons"])


def test_the_checks_are_said_once_the_lessons_run_is_drawn():
    index = [x.name for x in LESSONS].index("bursting")
    lesson = LESSONS[index]
    waiting = L.lesson_outcome({"name": "bursting", "at": 5}, drawn_of(NetworkConfig()))
    assert "the figures show another run" in texts(waiting["result"])
    assert waiting["scroll"] is no_update
    out = L.lesson_outcome({"name": "bursting", "at": 5}, drawn_of(lesson.config))
    said = texts(out["result"])
    assert said.startswith(f"Lesson {index + 1}: Bursting at excitatory weight 1.0")
    assert f"rate above 100 Hz: {CHECK_MARK} (134 Hz)" in said
    assert out["scroll"] == {"figure": "raster", "at": 5, "name": "bursting", "lines": [
        {"text": f"rate above 100 Hz: {CHECK_MARK} (134 Hz)", "passed": True},
        {"text": f"synchronous bursting: {CHECK_MARK}", "passed": True}]}
    chattering = next(x for x in LESSONS if x.name == "chattering")
    out = L.lesson_outcome({"name": "chattering"}, drawn_of(chattering.config))
    assert out["result"][-1].href == "/neuron?pattern=CH"  # the neuron lab, beside the checks


def test_a_broken_claim_says_so_on_the_page():
    out = L.lesson_outcome({"name": "broken"}, drawn_of(NetworkConfig()), BROKEN)
    said = texts(out["result"])
    assert f"rate above 50 Hz: {CROSS_MARK} (7.6 Hz)" in said and CHECK_MARK not in said
    assert out["result"][1].children[0].className == "check-fail"
    assert out["scroll"]["figure"] == "rhythms"
    assert out["scroll"]["lines"] == [{"text": f"rate above 50 Hz: {CROSS_MARK} (7.6 Hz)",
                                       "passed": False}]


def test_no_lesson_says_nothing():
    out = L.lesson_outcome(None, drawn_of(NetworkConfig()))
    assert out["result"] == "" and out["scroll"] is no_update
    assert L.lesson_outcome({"name": "nope"}, None)["result"] == ""


class Steps(HTMLParser):
    """The steps of the panel's HTML: each button's lesson, address and text, the links."""

    def __init__(self):
        super().__init__()
        self.buttons, self.links, self.outcomes, self._in_button = [], [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "button":
            self.buttons.append([attrs["data-lesson"], attrs["data-search"], ""])
            self._in_button = True
        elif tag == "a":
            self.links.append(attrs["href"])
        elif "data-lesson-outcome" in attrs:
            self.outcomes.append(attrs["data-lesson-outcome"])

    def handle_endtag(self, tag):
        self._in_button = self._in_button and tag != "button"

    def handle_data(self, data):
        if self._in_button:
            self.buttons[-1][2] += data


def test_the_panel_has_a_step_per_lesson_and_the_neuron_lab_link():
    panel = L.lessons_panel()
    assert panel.id == ID.LESSONS and list(panel._traverse()) == []  # one component
    assert getattr(panel, "data-store") == str(ID.LESSON_ACTIVE)
    steps = Steps()
    steps.feed(getattr(panel, "data-html"))
    assert [b[0] for b in steps.buttons] == [x.name for x in LESSONS] == steps.outcomes
    assert [b[1] for b in steps.buttons] == [L.lesson_search(x) for x in LESSONS]
    assert steps.buttons[0][2] == "The default rhythm"
    assert steps.links == ["/neuron?pattern=CH"]
    assert escape(L.CLICK_TIP) in getattr(panel, "data-html")


def test_the_panel_escapes_the_lessons_text():
    text = """
[[lesson]]
name = "marks"
title = "<b>bold</b> & co"
claim = "a < b"
figure = "raster"
[[lesson.check]]
says = "x"
expect = "n_spikes > 1"
"""
    html_text = getattr(L.lessons_panel(parse_lessons(text)), "data-html")
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in html_text and "a &lt; b" in html_text
    assert "<b>" not in html_text


def values(**changes):
    return {**NetworkConfig(**changes).to_dict()}


def test_the_nwb_download_reads_back_as_the_views_spikes(tmp_path):
    out = E.download_export(ID.DOWNLOAD_NWB, values(seed=4), [1, 811])
    data = out["data"]
    assert data["filename"] == ("izhikevich_SNN_spikes_Ne_regular_spiking_RS_Ni_low-threshold"
                                "_spiking_LTS_weights-0.5-1_noise-5-2_seed-4.nwb")
    path = tmp_path / data["filename"]
    path.write_bytes(base64.b64decode(data["content"]))
    times, neurons, config = read_nwb(path)
    assert config == NetworkConfig(seed=4) and times.size == neurons.size > 1000


def test_a_large_runs_nwb_is_the_command_lines():
    out = E.download_export(ID.DOWNLOAD_NWB, values(ne=80_000, ni=20_000, inputs=100,
                                                    mode="fast"), [1])
    assert out["data"] is no_update
    assert out["alert"].startswith("The page writes files of runs it computes at once; for "
                                   "this network use the command line: python -m izhi_core")
    assert out["alert"].endswith("--nwb spikes.nwb")


def test_a_saturated_runs_nwb_is_refused_above_the_spike_limit(monkeypatch):
    # the spike limit, whatever the machine's speed: on a loaded one this 2 s saturated run
    # can pass the page's CPU budget first, and be refused as the command line's instead
    monkeypatch.setattr(C.RUNS, "budget_s", None)
    out = E.download_export(ID.DOWNLOAD_NWB, values(exc_type="CH", duration=2000), [1])
    assert out["data"] is no_update
    assert out["alert"].startswith(f"The page writes spike files of at most "
                                   f"{C.MAX_CSV_SPIKES:,} spikes (this run fired 1,")
    assert out["alert"].endswith(": python -m izhi_core --duration 2000 --exc-type CH --nwb "
                                 "spikes.nwb")


def test_all_figures_download_as_a_zip_named_by_the_run():
    out = E.download_export(ID.DOWNLOAD_FIGURES, values(ne=40, ni=10, duration=100,
                                                        exc_weight=0.6), [1, 41])
    data = out["data"]
    assert data["filename"] == ("izhikevich_SNN_figures_Ne_regular_spiking_RS_Ni_low-threshold"
                                "_spiking_LTS_weights-0.6-1_noise-5-2_seed-0.zip")
    names = zipfile.ZipFile(io.BytesIO(base64.b64decode(data["content"]))).namelist()
    assert len(names) == 8 and all("_weights-0.6-1_noise-5-2_seed-0." in n for n in names)


def test_no_download_without_a_button():
    with pytest.raises(PreventUpdate):
        E.download_export(None, values(), [1])
