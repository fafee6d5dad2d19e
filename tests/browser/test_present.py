"""Presentation mode in headless Chromium at a projector's 1280x720: text and dots
measured in the page, the drawer, the shortcuts, the address (issue 15, Deliver 3)."""

from __future__ import annotations

import re

import pytest
from axe_check import serious_violations
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}
GRAPHS = ("raster", "current-map", "traces", "rhythms")
DRAWN = """(ids) => ids.every(id => {
  const gd = document.querySelector('#' + id + ' .js-plotly-plot');
  return gd && gd._fullLayout && gd._fullData && gd._fullData.length > 0;
})"""

# Every piece of text a visitor sees in the results (the cards' titles are CSS's
# ::before), and every dot of the graphs shown: those smaller than the room needs.
SMALL = """([textPx, dotPx]) => {
  const small = [];
  const shown = el => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const px = (el, pseudo) => parseFloat(getComputedStyle(el, pseudo).fontSize);
  const results = document.querySelector('.results-col');
  results.querySelectorAll('*').forEach(el => {
    if (el.closest('svg') || !shown(el)) return;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (own && px(el) < textPx) {
      small.push([el.tagName, el.textContent.trim().slice(0, 30), px(el)]);
    }
    if (getComputedStyle(el, '::before').content.length > 2 && px(el, '::before') < textPx) {
      small.push(['::before', el.id, px(el, '::before')]);
    }
  });
  results.querySelectorAll('.js-plotly-plot text, .js-plotly-plot tspan').forEach(t => {
    if (!t.textContent.trim() || !shown(t)) return;
    if (px(t) < textPx) small.push(['svg', t.textContent.trim().slice(0, 30), px(t)]);
  });
  results.querySelectorAll('.js-plotly-plot').forEach(gd => {
    if (!shown(gd)) return;
    gd._fullData.forEach(trace => {
      const size = trace.marker && trace.marker.size;
      if (trace.mode && trace.mode.includes('markers') && size < dotPx) {
        small.push(['dot', trace.name, size]);
      }
    });
  });
  return small;
}"""

# The graphs shown, with their boxes and their titles' boxes.
BOXES = """(ids) => ids.map(id => {
  const el = document.getElementById(id);
  const title = el.querySelector('.gtitle');
  const box = r => r && [r.left, r.top, r.right, r.bottom];
  return {id, shown: el.offsetParent !== null, box: box(el.getBoundingClientRect()),
          title: box(title && title.getBoundingClientRect())};
})"""


def open_presenting(page: Page, path: str = "/?present=1") -> None:
    page.set_viewport_size(PROJECTOR)
    page.goto(path)
    expect(page.locator("#card-spikes")).to_have_text("7,598")
    page.wait_for_function(DRAWN, arg=list(GRAPHS))
    page.wait_for_function("() => document.documentElement.classList.contains('presenting')")


def inside(box, width=PROJECTOR["width"], height=PROJECTOR["height"]) -> bool:
    return box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height


def check_the_room_can_read(page: Page, shown: tuple[str, ...]) -> None:
    page.wait_for_timeout(400)  # the graphs' resize to their new boxes (plotly waits 100 ms)
    assert page.evaluate(SMALL, [20, 4]) == []
    boxes = {b["id"]: b for b in page.evaluate(BOXES, list(GRAPHS))}
    assert sorted(g for g in GRAPHS if boxes[g]["shown"]) == sorted(shown)
    for g in shown:
        box, title = boxes[g]["box"], boxes[g]["title"]
        assert inside(box), boxes[g]  # the whole figure on the screen, no scrolling
        # its title inside its frame: not cut at its right
        assert title and box[0] <= title[0] and title[2] <= box[2] and title[1] >= box[1], \
            boxes[g]


def test_presentation_mode_at_1280x720_is_readable_from_the_back_of_the_room(page: Page):
    open_presenting(page)
    check_the_room_can_read(page, ("raster",))  # the raster alone to start with
    drawer = page.locator("#controls-drawer")
    assert drawer.evaluate("el => el.getBoundingClientRect().right") <= 0  # put away
    page.keyboard.press("0")  # all four
    check_the_room_can_read(page, GRAPHS)
    page.keyboard.press("2")  # the current map alone
    check_the_room_can_read(page, ("current-map",))


def test_axe_finds_nothing_serious_in_presentation_mode(page: Page):
    open_presenting(page)
    page.keyboard.press("0")
    serious, others = serious_violations(page)
    assert serious == {}, (serious, others)


def test_the_shortcuts_drive_it_and_a_new_run_comes_big_and_keeps_the_mode(page: Page):
    open_presenting(page)
    page.keyboard.press("c")
    drawer = page.locator("#controls-drawer")
    expect(drawer).to_be_visible()
    expect(page.locator("#present-controls")).to_have_attribute("aria-expanded", "true")
    page.locator("#seed").fill("3")  # typed in the drawer: no shortcut fires
    page.locator("#seed").press("Enter")
    expect(page.locator("#card-spikes")).not_to_have_text("7,598")
    expect(page).to_have_url(re.compile(r"seed=3.*present=1|present=1.*seed=3"))
    page.keyboard.press("Escape")  # the drawer first
    expect(page.locator("#present-controls")).to_have_attribute("aria-expanded", "false")
    check_the_room_can_read(page, ("raster",))  # the new run's figures, big at once
    page.keyboard.press("p")
    page.wait_for_function("() => window.izhiPlayback.playing")
    page.keyboard.press("p")
    page.wait_for_function("() => !window.izhiPlayback.playing")
    page.keyboard.press("Escape")  # then the mode
    page.wait_for_function("() => !document.documentElement.classList.contains('presenting')")
    expect(page).to_have_url(re.compile(r"seed=3"))
    assert "present=" not in page.url
    # the page's own sizes again, every figure redrawn as the server sent it
    ticks = page.evaluate("""() => parseFloat(getComputedStyle(
        document.querySelector('#raster .xtick text')).fontSize)""")
    assert ticks < 20
    page.locator("#present-enter").click()
    page.wait_for_function("() => document.documentElement.classList.contains('presenting')")
    assert "present=1" in page.url
