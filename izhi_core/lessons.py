"""Lessons that check themselves: claims about the network, as data, tested on runs.

A lesson (one ``[[lesson]]`` of :data:`LESSONS_FILE`, TOML) is a claim in words, the
run that shows it (fields changed from the original script's run), the figure to look
at, and checks written as data on the run's metrics, the same scalars a sweep's table
has (:func:`izhi_core.metrics.run_metrics`)::

    rate_exc_hz > 50                  METRIC OP NUMBER (OP: < <= > >= == !=)
    low_peak_hz between 7 and 9       inclusive
    low_peak_hz present               not None (absent: None; "low_peak" also reads)
    regime == "synchronous bursting"  one of izhi_core.metrics.REGIMES

A check may run over seeds (``seeds = 5``: the lesson's seed and the next four) and
pass when at least ``at_least`` of them do (default all). :func:`load_lessons` reads and
validates a file (a bad entry: one sentence naming the lesson and the entry);
:func:`check_lesson` runs a lesson and says each check's outcome, pass or fail, with
the values it saw: "rate above 50 Hz: ✓ (135 Hz)".
"""

from __future__ import annotations

import math
import operator
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .config import SCENARIO_FIELD, NetworkConfig
from .fields import FieldError, shown
from .metrics import REGIMES

LESSONS_FILE = Path(__file__).with_name("lessons.toml")
"""The lessons the network page offers."""

FIGURES = ("raster", "current_map", "traces", "rhythms")
"""The figures a lesson may point at: the network page's (its view's figure names)."""

METRIC_UNITS: Mapping[str, str] = {
    "n_spikes": "", "rate_exc_hz": "Hz", "rate_inh_hz": "Hz",
    "low_peak_hz": "Hz", "low_peak_prominence": "", "gamma_peak_hz": "Hz",
    "gamma_peak_prominence": "", "synchrony": "", "mean_isi_cv": "", "regime": "",
}
"""What a check may test: the keys of :func:`izhi_core.metrics.run_metrics` (a test
holds them equal), each with the unit its value is shown in."""

MAX_SEEDS = 20  # a lesson's check runs on the page while a student waits
CHECK_MARK, CROSS_MARK = "\u2713", "\u2717"
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_COMPARE = re.compile(rf"(\w+)\s*(<=|>=|==|!=|<|>)\s*(?:({_NUMBER})|\"([^\"]*)\"|'([^']*)')")
_BETWEEN = re.compile(rf"(\w+)\s+between\s+({_NUMBER})\s+and\s+({_NUMBER})")
_PRESENCE = re.compile(r"(\w+)\s+(present|absent)")
_OPS: Mapping[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "==": operator.eq, "!=": operator.ne,
}
LESSON_KEYS = ("name", "title", "claim", "figure", "set", "check", "link")
CHECK_KEYS = ("says", "expect", "seeds", "at_least")


class LessonError(ValueError):
    """A bad lessons file or entry: ``str()`` is the one sentence shown."""


@dataclass(frozen=True)
class Check:
    """One claim on a run's metrics.

    Parameters
    ----------
    says : str
        The claim as the page shows it: ``rate above 50 Hz``.
    expect : str
        The test as written (see the module's docstring).
    metric : str
        The key of :data:`METRIC_UNITS` it reads.
    test : callable
        The metric's value -> bool (None, a missing peak or NaN, fails every
        comparison).
    seeds : int
        Runs it looks at: the lesson's seed and the next ``seeds - 1``.
    at_least : int
        Of those, how many must pass.
    """

    says: str
    expect: str
    metric: str
    test: Callable[[Any], bool] = field(repr=False, compare=False)
    seeds: int = 1
    at_least: int = 1


@dataclass(frozen=True)
class Link:
    """A page of the explorer the lesson points to: ``/neuron?pattern=CH``."""

    href: str
    text: str


@dataclass(frozen=True)
class Lesson:
    """One guided step: a claim, its run, the figure that shows it, its checks."""

    name: str
    title: str
    claim: str
    figure: str
    config: NetworkConfig
    changes: Mapping[str, Any]
    checks: tuple[Check, ...]
    link: Link | None = None


@dataclass(frozen=True)
class Outcome:
    """What one check found.

    Attributes
    ----------
    check : Check
    values : tuple
        The metric in each run, in the order of the seeds.
    passes : int
        How many runs passed.
    passed : bool
        Whether at least ``check.at_least`` did.
    text : str
        The sentence shown: ``rate above 50 Hz: ✓ (135 Hz)``,
        ``8 Hz peak present in 5 of 5 seeds: ✓ (8, 8, 8, 8, 8 Hz)``.
    """

    check: Check
    values: tuple[Any, ...]
    passes: int
    passed: bool
    text: str


def _metric_name(name: str, where: str) -> str:
    if name in METRIC_UNITS:
        return name
    if name + "_hz" in METRIC_UNITS:  # "low_peak present"
        return name + "_hz"
    raise LessonError(f"{where}: the metric {shown(name)} is not one of "
                      f"{', '.join(METRIC_UNITS)}.")


def _number_test(op: Callable[[Any, Any], bool], value: float) -> Callable[[Any], bool]:
    def test(x: Any) -> bool:
        return isinstance(x, (int, float)) and not math.isnan(x) and op(x, value)
    return test


def parse_expect(expect: Any, where: str = "A check") -> tuple[str, Callable[[Any], bool]]:
    """``expect`` as (metric, test of its value); a bad one raises :class:`LessonError`
    whose sentence starts with ``where`` (the lesson and the entry)."""
    text = expect.strip() if isinstance(expect, str) else None
    if text and (m := _BETWEEN.fullmatch(text)):
        metric = _metric_name(m[1], where)
        lo, hi = float(m[2]), float(m[3])
        if lo > hi:
            raise LessonError(f"{where}: expect {shown(expect)} has its bounds the wrong "
                              "way round.")
        return metric, _number_test(lambda x, _: lo <= x <= hi, 0.0)
    if text and (m := _PRESENCE.fullmatch(text)):
        metric = _metric_name(m[1], where)
        present = m[2] == "present"
        return metric, lambda x: (x is not None) == present
    if text and (m := _COMPARE.fullmatch(text)):
        metric = _metric_name(m[1], where)
        op = _OPS[m[2]]
        if m[3] is not None:
            if metric == "regime":
                raise LessonError(f"{where}: the regime is a word, one of "
                                  f"{', '.join(REGIMES)} (got {shown(expect)}).")
            return metric, _number_test(op, float(m[3]))
        word = m[4] if m[4] is not None else m[5]
        if metric != "regime" or m[2] not in ("==", "!="):
            raise LessonError(f"{where}: only the regime is compared with a word, by == or "
                              f"!= (got {shown(expect)}).")
        if word not in REGIMES:
            raise LessonError(f"{where}: the regime must be one of {', '.join(REGIMES)} "
                              f"(got {shown(word)}).")
        return metric, lambda x: op(x, word)
    raise LessonError(
        f"{where}: expect must read like 'rate_exc_hz > 50', 'low_peak_hz between 7 and 9', "
        f"'low_peak_hz present' or 'regime == \"runaway\"' (got {shown(expect)}).")


def _text(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise LessonError(f"{where}: {key} must be some text (got {shown(value)}).")
    return " ".join(value.split())


def _whole(entry: Mapping[str, Any], key: str, where: str, lo: int, hi: int,
           default: int) -> int:
    value = entry.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise LessonError(f"{where}: {key} must be a whole number from {lo} to {hi} "
                          f"(got {shown(value)}).")
    return value


def _unknown(entry: Mapping[str, Any], allowed: Sequence[str], where: str) -> None:
    extra = [str(k) for k in entry if k not in allowed]
    if extra:
        raise LessonError(f"{where}: {shown(extra[0])} is not an entry of it (the entries: "
                          f"{', '.join(allowed)}).")


def _check(entry: Any, where: str) -> Check:
    if not isinstance(entry, Mapping):
        raise LessonError(f"{where} must be a table of says and expect (got {shown(entry)}).")
    _unknown(entry, CHECK_KEYS, where)
    says = _text(entry, "says", where)
    metric, test = parse_expect(entry.get("expect"), where)
    seeds = _whole(entry, "seeds", where, 1, MAX_SEEDS, 1)
    at_least = _whole(entry, "at_least", where, 1, seeds, seeds)
    return Check(says, entry["expect"].strip(), metric, test, seeds, at_least)


def _config(changes: Any, where: str) -> NetworkConfig:
    if not isinstance(changes, Mapping):
        raise LessonError(f"{where}: set must be a table of fields (got {shown(changes)}).")
    values = dict(changes)
    weights = values.pop(SCENARIO_FIELD.name, None)
    try:
        if weights is not None:
            SCENARIO_FIELD.parse(weights)
        return NetworkConfig.from_mapping(values, weights=weights)
    except FieldError as err:
        raise LessonError(f"{where}, set: {err}") from None


def _link(entry: Any, where: str) -> Link | None:
    if entry is None:
        return None
    if not isinstance(entry, Mapping):
        raise LessonError(f"{where}: link must be a table of href and text "
                          f"(got {shown(entry)}).")
    _unknown(entry, ("href", "text"), f"{where}, link")
    href = _text(entry, "href", f"{where}, link")
    if not href.startswith("/") or href.startswith("//"):
        raise LessonError(f"{where}, link: href must be a page of the explorer, starting "
                          f"with one / (got {shown(href)}).")
    return Link(href, _text(entry, "text", f"{where}, link"))


def lesson_from(entry: Any, number: int = 1) -> Lesson:
    """One lesson from its table (a ``[[lesson]]`` read from TOML); ``number`` (from 1)
    names it in a sentence until its name is known."""
    where = f"Lesson {number}"
    if not isinstance(entry, Mapping):
        raise LessonError(f"{where} must be a table (got {shown(entry)}).")
    name = entry.get("name")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise LessonError(f"{where}: name must be lower-case letters, digits and dashes, "
                          f"at most 40 (got {shown(name)}).")
    where = f"Lesson {name!r}"
    _unknown(entry, LESSON_KEYS, where)
    figure = entry.get("figure")
    if figure not in FIGURES:
        raise LessonError(f"{where}: figure must be one of {', '.join(FIGURES)} "
                          f"(got {shown(figure)}).")
    changes = entry.get("set", {})
    config = _config(changes, where)
    checks = entry.get("check")
    if not isinstance(checks, list) or not checks:
        raise LessonError(f"{where}: it needs at least one [[lesson.check]] "
                          f"(got {shown(checks)}).")
    return Lesson(
        name=name, title=_text(entry, "title", where), claim=_text(entry, "claim", where),
        figure=figure, config=config, changes=dict(changes),
        checks=tuple(_check(c, f"{where}, check {i}") for i, c in enumerate(checks, 1)),
        link=_link(entry.get("link"), where),
    )


def parse_lessons(text: str, source: str = "The lessons file") -> tuple[Lesson, ...]:
    """Every lesson of a TOML text, validated; names are unique."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise LessonError(f"{source} is not TOML: {err}.") from None
    extra = [k for k in data if k != "lesson"]
    if extra:
        raise LessonError(f"{source}: {shown(extra[0])} is not a lesson; each starts with "
                          "[[lesson]].")
    entries = data.get("lesson")
    if not isinstance(entries, list) or not entries:
        raise LessonError(f"{source} has no lesson: each starts with [[lesson]].")
    lessons = tuple(lesson_from(e, i) for i, e in enumerate(entries, 1))
    names = [lesson.name for lesson in lessons]
    twice = next((n for n in names if names.count(n) > 1), None)
    if twice is not None:
        raise LessonError(f"Lesson {twice!r}: two lessons have that name.")
    return lessons


def load_lessons(path: str | Path = LESSONS_FILE) -> tuple[Lesson, ...]:
    """The lessons of a file (default :data:`LESSONS_FILE`)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise LessonError(f"Cannot read the lessons file {str(path)!r}: {err.strerror}.") \
            from None
    return parse_lessons(text, f"The lessons file {path.name!r}")


@lru_cache(maxsize=1)
def default_lessons() -> tuple[Lesson, ...]:
    """:data:`LESSONS_FILE`'s lessons, read once."""
    return load_lessons()


def lesson_named(name: Any, lessons: Sequence[Lesson] | None = None) -> Lesson:
    """The lesson of that name, or a sentence naming those there are."""
    lessons = default_lessons() if lessons is None else lessons
    for lesson in lessons:
        if lesson.name == name:
            return lesson
    raise LessonError(f"There is no lesson {shown(name)}; the lessons: "
                      f"{', '.join(x.name for x in lessons)}.")


@lru_cache(maxsize=64)
def metrics_of(config: NetworkConfig) -> dict[str, Any]:
    """:func:`izhi_core.metrics.run_metrics` of a run, as a sweep's worker computes it
    (spikes only); kept, since runs are deterministic and a class clicks the same
    lessons."""
    from .sweep.worker import run_point

    return run_point(config)


def seeds_of(lesson: Lesson, check: Check) -> list[NetworkConfig]:
    """The runs a check looks at: the lesson's, then the next seeds (wrapping past the
    largest)."""
    from .fields import MAX_SEED

    return [lesson.config.replace(seed=(lesson.config.seed + k) % (MAX_SEED + 1))
            for k in range(check.seeds)]


def shown_value(metric: str, value: Any) -> str:
    """A metric's value as an outcome shows it: ``135 Hz``, ``7.6 Hz``, ``0.99``, ``none``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "none"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:.0f}" if abs(value) >= 10 else f"{value:.2g}" if abs(value) < 1 \
        else f"{value:.1f}"


def _with_unit(metric: str, texts: Sequence[str]) -> str:
    unit = METRIC_UNITS[metric]
    joined = ", ".join(texts)
    return f"{joined} {unit}" if unit and any(t != "none" for t in texts) else joined


def outcome(check: Check, values: Sequence[Any]) -> Outcome:
    """A check's :class:`Outcome` on the metric's values of its runs."""
    passes = sum(bool(check.test(v)) for v in values)
    passed = passes >= check.at_least
    mark = CHECK_MARK if passed else CROSS_MARK
    seen = _with_unit(check.metric, [shown_value(check.metric, v) for v in values])
    if check.seeds == 1:
        # a word that says what the claim says ("synchronous bursting") is not said twice
        text = f"{check.says}: {mark}" + ("" if seen == check.says else f" ({seen})")
    else:
        need = "" if passed else f"; needs {check.at_least}"
        text = (f"{check.says} in {passes} of {len(values)} seeds: {mark} "
                f"({seen}{need})")
    return Outcome(check, tuple(values), passes, passed, text)


def check_lesson(lesson: Lesson,
                 metrics: Callable[[NetworkConfig], Mapping[str, Any]] = metrics_of
                 ) -> tuple[Outcome, ...]:
    """Run a lesson and say each check's outcome.

    Parameters
    ----------
    lesson : Lesson
    metrics : callable, default :func:`metrics_of`
        A configuration -> its run's metrics (the keys of :data:`METRIC_UNITS`).

    Returns
    -------
    tuple of Outcome
        One per check, in the lesson's order; a failed check is reported, not raised.
    """
    return tuple(outcome(c, [metrics(cfg)[c.metric] for cfg in seeds_of(lesson, c)])
                 for c in lesson.checks)


# -- command line: python -m izhi_core lessons ------------------------------------------

PROG = "python -m izhi_core lessons"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m izhi_core lessons [--file FILE] [NAME ...]``: check the lessons (all, or
    those named) and print each outcome. Exit 0 when every check passes, 1 when one
    fails, 2 for a bad file or name (its sentence on stderr)."""
    import sys

    from .cli import Parser, UsageError

    p = Parser(prog=PROG, description="Check the network page's lessons: run each one's "
               "network and test its claims on the run's metrics (docs/dashboard.md).")
    p.add_argument("names", nargs="*", metavar="NAME", help="lessons to check (default all)")
    p.add_argument("--file", default=None, metavar="FILE",
                   help=f"a lessons file (TOML; default {LESSONS_FILE.name}, the page's)")
    p.add_argument("--list", action="store_true", help="list the lessons, run nothing")
    try:
        args = p.parse_args(sys.argv[1:] if argv is None else list(argv))
        lessons = load_lessons(args.file) if args.file else default_lessons()
        chosen = [lesson_named(n, lessons) for n in args.names] or list(lessons)
    except (UsageError, LessonError) as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 2
    failed = 0
    for lesson in chosen:
        if args.list:
            print(f"{lesson.name}: {lesson.title}")
            continue
        outcomes = check_lesson(lesson)
        failed += sum(not o.passed for o in outcomes)
        print(f"{lesson.name}: {lesson.title}")
        for o in outcomes:
            print(f"  {o.text}")
    if failed:
        print(f"{failed} check{'s' if failed > 1 else ''} failed.", file=sys.stderr)
    return 1 if failed else 0
