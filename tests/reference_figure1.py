# ruff: noqa: E741, E702 (I and the semicolon-joined lines are the MATLAB file's)
"""The slow twin of the single-neuron figures: Izhikevich's published MATLAB code, line
for line in Python. Only tests import it.

The source is the file of Izhikevich (November 2003) that draws Fig. 2 of
"Simple model of spiking neurons" (IEEE TNN 2003) in its first cell and Fig. 1
of "Which model to use for cortical spiking neurons?" (IEEE TNN 2004) in its
second (the code known as figure1.m); read from OpenSourceBrain/IzhikevichModel,
``MATLAB/izhi2003.m`` (commit 1dab8ab). One function per panel, in the file's
order, each the file's loop with its own constants; plotting is left out.
What the port adds, marked ``# port:``, is only bookkeeping: each step's I
(the file keeps it only for R) and the time of each spike (the t of the loop
iteration whose branch ``V > 30`` was taken).

Two translations, both kept in one place:

- ``colon(a, d, b)`` is MATLAB's ``a:d:b``: its first half is ``a + k*d``, its
  second ``b - k*d`` counted from the end (MathWorks' description of the colon
  operator); the middle of an even count is taken as ``(a+b)/2``, which for
  every panel here equals ``a + k*d`` anyway. With tau = 0.2 or 0.1 ms the
  second half differs from ``k*tau`` in the last bit; no panel spikes there.
- ``V^2`` is written ``V*V``: a square by multiplication is correctly rounded,
  while Python's ``V**2`` calls libm's pow, which differs in the last bit about
  once in a thousand squares.
"""

from __future__ import annotations

import math

import numpy as np


def colon(a, d, b):
    """MATLAB's a:d:b for d > 0 (the end is b when (b-a)/d is whole within 1e-9)."""
    q = (b - a) / d
    n = round(q)
    if abs(q - n) > 1e-9 * max(1.0, q):
        n = math.floor(q)
        b = a + n * d
    out = np.empty(n + 1)
    for k in range(n // 2 + 1):
        out[k] = a + k * d
        out[n - k] = b - k * d
    if n % 2 == 0:
        out[n // 2] = (a + b) / 2
    return out


def _out(tspan, VV, uu, II, spikes):
    return {"t": np.asarray(tspan, float), "v": np.asarray(VV, float),
            "u": np.asarray(uu, float), "I": np.asarray(II, float),
            "spike_times": np.asarray(spikes, float)}

# %% first cell: Izhikevich (2003), Fig. 2 (a, b, c, d may be given, for the script's presets)


def fig2_rs(a=0.02, b=0.2, c=-65, d=8):
    """regular spiking (RS)"""
    V = -63; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.25; tspan = colon(0, tau, 150)
    T1 = tspan[-1] / 10
    for t in tspan:
        if t > T1:
            I = 14
        else:
            I = 0
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def fig2_ib(a=0.02, b=0.2, c=-55, d=4):
    """intrinsically bursting (IB)"""
    V = -70; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.25; tspan = colon(0, tau, 150)
    T1 = tspan[-1] / 10
    for t in tspan:
        if t > T1:
            I = 11  # the file: I=11;%14;
        else:
            I = 0
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def fig2_ch(a=0.02, b=0.2, c=-50, d=2):
    """chattering (CH)"""
    V = -70; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.25; tspan = colon(0, tau, 150)
    T1 = tspan[-1] / 10
    for t in tspan:
        if t > T1:
            I = 10
        else:
            I = 0
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def fig2_fs(a=0.1, b=0.2, c=-65, d=2):
    """fast spiking (FS)"""
    V = -70; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.25; tspan = colon(0, tau, 150)
    T1 = tspan[-1] / 10
    for t in tspan:
        if t > T1:
            I = 10
        else:
            I = 0
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def fig2_tc(a=0.02, b=0.25, c=-65, d=0.05):
    """thalamo-cortical (TC)"""
    V = -63; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.25; tspan = colon(0, tau, 150)
    T1 = 2 * tspan[-1] / 10
    for t in tspan:
        if t > T1:
            I = 1.5
        else:
            I = 0
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def fig2_tcb(a=0.02, b=0.25, c=-65, d=0.05):
    """thalamo-cortical burst (TC)"""
    V = -87; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.25; tspan = colon(0, tau, 150)
    T1 = 3 * tspan[-1] / 10
    for t in tspan:
        if t > T1:
            I = 0.0
        else:
            I = -25
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def fig2_rz(a=0.1, b=0.26, c=-65, d=2):
    """resonator (RZ)"""
    V = -70; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.25; tspan = colon(0, tau, 100)
    T1 = tspan[-1] / 10
    T2 = T1 + 50
    for t in tspan:
        if (t > T2) & (t < T2 + 5):
            I = 10
        elif t > T1:
            I = -0.5
        else:
            I = -2
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def fig2_lts(a=0.02, b=0.25, c=-65, d=2):
    """low-threshold spiking (LTS)"""
    V = -63; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.25; tspan = colon(0, tau, 250)
    T1 = 1 * tspan[-1] / 10
    for t in tspan:
        if t > T1:
            I = 10.0
        else:
            I = 0
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)

# %% second cell: Izhikevich (2004), Fig. 1 (figure1.m)


def panel_a():
    """(A) tonic spiking"""
    a = 0.02; b = 0.2; c = -65; d = 6
    V = -70; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.25; tspan = colon(0, tau, 100)
    T1 = tspan[-1] / 10
    for t in tspan:
        if t > T1:
            I = 14
        else:
            I = 0
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def panel_b():
    """(B) phasic spiking"""
    a = 0.02; b = 0.25; c = -65; d = 6
    V = -64; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.25; tspan = colon(0, tau, 200)
    T1 = 20
    for t in tspan:
        if t > T1:
            I = 0.5
        else:
            I = 0
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def panel_c():
    """(C) tonic bursting"""
    a = 0.02; b = 0.2; c = -50; d = 2
    V = -70; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.25; tspan = colon(0, tau, 220)
    T1 = 22
    for t in tspan:
        if t > T1:
            I = 15
        else:
            I = 0
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def panel_d():
    """(D) phasic bursting"""
    a = 0.02; b = 0.25; c = -55; d = 0.05
    V = -64; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.2; tspan = colon(0, tau, 200)
    T1 = 20
    for t in tspan:
        if t > T1:
            I = 0.6
        else:
            I = 0
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def panel_e():
    """(E) mixed mode"""
    a = 0.02; b = 0.2; c = -55; d = 4
    V = -70; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.25; tspan = colon(0, tau, 160)
    T1 = tspan[-1] / 10
    for t in tspan:
        if t > T1:
            I = 10
        else:
            I = 0
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def panel_f():
    """(F) spike freq. adapt"""
    a = 0.01; b = 0.2; c = -65; d = 8
    V = -70; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.25; tspan = colon(0, tau, 85)
    T1 = tspan[-1] / 10
    for t in tspan:
        if t > T1:
            I = 30
        else:
            I = 0
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def panel_g():
    """(G) Class 1 excitable"""
    a = 0.02; b = -0.1; c = -55; d = 6
    V = -60; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.25; tspan = colon(0, tau, 300)
    T1 = 30
    for t in tspan:
        if t > T1:
            I = (0.075 * (t - T1))
        else:
            I = 0
        V = V + tau * (0.04 * (V * V) + 4.1 * V + 108 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def panel_h():
    """(H) Class 2 excitable"""
    a = 0.2; b = 0.26; c = -65; d = 0
    V = -64; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.25; tspan = colon(0, tau, 300)
    T1 = 30
    for t in tspan:
        if t > T1:
            I = -0.5 + (0.015 * (t - T1))
        else:
            I = -0.5
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def panel_i():
    """(I) spike latency"""
    a = 0.02; b = 0.2; c = -65; d = 6
    V = -70; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.2; tspan = colon(0, tau, 100)
    T1 = tspan[-1] / 10
    for t in tspan:
        if t > T1 and t < T1 + 3:
            I = 7.04
        else:
            I = 0
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def panel_j():
    """(J) subthreshold osc."""
    a = 0.05; b = 0.26; c = -60; d = 0
    V = -62; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.25; tspan = colon(0, tau, 200)
    T1 = tspan[-1] / 10
    for t in tspan:
        if (t > T1) & (t < T1 + 5):
            I = 2
        else:
            I = 0
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def panel_k():
    """(K) resonator"""
    a = 0.1; b = 0.26; c = -60; d = -1
    V = -62; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.25; tspan = colon(0, tau, 400)
    T1 = tspan[-1] / 10
    T2 = T1 + 20
    T3 = 0.7 * tspan[-1]
    T4 = T3 + 40
    for t in tspan:
        if ((t > T1) & (t < T1 + 4)) | ((t > T2) & (t < T2 + 4)) | ((t > T3) & (t < T3 + 4)) \
            | ((t > T4) & (t < T4 + 4)):
            I = 0.65
        else:
            I = 0
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def panel_l():
    """(L) integrator"""
    a = 0.02; b = -0.1; c = -55; d = 6
    V = -60; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.25; tspan = colon(0, tau, 100)
    T1 = tspan[-1] / 11
    T2 = T1 + 5
    T3 = 0.7 * tspan[-1]
    T4 = T3 + 10
    for t in tspan:
        if ((t > T1) & (t < T1 + 2)) | ((t > T2) & (t < T2 + 2)) | ((t > T3) & (t < T3 + 2)) \
            | ((t > T4) & (t < T4 + 2)):
            I = 9
        else:
            I = 0
        V = V + tau * (0.04 * (V * V) + 4.1 * V + 108 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def panel_m():
    """(M) rebound spike"""
    a = 0.03; b = 0.25; c = -60; d = 4
    V = -64; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.2; tspan = colon(0, tau, 200)
    T1 = 20
    for t in tspan:
        if (t > T1) & (t < T1 + 5):
            I = -15
        else:
            I = 0
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def panel_n():
    """(N) rebound burst"""
    a = 0.03; b = 0.25; c = -52; d = 0
    V = -64; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.2; tspan = colon(0, tau, 200)
    T1 = 20
    for t in tspan:
        if (t > T1) & (t < T1 + 5):
            I = -15
        else:
            I = 0
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def panel_o():
    """(O) thresh. variability"""
    a = 0.03; b = 0.25; c = -60; d = 4
    V = -64; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.25; tspan = colon(0, tau, 100)
    for t in tspan:
        if ((t > 10) & (t < 15)) | ((t > 80) & (t < 85)):
            I = 1
        elif (t > 70) & (t < 75):
            I = -6
        else:
            I = 0
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def panel_p():
    """(P) bistability"""
    a = 0.1; b = 0.26; c = -60; d = 0
    V = -61; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.25; tspan = colon(0, tau, 300)
    T1 = tspan[-1] / 8
    T2 = 216
    for t in tspan:
        if ((t > T1) & (t < T1 + 5)) | ((t > T2) & (t < T2 + 5)):
            I = 1.24
        else:
            I = 0.24
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def panel_q():
    """(Q) DAP"""
    a = 1; b = 0.2; c = -60; d = -21
    V = -70; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.1; tspan = colon(0, tau, 50)
    T1 = 10
    for t in tspan:
        if abs(t - T1) < 1:
            I = 20
        else:
            I = 0
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def panel_r():
    """(R) accomodation"""
    a = 0.02; b = 1; c = -55; d = 4
    V = -65; u = -16
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.5; tspan = colon(0, tau, 400)
    for t in tspan:
        if t < 200:
            I = t / 25
        elif t < 300:
            I = 0
        elif t < 312.5:
            I = (t - 300) / 12.5 * 4
        else:
            I = 0
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * (V + 65))
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def panel_s():
    """(S) inh. induced sp."""
    a = -0.02; b = -1; c = -60; d = 8
    V = -63.8; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.5; tspan = colon(0, tau, 350)
    for t in tspan:
        if (t < 50) | (t > 250):
            I = 80
        else:
            I = 75
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


def panel_t():
    """(T) inh. induced brst."""
    a = -0.026; b = -1; c = -45; d = -2
    V = -63.8; u = b * V
    VV = []; uu = []
    II = []; spikes = []  # port
    tau = 0.5; tspan = colon(0, tau, 350)
    for t in tspan:
        if (t < 50) | (t > 250):
            I = 80
        else:
            I = 75
        V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            spikes.append(t)  # port
            V = c
            u = u + d
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)  # port
    return _out(tspan, VV, uu, II, spikes)


FIGURE2 = {"RS": fig2_rs, "IB": fig2_ib, "CH": fig2_ch, "FS": fig2_fs, "TC": fig2_tc,
           "TCb": fig2_tcb, "RZ": fig2_rz, "LTS": fig2_lts}
FIGURE1 = {name[-1].upper(): fn for name, fn in list(globals().items())
           if name.startswith("panel_")}
