"""A lesson in headless Chromium: one click sets the controls, runs, brings the figure
into view and shows the checks' outcome beside it; back returns to the run before, and
the box of the checks closes."""

from __future__ import annotations

import pytest
from axe_check import serious_violations
from playwright.sync_api import Page, expect

from izhi_core import NetworkConfig, simulate
from izhi_core.lessons import CHECK_MARK, lesson_named

pytestmark = pytest.mark.browser


def test_one_click_runs_a_lesson_and_checks_its_claim(page: Page):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto("/")
    expect(page.locator("#card-spikes")).to_have_text("7,598")
    lesson = lesson_named("bursting")
    step = page.get_by_role("button", name=lesson.title)
    step.scroll_into_view_if_needed()
    step.click()

    # the controls are the lesson's, and its run is drawn (its spike count from the core)
    expect(page.locator("#exc-weight")).to_have_value("1")
    expect(page.locator("#weight-scenario")).to_contain_text("custom")
    spikes = f"{simulate(NetworkConfig(exc_weight=1.0)).n_spikes:,}"
    expect(page.locator("#card-spikes")).to_have_text(spikes)
    result = page.locator("#lesson-result")
    expect(result).to_contain_text(f"rate above 100 Hz: {CHECK_MARK} (134 Hz)")
    expect(result).to_contain_text(f"synchronous bursting: {CHECK_MARK}")
    # ... in the step too, and the raster (the lesson's figure) in view
    step_outcome = page.locator(".lesson-step", has=step).locator(".lesson-checks")
    expect(step_outcome).to_contain_text(f"rate above 100 Hz: {CHECK_MARK} (134 Hz)")
    expect(page.locator("#raster")).to_be_in_viewport()
    expect(result).to_be_in_viewport()  # the checks stay in sight beside the figure
    assert "exc_weight=1" in page.url
    serious, others = serious_violations(page)  # the steps and the box of checks drawn
    assert serious == {}, (serious, others)

    # the controls moved away: the note says the figures are another run
    page.go_back()
    expect(page.locator("#exc-weight")).to_have_value("0.5")
    expect(page.locator("#card-spikes")).to_have_text("7,598")
    expect(result).to_contain_text("the figures show another run")
    page.get_by_role("button", name="Close the lesson's checks").click()
    expect(page.locator(".lesson-box")).to_be_hidden()


def test_presentation_modes_n_and_b_step_through_the_lessons(page: Page):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto("/?present=1")
    expect(page.locator("#card-spikes")).to_have_text("7,598")
    expect(page.locator("html.presenting")).to_have_count(1)
    result = page.locator("#lesson-result")
    page.keyboard.press("n")  # the first step: the default rhythm, the run on screen
    expect(result).to_contain_text(f"Lesson 1: {lesson_named('default-rhythm').title}")
    expect(result).to_contain_text(f"8 Hz peak present: {CHECK_MARK} (8.0 Hz)")
    page.keyboard.press("n")
    expect(result).to_contain_text(f"Lesson 2: {lesson_named('bursting').title}")
    expect(result).to_contain_text(f"rate above 100 Hz: {CHECK_MARK} (134 Hz)")
    size = page.evaluate("() => parseFloat(getComputedStyle("
                         "document.querySelector('.lesson-box')).fontSize)")
    assert size >= 20  # the mode's text, readable at the back of a room
    page.keyboard.press("b")
    expect(result).to_contain_text("Lesson 1:")
    expect(page.locator("#card-spikes")).to_have_text("7,598")
