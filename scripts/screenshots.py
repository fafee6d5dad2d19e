"""The README's screenshots of the network page: 1280x720 (a projector) and a phone.

    .venv/bin/python scripts/screenshots.py [--out docs]

Serves ``python app.py`` on a free port, opens the original script's run in Debian's
Chromium at each size, waits until every graph has drawn, and writes
``screenshot-1280x720.png`` and ``screenshot-phone.png`` (full colour: a 256-colour
palette turns the traces' orange and teal into the E and I colours' red and blue).
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

SIZES = {"screenshot-1280x720.png": (1280, 720, False),
         "screenshot-phone.png": (390, 844, True)}
DRAWN = """() => ['raster', 'current-map', 'traces', 'rhythms'].every(id => {
  const gd = document.querySelector('#' + id + ' .js-plotly-plot');
  return gd && gd._fullLayout && document.querySelector('#card-spikes').textContent === '7,598';
})"""


def save(png: bytes, path: Path) -> None:
    """Write the PNG, recompressed."""
    from PIL import Image  # a dev requirement, needed here only

    Image.open(io.BytesIO(png)).convert("RGB").save(path, optimize=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs"))
    args = parser.parse_args()
    port = smoke_http.free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port)}
    server = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        smoke_http.wait_healthy(url.rstrip("/"), 300, server)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, (width, height, phone) in SIZES.items():
                context = browser.new_context(viewport={"width": width, "height": height},
                                              is_mobile=phone, has_touch=phone)
                page = context.new_page()
                page.goto(url)
                page.wait_for_function(DRAWN, timeout=120_000)
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
