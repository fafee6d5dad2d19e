"""The network page's lessons and its NWB and figures downloads, called as plain functions."""

from __future__ import annotations

import base64
import io
import zipfile

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
    assert waiting["scroll"] is no_update and all(s is no_update for s in waiting["steps"])
    out = L.lesson_outcome({"name": "bursting", "at": 5}, drawn_of(lesson.config))
    said = texts(out["result"])
    assert said.startswith(f"Lesson {index + 1}: Bursting at excitatory weight 1.0")
    assert f"rate above 100 Hz: {CHECK_MARK} (134 Hz)" in said
    assert out["scroll"] == {"figure": "raster", "at": 5}
    assert [i for i, s in enumerate(out["steps"]) if s is not no_update] == [index]
    assert CHECK_MARK in texts(out["steps"][index])
    chattering = next(x for x in LESSONS if x.name == "chattering")
    out = L.lesson_outcome({"name": "chattering"}, drawn_of(chattering.config))
    assert out["result"][-1].href == "/neuron?pattern=CH"  # the neuron lab, beside the checks


def test_a_broken_claim_says_so_on_the_page():
    out = L.lesson_outcome({"name": "broken"}, drawn_of(NetworkConfig()), BROKEN)
    said = texts(out["result"])
    assert f"rate above 50 Hz: {CROSS_MARK} (7.6 Hz)" in said and CHECK_MARK not in said
    assert out["result"][1].children[0].className == "check-fail"
    assert out["scroll"]["figure"] == "rhythms"


def test_no_lesson_says_nothing():
    out = L.lesson_outcome(None, drawn_of(NetworkConfig()))
    assert out["result"] == "" and out["scroll"] is no_update
    assert len(out["steps"]) == len(LESSONS)
    assert L.lesson_outcome({"name": "nope"}, None)["result"] == ""


def test_the_panel_has_a_step_per_lesson_and_the_neuron_lab_link():
    panel = L.lessons_panel()
    buttons = [c for c in panel._traverse() if isinstance(getattr(c, "id", None), dict)
               and c.id.get("type") == L.STEP]
    assert [b.id["name"] for b in buttons] == [x.name for x in LESSONS]
    assert [b.children for b in buttons][0] == "The default rhythm"
    links = [c.href for c in panel._traverse() if getattr(c, "href", None)]
    assert links == ["/neuron?pattern=CH"]
    assert L.CLICK_TIP in texts(panel)


def test_the_page_shows_lessons_instead_of_a_static_list():
    from dashboard.pages.network import layout

    page = layout.build_layout(view.png_names(NetworkConfig()))
    ids = {str(getattr(c, "id", None)) for c in page._traverse()}
    assert {str(ID.LESSONS), str(ID.LESSON_RESULT), str(ID.LESSON_ACTIVE)} <= ids
    assert not hasattr(layout, "TRY_THIS")
    assert "Things to try" not in str(page)


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


def test_a_saturated_runs_nwb_is_refused_above_the_spike_limit():
    out = E.download_export(ID.DOWNLOAD_NWB, values(exc_type="CH", duration=2000), [1])
    assert out["data"] is no_update
    assert out["alert"].startswith(f"The page writes spike files of at most "
                                   f"{C.MAX_CSV_SPIKES:,} spikes (this run fired 1,")
    assert out["alert"].endswith(": python -m izhi_core --duration 2000 --exc-type CH --nwb "
                                 "spikes.nwb")


def test_all_figures_download_as_a_zip_named_by_the_run():
    out = E.download_export(ID.DOWNLOAD_FIGURES, values(duration=200, exc_weight=0.6), [1, 811])
    data = out["data"]
    assert data["filename"] == ("izhikevich_SNN_figures_Ne_regular_spiking_RS_Ni_low-threshold"
                                "_spiking_LTS_weights-0.6-1_noise-5-2_seed-0.zip")
    names = zipfile.ZipFile(io.BytesIO(base64.b64decode(data["content"]))).namelist()
    assert len(names) == 8 and all("_weights-0.6-1_noise-5-2_seed-0." in n for n in names)


def test_no_download_without_a_button():
    with pytest.raises(PreventUpdate):
        E.download_export(None, values(), [1])
