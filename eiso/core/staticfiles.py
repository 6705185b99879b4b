"""django.contrib.staticfiles as eISO installs it (a module of its own: Django picks an app's
configuration from its apps.py only when that module holds one)."""

from django.contrib.staticfiles.apps import StaticFilesConfig


class EisoStaticFilesConfig(StaticFilesConfig):
    # The API documentation uses Swagger UI only: drf-spectacular-sidecar's ReDoc bundle (5 MB with
    # its source map) would be copied, hashed and compressed by every collectstatic for nothing.
    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "redoc"]
