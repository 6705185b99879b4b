"""Pages of document control and of the legal register (thin: parse, call a service, render)."""
