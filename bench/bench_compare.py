"""Benchmark: the /compare page's load against the network page's, in the same run (prints;
never asserts).

    .venv/bin/python bench/bench_compare.py [--loads 7] [--url URL]

Starts ``python app.py`` on a free port (unless --url is given) and, in headless
Chromium with a new browser context each time (cold browser cache), measures page ->
every graph drawn (the last ``plotly_afterplot``, in the page's clock from the
navigation's start, as bench/bench_dashboard.py does), in turns, so that a slow
spell of this shared machine slows both:

* ``/`` (the network page: one run, four graphs) against
  ``/compare?a=<network>&b=<network, exc weight 0.6>`` (two runs, four graphs);
* each once with runs the server has kept (the same address again) and once with
  runs it has not (a new seed for every load: the page's runs are part of its load);
* and the default ``/compare`` (A and B differ only by seed: four runs for the
  spread), with fresh seeds.

Target (issue 15): compare page load <= 1.2x the network page's, medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_dashboard as D  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

NETWORK_GRAPHS = D.GRAPHS
COMPARE_GRAPHS = ("compare-rasters", "compare-rate", "compare-spectrum", "compare-isi-cv")
TARGET_RATIO = 1.2
FIRST_SEED = 5000  # fresh seeds from here: runs no earlier load of this bench kept


def load_seconds(browser, url: str, graphs: tuple[str, ...]) -> float:
    """Navigation start -> every graph drawn and quiet, s (a cold browser context)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.add_init_script(D.for_graphs(D.AFTERPLOT_TEMPLATE, graphs))
    page.goto(url)
    drawn = D.settle(page, 0.0, graphs)
    context.close()
    return drawn / 1000.0


def addresses(base: str, seed: int | None) -> dict[str, str]:
    """The three pages' addresses, of seed ``seed`` (None: the original script's)."""
    s = "" if seed is None else f"&seed={seed}"
    a = f"exc_weight=0.5{s}"
    b = f"exc_weight=0.6{s}"
    return {
        "network": f"{base}?{a}",
        "compare": f"{base}compare?a={quote(a)}&b={quote(b)}",
        "seeds": f"{base}compare?a={quote(a)}" if seed is not None else f"{base}compare",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=7)
    parser.add_argument("--url", help="a running dashboard (default: start app.py)")
    args = parser.parse_args()
    proc = None
    url = args.url
    if url is None:
        proc, url = D.start_server()
    url = url.rstrip("/") + "/"
    times: dict[str, list[float]] = {k: [] for k in (
        "network kept", "compare kept", "network fresh", "compare fresh", "seeds fresh")}
    graphs = {"network": NETWORK_GRAPHS, "compare": COMPARE_GRAPHS, "seeds": COMPARE_GRAPHS}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=D.CHROMIUM, args=D.CHROMIUM_ARGS)
            kept = addresses(url, None)
            for page, address in kept.items():  # the server's first loads: warm its caches
                load_seconds(browser, address, graphs[page])
            for i in range(args.loads):
                for page in ("network", "compare"):
                    times[f"{page} kept"].append(
                        load_seconds(browser, kept[page], graphs[page]))
                fresh = addresses(url, FIRST_SEED + i)
                for page in ("network", "compare", "seeds"):
                    times[f"{page} fresh"].append(
                        load_seconds(browser, fresh[page], graphs[page]))
            browser.close()
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)

    med = {k: statistics.median(v) for k, v in times.items()}
    rows = [
        ("network page, runs kept, median", f"{med['network kept']:.2f} s", ""),
        ("compare page (2 runs), runs kept, median", f"{med['compare kept']:.2f} s", ""),
        ("  compare / network", f"{med['compare kept'] / med['network kept']:.2f}x",
         f"<= {TARGET_RATIO:g}x"),
        ("network page, fresh run, median", f"{med['network fresh']:.2f} s", ""),
        ("compare page (2 runs), fresh runs, median", f"{med['compare fresh']:.2f} s", ""),
        ("  compare / network", f"{med['compare fresh'] / med['network fresh']:.2f}x",
         f"<= {TARGET_RATIO:g}x"),
        ("compare page, seed replicates (4 runs), fresh, median",
         f"{med['seeds fresh']:.2f} s", ""),
        ("  seeds / network", f"{med['seeds fresh'] / med['network fresh']:.2f}x", ""),
        ("  (loads of each)", f"{args.loads}", ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>7}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>7}  {target}")
    for name, values in times.items():
        print(f"{name}: " + " ".join(f"{v:.2f}" for v in values))


if __name__ == "__main__":
    main()
