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
