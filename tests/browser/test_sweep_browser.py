"""The sweep page in headless Chromium against a live server: a phase diagram that fills
in as its runs finish, a link that reproduces it, a cell that opens its network.

The drawn values are read from the page (plotly.js's arrays, float32 on the wire) and
compared with the core's grid of a plain loop over ``simulate()`` in this process.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from izhi_core import simulate
from izhi_core.metrics import run_metrics
from izhi_core.sweep import PointResult
from izhi_core.sweep.grid import grid_of
from izhi_core.sweep.worker import NO_RECORDING

pytestmark = pytest.mark.browser

# 5 x 5 runs of 3 s (about 2 s of runs on this machine): the page polls every 0.5 s
PLANE = ("/sweep?duration=3000&axis1=inh_weight&values1=0:2:5&axis2=exc_weight"
         "&values2=0:1:5&color=rate_exc_hz")
# The cells the diagram has drawn (a rate is defined in every finished cell), and its z.
FILLED = """() => {
  const gd = document.querySelector('#sweep-diagram .js-plotly-plot');
  if (!gd || !gd._fullData || !gd._fullData[0] || !gd._fullData[0].z) return -1;
  return Array.from(gd._fullData[0].z).flatMap(r => Array.from(r))
    .filter(v => v !== null && !isNaN(v)).length;
}"""
Z = """() => Array.from(document.querySelector('#sweep-diagram .js-plotly-plot')
  ._fullData[0].z).map(r => Array.from(r))"""
CELL_AT = """([x, y]) => {
  const gd = document.querySelector('#sweep-diagram .js-plotly-plot');
  const L = gd._fullLayout, box = gd.getBoundingClientRect();
  return {x: box.left + L._size.l + L.xaxis.l2p(x), y: box.top + L._size.t + L.yaxis.l2p(y)};
}"""


def loop_grid(search: str) -> dict:
    """The grid of the sweep ``search`` says, from a plain loop over simulate()."""
    from dashboard.pages.sweep import state as S

    spec = S.spec_of(*S.state_from_query(search)[:2])
    return grid_of(spec, [PointResult(p, run_metrics(simulate(p.config, NO_RECORDING)))
                          for p in spec.points()])


def f32(rows) -> list[list[float]]:
    return np.asarray(rows, np.float32).tolist()


def test_a_5x5_sweep_fills_in_reproduces_from_its_link_and_a_cell_opens_its_network(
        page: Page):
    page.goto(PLANE)
    # partial states: some cells drawn, others still empty, while the job runs
    page.wait_for_function(f"(() => {{ const n = ({FILLED})(); return n > 0 && n < 25; }})",
                           timeout=60_000)
    expect(page.locator("#progress-box")).to_be_visible()
    expect(page.locator("#sweep-status")).to_contain_text("of 25 runs done")
    expect(page.locator("#sweep-status")).to_contain_text("All 25 runs done", timeout=60_000)
    page.wait_for_function(f"({FILLED})() === 25")
    expect(page.locator("#progress-box")).to_be_hidden()
    expected = loop_grid(PLANE.split("/sweep", 1)[1])
    assert page.evaluate(Z) == f32(expected["mean"]["rate_exc_hz"])
    # the address is the sweep's canonical one; opened again, it draws the same
    link = page.url
    assert link.endswith("/sweep?duration=3000&axis1=inh_weight&values1=0:2:5&axis2=exc_weight"
                         "&values2=0:1:5&seeds=1&color=rate_exc_hz")
    page.goto("about:blank")
    page.goto(link)
    expect(page.locator("#sweep-status")).to_contain_text("All 25 runs done", timeout=60_000)
    page.wait_for_function(f"({FILLED})() === 25")
    expect(page.locator("#progress-box")).to_be_hidden()
    assert page.evaluate(Z) == f32(expected["mean"]["rate_exc_hz"])
    expect(page.locator("#sweep-axis1")).to_contain_text("Inhibitory weight")
    expect(page.locator("#sweep-values2")).to_have_value("0:1:5")

    # a click on the cell at inhibition 1.5, excitation 0.25 opens it on the network page
    spot = page.evaluate(CELL_AT, [1.5, 0.25])
    page.mouse.click(spot["x"], spot["y"])
    page.wait_for_url("**/?ne=*")
    expect(page.locator("#exc-weight")).to_have_value("0.25")
    expect(page.locator("#inh-weight")).to_have_value("1.5")
    expect(page.locator("#duration")).to_have_value("3000")
    spikes = expected["mean"]["n_spikes"][1][3]  # row exc 0.25, column inh 1.5 (one seed)
    expect(page.locator("#card-spikes")).to_have_text(f"{int(spikes):,}", timeout=60_000)


def test_presets_back_and_forward_and_a_refused_value_beside_its_field(page: Page):
    page.goto("/sweep?duration=300&seeds=3")
    expect(page.locator("#sweep-status")).to_contain_text("All 3 runs done", timeout=60_000)
    expected = loop_grid("?duration=300&seeds=3")
    mean = expected["mean"]["rate_exc_hz"][0][0]
    sd = expected["sd"]["rate_exc_hz"][0][0]
    expect(page.locator("#sweep-card-rate-exc-hz")).to_have_text(f"{mean:.3g} \u00b1 {sd:.2g} Hz")
    page.wait_for_function("() => { const gd = document.querySelector('#sweep-diagram "
                           ".js-plotly-plot'); return gd && gd.layout.title.text"
                           ".startsWith('Spectrum'); }")

    page.get_by_role("button", name="Excitation, 3 seeds").click()
    expect(page.locator("#sweep-status")).to_contain_text("All 33 runs done", timeout=60_000)
    assert "axis1=exc_weight&values1=0:1:11" in page.url and "duration=300" in page.url
    expect(page.locator("#sweep-cards")).to_be_hidden()
    # the table, as the CLI writes it: a row a run, CSV and Parquet alike
    expect(page.get_by_role("button", name="Parquet")).to_be_enabled()
    tables = {}
    for name in ("CSV", "Parquet"):
        with page.expect_download() as download:
            page.get_by_role("button", name=name).click()
        path = download.value.path()
        tables[name] = pd.read_csv(path) if name == "CSV" else pd.read_parquet(path)
        assert download.value.suggested_filename == (
            f"izhikevich_sweep_exc_weight_33_runs.{name.lower()}")
    assert len(tables["CSV"]) == 33 and tables["CSV"]["seed"].tolist() == [0, 1, 2] * 11
    assert tables["Parquet"]["n_spikes"].tolist() == tables["CSV"]["n_spikes"].tolist()
    page.go_back()
    expect(page.locator("#sweep-status")).to_contain_text("All 3 runs done", timeout=60_000)
    expect(page.locator("#sweep-axis1")).to_contain_text("none")
    page.go_forward()
    expect(page.locator("#sweep-status")).to_contain_text("All 33 runs done", timeout=60_000)

    page.locator("#sweep-values1").fill("0:4:5")
    page.locator("#sweep-values1").press("Enter")
    error = page.locator("#sweep-values1-error")
    expect(error).to_have_text("Excitatory weight must be a number from 0 to 2 mV/ms (got '4').")
    expect(page.locator("#sweep-values1-group")).to_have_class("control has-error")
    page.get_by_role("button", name="Run sweep").click()
    expect(error).to_contain_text("(got '4')")
    expect(page.locator("#progress-box")).to_be_hidden()
    page.locator("#sweep-values1").fill("0:1:5")
    page.locator("#sweep-values1").press("Enter")
    expect(error).to_be_empty()
    expect(page.locator("#sweep-estimate")).to_have_text("5 x 3 seeds = 15 runs, under a "
                                                         "second once it has a slot.")


def test_run_5_seeds_on_the_network_page_shows_its_rates_as_mean_and_sd(page: Page):
    page.goto("/?duration=400&exc_weight=0.45")
    expect(page.locator("#card-spikes")).not_to_have_text("…")
    link = page.get_by_role("link", name="Run 5 seeds")
    # the network page's whole address (its traced neurons too), then the replicates
    expect(link).to_have_attribute("href", re.compile(
        r"^/sweep\?ne=800&ni=202&duration=400&exc_type=RS&inh_type=LTS&exc_weight=0\.45"
        r"&inh_weight=1&exc_noise=5&inh_noise=2&seed=0&mode=exact&inputs="
        r"&neurons=[0-9,]+&drawing=explorer&seeds=5$"))
    link.click()
    expect(page.locator("#sweep-status")).to_contain_text("All 5 runs done", timeout=60_000)
    assert page.url.endswith("/sweep?duration=400&exc_weight=0.45&axis1=&values1=&axis2="
                             "&values2=&seeds=5&color=synchrony")
    expected = loop_grid("?duration=400&exc_weight=0.45&seeds=5")
    for metric in ("rate_exc_hz", "rate_inh_hz"):
        mean, sd = expected["mean"][metric][0][0], expected["sd"][metric][0][0]
        expect(page.locator(f"#sweep-card-{metric.replace('_', '-')}")).to_have_text(
            f"{mean:.3g} \u00b1 {sd:.2g} Hz")
    expect(page.locator("#sweep-base-text")).to_contain_text("weights 0.45 / 1")


def test_cancel_stops_a_sweep_and_keeps_the_cells_drawn(page: Page):
    # 441 runs of 1 s: about 10 s, cancelled after its first cells
    page.goto("/sweep?axis1=inh_weight&values1=0:2:21&axis2=exc_weight&values2=0:1:21"
              "&color=rate_exc_hz")
    page.wait_for_function(f"({FILLED})() > 0", timeout=60_000)
    page.get_by_role("button", name="Cancel").click()
    expect(page.locator("#progress-box")).to_be_hidden()
    expect(page.locator("#sweep-alert")).to_have_text("This run was cancelled.")
    drawn = page.evaluate(FILLED)
    assert 0 < drawn < 441
    expect(page.locator("#sweep-status")).to_contain_text("of 441 runs done")
    expect(page.get_by_role("button", name="CSV")).to_be_disabled()
