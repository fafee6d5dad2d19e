"""python -m izhi_core neuron end to end: outputs, and bad input as one line and exit 2."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import reference_figure1 as ref

from izhi_core.__main__ import main as package_main
from izhi_core.neuron import cli

ROOT = Path(__file__).resolve().parents[1]
PROG = "python -m izhi_core neuron: error: "


def run(*args):
    return subprocess.run([sys.executable, "-m", "izhi_core", "neuron", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_summary_spikes_and_trace(tmp_path):
    spikes, trace = tmp_path / "s.csv", tmp_path / "t.csv"
    out = run("--pattern", "tonic_spiking", "--summary", "--spikes", str(spikes),
              "--trace", str(trace))
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    expected = ref.panel_a()
    assert summary["pattern"] == "A" and summary["n_spikes"] == expected["spike_times"].size
    assert summary["spike_times_ms"] == expected["spike_times"].tolist()
    assert spikes.read_text().splitlines()[0] == "time_ms"
    np.testing.assert_array_equal(np.loadtxt(spikes, skiprows=1, ndmin=1),
                                  expected["spike_times"])
    assert trace.read_text().splitlines()[0] == "time_ms,v,u,I"
    table = np.loadtxt(trace, delimiter=",", skiprows=1)
    for col, name in enumerate(("t", "v", "u", "I")):
        np.testing.assert_array_equal(table[:, col], expected[name])  # %.17g round-trips


def test_figure(tmp_path, capsys):
    assert cli.main(["--pattern", "K", "--figure", str(tmp_path)]) == 0
    html = tmp_path / "neuron_K.html"
    assert html.stat().st_size > 1000 and (tmp_path / "plotly.min.js").exists()
    assert "(K) resonator, figure2004: 1 spikes" in html.read_text()
    assert capsys.readouterr().err.splitlines()[0] == f"wrote {html}"


def test_dispatch_from_the_package_main_and_the_bare_network_run(capsys):
    assert package_main(["neuron", "--pattern", "B", "--summary"]) == 0
    assert json.loads(capsys.readouterr().out)["pattern"] == "B"
    assert package_main(["--duration", "5", "--summary"]) == 0
    assert "rate_exc_hz" in json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("args, line", [
    (["--tau", "x"], "--tau: the step must be a number from 0.01 to 1 ms (got 'x')."),
    (["--step", "10@abc"], "--step: the window must be AMP@T0 or AMP@T0:T1, e.g. 10@20:80, "
                           "times in ms (got '10@abc')."),
])
def test_bad_input_in_a_subprocess(args, line):
    out = run(*args)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.splitlines() == [PROG + line]
    assert "Traceback" not in out.stderr and "usage" not in out.stderr


@pytest.mark.parametrize("args, line", [
    (["--pattern", "Z"], "--pattern: the pattern must be a letter A-T, a name such as "
                         "tonic_spiking, or one of RS, IB, CH, FS, TC, TCb, RZ, LTS (got 'Z')."),
    (["--scheme", "rk4"], "argument --scheme: invalid choice: 'rk4' (choose from "
                          "'figure2004', 'network2003', 'euler')"),
    (["--a", "5"], "--a: a, the time scale of u, must be a number from -1 to 1 per ms "
                   "(got '5')."),
    (["--c", "nan"], "--c: c, the reset of v, must be a number from -100 to 0 mV (got 'nan')."),
    (["--duration"], "argument --duration: expected one argument"),
    (["--bogus"], "unrecognized arguments: --bogus"),
    (["--dur", "5"], "unrecognized arguments: --dur 5"),
    (["--pulse", "5@20+0"], "--pulse: the width must be more than 0 ms (got '0')."),
    (["--pulse", "5@20"], "--pulse: the window must be AMP@T0+WIDTH, e.g. 5@20+3, times in ms "
                          "(got '5@20')."),
    (["--ramp", "1@50:40"], "--ramp: the window must end after it starts (got '1@50:40')."),
    (["--step", "2000@1"], "--step: the current must be a number from -1000 to 1000 "
                           "(got '2000')."),
    (["--base", "x"], "--base: the current must be a number from -1000 to 1000 (got 'x')."),
    (["--spikes", "s.txt"], "--spikes: the file must end in .csv (got 's.txt')."),
    (["--trace", "t.npz"], "--trace: the file must end in .csv (got 't.npz')."),
    (["--tau", "0.01", "--duration", "10000", "--scheme", "euler", "--tau", "0.001"],
     "--tau: the step must be a number from 0.01 to 1 ms (got '0.001')."),
])
def test_bad_input_in_process(args, line, capsys):
    assert cli.main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.splitlines() == [PROG + line]


def test_flags_change_the_pattern_and_protocol_flags_replace_its_input(capsys):
    assert cli.main(["--pattern", "M", "--c", "-50", "--step", "-15@20:25", "--pulse",
                     "5@100+2", "--ramp", "0.1@150", "--base", "-1", "--summary"]) == 0
    s = json.loads(capsys.readouterr().out)
    assert s["pattern"] == "M" and s["c"] == -50 and s["changed"] == ["c", "protocol"]
    assert s["protocol"] == ("-1; -15 on (20, 25) ms; 5 on (100, 102) ms; "
                             "-1 + (t - 150)/1*0.1 on (150, inf) ms")
    assert cli.main(["--pattern", "RS", "--scheme", "network2003", "--summary"]) == 0
    s = json.loads(capsys.readouterr().out)
    assert s["tau_ms"] == 1.0 and s["scheme"] == "network2003" and s["n_spikes"] > 0


def test_list_names_every_pattern(capsys):
    assert cli.main(["--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 28 and lines[0].startswith("A    tonic_spiking")
    assert lines[-1].startswith("LTS  low_threshold_spiking")


def test_an_unwritable_file_is_one_line(tmp_path, capsys):
    assert cli.main(["--spikes", str(tmp_path / "no" / "s.csv")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(PROG + "cannot write ")
