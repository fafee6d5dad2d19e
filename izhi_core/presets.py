"""Registries of the original script's neuron types and weight scenarios.

The values are those of Izhikevich (2003), "Simple model of spiking neurons",
IEEE Trans. Neural Netw. 14(6):1569-1572, Fig. 2, as the original script lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class NeuronType:
    """Parameters of one Izhikevich neuron type.

    Parameters
    ----------
    a : float
        Time scale of the recovery variable u (1/ms).
    b : float
        Sensitivity of u to subthreshold fluctuations of v (dimensionless).
    c : float
        After-spike reset value of v (mV).
    d : float
        After-spike increment of u (mV/ms in the paper's units).
    label : str
        Display name, as the original script writes it.
    """

    a: float
    b: float
    c: float
    d: float
    label: str


NEURON_TYPES: MappingProxyType[str, NeuronType] = MappingProxyType(
    {
        "RS": NeuronType(0.02, 0.2, -65, 8, "regular spiking (RS)"),
        "IB": NeuronType(0.02, 0.2, -55, 4, "intrinsically bursting (IB)"),
        "CH": NeuronType(0.02, 0.2, -51, 2, "chattering (CH)"),
        "FS": NeuronType(0.1, 0.2, -65, 2, "fast spiking (FS)"),
        "TC": NeuronType(0.02, 0.25, -65, 0.05, "thalamic-cortical (TC)"),
        "LTS": NeuronType(0.02, 0.25, -65, 2, "low-threshold spiking (LTS)"),
        "RZ": NeuronType(0.1, 0.26, -65, 2, "resonator (RZ)"),
    }
)


@dataclass(frozen=True)
class WeightScenario:
    """Scales of the uniform random synaptic weights.

    Excitatory weights are ``exc * U(0, 1)`` and inhibitory weights
    ``-inh * U(0, 1)`` (mV/ms of input per presynaptic spike, for one 1 ms step).
    """

    exc: float
    inh: float
    label: str


WEIGHT_SCENARIOS: MappingProxyType[str, WeightScenario] = MappingProxyType(
    {
        "default": WeightScenario(0.5, 1.0, "default (Izhikevich 2003)"),
        "S1": WeightScenario(0.6, 1.6, "S1"),
        "S2": WeightScenario(0.6, 0.6, "S2"),
        "S3": WeightScenario(0.3, 0.1, "S3"),
        "S4": WeightScenario(0.1, 0.1, "S4"),
        "S5": WeightScenario(0.3, 0.2, "S5"),
    }
)
