"""A job process that ends itself on purpose (its page stopped it while a kernel could not
be interrupted) is one warning line in the Celery worker's log; any other lost job process
keeps Celery's error and traceback (dashboard.common.jobs.DeliberateExit)."""

from __future__ import annotations

import io
import logging
import sys

import pytest
from billiard.einfo import ExceptionInfo
from billiard.exceptions import WorkerLostError

from dashboard.common import jobs

LOGGER = "celery.worker.request"  # where Celery reports a lost job process


@pytest.fixture
def worker_log():
    installed = jobs.quiet_deliberate_exits()
    assert jobs.quiet_deliberate_exits() is installed  # once, however often it is called
    logger = logging.getLogger(LOGGER)
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger.addHandler(handler)
    yield logger, out
    logger.removeHandler(handler)
    logger.removeFilter(installed)


def report_lost(logger: logging.Logger, status: str, billiard: bool) -> None:
    """What Celery's Request.on_failure logs for a job process that ended mid-job: the
    exception info as billiard hands it over (its exception wrapped with its traceback),
    or as a plain ``sys.exc_info()``."""
    try:
        raise WorkerLostError(f"Worker exited prematurely: {status} Job: 1.")
    except WorkerLostError as exc:
        info = ExceptionInfo(sys.exc_info()).exc_info if billiard else sys.exc_info()
        logger.error("Task handler raised error: %r", exc, exc_info=info)


@pytest.mark.parametrize("billiard", [True, False])
def test_a_deliberate_exit_is_one_warning_line(worker_log, billiard):
    logger, out = worker_log
    report_lost(logger, f"exitcode {jobs.STOPPED_EXIT}", billiard)
    text = out.getvalue()
    assert text.startswith("WARNING a job stopped by its page ended its process")
    assert "Traceback" not in text and text.count("\n") == 1


@pytest.mark.parametrize("status", ["exitcode 0", "exitcode 1", "signal 9 (SIGKILL)",
                                    f"exitcode {jobs.STOPPED_EXIT}0"])
def test_any_other_lost_job_keeps_celerys_error(worker_log, status):
    logger, out = worker_log
    report_lost(logger, status, billiard=True)
    text = out.getvalue()
    assert text.startswith("ERROR Task handler raised error: WorkerLostError")
    assert "Traceback" in text and status in text
