"""Indicator sources, navigation entries, dashboard cards and the demo loader of the quality app."""

from eiso.quality import sources

sources.register()
