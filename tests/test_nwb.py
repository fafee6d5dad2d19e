"""NWB export (izhi_core.nwb): the files validate with pynwb.validate and read back the
same spikes, a unit per neuron with its population and a, b, c, d, the configuration
in the metadata; and python -m izhi_core --nwb."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pynwb
import pytest

from izhi_core import NetworkConfig, Recording, simulate
from izhi_core.heterogeneity import parameters_of
from izhi_core.nwb import nwb_bytes, read_nwb, write_nwb

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "data" / "original_default.npz"
NO_RECORDING = Recording(neurons=(), map_rows=0, map_cols=0)


@pytest.fixture(scope="module")
def default_file(tmp_path_factory):
    result = simulate(NetworkConfig(), NO_RECORDING)
    path = write_nwb(result, tmp_path_factory.mktemp("nwb") / "run.nwb")
    return result, path


def test_the_file_validates_and_reads_back_the_same_spikes(default_file):
    result, path = default_file
    assert pynwb.validate(path=str(path)) == []
    times, neurons, config = read_nwb(path)
    np.testing.assert_array_equal(np.column_stack((times, neurons)),
                                  np.load(FIXTURE)["firings"])
    assert config == result.config


def test_a_unit_per_neuron_with_its_population_and_parameters(default_file):
    result, path = default_file
    with pynwb.NWBHDF5IO(str(path), "r") as io:
        nwb = io.read()
        units = nwb.units.to_dataframe()
        assert json.loads(nwb.notes) == result.config.to_dict()
        assert "800 RS excitatory and 202 LTS inhibitory" in nwb.session_description
    assert units.index.tolist() == list(range(1002))
    assert (units["population"].iloc[:800] == "excitatory").all()
    assert (units["population"].iloc[800:] == "inhibitory").all()
    assert set(units["neuron_type"]) == {"RS", "LTS"}
    params = parameters_of(result.config)
    for p in "abcd":
        np.testing.assert_array_equal(units[p].to_numpy(), params[p])
    # neuron 811's spikes, in seconds
    mine = result.spike_times[result.spike_neurons == 811] / 1000.0
    np.testing.assert_array_equal(units["spike_times"].loc[811], mine)


def test_silent_neurons_and_a_missing_population_round_trip(tmp_path):
    """No inhibitory neurons, and excitatory ones that never fire (noise 4 mV/ms)."""
    config = NetworkConfig(ne=50, ni=0, exc_noise=4.0, duration=300)
    result = simulate(config, NO_RECORDING)
    counts = np.bincount(result.spike_neurons, minlength=50)
    assert (counts == 0).any() and counts.sum() > 0
    data = nwb_bytes(result)
    assert data[:8] == b"\x89HDF\r\n\x1a\n"
    path = tmp_path / "silent.nwb"
    path.write_bytes(data)
    assert pynwb.validate(path=str(path)) == []
    times, neurons, back = read_nwb(path)
    np.testing.assert_array_equal(times, result.spike_times)
    np.testing.assert_array_equal(neurons, result.spike_neurons)
    assert back == config


def test_a_file_name_must_end_in_nwb(default_file):
    with pytest.raises(ValueError, match=r"must end in \.nwb \(got 'run\.h5'\)"):
        write_nwb(default_file[0], "run.h5")


def test_the_command_line_writes_nwb_and_refuses_a_bad_name(tmp_path):
    path = tmp_path / "s.nwb"
    out = subprocess.run([sys.executable, "-m", "izhi_core", "--nwb", str(path), "--seed", "3",
                          "--duration", "200"], capture_output=True, text=True, cwd=ROOT,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    times, neurons, config = read_nwb(path)
    assert config == NetworkConfig(seed=3, duration=200) and times.size > 0
    for bad, sentence in ((str(tmp_path / "s.h5"), "--nwb: the file must end in .nwb"),
                          (str(tmp_path / "no" / "s.nwb"), "No such file or directory")):
        out = subprocess.run([sys.executable, "-m", "izhi_core", "--nwb", bad,
                              "--duration", "10"], capture_output=True, text=True, cwd=ROOT,
                             timeout=300)
        assert out.returncode == 2 and sentence in out.stderr
        assert out.stderr.count("\n") == 1
