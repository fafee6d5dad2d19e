"""The network page with a keyboard, a screen reader's eyes and a phone's finger.

axe-core (shipped by axe-playwright-python) checks the page as drawn; the rest is
measured in the browser as a person meets it: Tab from the top, the names the
browser gives each control, the focus ring, the one tooltip's box against an open
dropdown's menu and the window. Each test waits for a condition, never for a time,
and ends with a clean console (see conftest.py).
"""

from __future__ import annotations

import re

import pytest
from axe_check import serious_violations
from playwright.sync_api import Page, expect

from izhi_core import NetworkConfig, simulate

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
# a phone: touch, no hover, the page's viewport meta in force
ON_A_PHONE = pytest.mark.browser_context_args(viewport=PHONE, has_touch=True, is_mobile=True)

DROPDOWNS = ("exc-type", "inh-type", "weight-scenario", "neurons")
SLIDERS = {"exc-weight": "Excitatory weight (mV/ms)", "inh-weight": "Inhibitory weight (mV/ms)",
           "exc-noise": "Excitatory noise (mV/ms)", "inh-noise": "Inhibitory noise (mV/ms)"}
GRAPHS = ("raster", "current-map", "traces", "rhythms")

# The page has drawn: the figures with their modebars, and the sliders and dropdowns,
# whose code Dash loads after the page's own.
DRAWN = """() => {
  const gd = document.querySelector('#raster .js-plotly-plot');
  return Boolean(gd && gd._fullData && gd._fullData.length > 0)
    && document.querySelectorAll('.modebar').length === 4
    && document.querySelectorAll('button.dash-dropdown').length === 4
    && document.querySelectorAll('[role=slider]').length === 4;
}"""

# The tooltip on screen: its box and the id of the control it belongs to; null if none.
TIP = """() => {
  const tip = document.getElementById('page-tooltip');
  if (!tip || tip.hidden || getComputedStyle(tip).visibility !== 'visible') return null;
  const r = tip.getBoundingClientRect();
  return {for: tip.dataset.for, text: tip.textContent,
          left: r.left, top: r.top, right: r.right, bottom: r.bottom};
}"""
TIP_FOR = f"(id) => {{ const tip = ({TIP})(); return tip && tip.for === id ? tip : null; }}"
# the open dropdown's menu
MENU = """() => {
  const menu = document.querySelector('.dash-dropdown-content');
  if (!menu) return null;
  const r = menu.getBoundingClientRect();
  return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
}"""
# the open menu's search box has the focus: typing goes there
SEARCH_FOCUSED = """() => { const el = document.activeElement;
  return el && el.tagName === 'INPUT' && !!el.closest('.dash-dropdown-content'); }"""
# What has the focus: the element, its tooltip's owner, its outline
FOCUSED = """() => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  const owner = el.closest('[data-tip]');
  return {tag: el.tagName, id: el.id, cls: String(el.className.baseVal ?? el.className),
          ring: el.matches(':focus-visible'), outline: parseFloat(s.outlineWidth),
          style: s.outlineStyle, owner: owner ? owner.id : null,
          modebar: Boolean(el.closest('.modebar')),
          hidden: el.closest('[aria-hidden=true]') !== null};
}"""
# Let the page do what it has queued (a tap's tooltip shows after the tap's click).
SETTLED = "() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)))"


def open_page(page: Page, still: bool = False) -> None:
    """The page, drawn; ``still``: and no callback of its loading still running (they
    move the controls: a fresh server's first page shows the background run's progress
    bar above them for a moment)."""
    page.goto("/")
    expect(page.locator("#card-spikes")).to_have_text("7,598")
    page.wait_for_function(DRAWN)
    if still:
        page.wait_for_load_state("networkidle")


def unfold(page: Page) -> None:
    """Open every section of controls (on a phone they start folded). Not by a click: a
    pointer's click would make the browser show no focus ring (nor a tip) for the focus
    that a test then moves by script."""
    page.evaluate("() => document.querySelectorAll('.control-section')"
                  ".forEach(d => { d.open = true; })")
    expect(page.locator(".control-section:not([open])")).to_have_count(0)


def overlap(a: dict, b: dict) -> bool:
    return (a["left"] < b["right"] and b["left"] < a["right"]
            and a["top"] < b["bottom"] and b["top"] < a["bottom"])


def inside(box: dict, viewport: dict) -> bool:
    return (box["left"] >= 0 and box["top"] >= 0 and box["right"] <= viewport["width"]
            and box["bottom"] <= viewport["height"])


def wait_for_tip(page: Page, owner: str) -> dict:
    return page.wait_for_function(TIP_FOR, arg=owner).json_value()


def assert_nothing_serious(page: Page) -> None:
    serious, others = serious_violations(page)  # axe-core's default rules
    assert serious == {}, f"serious or critical: {serious}; the others: {others}"


# -- defect 13: keyboard and screen readers ---------------------------------------------


def test_axe_finds_nothing_serious_on_the_drawn_page(page: Page):
    page.set_viewport_size(DESKTOP)
    open_page(page)
    assert page.evaluate("document.documentElement.lang") == "en"
    expect(page.get_by_role("main")).to_have_count(1)
    expect(page.get_by_role("main").locator(".controls")).to_have_count(1)
    assert_nothing_serious(page)


def test_axe_finds_nothing_serious_beside_a_field_error(page: Page):
    page.set_viewport_size(DESKTOP)
    open_page(page)
    page.locator("#ne").fill("abc")
    page.locator("#ne").press("Enter")
    expect(page.locator("#ne-error")).to_contain_text("(got 'abc')")
    expect(page.locator("#stale-note")).to_be_visible()
    assert_nothing_serious(page)


@ON_A_PHONE
def test_axe_finds_nothing_serious_on_a_phone(page: Page):
    open_page(page)
    assert_nothing_serious(page)


def test_every_control_is_announced_by_its_label(page: Page):
    open_page(page)
    for label in SLIDERS.values():
        expect(page.get_by_role("slider", name=label, exact=True)).to_have_count(1)
    # a dropdown: its label, then its value
    for name in ("Excitatory type regular spiking (RS)",
                 "Inhibitory type low-threshold spiking (LTS)",
                 "Weight scenario default (Izhikevich 2003)"):
        expect(page.get_by_role("button", name=name, exact=True)).to_have_count(1)
    expect(page.get_by_role("button", name=re.compile(r"^Traced neurons 2 selected 1 \(E\)")))\
        .to_have_count(1)
    expect(page.get_by_role("radiogroup", name="Mode", exact=True)).to_have_count(1)
    expect(page.get_by_role("textbox", name="Excitatory neurons", exact=True)).to_have_count(1)
    # and the open menu's list of options too
    page.locator("#exc-type").click()
    expect(page.get_by_role("listbox", name="Excitatory type", exact=True)).to_be_visible()


def test_tab_reaches_each_control_once_with_a_ring_and_its_tooltip(page: Page):
    page.set_viewport_size(DESKTOP)
    open_page(page)
    stops = []
    for _ in range(120):  # from the top of the page to its end
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop["tag"] == "BODY" or stops and stop == stops[0]:
            break
        if stop["owner"]:  # the control's tooltip shows at once, inside the window
            tip = wait_for_tip(page, stop["owner"])
            assert inside(tip, DESKTOP), (stop, tip)
        stops.append(stop)
    names = [s["id"] or (s["cls"].split() or [s["tag"].lower()])[0] for s in stops]
    # plotly.js's modebars: one stop each (a toolbar: the arrow keys go along it), not 8
    assert sum(s["modebar"] for s in stops) == len(GRAPHS), names
    assert all(names.count(c) == 1 for c in (*DROPDOWNS, *SLIDERS, "ne", "copy-link")), names
    assert names.count("dash-slider-thumb") == len(SLIDERS), names
    assert [s for s in stops if s["hidden"]] == []  # nothing hidden from screen readers
    # a ring of at least 2 px on every stop (Dash's dropdowns had 1 px, Bootstrap's text
    # boxes and radio buttons none)
    weak = [(n, s["outline"], s["style"]) for n, s in zip(names, stops, strict=True)
            if not s["ring"] or s["outline"] < 2 or s["style"] == "none"]
    assert weak == []


def test_a_modebar_is_one_tab_stop_and_its_arrows_move_along_it(page: Page):
    open_page(page)
    buttons = page.locator("#raster .modebar-btn")
    page.locator("#playback-scrub").focus()  # the last control before the graphs
    page.keyboard.press("Tab")
    expect(buttons.first).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(buttons.nth(1)).to_be_focused()
    page.keyboard.press("End")
    expect(buttons.last).to_be_focused()
    page.keyboard.press("Tab")  # on to the next graph's modebar
    expect(page.locator("#current-map .modebar-btn").first).to_be_focused()
    page.keyboard.press("Shift+Tab")  # back to the button left focused
    expect(buttons.last).to_be_focused()


def test_a_new_result_is_announced_politely(page: Page):
    open_page(page)
    status = page.get_by_role("status").filter(has_text="spikes")
    expect(status).to_have_text("7,598 spikes, excitatory 7.6 Hz, inhibitory 7.3 Hz")
    assert status.evaluate("el => [el.getBoundingClientRect().width, "
                           "el.getBoundingClientRect().height]") == [1, 1]  # not seen
    page.locator("#seed").fill("1")
    page.locator("#seed").press("Enter")
    seed_1 = simulate(NetworkConfig(seed=1)).n_spikes
    expect(status).to_have_text(re.compile(rf"^{seed_1:,} spikes, excitatory \d"))


# -- defect 6: tooltips -----------------------------------------------------------------


def test_a_tooltip_never_covers_an_open_dropdown(page: Page):
    page.set_viewport_size(DESKTOP)
    open_page(page, still=True)  # the pointer stays where the test puts it
    for dropdown in DROPDOWNS:
        page.locator(f"#{dropdown}").hover()
        wait_for_tip(page, f"{dropdown}-group")  # the pointer rests on it: its tip shows
        page.locator(f"#{dropdown}").click()
        menu = page.wait_for_function(MENU).json_value()
        tip = page.evaluate(TIP)
        assert tip is None or not overlap(tip, menu), (dropdown, tip, menu)
        if dropdown == "neurons":  # typing an index: the options it finds stay in view
            # as a user does, once the menu's search box has the focus (a loaded machine
            # may give it a moment after the menu appears)
            page.wait_for_function(SEARCH_FOCUSED)
            page.keyboard.type("12")
            expect(page.get_by_role("option", name="12 (E)", exact=True)).to_be_visible()
            tip, menu = page.evaluate(TIP), page.evaluate(MENU)
            assert tip is None or not overlap(tip, menu), (dropdown, tip, menu)
        page.keyboard.press("Escape")
        page.wait_for_function(f"({MENU})() === null")
        assert page.evaluate(TIP) is None  # nor does it come back with the focus


@ON_A_PHONE
def test_a_tooltip_never_covers_an_open_dropdown_on_a_phone(page: Page):
    open_page(page)
    unfold(page)
    page.locator("#ne").tap()
    wait_for_tip(page, "ne-group")  # a tap shows a control's tip
    for dropdown in DROPDOWNS:
        page.locator(f"#{dropdown}").tap()
        menu = page.wait_for_function(MENU).json_value()
        page.evaluate(SETTLED)
        tip = page.evaluate(TIP)
        assert tip is None or not overlap(tip, menu), (dropdown, tip, menu)
        page.keyboard.press("Escape")
        page.wait_for_function(f"({MENU})() === null")


def test_copy_links_tooltip_lies_inside_the_window(page: Page):
    page.set_viewport_size(DESKTOP)
    open_page(page, still=True)
    page.locator("#copy-link").hover()
    tip = wait_for_tip(page, "copy-link")
    assert "Copy a link" in tip["text"] and inside(tip, DESKTOP), tip
    page.mouse.move(0, DESKTOP["height"] - 1)
    page.wait_for_function(f"({TIP})() === null")  # gone with the pointer
    page.locator("#copy-link").focus()  # and shown again by keyboard focus
    assert inside(wait_for_tip(page, "copy-link"), DESKTOP)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_tooltip_lies_inside_the_window(page: Page, viewport: dict):
    page.set_viewport_size(viewport)
    open_page(page)
    unfold(page)
    owners = page.evaluate("() => [...document.querySelectorAll('[data-tip]')]"
                           ".filter(el => el.checkVisibility()).map(el => el.id)")
    assert len(owners) > 15
    for owner in owners:
        target = page.locator(f"#{owner}")
        # the control itself, or the first one inside its group
        target = target if target.evaluate("el => el.matches('button, input')") else \
            target.locator("button, a[href], input:not([aria-hidden]), [role=slider]").first
        target.focus()
        tip = wait_for_tip(page, owner)
        assert inside(tip, viewport), (owner, tip)


@ON_A_PHONE
def test_on_a_phone_a_tapped_tooltip_goes_at_the_next_tap(page: Page):
    open_page(page)
    unfold(page)
    page.locator("#reset").tap()
    wait_for_tip(page, "reset")
    page.locator("#rhythms").tap()  # a figure (plotly.js keeps its touches to itself)
    page.wait_for_function(f"({TIP})() === null")
    page.locator("#seed").tap()
    wait_for_tip(page, "seed-group")
    page.locator("#seed").tap()  # a second tap on the same control takes it away too
    page.evaluate(SETTLED)
    assert page.evaluate(TIP) is None


# -- the neuron lab (/neuron) ------------------------------------------------------------

LAB_DRAWN = """() => {
  const panels = [...document.querySelectorAll('#gallery img.gallery-graph')];
  const phase = document.querySelector('#lab-phase .js-plotly-plot');
  return panels.length === 20 && panels.every(img => img.complete)
    && Boolean(phase && phase._fullData && phase._fullData.length)
    && document.querySelectorAll('.modebar').length === 2
    && document.querySelectorAll('[role=slider]').length === 10
    && document.querySelectorAll('button.dash-dropdown').length === 1;
}"""
LAB_SLIDERS = {"lab-a": "a: time scale of u (1/ms)", "lab-d": "d: reset jump of u (mV/ms)",
               "lab-tau": "Step τ (ms)", "lab-at": "Time on the phase plane (ms)"}


def open_lab(page: Page, path: str = "/neuron", summary: str = "(A) tonic spiking") -> None:
    page.goto(path)
    expect(page.locator("#lab-summary")).to_contain_text(summary)
    page.wait_for_function(LAB_DRAWN)


def test_axe_finds_nothing_serious_on_the_neuron_lab(page: Page):
    page.set_viewport_size(DESKTOP)
    open_lab(page)
    expect(page.get_by_role("main")).to_have_count(1)
    assert_nothing_serious(page)


def test_axe_finds_nothing_serious_on_the_neuron_lab_beside_a_field_error(page: Page):
    page.set_viewport_size(DESKTOP)
    open_lab(page)
    page.locator("#lab-c").fill("12")
    page.locator("#lab-c").press("Enter")
    expect(page.locator("#lab-c-error")).to_contain_text("(got '12')")
    assert_nothing_serious(page)


def test_axe_finds_nothing_serious_on_a_replayed_neuron(page: Page):
    page.set_viewport_size(DESKTOP)
    open_lab(page, "/neuron?replay=811", "bit for bit: ✓")
    assert_nothing_serious(page)


@ON_A_PHONE
def test_axe_finds_nothing_serious_on_the_neuron_lab_on_a_phone(page: Page):
    open_lab(page)
    expect(page.locator("#lab-section-parameters")).not_to_have_attribute("open", "")
    assert_nothing_serious(page)


def test_the_labs_controls_and_panels_are_announced_by_their_labels(page: Page):
    open_lab(page)
    for label in LAB_SLIDERS.values():
        expect(page.get_by_role("slider", name=label, exact=True)).to_have_count(1)
    expect(page.get_by_role("button", name="Pattern (A) tonic spiking", exact=True))\
        .to_have_count(1)
    expect(page.get_by_role("radiogroup", name="Scheme", exact=True)).to_have_count(1)
    expect(page.get_by_role("textbox", name="d: reset jump of u (mV/ms)", exact=True))\
        .to_have_count(1)
    # each panel of the gallery is a link named by its panel
    expect(page.get_by_role("link", name=re.compile(r"^\(C\) tonic bursting"))).to_have_count(1)
    panel = page.locator(".gallery-panel").first
    panel.focus()
    ring = panel.evaluate("el => [el.matches(':focus-visible'), "
                          "parseFloat(getComputedStyle(el).outlineWidth)]")
    assert ring[0] and ring[1] >= 2


SWEEP = "/sweep?duration=300&axis1=exc_weight&values1=0:1:3&axis2=inh_weight&values2=0:2:3"


def open_sweep(page: Page) -> None:
    page.goto(SWEEP)
    expect(page.locator("#sweep-status")).to_contain_text("All 9 runs done", timeout=60_000)
    expect(page.locator("#progress-box")).to_be_hidden()
    page.wait_for_function("() => document.querySelectorAll('.modebar').length === 2")


def test_axe_finds_nothing_serious_on_the_sweep_page(page: Page):
    page.set_viewport_size(DESKTOP)
    open_sweep(page)
    page.locator("#sweep-seeds").fill("0")
    page.locator("#sweep-seeds").press("Enter")
    expect(page.locator("#sweep-seeds-error")).to_contain_text("(got '0')")
    assert_nothing_serious(page)


@ON_A_PHONE
def test_axe_finds_nothing_serious_on_the_sweep_page_on_a_phone(page: Page):
    open_sweep(page)
    assert_nothing_serious(page)
