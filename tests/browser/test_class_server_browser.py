"""The class server in the browser: a student's page through nginx, two gunicorn
instances, Redis and the Celery worker (the stack of ``make serve INSTANCES=2``).
A 100,000-neuron run goes to a job slot with its progress bar, its polls answered by
whichever instance nginx picks, and the page draws the run the core computes; Cancel
stops one and the figures stay."""

from __future__ import annotations

import time

import pytest
from job_processes import busy_job, idle
from playwright.sync_api import Page, expect

from izhi_core import NetworkConfig, Recording, simulate

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LARGE = dict(ne=80_000, ni=20_000, inputs=100, mode="fast", duration=500)


@pytest.fixture(scope="module")
def stack_shape():
    """The class server's shape (tests/conftest.py's served_stack starts it)."""
    return {"REDIS": "1", "INSTANCES": "2", "WEB_CONCURRENCY": "2", "IZHI_JOB_SLOTS": "2"}


def address(**fields) -> str:
    return "/?" + "&".join(f"{k}={v}" for k, v in fields.items())


def test_a_large_run_through_nginx_redis_and_celery_draws_what_the_core_computes(
        page: Page, served_stack):
    base = served_stack.base
    expected = simulate(NetworkConfig(**LARGE), Recording(neurons=(), map_rows=0)).n_spikes
    page.goto(base + address(**LARGE))
    box = page.locator("#progress-box")
    expect(box).to_be_visible()
    expect(page.locator("#progress")).to_contain_text(
        "of 500 ms simulated", timeout=120_000)
    expect(page.locator("#card-spikes")).to_have_text(f"{expected:,}", timeout=180_000)
    expect(box).to_be_hidden()
    expect(page.locator("#alert")).to_be_hidden()
    # the address says the drawn run, and Back/Forward stay on the page
    assert "ne=80000" in page.url


def test_cancel_through_the_class_server_stops_the_job_and_keeps_the_figures(
        page: Page, served_stack):
    base = served_stack.base
    page.goto(base + "/")
    expect(page.locator("#card-spikes")).to_have_text("7,598")
    # refused before any job: its sentence, and no progress bar left behind
    page.goto(base + address(**{**LARGE, "duration": 5000, "seed": 7}))
    expect(page.locator("#alert")).to_contain_text(
        "Duration must be at most 2,000 ms for 100,000 neurons on this server")
    expect(page.locator("#progress-box")).to_be_hidden()
    # a long one (a thousand inputs each): still running when Cancel is pressed
    page.goto(base + address(**{**LARGE, "duration": 2000, "inputs": 1000, "seed": 7}))
    expect(page.locator("#progress")).to_contain_text("ms simulated", timeout=120_000)
    worker = busy_job(served_stack)  # the Celery worker's process running it
    page.get_by_role("button", name="Cancel").click()
    expect(page.locator("#progress-box")).to_be_hidden(timeout=30_000)
    expect(page.locator("#card-spikes")).to_have_text("7,598")  # the last drawn run
    expect(page.locator("#stale-note")).to_be_visible()  # and it says so
    # and the job has stopped: its process lets the core go within the cancel's bound
    # (the next progress report, or its end 3 s later), not at the end of its run
    deadline = time.monotonic() + 10
    while not idle(worker):
        assert time.monotonic() < deadline, "the cancelled job still runs"
