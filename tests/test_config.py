"""NetworkConfig and Recording: defaults, bounds, one clear sentence per bad value."""

import math

import pytest

from izhi_core import NetworkConfig, Recording
from izhi_core.config import MAX_DENSE_NEURONS, MAX_SYNAPSES, check_work
from izhi_core.presets import NEURON_TYPES, WEIGHT_SCENARIOS


def test_defaults_are_the_original_scripts_run():
    c = NetworkConfig()
    assert (c.ne, c.ni, c.duration, c.exc_type, c.inh_type) == (800, 202, 1000, "RS", "LTS")
    assert (c.exc_weight, c.inh_weight, c.exc_noise, c.inh_noise) == (0.5, 1.0, 5.0, 2.0)
    assert (c.seed, c.mode, c.inputs, c.n) == (0, "exact", None, 1002)


def test_config_is_immutable_and_hashable():
    c = NetworkConfig()
    with pytest.raises(AttributeError):
        c.ne = 5
    assert hash(c) == hash(NetworkConfig()) and c == NetworkConfig()


def test_presets_are_the_original_scripts():
    assert list(NEURON_TYPES) == ["RS", "IB", "CH", "FS", "TC", "LTS", "RZ"]
    assert (NEURON_TYPES["TC"].b, NEURON_TYPES["TC"].d) == (0.25, 0.05)
    assert (NEURON_TYPES["RZ"].a, NEURON_TYPES["RZ"].b) == (0.1, 0.26)
    assert {k: (w.exc, w.inh) for k, w in WEIGHT_SCENARIOS.items()} == {
        "default": (0.5, 1.0), "S1": (0.6, 1.6), "S2": (0.6, 0.6),
        "S3": (0.3, 0.1), "S4": (0.1, 0.1), "S5": (0.3, 0.2)}


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("ne", -1, "Excitatory neurons must be a whole number from 0 to 250,000 (got -1)"),
        ("ne", "abc", "Excitatory neurons must be a whole number from 0 to 250,000 (got 'abc')"),
        ("ne", 800.5, "(got 800.5)"),
        ("ne", "12.5", "(got '12.5')"),
        ("ne", True, "(got True)"),
        ("ne", None, "(got nothing)"),
        ("ne", " ", "(got nothing)"),
        ("ni", [1], "(got [1])"),
        ("duration", 0, "Duration must be a whole number from 1 to 100,000 ms (got 0)"),
        ("duration", math.inf, "(got inf)"),
        ("exc_type", "XX", "Excitatory type must be one of RS, IB, CH, FS, TC, LTS, RZ "
                           "(got 'XX')"),
        ("inh_type", 3, "Inhibitory type must be one of"),
        ("exc_weight", math.nan, "Excitatory weight must be a number from 0 to 2 mV/ms (got nan)"),
        ("exc_weight", 5, "Excitatory weight must be a number from 0 to 2 mV/ms (got 5)"),
        ("inh_weight", -0.1, "Inhibitory weight must be a number from 0 to 2 mV/ms (got -0.1)"),
        ("exc_noise", 1e9, "Excitatory noise must be a number from 0 to 20 mV/ms"),
        ("inh_noise", "x" * 10**6, "Inhibitory noise must be a number from 0 to 20 mV/ms (got a "
                                   "text of 1,000,000 characters)"),
        ("seed", 2**32, "Random seed must be a whole number from 0 to 4,294,967,295"),
        ("mode", "turbo", "Mode must be one of exact, fast (got 'turbo')"),
        ("inputs", 0, "Inputs per neuron must be a whole number from 1 to 1,002, or empty for "
                      "all-to-all (got 0)"),
        ("inputs", 1.5, "(got 1.5)"),
    ],
)
def test_bad_values_name_field_value_and_range(field, value, words):
    with pytest.raises(ValueError) as err:
        NetworkConfig(**{field: value})
    assert words in str(err.value)
    assert err.value.field == field  # the page marks this control
    assert str(err.value).endswith(".") and "\n" not in str(err.value)
    assert len(str(err.value)) < 200


def test_numbers_as_text_and_integral_floats_are_accepted():
    c = NetworkConfig(ne="100", ni=25.0, exc_weight="0.75", seed=" 7 ")
    assert (c.ne, c.ni, c.exc_weight, c.seed) == (100, 25, 0.75, 7)
    assert isinstance(c.ni, int)


def test_size_bounds_follow_memory():
    with pytest.raises(ValueError, match="An all-to-all network may have at most 5,000 neurons"):
        NetworkConfig(ne=MAX_DENSE_NEURONS, ni=1)
    big = NetworkConfig(ne=80_000, ni=20_000, inputs=1000, mode="fast")
    assert (big.inputs_exc, big.inputs_inh) == (800, 200)
    with pytest.raises(ValueError, match="synapses"):
        NetworkConfig(ne=200_000, ni=50_000, inputs=1000)
    assert 200_000 * 1000 > MAX_SYNAPSES
    with pytest.raises(ValueError, match="Excitatory plus inhibitory neurons must be from 1"):
        NetworkConfig(ne=0, ni=0)


def test_inputs_keep_the_populations_proportion():
    c = NetworkConfig(inputs=100)
    assert (c.inputs_exc, c.inputs_inh) == (80, 20)
    assert (NetworkConfig().inputs_exc, NetworkConfig().inputs_inh) == (800, 202)


def test_from_mapping_takes_untrusted_input():
    c = NetworkConfig.from_mapping({"ne": "10", "ni": "5", "inputs": ""}, weights="S1")
    assert (c.ne, c.ni, c.inputs, c.exc_weight, c.inh_weight) == (10, 5, None, 0.6, 1.6)
    c = NetworkConfig.from_mapping({"exc_weight": 0.2}, weights="S1")
    assert (c.exc_weight, c.inh_weight) == (0.2, 1.6)
    with pytest.raises(ValueError, match="Unknown field 'bogus'"):
        NetworkConfig.from_mapping({"bogus": 1})
    with pytest.raises(ValueError, match="Weight scenario must be one of default, S1"):
        NetworkConfig.from_mapping({}, weights="S9")
    with pytest.raises(ValueError, match="must be a mapping"):
        NetworkConfig.from_mapping([1, 2])
    assert NetworkConfig.from_mapping(NetworkConfig().to_dict()) == NetworkConfig()


def test_replace_validates():
    assert NetworkConfig().replace(seed=5).seed == 5
    with pytest.raises(ValueError, match="seed"):
        NetworkConfig().replace(seed=-5)


def test_recording_bounds():
    assert Recording().neurons == (1, 811)
    assert Recording(neurons=[3, 3, 1]).neurons == (3, 1)
    with pytest.raises(ValueError, match="at most 32 neurons"):
        Recording(neurons=range(33))
    with pytest.raises(ValueError, match="Traced neurons must be neuron indices from 0 to 249,999"):
        Recording(neurons=["x"])
    with pytest.raises(ValueError, match="must be a list of neuron indices"):
        Recording(neurons="12")
    with pytest.raises(ValueError, match="map_rows must be a whole number from 0 to 2,000"):
        Recording(map_rows=10**6)
    with pytest.raises(ValueError, match="from 0 to 99 in a network of 100 neurons \\(got 811\\)"):
        Recording().for_network(NetworkConfig(ne=80, ni=20))


def test_server_work_caps():
    big = NetworkConfig(ne=80_000, ni=20_000, inputs=1000, mode="fast", duration=2000)
    assert check_work(big) is big
    with pytest.raises(ValueError, match="Duration must be at most 2,000 ms for 100,000 "
                                         "neurons on this server"):
        check_work(big.replace(duration=2001))
    with pytest.raises(ValueError, match="at most 1,666 ms for 40,000 neurons with 3,000 "
                                         "inputs each"):
        check_work(big.replace(ne=32_000, ni=8_000, inputs=3000))
    dense = NetworkConfig(ne=4000, ni=1000, duration=20_000)
    with pytest.raises(ValueError, match="at most 8,000 ms for 5,000 neurons with 5,000"):
        check_work(dense)
