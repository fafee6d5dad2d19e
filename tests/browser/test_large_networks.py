"""Large networks in the browser: 100,000 neurons run in the background with a
progress bar of the network time simulated, and a long run can be cancelled."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from izhi_core import NetworkConfig, Recording, simulate

pytestmark = pytest.mark.browser

BIG = dict(ne=80_000, ni=20_000, inputs=1000, mode="fast")
RASTER_TITLE = """() => {
  const gd = document.querySelector('#raster .js-plotly-plot');
  return gd && gd.layout && gd.layout.title ? (gd.layout.title.text || '') : '';
}"""
RASTER_POINTS = """() => {
  const gd = document.querySelector('#raster .js-plotly-plot');
  return gd && gd._fullData ? gd._fullData.reduce((n, t) => n + t._length, 0) : -1;
}"""


def query(**fields) -> str:
    return "/?" + "&".join(f"{k}={v}" for k, v in fields.items())


def test_100000_neurons_run_with_a_progress_bar(page: Page):
    page.goto(query(**BIG))
    box = page.locator("#progress-box")
    expect(box).to_be_visible()
    expected = simulate(NetworkConfig(**BIG), Recording(neurons=(), map_rows=0)).n_spikes
    assert expected > 700_000
    expect(page.locator("#progress")).to_contain_text("of 1,000 ms simulated", timeout=60_000)
    expect(page.locator("#card-spikes")).to_have_text(f"{expected:,}", timeout=120_000)
    expect(box).to_be_hidden()
    # 740,000 spikes are thinned for the browser, and the figure says how
    page.wait_for_function(f"({RASTER_TITLE})().includes('every')")
    title = page.evaluate(RASTER_TITLE)
    assert f"({expected:,} spikes)" in title and "showing every 10th neuron" in title
    assert 0 < page.evaluate(RASTER_POINTS) <= 80_000
    expect(page.locator("#alert")).to_be_hidden()


def test_a_long_run_can_be_cancelled_and_the_last_figures_stay(page: Page):
    small = dict(ne=8000, ni=2000, inputs=1000, mode="fast", duration=500)
    shown = f"{simulate(NetworkConfig(**small)).n_spikes:,}"
    page.goto(query(**small))
    expect(page.locator("#card-spikes")).to_have_text(shown, timeout=60_000)
    expect(page.locator("#progress-box")).to_be_hidden()

    page.locator("#duration").fill("20000")
    page.locator("#duration").press("Enter")
    expect(page.locator("#progress")).to_contain_text("of 20,000 ms simulated",
                                                      timeout=60_000)
    page.get_by_role("button", name="Cancel").click()
    expect(page.locator("#progress-box")).to_be_hidden()
    expect(page.locator("#card-spikes")).to_have_text(shown)
    # the controls say 20,000 ms, the figures the 500 ms run: the page says so, and offers
    # to run the controls or go back to the drawn run; the address says what is drawn
    expect(page.locator("#stale-text")).to_contain_text("Duration 500")
    expect(page.get_by_role("button", name="Run these controls")).to_be_visible()
    assert "duration=500" in page.url and "duration=20000" not in page.url
    page.get_by_role("button", name="Back to the drawn run").click()
    expect(page.locator("#duration")).to_have_value("500")
    expect(page.locator("#stale-note")).to_be_hidden()
    expect(page.locator("#alert")).to_be_hidden()


def busy_job_process(server_pid: int, wait_s: float = 30.0):
    """The job process (a child of the server's fork server) using the CPU now."""
    import time

    import psutil

    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        jobs = [p for p in psutil.Process(server_pid).children(recursive=True)
                if "forkserver" in " ".join(p.parent().cmdline())]
        for proc in jobs:
            proc.cpu_percent(None)
        time.sleep(0.5)
        for proc in jobs:
            if proc.cpu_percent(None) > 30:
                return proc
    raise AssertionError("no busy job process")


def test_a_killed_run_says_so_and_offers_to_run_again(page: Page, live_server):
    import signal
    import time

    small = dict(ne=8000, ni=2000, inputs=1000, mode="fast", duration=500)
    shown = f"{simulate(NetworkConfig(**small)).n_spikes:,}"
    page.goto(query(**small))
    expect(page.locator("#card-spikes")).to_have_text(shown, timeout=60_000)
    page.locator("#duration").fill("20000")
    page.locator("#duration").press("Enter")
    expect(page.locator("#progress")).to_contain_text("of 20,000 ms simulated",
                                                      timeout=60_000)
    # the out-of-memory killer, say
    busy_job_process(live_server[2]).send_signal(signal.SIGKILL)
    killed = time.monotonic()
    expect(page.locator("#alert")).to_contain_text("This run stopped before it finished",
                                                   timeout=10_000)
    assert time.monotonic() - killed < 6
    expect(page.locator("#progress-box")).to_be_hidden()
    expect(page.locator("#card-spikes")).to_have_text(shown)
    expect(page.get_by_role("button", name="Run these controls")).to_be_visible()
