"""A result -> the network page's figures and cards, by output name; nothing else.

Building a plotly figure is pure Python and holds the GIL. Requests that overlap (a
class of users on one worker, a download beside a change) build one figure at a
time, so each finishes in turn instead of all together, late, in threads that take
the GIL from each other.
"""

from __future__ import annotations

import threading
from typing import Any

from izhi_core import NetworkConfig, SimulationResult
from izhi_core import figures as F
from izhi_core import figures_export as export
from izhi_core.analysis import summarize

from ...common.wire import compact
from .ids import ID
from .layout import lab_links

_BUILD = threading.Lock()

# Output name -> (component, property) of everything a view draws. Callbacks are
# declared from this table, and a view is a dict with these keys.
FIGURES: dict[str, tuple[ID, str]] = {
    "raster": (ID.RASTER, "figure"),
    "current_map": (ID.CURRENT_MAP, "figure"),
    "rhythms": (ID.RHYTHMS, "figure"),
    "traces": (ID.TRACES, "figure"),
}
CARDS: dict[str, tuple[ID, str]] = {
    "spikes": (ID.CARD_SPIKES, "children"),
    "rate_e": (ID.CARD_RATE_E, "children"),
    "rate_i": (ID.CARD_RATE_I, "children"),
    "low_peak": (ID.CARD_LOW_PEAK, "children"),
    "gamma_peak": (ID.CARD_GAMMA_PEAK, "children"),
    "time": (ID.CARD_TIME, "children"),
}
STATUS: dict[str, tuple[ID, str]] = {"status": (ID.RESULT_STATUS, "children")}
LINKS: dict[str, tuple[ID, str]] = {"lab_links": (ID.LAB_LINKS, "children")}
VIEW: dict[str, tuple[ID, str]] = {**FIGURES, **CARDS, **STATUS, **LINKS}
NO_RATE = "—"  # a rate card's text for a population of no neurons


def run_suffix(config: NetworkConfig) -> str:
    """What a file name adds to the script's: :func:`izhi_core.figures_export.run_suffix`
    (``_weights-0.5-1_noise-5-2_seed-0``; assets/png_names.js writes the same)."""
    return export.run_suffix(config)


def png_names(config: NetworkConfig) -> dict[ID, str]:
    """PNG file stems of the graphs, as the original script names its files (by the
    neuron types; the page's PNG buttons add :func:`run_suffix` when clicked):
    :func:`izhi_core.figures_export.page_figure_names` by graph id."""
    names = export.page_figure_names(config)
    return {FIGURES[key][0]: stem for key, stem in names.items()}


def cards(result: SimulationResult, cached: bool = False) -> dict[str, str]:
    """The summary cards' texts; a population of no neurons has no rate ("—"); a run
    kept from before says so beside the time it took then."""
    s = summarize(result)
    cfg = result.config

    def rate(value: float, size: int) -> str:
        return NO_RATE if size == 0 else f"{value:.1f} Hz"

    def peak(value: float | None) -> str:
        return "no peak" if value is None else f"{value:.1f} Hz"

    run_ms = (result.build_seconds + result.sim_seconds) * 1000.0
    return {
        "spikes": f"{s['n_spikes']:,}",
        "rate_e": rate(s["rate_exc_hz"], cfg.ne),
        "rate_i": rate(s["rate_inh_hz"], cfg.ni),
        "low_peak": peak(s["low_peak_hz"]),
        "gamma_peak": peak(s["gamma_peak_hz"]),
        "time": f"{run_ms:,.0f} ms" + (" (kept)" if cached else ""),
    }


def status(texts: dict[str, str]) -> str:
    """What a screen reader says of a new result, from its cards' texts:
    '7,598 spikes, excitatory 7.6 Hz, inhibitory 7.3 Hz'."""
    def rate(kind: str, text: str) -> str:
        return f"no {kind} neurons" if text == NO_RATE else f"{kind} {text}"

    return (f"{texts['spikes']} spikes, {rate('excitatory', texts['rate_e'])}, "
            f"{rate('inhibitory', texts['rate_i'])}")


def traces(result: SimulationResult, drawing: str = "explorer") -> dict[str, Any]:
    """v(t) and u(t) of the traced neurons, and a link to each in the neuron lab."""
    links = lab_links(result.config, result.trace_neurons.tolist(), drawing)
    with _BUILD:
        return {"traces": compact(F.traces_spec(result, original=drawing == "original")),
                "lab_links": links}


def view(result: SimulationResult, drawing: str = "explorer",
         cached: bool = False) -> dict[str, Any]:
    """Every figure and card of the page for one result, drawn as the explorer draws or
    as the original script (``drawing="original"``)."""
    original = drawing == "original"
    with _BUILD:
        out = {
            "raster": compact(F.raster_spec(result)),
            "current_map": compact(F.current_map_spec(result, original=original)),
            "rhythms": compact(F.rhythms_spec(result)),
        }
    texts = cards(result, cached)
    return {**out, **traces(result, drawing), **texts, "status": status(texts)}
