"""Benchmark of the neuron lab: its gallery, its replay, its slider (prints; never asserts).

    .venv/bin/python bench/bench_neuron.py [--repeat 21] [--changes 21] [--no-browser]

In one process, warm (numba compiled or loaded from its cache first): the
twenty panels of Izhikevich (2004) Fig. 1 by :func:`simulate_gallery`, whole
calls (validation, time grid, protocol, kernel, result), against the baseline
of the same twenty panels by the line-for-line Python port of the published
code (tests/reference_figure1.py); median of ``--repeat`` runs each, and their
ratio. Also one panel alone (A), whole call: the gallery is twenty of them;
and the longest run allowed (panel A for 10 s at tau = 0.01 ms, a million
steps), whose time per step is mostly the kernel's. The target for the gallery
is 20 ms.

The replay, in the same process, against the network page's own run: the lab's
callback for a replayed neuron (rerun the network recording that neuron's input,
replay it alone, check it bit for bit, draw) against the network page's view
callback for the same network (its run, recording the traced neurons and the
current map, and its four figures), each with its run cache emptied first (the
kernels warm, the random stream drawn again); median of ``--repeat // 2`` each, and
their ratio (target: at most 1.1). The core's two runs alone are timed too.

Unless ``--no-browser``: a lab slider change -> last figure drawn, in headless
Chromium against ``python app.py``, against the one-graph baseline app
(bench/one_graph_app.py) in turns in the same run, as bench/bench_dashboard.py
measures the network page (its helpers): one keyboard step of the d or the a
slider at a time, to the last ``plotly_afterplot`` of the lab's two graphs; median
of ``--changes`` after ``--warmup``, and the ratio of the medians (target: at most
1.2); the network page's own change (bench_dashboard's) in the same turns, for
comparison.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

import reference_figure1 as ref  # noqa: E402

from izhi_core.neuron import FIGURE1_2004, simulate_gallery, simulate_neuron  # noqa: E402

TARGET_MS = 20.0
REPLAY_TARGET = 1.1  # the replay's time over the network page's own run
SLIDER_TARGET = 1.2  # a lab slider change over the one-graph baseline's
LAB_GRAPHS = ("lab-traces", "lab-phase")
# d 6 -> 6.05 -> (a 0.02 -> 0.021) -> d 6 -> a 0.022 ...: every change a new run
LAB_STEPS = (("lab-d", "ArrowRight"), ("lab-a", "ArrowRight"), ("lab-d", "ArrowLeft"),
             ("lab-a", "ArrowRight"))


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e3, min(times) * 1e3


def in_turns(fns, repeat):
    """Each of ``fns`` ``repeat`` times, in turns: (median, min) in ms of each."""
    times = [[] for _ in fns]
    for _ in range(repeat):
        for fn, kept in zip(fns, times, strict=True):
            t = time.perf_counter()
            fn()
            kept.append(time.perf_counter() - t)
    return [(statistics.median(t) * 1e3, min(t) * 1e3) for t in times]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=21)
    ap.add_argument("--changes", type=int, default=21, help="lab slider changes measured")
    ap.add_argument("--warmup", type=int, default=6)
    ap.add_argument("--rounds", type=int, default=3, help="turns of lab and baseline changes")
    ap.add_argument("--no-browser", action="store_true", help="skip the slider's bench")
    args = ap.parse_args()

    t = time.perf_counter()
    simulate_gallery()
    first = (time.perf_counter() - t) * 1e3
    steps = sum(tr.t.size for tr in simulate_gallery().values())

    port = lambda: [fn() for fn in ref.FIGURE1.values()]  # noqa: E731
    port_ms, port_min = timed(port, max(3, args.repeat // 4))
    gallery_ms, gallery_min = timed(simulate_gallery, args.repeat)
    one_ms, one_min = timed(lambda: simulate_neuron(FIGURE1_2004["A"]), args.repeat * 5)
    longest = lambda: simulate_neuron(FIGURE1_2004["A"], tau=0.01, duration=10_000.0)  # noqa: E731
    long_steps = longest().t.size
    long_ms, long_min = timed(longest, max(3, args.repeat // 4))

    print(f"neuron gallery: 20 panels of Izhikevich (2004) Fig. 1, {steps:,} steps; "
          f"median of {args.repeat} warm runs (port: {max(3, args.repeat // 4)})")
    print(f"  first call (numba cache load or compile) {first:9.2f} ms")
    print(f"  reference port (pure Python, baseline)   {port_ms:9.2f} ms   (min {port_min:.2f})")
    print(f"  simulate_gallery()                       {gallery_ms:9.2f} ms   "
          f"(min {gallery_min:.2f})  {port_ms / gallery_ms:6.1f}x faster than the port")
    print(f"  one panel (A), whole call                {one_ms:9.3f} ms   (min {one_min:.3f})")
    print(f"  panel A, 10 s at tau 0.01 ms, whole call {long_ms:9.2f} ms   (min {long_min:.2f})  "
          f"{long_ms * 1e6 / long_steps:6.1f} ns a step, {long_steps:,} steps")
    verdict = "within" if gallery_ms <= TARGET_MS else "OVER"
    print(f"  target {TARGET_MS:g} ms: {verdict} ({gallery_ms / TARGET_MS:.0%} of it)")
    bench_replay(max(5, args.repeat // 2))
    if not args.no_browser:
        bench_slider(args.changes, args.warmup, args.rounds)


def bench_replay(repeat: int) -> None:
    """The lab's replay of a network neuron against the network page's own run."""
    import app  # noqa: F401  (the Dash app registers the pages' callbacks)
    from dashboard.pages.network import callbacks as network
    from dashboard.pages.network import state as network_state
    from dashboard.pages.neuron import callbacks as lab
    from dashboard.pages.neuron import state as lab_state
    from izhi_core import NetworkConfig, Recording, simulate
    from izhi_core.neuron.replay import replay

    values = network_state.default_state()
    neurons = values.pop(network_state.NEURONS_KEY)
    drawing = values.pop(network_state.DRAWING_KEY)
    clean, replayed = lab_state.state_from_query("?replay=811")
    lab_values = lab_state.control_values(clean)

    def page_run():
        network.RUNS.clear()
        network.update_view(values, neurons, None, False, drawing)

    def lab_run():
        lab.RUNS.clear()
        out = lab.update_lab(lab_values, replayed)
        assert out["summary"].endswith("✓"), out["summary"]

    config = NetworkConfig()
    # in turns, so that a slow spell of this shared machine slows both alike
    (page_ms, page_min), (lab_ms, lab_min) = in_turns((page_run, lab_run), repeat)
    (core_page, _), (core_lab, _) = in_turns(
        (lambda: simulate(config, Recording(neurons=tuple(neurons))),
         lambda: replay(simulate(config, Recording(neurons=(811,), map_rows=0, map_cols=0)),
                        811)), repeat)
    print(f"replay of neuron 811 of the original script's network, median of {repeat} "
          "(run caches emptied)")
    print(f"  network page's view callback (baseline)  {page_ms:9.1f} ms   (min {page_min:.1f})")
    print(f"  lab's replay callback                    {lab_ms:9.1f} ms   (min {lab_min:.1f})"
          f"  {lab_ms / page_ms:5.2f}x the network page's")
    print(f"  the core alone: the page's network run {core_page:.1f} ms, the lab's run and "
          f"replay {core_lab:.1f} ms  {core_lab / core_page:5.2f}x")
    verdict = "within" if lab_ms <= REPLAY_TARGET * page_ms else "OVER"
    print(f"  target <= {REPLAY_TARGET:g}x: {verdict}")


def bench_slider(changes: int, warmup: int, rounds: int) -> None:
    """A lab slider change -> last figure drawn, against the one-graph baseline."""
    import statistics as st

    import bench_dashboard as bd
    from playwright.sync_api import sync_playwright

    procs = []
    lab_times: list[float] = []
    base_times: list[float] = []
    net_times: list[float] = []  # the network page's own, for comparison
    try:
        proc, url = bd.start_server()
        procs.append(proc)
        proc, base_url = bd.start_server("bench/one_graph_app.py")
        procs.append(proc)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=bd.CHROMIUM, args=bd.CHROMIUM_ARGS)
            page = bd.open_page(browser, url + "neuron?pattern=A", LAB_GRAPHS)
            base_page = bd.open_page(browser, base_url, bd.BASELINE_GRAPHS)
            net_page = bd.open_page(browser, url, bd.GRAPHS)
            warm = bd.measure_changes(page, warmup, LAB_STEPS, graphs=LAB_GRAPHS)[0]
            base_warm = bd.measure_changes(base_page, warmup, bd.BASELINE_STEPS,
                                           graphs=bd.BASELINE_GRAPHS)[0]
            bd.measure_changes(net_page, warmup)
            done = warmup
            for r in range(rounds):
                n = (changes + warmup - done) // (rounds - r)
                lab_times += bd.measure_changes(page, n, LAB_STEPS, start=done,
                                                graphs=LAB_GRAPHS)[0]
                base_times += bd.measure_changes(base_page, n, bd.BASELINE_STEPS, start=done,
                                                 graphs=bd.BASELINE_GRAPHS)[0]
                net_times += bd.measure_changes(net_page, n, start=done)[0]
                done += n
            browser.close()
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)
    lab_ms, base_ms = st.median(lab_times), st.median(base_times)
    print(f"lab slider change -> last figure drawn (v/u/I and the phase plane), "
          f"{len(lab_times)} changes after {len(warm)}, in turns with the baseline")
    print(f"  one-graph baseline app, median           {base_ms:9.0f} ms   "
          f"(p90 {bd.p90(base_times):.0f}; warm-up median {st.median(base_warm):.0f})")
    print(f"  lab, median                              {lab_ms:9.0f} ms   "
          f"(p90 {bd.p90(lab_times):.0f}; warm-up median {st.median(warm):.0f})  "
          f"{lab_ms / base_ms:5.2f}x the baseline")
    net_ms = st.median(net_times)
    print(f"  the network page, same turns, median     {net_ms:9.0f} ms   "
          f"(p90 {bd.p90(net_times):.0f})  {net_ms / base_ms:5.2f}x the baseline")
    verdict = "within" if lab_ms <= SLIDER_TARGET * base_ms else "OVER"
    print(f"  target <= {SLIDER_TARGET:g}x: {verdict}")


if __name__ == "__main__":
    main()
