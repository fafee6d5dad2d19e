"""Runs -> the compare page's figures and cards, by output name; nothing else."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

from dash import html

from izhi_core import NetworkConfig, SimulationResult
from izhi_core import figures_compare as FC
from izhi_core.compare import METRICS, Difference, Plan, changed_fields, differences, metrics_of

from ...common.wire import compact
from .ids import ID

_BUILD = threading.Lock()  # figures hold the GIL: one build at a time (see the network's)

FIGURES: dict[str, tuple[ID, str]] = {
    "rasters": (ID.RASTERS, "figure"),
    "rate": (ID.RATE, "figure"),
    "spectrum": (ID.SPECTRUM, "figure"),
    "isi_cv": (ID.ISI_CV, "figure"),
}
TEXTS: dict[str, tuple[ID, str]] = {
    "cards": (ID.CARDS, "children"),
    "what": (ID.WHAT, "children"),
    "status": (ID.STATUS, "children"),
}
VIEW: dict[str, tuple[ID, str]] = {**FIGURES, **TEXTS}


def _number(key: str, value: float | None, signed: bool = False) -> str:
    """A metric as a card writes it: ``7,598``, ``7.6 Hz``, ``+0.12``; ``no peak``/``—``."""
    if value is None:
        return "no peak" if key.endswith("peak_hz") else "—"
    unit = METRICS[key][1]
    digits = 0 if key == "n_spikes" else 2 if unit == "" else 1
    text = f"{value:+,.{digits}f}" if signed else f"{value:,.{digits}f}"
    return text.replace("-", "−") + (f" {unit}" if unit else "")


def verdict(key: str, d: Difference) -> str:
    """Whether B − A exceeds the seed-to-seed spread, in words ("" without replicates)."""
    if d.exceeds is None:
        return ""
    bound = _number(key, 2 * d.spread).removeprefix("+")
    return (f"exceeds the seed-to-seed spread (±{bound})" if d.exceeds
            else f"within the seed-to-seed spread (±{bound})")


def card(key: str, d: Difference, replicated: bool) -> html.Div:
    """One metric: A, B, B − A and, with replicates, whether B − A exceeds the spread."""
    mean = " (mean)" if replicated and (d.n_a > 1 or d.n_b > 1) else ""
    word = verdict(key, d)
    lines = [
        html.Div([html.Span("A ", className="side side-a"), _number(key, d.a),
                  html.Span(" B ", className="side side-b"), _number(key, d.b), mean],
                 className="compare-ab"),
        html.Div(["B − A ", html.Strong("—" if d.delta is None
                                        else _number(key, d.delta, signed=True))],
                 className="compare-delta", **{"data-metric": key}),
    ]
    if word:
        lines.append(html.Div(word, className="compare-verdict "
                              + ("exceeds" if d.exceeds else "within")))
    return html.Div(lines, className="card compare-card", **{"data-label": METRICS[key][0]})


def what_changes(a: NetworkConfig, b: NetworkConfig, plan: Plan) -> str:
    """What B changes of A, and how the seed-to-seed spread is known."""
    changes = changed_fields(a, b)
    text = ("B is A: nothing differs." if not changes
            else "B changes " + ", ".join(changes) + ".")
    if plan.pool:
        text += (f" A and B differ only by seed: the spread comes from {len(plan.pool)} "
                 "seeds of this network.")
    elif plan.replicated:
        text += f" Each side runs {len(plan.a)} seeds (its own and the next); cards show means."
    return text


def status(diffs: Mapping[str, Difference]) -> str:
    """What a screen reader says of a new comparison."""
    d = diffs["n_spikes"]
    return (f"A {_number('n_spikes', d.a)} spikes, B {_number('n_spikes', d.b)}, "
            f"B minus A {_number('n_spikes', d.delta, signed=True)}")


def view(plan: Plan, results: Mapping[NetworkConfig, SimulationResult]) -> dict[str, Any]:
    """Every figure and card of a comparison, from the results of ``plan.runs``."""
    a, b = plan.a[0], plan.b[0]
    rows = {c: metrics_of(results[c]) for c in plan.runs}

    def of(configs: Sequence[NetworkConfig]) -> list[dict]:
        return [rows[c] for c in configs]

    diffs = differences(of(plan.a), of(plan.b), of(plan.pool))
    ra, rb = results[a], results[b]
    with _BUILD:
        figures = {
            "rasters": compact(FC.rasters_spec(ra, rb)),
            "rate": compact(FC.rate_spec(ra, rb)),
            "spectrum": compact(FC.spectrum_spec(ra, rb)),
            "isi_cv": compact(FC.isi_cv_spec(ra, rb)),
        }
    cards = [card(k, d, plan.replicated) for k, d in diffs.items()]
    return {**figures, "cards": cards, "what": what_changes(a, b, plan),
            "status": status(diffs)}
