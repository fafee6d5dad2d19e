"""The network page with a keyboard, a screen reader's eyes and a phone's finger.

axe-core (shipped by axe-playwright-python) checks the page as drawn; the rest is
measured in the browser as a person meets it: Tab from the top, the names the
browser gives each control, the focus ring, the one tooltip's box against an open
dropdown's menu and the window. Each test waits for a condition, never for a time,
and ends with a clean console (see conftest.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
# a phone: touch, no hover, the page's viewport meta in force
ON_A_PHONE = pytest.mark.browser_context_args(viewport=PHONE, has_touch=True, is_mobile=True)

DROPDOWNS = ("exc-type", "inh-type", "weight-scenario", "neurons")

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


def overlap(a: dict, b: dict) -> bool:
    return (a["left"] < b["right"] and b["left"] < a["right"]
            and a["top"] < b["bottom"] and b["top"] < a["bottom"])


def inside(box: dict, viewport: dict) -> bool:
    return (box["left"] >= 0 and box["top"] >= 0 and box["right"] <= viewport["width"]
            and box["bottom"] <= viewport["height"])


def wait_for_tip(page: Page, owner: str) -> dict:
    return page.wait_for_function(TIP_FOR, arg=owner).json_value()


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
    owners = page.evaluate("() => [...document.querySelectorAll('[data-tip]')]"
                           ".filter(el => el.checkVisibility()).map(el => el.id)")
    assert len(owners) > 15
    for owner in owners:
        target = page.locator(f"#{owner}")
        # the control itself, or the first one inside its group
        target = target if target.evaluate("el => el.matches('button, input')") else \
            target.locator("button, input:not([aria-hidden]), [role=slider]").first
        target.focus()
        tip = wait_for_tip(page, owner)
        assert inside(tip, viewport), (owner, tip)


@ON_A_PHONE
def test_on_a_phone_a_tapped_tooltip_goes_at_the_next_tap(page: Page):
    open_page(page)
    page.locator("#reset").tap()
    wait_for_tip(page, "reset")
    page.locator("#rhythms").tap()  # a figure (plotly.js keeps its touches to itself)
    page.wait_for_function(f"({TIP})() === null")
    page.locator("#seed").tap()
    wait_for_tip(page, "seed-group")
    page.locator("#seed").tap()  # a second tap on the same control takes it away too
    page.evaluate(SETTLED)
    assert page.evaluate(TIP) is None
