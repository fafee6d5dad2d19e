"""Command line: one headless run of the network.

    python -m izhi_core --summary
    python -m izhi_core --exc-type CH --weights S1 --seed 3 --figures figures
    python -m izhi_core --ne 80000 --ni 20000 --inputs 1000 --mode fast --summary

Bad input: one sentence on stderr that names the flag, and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
from pathlib import Path

from .config import MODES, NetworkConfig
from .presets import NEURON_TYPES, WEIGHT_SCENARIOS

FIELD_FLAGS = {
    "ne": "--ne", "ni": "--ni", "duration": "--duration", "exc_type": "--exc-type",
    "inh_type": "--inh-type", "exc_weight": "--exc-weight", "inh_weight": "--inh-weight",
    "exc_noise": "--exc-noise", "inh_noise": "--inh-noise", "seed": "--seed",
    "mode": "--mode", "inputs": "--inputs",
}


class UsageError(Exception):
    """A bad flag or value; the message is the one line shown."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print usage and exit
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m izhi_core",
                description="Run Izhikevich's (2003) spiking network once, headless. "
                            "Defaults are the seed script's run (7598 spikes).")
    d = NetworkConfig()
    # Values are taken as text and validated by NetworkConfig, so the CLI and
    # the dashboard give the same sentences.
    p.add_argument("--ne", default=d.ne, help=f"excitatory neurons (default {d.ne})")
    p.add_argument("--ni", default=d.ni, help=f"inhibitory neurons (default {d.ni})")
    p.add_argument("--duration", default=d.duration, help="network time in ms (default 1000)")
    p.add_argument("--exc-type", default=d.exc_type, help=f"one of {', '.join(NEURON_TYPES)}")
    p.add_argument("--inh-type", default=d.inh_type, help=f"one of {', '.join(NEURON_TYPES)}")
    p.add_argument("--weights", default=None, choices=list(WEIGHT_SCENARIOS),
                   help="the seed's weight scenario (sets both weight scales)")
    p.add_argument("--exc-weight", default=None, help="excitatory weight scale (default 0.5)")
    p.add_argument("--inh-weight", default=None, help="inhibitory weight scale (default 1.0)")
    p.add_argument("--exc-noise", default=d.exc_noise, help="excitatory noise SD, mV (default 5)")
    p.add_argument("--inh-noise", default=d.inh_noise, help="inhibitory noise SD, mV (default 2)")
    p.add_argument("--seed", default=d.seed, help="random seed, 0 .. 2**32-1 (default 0)")
    p.add_argument("--mode", default=d.mode, choices=list(MODES),
                   help="seed: spike-for-spike the seed script; fast: same statistics, faster")
    p.add_argument("--inputs", default=None, metavar="K",
                   help="K inputs per neuron (sparse); omitted: all-to-all as the seed")
    p.add_argument("--spikes", default=None, metavar="FILE",
                   help="write the spikes to FILE (.csv: time_ms,neuron; or .npz)")
    p.add_argument("--figures", default=None, metavar="DIR",
                   help="write the seed's four figures to DIR (HTML, and PNG when possible)")
    p.add_argument("--summary", action="store_true",
                   help="print one JSON line: n_spikes, rates, sim_seconds, peak memory")
    return p


def _config(args: argparse.Namespace) -> NetworkConfig:
    values = {name: getattr(args, name) for name in FIELD_FLAGS}
    for name in ("exc_weight", "inh_weight"):
        if values[name] is None:
            del values[name]
    try:
        return NetworkConfig.from_mapping(values, weights=args.weights or "default")
    except ValueError as err:
        text = str(err)
        field = text.split(" ", 1)[0]
        if field in FIELD_FLAGS:
            text = f"{FIELD_FLAGS[field]}: {text}"
        raise UsageError(text) from None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["neuron"]:
        from .neuron.cli import main as neuron_main
        return neuron_main(argv[1:])
    try:
        args = build_parser().parse_args(argv)
        config = _config(args)
        if args.spikes is not None and Path(args.spikes).suffix.lower() not in (".csv", ".npz"):
            raise UsageError(f"--spikes: the file must end in .csv or .npz (got {args.spikes!r}).")
    except UsageError as err:
        print(f"python -m izhi_core: error: {err}", file=sys.stderr)
        return 2

    from .analysis import mean_rates
    from .config import MAX_MAP_COLS, MAX_MAP_ROWS, Recording
    from .simulate import default_recording, simulate

    record = default_recording(config)
    if args.figures is not None:
        # the seed's current figure shows every neuron and every ms; so do we, up to 2,000
        record = Recording(neurons=record.neurons, map_rows=MAX_MAP_ROWS,
                           map_cols=min(config.duration, MAX_MAP_COLS))
    result = simulate(config, record)
    try:
        if args.spikes is not None:
            from .io import write_spikes
            write_spikes(result, args.spikes)
        written = []
        if args.figures is not None:
            from .figures import write_figures
            written = write_figures(result, args.figures)
    except OSError as err:
        print(f"python -m izhi_core: error: cannot write {err.filename}: {err.strerror}.",
              file=sys.stderr)
        return 2
    if args.summary:
        rate_e, rate_i = mean_rates(result.spike_neurons, config.ne, config.ni, config.duration)
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({
            "n_spikes": result.n_spikes,
            "rate_exc_hz": round(rate_e, 4),
            "rate_inh_hz": round(rate_i, 4),
            "sim_seconds": round(result.sim_seconds, 6),
            "build_seconds": round(result.build_seconds, 6),
            "peak_memory_mb": round(peak_kb / 1024, 1),
        }))
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
