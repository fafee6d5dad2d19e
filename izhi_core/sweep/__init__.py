"""Sweeps: many runs of the network over a grid of its fields, as a table of metrics.

    from izhi_core import NetworkConfig
    from izhi_core.sweep import Axis, SweepSpec, results_table, run_sweep

    spec = SweepSpec(NetworkConfig(), axes=(Axis.linear("exc_weight", 0, 1, 21),
                                            Axis.linear("inh_weight", 0, 2, 21)), seeds=3)
    spec.n_points, spec.expected_seconds(workers=2)     # 1,323 points, seconds
    table = results_table(run_sweep(spec))              # pandas: a row a run

:mod:`.spec` validates what runs, :mod:`.engine` runs it (local processes or a Dask
cluster), :mod:`.worker` is a worker's work (a run and its metrics), :mod:`.store`
keeps finished runs for a resume, :mod:`.table` makes the table. No dash, ever;
pandas only in :mod:`.table`, Dask only in :class:`DaskExecutor`.
"""

from .engine import DaskExecutor, LocalExecutor, PointResult, SweepError, run_sweep
from .spec import Axis, Point, SweepSpec, config_key
from .store import METRICS, ResultsFolder
from .table import results_table, write_table

__all__ = ["METRICS", "Axis", "DaskExecutor", "LocalExecutor", "Point", "PointResult",
           "ResultsFolder", "SweepError", "SweepSpec", "config_key", "results_table",
           "run_sweep", "write_table"]
