"""Helpers shared by the quality services. Who may manage the QMS and which people and rows a
record may name are checked by `core.permissions` (shared with `improvement`)."""

from django.db import models


def apply_fields(instance: models.Model, values: dict, allowed: list[str]) -> list[str]:
    """Set the allowed fields present in `values`; the names of those whose value changed."""
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"cannot set {sorted(unknown)} on {type(instance).__name__}")
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed
