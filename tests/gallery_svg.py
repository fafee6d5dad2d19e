"""Read a gallery panel's SVG (izhi_core.figures_neuron.gallery_panel_svg) back into
numbers: the times and values its lines show, by the mapping its docstring states."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET

import numpy as np

SVG = "{http://www.w3.org/2000/svg}"


def from_data_address(src: str) -> str:
    prefix = "data:image/svg+xml;base64,"
    assert src.startswith(prefix), src[:40]
    return base64.b64decode(src[len(prefix):]).decode()


def lines(svg: str) -> dict[str, np.ndarray]:
    """The points of each polyline by its class, as an (n, 2) array in the box's units."""
    root = ET.fromstring(svg)
    out = {}
    for line in root.iter(f"{SVG}polyline"):
        pairs = [p.split(",") for p in line.get("points").split()]
        out[line.get("class")] = np.array(pairs, dtype=float)
    return out


def text(svg: str) -> str:
    return "".join(ET.fromstring(svg).find(f"{SVG}text").itertext())


def unmap(y: np.ndarray, value_range, domain, box: float) -> np.ndarray:
    """The values whose heights in the box are ``y``."""
    lo, hi = value_range
    share = (1.0 - y / box - domain[0]) / (domain[1] - domain[0])
    return lo + share * (hi - lo)


def shown_ms(svg: str) -> float:
    return float(re.fullmatch(r"([\d.]+) ms", text(svg)).group(1))
