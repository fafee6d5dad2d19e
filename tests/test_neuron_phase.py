"""Phase-plane analysis against its closed forms, numerical eigenvalues and the dynamics."""

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from izhi_core.neuron import FIGURE1_2004, QUADRATICS, Protocol, simulate_neuron
from izhi_core.neuron.phase import (
    fixed_points,
    hopf_current,
    jacobian,
    phase_plane,
    saddle_node_current,
    u_nullcline,
    v_nullcline,
    vector_field,
)
from izhi_core.neuron.protocols import recorded

STANDARD = [p for p in FIGURE1_2004.values() if p.spec.recovery == "standard"]


def sorted_eig(values):
    return np.sort_complex(np.asarray(values, complex))


def check_point(fp, a, b, current, quadratic="standard"):
    k2, k1, k0 = QUADRATICS[quadratic]
    # on both nullclines
    assert fp.u == pytest.approx(b * fp.v, abs=1e-9)
    assert k2 * fp.v**2 + k1 * fp.v + k0 - fp.u + current == pytest.approx(0, abs=1e-8)
    jac = np.array([[2 * k2 * fp.v + k1, -1], [a * b, -a]])
    np.testing.assert_allclose(fp.jacobian, jac, rtol=0, atol=1e-15)
    ours = sorted_eig(fp.eigenvalues)
    # the characteristic polynomial, well conditioned even where the two roots meet
    scale = 1.0 + np.abs(jac).sum()
    assert ours.sum() == pytest.approx(np.trace(jac), rel=1e-12, abs=1e-12 * scale)
    assert np.prod(ours) == pytest.approx(np.linalg.det(jac), rel=1e-9, abs=1e-12 * scale**2)
    # numpy's eigenvalues: a double root of a defective matrix (a = b = 1 where
    # dv'/dv = -3: -2 twice) is only found to about the square root of the machine epsilon
    atol = 1e-12
    if abs(ours[0] - ours[1]) < 1e-4 * scale:
        atol += 10 * math.sqrt(np.finfo(float).eps) * scale
    np.testing.assert_allclose(ours, sorted_eig(np.linalg.eigvals(jac)), rtol=1e-9, atol=atol)
    re = [z.real for z in fp.eigenvalues]
    complex_pair = abs(fp.eigenvalues[0].imag) > 0
    expected = ("saddle" if re[0] * re[1] < 0 else
                ("stable " if max(re) < 0 else "unstable ") + ("focus" if complex_pair else "node"))
    if fp.kind not in ("centre", "saddle-node"):
        assert fp.kind == expected


@pytest.mark.parametrize("p", STANDARD, ids=lambda p: p.key)
def test_fixed_points_of_every_pattern(p):
    s = p.spec
    isn = saddle_node_current(s.b, s.quadratic)
    k2, k1, k0 = QUADRATICS[s.quadratic]
    assert isn == pytest.approx((k1 - s.b) ** 2 / (4 * k2) - k0)
    for current in (isn - 10, isn - 1, isn - 1e-3, 0.0):
        points = fixed_points(s.a, s.b, current, s.quadratic)
        if current >= isn:
            continue
        assert len(points) == 2 and points[0].v < points[1].v
        for fp in points:
            check_point(fp, s.a, s.b, current, s.quadratic)
        # the right branch is always a saddle (for a > 0), the pair straddles v_SN
        v_sn = (s.b - k1) / (2 * k2)
        assert points[0].v < v_sn < points[1].v
        if s.a > 0:
            assert points[1].kind == "saddle"
    assert fixed_points(s.a, s.b, isn + 1e-6, s.quadratic) == ()


@pytest.mark.parametrize("p", STANDARD, ids=lambda p: p.key)
def test_saddle_node_current_by_bisection(p):
    s = p.spec
    lo, hi = -500.0, 500.0
    for _ in range(80):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if fixed_points(s.a, s.b, mid, s.quadratic) else (lo, mid)
    assert lo == pytest.approx(saddle_node_current(s.b, s.quadratic), abs=1e-9)


@pytest.mark.parametrize("p", STANDARD, ids=lambda p: p.key)
def test_hopf_current_by_bisection_and_eigenvalues(p):
    s = p.spec
    ih = hopf_current(s.a, s.b, s.quadratic)
    if not s.a * (s.b - s.a) > 0:
        assert ih is None
        return
    k2, k1, k0 = QUADRATICS[s.quadratic]
    isn = saddle_node_current(s.b, s.quadratic)
    assert isn - ih == pytest.approx((s.b - s.a) ** 2 / (4 * k2), rel=1e-9, abs=1e-9)
    # the branch whose trace crosses zero: left for a > 0 (b > a), right for a < 0
    branch = 0 if s.a > 0 else 1

    def trace_at(current):
        fp = fixed_points(s.a, s.b, current, s.quadratic)[branch]
        return float(np.trace(fp.jacobian))

    lo, hi = isn - 200.0, isn - 1e-12
    assert trace_at(lo) * trace_at(hi) < 0
    for _ in range(80):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if trace_at(mid) * trace_at(lo) > 0 else (lo, mid)
    assert lo == pytest.approx(ih, abs=1e-8)
    fp = fixed_points(s.a, s.b, ih, s.quadratic)[branch]
    assert fp.kind == "centre" and fp.v == pytest.approx((s.a - k1) / (2 * k2), abs=1e-9)
    eig = np.linalg.eigvals(fp.jacobian)
    np.testing.assert_allclose(eig.real, 0, atol=1e-9)
    np.testing.assert_allclose(np.abs(eig.imag), math.sqrt(s.a * (s.b - s.a)), rtol=1e-9)


@settings(max_examples=150, deadline=None)
@given(a=st.floats(-1, 1).filter(lambda a: abs(a) > 1e-3), b=st.floats(-2, 2),
       below=st.floats(1e-3, 200), quadratic=st.sampled_from(list(QUADRATICS)))
@example(a=1.0, b=1.0, below=100.0, quadratic="standard")  # a double root: -2 twice
def test_fixed_points_match_numerical_eigenvalues(a, b, below, quadratic):
    current = saddle_node_current(b, quadratic) - below
    points = fixed_points(a, b, current, quadratic)
    assert len(points) == 2
    for fp in points:
        check_point(fp, a, b, current, quadratic)
    # one saddle, whatever a: the determinants have opposite signs on the two branches
    dets = [np.linalg.det(fp.jacobian) for fp in points]
    assert dets[0] * dets[1] < 0


@pytest.mark.parametrize("letter, current", [("A", 0.0), ("H", -0.5), ("P", 0.24), ("J", 0.0)])
def test_a_stable_fixed_point_attracts_the_simulated_neuron(letter, current):
    s = FIGURE1_2004[letter].spec
    rest = fixed_points(s.a, s.b, current, s.quadratic)[0]
    assert rest.kind.startswith("stable")
    trace = simulate_neuron(letter, scheme="euler", tau=0.01, duration=3000,
                            v0=rest.v + 0.5, u0=rest.u, protocol=Protocol(current))
    assert trace.n_spikes == 0
    assert trace.v[-1] == pytest.approx(rest.v, abs=1e-3)
    assert trace.u[-1] == pytest.approx(rest.u, abs=1e-3)


def test_accommodation_has_one_fixed_point_and_no_bifurcation():
    s = FIGURE1_2004["R"].spec
    for current in (-5.0, 0.0, 8.0):
        (fp,) = fixed_points(s.a, s.b, current, recovery="accommodation")
        assert fp.v == -65 and fp.u == pytest.approx(0.04 * 65**2 - 5 * 65 + 140 + current)
        np.testing.assert_allclose(sorted_eig(fp.eigenvalues),
                                   sorted_eig(np.linalg.eigvals(fp.jacobian)), atol=1e-12)
        assert fp.kind == "stable focus"
    assert saddle_node_current(s.b, recovery="accommodation") is None
    assert hopf_current(s.a, s.b, recovery="accommodation") is None


def test_phase_plane_bundles_nullclines_and_points():
    spec = FIGURE1_2004["K"].spec
    plane = phase_plane(spec, 0.0, v_range=(-80, -40), points=41)
    v, u = plane.v_nullcline
    np.testing.assert_allclose(u, 0.04 * v**2 + 5 * v + 140)
    np.testing.assert_array_equal(plane.u_nullcline[1], u_nullcline(v, spec.b))
    np.testing.assert_array_equal(v_nullcline(v, 0.0), u)
    assert [fp.kind for fp in plane.fixed_points] == ["stable focus", "saddle"]
    assert plane.hopf_current < plane.saddle_node_current
    r = phase_plane(FIGURE1_2004["R"].spec, 1.0)
    assert r.u_nullcline[0].tolist() == [-65.0, -65.0] and len(r.fixed_points) == 1
    np.testing.assert_array_equal(jacobian(-65.0, 0.02, 1.0, recovery="accommodation"),
                                  [[2 * 0.04 * -65.0 + 5, -1], [0.02, 0]])


def test_phase_plane_refuses_a_zero_time_scale():
    with pytest.raises(ValueError, match=r"^a, the time scale of u, must not be 0"):
        fixed_points(0.0, 0.2, 0.0)


@pytest.mark.parametrize("key", ["A", "G", "R", "S"])
def test_the_vector_field_is_one_plain_euler_step(key):
    # euler advances (v, u) by tau times the field at the old state: one step from a
    # point at a constant current gives the field there
    spec = FIGURE1_2004[key].spec
    for v0, u0, current in ((-70.0, -14.0, 0.0), (-55.0, -5.0, 7.0), (-80.0, 2.0, -3.0)):
        one = simulate_neuron(spec.replace(v0=v0, u0=u0, tau=0.01, duration=None,
                                           protocol=recorded([current])), scheme="euler")
        dv, du = vector_field(spec, current, np.array([v0]), np.array([u0]))
        assert (one.v[0] - v0) / 0.01 == pytest.approx(dv[0], rel=1e-9, abs=1e-9)
        assert (one.u[0] - u0) / 0.01 == pytest.approx(du[0], rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("p", STANDARD[:8], ids=lambda p: p.key)
def test_the_vector_field_vanishes_at_the_fixed_points(p):
    s = p.spec
    for fp in fixed_points(s.a, s.b, 0.0, s.quadratic):
        dv, du = vector_field(s, 0.0, np.array([fp.v]), np.array([fp.u]))
        assert abs(dv[0]) < 1e-9 and abs(du[0]) < 1e-9
