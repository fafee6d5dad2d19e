"""The README's screenshots: the network page, the neuron lab's gallery and its phase plane.

    .venv/bin/python scripts/screenshots.py [--out docs]

Serves ``python app.py`` on a free port, opens each view in Debian's Chromium at
1280x720 (a projector) and on a phone (390x844), waits until its graphs have drawn,
and writes ``screenshot-*.png`` (full colour: a 256-colour palette turns the traces'
orange and teal into the E and I colours' red and blue):

* ``screenshot-1280x720.png``, ``screenshot-phone.png``: the original script's run;
* ``screenshot-present-1280x720.png``: the same in presentation mode;
* ``screenshot-neuron-gallery-*.png``: the twenty patterns of Izhikevich (2004), Fig. 1;
* ``screenshot-neuron-lab-*.png``: panel C in the lab at 10 ms (before its input: both
  fixed points, and the path of every burst with its resets), the phase plane in view;
* ``screenshot-sweep-*.png``: the 21 x 21 weight plane on the sweep page, its synchrony
  and its regimes;
* ``screenshot-compare-*.png``: the original script's run (A) against excitatory weight
  0.6 (B), three seeds each: the cards' verdicts, the rasters side by side, the overlays;
* ``screenshot-lessons-*.png``: the network page's lessons after one click on the
  "Bursting" step, its checks passed.

``--only WORD`` takes only the shots whose names hold that word (``sweep``, ``compare``).
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import smoke_http  # noqa: E402
from headless import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

DESKTOP = (1280, 720, False)
PHONE = (390, 844, True)
NETWORK_DRAWN = """() => ['raster', 'current-map', 'traces', 'rhythms'].every(id => {
  const gd = document.querySelector('#' + id + ' .js-plotly-plot');
  return gd && gd._fullLayout && document.querySelector('#card-spikes').textContent === '7,598';
})"""
LAB_DRAWN = """() => {
  const images = [...document.querySelectorAll('#gallery img.gallery-graph')];
  const graphs = [...document.querySelectorAll('#lab-traces .js-plotly-plot, '
    + '#lab-phase .js-plotly-plot')];
  const title = graphs.length === 2 ? (graphs[1].layout.title || {}).text || "" : "";
  return images.length === 20 && images.every(img => img.complete && img.naturalWidth > 0)
    && graphs.every(gd => gd._fullLayout) && title.includes(__T__);
}"""
# the 21 x 21 weight plane of docs/sweeps.md, finished (its job's progress bar gone)
PLANE = ("/sweep?axis1=inh_weight&values1=0:2:21&axis2=exc_weight&values2=0:1:21"
         "&color=synchrony")
SWEEP_DRAWN = """() => {
  const status = document.getElementById('sweep-status');
  const box = document.getElementById('progress-box');
  return Boolean(status && box && status.textContent.startsWith('All 441 runs done')
    && box.style.display === 'none'
    && document.querySelectorAll('#sweep-page-graphs .js-plotly-plot').length === 2);
}"""
COMPARE_DRAWN = """() => ['compare-rasters', 'compare-rate', 'compare-spectrum', 'compare-isi-cv']
  .every(id => { const gd = document.querySelector('#' + id + ' .js-plotly-plot');
                 return gd && gd._fullLayout && gd._fullData.length > 0; })"""
COMPARE = "/compare?a=exc_weight%3D0.5&b=exc_weight%3D0.6&seeds=3"
LESSON_CHECKED = """() => (document.querySelector('#lesson-result') || {}).textContent
  && document.querySelector('#lesson-result').textContent.includes('\u2713')"""
# file name -> (path, size, the page is drawn, the element brought to the top, or none[,
# a button to press, by its text, and what shows it has acted])
SHOTS = {
    "screenshot-1280x720.png": ("/", DESKTOP, NETWORK_DRAWN, None),
    "screenshot-phone.png": ("/", PHONE, NETWORK_DRAWN, None),
    "screenshot-present-1280x720.png": ("/?present=1", DESKTOP, NETWORK_DRAWN, None),
    "screenshot-neuron-gallery-1280x720.png": (
        "/neuron", DESKTOP, LAB_DRAWN.replace("__T__", "'t = 50 ms'"), None),
    "screenshot-neuron-gallery-phone.png": (
        "/neuron", PHONE, LAB_DRAWN.replace("__T__", "'t = 50 ms'"), None),
    "screenshot-neuron-lab-1280x720.png": (
        "/neuron?pattern=C&at=10", DESKTOP, LAB_DRAWN.replace("__T__", "'t = 10 ms'"), "lab"),
    "screenshot-neuron-lab-phone.png": (
        "/neuron?pattern=C&at=10", PHONE, LAB_DRAWN.replace("__T__", "'t = 10 ms'"),
        "lab-phase"),
    "screenshot-sweep-1280x720.png": (PLANE, DESKTOP, SWEEP_DRAWN, None),
    "screenshot-sweep-phone.png": (PLANE, PHONE, SWEEP_DRAWN, "sweep-status"),
    "screenshot-compare-1280x720.png": (COMPARE, DESKTOP, COMPARE_DRAWN, None),
    "screenshot-compare-phone.png": (COMPARE, PHONE, COMPARE_DRAWN, None),
    "screenshot-lessons-1280x720.png": (
        "/", DESKTOP, NETWORK_DRAWN, "lessons",
        ("Bursting at excitatory weight 1.0", LESSON_CHECKED)),
    "screenshot-lessons-phone.png": (
        "/", PHONE, NETWORK_DRAWN, "lessons",
        ("Bursting at excitatory weight 1.0", LESSON_CHECKED)),
}


def save(png: bytes, path: Path) -> None:
    """Write the PNG, recompressed."""
    from PIL import Image  # a dev requirement, needed here only

    Image.open(io.BytesIO(png)).convert("RGB").save(path, optimize=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs"))
    parser.add_argument("--only", default="", help="only the shots whose names hold this")
    args = parser.parse_args()
    port = smoke_http.free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port)}
    server = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        smoke_http.wait_healthy(url, 300, server)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, (path, (width, height, phone), drawn, top, *press) in SHOTS.items():
                if args.only not in name:
                    continue
                context = browser.new_context(viewport={"width": width, "height": height},
                                              is_mobile=phone, has_touch=phone)
                page = context.new_page()
                page.goto(url + path)
                page.wait_for_function(drawn, timeout=120_000)
                for label, done in press:
                    page.get_by_role("button", name=label).click()
                    page.wait_for_function(done, timeout=120_000)
                if top is not None:  # the view in question at the top of the window
                    page.evaluate("(id) => document.getElementById(id).scrollIntoView()", top)
                page.wait_for_timeout(500)  # the last redraw's frame
                save(page.screenshot(), Path(args.out) / name)
                print(f"wrote {Path(args.out) / name}")
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=15)
    return 0


if __name__ == "__main__":
    sys.exit(main())
