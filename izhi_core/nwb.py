"""A run's spikes and configuration as an NWB file (Neurodata Without Borders, pynwb).

The Units table holds one unit per neuron, in the network's order (id = neuron index):
its spike times in seconds, its population (``excitatory`` or ``inhibitory``), its
neuron type and its own a, b, c, d (the original script's recipe gives every neuron
its own: :func:`izhi_core.heterogeneity.parameters_of`). The configuration is in the
file's metadata: ``notes`` holds it as JSON (what :func:`read_nwb` reads back and
``python -m izhi_core`` takes), ``source_script`` the command line that reruns it.

pynwb is imported when a file is written or read, not with :mod:`izhi_core`.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from .analysis import MS_PER_S
from .config import NetworkConfig, command_line
from .heterogeneity import PARAMETERS, parameters_of
from .result import SimulationResult

NWB_SUFFIX = ".nwb"
POPULATIONS = ("excitatory", "inhibitory")
PARAMETER_TEXT = {
    "a": "time scale of the recovery variable u, 1/ms (Izhikevich 2003)",
    "b": "sensitivity of u to subthreshold v, dimensionless (Izhikevich 2003)",
    "c": "after-spike reset value of v, mV (Izhikevich 2003)",
    "d": "after-spike increment of u, mV/ms (Izhikevich 2003)",
}


def _identifier(config: NetworkConfig) -> str:
    """The same run, the same identifier: runs are deterministic, so the configuration
    names the data."""
    text = json.dumps(config.to_dict(), sort_keys=True)
    return "izhikevich2003-" + hashlib.sha256(text.encode()).hexdigest()[:16]


def _units(result: SimulationResult) -> Any:
    """The Units table, built from whole columns (a neuron at a time costs about a
    millisecond each in pynwb: minutes for a large network)."""
    from hdmf.common import VectorData, VectorIndex
    from pynwb.misc import Units

    cfg = result.config
    order = np.argsort(result.spike_neurons, kind="stable")  # by neuron, then time
    times = result.spike_times[order].astype(np.float64) / MS_PER_S
    ends = np.cumsum(np.bincount(result.spike_neurons, minlength=cfg.n))
    spike_times = VectorData(name="spike_times", data=times,
                             description="the times, s, of the 1 ms steps at which the "
                                         "neuron's v reached +30 mV")
    params = parameters_of(cfg)
    types = np.array([cfg.exc_type] * cfg.ne + [cfg.inh_type] * cfg.ni)
    columns = [
        spike_times,
        VectorIndex(name="spike_times_index", data=ends.astype(np.int64),
                    target=spike_times),
        VectorData(name="population", description="excitatory or inhibitory",
                   data=np.repeat(np.array(POPULATIONS), [cfg.ne, cfg.ni])),
        VectorData(name="neuron_type", data=types,
                   description="the population's neuron type (izhi_core.presets)"),
        *[VectorData(name=p, data=params[p], description=PARAMETER_TEXT[p])
          for p in PARAMETERS],
    ]
    return Units(name="units", id=np.arange(cfg.n), columns=columns,
                 description="one unit per model neuron, id = its index in the network",
                 resolution=1.0 / MS_PER_S)


def nwb_file(result: SimulationResult, when: datetime | None = None) -> Any:
    """The run as a :class:`pynwb.NWBFile` (not written).

    Parameters
    ----------
    result : SimulationResult
    when : datetime, optional
        The session's start time (default now, UTC): a simulation has no clock of
        its own, and NWB asks for one.
    """
    from pynwb import NWBFile

    cfg = result.config
    nwb = NWBFile(
        session_description=(
            f"Izhikevich (2003) pulse-coupled network, simulated: {cfg.ne} {cfg.exc_type} "
            f"excitatory and {cfg.ni} {cfg.inh_type} inhibitory neurons, weights "
            f"{cfg.exc_weight:g} / {cfg.inh_weight:g} mV/ms, noise {cfg.exc_noise:g} / "
            f"{cfg.inh_noise:g} mV/ms, seed {cfg.seed}, {cfg.duration} ms, {cfg.mode} mode"),
        identifier=_identifier(cfg),
        session_start_time=when or datetime.now(UTC),
        experiment_description="Izhikevich EM (2003) Simple model of spiking neurons. "
                               "IEEE Trans Neural Netw 14(6):1569-1572.",
        notes=json.dumps(cfg.to_dict()),
        source_script=command_line(cfg),
        source_script_file_name="python -m izhi_core",
    )
    nwb.units = _units(result)
    return nwb


def write_nwb(result: SimulationResult, path: str | Path) -> Path:
    """Write the run to ``path`` (``.nwb``, HDF5)."""
    from pynwb import NWBHDF5IO

    path = Path(path)
    if path.suffix.lower() != NWB_SUFFIX:
        raise ValueError(f"An NWB file's name must end in {NWB_SUFFIX} (got {path.name!r}).")
    nwb = nwb_file(result)
    try:
        io = NWBHDF5IO(str(path), "w")
    except OSError as err:  # h5py's errors name no file, and often no errno
        reason = os.strerror(err.errno) if err.errno else "HDF5 cannot create it"
        if not path.parent.is_dir():
            reason = os.strerror(errno.ENOENT)
        raise OSError(err.errno or errno.EIO, reason, str(path)) from None
    with io:
        io.write(nwb)
    return path


def nwb_bytes(result: SimulationResult) -> bytes:
    """The file :func:`write_nwb` writes, as bytes (HDF5 writes to a file: a temporary
    one, removed)."""
    with tempfile.TemporaryDirectory(prefix="izhi-nwb-") as folder:
        path = write_nwb(result, Path(folder) / f"run{NWB_SUFFIX}")
        return path.read_bytes()


def read_nwb(path: str | Path) -> tuple[np.ndarray, np.ndarray, NetworkConfig]:
    """An NWB file of :func:`write_nwb` read back: spike times (ms, int32) and neurons
    (int32) in the original script's order (time, then neuron), and the configuration."""
    from pynwb import NWBHDF5IO

    with NWBHDF5IO(str(path), "r") as io:
        nwb = io.read()
        units = nwb.units
        index = units["spike_times"]  # a ragged column: its index, whose target is the times
        times = np.asarray(index.target.data[:], dtype=np.float64)
        ends = np.asarray(index.data[:], dtype=np.int64)
        ids = np.asarray(units.id.data[:], dtype=np.int64)
        config = NetworkConfig.from_mapping(json.loads(nwb.notes))
    counts = np.diff(ends, prepend=0)
    neurons = np.repeat(ids, counts).astype(np.int32)
    ms = np.rint(times * MS_PER_S).astype(np.int32)
    order = np.lexsort((neurons, ms))
    return ms[order], neurons[order], config
