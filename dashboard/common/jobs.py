"""Long runs in the background: the manager, the rule that sends a run there, progress.

A run expected to take longer than about half a second (a sparse network of
10,000s of neurons, a long duration) is not run inside a page's callback, which
would hold a server worker with no sign of life. The page puts the validated
request in a store instead, and a Dash background callback runs it in its own
process through a disk-cache manager (shared by every server worker, under the
system's temporary folder or ``IZHI_JOBS_DIR``), reporting the network time
simulated to the shell's progress bar. Cancel ends that process; the figures
keep the last finished run.
"""

from __future__ import annotations

import os
import tempfile

from dash import DiskcacheManager

from izhi_core import NetworkConfig
from izhi_core.config import expected_seconds

LARGE_RUN_SECONDS = 0.5
PROGRESS_STEPS = 40  # progress reports per run
POLL_MS = 200


def is_large(config: NetworkConfig) -> bool:
    """Whether ``config`` runs in the background, with a progress bar."""
    return expected_seconds(config) > LARGE_RUN_SECONDS


def manager() -> DiskcacheManager:
    """The disk-cache manager of background runs (one folder for all workers).

    Jobs start from a fork server, not by forking the web worker: the worker may
    have run numba's parallel kernels, and a process that has used GNU OpenMP
    (numba's threading layer where libgomp is installed) must not fork. The fork
    server is a fresh process that imports the core once and never runs a kernel.
    """
    import diskcache
    import multiprocess

    if multiprocess.get_start_method(allow_none=True) != "forkserver":
        multiprocess.set_start_method("forkserver", force=True)
        multiprocess.set_forkserver_preload(["izhi_core", "dashboard.common.jobs"])
    # Started now, not at the first job: its imports take seconds on a cold machine, which
    # the first large run would otherwise wait for with an empty progress bar. (Not from a
    # job, which imports the server's main module again, and this with it.)
    if not getattr(multiprocess.current_process(), "_inheriting", False):
        from multiprocess import forkserver

        forkserver.ensure_running()

    folder = os.environ.get("IZHI_JOBS_DIR") or os.path.join(tempfile.gettempdir(),
                                                             "izhi-jobs")
    return DiskcacheManager(diskcache.Cache(folder), expire=600)


def progress_text(done_ms: int, total_ms: int, building: bool = False) -> tuple[float, str]:
    """Progress bar value (percent) and label: the network time simulated, or that the
    synapses are being built (before the first ms)."""
    if building:
        return 0.0, f"building the synapses (then {total_ms:,} ms to simulate)"
    return 100.0 * done_ms / total_ms, f"{done_ms:,} of {total_ms:,} ms simulated"
