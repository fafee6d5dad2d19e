"""izhi_core.figures on hand-built results (and one real run against the slow twin): what
each figure holds and what a reader sees: titles, notes, legends, ranges, colours, sizes."""

from __future__ import annotations

import colorsys
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest

from izhi_core import Recording, figures, simulate
from izhi_core import figures as F
from izhi_core.config import NetworkConfig
from izhi_core.heterogeneity import parameter_spread, parameters_of
from izhi_core.network import build_network
from izhi_core.result import SPIKE_PEAK_MV, SimulationResult
from reference import original_loop

ROOT = Path(__file__).resolve().parents[1]


def make_result(
    spikes=(),
    ne=8,
    ni=2,
    duration=50,
    trace_neurons=(1, 9),
    current_map=None,
    map_row_bin=1,
    map_col_bin=1,
    **config,
) -> SimulationResult:
    """A SimulationResult from a list of (time_ms, neuron) spikes; traces are synthetic."""
    cfg = NetworkConfig(ne=ne, ni=ni, duration=duration, **config)
    spikes = sorted(spikes)
    times = np.array([t for t, _ in spikes], dtype=np.int32)
    neurons = np.array([n for _, n in spikes], dtype=np.int32)
    pop = np.zeros((duration, 2), dtype=np.int32)
    np.add.at(pop, (times, (neurons >= ne).astype(int)), 1)
    rows = len(trace_neurons)
    t = np.arange(duration)
    v = np.array([-65.0 + 0.1 * t + k for k in range(rows)]).reshape(rows, duration)
    for row, neuron in enumerate(trace_neurons):
        v[row, times[neurons == neuron]] = SPIKE_PEAK_MV
    u = np.array([-13.0 + 0.01 * t - k for k in range(rows)]).reshape(rows, duration)
    if current_map is None:
        current_map = np.zeros((cfg.n, duration))
    return SimulationResult(
        config=cfg, spike_times=times, spike_neurons=neurons,
        trace_neurons=np.array(trace_neurons, dtype=np.int64), v=v, u=u, current=v * 0,
        current_map=np.asarray(current_map, dtype=np.float64), map_row_bin=map_row_bin,
        map_col_bin=map_col_bin, pop_counts=pop, build_seconds=0.0, sim_seconds=0.0,
    )


SMALL_SPIKES = [(3, 1), (3, 8), (7, 0), (12, 1), (20, 9), (31, 5), (31, 9), (44, 1)]


def all_fire(n, duration):
    return [(t, k) for t in range(duration) for k in range(n)]


def title_lines(fig):
    """The title's lines as they read (markup dropped)."""
    text = fig["layout"]["title"]["text"] if isinstance(fig, dict) else fig.layout.title.text
    return [re.sub(r"<[^>]+>", "", line) for line in text.split("<br>")]


def boundary_lines(fig):
    return [s for s in fig.layout.shapes if s.type == "line" and s.name == "E/I boundary"]


# -- raster ---------------------------------------------------------------------------


def test_raster_traces_hold_the_e_and_i_spikes_and_no_customdata():
    result = make_result(SMALL_SPIKES)
    fig = figures.raster_figure(result)
    exc, inh = fig.data
    assert (exc.name, inh.name) == ("excitatory", "inhibitory")
    assert isinstance(exc, go.Scatter) and isinstance(inh, go.Scatter)
    assert len(exc.x) == 5 and len(inh.x) == 3
    assert sorted(zip(exc.x.tolist(), exc.y.tolist(), strict=True)) == sorted(
        s for s in SMALL_SPIKES if s[1] < 8
    )
    assert sorted(zip(inh.x.tolist(), inh.y.tolist(), strict=True)) == [(3, 8), (20, 9), (31, 9)]
    for trace in fig.data:  # a click reads the neuron from y: no copy of it in customdata
        assert trace.customdata is None
        assert trace.hovertemplate == "neuron %{y}<br>t = %{x} ms"
    assert exc.marker.color != inh.marker.color
    assert fig.layout.title.text == "Spike raster (8 spikes)"


def test_raster_axes_boundary_and_labels():
    fig = figures.raster_figure(make_result(SMALL_SPIKES))
    assert list(fig.layout.xaxis.range) == [0, 50]
    assert list(fig.layout.yaxis.range) == [0, 10]
    assert fig.layout.xaxis.title.text == "Time (ms)"
    assert fig.layout.yaxis.title.text == "Neuron index"
    (line,) = boundary_lines(fig)
    assert line.y0 == line.y1 == 8
    labels = {a.text for a in fig.layout.annotations}
    assert labels == {"excitatory", "inhibitory"}
    assert fig.layout.paper_bgcolor == "white" and fig.layout.template.layout.to_plotly_json() == {}


def test_raster_of_one_population_has_no_boundary():
    fig = figures.raster_figure(make_result([(1, 0)], ne=3, ni=0, trace_neurons=()))
    assert boundary_lines(fig) == []
    assert [a.text for a in fig.layout.annotations] == ["excitatory"]
    assert len(fig.data[1].x) == 0


def test_raster_switches_to_webgl_above_5000_points():
    at = make_result(all_fire(50, 100), ne=40, ni=10, duration=100, trace_neurons=())
    assert at.n_spikes == 5_000
    assert all(isinstance(t, go.Scatter) for t in figures.raster_figure(at).data)
    above = make_result(all_fire(50, 100) + [(100, 0)], ne=40, ni=10, duration=101,
                        trace_neurons=())
    fig = figures.raster_figure(above)
    assert all(isinstance(t, go.Scattergl) for t in fig.data)
    assert sum(len(t.x) for t in fig.data) == 5_001


def test_raster_thinning_keeps_every_spike_of_every_kth_neuron():
    result = make_result(all_fire(100, 100), ne=80, ni=20, duration=100, trace_neurons=())
    fig = figures.raster_figure(result, max_points=2_500)
    shown = np.concatenate([t.y for t in fig.data])
    assert shown.size == 2_500
    np.testing.assert_array_equal(np.unique(shown), np.arange(0, 100, 4))
    assert np.all(np.bincount(shown)[::4] == 100)  # each shown neuron keeps all its spikes
    assert title_lines(fig) == [
        "Spike raster (10,000 spikes)", "showing every 4th neuron: 2,500 spikes",
    ]
    assert len(fig.data[1].x) == 5 * 100  # neurons 80, 84, ..., 96


def test_raster_thinning_picks_the_smallest_stride_that_fits():
    spikes = [(t, k) for k in range(10) for t in range(10)]  # 10 spikes per neuron
    result = make_result(spikes, duration=10, trace_neurons=())
    fig = figures.raster_figure(result, max_points=25)  # k = 4 gives 30, k = 5 gives 20
    shown = np.concatenate([t.y for t in fig.data])
    assert sorted(set(shown.tolist())) == [0, 5]
    assert title_lines(fig)[1] == "showing every 5th neuron: 20 spikes"


def test_raster_falls_back_to_every_kth_spike_when_one_neuron_is_too_many():
    spikes = [(t, 0) for t in range(50)] + [(t, k) for k in range(1, 10) for t in range(5)]
    result = make_result(spikes, trace_neurons=())
    fig = figures.raster_figure(result, max_points=40)
    assert sum(len(t.x) for t in fig.data) == 32  # every 3rd of 95
    assert title_lines(fig) == ["Spike raster (95 spikes)", "showing every 3rd spike: 32 spikes"]


def test_raster_at_max_points_is_not_thinned():
    fig = figures.raster_figure(make_result(SMALL_SPIKES), max_points=8)
    assert "showing" not in fig.layout.title.text
    assert sum(len(t.x) for t in fig.data) == 8
    with pytest.raises(ValueError, match="max_points"):
        figures.raster_figure(make_result(SMALL_SPIKES), max_points=0)


# -- current map ----------------------------------------------------------------------


def test_current_map_is_symmetric_around_zero_at_block_centres():
    cmap = np.zeros((3, 5))
    cmap[0, 1], cmap[2, 4] = 2.5, -7.5
    result = make_result(current_map=cmap, map_row_bin=4, map_col_bin=10)  # N = 10, T = 50
    fig = figures.current_map_figure(result)
    (heat,) = fig.data
    assert isinstance(heat, go.Heatmap)
    assert heat.zmid == 0
    assert heat.zmin == -heat.zmax == -8.0  # the round number just above max |current|
    np.testing.assert_array_equal(heat.z, cmap)
    # A regular grid at the block centres (plotly.js draws it as one image); the last
    # block (neurons 8 and 9) is drawn as tall as the others, cut off at y = 10.
    assert heat.x is None and heat.y is None
    assert (heat.x0, heat.dx, heat.y0, heat.dy) == (4.5, 10, 1.5, 4)
    assert list(fig.layout.yaxis.range) == [0, 10] and list(fig.layout.xaxis.range) == [0, 50]
    assert heat.colorbar.title.text == "I (mV/ms)"
    colors = [c[1] for c in heat.colorscale]
    assert colors[0] == "rgb(0,0,77)" and colors[-1] == "rgb(128,0,0)"
    assert heat.colorscale[2] == (0.5, "rgb(255,255,255)")
    (line,) = boundary_lines(fig)
    assert line.y0 == 8
    assert "neurons" in heat.hovertemplate and "ms" in heat.hovertemplate


def test_current_map_of_zeros_has_unit_limits_and_no_map_a_note():
    fig = figures.current_map_figure(make_result(current_map=np.zeros((10, 50))))
    assert fig.data[0].zmax == 1.0 and fig.data[0].zmin == -1.0
    assert (fig.data[0].y0, fig.data[0].dy) == (0, 1)  # 1-neuron rows: y = index
    empty = figures.current_map_figure(make_result(current_map=np.zeros((0, 0))))
    assert len(empty.data) == 0
    assert "No current map" in empty.layout.annotations[0].text


# -- traces ---------------------------------------------------------------------------


def test_traces_figure_has_one_v_and_one_u_line_per_neuron():
    result = make_result(SMALL_SPIKES)
    fig = figures.traces_figure(result)
    v_lines = [t for t in fig.data if t.yaxis == "y"]
    u_lines = [t for t in fig.data if t.yaxis == "y2"]
    assert [t.name for t in v_lines] == ["neuron 1 (E)", "neuron 9 (I)"]
    assert [t.name for t in u_lines] == ["neuron 1 (E)", "neuron 9 (I)"]
    for row, (v_line, u_line) in enumerate(zip(v_lines, u_lines, strict=True)):
        np.testing.assert_array_equal(v_line.y, result.v[row])
        np.testing.assert_array_equal(u_line.y, result.u[row])
        np.testing.assert_array_equal(v_line.x, np.arange(50))
        assert v_line.line.color == u_line.line.color
        assert v_line.showlegend is not False and u_line.showlegend is False
    assert v_lines[0].line.color != v_lines[1].line.color
    # Spike peaks at +30 mV where the neuron fired.
    np.testing.assert_array_equal(np.flatnonzero(v_lines[0].y == 30.0), [3, 12, 44])
    np.testing.assert_array_equal(np.flatnonzero(v_lines[1].y == 30.0), [20, 31])
    assert fig.layout.yaxis.title.text == "v (mV)"
    assert fig.layout.xaxis2.title.text == "Time (ms)"
    # Steady ranges holding every drawn value, v above, u below.
    for axis, values in ((fig.layout.yaxis, result.v), (fig.layout.yaxis2, result.u)):
        lo, hi = axis.range
        assert lo < values.min() and values.max() < hi


def test_traces_figure_of_chosen_neurons_and_unrecorded_ones():
    result = make_result(SMALL_SPIKES)
    fig = figures.traces_figure(result, neurons=[9])
    assert [t.name for t in fig.data] == ["neuron 9 (I)"] * 2
    np.testing.assert_array_equal(fig.data[0].y, result.v[1])
    with pytest.raises(ValueError, match="neuron 3 was not recorded"):
        figures.traces_figure(result, neurons=[3])


# -- population rate and spectrum -----------------------------------------------------


def periodic_spikes(ne, ni, duration, exc_period, inh_period):
    return [
        (t, n)
        for n in range(ne + ni)
        for t in range(0, duration, exc_period if n < ne else inh_period)
    ]


def test_population_rate_figure_plots_e_and_i_rates():
    result = make_result(SMALL_SPIKES)
    fig = figures.population_rate_figure(result, bin_ms=10)
    exc, inh = fig.data
    np.testing.assert_array_equal(exc.x, [0, 10, 20, 30, 40])
    # E spikes per 10 ms bin: 2, 1, 0, 1, 1 over 8 neurons and 0.01 s.
    np.testing.assert_allclose(exc.y, np.array([2, 1, 0, 1, 1]) / 8 / 0.01)
    np.testing.assert_allclose(inh.y, np.array([1, 0, 1, 1, 0]) / 2 / 0.01)
    assert fig.layout.yaxis.title.text == "Rate (Hz)"
    lo, hi = fig.layout.yaxis.range
    assert lo == 0 and max(exc.y.max(), inh.y.max()) < hi


@pytest.mark.parametrize(("lo", "hi"), [(-76.3, 30.0), (-17.2, -1.9), (0.0, 163.0), (2.0, 2.0),
                                        (1e-4, 3e-3), (-1e6, 5e5)])
def test_steady_range_holds_the_data_on_round_ends_that_stay_put(lo, hi):
    rng = figures.steady_range(lo, hi)
    assert rng[0] < lo <= hi < rng[1]
    span = rng[1] - rng[0]
    # Data moved by 0.1% of the span keep the range at least one way: the ends move
    # only when the data cross a step.
    moved = [figures.steady_range(lo + d * 1e-3 * span, hi + d * 1e-3 * span)
             for d in (-1, 1)]
    assert rng in moved
    floored = figures.steady_range(lo, hi, floor_at=0.0)
    assert floored[0] == 0.0 and floored[1] == rng[1]


def test_steady_range_keeps_close_data_on_one_axis():
    # The membrane potential of the original script's neurons after slider steps: one axis.
    assert figures.steady_range(-76.0, 30.0) == figures.steady_range(-73.5, 30.0) == [-80, 40]
    assert figures.steady_range(0.0, 150.0, floor_at=0.0, ticks=3) == [0.0, 200.0]
    assert figures.steady_range(0.0, 170.0, floor_at=0.0, ticks=3) == [0.0, 200.0]


@pytest.mark.parametrize("x", [7.5, 8.0, 0.013, 23.7, 1.0, 99.9, 3.01, 1234.0])
def test_steady_limit_is_a_round_number_just_above(x):
    limit = figures.steady_limit(x)
    assert x <= limit < 1.34 * x
    mantissa = limit / 10 ** np.floor(np.log10(limit) + 1e-9)
    assert any(np.isclose(mantissa, m) for m in figures.ROUND_LIMITS)


def test_spectrum_figure_shades_both_bands_and_marks_their_peaks():
    spikes = periodic_spikes(8, 2, 1000, 100, 25)  # 10 Hz and 40 Hz
    fig = figures.spectrum_figure(make_result(spikes, duration=1000))
    rects = {s.name: s for s in fig.layout.shapes if s.type == "rect"}
    assert set(rects) == {"low band", "gamma band"}
    assert (rects["low band"].x0, rects["low band"].x1) == (4.0, 13.0)
    assert (rects["gamma band"].x0, rects["gamma band"].x1) == (25.0, 60.0)
    texts = [a.text for a in fig.layout.annotations]
    assert "4–13 Hz<br>peak 10.0 Hz" in texts
    assert "25–60 Hz<br>peak 40.0 Hz" in texts
    peaks = {s.name: s for s in fig.layout.shapes if s.type == "line"}
    assert peaks["low peak"].x0 == 10.0 and peaks["low peak"].line.dash == "dot"
    assert peaks["gamma peak"].x0 == 40.0
    (curve,) = fig.data
    assert curve.x[0] > 0 and curve.x[-1] == 100.0
    assert fig.layout.yaxis.type == "log"
    # a fixed number of decades in half-decade steps, headroom above the peak
    bottom, top = fig.layout.yaxis.range
    assert top - bottom == figures.SPECTRUM_DECADES and (2 * top) % 1 == 0
    peak = np.log10(curve.y.max())
    assert peak + figures.SPECTRUM_HEADROOM <= top < peak + figures.SPECTRUM_HEADROOM + 0.5


def test_rhythms_figure_is_the_rate_above_its_spectrum():
    spikes = periodic_spikes(8, 2, 1000, 100, 25)  # 10 Hz and 40 Hz
    result = make_result(spikes, duration=1000)
    fig = figures.rhythms_figure(result)
    rate, spectrum = figures.population_rate_figure(result), figures.spectrum_figure(result)
    exc, inh, power = fig.data
    for merged, alone in ((exc, rate.data[0]), (inh, rate.data[1])):
        assert merged.name == alone.name and merged.xaxis in (None, "x")
        np.testing.assert_array_equal(merged.y, alone.y)
    assert (power.xaxis, power.yaxis, power.showlegend) == ("x2", "y2", False)
    np.testing.assert_array_equal(power.y, spectrum.data[0].y)
    # the rate's axes on top, the spectrum's below, each as in its own figure
    assert fig.layout.yaxis.domain[0] > fig.layout.yaxis2.domain[1]
    assert fig.layout.yaxis.title.text == "Rate (Hz)"
    assert fig.layout.yaxis2.type == "log"
    assert fig.layout.yaxis2.range == spectrum.layout.yaxis.range
    assert fig.layout.xaxis2.title.text == "Frequency (Hz)"
    assert fig.layout.xaxis2.range == spectrum.layout.xaxis.range
    # bands, labels and peak lines on the spectrum's axes
    assert {(s.name, s.xref, s.yref) for s in fig.layout.shapes} == {
        (s.name, "x2", "y2 domain") for s in spectrum.layout.shapes}
    assert [(a.text, a.xref, a.yref) for a in fig.layout.annotations] == [
        (a.text, "x2", "y2 domain") for a in spectrum.layout.annotations]


def test_spectrum_figure_of_a_silent_network_says_no_peak():
    fig = figures.spectrum_figure(make_result([], duration=1000))
    texts = [a.text for a in fig.layout.annotations]
    assert "4–13 Hz<br>no peak" in texts and "25–60 Hz<br>no peak" in texts
    assert not [s for s in fig.layout.shapes if s.type == "line"]
    assert fig.layout.yaxis.type != "log"


def test_spectrum_figure_stops_at_nyquist():
    fig = figures.spectrum_figure(make_result([], duration=1000), bin_ms=20)  # Nyquist 25 Hz
    assert fig.data[0].x[-1] == 25.0
    assert {s.name for s in fig.layout.shapes if s.type == "rect"} == {"low band"}


# -- the original script's figures and files ------------------------------------------


def test_original_figures_and_names():
    result = make_result(SMALL_SPIKES)
    figs = figures.original_figures(result)
    assert list(figs) == ["raster", "currents", "v", "u"]
    assert all(isinstance(f, go.Figure) for f in figs.values())
    for fig in figs.values():  # white, not plotly.py's default template (make_subplots' too)
        assert fig.layout.template.layout.plot_bgcolor is None
        assert fig.layout.plot_bgcolor == fig.layout.paper_bgcolor == "white"
    v = figs["v"]
    assert [t.yaxis for t in v.data] == ["y", "y2"]  # one panel per neuron
    # drawn as the script records v: after the reset, c = -65 mV for the LTS neuron 9
    np.testing.assert_array_equal(v.data[1].y, figures.script_v(result)[1])
    assert v.data[1].y[20] == v.data[1].y[31] == -65.0
    assert [a.text for a in v.layout.annotations] == [
        "excitatory neuron (id 1)", "inhibitory neuron (id 9)",
    ]
    u = figs["u"]
    np.testing.assert_array_equal(u.data[0].y, result.u[0])
    assert [a.text for a in u.layout.annotations] == [
        "recovery variable u(t) (id 1)", "recovery variable u(t) (id 9)",
    ]
    names = figures.original_figure_names(result)
    stem = "Ne_regular_spiking_RS_Ni_low-threshold_spiking_LTS"
    assert names == {
        "raster": f"izhikevich_SNN_firings_{stem}",
        "currents": f"izhikevich_SNN_currents_{stem}",
        "v": f"izhikevich_SNN_v_{stem}",
        "u": f"izhikevich_SNN_u_{stem}",
    }
    assert figures.file_stem(make_result(exc_type="CH", inh_type="FS"), "u") == (
        "izhikevich_SNN_u_Ne_chattering_CH_Ni_fast_spiking_FS"
    )
    with pytest.raises(ValueError, match="kind"):
        figures.file_stem(result, "raster")


def test_write_figures_writes_offline_html(tmp_path):
    result = make_result(SMALL_SPIKES)
    paths = figures.write_figures(result, tmp_path / "out", png=False)
    names = figures.original_figure_names(result)
    assert [p.name for p in paths] == [f"{names[k]}.html" for k in names] + ["plotly.min.js"]
    for path in paths[:4]:
        html = path.read_text(encoding="utf-8")
        assert 'class="plotly-graph-div"' in html
        assert 'src="plotly.min.js"' in html and "cdn.plot.ly" not in html
    assert (tmp_path / "out" / "plotly.min.js").stat().st_size > 1_000_000
    again = figures.write_figures(result, tmp_path / "out", png=False)
    assert [p.name for p in again] == [p.name for p in paths[:4]]  # bundle already there
    assert not list((tmp_path / "out").glob("*.png"))


def test_write_figures_survives_a_failed_png_export(tmp_path, monkeypatch):
    def no_chromium(*args, **kwargs):
        raise RuntimeError("Chromium not found")

    monkeypatch.setattr(figures.pio, "write_images", no_chromium)
    with pytest.warns(RuntimeWarning, match="PNG export skipped"):
        paths = figures.write_figures(make_result(SMALL_SPIKES), tmp_path)
    assert all(p.suffix in (".html", ".js") for p in paths) and len(paths) == 5


def test_write_figures_returns_the_exported_pngs(tmp_path, monkeypatch):
    def fake_export(figs, files, **kwargs):
        assert kwargs["format"] == "png" and kwargs["width"][0] == 840
        for path in files[:3]:  # the fourth "fails"
            Path(path).write_bytes(b"\x89PNG")

    monkeypatch.setattr(figures.pio, "write_images", fake_export)
    paths = figures.write_figures(make_result(SMALL_SPIKES), tmp_path)
    pngs = [p for p in paths if p.suffix == ".png"]
    assert [p.name.split("_Ne_")[0] for p in pngs] == [
        "izhikevich_SNN_firings", "izhikevich_SNN_currents", "izhikevich_SNN_v",
    ]
    assert all(p.exists() for p in pngs)
    assert not list(tmp_path.glob("*.partial.png"))


def test_importing_figures_does_not_import_dash():
    code = "import izhi_core.figures, sys; assert 'dash' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


# -- what a projector (1280 x 720), a laptop and a phone (390 px) show ----------------


def burst_result(total=135_391, ne=800, ni=202, duration=1000, map_bins=(17, 5)):
    """A bursting network's worth of spikes (the reported 135,391 in 1000 ms) with the
    dashboard's block-mean map and the original script's two traced neurons."""
    rng = np.random.default_rng(1)
    spikes = list(zip(rng.integers(0, duration, total).tolist(),
                      rng.integers(0, ne + ni, total).tolist(), strict=True))
    rb, cb = map_bins
    cmap = rng.normal(0, 3, (-(-(ne + ni) // rb), -(-duration // cb)))
    return make_result(spikes, ne=ne, ni=ni, duration=duration, trace_neurons=(1, 811),
                       current_map=cmap, map_row_bin=rb, map_col_bin=cb)


def dashboard_specs(result):
    """The four figures as the dashboard builds them (its raster shows 80,000 spikes)."""
    return {
        "raster": figures.raster_spec(result, max_points=80_000),
        "map": figures.current_map_spec(result),
        "traces": figures.traces_spec(result),
        "rhythms": figures.rhythms_spec(result),
    }


def every_spec(result):
    return {**dashboard_specs(result),
            "map_original": figures.current_map_spec(result, original=True),
            "traces_original": figures.traces_spec(result, original=True),
            "rate": figures.population_rate_spec(result),
            "spectrum": figures.spectrum_spec(result)}


def notes(spec):
    return [a for a in spec["layout"]["annotations"] if a.get("name") == "note"]


def note_lines(spec):
    return [line for a in notes(spec) for line in a["text"].split("<br>")]


@pytest.fixture(scope="module")
def burst():
    return burst_result()


@pytest.mark.parametrize("map_bins", [(17, 5), (4_167, 500)])  # the page's; 250,000 neurons'
def test_titles_and_notes_fit_a_phone_for_the_worst_case(burst, map_bins):
    result = burst if map_bins == (17, 5) else burst_result(map_bins=map_bins)
    specs = every_spec(result)
    raster = title_lines(specs["raster"])
    assert raster == ["Spike raster (135,391 spikes)", raster[1]]
    assert raster[1].startswith("showing every") and raster[1].endswith("spikes")
    for name, spec in specs.items():
        first, *rest = title_lines(spec)
        # 36 characters at 17 px and 48 at 14 px fit the 390 px of a phone
        assert len(first) <= 36, (name, first)
        assert all(len(line) <= 48 for line in rest + note_lines(spec)), name
        assert "—" not in first  # no second thought after a dash: that goes on line two


def _top_bands(spec):
    """The top margin's bands from the figure's top down, in px:
    (modebar band ends, title ends, note starts, legend starts, plot starts)."""
    layout = spec["layout"]
    title = layout["title"]
    lines = title_lines(spec)
    title_end = (title["pad"]["t"] + figures.TITLE_LINE_PX
                 + figures.NOTE_LINE_PX * (len(lines) - 1))
    plot_top = layout["margin"]["t"]
    legend = layout.get("legend")
    legend_px = 0
    if legend is not None and layout["showlegend"]:
        names = [t["name"] for t in spec["data"] if t.get("showlegend", True)
                 and t.get("yaxis") in (None, "y")]
        legend_px = figures.LEGEND_ROW_PX * figures._legend_rows(names)
    note_top = plot_top - legend_px
    for note in notes(spec):
        assert note["yanchor"] == "bottom" and note["yshift"] >= legend_px
        lines = len(note["text"].split("<br>"))
        note_top = plot_top - note["yshift"] - figures.NOTE_LINE_PX * lines
    return title["pad"]["t"], title_end, note_top, plot_top - legend_px, plot_top


def test_legends_and_modebar_cannot_cover_a_title(burst):
    for spec in (*every_spec(burst).values(), *every_spec(make_result(SMALL_SPIKES)).values()):
        layout = spec["layout"]
        title = layout["title"]
        # hung from the figure's top, below the modebar's band (a phone shows the modebar)
        assert (title["yref"], title["y"], title["yanchor"]) == ("container", 1, "top")
        assert title["pad"]["t"] >= 36
        assert figures.TITLE_LINE_PX >= 1.3 * title["font"]["size"]
        assert figures.LEGEND_ROW_PX >= 2 * layout["font"]["size"]
        modebar, title_end, note_top, legend_top, plot_top = _top_bands(spec)
        assert modebar < title_end <= note_top <= legend_top <= plot_top
        legend = layout.get("legend")
        if layout["showlegend"]:
            # horizontal, directly above the plot: under the title at every width
            assert (legend["orientation"], legend["yref"], legend["y"], legend["yanchor"]) == (
                "h", "paper", 1, "bottom")


def test_a_wrapping_legend_has_its_rows_in_the_margin():
    result = make_result(SMALL_SPIKES, ne=800, ni=202, trace_neurons=(1, 811, 5, 300, 900))
    one = figures.traces_spec(make_result(SMALL_SPIKES, ne=800, ni=202, trace_neurons=(1, 811)))
    five = figures.traces_spec(result)
    assert figures._legend_rows(["neuron 1 (E)", "neuron 811 (I)"]) == 1  # one row on a phone
    assert five["layout"]["margin"]["t"] - one["layout"]["margin"]["t"] == (
        figures.LEGEND_ROW_PX * (figures._legend_rows([t["name"] for t in five["data"][::2]]) - 1))
    assert five["layout"]["margin"]["t"] > one["layout"]["margin"]["t"]


# -- zoom -----------------------------------------------------------------------------


BUILDERS = {"raster": figures.raster_spec, "map": figures.current_map_spec,
            "traces": figures.traces_spec, "rhythms": figures.rhythms_spec}


def test_a_zoom_survives_a_weight_change_and_resets_when_the_axes_change():
    def revisions(result):
        return {name: build(result)["layout"]["uirevision"] for name, build in BUILDERS.items()}

    base = revisions(make_result(SMALL_SPIKES))
    assert revisions(make_result(SMALL_SPIKES[:3], exc_weight=1.5, inh_noise=7.0, seed=4)) == base
    assert len(set(base.values())) == 4  # a figure never takes another's zoom
    longer = revisions(make_result(SMALL_SPIKES, duration=60))
    assert all(longer[name] != base[name] for name in base)
    bigger = revisions(make_result(SMALL_SPIKES, ne=9, ni=3))  # the axes of neurons change
    assert bigger["raster"] != base["raster"] and bigger["map"] != base["map"]
    assert bigger["traces"] == base["traces"] and bigger["rhythms"] == base["rhythms"]


def test_e_and_i_labels_sit_on_their_rows_in_data_coordinates():
    for ne, ni in ((8, 2), (800, 202)):
        spec = figures.raster_spec(make_result(SMALL_SPIKES, ne=ne, ni=ni))
        labels = {a["text"]: a for a in spec["layout"]["annotations"]}
        for text, middle in (("excitatory", ne / 2), ("inhibitory", ne + ni / 2)):
            assert labels[text]["yref"] == "y" and labels[text]["y"] == middle
            assert labels[text]["yanchor"] == "middle"


# -- units ----------------------------------------------------------------------------


def texts(obj):
    """Every string a figure holds (names, titles, hover templates), no data arrays."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from texts(value)
    elif isinstance(obj, (list, tuple)):
        for value in obj:
            yield from texts(value)


def test_no_figure_says_pA_and_the_input_is_in_mV_per_ms(burst):
    result = make_result(SMALL_SPIKES, current_map=np.ones((10, 50)))
    all_figures = [*every_spec(result).values(), *every_spec(burst).values(),
                   *(f.to_plotly_json() for f in figures.original_figures(result).values()),
                   figures.stacked_traces_figure(result, "u").to_plotly_json()]
    for fig in all_figures:
        assert not [t for t in texts(fig) if "pA" in t]
    (heat,) = figures.current_map_spec(result)["data"]
    assert heat["colorbar"]["title"]["text"] == "I (mV/ms)"
    assert "mV/ms" in heat["hovertemplate"]
    traces = figures.traces_spec(result)["layout"]
    assert traces["yaxis"]["title"]["text"] == "v (mV)"
    # u has the units of I: v' = 0.04 v^2 + 5 v + 140 - u + I (Izhikevich 2003)
    assert traces["yaxis2"]["title"]["text"] == "u (mV/ms)"
    u = figures.stacked_traces_figure(result, "u")
    assert u.layout.yaxis.title.text == "u (mV/ms)"


# -- readable on a projector ----------------------------------------------------------


def test_text_is_at_least_14_px_and_titles_16(burst):
    for spec in every_spec(burst).values():
        layout = spec["layout"]
        assert layout["font"]["size"] >= 14  # ticks and axis titles inherit it
        assert layout["title"]["font"]["size"] >= 16
        assert layout["hoverlabel"]["font"]["size"] >= 14
        for annotation in layout["annotations"]:
            assert annotation["font"]["size"] >= 14, annotation["text"]
        if "legend" in layout:
            assert layout["legend"]["font"]["size"] >= 14
        for key, axis in layout.items():
            if key.startswith(("xaxis", "yaxis")):
                assert axis.get("tickfont", {}).get("size", 14) >= 14


def test_raster_dots_are_3_px_and_4_px_for_few_spikes(burst):
    few = figures.raster_spec(make_result(SMALL_SPIKES))
    assert {t["marker"]["size"] for t in few["data"]} == {4}
    script_like = make_result(all_fire(50, 150), ne=40, ni=10, duration=150, trace_neurons=())
    assert {t["marker"]["size"] for t in figures.raster_spec(script_like)["data"]} == {4}  # WebGL
    many = figures.raster_spec(burst, max_points=80_000)
    assert {t["marker"]["size"] for t in many["data"]} == {3}


def _rgb(color):
    return np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)


def _hue(color):
    h, lightness, saturation = colorsys.rgb_to_hls(*(_rgb(color) / 255))
    return 360 * h, saturation


def test_trace_colours_are_never_the_e_or_i_colour():
    palette = figures.TRACE_COLORS
    assert len(palette) >= 8 and len(set(palette)) == len(palette)
    for color in palette:
        for population in (figures.EXC_COLOR, figures.INH_COLOR):
            assert np.linalg.norm(_rgb(color) - _rgb(population)) >= 80, (color, population)
            hue, saturation = _hue(color)
            other, _ = _hue(population)
            if saturation > 0.25:  # a grey has no hue to confuse
                assert min(abs(hue - other), 360 - abs(hue - other)) >= 30, (color, population)
    for i, a in enumerate(palette):  # and tell apart from each other
        for b in palette[i + 1:]:
            assert np.linalg.norm(_rgb(a) - _rgb(b)) >= 60, (a, b)
    # the 5th traced neuron (row 4) was drawn in the inhibitory red
    spec = figures.traces_spec(make_result(SMALL_SPIKES, trace_neurons=(0, 1, 2, 3, 9)))
    assert {t["line"]["color"] for t in spec["data"]} & {figures.EXC_COLOR,
                                                        figures.INH_COLOR} == set()


# -- as in the original script --------------------------------------------------------


def test_current_map_original_takes_the_scripts_limits_and_the_explorer_says_what_differs():
    cmap = np.zeros((10, 50))
    cmap[2, 3], cmap[9, 40] = 7.3, -2.0
    result = make_result(current_map=cmap)  # every neuron and ms, as the script
    original = figures.current_map_spec(result, original=True)
    assert original["data"][0]["zmax"] == 7.3 and original["data"][0]["zmin"] == -7.3
    assert notes(original) == []  # nothing differs
    explorer = figures.current_map_spec(result)
    assert explorer["data"][0]["zmax"] == 8.0
    assert note_lines(explorer) == ["Colour limits ±8 (rounded up);",
                                    "the script's are ±max |I| = ±7.3"]


def test_current_map_note_names_the_blocks_it_was_averaged_over():
    cmap = np.zeros((3, 5))
    cmap[0, 1] = 2.5
    result = make_result(current_map=cmap, map_row_bin=4, map_col_bin=10)
    assert note_lines(figures.current_map_spec(result)) == [
        "Means over blocks of 4 neurons × 10 ms,",
        "on ±2.5; the script: every neuron on ±max |I|",
    ]
    original = figures.current_map_spec(result, original=True)
    assert original["data"][0]["zmax"] == 2.5
    assert note_lines(original) == ["Means over blocks of 4 neurons × 10 ms;",
                                    "the script shows every neuron and ms"]


def test_traces_original_draws_v_after_the_reset_and_the_explorer_says_so():
    result = make_result(SMALL_SPIKES)  # neuron 1 fires at 3, 12, 44; neuron 9 at 20, 31
    c = parameters_of(result.config, [1, 9])["c"]
    assert -65 <= c[0] < -50 and c[1] == -65  # an RS neuron's own c, the LTS type's c
    original = figures.traces_spec(result, original=True)
    v1, v9 = (t["y"] for t in original["data"] if t["yaxis"] == "y")
    assert v1[[3, 12, 44]].tolist() == [c[0]] * 3 and v9[[20, 31]].tolist() == [-65.0] * 2
    assert (v1 != result.v[0]).sum() == 3 and SPIKE_PEAK_MV not in v1
    assert notes(original) == []
    explorer = figures.traces_spec(result)
    v1 = next(t["y"] for t in explorer["data"] if t["yaxis"] == "y")
    assert v1[[3, 12, 44]].tolist() == [30.0] * 3
    assert note_lines(explorer) == ["Spikes drawn at +30 mV; the script records v = c"]
    for spec in (original, explorer):  # u is the same either way
        u1 = next(t["y"] for t in spec["data"] if t["yaxis"] == "y2")
        np.testing.assert_array_equal(u1, result.u[0])


def test_original_rendering_is_the_scripts_record_of_a_real_run():
    config = NetworkConfig(duration=120)
    result = simulate(config, Recording(neurons=(1, 811), map_rows=config.n, map_cols=120))
    script = original_loop(config, (1, 811), return_currents=True)
    traces = figures.traces_spec(result, original=True)
    v = [t["y"] for t in traces["data"] if t["yaxis"] == "y"]
    np.testing.assert_array_equal(np.array(v), script["v"])
    assert (result.v != script["v"]).any()  # the recorded v has the +30 mV peaks
    heat = figures.current_map_spec(result, original=True)["data"][0]
    assert heat["zmax"] == np.abs(script["currents"]).max()
    cli = figures.original_figures(result)  # what --figures writes
    assert cli["currents"].data[0].zmax == heat["zmax"]
    np.testing.assert_array_equal(np.array([t.y for t in cli["v"].data]), script["v"])


# -- default traced neurons -----------------------------------------------------------


@pytest.mark.parametrize(("config", "expected"), [
    (NetworkConfig(), (1, 811)),
    (NetworkConfig(ne=80_000, ni=20_000, inputs=100, mode="fast"), (1, 80_011)),
    (NetworkConfig(ne=100, ni=5), (1, 104)),
    (NetworkConfig(ne=1, ni=1), (0, 1)),
    (NetworkConfig(ne=10, ni=0), (1,)),
    (NetworkConfig(ne=0, ni=30), (11,)),
])
def test_example_neurons_are_one_excitatory_and_one_inhibitory(config, expected):
    neurons = figures.example_neurons(config)
    assert neurons == expected
    kinds = ["E" if k < config.ne else "I" for k in neurons]
    assert kinds == ["E"] * (config.ne > 0) + ["I"] * (config.ni > 0)
    assert all(0 <= k < config.n for k in neurons)


# -- heterogeneity: the recipe's spread of a, b, c, d ---------------------------------


def test_parameter_spread_of_the_original_network_in_closed_form():
    spread = parameter_spread(NetworkConfig())
    exc, inh = spread["exc"], spread["inh"]
    assert (exc["type"], exc["neurons"], inh["type"], inh["neurons"]) == ("RS", 800, "LTS", 202)
    assert exc["a"] == (0.02, 0.02) and exc["b"] == (0.2, 0.2)
    assert exc["c"] == (-65.0, -50.0) and exc["d"] == (2.0, 8.0)
    assert inh["a"] == pytest.approx((0.02, 0.10)) and inh["b"] == pytest.approx((0.20, 0.25))
    assert inh["c"] == (-65.0, -65.0) and inh["d"] == (2.0, 2.0)
    assert exc["d_negative"] == inh["d_negative"] == 0.0


@pytest.mark.parametrize(("exc_type", "share"), [
    ("RS", 0.0), ("IB", 1 - np.sqrt(4 / 6)), ("CH", 1 - np.sqrt(2 / 6)),
    ("FS", 1 - np.sqrt(2 / 6)), ("TC", 1 - np.sqrt(0.05 / 6)),
])
def test_the_share_of_negative_d_is_the_closed_form(exc_type, share):
    spread = parameter_spread(NetworkConfig(exc_type=exc_type, inh_type=exc_type))["exc"]
    assert spread["d_negative"] == pytest.approx(share, abs=1e-12)
    assert spread["expected_d_negative"] == pytest.approx(800 * share)
    lo, hi = spread["d"]
    assert (lo < 0) == (share > 0) and hi > 0


@pytest.mark.parametrize("exc_type", ["CH", "IB", "TC"])
@pytest.mark.parametrize("mode", ["exact", "fast"])
def test_the_built_network_has_the_spread_and_the_share_of_negative_d(exc_type, mode):
    for seed in (0, 1, 2):
        config = NetworkConfig(exc_type=exc_type, mode=mode, seed=seed)
        net = build_network(config)
        spread = parameter_spread(config)
        for pop, part in (("exc", slice(0, config.ne)), ("inh", slice(config.ne, None))):
            for name in "abcd":
                lo, hi = spread[pop][name]
                values = getattr(net, name)[part]
                assert lo - 1e-12 <= values.min() and values.max() <= hi + 1e-12, (pop, name)
        p, n = spread["exc"]["d_negative"], config.ne
        negative = int((net.d[: config.ne] < 0).sum())
        assert abs(negative - n * p) <= 4 * np.sqrt(n * p * (1 - p)), (seed, negative, n * p)


@pytest.mark.parametrize("config", [
    NetworkConfig(exc_type="CH", inh_type="FS", seed=11),
    NetworkConfig(mode="fast", seed=3),
    NetworkConfig(ne=900, ni=300, inputs=50, seed=2),
])
def test_parameters_of_are_the_built_networks(config):
    net = build_network(config)
    every = parameters_of(config)
    some = parameters_of(config, [811, 1, 0])
    for name in "abcd":
        np.testing.assert_array_equal(every[name], getattr(net, name))
        np.testing.assert_array_equal(some[name], getattr(net, name)[[811, 1, 0]])
    with pytest.raises(ValueError, match="indices from 0"):
        parameters_of(config, [config.n])


def test_no_traced_neuron_shows_a_hint_not_empty_axes():
    result = simulate(NetworkConfig(ne=40, ni=10, duration=50),
                      Recording(neurons=(), map_rows=0, map_cols=0))
    spec = F.traces_spec(result)
    assert spec["data"] == []
    axes = [v for k, v in spec["layout"].items() if k.startswith(("xaxis", "yaxis"))]
    assert axes and all(a["visible"] is False for a in axes)  # no -1..4 mV axis
    texts = [a["text"] for a in spec["layout"]["annotations"]]
    assert any("click a dot of the raster" in t and "Traced neurons" in t for t in texts)


def test_the_spectrum_marks_only_the_peaks_the_cards_report():
    spec = F.spectrum_spec(simulate(NetworkConfig()))
    labels = [a["text"] for a in spec["layout"]["annotations"] if "Hz<br>" in a["text"]]
    assert labels == ["4–13 Hz<br>peak 8.0 Hz", "25–60 Hz<br>no peak"]  # 26 Hz was an edge
    silent = F.spectrum_spec(simulate(NetworkConfig(exc_noise=0, inh_noise=0)))
    assert all("no peak" in a["text"] for a in silent["layout"]["annotations"]
               if "Hz<br>" in a["text"])
