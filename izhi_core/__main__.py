"""Command line: one headless run of the network (``neuron ...``: one neuron, see
:mod:`izhi_core.neuron.cli`; ``sweep ...``: many runs, see :mod:`izhi_core.sweep.cli`;
``lessons ...``: check the network page's lessons, see :mod:`izhi_core.lessons`).

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

from .cli import Parser, UsageError, add_network_flags, network_config


def build_parser() -> argparse.ArgumentParser:
    """Flags of one run: one per field of :data:`izhi_core.fields.FIELDS`, then outputs."""
    p = Parser(prog="python -m izhi_core",
               description="Run Izhikevich's (2003) spiking network once, headless. "
                           "Defaults are the original script's run (7598 spikes). "
                           "'python -m izhi_core sweep --help': many runs, a table of "
                           "their metrics; 'neuron --help': one neuron; "
                           "'lessons --help': check the network page's lessons.")
    add_network_flags(p)
    p.add_argument("--spikes", default=None, metavar="FILE",
                   help="write the spikes to FILE (.csv: time_ms,neuron; or .npz)")
    p.add_argument("--nwb", default=None, metavar="FILE",
                   help="write the spikes and the configuration to FILE (.nwb: Neurodata "
                        "Without Borders, a unit per neuron with its population and a, b, c, "
                        "d)")
    p.add_argument("--figures", default=None, metavar="DIR",
                   help="write the original script's four figures to DIR (HTML, and PNG "
                        "when possible)")
    p.add_argument("--summary", action="store_true",
                   help="print one JSON line: n_spikes, rates, sim_seconds, peak memory")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["neuron"]:
        from .neuron.cli import main as neuron_main
        return neuron_main(argv[1:])
    if argv[:1] == ["sweep"]:
        from .sweep.cli import main as sweep_main
        return sweep_main(argv[1:])
    if argv[:1] == ["lessons"]:
        from .lessons import main as lessons_main
        return lessons_main(argv[1:])
    try:
        args = build_parser().parse_args(argv)
        config = network_config(args)
        if args.spikes is not None and Path(args.spikes).suffix.lower() not in (".csv", ".npz"):
            raise UsageError(f"--spikes: the file must end in .csv or .npz (got {args.spikes!r}).")
        if args.nwb is not None and Path(args.nwb).suffix.lower() != ".nwb":
            raise UsageError(f"--nwb: the file must end in .nwb (got {args.nwb!r}).")
    except UsageError as err:
        print(f"python -m izhi_core: error: {err}", file=sys.stderr)
        return 2

    from .analysis import mean_rates
    from .config import MAX_MAP_COLS, MAX_MAP_ROWS, Recording
    from .simulate import default_recording, simulate

    record = default_recording(config)
    if args.figures is not None:
        # the script's current figure shows every neuron and every ms; so do we, up to 2,000
        record = Recording(neurons=record.neurons, map_rows=MAX_MAP_ROWS,
                           map_cols=min(config.duration, MAX_MAP_COLS))
    result = simulate(config, record)
    try:
        if args.spikes is not None:
            from .io import write_spikes
            write_spikes(result, args.spikes)
        if args.nwb is not None:
            from .nwb import write_nwb
            write_nwb(result, args.nwb)
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
