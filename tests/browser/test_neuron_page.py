"""The neuron lab in headless Chromium against a live server: what a student does there.

Each test waits for text or a condition on the page, never for a fixed time, and ends
with a clean console (see conftest.py). Figures are read from the page itself: the
arrays plotly.js drew (float32 on the wire, so compared with the core's as float32).
"""

from __future__ import annotations

import io
import re

import gallery_svg
import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from izhi_core import NetworkConfig, Recording, simulate
from izhi_core import figures_neuron as FN
from izhi_core.neuron import FIGURE1_2004, simulate_neuron

pytestmark = pytest.mark.browser

GALLERY_DRAWN = """() => {
  const panels = [...document.querySelectorAll('#gallery img.gallery-graph')];
  return panels.length === 20 && panels.every(img => img.complete && img.naturalWidth > 0
    && img.getBoundingClientRect().height > 100);
}"""
# A graph's drawn arrays: {trace name: [x, y]} (the last trace of a name wins)
DRAWN = """(id) => {
  const gd = document.querySelector('#' + id + ' .js-plotly-plot');
  if (!gd || !gd._fullData) return null;
  const out = {};
  for (const t of gd._fullData) {
    out[t.name] = [t.x ? Array.from(t.x) : [], t.y ? Array.from(t.y) : []];
  }
  out.__title = gd.layout.title ? gd.layout.title.text : null;
  return out;
}"""
LAB_DRAWN = """(title) => {
  const gd = document.querySelector('#lab-phase .js-plotly-plot');
  return Boolean(gd && gd._fullLayout && gd.layout.title.text === title);
}"""


# Where on the screen the phase plane's trajectory passes at a step (its customdata).
POINT_OF_STEP = """(step) => {
  const gd = document.querySelector('#lab-phase .js-plotly-plot');
  const t = gd._fullData.find(t => t.name === 'trajectory');
  const i = Array.from(t.customdata).findIndex(s => s === step);
  const L = gd._fullLayout, box = gd.getBoundingClientRect();
  return {x: box.left + L._size.l + L.xaxis.l2p(t.x[i]),
          y: box.top + L._size.t + L.yaxis.l2p(t.y[i]), v: t.x[i], u: t.y[i],
          span: [L.xaxis.range[1] - L.xaxis.range[0], L.yaxis.range[1] - L.yaxis.range[0]]};
}"""


# The ring a hover puts on the other graph has a finite position.
HOVERED_SHOWN = """(graph) => {
  const gd = document.querySelector('#' + graph + ' .js-plotly-plot');
  const ring = gd && gd.data && gd.data.find(t => t.name === 'hovered');
  return Boolean(ring && ring.x[0] !== null && isFinite(ring.x[0]));
}"""


def hover_until(page: Page, x: float, y: float, shown: str, graph: str) -> None:
    """Point at (x, y) as a hand does: plotly answers a mousemove over its drag layer,
    and a graph drawn again under a resting pointer hears none, so the pointer leaves
    every graph and jumps back (at most ten times, two seconds each) until ``shown``
    holds; it passes over no other point of a graph on the way."""
    for _ in range(10):
        page.mouse.move(0, 0)
        page.mouse.move(x, y)
        try:
            page.wait_for_function(shown, arg=graph, timeout=2000)
            return
        except PlaywrightTimeout:
            continue
    page.wait_for_function(shown, arg=graph, timeout=2000)  # fails with its own message


def drawn(page: Page, graph: str) -> dict:
    return page.evaluate(DRAWN, graph)


def f32(values) -> list[float]:
    return np.asarray(values, np.float32).tolist()


def open_lab(page: Page, path: str = "/neuron", summary: str = "(A) tonic spiking") -> None:
    page.goto(path)
    expect(page.locator("#lab-summary")).to_contain_text(summary)
    page.wait_for_function("() => { const gd = document.querySelector('#lab-traces "
                           ".js-plotly-plot'); return Boolean(gd && gd._fullLayout); }")


def test_the_gallery_draws_twenty_panels_and_a_click_opens_one_in_the_lab(page: Page):
    open_lab(page)
    page.wait_for_function(GALLERY_DRAWN)
    # each panel: its v(t) over its input, as the core computes the published pattern
    svg = gallery_svg.from_data_address(page.locator("#gallery-A").get_attribute("src"))
    trace = simulate_neuron("A")
    v = gallery_svg.lines(svg)["v"][:, 1]
    shown = gallery_svg.unmap(v, FN.GALLERY_V_RANGE, FN.GALLERY_V_DOMAIN, FN.GALLERY_BOX)
    np.testing.assert_allclose(shown, trace.v, atol=0.01)  # written to 0.1 of 1000 units
    # and on screen: the panel's image has v's blue and I's grey in it, v above I
    png = Image.open(io.BytesIO(page.locator("#gallery-A").screenshot())).convert("RGB")
    pixels = np.asarray(png).astype(int)
    near = {name: np.abs(pixels - np.array(rgb)).sum(axis=2) < 60
            for name, rgb in (("v", (0x1f, 0x4e, 0x9c)), ("I", (0x5c, 0x67, 0x7d)))}
    rows = {name: np.flatnonzero(mask.any(axis=1)) for name, mask in near.items()}
    assert near["v"].sum() > 100 and near["I"].sum() > 50
    assert rows["v"].mean() < rows["I"].mean()
    labels = page.locator(".gallery-panel .gallery-label").all_inner_texts()
    assert labels == [p.label for p in FIGURE1_2004.values()]

    page.locator("#gallery-C").click()
    expect(page.locator("#lab-summary")).to_have_text(
        "(C) tonic bursting, as published: 28 spikes in 220 ms (figure2004, step 0.25 ms).")
    expect(page).to_have_url(re.compile(r"/neuron\?pattern=C$"))
    expect(page.locator("#lab-c")).to_have_value("-50")
    page.wait_for_function(LAB_DRAWN, arg="Phase plane at t = 110 ms, I = 15")
    lab = drawn(page, "lab-traces")
    assert lab["v"][1] == f32(simulate_neuron("C").v)
    # the lab comes into view (as far as the page scrolls)
    page.wait_for_function("""() => {
      const top = document.getElementById('lab').getBoundingClientRect().top;
      const end = document.documentElement.scrollHeight - window.innerHeight;
      return Math.abs(top) < 2 || Math.abs(window.scrollY - end) < 2;
    }""")
    page.go_back()
    expect(page.locator("#lab-summary")).to_contain_text("(A) tonic spiking, as published")
    expect(page.locator("#lab-c")).to_have_value("-65")


def test_the_nullclines_move_with_the_input_of_the_scrubbers_time(page: Page):
    open_lab(page, "/neuron?pattern=A")  # I = 0 until 10 ms, then 14
    page.wait_for_function(LAB_DRAWN, arg="Phase plane at t = 50 ms, I = 14")
    during = drawn(page, "lab-phase")
    assert during["fixed points"][0] == []  # above I_SN = 4: no resting state
    expect(page.locator("#lab-phase-text")).to_contain_text("above I_SN = 4.00")

    page.locator("#lab-at-slider [role=slider]").focus()
    page.keyboard.press("Home")  # the scrubber to 0 ms
    page.wait_for_function(LAB_DRAWN, arg="Phase plane at t = 0 ms, I = 0")
    before = drawn(page, "lab-phase")
    expect(page.locator("#lab-at")).to_have_value("0")
    np.testing.assert_allclose(np.subtract(during["v-nullcline"][1], before["v-nullcline"][1]),
                               14.0, atol=1e-4)
    assert before["u-nullcline"] == during["u-nullcline"]  # u = b v, whatever I
    assert len(before["fixed points"][0]) == 2
    expect(page.locator("#lab-phase-text")).to_contain_text("a stable node at v = −70.00 mV")
    expect(page).to_have_url(re.compile(r"\?pattern=A&at=0$"))


def test_hovering_a_time_moves_the_dot_on_the_phase_plane_and_back(page: Page):
    open_lab(page, "/neuron?pattern=C", "(C) tonic bursting")
    page.wait_for_function(LAB_DRAWN, arg="Phase plane at t = 110 ms, I = 15")
    trace = simulate_neuron("C")
    # the middle of the v(t) panel: plotly's hover gives the step under the pointer
    page.locator("#lab-traces").scroll_into_view_if_needed()  # as a user would, to point
    box = page.locator("#lab-traces .nsewdrag").first.bounding_box()
    hover_until(page, box["x"] + 0.3 * box["width"], box["y"] + 0.5 * box["height"],
                HOVERED_SHOWN, "lab-phase")
    dot = drawn(page, "lab-phase")["hovered"]
    step = int(np.flatnonzero(np.float32(trace.v) == np.float32(dot[0][0]))[0])
    assert np.float32(trace.u[step]) == np.float32(dot[1][0])
    assert 0.2 < trace.t[step] / trace.t[-1] < 0.4

    # and back: a point of the trajectory marks its time on v(t)
    page.locator("#lab-phase").scroll_into_view_if_needed()
    point = page.evaluate(POINT_OF_STEP, 300)  # step 300: t = 75 ms, between bursts
    hover_until(page, point["x"], point["y"], HOVERED_SHOWN, "lab-traces")
    marked = drawn(page, "lab-traces")["hovered"]
    step = int(round(marked[0][0] / 0.25))
    assert np.float32(trace.v[step]) == np.float32(marked[1][0])
    # the step marked is one whose (v, u) is under the pointer (the path passes there
    # once a burst; plotly picks the nearest point of any of them)
    span = point["span"]
    assert abs(trace.v[step] - point["v"]) < 0.02 * span[0]
    assert abs(trace.u[step] - point["u"]) < 0.02 * span[1]


def test_a_bad_value_shows_its_sentence_beside_its_field(page: Page):
    open_lab(page, "/neuron?pattern=A")
    page.locator("#lab-d").fill("abc")
    page.locator("#lab-d").press("Enter")
    expect(page.locator("#lab-d-error")).to_have_text(
        "The parameter d must be a number from -50 to 50 mV/ms (got 'abc').")
    expect(page.locator("#lab-d-group")).to_have_class("control has-error")
    expect(page.locator("#lab-alert")).to_be_hidden()
    expect(page.locator("#lab-summary")).to_contain_text("as published: 5 spikes")  # kept
    expect(page).to_have_url(re.compile(r"\?pattern=A$"))  # a refused value never goes there
    page.locator("#lab-d").fill("-1")
    page.locator("#lab-d").press("Enter")
    expect(page.locator("#lab-changed")).to_have_text(
        "d < 0: each spike lowers u, so the neuron bursts without end. Spikes: 5 → 41.")
    expect(page.locator("#lab-d-error")).to_have_text("")
    expect(page).to_have_url(re.compile(r"\?pattern=A&d=-1$"))


def test_the_replay_link_gives_the_networks_own_trace_bit_for_bit(page: Page):
    page.goto("/?neurons=1,811")
    expect(page.locator("#card-spikes")).to_have_text("7,598")
    page.wait_for_function("() => { const gd = document.querySelector('#traces "
                           ".js-plotly-plot'); return gd && gd._fullData "
                           "&& gd._fullData.length === 4; }")
    shown = page.evaluate("""() => {
      const gd = document.querySelector('#traces .js-plotly-plot');
      return gd._fullData.filter(t => t.name === 'neuron 811 (I)').map(t => Array.from(t.y));
    }""")  # v, then u, as the network page draws them
    page.get_by_role("link", name="neuron 811 (I)").click()
    expect(page.locator("#lab-summary")).to_contain_text(
        "Neuron 811 (inhibitory, LTS) of the network, alone on the input it received there")
    expect(page.locator("#lab-summary")).to_contain_text("match the network's bit for bit: ✓")
    page.wait_for_function(LAB_DRAWN, arg="Phase plane at t = 500 ms, I = -1.45")
    lab = drawn(page, "lab-traces")
    assert lab["v"][1] == shown[0] and lab["u"][1] == shown[1]
    network = simulate(NetworkConfig(), Recording(neurons=(811,)))
    assert lab["v"][1] == f32(network.v[0])

    page.locator("#lab-d").fill("-4")  # the same input, another neuron
    page.locator("#lab-d").press("Enter")
    expect(page.locator("#lab-summary")).to_contain_text("With your a, b, c, d:")
    expect(page.locator("#lab-changed")).to_contain_text("d < 0: each spike lowers u")
    changed = drawn(page, "lab-traces")
    assert changed["the network's neuron"][1] == shown[1]  # its u, in grey beneath
    assert changed["v"][1] != shown[0]
    page.get_by_role("link", name=re.compile("Back to the network")).click()
    expect(page.locator("#card-spikes")).to_have_text("7,598")
    expect(page).to_have_url(re.compile(r"/\?ne=800.*&neurons=811$"))


def test_the_network_page_is_as_it_was_after_a_visit_to_the_lab(page: Page):
    page.goto("/?seed=3&duration=500")
    spikes = f"{simulate(NetworkConfig(seed=3, duration=500)).n_spikes:,}"
    expect(page.locator("#card-spikes")).to_have_text(spikes)
    page.get_by_role("link", name="Neuron lab", exact=True).click()  # the nav's, not a lesson's
    expect(page.locator("#lab-summary")).to_contain_text("(A) tonic spiking")
    page.go_back()
    expect(page.locator("#card-spikes")).to_have_text(spikes)
    expect(page.locator("#seed")).to_have_value("3")
    expect(page).to_have_url(re.compile(r"/\?seed=3&duration=500$"))


@pytest.mark.parametrize("width", [390, 600, 1100])
def test_the_lab_fits_a_narrow_screen(page: Page, width: int):
    page.set_viewport_size({"width": width, "height": 900})
    open_lab(page, "/neuron?replay=811", "bit for bit: ✓")  # its long a, b, c, d too
    page.wait_for_function(GALLERY_DRAWN)
    # nothing, not even a hidden tooltip, reaches past the right edge
    assert page.evaluate("document.documentElement.scrollWidth") == width
