"""izhi_core: Izhikevich's (2003) spiking network, spike-for-spike with the original
script and JIT-compiled with numba. numpy + numba only; never imports dash."""

from .config import NetworkConfig, Recording
from .presets import NEURON_TYPES, WEIGHT_SCENARIOS
from .result import SimulationResult
from .simulate import simulate

__all__ = ["NEURON_TYPES", "WEIGHT_SCENARIOS", "NetworkConfig", "Recording",
           "SimulationResult", "simulate"]
