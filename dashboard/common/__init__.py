"""Parts every page shares: one error path, wire encoding, components, jobs, runs."""
