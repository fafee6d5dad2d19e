"""Benchmark of the dashboard in headless Chromium against a live server (prints; never asserts).

    .venv/bin/python bench/bench_dashboard.py [--changes 21] [--rounds 3] [--warmup 6] [--loads 5]
                                              [--url URL] [--screenshot PATH]

Starts ``python app.py`` on a free port (unless --url is given) and the baseline,
``bench/one_graph_app.py`` (one slider, one graph: the raster of the same network),
then measures:

* slider change -> last figure redrawn: from the default network, one keyboard
  step of the excitatory or the inhibitory weight slider at a time, each change a
  network not run before (see STEPS); the time runs from the keydown (in the
  page's clock) to the last ``plotly_afterplot`` of the four graphs, waited for in
  the page (after the key press the bench makes no devtools round trip until the
  change is drawn); median and p90, after ``--warmup`` changes on each page
  (reported apart: a fresh page's first changes also wait for V8 to compile the
  code they run);
  the same on the baseline's one graph, in turns with the dashboard (``--rounds``
  blocks each), and the ratio of the medians: this machine is shared and noisy,
  and a slow spell slows both;
* the size of the callback responses (``/_dash-update-component``) of those
  changes, largest and the network callback's median;
* page to all figures drawn: a new browser context each time (cold browser
  cache), warm kernel cache on the server; median of ``--loads`` loads;
* each graph's redraw by plotly.js alone, in the page (:func:`redraw_alone`), on both
  pages: the baseline's change with the page's redraws in place of its own is how fast
  the page could be if nothing but plotly.js cost it more (Dash's renderer, the
  server's run and the network as the baseline's);

and, with --screenshot PATH, writes a full-page screenshot (1600 px wide) of the page
(the README's are scripts/screenshots.py's: ``make screenshots``).
Targets: median <= 150 ms, response <= 1 MB, page to figures <= 1.5 s.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import smoke_http  # noqa: E402
from headless import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

GRAPHS = ("raster", "current-map", "traces", "rhythms")
# Every change is a network not run before (no cached run) and near the default one: the
# excitatory weight goes 0.5 <-> 0.55 while the inhibitory weight climbs a step every
# other change: 0.55/1.0, 0.55/1.05, 0.5/1.05, 0.5/1.1, 0.55/1.1, ...
STEPS = (("exc-weight", "ArrowRight"), ("inh-weight", "ArrowRight"),
         ("exc-weight", "ArrowLeft"), ("inh-weight", "ArrowRight"))
TARGETS = {"median_ms": 150.0, "response_bytes": 1_000_000, "load_s": 1.5}

# Record every plotly_afterplot of the graphs in the page's clock. Installed before the
# page's scripts run: graphs are found as they appear, so the first draw is caught.
AFTERPLOT_TEMPLATE = """
(() => {
  window.__afterplots = [];
  window.__hooked = new Set();
  const ids = __GRAPHS__;
  const hook = () => {
    for (const id of ids) {
      const gd = document.querySelector('#' + id + ' .js-plotly-plot');
      if (gd && gd.on && !window.__hooked.has(gd)) {
        window.__hooked.add(gd);
        gd.on('plotly_afterplot', () => window.__afterplots.push([id, performance.now()]));
        if (gd.data && gd._fullLayout) window.__afterplots.push([id, performance.now()]);
      }
    }
  };
  new MutationObserver(hook).observe(document, {childList: true, subtree: true});
  document.addEventListener('keydown', () => { window.__keydown = performance.now(); }, true);
})();
"""

def for_graphs(template: str, graphs: tuple[str, ...]) -> str:
    return template.replace("__GRAPHS__", json.dumps(list(graphs)))


AFTERPLOT_JS = for_graphs(AFTERPLOT_TEMPLATE, GRAPHS)
BASELINE_GRAPHS = ("raster",)
BASELINE_STEPS = (("exc-weight", "ArrowRight"), ("exc-weight", "ArrowLeft"))

QUIET_MS = 300  # no afterplot for this long: the redraw is over


def start_server(script: str = "app.py") -> tuple[subprocess.Popen, str]:
    port = smoke_http.free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port)}
    env.pop("DASH_DEBUG", None)
    proc = subprocess.Popen([sys.executable, script], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        smoke_http.wait_healthy(url.rstrip("/"), 180, proc)
    except smoke_http.SmokeFailure as exc:
        proc.kill()
        raise SystemExit(f"{script} did not start: {exc}") from None
    return proc, url


# All graphs redrawn since t0 and none for ``quiet`` ms: the change's last redraw, else
# false. Polled in the page every POLL_MS, so that from the key press to the last redraw
# the bench adds no round trip through the browser's devtools protocol (each one is CPU
# the two cores of this machine would take from the page and the server).
DRAWN_AND_QUIET_TEMPLATE = """
([t0, quiet]) => {
  const ids = __GRAPHS__;
  const after = window.__afterplots.filter(([id, t]) => t >= t0);
  const seen = new Set(after.map(([id]) => id));
  if (!ids.every(id => seen.has(id))) return false;
  const last = Math.max(...after.map(([id, t]) => t));
  return performance.now() - last >= quiet ? last : false;
}
"""
POLL_MS = 50


def settle(page: Page, t0: float, graphs: tuple[str, ...] = GRAPHS) -> float:
    """Wait until all ``graphs`` redrew after t0 and then stayed quiet; the last redraw
    (ms, the page's clock)."""
    return page.wait_for_function(for_graphs(DRAWN_AND_QUIET_TEMPLATE, graphs),
                                  arg=[t0, QUIET_MS], polling=POLL_MS,
                                  timeout=30_000).json_value()


# Sizes of the callback responses since t0, from the page's Resource Timing entries: read
# after the change is drawn, so measuring them costs the change nothing (asking the
# browser for each response's body would, in the middle of the redraw).
RESPONSE_SIZES = """
(t0) => {
  const sizes = performance.getEntriesByType('resource')
    .filter(e => e.name.includes('/_dash-update-component') && e.startTime >= t0)
    .map(e => e.decodedBodySize);
  performance.clearResourceTimings();
  return sizes;
}
"""


def measure_changes(page: Page, n: int, steps=STEPS, start: int = 0,
                    graphs: tuple[str, ...] = GRAPHS) -> tuple[list[float], list[int], list[int]]:
    """``n`` slider changes, steps ``start`` .. ``start + n - 1`` of the cycle ``steps``:
    the times (ms), then the sizes of all callback responses and of each change's
    largest (the view's: every figure and card)."""
    sizes_all: list[int] = []
    sizes_network: list[int] = []
    times = []
    for i in range(start, start + n):
        slider, key = steps[i % len(steps)]
        # the dashboard's slider is "<field>-slider" (its box has the field's id); the
        # baseline's has the field's id
        page.locator(f"#{slider}-slider .dash-slider-thumb[role=slider], "
                     f"#{slider} .dash-slider-thumb[role=slider]").first.focus()
        before = page.evaluate("() => performance.now()")
        page.keyboard.press(key)
        last = settle(page, before, graphs)
        t0 = page.evaluate("() => window.__keydown")
        times.append(last - t0)
        sizes = page.evaluate(RESPONSE_SIZES, t0)
        sizes_all += sizes
        if sizes:
            sizes_network.append(max(sizes))
    return times, sizes_all, sizes_network


def measure_load(browser, url: str) -> float:
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.add_init_script(AFTERPLOT_JS)
    page.goto(url)
    drawn = settle(page, 0.0)  # performance.now() counts from the navigation's start
    context.close()
    return drawn / 1000.0


def save_screenshot(png: bytes, path: Path) -> None:
    """Write the PNG with a 256-colour palette: the page reads the same at a third the size."""
    from PIL import Image  # a dev requirement, needed here only

    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    palette = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    # dithered, so the colour bar's gradient does not turn into bands
    image.quantize(palette=palette, dither=Image.Dither.FLOYDSTEINBERG).save(path, optimize=True)


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


# Each graph's figure as drawn now ({id: {data, layout}}), as plain JSON.
FIGURES_NOW_TEMPLATE = """() => Object.fromEntries(__GRAPHS__.map(id => {
  const gd = document.querySelector('#' + id + ' .js-plotly-plot');
  return [id, JSON.parse(JSON.stringify({data: gd.data, layout: gd.layout}))];
}))"""

# plotly.js alone: each figure drawn into a new graph of its graph's size, in the page,
# then Plotly.react to the other figure and back, ``n`` times: the median of each graph.
REDRAW_ALONE = """async ([a, b, n]) => {
  const out = {};
  for (const id of Object.keys(a)) {
    const box = document.querySelector('#' + id + ' .js-plotly-plot').getBoundingClientRect();
    const div = document.createElement('div');
    div.style.width = box.width + 'px'; div.style.height = box.height + 'px';
    document.body.appendChild(div);
    const config = {displaylogo: false, responsive: false};
    const copy = f => JSON.parse(JSON.stringify(f));
    await Plotly.newPlot(div, {...copy(a[id]), config});
    // fresh copies, made before the clock runs (plotly.js keeps what it is given)
    const figures = Array.from({length: n}, (_, i) => ({...copy(i % 2 ? a[id] : b[id]), config}));
    const times = [];
    for (const figure of figures) {
      const t0 = performance.now();
      await Plotly.react(div, figure);
      times.push(performance.now() - t0);
    }
    Plotly.purge(div); div.remove();
    times.sort((x, y) => x - y);
    out[id] = times[Math.floor(n / 2)];
  }
  return out;
}"""


def redraw_alone(page: Page, graphs: tuple[str, ...], n: int = 15, steps=STEPS,
                 start: int = 0) -> dict[str, float]:
    """Each graph's redraw by plotly.js alone (ms, median), between its figures before and
    after one more slider change: the part of a change no Dash, server or network is in."""
    before = page.evaluate(for_graphs(FIGURES_NOW_TEMPLATE, graphs))
    measure_changes(page, 1, steps, start=start, graphs=graphs)
    after = page.evaluate(for_graphs(FIGURES_NOW_TEMPLATE, graphs))
    return page.evaluate(REDRAW_ALONE, [before, after, n])


def open_page(browser, url: str, graphs: tuple[str, ...]) -> Page:
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.add_init_script(for_graphs(AFTERPLOT_TEMPLATE, graphs))
    page.goto(url)
    settle(page, 0.0, graphs)
    return page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=21)
    parser.add_argument("--rounds", type=int, default=3,
                        help="turns of dashboard and baseline changes")
    parser.add_argument("--warmup", type=int, default=6,
                        help="changes on each page before the measured ones (reported apart)")
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--url", help="a running dashboard (default: start app.py)")
    parser.add_argument("--screenshot", default="",
                        help="where to write the screenshot ('' for none)")
    args = parser.parse_args()

    procs = []
    url = args.url
    if url is None:
        proc, url = start_server()
        procs.append(proc)
    proc, base_url = start_server("bench/one_graph_app.py")
    procs.append(proc)
    times: list[float] = []
    base_times: list[float] = []
    sizes_all: list[int] = []
    sizes_network: list[int] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            measure_load(browser, url)  # the server's first page: warm its caches
            loads = [measure_load(browser, url) for _ in range(args.loads)]

            page = open_page(browser, url, GRAPHS)
            if args.screenshot:
                page.mouse.move(0, 0)
                save_screenshot(page.screenshot(full_page=True), Path(args.screenshot))
            base_page = open_page(browser, base_url, BASELINE_GRAPHS)
            # A fresh page's first changes also wait for V8 to compile the code they run
            # (on the other core here): reported apart, as the page's warm-up.
            warm = measure_changes(page, args.warmup)[0]
            base_warm = measure_changes(base_page, args.warmup, BASELINE_STEPS,
                                        graphs=BASELINE_GRAPHS)[0]
            done = args.warmup
            for r in range(args.rounds):
                n = (args.changes + args.warmup - done) // (args.rounds - r)
                t, s_all, s_net = measure_changes(page, n, start=done)
                times += t
                sizes_all += s_all
                sizes_network += s_net
                base_times += measure_changes(base_page, n, BASELINE_STEPS, start=done,
                                              graphs=BASELINE_GRAPHS)[0]
                done += n
            alone = redraw_alone(page, GRAPHS, start=done)
            base_alone = redraw_alone(base_page, BASELINE_GRAPHS, steps=BASELINE_STEPS,
                                      start=done)
            browser.close()
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)

    median, base_median = statistics.median(times), statistics.median(base_times)
    # The baseline's change with the page's four redraws in place of its one: what the
    # page would take if nothing but plotly.js cost more than in the baseline.
    floor = base_median - sum(base_alone.values()) + sum(alone.values())
    rows = [
        ("slider change -> last figure drawn, median", f"{median:.0f} ms",
         f"<= {TARGETS['median_ms']:.0f} ms"),
        ("slider change -> last figure drawn, p90", f"{p90(times):.0f} ms", ""),
        ("  (changes measured)", f"{len(times)}", ">= 20"),
        ("baseline: one-graph app, same change, median", f"{base_median:.0f} ms", ""),
        ("  dashboard / baseline", f"{median / base_median:.2f}x", ""),
        ("the page's figures redrawn by plotly.js alone, sum", f"{sum(alone.values()):.0f} ms",
         ""),
        ("  " + ", ".join(f"{k} {v:.0f}" for k, v in alone.items()), "", ""),
        ("the baseline's figure, the same way", f"{sum(base_alone.values()):.0f} ms", ""),
        ("  baseline + the page's redraws - its own", f"{floor:.0f} ms",
         f"{floor / base_median:.2f}x the baseline"),
        (f"warm-up: a fresh page's first {len(warm)} changes, median",
         f"{statistics.median(warm):.0f} ms" if warm else "-", ""),
        ("  baseline's, median", f"{statistics.median(base_warm):.0f} ms" if base_warm else "-",
         ""),
        ("network callback response, median", f"{statistics.median(sizes_network) / 1e3:.0f} kB",
         ""),
        ("largest callback response", f"{max(sizes_all) / 1e3:.0f} kB",
         f"<= {TARGETS['response_bytes'] / 1e6:.0f} MB"),
        ("page -> all figures drawn (cold browser cache), median",
         f"{statistics.median(loads):.2f} s", f"<= {TARGETS['load_s']:g} s"),
        ("  (loads measured)", f"{len(loads)}", ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>9}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>9}  {target}")
    if args.screenshot:
        size = Path(args.screenshot).stat().st_size
        print(f"screenshot: {args.screenshot} ({size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
