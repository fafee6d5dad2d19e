"""The original script's heterogeneity: how far each neuron's a, b, c, d stray from its
type's.

Izhikevich (2003) and the original script give every neuron its own parameters, from
one uniform draw r in [0, 1) per neuron (see
:func:`izhi_core.network.neuron_parameters`)::

    excitatory:  a = a_e            b = b_e            c = c_e + 15 r**2   d = d_e - 6 r**2
    inhibitory:  a = a_i + 0.08 r   b = b_i - 0.05 r   c = c_i             d = d_i

The recipe was written for regular spiking (RS, d_e = 8) excitatory neurons. With
any other excitatory type d_e < 6, and d_e - 6 r**2 < 0 for the neurons with
r > sqrt(d_e / 6): a spike then *lowers* u, the opposite of the recovery the
model's d stands for. :func:`parameter_spread` says, in closed form, how many.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType

import numpy as np

from . import network, rng
from .config import NetworkConfig
from .presets import NEURON_TYPES

PARAMETERS = ("a", "b", "c", "d")

RECIPE: MappingProxyType[str, MappingProxyType[str, tuple[float, int]]] = MappingProxyType({
    "exc": MappingProxyType({"c": (15.0, 2), "d": (-6.0, 2)}),
    "inh": MappingProxyType({"a": (0.08, 1), "b": (-0.05, 1)}),
})
"""Per population, the parameters that vary: ``name -> (k, m)`` for
``value = type's value + k * r**m``; the others are the type's value. The same
recipe as :func:`izhi_core.network.neuron_parameters` (a test holds them together)."""


def _uniforms(config: NetworkConfig) -> tuple[np.ndarray, np.ndarray]:
    """Each neuron's r, as :func:`izhi_core.network.build_network` draws it."""
    if config.mode == "exact":
        # The script's first two draws, rand(Ne, 1) then rand(Ni, 1), from numpy's
        # legacy stream. numpy's own RandomState gives the same numbers as the
        # build's numba generator without reseeding this thread's numba stream.
        stream = np.random.RandomState(config.seed)
        return stream.random_sample(config.ne), stream.random_sample(config.ni)
    r = network._counter_uniforms(
        rng.stream_key(config.seed, rng.STREAM_HETEROGENEITY), config.n)
    return r[: config.ne], r[config.ne:]


def parameters_of(
    config: NetworkConfig, neurons: Iterable[int] | None = None
) -> dict[str, np.ndarray]:
    """a, b, c, d of some neurons of ``config``'s network, without building it.

    Parameters
    ----------
    config : NetworkConfig
    neurons : iterable of int, optional
        Neuron indices (0 .. n-1); None gives every neuron.

    Returns
    -------
    dict
        ``{"a": ..., "b": ..., "c": ..., "d": ...}``, float64 arrays in the order of
        ``neurons``, equal to :func:`izhi_core.network.build_network`'s arrays: the
        same draws (exact or fast mode) through the same recipe. c is the reset
        value of v (mV), d the increment of u (mV/ms).
    """
    a, b, c, d = network.neuron_parameters(config, *_uniforms(config))
    every = {"a": a, "b": b, "c": c, "d": d}
    if neurons is None:
        return every
    index = np.asarray(list(neurons), dtype=np.int64)
    if index.size and (index.min() < 0 or index.max() >= config.n):
        raise ValueError(f"Neurons must be indices from 0 to {config.n - 1:,} "
                         f"(got {index.tolist()}).")
    return {name: values[index] for name, values in every.items()}


def _fraction_negative(base: float, k: float, m: int) -> float:
    """P(base + k r**m < 0) for r uniform on [0, 1)."""
    if k == 0:
        return 1.0 if base < 0 else 0.0
    edge = -base / k  # the value of r**m at which base + k r**m crosses 0
    if k < 0:  # falling from base: negative above the crossing
        if base < 0:
            return 1.0
        return 0.0 if edge >= 1 else 1.0 - edge ** (1.0 / m)
    if base >= 0:  # rising from base
        return 0.0
    return 1.0 if edge >= 1 else edge ** (1.0 / m)


def parameter_spread(config: NetworkConfig) -> dict[str, dict]:
    """The range of a, b, c, d the original script's recipe gives each population, in
    closed form.

    Parameters
    ----------
    config : NetworkConfig
        Only the neuron types and the population sizes enter.

    Returns
    -------
    dict
        ``{"exc": {...}, "inh": {...}}``, each with ``type`` (the preset's key),
        ``neurons`` (its size), ``"a"``, ``"b"``, ``"c"``, ``"d"`` as
        ``(min, max)`` over r in [0, 1] (a in 1/ms, b in 1/ms, c in mV, d in
        mV/ms; equal ends for a parameter that does not vary), ``d_negative``:
        the probability that a neuron has d < 0 (for the excitatory population
        ``P(d_e - 6 r**2 < 0) = 1 - sqrt(d_e / 6)`` when 0 <= d_e < 6), and
        ``expected_d_negative``: that probability times the population's size.

    Notes
    -----
    Every parameter is monotone in r, so its ends are its values at r = 0 and 1
    (r = 1 itself is never drawn: the upper end is a bound). With an RS
    population nothing is negative; with IB 18 %, CH, FS, LTS or RZ 42 %, TC 91 %
    of the excitatory neurons have d < 0 (Izhikevich 2003's recipe, written for RS).
    """
    out = {}
    for pop, key, size in (("exc", config.exc_type, config.ne),
                           ("inh", config.inh_type, config.ni)):
        preset = NEURON_TYPES[key]
        spread: dict = {"type": key, "neurons": size}
        for name in PARAMETERS:
            base = float(getattr(preset, name))
            k, _ = RECIPE[pop].get(name, (0.0, 1))
            spread[name] = (min(base, base + k), max(base, base + k))
        k, m = RECIPE[pop].get("d", (0.0, 1))
        spread["d_negative"] = _fraction_negative(float(preset.d), k, m)
        spread["expected_d_negative"] = spread["d_negative"] * size
        out[pop] = spread
    return out

