"""The network explorer, at /: Izhikevich's (2003) network, live."""
