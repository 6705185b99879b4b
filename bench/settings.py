"""Production-like settings for the loopback server the page benchmark starts."""

from eiso.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
