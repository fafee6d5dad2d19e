"""One Izhikevich neuron: published patterns as data, integration schemes, phase planes.

numpy + numba only. The model is Izhikevich (2003), "Simple model of spiking
neurons"; the patterns are Izhikevich (2004), "Which model to use for cortical
spiking neurons?", Fig. 1, and the 2003 paper's Fig. 2, with the published
code's numbers (see :mod:`izhi_core.neuron.patterns` and docs/neuron.md).

    >>> from izhi_core.neuron import simulate_neuron
    >>> simulate_neuron("A").n_spikes
    5
"""

from .model import QUADRATICS, RECOVERIES, SCHEMES, time_grid
from .patterns import FIGURE1_2004, FIGURE2_2003, PRESET_PATTERNS, Pattern, get_pattern
from .protocols import Protocol, Recorded, Segment, piecewise, pulses, ramp, recorded, step
from .result import NeuronTrace
from .simulate import simulate_gallery, simulate_neuron
from .spec import NeuronSpec

__all__ = [
    "FIGURE1_2004", "FIGURE2_2003", "PRESET_PATTERNS", "QUADRATICS", "RECOVERIES", "SCHEMES",
    "NeuronSpec", "NeuronTrace", "Pattern", "Protocol", "Recorded", "Segment", "get_pattern",
    "piecewise", "pulses", "ramp", "recorded", "simulate_gallery", "simulate_neuron", "step",
    "time_grid",
]
