"""The network page's four figures as images for slides: PNG and SVG in one zip, each with
a caption of the run's parameters, each file named by the neuron types, the weights,
the noise and the seed.

Images are drawn by kaleido 1.x in a headless Chromium (the system's); one kaleido
server per process is started on the first export and kept, so the next exports
skip Chromium's start (about 2 s).
"""

from __future__ import annotations

import io
import threading
import warnings
import zipfile
from collections.abc import Sequence

import plotly.graph_objects as go
import plotly.io as pio

from . import figures as F
from .config import NetworkConfig
from .presets import NEURON_TYPES
from .result import SimulationResult

FORMATS = ("png", "svg")
IMAGE_SIZES = {  # px: a slide's half or whole width at 1280 x 720
    "raster": (900, 720), "current_map": (1000, 720), "traces": (1200, 720),
    "rhythms": (900, 720),
}
PNG_SCALE = 2  # PNG pixels per CSS pixel: sharp on a projector or a printed page
CAPTION_PX = 15
CAPTION_ROOM_PX = 50  # added under the plot's own bottom margin: the caption's two lines
CAPTION_GAP_PX = 8  # between the x axis's title and the caption

_SERVER = threading.Lock()
_started = False


class ExportError(RuntimeError):
    """Images could not be drawn (no Chromium, kaleido's failure): ``str()`` says why."""


def run_suffix(config: NetworkConfig) -> str:
    """What a file name adds to the script's (which names only the neuron types): the
    weights, the noise and the seed, ``_weights-0.5-1_noise-5-2_seed-0``.
    assets/png_names.js writes the same for the graphs' PNG buttons."""
    return (f"_weights-{config.exc_weight:g}-{config.inh_weight:g}"
            f"_noise-{config.exc_noise:g}-{config.inh_noise:g}_seed-{config.seed}")


def page_figure_names(config: NetworkConfig) -> dict[str, str]:
    """File stems of the page's figures by name, as the original script names its files
    (by the neuron types): the raster ``..._firings_...``, the map ``..._currents_...``,
    the traces ``..._v_u_...``, the rhythms ``..._rhythms_...``."""
    names = F.original_figure_names(config)
    firings = names["raster"]
    return {
        "raster": firings,
        "current_map": names["currents"],
        "traces": names["v"].replace("_v_", "_v_u_", 1),
        "rhythms": firings.replace("_firings_", "_rhythms_", 1),
    }


def caption(config: NetworkConfig) -> str:
    """The run in two lines (``<br>``): ``800 RS + 202 LTS neurons, all-to-all · 1,000 ms
    · exact mode · Izhikevich (2003)``, then ``weights 0.5 / 1 mV/ms · noise 5 / 2 mV/ms
    · seed 0``."""
    def kind(key: str) -> str:
        return key if key in NEURON_TYPES else "?"

    inputs = "all-to-all" if config.inputs is None else f"{config.inputs:,} inputs each"
    return (f"{config.ne:,} {kind(config.exc_type)} + {config.ni:,} {kind(config.inh_type)} "
            f"neurons, {inputs} · {config.duration:,} ms · {config.mode} mode · Izhikevich "
            f"(2003)<br>weights {config.exc_weight:g} / {config.inh_weight:g} mV/ms · noise "
            f"{config.exc_noise:g} / {config.inh_noise:g} mV/ms · seed {config.seed}")


def captioned(fig: go.Figure, text: str) -> go.Figure:
    """A copy of ``fig`` with ``text`` under its plot, in room added to the bottom margin."""
    out = go.Figure(fig)
    bottom = out.layout.margin.b if out.layout.margin.b is not None else F.MARGIN["b"]
    out.update_layout(margin={"b": bottom + CAPTION_ROOM_PX})
    out.add_annotation(text=text, name="caption", xref="paper", x=0, xanchor="left",
                       xshift=10 - (out.layout.margin.l or F.MARGIN["l"]), yref="paper", y=0,
                       yanchor="top", yshift=-bottom - CAPTION_GAP_PX, showarrow=False,
                       align="left", font={"size": CAPTION_PX, "color": F.NOTE_COLOR})
    return out


def page_figures(result: SimulationResult, original: bool = False) -> dict[str, go.Figure]:
    """The network page's figures of a run, by name, drawn as the explorer draws or as
    the original script (``original``)."""
    return {
        "raster": F.raster_figure(result),
        "current_map": F.current_map_figure(result, original=original),
        "traces": F.traces_figure(result, original=original),
        "rhythms": F.rhythms_figure(result),
    }


def _start_server() -> None:
    global _started
    with _SERVER:
        if not _started:
            import kaleido

            kaleido.start_sync_server(silence_warnings=True)
            _started = True


def image(fig: go.Figure, fmt: str, width: int, height: int) -> bytes:
    """One figure as PNG or SVG bytes (kaleido); :class:`ExportError` if it cannot."""
    if fmt not in FORMATS:
        raise ValueError(f"An image format must be one of {', '.join(FORMATS)} (got {fmt!r}).")
    try:
        _start_server()
        with warnings.catch_warnings():
            # plotly passes kaleido options that the running server already has
            warnings.filterwarnings("ignore", "The kopts argument is ignored")
            return pio.to_image(fig, format=fmt, width=width, height=height,
                                scale=PNG_SCALE if fmt == "png" else 1)
    except Exception as exc:  # kaleido's failures (no Chromium, timeout) share no base class
        raise ExportError(f"The images could not be drawn ({type(exc).__name__}: {exc}); "
                          "kaleido needs Chromium on the server.") from None


def figures_zip(result: SimulationResult, formats: Sequence[str] = FORMATS,
                original: bool = False) -> tuple[bytes, list[str]]:
    """The page's four figures, captioned, in every format, as a zip.

    Returns
    -------
    bytes, list of str
        The zip file and the names in it:
        ``izhikevich_SNN_firings_Ne_..._weights-0.5-1_noise-5-2_seed-0.png``, ...
    """
    cfg = result.config
    text = caption(cfg)
    stems = page_figure_names(cfg)
    suffix = run_suffix(cfg)
    buf = io.BytesIO()
    names = []
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for key, fig in page_figures(result, original).items():
            shown = captioned(fig, text)
            for fmt in formats:
                name = f"{stems[key]}{suffix}.{fmt}"
                zf.writestr(name, image(shown, fmt, *IMAGE_SIZES[key]))
                names.append(name)
    return buf.getvalue(), names
