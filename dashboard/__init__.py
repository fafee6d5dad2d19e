"""The Dash dashboard: component ids, layout builders and thin callbacks.

The only package of the project that imports dash; it asks :mod:`izhi_core` for
runs and figures (``app -> dashboard -> izhi_core.figures -> izhi_core``).
"""
