"""Command line of the neuron lab: ``python -m izhi_core neuron ...``.

    python -m izhi_core neuron --list
    python -m izhi_core neuron --pattern A --summary
    python -m izhi_core neuron --pattern chattering --scheme network2003 --trace ch.csv
    python -m izhi_core neuron --a 0.02 --b 0.2 --c -50 --d 2 --step 10@20:180 --figure out

A run starts from a pattern (default A, tonic spiking); parameter flags change
its fields, and protocol flags, if any, replace its input:

    --base AMP             the current where no window below holds (default 0)
    --step AMP@T0[:T1]     AMP for T0 < t < T1 ms (T1 omitted: to the end)
    --pulse AMP@T0+WIDTH   AMP for T0 < t < T0 + WIDTH ms
    --ramp SLOPE@T0[:T1]   base + SLOPE * (t - T0) for T0 < t < T1 ms (SLOPE per ms)

Windows are open, as in the published code; where they overlap, the first
given wins. A value may start with a minus sign (``--step -15@20:25``,
``--c -50``). Bad input: one sentence on stderr naming the flag, exit status 2.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path

from .model import FIELDS, QUADRATICS, RECOVERIES, SCHEMES, check_number
from .patterns import FIGURE1_2004, PRESET_PATTERNS, get_pattern
from .protocols import Protocol, Segment, window

PROG = "python -m izhi_core neuron"
NUMBER_FLAGS = ("a", "b", "c", "d", "v0", "u0", "tau", "duration")
_NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
SYNTAX = {
    "step": (re.compile(rf"({_NUM})@({_NUM})(?::({_NUM}))?"), "AMP@T0 or AMP@T0:T1, e.g. 10@20:80"),
    "pulse": (re.compile(rf"({_NUM})@({_NUM})\+({_NUM})"), "AMP@T0+WIDTH, e.g. 5@20+3"),
    "ramp": (re.compile(rf"({_NUM})@({_NUM})(?::({_NUM}))?"), "SLOPE@T0 or SLOPE@T0:T1, "
             "e.g. 0.075@30"),
}


VALUE_FLAGS = frozenset(f"--{name}" for name in (*NUMBER_FLAGS, "base", "step", "pulse", "ramp"))


class UsageError(Exception):
    """A bad flag or value; the message is the one line shown."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print usage and exit
        raise UsageError(message)


class _InOrder(argparse.Action):
    """Collects --step, --pulse and --ramp in the order given: the first window wins."""

    def __call__(self, parser, namespace, values, option_string=None):
        items = list(getattr(namespace, "windows", None) or [])
        items.append((self.dest, values))
        namespace.windows = items


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog=PROG, allow_abbrev=False,
                description="Simulate one Izhikevich neuron: a published pattern of "
                            "Izhikevich (2004) Fig. 1 (A-T) or a preset under the 2003 Fig. 2 "
                            "protocol, or your own.")
    p.add_argument("--pattern", default="A",
                   help="letter A-T, a name such as tonic_spiking, or a preset "
                        f"({', '.join(PRESET_PATTERNS)}); default A")
    p.add_argument("--list", action="store_true", help="list the patterns and exit")
    for name in NUMBER_FLAGS:
        f = FIELDS[name]
        unit = f" {f.unit}" if f.unit else ""
        p.add_argument(f"--{name}", default=None,
                       help=f"{f.label.rstrip(',')} ({f.lo:g} to {f.hi:g}{unit})")
    p.add_argument("--quadratic", default=None, choices=list(QUADRATICS),
                   help="v' = 0.04v^2+5v+140 (standard) or 0.04v^2+4.1v+108 (shifted, G and L)")
    p.add_argument("--recovery", default=None, choices=list(RECOVERIES),
                   help="u' = a(bv-u) (standard) or a b (v+65) (accommodation, R)")
    p.add_argument("--base", default=None, metavar="AMP", help="baseline current (default 0)")
    p.add_argument("--step", action=_InOrder, metavar="AMP@T0[:T1]", help="repeatable")
    p.add_argument("--pulse", action=_InOrder, metavar="AMP@T0+WIDTH", help="repeatable")
    p.add_argument("--ramp", action=_InOrder, metavar="SLOPE@T0[:T1]", help="repeatable")
    p.add_argument("--scheme", default="figure2004", choices=list(SCHEMES),
                   help="figure2004 (default), network2003 (tau 1 ms unless given) or euler")
    p.add_argument("--spikes", default=None, metavar="FILE.csv", help="spike times (time_ms)")
    p.add_argument("--trace", default=None, metavar="FILE.csv", help="time_ms,v,u,I per step")
    p.add_argument("--summary", action="store_true",
                   help="print one JSON line: pattern, n_spikes, spike_times_ms, ...")
    p.add_argument("--figure", default=None, metavar="DIR", help="write an HTML figure to DIR")
    return p


def _number(flag: str, field: str, text: str) -> float:
    try:
        return check_number(field, text)
    except ValueError as err:
        raise UsageError(f"{flag}: {err}") from None


def _window(kind: str, text: str, baseline: float) -> Segment:
    pattern, example = SYNTAX[kind]
    m = pattern.fullmatch(text.strip())
    if m is None:
        raise UsageError(f"--{kind}: the window must be {example}, times in ms (got {text!r}).")
    g = m.groups()
    first = _number(f"--{kind}", "rise" if kind == "ramp" else "current", g[0])
    t0 = _number(f"--{kind}", "time", g[1])
    if kind == "pulse":
        width = _number(f"--{kind}", "time", g[2])
        if not width > 0:
            raise UsageError(f"--pulse: the width must be more than 0 ms (got {g[2]!r}).")
        t1 = t0 + width
    else:
        t1 = math.inf if g[2] is None else _number(f"--{kind}", "time", g[2])
    if not t0 < t1:
        raise UsageError(f"--{kind}: the window must end after it starts (got {text!r}).")
    return window("ramp" if kind == "ramp" else "step", first, t0, t1, baseline).segments[0]


def _changes(args: argparse.Namespace) -> dict:
    changes = {name: _number(f"--{name}", name, getattr(args, name))
               for name in NUMBER_FLAGS if getattr(args, name) is not None}
    for name in ("quadratic", "recovery"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    windows = getattr(args, "windows", None) or []
    if windows or args.base is not None:
        base = 0.0 if args.base is None else _number("--base", "current", args.base)
        changes["protocol"] = Protocol(base, tuple(_window(k, t, base) for k, t in windows))
    return changes


def _listing() -> str:
    rows = []
    for registry in (FIGURE1_2004, PRESET_PATTERNS):
        for p in registry.values():
            s = p.spec
            rows.append(f"{p.key:<4} {p.name:<30} a={s.a:<6g} b={s.b:<5g} c={s.c:<4g} "
                        f"d={s.d:<5g} tau={s.tau:g} T={s.duration:g}  {p.label}")
    return "\n".join(rows)


def _joined(argv: list[str]) -> list[str]:
    """``--flag VALUE`` as ``--flag=VALUE`` for the flags that take numbers: argparse
    would take a value such as ``-15@20:25`` for an unknown option."""
    out: list[str] = []
    it = iter(argv)
    for token in it:
        if token in VALUE_FLAGS:
            value = next(it, None)
            out.append(token if value is None else f"{token}={value}")
        else:
            out.append(token)
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the neuron CLI on ``argv`` (default ``sys.argv[1:]``); returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = build_parser().parse_args(_joined(argv))
        if args.list:
            print(_listing())
            return 0
        for flag, path in (("--spikes", args.spikes), ("--trace", args.trace)):
            if path is not None and Path(path).suffix.lower() != ".csv":
                raise UsageError(f"{flag}: the file must end in .csv (got {path!r}).")
        try:
            pattern = get_pattern(args.pattern)
        except ValueError as err:
            raise UsageError(f"--pattern: {err}") from None
        changes = _changes(args)
        from .simulate import simulate_neuron
        try:
            trace = simulate_neuron(pattern, scheme=args.scheme, **changes)
        except ValueError as err:
            raise UsageError(str(err)) from None
    except UsageError as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 2

    from .io import spikes_csv, summary_line, trace_csv, write_text
    written = []
    try:
        if args.spikes is not None:
            written.append(write_text(args.spikes, spikes_csv(trace)))
        if args.trace is not None:
            written.append(write_text(args.trace, trace_csv(trace)))
        if args.figure is not None:
            from ..figures_neuron import write_neuron_figure
            label = pattern.label + (" (changed)" if changes else "")
            written += write_neuron_figure(trace, args.figure, f"neuron_{pattern.key}",
                                           title=f"{label}, {args.scheme}: "
                                                 f"{trace.n_spikes} spikes")
    except OSError as err:
        print(f"{PROG}: error: cannot write {err.filename}: {err.strerror}.", file=sys.stderr)
        return 2
    if args.summary:
        print(summary_line(trace, pattern.key, changed=sorted(changes)))
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
