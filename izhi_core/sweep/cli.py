"""Command line of sweeps: ``python -m izhi_core sweep ...``.

    python -m izhi_core sweep --vary exc_weight=0:1:21 --vary inh_weight=0:2:21 \\
        --seeds 3 --out plane.parquet
    python -m izhi_core sweep --ne 400 --mode fast --vary exc_type=RS,CH,IB --out t.csv
    python -m izhi_core sweep --vary exc_noise=0.5:16:6:log --resume runs/ --summary

Every flag of a single run sets the base network; ``--vary FIELD=START:STOP:COUNT``
(inclusive, ``:log`` after COUNT for a log range) or ``--vary FIELD=V1,V2,...`` adds an
axis; ``--seeds K`` replicates each point over K seeds. Progress on stderr. Bad input:
one sentence on stderr naming the flag, and exit status 2.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import time
from collections import Counter
from typing import Any

from ..cli import Parser, UsageError, add_network_flags, flag_of, network_config
from ..fields import FieldError
from .spec import AXIS_FIELDS, Axis, SweepSpec

PROG = "python -m izhi_core sweep"
SCHEDULER_ENV = "DASK_SCHEDULER_ADDRESS"
_OWN_FLAGS = {"out": "--out", "resume": "--resume", "scheduler": "--scheduler",
              "workers": "--workers"}


def build_parser() -> Parser:
    """The base network's flags (those of one run), then the sweep's."""
    p = Parser(prog=PROG, allow_abbrev=False,
               description="Run the network over a grid of its fields, in parallel on "
                           "this machine or on a Dask cluster, and write a table with a "
                           "row a run: the fields and the run's metrics (docs/sweeps.md).")
    add_network_flags(p)
    p.add_argument("--vary", action="append", default=[], metavar="FIELD=VALUES",
                   help="an axis: FIELD=START:STOP:COUNT (inclusive; add :log for a log "
                        "range) or FIELD=V1,V2,...; FIELD is one of "
                        f"{', '.join(AXIS_FIELDS)}. Repeat for more axes (the first is "
                        "outermost).")
    p.add_argument("--seeds", default="1", metavar="K",
                   help="replicate every point over K seeds: --seed, --seed + 1, ... "
                        "(default 1)")
    p.add_argument("--out", default=None, metavar="FILE",
                   help="write the table to FILE: .parquet (or .pq) or .csv")
    p.add_argument("--resume", default=None, metavar="DIR",
                   help="keep each finished run in DIR (made if missing), and run only what "
                        "DIR does not have yet")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="run on the Dask cluster of this scheduler (tcp://host:8786; "
                        f"default ${SCHEDULER_ENV}, else processes on this machine)")
    p.add_argument("--workers", default=None, metavar="N",
                   help="processes on this machine (default: one per core)")
    p.add_argument("--summary", action="store_true",
                   help="print one JSON line: points, runs computed and reused, seconds, "
                        "runs per second, workers, the regimes' counts")
    return p


def _spec(args: Any) -> SweepSpec:
    base = network_config(args)
    axes = []
    for text in args.vary:
        try:
            axes.append(Axis.parse(text))
        except FieldError as err:
            raise UsageError(f"--vary {text}: {err}") from None
    try:
        return SweepSpec(base, tuple(axes), seeds=args.seeds)
    except FieldError as err:
        flag = "--seeds" if err.field == "seeds" else (
            "--vary" if err.field in {a.field for a in axes} else flag_of(err.field))
        raise UsageError(f"{flag}: {err}" if flag else str(err)) from None


def _workers(text: str | None) -> int | None:
    if text is None:
        return None
    from ..config import check_int

    try:
        return check_int("Workers", text, 1, 1024)
    except FieldError as err:
        raise UsageError(f"--workers: {err}") from None


def _stop_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)  # unwinds the sweep: its workers are stopped


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from . import engine
    from .store import ResultsFolder
    from .table import table_path

    folder = executor = None
    try:
        args = build_parser().parse_args(argv)
        spec = _spec(args)
        workers = _workers(args.workers)
        address = args.scheduler or os.environ.get(SCHEDULER_ENV) or None
        if args.out is None and args.resume is None and not args.summary:
            raise UsageError("give --out FILE (.parquet or .csv) or --resume DIR to keep "
                             "the results, or --summary.")
        if address is not None and workers is not None:
            raise UsageError("--workers: give it for processes on this machine, not with a "
                             "Dask scheduler (its workers are the cluster's).")
        try:
            if args.out is not None:
                table_path(args.out)
            if args.resume is not None:
                folder = ResultsFolder(args.resume)
            executor = (engine.DaskExecutor(address) if address is not None
                        else engine.LocalExecutor(workers))
        except FieldError as err:
            flag = _OWN_FLAGS.get(err.field or "", "")
            raise UsageError(f"{flag}: {err}" if flag else str(err)) from None
    except UsageError as err:
        if folder is not None:
            folder.close()
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        return _run(args, spec, executor, folder)
    except KeyboardInterrupt:
        kept = f"; the finished runs are in {args.resume}" if args.resume else ""
        print(f"{PROG}: interrupted{kept}.", file=sys.stderr)
        return 130
    except engine.SweepError as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 1
    finally:
        executor.close()
        if folder is not None:
            folder.close()


def _run(args: Any, spec: SweepSpec, executor: Any, folder: Any) -> int:
    from tqdm import tqdm

    from .engine import DaskExecutor, LocalExecutor, PointResult, run_sweep
    from .store import pack, unpack

    start = time.perf_counter()
    dask = isinstance(executor, DaskExecutor)
    todo = [p for p in spec.points() if folder is None or p.key not in folder]
    if isinstance(executor, LocalExecutor):
        executor.start(len(todo))  # they load numba while this process gets ready
    where = (f"the Dask cluster at {executor.address}" if dask
             else f"{executor.workers} local process" + ("es" if executor.workers > 1 else ""))
    estimate = spec.expected_seconds(executor.workers, todo)
    kept = (f", {spec.n_points - len(todo):,} of them in {args.resume}"
            if folder is not None else "")
    print(f"{spec.shape_text()} points{kept}: about {estimate:,.0f} s on {where}.",
          file=sys.stderr)
    bar = tqdm(total=spec.n_points, unit="run", file=sys.stderr, dynamic_ncols=True,
               desc="sweep")

    def progress(done: int, total: int) -> None:
        bar.update(done - bar.n)

    # a tuple a run, not its PointResult (a fifth of the memory): the configurations
    # come back from the spec when the table is made
    packed: list[tuple[Any, ...] | None] = [None] * spec.n_points
    try:
        for result in run_sweep(spec, executor=executor, progress=progress, resume=folder):
            packed[result.point.index] = pack(result.metrics)
    finally:
        bar.close()
    executor.close()  # the workers' memory goes before pandas and the table come in
    seconds = time.perf_counter() - start
    if args.out is not None:
        from .table import results_table, write_table

        table = results_table(PointResult(p, unpack(packed[p.index])) for p in spec.points())
        try:
            write_table(table, args.out)
        except OSError as err:
            print(f"{PROG}: error: cannot write {args.out}: {err.strerror}.", file=sys.stderr)
            return 2
        del table
    if args.summary:
        computed = len(todo)
        regimes = Counter(m[-1] for m in packed)
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({
            "points": spec.n_points,
            "computed": computed,
            "reused": spec.n_points - computed,
            "seconds": round(seconds, 3),
            "runs_per_second": round(computed / seconds, 2) if seconds > 0 else None,
            "workers": executor.workers,
            "executor": "dask" if dask else "local",
            "regimes": dict(sorted(regimes.items())),
            "out": args.out,
            "peak_memory_mb": round(peak_kb / 1024, 1),
        }))
    return 0
