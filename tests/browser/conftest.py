"""A live dashboard (``python app.py`` on a free port) and Debian's Chromium for Playwright.

Every browser test gets pytest-playwright's ``page`` (a new context each time, so a
cold browser cache) and ends by checking that the page logged no error or warning,
threw nothing, and that the server logged no traceback meanwhile.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import smoke_http  # tests/conftest.py puts scripts/ on the path
from headless import CHROMIUM, CHROMIUM_ARGS
from playwright.sync_api import ConsoleMessage, Page, expect

ROOT = Path(__file__).resolve().parents[2]
# Chromium's own notes about its software WebGL, not the page's.
BROWSER_NOISE = ("GL Driver Message", "GPU stall due to ReadPixels")
START_TIMEOUT_S = 300  # a fresh clone compiles the numba kernels first

expect.set_options(timeout=30_000)  # a busy two-core machine; conditions, never sleeps


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory):
    """The dashboard served by ``python app.py``; yields (url, log path, its pid)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: make test installs it (Debian's chromium)")
    port = smoke_http.free_port()
    log_path = tmp_path_factory.mktemp("server") / "app.log"
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port)}
    env.pop("DASH_DEBUG", None)
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            smoke_http.wait_healthy(url, START_TIMEOUT_S, proc)
        except smoke_http.SmokeFailure as exc:
            pytest.fail(f"app.py did not start: {exc}\n{log_path.read_text()}")
        yield url, log_path, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """pytest-playwright resolves ``page.goto("/...")`` against this."""
    return live_server[0]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1600, "height": 1000}}


@pytest.fixture(autouse=True)
def clean_console(page: Page, live_server):
    """Fail a test whose page logs an error or warning, throws, or whose server logs a traceback."""
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning") and not any(
            noise in message.text for noise in BROWSER_NOISE
        ):
            problems.append(f"console {message.type}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    log_path = live_server[1]
    start = log_path.stat().st_size
    yield problems
    with open(log_path, "rb") as log:
        log.seek(start)
        server_log = log.read().decode(errors="replace")
    assert "Traceback" not in server_log, server_log
    assert problems == []
