"""Document control models (ISO 9001:2015 §7.5)."""

from django.db import models  # noqa: F401

__all__: list[str] = []
