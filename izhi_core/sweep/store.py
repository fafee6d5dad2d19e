"""A sweep's results folder: every finished run kept, so that a sweep can resume.

The folder holds ``results.jsonl``, one line a run: ``{"key": ..., "metrics": {...}}``
with the run's canonical configuration (:func:`~izhi_core.sweep.spec.config_key`) as
its key, and ``sweep.json``, what wrote it (the metrics' names, the last spec run).
Lines are appended and flushed as each batch finishes; a process killed in the
middle of a line leaves a torn last line, which the next open drops. A killed sweep,
or a sweep extended by more values or seeds, run again on the same folder computes
only what is missing. JSON keeps floats exactly (``repr``), so a resumed run's
metrics are those it was computed with.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ..fields import FieldError, shown
from ..metrics import REGIMES
from .spec import SweepSpec

RESULTS = "results.jsonl"
META = "sweep.json"
LOCK = ".lock"
FORMAT = 1

METRICS = ("n_spikes", "rate_exc_hz", "rate_inh_hz", "low_peak_hz", "low_peak_prominence",
           "gamma_peak_hz", "gamma_peak_prominence", "synchrony", "mean_isi_cv", "regime")
"""The columns :func:`izhi_core.metrics.run_metrics` gives a run, in the table's order."""

_LABELS = {label: label for label in REGIMES}

Packed = tuple[Any, ...]


def pack(metrics: dict[str, Any]) -> Packed:
    """A run's metrics as a tuple in :data:`METRICS` order, its regime label shared with
    every other run's: about 350 bytes, a quarter of the dict (a sweep keeps one a run)."""
    values = [metrics[name] for name in METRICS]
    values[-1] = _LABELS.get(values[-1], values[-1])
    return tuple(values)


def unpack(packed: Packed) -> dict[str, Any]:
    """The metrics dict of :func:`pack`'s tuple."""
    return dict(zip(METRICS, packed, strict=True))


def digest(key: str) -> bytes:
    """16 bytes that stand for a canonical configuration in memory (the file keeps the
    configuration itself)."""
    return hashlib.blake2b(key.encode(), digest_size=16).digest()


class ResultsFolder:
    """A results folder, opened for one sweep at a time (an exclusive lock).

    Parameters
    ----------
    path : str or Path
        The folder; created (with its parents) if missing.

    Raises
    ------
    FieldError
        The folder cannot be made or read, another sweep holds it, or it was written
        with other metrics (its runs would not be comparable).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self._lock = open(self.path / LOCK, "a")  # held until close()
        except OSError as err:
            raise FieldError(f"The results folder must be a folder this user can write "
                             f"(got {shown(str(path))}: {err.strerror}).", "resume") from None
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            raise FieldError(f"The results folder {shown(str(path))} is in use by another "
                             "sweep; give another folder or wait for it.", "resume") from None
        try:
            self._check_meta()
            self._done = self._read()
        except BaseException:
            self.close()
            raise
        self._out = open(self.path / RESULTS, "a", encoding="utf-8")

    def _check_meta(self) -> None:
        meta = self.path / META
        if not meta.exists():
            return
        try:
            written = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            written = None
        if not isinstance(written, dict) or written.get("metrics") != list(METRICS):
            raise FieldError(f"The results folder {shown(str(self.path))} was written by "
                             "another sweep format or other metrics; give a new folder.",
                             "resume")

    def __len__(self) -> int:
        return len(self._done)

    def __contains__(self, key: str) -> bool:
        return digest(key) in self._done

    def get(self, key: str) -> dict[str, Any] | None:
        """The metrics of the run filed under ``key`` (a canonical configuration), or None."""
        packed = self._done.get(digest(key))
        return None if packed is None else unpack(packed)

    def _read(self) -> dict[bytes, Packed]:
        """The runs on file by key; a torn last line (a killed writer) is cut off."""
        done: dict[bytes, Packed] = {}
        path = self.path / RESULTS
        if not path.exists():
            return done
        good = 0
        with open(path, "rb") as f:
            for line in f:
                if not line.endswith(b"\n"):
                    break
                try:
                    row = json.loads(line)
                    done[digest(row["key"])] = pack(row["metrics"])
                except (ValueError, KeyError, TypeError):
                    break
                good += len(line)
        if good < path.stat().st_size:
            os.truncate(path, good)
        return done

    def start(self, spec: SweepSpec) -> None:
        """Record what this folder is being used for (the newest spec wins)."""
        meta = {"format": FORMAT, "metrics": list(METRICS), "spec": spec.to_dict()}
        tmp = self.path / (META + ".tmp")
        tmp.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, self.path / META)

    def add(self, rows: list[tuple[str, dict[str, Any]]]) -> None:
        """Append finished runs, ``(key, metrics)``, and flush them to the file."""
        text = "".join(json.dumps({"key": key, "metrics": metrics}, separators=(",", ":"))
                       + "\n" for key, metrics in rows)
        for key, metrics in rows:
            self._done[digest(key)] = pack(metrics)
        self._out.write(text)
        self._out.flush()

    def close(self) -> None:
        """Flush and let another sweep open the folder."""
        out = getattr(self, "_out", None)
        if out is not None and not out.closed:
            out.close()
        if not self._lock.closed:
            self._lock.close()  # closing releases the flock

    def __enter__(self) -> ResultsFolder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
