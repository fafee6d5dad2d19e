"""Replay one neuron of a network run on its own, from the input it received.

A neuron of the 2003 network sees only its input current: feed the current a
run recorded for it (``SimulationResult.current``, noise plus the synaptic
input of the previous step's spikes) back into :func:`simulate_neuron` with the
neuron's own a, b, c, d and the ``"network2003"`` scheme, and its v and u come
back bit for bit (v at +30 mV on spike steps, as the network records it).
"""

from __future__ import annotations

import numpy as np

from .. import network, rng
from ..config import NetworkConfig
from ..result import SimulationResult
from .protocols import Recorded
from .result import NeuronTrace
from .simulate import simulate_neuron
from .spec import NeuronSpec

NETWORK_V0_MV = -65.0  # every network neuron starts at v = -65 mV, u = b v


def network_parameters(config: NetworkConfig) -> tuple[np.ndarray, ...]:
    """a, b, c, d of every neuron of ``config``'s network, as :func:`network.build_network`
    draws them (the original script's heterogeneity), without drawing its synapses.

    Exact mode takes the two uniform vectors from the start of numpy's legacy
    stream (``np.random.seed``, then ``rand(Ne)``, ``rand(Ni)``), fast mode from
    the counter-based heterogeneity stream; both as the network builder does.
    Seeds this thread's numba generator in exact mode, as building the network does.
    """
    if config.mode == "exact":
        r_exc, r_inh, _ = network._legacy_draws(config.seed, config.ne, config.ni, 1.0, 1.0,
                                                False)
    else:
        r = network._counter_uniforms(rng.stream_key(config.seed, rng.STREAM_HETEROGENEITY),
                                      config.n)
        r_exc, r_inh = r[: config.ne], r[config.ne:]
    return network.neuron_parameters(config, r_exc, r_inh)


def network_neuron(config: NetworkConfig, neuron: int, current: np.ndarray) -> NeuronSpec:
    """Neuron ``neuron`` of ``config``'s network as a single neuron driven by ``current``
    (one value per 1 ms step), starting where the network starts it."""
    if not isinstance(neuron, (int, np.integer)) or not 0 <= neuron < config.n:
        raise ValueError(f"the neuron must be an index from 0 to {config.n - 1:,} "
                         f"(got {neuron!r}).")
    a, b, c, d = (float(x[neuron]) for x in network_parameters(config))
    return NeuronSpec(a=a, b=b, c=c, d=d, v0=NETWORK_V0_MV, u0=b * NETWORK_V0_MV, tau=1.0,
                      duration=None, protocol=Recorded(current))


def replay(result: SimulationResult, neuron: int) -> NeuronTrace:
    """Re-run a recorded neuron of ``result`` alone from its recorded input current."""
    row = result.trace_row(neuron)
    spec = network_neuron(result.config, neuron, result.current[row])
    return simulate_neuron(spec, scheme="network2003")
