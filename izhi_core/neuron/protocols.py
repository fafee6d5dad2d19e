"""Input currents as data: steps, ramps, pulses, piecewise protocols, recorded arrays.

A :class:`Protocol` is a baseline and an ordered list of :class:`Segment`;
at each step's start t the first segment whose open window ``lo < t < hi``
holds t sets I, else I is the baseline. That is the if/elseif chain of
Izhikevich's (2004) figure code, which compares with strict inequalities, and
its values are computed with the same operations: a ramp is
``level + (t - origin) / per * rise``, so ``t/25`` and ``(t-300)/12.5*4`` of
panel R come out to the last bit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .model import MAX_RECORDED_ABS, MAX_STEPS, check_number, fmt


@dataclass(frozen=True)
class Segment:
    """I on the open window ``lo < t < hi`` (ms; either end may be infinite).

    ``I = level`` for a constant segment (``rise == 0``), else
    ``I = level + (t - origin) / per * rise``: a ramp that starts from
    ``level`` at ``origin`` (ms) and rises by ``rise`` every ``per`` ms.
    """

    lo: float
    hi: float
    level: float
    origin: float = 0.0
    rise: float = 0.0
    per: float = 1.0

    def __post_init__(self) -> None:
        lo = -math.inf if self.lo == -math.inf else check_number("time", self.lo)
        hi = math.inf if self.hi == math.inf else check_number("time", self.hi)
        if not lo < hi:
            raise ValueError(f"a protocol window must end after it starts (got {lo:g} to {hi:g} "
                             "ms).")
        clean = {"lo": lo, "hi": hi, "level": check_number("current", self.level),
                 "origin": check_number("time", self.origin),
                 "rise": check_number("rise", self.rise), "per": check_number("per", self.per)}
        for name, value in clean.items():
            object.__setattr__(self, name, value)


@dataclass(frozen=True)
class Protocol:
    """A baseline current and segments, the first matching one winning (see the module)."""

    baseline: float = 0.0
    segments: tuple[Segment, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "baseline", check_number("current", self.baseline))
        segments = tuple(self.segments)
        for s in segments:
            if not isinstance(s, Segment):
                raise ValueError(f"a protocol's segments must be Segments (got {fmt(s)}).")
        object.__setattr__(self, "segments", segments)

    def evaluate(self, t: np.ndarray) -> np.ndarray:
        """I at each time of ``t`` (ms), float64."""
        t = np.asarray(t, np.float64)
        current = np.full(t.shape, self.baseline)
        free = np.ones(t.shape, bool)
        for s in self.segments:
            hit = free & (t > s.lo) & (t < s.hi)
            if s.rise == 0.0:
                current[hit] = s.level
            else:
                current[hit] = s.level + (t[hit] - s.origin) / s.per * s.rise
            free &= ~hit
        return current

    def describe(self) -> str:
        """One line, e.g. ``'0 + 14 on (10, inf) ms'``."""
        parts = [f"{self.baseline:g}"]
        for s in self.segments:
            value = f"{s.level:g}" if s.rise == 0.0 else (
                f"{s.level:g} + (t - {s.origin:g})/{s.per:g}*{s.rise:g}")
            parts.append(f"{value} on ({s.lo:g}, {s.hi:g}) ms")
        return "; ".join(parts)


@dataclass(frozen=True, eq=False)
class Recorded:
    """A current given per step (e.g. a network neuron's input, ``SimulationResult.current``)."""

    current: np.ndarray

    def __post_init__(self) -> None:
        current = np.array(self.current, np.float64, copy=True).ravel()
        if not 1 <= current.size <= MAX_STEPS:
            raise ValueError(f"a recorded current must have from 1 to {MAX_STEPS:,} samples "
                             f"(got {current.size:,}).")
        if not np.all(np.abs(current) <= MAX_RECORDED_ABS):
            bad = current[~(np.abs(current) <= MAX_RECORDED_ABS)][0]
            raise ValueError(f"a recorded current must be finite and within "
                             f"±{MAX_RECORDED_ABS:g} (got {float(bad)!r}).")
        current.setflags(write=False)
        object.__setattr__(self, "current", current)

    def describe(self) -> str:
        return f"recorded, {self.current.size:,} samples"


def step(amp: float, t0: float, t1: float = math.inf, baseline: float = 0.0) -> Protocol:
    """I = ``amp`` for ``t0 < t < t1`` ms, else ``baseline``."""
    return Protocol(baseline, (Segment(t0, t1, amp),))


def ramp(slope: float, t0: float, t1: float = math.inf, start: float = 0.0,
         baseline: float = 0.0) -> Protocol:
    """I = ``start + slope * (t - t0)`` for ``t0 < t < t1`` ms (``slope`` per ms), else baseline."""
    return Protocol(baseline, (Segment(t0, t1, start, origin=t0, rise=slope, per=1.0),))


def pulses(amp: float, starts: Iterable[float], width: float, baseline: float = 0.0) -> Protocol:
    """I = ``amp`` for ``t0 < t < t0 + width`` ms at each ``t0`` of ``starts``."""
    return Protocol(baseline, tuple(Segment(t0, t0 + width, amp) for t0 in starts))


def piecewise(segments: Iterable[Segment], baseline: float = 0.0) -> Protocol:
    """Segments in order (the first whose window holds t wins), else ``baseline``."""
    return Protocol(baseline, tuple(segments))


def recorded(current: np.ndarray) -> Recorded:
    """One current value per step, used as given."""
    return Recorded(current)


WINDOW_SHAPES = ("step", "ramp")


def window(shape: str, amp: float, t0: float, t1: float = math.inf,
           baseline: float = 0.0) -> Protocol:
    """One window on a baseline: :func:`step` (I = ``amp``) or a ramp from the baseline
    (I = ``baseline + amp * (t - t0)``, ``amp`` per ms), for ``t0 < t < t1`` ms."""
    if shape == "ramp":
        return ramp(amp, t0, t1, start=baseline, baseline=baseline)
    if shape == "step":
        return step(amp, t0, t1, baseline)
    raise ValueError(f"the input's shape must be one of {', '.join(WINDOW_SHAPES)} "
                     f"(got {fmt(shape)}).")


def as_window(protocol: Protocol | Recorded) -> tuple[str, float, float, float, float] | None:
    """``(shape, amp, t0, t1, baseline)`` if :func:`window` gives ``protocol`` exactly
    (most published inputs: a step, a pulse, a ramp from the baseline), else None."""
    if not isinstance(protocol, Protocol) or len(protocol.segments) != 1:
        return None
    s = protocol.segments[0]
    shape, amp = ("step", s.level) if s.rise == 0.0 else ("ramp", s.rise)
    if s.lo == -math.inf:
        return None
    out = (shape, amp, s.lo, s.hi, protocol.baseline)
    return out if window(*out) == protocol else None
