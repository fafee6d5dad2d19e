"""Make tests/data/original_default.npz from the original script, once.

Run from the repository root with any Python that has numpy and matplotlib
(the original script imports it): ``MPLBACKEND=Agg python tests/data/make_original_fixture.py``.
It executes ../shared/seed/izhikevich_neuron_network_model.py unchanged in a
temporary folder (the script writes its figures into ./figures) and stores its
``firings`` and the recorded v, u, I of the neurons it plots (1 and 811).
"""

import os
import runpy
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = ROOT.parent / "shared" / "seed" / "izhikevich_neuron_network_model.py"
OUT = Path(__file__).resolve().parent / "original_default.npz"

if __name__ == "__main__":
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            g = runpy.run_path(str(ORIGINAL), run_name="original")
        finally:
            os.chdir(here)
    neurons = np.array([1, 811])
    np.savez_compressed(
        OUT,
        firings=g["firings"].astype(np.int32),
        neurons=neurons,
        v=g["v_array"][neurons],
        u=g["u_array"][neurons],
        current=g["I_array"][neurons],
        current_sum_per_step=g["I_array"].sum(axis=0),
    )
    print(f"{OUT}: {len(g['firings'])} spikes")
