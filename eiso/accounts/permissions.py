"""Who may do what: plain functions, called at the top of services and by templates.

A role held in an agency applies to that agency; a provincial role applies to every
agency of its province. The generic checks live in `core.permissions` so that apps below
`accounts` can use them too; this module adds the named predicates.
"""

from eiso.core.permissions import (
    DENIED_MESSAGE,
    has_province_role,
    has_role,
    is_administrator,
    require_province_role,
    require_role,
)
from eiso.core.roles import AGENCY_MEMBERS, PROVINCE_MEMBERS, Role

__all__ = [
    "DENIED_MESSAGE",
    "has_role",
    "require_role",
    "has_province_role",
    "require_province_role",
    "is_administrator",
    "is_provincial",
    "has_any_agency_role",
    "can_manage_agency",
]


def is_provincial(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or any(m.role in PROVINCE_MEMBERS for m in user.active_memberships())
    )


def has_any_agency_role(user, *roles: str) -> bool:
    wanted = set(roles) or set(AGENCY_MEMBERS)
    return user.is_authenticated and any(m.role in wanted for m in user.active_memberships() if m.agency_id)


def can_manage_agency(user, agency) -> bool:
    """Agencies, units, users and memberships are kept by the province's system administrator."""
    return has_role(user, agency, Role.ADMIN)
