"""izhi_core.sweep.spec: axes, points, validation sentences and the work cap (no runs)."""

from __future__ import annotations

import pytest

from izhi_core import NetworkConfig
from izhi_core.fields import FieldError
from izhi_core.sweep import Axis, SweepSpec, config_key
from izhi_core.sweep.engine import batches_of
from izhi_core.sweep.spec import AXIS_FIELDS


def test_a_linear_range_is_inclusive_and_free_of_float_dust():
    axis = Axis.parse("exc_weight=0:1:11")
    assert axis.values == (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
    assert Axis.linear("inh_weight", 0, 2, 21).values[3] == 0.3
    # an extended range meets the old one on the same values, so a resume finds them
    assert set(Axis.parse("exc_weight=0:1:6").values) <= set(Axis.parse(
        "exc_weight=0:1:11").values)


def test_log_ranges_whole_numbers_and_lists():
    assert Axis.parse("exc_noise=0.5:16:6:log").values == (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
    assert Axis.parse("ne=100:400:4").values == (100, 200, 300, 400)
    assert Axis.parse("exc-type=RS, CH").values == ("RS", "CH")
    assert Axis.parse("mode=seed,fast").values == ("exact", "fast")
    assert Axis.parse("weights=S1,S4").values == ("S1", "S4")
    assert Axis.parse("inputs=50,100").values == (50, 100)
    assert Axis.parse("duration=300:300:1").values == (300,)


@pytest.mark.parametrize("text, words", [
    ("foo=1,2", ["An axis must vary one of the fields", "'foo'", "exc_weight", "weights"]),
    ("exc_weight", ["FIELD=START:STOP:COUNT", "'exc_weight'"]),
    ("exc_weight=0:3:5", ["Excitatory weight must be a number from 0 to 2 mV/ms", "'3'"]),
    ("exc_weight=0:1:0", ["The number of values of Excitatory weight", "from 1 to 10,000",
                          "'0'"]),
    ("exc_weight=0:1", ["A range of Excitatory weight", "START:STOP:COUNT", "'exc_weight=0:1'"]),
    ("exc_noise=0:16:5:log", ["A log range of Excitatory noise must start and stop above 0"]),
    ("exc_type=0:1:3", ["Excitatory type has no range", "exc_type=RS,IB"]),
    ("exc_type=RS,XX", ["Excitatory type must be one of RS, IB, CH", "'XX'"]),
    ("inh_weight=0.5,1,0.5", ["Inhibitory weight must not repeat a value", "'0.5' twice"]),
    ("ne=100:105:21", ["Excitatory neurons takes whole numbers", "at most 6 values"]),
    ("seed=1.5,2", ["Random seed must be a whole number", "'1.5'"]),
    ("weights=S9", ["Weight scenario must be one of default, S1", "'S9'"]),
])
def test_a_bad_axis_is_one_sentence_naming_the_field(text, words):
    with pytest.raises(FieldError) as err:
        Axis.parse(text)
    name = text.split("=")[0].replace("-", "_") if "=" in text else None
    assert err.value.field == (name if name in AXIS_FIELDS else None)
    message = str(err.value)
    assert message.endswith(".") and "\n" not in message
    for word in words:
        assert word in message, (word, message)


def test_the_points_are_the_product_first_axis_outermost_seeds_inside():
    spec = SweepSpec(NetworkConfig(seed=5, duration=50),
                     (Axis.parse("exc_weight=0,1"), Axis.parse("exc_type=RS,CH")), seeds=3)
    assert spec.n_points == 12 and spec.shape == (2, 2, 3)
    assert spec.shape_text() == "2 x 2 x 3 seeds = 12"
    got = [(p.index, p.config.exc_weight, p.config.exc_type, p.config.seed)
           for p in spec.points()]
    assert got[:4] == [(0, 0.0, "RS", 5), (1, 0.0, "RS", 6), (2, 0.0, "RS", 7),
                       (3, 0.0, "CH", 5)]
    assert got[-1] == (11, 1.0, "CH", 7)
    assert all(p.config.duration == 50 for p in spec.points())


def test_a_seed_axis_replaces_replicates_and_a_scenario_sets_both_weights():
    spec = SweepSpec(NetworkConfig(), (Axis.parse("seed=4,9"), Axis.parse("weights=S1,S3")))
    points = list(spec.points())
    assert [(p.config.seed, p.scenario, p.config.exc_weight, p.config.inh_weight)
            for p in points] == [(4, "S1", 0.6, 1.6), (4, "S3", 0.3, 0.1),
                                 (9, "S1", 0.6, 1.6), (9, "S3", 0.3, 0.1)]


@pytest.mark.parametrize("kwargs, field, words", [
    (dict(axes=(Axis.parse("exc_weight=0,1"), Axis.parse("exc_weight=0.5"))), "exc_weight",
     ["Excitatory weight is varied twice"]),
    (dict(axes=(Axis.parse("weights=S1,S2"), Axis.parse("inh_weight=0,1"))), "inh_weight",
     ["The weight scenario sets both weights", "Inhibitory weight"]),
    (dict(axes=(Axis.parse("seed=1,2"),), seeds=3), "seeds",
     ["Give either seed replicates (3) or an axis over Random seed"]),
    (dict(seeds=0), "seeds", ["Seed replicates must be a whole number from 1 to 1,000",
                              "(got 0)"]),
    (dict(seeds="many"), "seeds", ["Seed replicates", "'many'"]),
    (dict(base=NetworkConfig(seed=2**32 - 2), seeds=3), "seeds",
     ["Random seed plus seed replicates must stay at most 4,294,967,295"]),
    (dict(axes=(Axis.parse("ne=1000,4000"), Axis.parse("ni=500,2000"))), "ni",
     ["An all-to-all network may have at most 5,000 neurons (got 6,000)",
      "at the point ne=4000, ni=2000"]),
    (dict(axes=(Axis.parse("inputs=10,600"),), base=NetworkConfig(ne=400, ni=100)), "inputs",
     ["Inputs per neuron must be a whole number from 1 to 500", "600"]),
    (dict(axes=(Axis.parse("exc_weight=0:1:11"),), max_neuron_ms=10**7), None,
     ["A sweep's work must be at most 10,000,000 neurons x duration",
      "got 11,022,000 for 11 points"]),
    (dict(axes=(Axis.parse("duration=1000,2000"),), seeds=3, max_synapse_ms=5 * 10**9), None,
     ["at most 5,000,000,000 synapses x duration", "2 x 3 seeds = 6 points"]),
    (dict(axes=(Axis.parse("ne=0:10000:5000"), Axis.parse("ni=0:1000:201")),
          base=NetworkConfig(inputs=1)), None,
     ["A sweep may have at most 1,000,000 points (got 5,000 x 201 = 1,005,000)"]),
])
def test_a_bad_sweep_is_one_sentence(kwargs, field, words):
    with pytest.raises(FieldError) as err:
        SweepSpec(**kwargs)
    message = str(err.value)
    assert err.value.field == field and "\n" not in message
    for word in words:
        assert word in message, (word, message)


def test_the_work_and_the_estimate_count_every_point():
    base = NetworkConfig(duration=500)
    spec = SweepSpec(base, (Axis.parse("ne=400,800"), Axis.parse("exc_weight=0:1:5")), seeds=2)
    neuron_ms, synapse_ms = spec.work()
    assert neuron_ms == 10 * (602 + 1002) * 500
    assert synapse_ms == 10 * (602 * 602 + 1002 * 1002) * 500
    one, two = spec.expected_seconds(1, startup=0), spec.expected_seconds(2, startup=0)
    assert one > 0 and two == pytest.approx(one / 2)
    # the estimate of a resumed sweep counts only the points left
    some = list(spec.points())[:5]
    assert spec.expected_seconds(1, some, startup=0) < one


def test_the_key_is_the_canonical_configuration():
    a = NetworkConfig(mode="seed", exc_weight="0.50")
    b = NetworkConfig(exc_weight=0.5)
    assert config_key(a) == config_key(b)
    assert config_key(a) != config_key(b.replace(seed=1))


def test_batches_keep_a_seeds_runs_together_and_give_each_worker_several():
    spec = SweepSpec(NetworkConfig(), (Axis.parse("exc_weight=0:1:21"),), seeds=3)
    points = list(spec.points())
    batches = batches_of(points, workers=2)
    assert sorted(p.index for b in batches for p in b) == list(range(63))
    assert len(batches) >= 2 * 4
    assert all(len({p.config.seed for p in b}) == 1 for b in batches)
