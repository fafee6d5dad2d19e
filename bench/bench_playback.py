"""Benchmark of slow-motion playback (prints; never asserts).

    .venv/bin/python bench/bench_playback.py [--plays 3] [--no-large]

In headless Chromium against ``python app.py`` (1280x720): the network page plays its
run at 1x real time (the default network: one second), ``--plays`` times; each frame's
gap from the one before (what the eye sees: 16.7 ms at 60 frames a second) and its
work (moving the cursor over the six time axes), median and p95 over all plays.
The baseline, in the same page and the same turns: an empty requestAnimationFrame
loop for as long, whose gaps are the browser's own frame pacing on this machine; the
ratio of the medians says what playing adds. Then the same on a 100,000-neuron
network (a background run, its raster thinned for display), unless ``--no-large``.
The target: 30 frames a second or more (a median gap of at most 33 ms).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))
import bench_dashboard  # noqa: E402
from headless import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

LARGE = "/?ne=80000&ni=20000&inputs=100&mode=fast"
RASTER_DRAWN = """() => {
  const gd = document.querySelector('#raster .js-plotly-plot');
  return Boolean(gd && gd._fullLayout && gd._fullData && gd._fullData.length > 0);
}"""
# An empty loop of animation frames for ``ms``: the gaps between its frames.
IDLE_FRAMES = """(ms) => new Promise(done => {
  const gaps = []; let last = null, start = null;
  const step = now => {
    if (start === null) start = now;
    if (last !== null) gaps.push(now - last);
    last = now;
    if (now - start < ms) requestAnimationFrame(step); else done(gaps);
  };
  requestAnimationFrame(step);
})"""


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(0.95 * len(values)))]


def play(page, plays: int) -> dict[str, list[float]]:
    """``plays`` plays at 1x, each after an idle loop as long: their gaps and works."""
    out: dict[str, list[float]] = {"gaps": [], "costs": [], "idle": []}
    page.select_option("#playback-speed", "1")
    length = page.evaluate("""() => document.querySelector('#raster .js-plotly-plot')
                              .layout.meta.duration_ms""")
    for _ in range(plays):
        out["idle"] += page.evaluate(IDLE_FRAMES, length)
        page.evaluate("() => window.izhiPlayback.play()")
        page.wait_for_function("() => !window.izhiPlayback.playing", timeout=60_000)
        out["gaps"] += page.evaluate("() => window.izhiPlayback.gaps")
        out["costs"] += page.evaluate("() => window.izhiPlayback.costs")
    return out


def report(name: str, got: dict[str, list[float]]) -> None:
    gap, idle = statistics.median(got["gaps"]), statistics.median(got["idle"])
    print(f"{name}: frame gap median {gap:.1f} ms, p95 {p95(got['gaps']):.1f} ms "
          f"({1000 / gap:.0f} frames/s); work per frame median "
          f"{statistics.median(got['costs']):.2f} ms, p95 {p95(got['costs']):.2f} ms; "
          f"idle loop's gap median {idle:.1f} ms, p95 {p95(got['idle']):.1f} ms; "
          f"playing / idle {gap / idle:.2f}x  ({len(got['gaps'])} frames)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plays", type=int, default=3)
    parser.add_argument("--no-large", dest="large", action="store_false")
    args = parser.parse_args()
    proc, url = bench_dashboard.start_server()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(url)
            page.wait_for_function(RASTER_DRAWN)
            report("default network (1,002 neurons, 1,000 ms)", play(page, args.plays))
            if args.large:
                page.goto(url.rstrip("/") + LARGE)
                page.wait_for_function(
                    "() => (document.querySelector('#raster .gtitle')?.textContent || '')"
                    ".includes('showing')", timeout=600_000)
                page.wait_for_function(RASTER_DRAWN)
                report("100,000 neurons, thinned for display", play(page, args.plays))
            browser.close()
    finally:
        proc.kill()


if __name__ == "__main__":
    main()
