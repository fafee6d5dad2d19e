"""The network page's run history and the /compare page, in Chromium against a live server.

The history lives in the browser's local storage: it must survive a reload, leave the
browser as a file and come back the same; a bad file gets one sentence and changes
nothing. "Pin as A" then "Compare with A" opens /compare, whose rasters and cards are
checked against two runs of the core made here, and whose page axe-core checks.
Each test waits for conditions, never for a time, and ends with a clean console.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect
from test_accessibility import PHONE, assert_nothing_serious

from izhi_core import NetworkConfig, simulate

pytestmark = pytest.mark.browser

STORE = "JSON.parse(localStorage.getItem('izhi.history.v1') || '{\"runs\": []}').runs"
# both rasters drawn: A's traces on x/y, B's on x2/y2, each with its dots
RASTERS_DRAWN = """() => {
  const gd = document.querySelector('#compare-rasters .js-plotly-plot');
  if (!gd || !gd._fullData) return false;
  const axes = new Set(gd._fullData.filter(t => t.x && t.x.length).map(t => t.xaxis));
  return axes.has('x') && axes.has('x2');
}"""


def open_network(page: Page) -> None:
    page.goto("/")
    expect(page.locator("#card-spikes")).to_have_text("7,598")


def type_into(page: Page, box: str, text: str) -> None:
    page.locator(f"#{box}").fill(text)
    page.locator(f"#{box}").press("Enter")  # Enter applies a box


def test_the_history_survives_a_reload_and_round_trips_through_a_file(page: Page, tmp_path):
    open_network(page)
    type_into(page, "exc-weight", "0.6")
    expect(page.locator("#card-spikes")).not_to_have_text("7,598")
    stronger = page.locator("#card-spikes").text_content()
    page.click("#history-open")
    runs = page.locator("#history-list > li")
    expect(runs).to_have_count(2)
    expect(runs.first.locator(".history-label")).to_have_text("Excitatory weight 0.5 → 0.6")
    expect(runs.last.locator(".history-label")).to_have_text("the original script's run")
    runs.first.locator("input.history-name").fill("a little stronger")
    runs.first.locator("input.history-name").press("Tab")  # a change is kept on leaving

    page.reload()
    expect(page.locator("#card-spikes")).to_have_text(stronger)  # the address's own run...
    page.click("#history-open")
    expect(runs).to_have_count(2)  # ... which is the newest already
    expect(runs.first.locator("input.history-name")).to_have_value("a little stronger")
    kept = page.evaluate(STORE)

    with page.expect_download() as download:
        page.click("#history-export")
    saved = tmp_path / "history.json"
    download.value.save_as(saved)
    assert json.loads(saved.read_text())["runs"] == kept

    for number in (2, 1):
        page.get_by_role("button", name=f"Remove run {number}").click()
    expect(runs).to_have_count(0)
    assert page.evaluate(STORE) == []

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"version": 1, "runs": [{"search": "?ne=800"},
                                                      {"search": "?colour=red"}]}))
    with page.expect_file_chooser() as chooser:
        page.click("#history-import")
    chooser.value.set_files(str(bad))
    expect(page.locator("#history-message")).to_have_text(
        "Run 2 of this file is not a run of this page (its \"search\" must be an address "
        "query such as ?ne=800&exc_weight=0.5, of this page's fields); nothing was imported.")
    assert page.evaluate(STORE) == []

    with page.expect_file_chooser() as chooser:
        page.click("#history-import")
    chooser.value.set_files(str(saved))
    expect(page.locator("#history-message")).to_have_text("Imported 2 of 2 runs.")
    expect(runs).to_have_count(2)
    assert page.evaluate(STORE) == kept
    assert_nothing_serious(page)  # the drawer open, its list drawn

    # a run of the list opens on this page, through its own address (no page load: the
    # mark set here stays), and is remembered as the newest run
    page.evaluate("window.samePage = true")
    page.get_by_role("link", name="Open run 1").click()
    expect(page.locator("#card-spikes")).to_have_text("7,598")
    expect(page.locator("#exc-weight")).to_have_value("0.5")
    assert page.evaluate("window.samePage === true")
    expect(runs).to_have_count(3)
    expect(runs.first.locator(".history-label")).to_have_text("Excitatory weight 0.6 → 0.5")


def test_pin_as_a_then_compare_with_a_shows_b_minus_a(page: Page):
    open_network(page)
    page.click("#history-pin")
    type_into(page, "seed", "1")
    spikes_b = simulate(NetworkConfig(seed=1)).n_spikes
    expect(page.locator("#card-spikes")).to_have_text(f"{spikes_b:,}")
    link = page.locator("#history-compare")
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(r"/compare\?a="))
    page.wait_for_function(RASTERS_DRAWN)
    spikes = page.locator("#compare-cards [data-label=Spikes]")
    expect(spikes.locator(".compare-delta strong")).to_have_text(
        f"{spikes_b - 7598:+,}".replace("-", "−"))
    expect(spikes).to_contain_text(f"A 7,598 B {spikes_b:,}")
    # A and B differ only by seed: each card says where B − A stands against the seeds
    expect(page.locator("#compare-what")).to_contain_text("differ only by seed")
    expect(page.locator(".compare-verdict")).to_have_count(5)  # all but no gamma peak


def test_the_compare_page_is_drawn_for_its_address_and_axe_finds_nothing_serious(page: Page):
    a, b = "exc_weight=0.5", "exc_weight=0.6&inh_noise=3"
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"/compare?a={quote(a)}&b={quote(b)}")
    page.wait_for_function(RASTERS_DRAWN)
    for graph in ("compare-rate", "compare-spectrum", "compare-isi-cv"):
        page.wait_for_function(
            "(id) => { const gd = document.querySelector('#' + id + ' .js-plotly-plot');"
            " return Boolean(gd && gd._fullData && gd._fullData.length === 2); }", arg=graph)
    run_b = simulate(NetworkConfig(exc_weight=0.6, inh_noise=3.0))
    expect(page.locator("#compare-cards [data-label=Spikes] .compare-delta strong")).to_have_text(
        f"{run_b.n_spikes - 7598:+,}".replace("-", "−"))
    expect(page.locator("#compare-what")).to_have_text(
        "B changes Excitatory weight 0.5 → 0.6, Inhibitory noise 2 → 3.")
    assert_nothing_serious(page)
    # on a phone: nothing wider than the window, and still nothing serious
    page.set_viewport_size(PHONE)
    page.wait_for_function("() => document.scrollingElement.scrollWidth <= window.innerWidth")
    assert_nothing_serious(page)

    # a bad address: one sentence that names the run, the field, what was given
    page.goto("/compare?a=exc_weight%3D5")
    expect(page.locator("#compare-alert")).to_contain_text(
        "Run A: Excitatory weight must be a number from 0 to 2 mV/ms (got '5').")


def test_a_large_comparison_runs_as_one_job_with_the_progress_bar(page: Page):
    # four sparse runs of 10,000 neurons: together past a large run's threshold
    a = "ne=8000&ni=2000&inputs=100"
    page.goto(f"/compare?a={quote(a)}&b={quote(a + '&exc_weight=0.6')}&seeds=2")
    expect(page.locator("#compare-what")).to_have_text("Running A and B…")
    expect(page.locator("#progress-box")).to_be_visible()
    page.wait_for_function(RASTERS_DRAWN)
    expect(page.locator("#progress-box")).to_be_hidden()
    expect(page.locator("#compare-what")).to_have_text(
        "B changes Excitatory weight 0.5 → 0.6. Each side runs 2 seeds (its own and the "
        "next); cards show means.")
    expect(page.locator("#compare-cards .compare-verdict")).to_have_count(4)
