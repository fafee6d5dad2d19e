"""axe-core on the page as it comes to rest: the serious and critical violations."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

# A button just clicked or focused fades to its colours over 0.15 s (Bootstrap), and an
# alert fades in: axe reads the colours of the moment, so a busy machine could let it
# measure a half-faded text's contrast. Finite transitions and animations end first
# (an endless one, such as a progress bar's stripes, does not count).
AT_REST = """() => document.getAnimations().every(a =>
  a.playState !== 'running' || !a.effect || a.effect.getComputedTiming().endTime === Infinity)"""


# While axe reads the page no transition starts either: a state that changes then (a
# button the scrolled page slides under the mouse, and out) takes its colours at once.
STILL = """() => {
  const style = document.createElement('style');
  style.id = 'axe-still';
  style.textContent = '*, *::before, *::after { transition: none !important; }';
  document.head.appendChild(style);
}"""
MOVING = "() => document.getElementById('axe-still').remove()"


def serious_violations(page: Page) -> tuple[dict[str, list], list[str]]:
    """``({rule: first targets}, ["rule (impact)", ...])``: the serious and critical
    violations, then the others, once every finite transition has ended, and with none
    starting while axe runs."""
    page.wait_for_function(AT_REST, timeout=10_000)
    page.evaluate(STILL)
    try:
        found = Axe().run(page).response["violations"]
    finally:
        page.evaluate(MOVING)
    serious = {v["id"]: [n["target"] for n in v["nodes"]][:4] for v in found
               if v["impact"] in ("serious", "critical")}
    others = sorted(f"{v['id']} ({v['impact']})" for v in found if v["id"] not in serious)
    return serious, others
