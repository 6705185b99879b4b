"""Helpers shared by the quality services: who may manage the QMS, and field updates."""

from django.db import models

from eiso.core.errors import DomainError
from eiso.core.permissions import has_role, require_role
from eiso.core.roles import AGENCY_MEMBERS, QMS_MANAGERS

# The ISO secretary keeps the QMS records; the leader answers for them.


def require_manager(actor, agency) -> None:
    require_role(actor, agency, *QMS_MANAGERS)


def is_manager(user, agency) -> bool:
    return has_role(user, agency, *QMS_MANAGERS)


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


def check_same_agency(agency, *rows, message: str = "Dữ liệu liên kết không thuộc cơ quan này.") -> None:
    for row in rows:
        if row is not None and row.agency_id != agency.pk:
            raise DomainError(message)


def check_member(user, agency, *, field: str, label: str) -> None:
    """A person named on a record (owner, handler) must work in the agency."""
    if user is not None and not has_role(user, agency, *AGENCY_MEMBERS):
        raise DomainError(f"{label} phải là người của cơ quan.", field=field)
