import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "scripts"))  # smoke_http: HTTP helpers
import serve  # noqa: E402  (scripts/serve.py: the stack as make serve runs it)

# CI explores the same examples on every run (a red CI must be reproducible);
# developers' runs keep drawing new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


# The files that take longest (each starts real servers and waits on them) go first,
# so that with two workers (make test: pytest -n 2 --dist loadfile) the last minutes
# are not one long file on one worker while the other is idle. Order within a file is
# kept; the order is the same in every worker, as xdist requires.
LONGEST_FIRST = ("test_jobs_server.py", "test_proxy.py", "test_large_networks.py",
                 "test_sweep_browser.py", "test_class_server_browser.py", "test_serve.py",
                 "test_compare_and_history.py", "test_sweep_cli.py")


def pytest_collection_modifyitems(items):
    def rank(item):
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)
    items.sort(key=rank)


@pytest.fixture(scope="module")
def stack_shape():
    """The environment of ``served_stack``: override in a module for another shape."""
    return {"REDIS": "0", "WEB_CONCURRENCY": "2"}


@pytest.fixture(scope="module")
def served_stack(tmp_path_factory, stack_shape):
    """The production stack as ``make serve`` starts it (scripts/serve.py), on free ports;
    yields its :class:`serve.Launched`. By default the one-container shape: nginx ->
    gunicorn (2 sync workers) with local jobs. At the end Ctrl-C must stop it cleanly:
    exit 0, no process left, no traceback logged."""
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    launched = serve.Launched(log, stack_shape)
    try:
        launched.wait_ready(300)  # a fresh clone compiles the numba kernels first
        yield launched
    finally:
        code = launched.stop()
        left = launched.leftovers()
        text = launched.output()
        assert code == 0 and not left, (code, left, text[-3000:])
        assert "Traceback" not in text, text[-5000:]
