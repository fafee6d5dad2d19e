"""docs/sweeps.md follows the code: the sweep's flags, the regimes' thresholds, the peaks'
bands and criterion, and the caps are those of izhi_core."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_docs import table_rows

from izhi_core import analysis, metrics
from izhi_core.__main__ import build_parser as run_parser
from izhi_core.sweep import METRICS, spec
from izhi_core.sweep.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "sweeps.md"
TEXT = DOC.read_text(encoding="utf-8")
WORDS = " ".join(TEXT.split())  # the prose with its line breaks as spaces


def flags(parser) -> set[str]:
    return {opt for action in parser._actions for opt in action.option_strings
            if opt.startswith("--") and opt != "--help"}


def test_the_docs_table_has_every_flag_the_sweep_adds_to_a_runs():
    own = flags(build_parser()) - flags(run_parser())
    assert own == {"--vary", "--seeds", "--out", "--resume", "--scheduler", "--workers"}
    assert set(table_rows(DOC, "flag")) == own | {"--summary"}


def test_the_metrics_table_has_every_column_of_the_table():
    rows = table_rows(DOC, "column")
    assert set(rows) == set(METRICS)


def number(x: float) -> str:
    return f"{x:g}"


@pytest.mark.parametrize("regime, numbers", [
    ("silent", [metrics.SILENT_RATE_HZ]),
    ("synchronous bursting", [metrics.BURST_SYNCHRONY, metrics.BURST_CV]),
    ("runaway", [metrics.RUNAWAY_RATE_HZ]),
])
def test_the_regimes_rules_are_the_codes(regime, numbers):
    rows = {line.split(" | ")[0].strip("| "): line for line in TEXT.splitlines()
            if line.startswith("| ")}
    assert regime in rows
    for x in numbers:
        assert re.search(rf"(?<![\d.]){re.escape(number(x))}(?![\d.])", rows[regime]), (
            x, rows[regime])
    assert list(metrics.REGIMES) == [r for r in rows if r in metrics.REGIMES]


def test_the_peaks_synchrony_and_caps_are_the_codes():
    rows = table_rows(DOC, "column")
    low = rows["low_peak_hz"]
    assert f"{number(analysis.LOW_BAND[0])}–{number(analysis.LOW_BAND[1])} Hz" in low
    assert f"at least {number(analysis.MIN_PROMINENCE)} times" in low
    assert f"below {number(analysis.MIN_RATE_FOR_PEAK_HZ)} Hz" in low
    gamma = f"{number(analysis.GAMMA_BAND[0])}–{number(analysis.GAMMA_BAND[1])} Hz"
    assert gamma in rows["gamma_peak_hz"]
    assert f"{metrics.SYNCHRONY_BIN_MS} ms bins" in rows["synchrony"]
    assert f"more than {spec.MAX_POINTS:,} points" in WORDS
    assert spec.MAX_SWEEP_NEURON_MS == 100 * 10**9 and "100 billion neuron-ms" in WORDS
    assert spec.MAX_SWEEP_SYNAPSE_MS == 100 * 10**12 and "100 trillion synapse-ms" in WORDS
