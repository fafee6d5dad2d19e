"""The dashboard in headless Chromium against a live server: what a student does.

Each test waits for text or a condition on the page, never for a fixed time, and
ends with a clean console (see conftest.py).
"""

from __future__ import annotations

import json
import math
import re
import struct

import pytest
from playwright.sync_api import Page, expect
from plotly.offline import get_plotlyjs_version

from izhi_core import NetworkConfig, simulate

pytestmark = pytest.mark.browser

ORIGINAL_SPIKES = "7,598"

RASTER_POINTS = """() => {
  const gd = document.querySelector('#raster .js-plotly-plot');
  return gd && gd._fullData ? gd._fullData.reduce((n, t) => n + t._length, 0) : -1;
}"""
TRACE_NAMES = """() => {
  const gd = document.querySelector('#traces .js-plotly-plot');
  return gd && gd._fullData ? [...new Set(gd._fullData.map(t => t.name))] : [];
}"""


def spikes_of(**fields) -> str:
    """The spike count the page should show, from the core in this process."""
    return f"{simulate(NetworkConfig(**fields)).n_spikes:,}"


RASTER_DRAWN = """() => {
  const gd = document.querySelector('#raster .js-plotly-plot');
  return Boolean(gd && gd._fullLayout && gd._fullData && gd._fullData.length > 0);
}"""


def open_page(page: Page, path: str = "/", spikes: str = ORIGINAL_SPIKES) -> None:
    page.goto(path)
    expect(page.locator("#card-spikes")).to_have_text(spikes)
    page.wait_for_function(RASTER_DRAWN)  # the card can come before plotly has drawn


def slider_value(page: Page, slider_id: str) -> str:
    return page.locator(f"#{slider_id}").input_value()  # the box beside the slider


def test_the_page_opens_on_the_seed_run(page: Page):
    open_page(page)
    assert page.evaluate(RASTER_POINTS) == 7598
    expect(page).to_have_title("Izhikevich network explorer")
    expect(page.locator("#exc-type")).to_contain_text("regular spiking (RS)")
    expect(page.locator("#inh-type")).to_contain_text("low-threshold spiking (LTS)")
    expect(page.locator("#exc-params")).to_have_text("a 0.02, b 0.2, c -65 mV, d 8")
    expect(page.locator("#weight-scenario")).to_contain_text("default (Izhikevich 2003)")
    assert [slider_value(page, s) for s in ("exc-weight", "inh-weight", "exc-noise",
                                            "inh-noise")] == ["0.5", "1.0", "5.0", "2.0"]
    for field, value in (("ne", "800"), ("ni", "202"), ("duration", "1000"), ("seed", "0"),
                         ("inputs", "")):
        expect(page.locator(f"#{field}")).to_have_value(value)
    expect(page.locator("#mode input[value=exact]")).to_be_checked()
    expect(page.locator("#neurons")).to_contain_text("1 (E)")
    expect(page.locator("#neurons")).to_contain_text("811 (I)")
    page.wait_for_function(f"({TRACE_NAMES})().length === 2")
    assert sorted(page.evaluate(TRACE_NAMES)) == ["neuron 1 (E)", "neuron 811 (I)"]
    expect(page.locator("#card-rate-e")).to_have_text("7.6 Hz")
    expect(page.locator("#card-rate-i")).to_have_text("7.3 Hz")
    # each card's title is drawn from its data-label
    assert page.evaluate("getComputedStyle(document.querySelector('#card-spikes'), '::before')"
                         ".content") == '"Spikes"'


# Each display equation of the teaching card: its namespace, and the height of its first
# fraction (0 if none) over the font size: a typeset fraction stands on two lines.
EQUATIONS = """() => [...document.querySelectorAll('.teaching .equations math')].map(m => {
  const frac = m.querySelector('mfrac');
  const em = parseFloat(getComputedStyle(m).fontSize);
  return [m.namespaceURI, frac ? frac.getBoundingClientRect().height / em : 0];
})"""


def test_the_equations_are_typeset_by_the_browser(page: Page):
    open_page(page)
    page.wait_for_function(f"({EQUATIONS})().length === 3")  # set by assets/html_text.js
    equations = page.evaluate(EQUATIONS)
    assert [ns for ns, _ in equations] == ["http://www.w3.org/1998/Math/MathML"] * 3
    assert [height > 1.8 for _, height in equations] == [True, True, False]  # dv/dt, du/dt


def test_the_page_fetches_only_the_plotly_js_it_draws_with(page: Page):
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    open_page(page)
    page.wait_for_function(f"({TRACE_NAMES})().length === 2")  # every graph has drawn
    page.wait_for_function(f"({EQUATIONS})().length === 3")
    assert any("/assets/plotly-partial.min.js" in url for url in fetched)
    assert [url for url in fetched if "plotly.min.js" in url or "mathjax" in url] == []
    # nor a Markdown parser and highlight.js for the teaching card's HTML
    assert [url for url in fetched if "markdown" in url or "highlight" in url] == []
    # dcc's graph, slider and dropdown came with the page, and were not fetched again
    for chunk in ("graph", "slider", "dropdown"):
        assert len([url for url in fetched if f"/dcc/async-{chunk}.js" in url]) == 1, chunk
    assert page.evaluate("() => Plotly.version") == get_plotlyjs_version()


@pytest.mark.parametrize(("path", "block", "words"), [
    ("/neuron", ".lab-intro strong", "Twenty firing patterns from four numbers."),
    ("/neuron", ".lab-help strong", "The phase plane."),
    ("/sweep", ".sweep-reading code", "docs/sweeps.md"),
])
def test_the_lab_and_the_sweep_page_write_their_prose_without_a_markdown_parser(
        page: Page, path: str, block: str, words: str):
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(path)
    # the text is there, its markup as HTML (assets/html_text.js sets it)
    expect(page.locator(block).first).to_have_text(words)
    assert [url for url in fetched if "markdown" in url or "highlight" in url] == []


# Every plotly_afterplot of the four graphs, counted from the page's first script on.
COUNT_DRAWS = """
window.__draws = {};
new MutationObserver(() => {
  document.querySelectorAll('.js-plotly-plot').forEach(gd => {
    const id = gd.parentElement.id;
    if (gd.on && !(id in window.__draws)) {
      window.__draws[id] = 0;
      gd.on('plotly_afterplot', () => { window.__draws[id] += 1; });
    }
  });
}).observe(document, {childList: true, subtree: true});
"""
GRAPHS = ("raster", "current-map", "traces", "rhythms")


def test_a_link_opens_drawn_with_no_request_for_its_figures(page: Page):
    posted: list[str] = []
    page.on("request", lambda request: posted.append(request.post_data or "")
            if "/_dash-update-component" in request.url else None)
    page.add_init_script(COUNT_DRAWS)
    open_page(page, "/?exc_weight=0.6&seed=3", spikes=spikes_of(exc_weight=0.6, seed=3))
    page.wait_for_function(f"() => {list(GRAPHS)}.every(id => window.__draws[id] >= 1)")
    # the shell's layout comes with the page drawn: no router's round trip, no callback
    # draws the figures, nor the defaults before, and the address it drew is not sent to
    # be read again
    assert posted == []
    expect(page).to_have_title("Izhikevich network explorer")
    # and the router still draws the next page the address asks for
    page.locator("#nav-neuron-lab").click()
    expect(page.locator("#lab-traces .js-plotly-plot")).to_be_visible()
    expect(page).to_have_title("Izhikevich neuron lab")
    assert [json.loads(body)["output"] for body in posted][:1] == [
        ".._pages_content.children..._pages_store.data.."]


def test_a_graph_asked_to_resize_to_its_own_size_draws_nothing_and_follows_a_new_one(
        page: Page):
    page.add_init_script(COUNT_DRAWS)
    open_page(page)
    page.wait_for_function(f"() => {list(GRAPHS)}.every(id => window.__draws[id] >= 1)")
    # dcc.Graph asks each graph to resize once drawn, to the size it has
    page.evaluate("""() => Promise.all([...document.querySelectorAll('.js-plotly-plot')]
        .map(gd => Plotly.Plots.resize(gd)))""")
    assert page.evaluate("() => window.__draws") == {g: 1 for g in GRAPHS}
    width = page.evaluate("() => document.querySelector('#raster .js-plotly-plot')"
                          "._fullLayout.width")
    page.set_viewport_size({"width": 1300, "height": 1000})
    page.wait_for_function(f"""() => document.querySelector('#raster .js-plotly-plot')
        ._fullLayout.width < {width} - 50""")


# Whether a function is the browser's own: asked of a fresh frame's Function.toString,
# which Dash's polyfill (core-js 2) has not patched to call its copies native.
NOT_NATIVE = """() => {
  const frame = document.createElement('iframe');
  document.body.appendChild(frame);
  const source = frame.contentWindow.Function.prototype.toString;
  const own = f => /\\[native code\\]/.test(source.call(f));
  const checked = {'String.prototype.trim': String.prototype.trim,
                   'String.prototype.trimStart': String.prototype.trimStart,
                   'String.prototype.trimEnd': String.prototype.trimEnd,
                   parseInt, parseFloat, 'Number.parseFloat': Number.parseFloat,
                   'Number.parseInt': Number.parseInt,
                   // one the polyfill keeps: proves the check sees its copies
                   setImmediate: window.setImmediate};
  frame.remove();
  return Object.entries(checked).filter(([name, f]) => !own(f)).map(([name]) => name);
}"""


def test_plotly_runs_on_the_browsers_own_trim_and_parsers(page: Page):
    open_page(page)
    assert page.evaluate(NOT_NATIVE) == ["setImmediate"]
    assert page.evaluate("() => [' 1.5px '.trim(), parseFloat(' 2.5e1'), parseInt('0x1f')]") == [
        "1.5px", 25, 31]


# The text of the page's tooltip (assets/tooltips.js) if it shows for the element of this id.
TIP_SHOWN = """(id) => {
  const tip = document.getElementById('page-tooltip');
  return tip && !tip.hidden && tip.dataset.for === id ? tip.textContent : null;
}"""


def test_hovering_a_control_shows_its_tooltip(page: Page):
    open_page(page)
    page.locator("#exc-weight-group label").hover()
    shown = page.wait_for_function(TIP_SHOWN, arg="exc-weight-group").json_value()
    assert "Strength of excitatory synapses" in shown
    page.locator("#download-menu summary").click()  # the downloads are in a menu
    page.locator("#download-spikes").hover()
    shown = page.wait_for_function(TIP_SHOWN, arg="download-spikes").json_value()
    assert "Every spike as a CSV table" in shown
    assert page.evaluate(TIP_SHOWN, "exc-weight-group") is None  # gone with the pointer


@pytest.mark.parametrize("width", [600, 1100])
def test_the_page_fits_a_narrow_screen(page: Page, width: int):
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page)
    # nothing, not even a hidden tooltip, reaches past the right edge
    assert page.evaluate("document.documentElement.scrollWidth") == width


def test_a_type_a_slider_and_the_seed_redraw(page: Page):
    open_page(page)
    page.locator("#exc-type").click()
    page.get_by_role("option", name="chattering (CH)").click()
    expect(page.locator("#card-spikes")).to_have_text(spikes_of(exc_type="CH"))
    expect(page.locator("#exc-params")).to_have_text("a 0.02, b 0.2, c -51 mV, d 2")

    thumb = page.locator("#exc-noise-slider .dash-slider-thumb[role=slider]")
    # the thumb jumps to its new value: no transition of its position
    moving = thumb.evaluate("t => getComputedStyle(t).transitionProperty")
    assert "all" not in moving and "left" not in moving and "transform" not in moving
    thumb.focus()
    page.keyboard.press("ArrowRight")  # 5 -> 5.5 mV, on release (a key press is one step)
    expect(page.locator("#card-spikes")).to_have_text(spikes_of(exc_type="CH", exc_noise=5.5))
    expect(page).to_have_url(re.compile(r"exc_type=CH&.*exc_noise=5\.5&"))

    page.locator("#seed").fill("1")
    page.locator("#seed").press("Enter")
    expect(page.locator("#card-spikes")).to_have_text(
        spikes_of(exc_type="CH", exc_noise=5.5, seed=1))
    # chattering neurons burst: far more spikes than a graph can show apart, so the
    # raster draws every k-th neuron and says so in its title
    title = page.evaluate("() => document.querySelector('#raster .js-plotly-plot')"
                          ".layout.title.text")
    assert spikes_of(exc_type="CH", exc_noise=5.5, seed=1) in title and "every" in title


# An excitatory spike with no other spike within 6 px, and where it is on the screen.
ISOLATED_POINT = """() => {
  const gd = document.querySelector('#raster .js-plotly-plot');
  const L = gd._fullLayout, box = gd.getBoundingClientRect();
  const px = [];
  for (const t of gd._fullData) {
    for (let i = 0; i < t._length; i++) {
      px.push([L.xaxis.l2p(t.x[i]) + L._size.l, L.yaxis.l2p(t.y[i]) + L._size.t, t.y[i]]);
    }
  }
  for (const [x, y, neuron] of px) {
    if (neuron === 1 || neuron === 811 || x < 20 || y < 20 || x > L._size.w) continue;
    if (px.every(([x2, y2]) => (x2 === x && y2 === y) || Math.hypot(x2 - x, y2 - y) > 6)) {
      return {x: box.left + x, y: box.top + y, neuron: neuron};
    }
  }
  return null;
}"""


def test_clicking_a_raster_point_adds_that_neurons_trace(page: Page):
    open_page(page)
    point = page.evaluate(ISOLATED_POINT)
    assert point is not None
    page.mouse.move(point["x"], point["y"])
    page.mouse.click(point["x"], point["y"])
    neuron = int(point["neuron"])
    kind = "E" if neuron < 800 else "I"
    expect(page.locator("#neurons")).to_contain_text(f"{neuron} ({kind})")
    page.wait_for_function(f"({TRACE_NAMES})().includes('neuron {neuron} ({kind})')")
    assert len(page.evaluate(TRACE_NAMES)) == 3
    expect(page).to_have_url(re.compile(rf"neurons=1,811,{neuron}(&|$)"))
    expect(page.locator("#card-spikes")).to_have_text(ORIGINAL_SPIKES)  # nothing else reran


def test_a_link_reproduces_a_configuration_and_back_forward_work(page: Page):
    fields = dict(exc_type="IB", exc_weight=0.6, seed=3, duration=500)
    expected = spikes_of(**fields)
    open_page(page, "/?exc_type=IB&exc_weight=0.6&seed=3&duration=500&neurons=5,900",
              spikes=expected)
    expect(page.locator("#exc-type")).to_contain_text("intrinsically bursting (IB)")
    expect(page.locator("#seed")).to_have_value("3")
    expect(page.locator("#duration")).to_have_value("500")
    assert slider_value(page, "exc-weight") == "0.6"
    page.wait_for_function(f"({TRACE_NAMES})().includes('neuron 900 (I)')")
    assert sorted(page.evaluate(TRACE_NAMES)) == ["neuron 5 (E)", "neuron 900 (I)"]
    # the sweep page's links start from the network drawn, from the first view on
    for link in ("#seeds-link", "#sweep-link"):
        expect(page.locator(link)).to_have_attribute(
            "href", re.compile(r"^/sweep\?.*exc_type=IB.*exc_weight=0.6.*seed=3"))
    expect(page.locator("#stale-note")).to_be_hidden()

    page.locator("#inh-weight-slider .dash-slider-thumb[role=slider]").focus()
    page.keyboard.press("ArrowLeft")  # 1.0 -> 0.95
    changed = spikes_of(**fields, inh_weight=0.95)
    expect(page.locator("#card-spikes")).to_have_text(changed)
    # the address follows what is drawn, just after it is drawn (before Back is pressed),
    # and so do the sweep page's links; the figures agree with the controls
    expect(page).to_have_url(re.compile(r"inh_weight=0.95"))
    expect(page.locator("#sweep-link")).to_have_attribute("href", re.compile(r"inh_weight=0.95"))
    expect(page.locator("#stale-note")).to_be_hidden()
    page.go_back()
    expect(page.locator("#card-spikes")).to_have_text(expected)
    expect(page.locator("#inh-weight")).to_have_value("1")
    page.go_forward()
    expect(page.locator("#card-spikes")).to_have_text(changed)
    expect(page.locator("#inh-weight")).to_have_value("0.95")


def test_a_link_with_a_bad_value_shows_an_alert_and_changes_still_reach_the_address(
        page: Page):
    open_page(page, "/?ne=abc&seed=4")  # refused whole: the seed's run stays
    expect(page.locator("#alert")).to_contain_text(
        "Excitatory neurons must be a whole number from 0 to 250,000 (got 'abc').")
    assert page.evaluate("() => history.length") == 2  # the link, unchanged
    expect(page).to_have_url(re.compile(r"/\?ne=abc&seed=4$"))
    page.locator("#inh-weight-slider .dash-slider-thumb[role=slider]").focus()
    page.keyboard.press("ArrowLeft")  # 1.0 -> 0.95
    expect(page.locator("#card-spikes")).to_have_text(spikes_of(inh_weight=0.95))
    expect(page).to_have_url(re.compile(r"\?ne=800&.*inh_weight=0.95&.*seed=0&"))
    expect(page.locator("#alert")).to_be_hidden()


def choose_download(page: Page, name: str) -> None:
    """Open the toolbar's Download menu and press one of its downloads; the menu closes."""
    page.locator("#download-menu summary").click()
    page.get_by_role("button", name=name).click()
    expect(page.locator("#download-menu")).not_to_have_attribute("open", "")


def test_downloads_have_the_right_content(page: Page):
    open_page(page)
    expect(page.get_by_role("button", name="Spikes (CSV)")).to_be_hidden()  # folded
    with page.expect_download() as spikes:
        choose_download(page, "Spikes (CSV)")
    assert spikes.value.suggested_filename == (
        "izhikevich_SNN_firings_Ne_regular_spiking_RS_Ni_low-threshold_spiking_LTS"
        "_weights-0.5-1_noise-5-2_seed-0.csv")
    lines = open(spikes.value.path()).read().splitlines()
    seed = simulate(NetworkConfig())
    assert lines[0] == "time_ms,neuron"
    assert lines[1:] == [f"{t},{n}" for t, n in zip(seed.spike_times, seed.spike_neurons,
                                                      strict=True)]

    with page.expect_download() as config:
        choose_download(page, "Configuration (JSON)")
    assert json.loads(open(config.value.path()).read()) == NetworkConfig().to_dict()

    with page.expect_download() as traces:
        choose_download(page, "Traces (CSV)")
    lines = open(traces.value.path()).read().splitlines()
    assert lines[0] == "time_ms,v_1,u_1,v_811,u_811" and len(lines) == 1 + 1000


# plotly.js's nestedProperty, patched to keep the parts of each property string it has
# parsed (scripts/plotly_bundle/build.mjs), asked twice for each kind of string: dotted,
# indexed, the array-wide [-1], and one it must refuse.
NESTED_PROPERTIES = """async () => {
  const div = document.createElement('div');
  document.body.appendChild(div);
  await Plotly.newPlot(div, [{y: [1, 2], marker: {color: 'blue'}}, {y: [3, 4]}],
                       {annotations: [{text: 'a', x: 0, y: 1}], xaxis: {range: [0, 1]}});
  const seen = [];
  for (const round of [1, 2]) {
    await Plotly.restyle(div, {'marker.color': 'red' + round}, [0]);
    await Plotly.relayout(div, {'annotations[0].text': 'b' + round, 'xaxis.range[1]': 5 + round});
    await Plotly.restyle(div, {'line.width': round}, [0, 1]);
    seen.push([div.data[0].marker.color, div.layout.annotations[0].text, div.layout.xaxis.range[1],
               div.data.map(t => t.line.width)]);
  }
  try { await Plotly.relayout(div, {'__proto__.polluted': 1}); } catch (e) { /* refused */ }
  Plotly.purge(div);
  div.remove();
  return [seen, ({}).polluted === undefined];
}"""


def test_plotlys_patched_nested_property_sets_and_gets_as_before(page: Page):
    open_page(page)
    seen, clean = page.evaluate(NESTED_PROPERTIES)
    assert seen == [["red1", "b1", 6, [1, 1]], ["red2", "b2", 7, [2, 2]]]
    assert clean  # and no object was polluted


# Plotly.react given the config it applied last, then another, then that one again: the
# context it keeps (the same object, untouched, when nothing changed) and what the graph
# shows of each (a mode bar or none, its tick labels).
REACT_CONFIGS = """async () => {
  const div = document.createElement('div');
  div.style.width = '400px'; div.style.height = '300px';
  document.body.appendChild(div);
  const fig = () => ({data: [{x: [0, 1.5], y: [0.5, 2.5]}], layout: {}});
  const shows = () => [div._context, Boolean(div.querySelector('.modebar-container .modebar')),
                       Array.from(div.querySelectorAll('.xtick text')).map(t => t.textContent)];
  await Plotly.newPlot(div, fig().data, fig().layout, {displaylogo: false});
  const seen = [];
  for (const config of [{displaylogo: false}, {displaylogo: false},
                        {displaylogo: false, displayModeBar: false},
                        {displaylogo: false}]) {
    await Plotly.react(div, {...fig(), config: config});
    seen.push(shows());
  }
  const same = seen.map((s, i) => i > 0 && s[0] === seen[i - 1][0]);
  Plotly.purge(div); div.remove();
  return [same, seen.map(s => [s[1], s[2].slice(0, 2)])];
}"""


def test_plotlys_patched_react_applies_a_new_config_and_skips_the_same_one(page: Page):
    open_page(page)
    same, shows = page.evaluate(REACT_CONFIGS)
    # the same config again leaves the context as it was; a new one is applied, and
    # the first one again too
    assert same == [False, True, False, False]
    assert shows == [[True, ["0", "0.5"]], [True, ["0", "0.5"]], [False, ["0", "0.5"]],
                     [True, ["0", "0.5"]]]


# Record the width of each WebGL canvas plotly.js reads into an exported image.
RECORD_GL_READS = """() => {
  window.__glReads = [];
  const toDataURL = HTMLCanvasElement.prototype.toDataURL;
  HTMLCanvasElement.prototype.toDataURL = function (...args) {
    if (this.classList.contains('gl-canvas')) window.__glReads.push(this.width);
    return toDataURL.apply(this, args);
  };
}"""
RASTER_GL = """() => {
  const gd = document.querySelector('#raster .js-plotly-plot');
  return [gd._fullLayout.width, gd.querySelector('.gl-canvas-focus').width, devicePixelRatio];
}"""


def test_the_raster_is_webgl_at_the_screen_ratio_and_its_png_at_the_png_scale(page: Page):
    open_page(page)
    width, canvas, ratio = page.evaluate(RASTER_GL)
    assert ratio == 1 and canvas == math.floor(width)  # plotly.js alone draws 2 x width
    page.evaluate(RECORD_GL_READS)
    page.locator("#raster .js-plotly-plot").hover()
    with page.expect_download() as png:
        page.locator("#raster [data-title='Download plot as a PNG']").click()
    assert png.value.suggested_filename == (
        "izhikevich_SNN_firings_Ne_regular_spiking_RS_Ni_low-threshold_spiking_LTS"
        "_weights-0.5-1_noise-5-2_seed-0.png")
    header = open(png.value.path(), "rb").read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">I", header[16:20])[0] == round(2 * width)  # the PNG's scale: 2
    reads = page.evaluate("() => window.__glReads")
    assert reads and set(reads) == {math.floor(2 * width)}  # its WebGL layer at that scale
    assert page.evaluate(RASTER_GL)[1] == math.floor(width)  # the page's back at 1


FIGURES_TOP = "() => document.querySelector('#raster').getBoundingClientRect().top"


@pytest.mark.parametrize(("field", "typed", "where", "words"), [
    ("ne", "9000", "inputs",
     "An all-to-all network may have at most 5,000 neurons (got 9,202)"),
    ("ne", "12.5", "ne", "Excitatory neurons must be a whole number from 0 to 250,000 "
                          "(got '12.5')."),
    ("inputs", "1.5", "inputs", "(got '1.5')."),
    ("exc-weight", "5", "exc-weight", "Excitatory weight must be a number from 0 to 2 mV/ms "
                                      "(got '5')."),
    ("exc-weight", "", "exc-weight", "(got nothing)."),
])
def test_a_bad_value_gets_its_sentence_beside_its_field_and_the_figures_stay(
        page: Page, field: str, typed: str, where: str, words: str):
    open_page(page)
    top = page.evaluate(FIGURES_TOP)
    page.locator(f"#{field}").fill(typed)
    page.locator(f"#{field}").press("Enter")  # Enter applies a box
    error = page.locator(f"#{where}-error")
    expect(error).to_contain_text(words)
    expect(page.locator(f"#{where}-group")).to_have_class(re.compile("has-error"))
    expect(page.locator("#alert")).to_be_hidden()
    expect(page.locator("#card-spikes")).to_have_text(ORIGINAL_SPIKES)
    assert page.evaluate(RASTER_POINTS) == 7598
    assert page.evaluate(FIGURES_TOP) == top  # the figures did not move
    # what is drawn is not what the controls say, and the page says so
    expect(page.locator("#stale-note")).to_be_visible()
    expect(page.locator("#stale-text")).to_contain_text("A value is refused")
    assert "NaN" not in page.url and "12.5" not in page.url and "=5&" not in page.url
    page.locator("#revert").click()  # back to the drawn run's values
    expect(error).to_be_empty()
    expect(page.locator("#stale-note")).to_be_hidden()
    expect(page.locator(f"#{where}-group")).not_to_have_class(re.compile("has-error"))


def test_the_weight_scenario_says_custom_and_choosing_one_applies_it(page: Page):
    open_page(page)
    page.locator("#exc-weight").fill("1.0")
    page.locator("#exc-weight").press("Enter")
    expect(page.locator("#weight-scenario")).to_contain_text("custom")
    expect(page.locator("#card-spikes")).to_have_text(spikes_of(exc_weight=1.0))
    page.locator("#weight-scenario").click()
    page.get_by_role("option", name="default (Izhikevich 2003)").click()
    expect(page.locator("#exc-weight")).to_have_value("0.5")
    expect(page.locator("#card-spikes")).to_have_text(ORIGINAL_SPIKES)
    expect(page.locator("#weight-scenario")).to_contain_text("default (Izhikevich 2003)")


def test_a_slider_moves_its_box_and_the_box_moves_its_slider(page: Page):
    views: list[list[str]] = []
    page.on("request", lambda request: views.append(json.loads(request.post_data)
                                                    ["changedPropIds"])
            if "/_dash-update-component" in request.url
            and "raster.figure" in (request.post_data or "") else None)
    open_page(page)
    page.locator("#exc-noise-slider .dash-slider-thumb[role=slider]").focus()
    page.keyboard.press("ArrowRight")  # 5.0 -> 5.5
    expect(page.locator("#exc-noise")).to_have_value("5.5")
    expect(page.locator("#card-spikes")).to_have_text(spikes_of(exc_noise=5.5))
    # the slider itself asked for the view, once: not its box's echo, not again after it
    assert views == [["exc-noise-slider.value"]]
    page.locator("#exc-noise").fill("3")
    page.locator("#exc-noise").press("Enter")
    expect(page.locator("#exc-noise-slider .dash-slider-thumb[role=slider]")).to_have_attribute(
        "aria-valuenow", "3")
    expect(page.locator("#card-spikes")).to_have_text(spikes_of(exc_noise=3))
    assert len(views) == 2
    page.locator("#exc-noise").blur()  # leaving the box as it is asks for nothing
    page.wait_for_timeout(500)
    assert len(views) == 2
    # a value its slider cannot take gets its sentence; the slider's own value typed
    # back takes it away
    page.locator("#exc-noise").fill("30")
    page.locator("#exc-noise").press("Enter")
    expect(page.locator("#exc-noise-error")).to_contain_text("(got '30')")
    page.locator("#exc-noise").fill("3")
    page.locator("#exc-noise").press("Enter")
    expect(page.locator("#exc-noise-error")).to_be_empty()
    expect(page.locator("#stale-note")).to_be_hidden()


# Counts the times the stale note is shown, from now on.
COUNT_STALE_NOTES = """() => {
  window.__staleShown = 0;
  const note = document.getElementById("stale-note");
  new MutationObserver(() => { if (note.style.display !== "none") window.__staleShown++; })
    .observe(note, {attributes: true, attributeFilter: ["style"]});
}"""


def test_a_slider_move_shows_no_stale_note_while_its_figures_come(page: Page):
    # the note is for figures that stay behind the controls (a refused value, a
    # cancelled run), not for the tenth of a second a moved slider's figures take: the
    # box the answer writes comes with the figures
    open_page(page)
    page.evaluate(COUNT_STALE_NOTES)
    thumb = page.locator("#inh-weight-slider .dash-slider-thumb[role=slider]")
    for key, weight in (("ArrowLeft", 0.95), ("ArrowLeft", 0.9)):
        thumb.focus()
        page.keyboard.press(key)
        expect(page.locator("#card-spikes")).to_have_text(spikes_of(inh_weight=weight))
        expect(page.locator("#inh-weight")).to_have_value(f"{weight}")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__staleShown") == 0
    # a refused value still gets its note at once
    page.locator("#seed").fill("x")
    page.locator("#seed").press("Enter")
    expect(page.locator("#stale-note")).to_be_visible()


def test_copy_link_copies_the_address(page: Page, base_url: str):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    open_page(page, "/?seed=2", spikes=spikes_of(seed=2))
    page.locator("#copy-link").focus()  # a real button: reachable by Tab
    page.keyboard.press("Enter")
    expect(page.get_by_text("Link copied")).to_be_visible()
    assert page.evaluate("() => navigator.clipboard.readText()") == f"{base_url}/?seed=2"


def test_png_names_carry_the_weights_noise_and_seed_the_python_side_writes(page: Page):
    from dashboard.pages.network.ids import ID
    from dashboard.pages.network.view import png_names, run_suffix

    fields = dict(exc_weight=0.65, inh_noise=3.5, seed=12)
    open_page(page, "/?exc_weight=0.65&inh_noise=3.5&seed=12", spikes=spikes_of(**fields))
    page.locator("#current-map .js-plotly-plot").hover()
    with page.expect_download() as png:
        page.locator("#current-map [data-title='Download plot as a PNG']").click()
    config = NetworkConfig(**fields)
    assert png.value.suggested_filename == (
        f"{png_names(config)[ID.CURRENT_MAP]}{run_suffix(config)}.png")
    assert "_weights-0.65-1_noise-5-3.5_seed-12" in png.value.suggested_filename


IN_VIEW = """(sel) => {
  const box = document.querySelector(sel).getBoundingClientRect();
  return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
}"""


def test_at_1280x720_every_control_is_reachable_without_scrolling_the_page(page: Page):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_page(page)
    column = page.evaluate("() => document.querySelector('.controls').getBoundingClientRect()"
                           ".bottom")
    assert column <= 720  # the column scrolls inside the screen
    for control in ("#mode", "#neurons", "#drawing"):
        # scroll the column (a wheel over it would), never the page
        page.evaluate("""(sel) => {
          const column = document.querySelector('.controls');
          const el = document.querySelector(sel);
          column.scrollTop += el.getBoundingClientRect().top
            - column.getBoundingClientRect().top - 10;
        }""", control)
        assert page.evaluate("() => window.scrollY") == 0, control
        assert page.evaluate(IN_VIEW, control), control


def test_at_1280x720_a_clicked_neuron_brings_its_traces_into_view(page: Page):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_page(page)
    assert not page.evaluate(IN_VIEW, "#traces")  # below the first screen
    point = page.evaluate(ISOLATED_POINT)
    page.mouse.move(point["x"], point["y"])
    page.mouse.click(point["x"], point["y"])
    neuron = int(point["neuron"])
    page.wait_for_function(f"({TRACE_NAMES})().includes('neuron {neuron} (E)')"
                           f" || ({TRACE_NAMES})().includes('neuron {neuron} (I)')")
    page.wait_for_function(f"({IN_VIEW})('#traces .main-svg')")


def test_on_a_phone_the_controls_fold_and_the_results_come_on_the_first_screen(page: Page):
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page)
    expect(page.locator("#section-network")).not_to_have_attribute("open", "")
    top = page.evaluate("() => document.querySelector('#card-spikes').getBoundingClientRect()"
                        ".top")
    assert top < 844  # a result on the first screen
    page.locator("#section-synapses summary").click()  # a section opens on a tap
    expect(page.locator("#exc-weight")).to_be_visible()


def test_drawn_as_the_original_script_in_the_page(page: Page):
    open_page(page)
    page.locator("#drawing input[value=original]").check()
    # every neuron and ms, on the script's colour limits (+-max |I|, not +-5)
    page.wait_for_function("""() => {
      const gd = document.querySelector('#current-map .js-plotly-plot');
      const t = gd && gd._fullData && gd._fullData[0];
      return t && t.zmax > 20 && gd.calcdata[0][0].z.length === 1002;
    }""")
    expect(page).to_have_url(re.compile(r"drawing=original"))
    expect(page.locator("#card-spikes")).to_have_text(ORIGINAL_SPIKES)


@pytest.mark.parametrize("zoom", [1.0, 1.25, 1.5])
def test_every_sliders_value_is_readable_at_1280_and_browser_zoom(page: Page, zoom: float):
    # the browser's zoom at 1280 px is a narrower page in CSS pixels
    page.set_viewport_size({"width": round(1280 / zoom), "height": round(720 / zoom)})
    open_page(page)
    for box, value in (("exc-weight", "0.5"), ("inh-weight", "1.0"), ("exc-noise", "5.0"),
                       ("inh-noise", "2.0")):
        locator = page.locator(f"#{box}")
        locator.scroll_into_view_if_needed()
        expect(locator).to_be_visible()
        expect(locator).to_have_value(value)
        width = locator.evaluate("el => el.getBoundingClientRect().width")
        assert width >= 40, (box, width)  # wide enough for "0.55" or "12.5"


def test_a_slider_move_costs_the_server_one_request(page: Page):
    # a class of students moving sliders: each move one request (the view), not one
    # more for a lesson that is not active, nor for anything else listening to it
    open_page(page)
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "_dash-update-component" in r.url
            else None)
    page.locator("#exc-weight-slider .dash-slider-thumb[role=slider]").first.focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#card-spikes")).not_to_have_text(ORIGINAL_SPIKES)
    page.wait_for_timeout(1500)  # anything a drawn run sets off afterwards, too
    assert len(asked) == 1, asked
