"""The neuron figures: v, u and I on one time axis; the gallery panel, the lab's traces and
the phase plane as the page draws them; no dash."""

import base64
import re
import sys

import gallery_svg
import numpy as np
import plotly.graph_objects as go
import pytest

from izhi_core import figures_neuron as FN
from izhi_core.figures_neuron import neuron_figure
from izhi_core.neuron import FIGURE1_2004, simulate_neuron
from izhi_core.neuron.phase import fixed_points


def test_three_panels_and_the_spikes():
    trace = simulate_neuron("C")
    fig = neuron_figure(trace)
    names = [t.name for t in fig.data]
    assert names == ["v (mV)", "spikes", "u", "I"]
    np.testing.assert_array_equal(fig.data[0].y, trace.v)
    np.testing.assert_array_equal(fig.data[1].x, trace.spike_times)
    assert fig.layout.xaxis3.title.text == "time (ms)"
    assert "28 spikes" in fig.layout.title.text
    assert "dash" not in sys.modules or not any(
        m.startswith("izhi_core") and "dash" in m for m in sys.modules)


def test_no_spikes_no_marker_trace_and_blowup_in_the_title():
    fig = neuron_figure(simulate_neuron("A", a=-1, b=2, tau=1, duration=1000,
                                        protocol=simulate_neuron("A").spec.protocol))
    assert "diverged at 6 ms" in fig.layout.title.text
    quiet = neuron_figure(simulate_neuron("B", duration=10))
    assert [t.name for t in quiet.data] == ["v (mV)", "u", "I"]


# -- the page's figures (plain dicts, as the page sends them) ---------------------------


def by_name(fig, name):
    return next(t for t in fig["data"] if t["name"] == name)


def test_the_trajectory_breaks_at_each_peak_and_resumes_at_the_reset():
    trace = simulate_neuron("C")  # tonic bursting: 28 spikes
    v, u, steps = FN.trajectory(trace)
    k = trace.spike_steps
    assert v.size == trace.t.size + 2 * k.size
    assert np.isnan(v).sum() == k.size and np.isnan(steps).sum() == k.size
    peaks = np.flatnonzero(v == 30.0)
    assert peaks.size == k.size
    np.testing.assert_array_equal(steps[peaks], k)
    np.testing.assert_array_equal(u[peaks], trace.u[k] - trace.spec.d)  # before the reset
    np.testing.assert_array_equal(v[peaks + 2], np.full(k.size, trace.spec.c))
    np.testing.assert_array_equal(u[peaks + 2], trace.u[k])  # after it: u + d
    # every other point is a recorded step, in order
    rest = np.isfinite(steps) & (v != 30.0)
    rest[peaks + 2] = False
    np.testing.assert_array_equal(v[rest], np.delete(trace.v, k))


def test_the_v_nullcline_moves_with_the_input_of_the_chosen_time():
    trace = simulate_neuron("A")  # 0 until 10 ms, then 14
    before, after = (FN.phase_plane_spec(trace, i) for i in (20, 200))
    assert trace.I[20] == 0.0 and trace.I[200] == 14.0
    y0, y1 = by_name(before, "v-nullcline")["y"], by_name(after, "v-nullcline")["y"]
    np.testing.assert_allclose(y1 - y0, 14.0)
    np.testing.assert_array_equal(by_name(before, "u-nullcline")["y"],
                                  by_name(after, "u-nullcline")["y"])
    assert before["layout"]["title"]["text"] == "Phase plane at t = 5 ms, I = 0"
    assert after["layout"]["title"]["text"] == "Phase plane at t = 50 ms, I = 14"
    assert "I_SN = 4.00; Andronov–Hopf at I = 3.80" in after["layout"]["annotations"][-1]["text"]
    # the axes do not move with the time: they hold the whole run
    assert before["layout"]["xaxis"]["range"] == after["layout"]["xaxis"]["range"]
    assert before["layout"]["yaxis"]["range"] == after["layout"]["yaxis"]["range"]
    # at rest (I = 0) the two fixed points, marked with their kinds; none above I_SN
    points = fixed_points(0.02, 0.2, 0.0)
    drawn = by_name(before, "fixed points")
    assert list(drawn["text"]) == [p.kind for p in points] == ["stable node", "saddle"]
    assert list(by_name(after, "fixed points")["text"]) == []
    now = by_name(after, "now")
    assert (now["x"][0], now["y"][0]) == (trace.v[200], trace.u[200])


def flow_of(spec: dict) -> tuple[dict, np.ndarray]:
    """The phase plane's flow image and its SVG path's points, back in (v, u)."""
    (image,) = [i for i in spec["layout"]["images"] if i["name"] == FN.FLOW_NAME]
    svg = base64.b64decode(image["source"].split(",", 1)[1]).decode()
    path = re.search(r' d="([^"]+)"', svg).group(1)
    # each arrow: M tail L head M barb L head L barb
    assert re.fullmatch(r"(M[-\d. ]+L[-\d. ]+M[-\d. ]+L[-\d. ]+L[-\d. ]+)+", path)
    xy = np.array([float(n) for n in re.findall(r"-?[\d.]+", path)]).reshape(-1, 5, 2)
    x0, y1 = image["x"], image["y"]
    v = x0 + xy[..., 0] / FN.FLOW_FRAME * image["sizex"]
    u = y1 - xy[..., 1] / FN.FLOW_FRAME * image["sizey"]
    return image, np.stack((v, u), axis=-1)


def test_the_flow_points_along_the_field():
    trace = simulate_neuron("A")
    spec = FN.phase_plane_spec(trace, 200)
    v_range, u_range = spec["layout"]["xaxis"]["range"], spec["layout"]["yaxis"]["range"]
    tail, head, barb0, barb1 = FN.flow_arrows(trace.spec, 14.0, v_range, u_range)
    assert tail.shape == (FN.FIELD_GRID[0] * FN.FIELD_GRID[1], 2)
    mid = (tail + head) / 2
    dv, du = FN.vector_field(trace.spec, 14.0, mid[:, 0], mid[:, 1])
    # each arrow goes the way of (v', u'): the same signs, tail to head
    assert np.all(np.sign(head[:, 0] - tail[:, 0]) == np.sign(dv))
    assert np.all(np.sign(head[:, 1] - tail[:, 1]) == np.sign(du))
    # its two barbs are symmetric about the shaft, behind the head
    shaft = head - tail
    back = (barb0 + barb1) / 2 - head
    k = -back[:, 0] / shaft[:, 0]
    assert np.all(k > 0)
    np.testing.assert_allclose(back[:, 1], -k * shaft[:, 1], atol=1e-9)
    # the image is stretched over the plane's axes, under the plot, and its path draws
    # those arrows where they are on the axes, to a tenth of a thousandth of the frame
    image, drawn = flow_of(spec)
    assert (image["x"], image["x"] + image["sizex"]) == tuple(v_range)
    assert (image["y"] - image["sizey"], image["y"]) == tuple(u_range)
    assert (image["xref"], image["yref"], image["layer"], image["sizing"]) == (
        "x", "y", "below", "stretch")
    tol = 0.06 / FN.FLOW_FRAME
    for i, points in enumerate((tail, head, barb0, head, barb1)):
        np.testing.assert_allclose(drawn[:, i, 0], points[:, 0], atol=tol * np.ptp(v_range))
        np.testing.assert_allclose(drawn[:, i, 1], points[:, 1], atol=tol * np.ptp(u_range))


def test_the_flow_follows_the_input():
    # the input changes v' only: the arrows of the plane at two times differ where it did
    trace = simulate_neuron("A")
    before, after = (flow_of(FN.phase_plane_spec(trace, i))[1] for i in (20, 200))
    assert trace.I[20] != trace.I[200]
    assert not np.allclose(before, after)


@pytest.mark.parametrize("key", list(FIGURE1_2004))
def test_every_panel_draws_its_phase_plane_and_traces(key):
    trace = simulate_neuron(key)
    for spec in (FN.phase_plane_spec(trace, trace.t.size // 2),
                 FN.lab_traces_spec(trace, 0, title=key)):
        fig = go.Figure(spec)  # plotly.py validates every attribute
        assert {t.type for t in fig.data} <= {"scatter", "scattergl"}


@pytest.mark.parametrize("key", list(FIGURE1_2004))
def test_each_gallery_image_draws_its_panels_run(key):
    """The page's gallery image of a panel shows the core's v(t) and I(t), read back
    from the SVG to its rounding (0.05 of the 1000-unit box, one decimal written)."""
    trace = simulate_neuron(key)
    svg = FN.gallery_panel_svg(trace)
    drawn = gallery_svg.lines(svg)
    box, end = FN.GALLERY_BOX, float(trace.t[-1])
    half_unit = 0.05 + 1e-9
    v = drawn["v"]
    assert len(v) == trace.t.size
    assert np.isfinite(v).all() and np.isfinite(drawn["I"]).all()
    np.testing.assert_allclose(v[:, 0] / box * end, trace.t, atol=half_unit / box * end)
    v_span = FN.GALLERY_V_RANGE[1] - FN.GALLERY_V_RANGE[0]
    v_unit = half_unit / box * v_span / (FN.GALLERY_V_DOMAIN[1] - FN.GALLERY_V_DOMAIN[0])
    np.testing.assert_allclose(
        gallery_svg.unmap(v[:, 1], FN.GALLERY_V_RANGE, FN.GALLERY_V_DOMAIN, box),
        trace.v, atol=v_unit)
    # the input as steps: each value from its step's start to the next step's
    steps = drawn["I"]
    i_range = FN._padded(trace.I)
    levels = gallery_svg.unmap(steps[:, 1], i_range, FN.GALLERY_I_DOMAIN, box)
    i_unit = half_unit / box * (i_range[1] - i_range[0]) / FN.GALLERY_I_DOMAIN[1]
    # the sample nearest each drawn time (the times are written to 0.1 of the box)
    at = np.abs(trace.t[None, :] - steps[:, :1] / box * end).argmin(axis=1)
    for k in range(0, len(steps) - 1, 2):  # each horizontal piece: (start, level), (end, level)
        assert abs(levels[k] - levels[k + 1]) <= 2 * i_unit
        assert abs(levels[k] - trace.I[at[k]]) <= i_unit
    assert np.count_nonzero(np.diff(trace.I)) == (len(steps) - 2) // 2
    assert gallery_svg.shown_ms(svg) == end


def test_a_neuron_whose_u_never_moves_has_no_fixed_points_drawn():
    trace = simulate_neuron("A", a=0.0)
    assert list(by_name(FN.phase_plane_spec(trace, 100), "fixed points")["x"]) == []


def test_the_lab_traces_mark_the_time_and_draw_a_reference_beneath():
    trace = simulate_neuron("A")
    fig = FN.lab_traces_spec(trace, 200, title="t", reference=(trace.v + 1, trace.u),
                             reference_name="the network's neuron")
    assert fig["layout"]["shapes"][0]["x0"] == 50.0
    assert [t["name"] for t in fig["data"]][:2] == ["the network's neuron"] * 2
    assert fig["layout"]["showlegend"] is True
