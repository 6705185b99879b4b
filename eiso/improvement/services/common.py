"""Helpers shared by the improvement services: who may do what, numbering."""

from django.db import models

from eiso.accounts.models import Membership
from eiso.core.errors import DomainError
from eiso.core.permissions import has_role, require_role
from eiso.core.roles import AGENCY_MEMBERS, QMS_MANAGERS


def require_manager(actor, agency) -> None:
    require_role(actor, agency, *QMS_MANAGERS)


def is_manager(user, agency) -> bool:
    return has_role(user, agency, *QMS_MANAGERS)


def check_member(user, agency, *, field: str, label: str) -> None:
    if user is not None and not has_role(user, agency, *AGENCY_MEMBERS):
        raise DomainError(f"{label} phải là người của cơ quan.", field=field)


def check_same_agency(agency, *rows) -> None:
    for row in rows:
        if row is not None and row.agency_id != agency.pk:
            raise DomainError("Dữ liệu liên kết không thuộc cơ quan này.")


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
