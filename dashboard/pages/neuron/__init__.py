"""The neuron lab at /neuron: one Izhikevich neuron, its patterns, its phase plane."""
