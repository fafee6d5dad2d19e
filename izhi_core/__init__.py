"""izhi_core: Izhikevich's (2003) spiking network, spike-for-spike with the original
script and JIT-compiled with numba. numpy + numba only; never imports dash."""

import os

# The sparse networks' parallel kernels meet at the end of every chunk. Under GNU OpenMP
# (numba's threading layer where libgomp is installed) waiting threads spin by default,
# and on a machine whose cores are shared (web workers, jobs, other users) the spinning
# threads take the cores from the ones with work: measured on 2 loaded cores, a
# 1,002-neuron sparse run took 2.7 s with spinning, 0.03 s without. Read by libgomp when
# numba first loads it, after this.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from .config import NetworkConfig, Recording  # noqa: E402
from .presets import NEURON_TYPES, WEIGHT_SCENARIOS  # noqa: E402
from .result import SimulationResult  # noqa: E402
from .simulate import simulate  # noqa: E402

__all__ = ["NEURON_TYPES", "WEIGHT_SCENARIOS", "NetworkConfig", "Recording",
           "SimulationResult", "simulate"]
