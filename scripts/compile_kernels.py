"""Compile every numba kernel into ``NUMBA_CACHE_DIR``; the Dockerfile runs this at build time.

numba keys its cache on the source file's path and modification time, so the
image serves from the same /app this ran against and each worker loads the
kernels instead of compiling them (about 15 s) on its first request.

    NUMBA_CACHE_DIR=/opt/numba-cache python scripts/compile_kernels.py
"""

from __future__ import annotations

import os
import time

from izhi_core import NetworkConfig, simulate


def main() -> None:
    if not os.environ.get("NUMBA_CACHE_DIR"):
        raise SystemExit("compile_kernels: set NUMBA_CACHE_DIR to the folder the image ships.")
    start = time.perf_counter()
    # Exact and fast mode, all-to-all (serial kernels) and sparse (parallel=True kernels).
    for mode in ("exact", "fast"):
        for sizes in ({}, {"ne": 80, "ni": 20, "inputs": 10}):
            simulate(NetworkConfig(mode=mode, duration=5, **sizes))
    import app  # noqa: F401  (its warm-up runs the Recording variants the callbacks use)

    # The neuron lab: the twenty panels in every scheme (the gallery is drawn when Dash
    # first checks the pages' layouts, at a server's first request)
    from izhi_core.neuron import SCHEMES
    from izhi_core.neuron.simulate import simulate_gallery

    for scheme in SCHEMES:
        simulate_gallery(scheme)

    print(f"numba kernels compiled into {os.environ['NUMBA_CACHE_DIR']} "
          f"in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
