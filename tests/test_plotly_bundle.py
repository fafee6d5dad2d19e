"""assets/plotly-partial.min.js: the plotly.js the page runs (built by scripts/plotly_bundle)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from plotly.offline import get_plotlyjs_version

from dashboard.pages.network import callbacks as C
from dashboard.pages.network import state as S

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "assets" / "plotly-partial.min.js"
BUILD = ROOT / "scripts" / "plotly_bundle"
BANNER = re.compile(r"/\*! plotly\.js (\S+), partial bundle; traces: ([a-z0-9 ]+)\. "
                    r"Patched: ([a-z0-9_/. ]*)\. ")


# V8 compiles every function of a file that starts with it as the file streams in.
COMPILE_HINT = "//# allFunctionsCalledOnLoad\n"


def test_the_bundle_starts_with_v8s_compile_hint():
    assert BUNDLE.read_text(encoding="utf-8").startswith(COMPILE_HINT)


def banner() -> tuple[str, set[str], list[str]]:
    """The bundle's plotly.js version, trace types and patched files, from the banner
    build.mjs writes."""
    text = BUNDLE.read_text(encoding="utf-8")[:500]
    match = BANNER.match(text.removeprefix(COMPILE_HINT))
    assert match, "assets/plotly-partial.min.js has no banner: rebuild it (make plotly-bundle)"
    return match.group(1), set(match.group(2).split()), match.group(3).split()


def test_the_bundle_is_the_plotly_js_of_the_pinned_plotly_package():
    version, _, _ = banner()
    assert version == get_plotlyjs_version()  # bumping plotly means: make plotly-bundle
    package = json.loads((BUILD / "package.json").read_text(encoding="utf-8"))
    assert package["devDependencies"]["plotly.js"] == version
    lock = json.loads((BUILD / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/plotly.js"]["version"] == version


def test_the_bundle_carries_the_patches_of_the_build_script():
    _, _, patched = banner()
    script = (BUILD / "build.mjs").read_text(encoding="utf-8")
    assert patched == re.findall(r"^    file: '([^']+)',$", script, flags=re.M)
    assert patched  # the regular expression found the patches


@pytest.mark.parametrize("changes", [
    {},  # the original script's network: a WebGL raster
    {"ne": 40, "ni": 10},  # few spikes: an SVG raster
    {"exc_weight": 1.0},  # bursting: a thinned raster
])
def test_the_bundle_holds_every_trace_type_the_page_draws(changes):
    _, traces, _ = banner()
    values = {**S.default_state(), **changes}
    neurons = values.pop(S.NEURONS_KEY)
    out = C.update_view(values, neurons, None, True)
    figures = [o for o in out.values() if isinstance(o, dict) and "data" in o]
    assert len(figures) == 4  # raster, current map, rhythms, traces
    drawn = {trace.get("type", "scatter") for fig in figures for trace in fig["data"]}
    assert drawn <= traces, f"{drawn - traces} missing from the bundle: add to build.mjs"
