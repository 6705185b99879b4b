"""Pages of the quality app, split by sub-domain like the services."""
