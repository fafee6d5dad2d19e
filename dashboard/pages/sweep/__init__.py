"""The sweep page: phase diagrams of the network over one or two of its fields."""
