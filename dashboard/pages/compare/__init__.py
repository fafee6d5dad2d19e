"""The /compare page: two runs of the network, A and B, side by side."""
