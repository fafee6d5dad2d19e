"""python -m izhi_core end to end, in a subprocess, bad input included."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "data" / "original_default.npz"


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "izhi_core", *args], capture_output=True,
                          text=True, cwd=cwd or ROOT, timeout=300)


def test_summary_of_the_default_run():
    out = cli("--summary")
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout.strip().splitlines()[-1])
    assert summary["n_spikes"] == 7598
    assert round(summary["rate_exc_hz"], 2) == 7.64 and round(summary["rate_inh_hz"], 2) == 7.35
    assert 0 < summary["sim_seconds"] < 60 and summary["peak_memory_mb"] > 0


def test_spikes_csv_is_the_original_scripts_firings(tmp_path):
    path = tmp_path / "spikes.csv"
    out = cli("--spikes", str(path))
    assert out.returncode == 0, out.stderr
    lines = path.read_text().splitlines()
    assert lines[0] == "time_ms,neuron"
    got = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.int64)
    np.testing.assert_array_equal(got, np.load(FIXTURE)["firings"])


def test_spikes_npz_and_flags_reach_the_config(tmp_path):
    path = tmp_path / "s.npz"
    out = cli("--ne", "80", "--ni", "20", "--duration", "300", "--exc-type", "CH",
              "--inh-type", "FS", "--weights", "S1", "--inh-weight", "0.4", "--exc-noise", "6",
              "--inh-noise", "3", "--seed", "4", "--mode", "fast", "--inputs", "50",
              "--spikes", str(path), "--summary")
    assert out.returncode == 0, out.stderr
    data = np.load(path)
    cfg = json.loads(str(data["config"]))
    assert cfg == {"ne": 80, "ni": 20, "duration": 300, "exc_type": "CH", "inh_type": "FS",
                   "exc_weight": 0.6, "inh_weight": 0.4, "exc_noise": 6.0, "inh_noise": 3.0,
                   "seed": 4, "mode": "fast", "inputs": 50}
    assert data["spike_times"].size == json.loads(out.stdout)["n_spikes"] > 0


def test_figures_writes_the_original_scripts_four_figures(tmp_path):
    out = cli("--figures", str(tmp_path / "figs"), "--duration", "200")
    assert out.returncode == 0, out.stderr
    html = sorted(p.name for p in (tmp_path / "figs").glob("*.html"))
    assert len(html) == 4
    for kind in ("firings", "currents", "v", "u"):
        assert any(name.startswith(f"izhikevich_SNN_{kind}_Ne_") for name in html)
    assert all(p.stat().st_size > 1000 for p in (tmp_path / "figs").glob("*.html"))


@pytest.mark.parametrize(
    "args, words",
    [
        (["--ne", "abc"],
         "--ne: Excitatory neurons must be a whole number from 0 to 250,000 (got 'abc')."),
        (["--exc-weight", "nan"],
         "--exc-weight: Excitatory weight must be a number from 0 to 2 mV/ms"),
        (["--exc-type", "XX"], "--exc-type: Excitatory type must be one of RS, IB, CH"),
        (["--weights", "S9"],
         "--weights: Weight scenario must be one of default, S1, S2, S3, S4, S5 (got 'S9')."),
        (["--mode", "turbo"], "--mode: Mode must be one of exact, fast (got 'turbo')."),
        (["--inputs", "0"], "--inputs: Inputs per neuron must be a whole number from 1 to 1,002"),
        (["--ne", "9000"],
         "--inputs: An all-to-all network may have at most 5,000 neurons (got 9,202)"),
        (["--seed", "-1"], "--seed: Random seed must be a whole number from 0 to 4,294,967,295"),
        (["--spikes", "x.txt"], "--spikes: the file must end in .csv or .npz"),
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["--duration"], "argument --duration: expected one argument"),
    ],
)
def test_bad_input_exits_2_with_one_line(args, words):
    out = cli(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr.count("\n") == 1 and words in out.stderr
    assert "Traceback" not in out.stderr


def test_unwritable_output_is_a_sentence_not_a_traceback(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    out = cli("--duration", "50", "--spikes", str(blocker / "s.csv"))
    assert out.returncode == 2 and "cannot write" in out.stderr and "Traceback" not in out.stderr
