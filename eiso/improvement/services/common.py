"""Helpers shared by the improvement services: the units a person works in, numbering. Who may
manage the QMS and which people and rows a record may name: core.permissions."""

from django.db import models

from eiso.accounts.models import Membership


def units_of(user, agency) -> set[int]:
    """The units a person works in within the agency (from their active memberships)."""
    return set(
        Membership.objects.filter(user=user, agency=agency, is_active=True, unit__isnull=False).values_list(
            "unit_id", flat=True
        )
    )


def next_code(model: type[models.Model], agency, prefix: str, year: int, width: int = 3) -> str:
    """'<prefix>-<year>-<n>' with n one more than the agency's last of that year."""
    stem = f"{prefix}-{year}-"
    codes = model.objects.filter(agency=agency, code__startswith=stem).values_list("code", flat=True)
    numbers = [int(code[len(stem) :]) for code in codes if code[len(stem) :].isdigit()]
    return f"{stem}{(max(numbers, default=0) + 1):0{width}d}"
