"""Lessons that check themselves (izhi_core.lessons): the page's lessons hold on the
default build, a broken claim fails and says so, a bad file gets one sentence."""

import subprocess
import sys
from pathlib import Path

import pytest

from izhi_core import NetworkConfig, Recording, simulate
from izhi_core.heterogeneity import parameter_spread
from izhi_core.lessons import (
    CHECK_MARK,
    CROSS_MARK,
    METRIC_UNITS,
    LessonError,
    check_lesson,
    default_lessons,
    lesson_named,
    main,
    parse_lessons,
)
from izhi_core.metrics import run_metrics

ROOT = Path(__file__).resolve().parents[1]
LESSONS = default_lessons()

ONE = """
[[lesson]]
name = "broken"
title = "A broken claim"
claim = "The default network fires at more than 50 Hz."
figure = "raster"
[lesson.set]
{set}
[[lesson.check]]
says = "rate above 50 Hz"
expect = '''{expect}'''
{extra}
"""


def one(expect="rate_exc_hz > 50", set="", extra=""):
    return parse_lessons(ONE.format(expect=expect, set=set, extra=extra))[0]


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.name for lesson in LESSONS])
def test_every_lesson_holds_on_the_default_build(lesson):
    outcomes = check_lesson(lesson)
    assert len(outcomes) == len(lesson.checks)
    for o in outcomes:
        assert o.passed, o.text
        assert f": {CHECK_MARK}" in o.text and CROSS_MARK not in o.text


def test_a_word_the_claim_says_is_not_said_twice():
    said = ONE.replace('says = "rate above 50 Hz"', 'says = "oscillatory"')
    (o,) = check_lesson(parse_lessons(said.format(expect='regime == "oscillatory"', set="",
                                                  extra=""))[0])
    assert o.text == f"oscillatory: {CHECK_MARK}"
    (o,) = check_lesson(one('regime == "runaway"'))
    assert o.text == f"rate above 50 Hz: {CROSS_MARK} (oscillatory)"


def test_the_lessons_are_the_things_to_try():
    names = {lesson.name for lesson in LESSONS}
    assert {"default-rhythm", "no-inhibition", "bursting", "weak-synapses", "less-noise",
            "chattering", "seeds"} <= names
    assert lesson_named("weak-synapses").config == NetworkConfig(exc_weight=0.1, inh_weight=0.1)
    assert lesson_named("chattering").link.href == "/neuron?pattern=CH"
    seeds = lesson_named("seeds").checks[0]
    assert (seeds.seeds, seeds.at_least) == (5, 5)


def test_the_numbers_of_the_claims_hold():
    """The numbers the claims quote (the old 'Things to try'), on the runs themselves."""
    rate = {name: check_lesson(lesson_named(name))[0].values[0]
            for name in ("bursting", "no-inhibition", "weak-synapses", "chattering")}
    assert 125 <= rate["bursting"] <= 145  # "about 135 Hz"
    assert 80 <= rate["no-inhibition"] <= 100  # "about 90 Hz"
    assert 4 <= rate["weak-synapses"] <= 6  # "about 5 Hz"
    assert 550 <= rate["chattering"] <= 650  # "about 600 Hz"
    assert round(parameter_spread(NetworkConfig(exc_type="CH"))["exc"]["d_negative"], 2) == 0.42


def test_the_metrics_a_check_reads_are_the_sweeps():
    result = simulate(NetworkConfig(duration=200), Recording(neurons=(), map_rows=0,
                                                             map_cols=0))
    assert set(METRIC_UNITS) == set(run_metrics(result))


def test_a_broken_claim_fails_and_says_so():
    (o,) = check_lesson(one())
    assert not o.passed and o.passes == 0
    assert o.text == f"rate above 50 Hz: {CROSS_MARK} (7.6 Hz)"


def test_a_claim_over_seeds_counts_the_seeds():
    (o,) = check_lesson(one("gamma_peak_hz present", extra="seeds = 3\nat_least = 2"))
    assert not o.passed and len(o.values) == 3 and o.passes == 0
    assert o.text.startswith(f"rate above 50 Hz in 0 of 3 seeds: {CROSS_MARK} (none")
    assert o.text.endswith("; needs 2)")
    (o,) = check_lesson(one("low_peak present", set="seed = 7", extra="seeds = 2"))
    assert o.passed and o.passes == 2 and "in 2 of 2 seeds" in o.text


def test_checks_compare_as_written():
    metrics = {"rate_exc_hz": 7.5, "low_peak_hz": None, "regime": "oscillatory",
               "synchrony": float("nan")}
    cases = {"rate_exc_hz <= 7.5": True, "rate_exc_hz != 7.5": False,
             "rate_exc_hz between 7.5 and 8": True, "low_peak_hz > 1": False,
             "low_peak_hz absent": True, "synchrony < 1": False,
             'regime == "oscillatory"': True, "regime != 'runaway'": True}
    for expect, want in cases.items():
        lesson = one(expect)
        (o,) = check_lesson(lesson, lambda _config: metrics)
        assert o.passed is want, expect


@pytest.mark.parametrize(("text", "sentence"), [
    (ONE.format(expect="rate_e > 50", set="", extra=""),
     "Lesson 'broken', check 1: the metric 'rate_e' is not one of n_spikes,"),
    (ONE.format(expect="rate_exc_hz is big", set="", extra=""),
     "Lesson 'broken', check 1: expect must read like"),
    (ONE.format(expect="regime == 'bursting'", set="", extra=""),
     "Lesson 'broken', check 1: the regime must be one of silent,"),
    (ONE.format(expect="rate_exc_hz between 9 and 1", set="", extra=""),
     "Lesson 'broken', check 1: expect 'rate_exc_hz between 9 and 1' has its bounds"),
    (ONE.format(expect="rate_exc_hz > 1", set="exc_weight = 3", extra=""),
     "Lesson 'broken', set: Excitatory weight must be a number from 0 to 2 mV/ms (got 3)."),
    (ONE.format(expect="rate_exc_hz > 1", set="excweight = 1", extra=""),
     "Lesson 'broken', set: "),
    (ONE.format(expect="rate_exc_hz > 1", set='weights = "S9"', extra=""),
     "Lesson 'broken', set: Weight scenario must be one of default, S1,"),
    (ONE.format(expect="rate_exc_hz > 1", set="", extra="seeds = 50"),
     "Lesson 'broken', check 1: seeds must be a whole number from 1 to 20 (got 50)."),
    (ONE.format(expect="rate_exc_hz > 1", set="", extra="seeds = 2\nat_least = 3"),
     "Lesson 'broken', check 1: at_least must be a whole number from 1 to 2 (got 3)."),
    (ONE.format(expect="rate_exc_hz > 1", set="", extra="say = 'x'"),
     "Lesson 'broken', check 1: 'say' is not an entry of it"),
    (ONE.replace('"raster"', '"spectrum"').format(expect="n_spikes > 1", set="", extra=""),
     "Lesson 'broken': figure must be one of raster, current_map, traces, rhythms "
     "(got 'spectrum')."),
    (ONE.replace('"broken"', '"Broken One"').format(expect="n_spikes > 1", set="", extra=""),
     "Lesson 1: name must be lower-case letters"),
    (ONE.format(expect="n_spikes > 1", set="", extra="") * 2,
     "Lesson 'broken': two lessons have that name."),
    ("[[lesson]\n", "The lessons file is not TOML: "),
    ("title = 'x'\n", "The lessons file: 'title' is not a lesson"),
])
def test_a_bad_entry_gets_one_sentence_naming_the_lesson(text, sentence):
    with pytest.raises(LessonError) as err:
        parse_lessons(text)
    assert str(err.value).startswith(sentence), str(err.value)
    assert "\n" not in str(err.value)


def test_the_command_line_checks_and_fails_honestly(tmp_path, capsys):
    assert main(["bursting"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("bursting: Bursting at excitatory weight 1.0\n")
    assert f"rate above 100 Hz: {CHECK_MARK} (134 Hz)" in out
    broken = tmp_path / "broken.toml"
    broken.write_text(ONE.format(expect="rate_exc_hz > 50", set="", extra=""))
    assert main(["--file", str(broken)]) == 1
    captured = capsys.readouterr()
    assert f"rate above 50 Hz: {CROSS_MARK} (7.6 Hz)" in captured.out
    assert captured.err == "1 check failed.\n"


def test_the_command_line_refuses_a_bad_name_with_one_sentence():
    out = subprocess.run([sys.executable, "-m", "izhi_core", "lessons", "--list", "nope"],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith("python -m izhi_core lessons: error: There is no lesson "
                                 "'nope'; the lessons: default-rhythm,")
    assert out.stderr.count("\n") == 1


def test_the_docs_example_lesson_is_a_lesson_that_holds():
    """docs/dashboard.md's "How to add a lesson" example, as a teacher would copy it."""
    text = (ROOT / "docs" / "dashboard.md").read_text(encoding="utf-8")
    start = text.index("[[lesson]]\nname = ")
    (lesson,) = parse_lessons(text[start:text.index("```", start)])
    assert lesson.config == NetworkConfig(inh_weight=2.0) and lesson.link is not None
    outcomes = check_lesson(lesson)
    assert [o.passed for o in outcomes] == [True, True], [o.text for o in outcomes]
    assert outcomes[1].text.startswith("25–60 Hz peak present in 3 of 3 seeds: ✓")
