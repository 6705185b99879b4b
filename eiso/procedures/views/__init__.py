"""Pages of the procedures app, one module per sub-domain."""
