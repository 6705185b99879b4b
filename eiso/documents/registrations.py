"""Navigation entries, dashboard cards and demo loaders of the documents app."""
