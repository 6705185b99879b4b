"""Role checks usable by every layer, including those below `accounts` (core, orgs).

They ask the user object for its roles (`roles_in_agency`, `roles_in_province`, defined on
`accounts.User`), so no lower app imports `accounts`: the same inversion as
`visible_agency_ids()` in tenancy. `accounts.permissions` re-exports these and adds the
named predicates that templates use.
"""

from django.core.exceptions import PermissionDenied

from eiso.core.errors import DomainError
from eiso.core.roles import AGENCY_MEMBERS, QMS_MANAGERS

DENIED_MESSAGE = "Bạn không có quyền thực hiện thao tác này."


def has_role(user, agency, *roles: str) -> bool:
    if user is None or not user.is_authenticated or agency is None:
        return False
    return bool(user.roles_in_agency(agency) & set(roles))


def require_role(user, agency, *roles: str) -> None:
    if not has_role(user, agency, *roles):
        raise PermissionDenied(DENIED_MESSAGE)


def has_province_role(user, province, *roles: str) -> bool:
    if user is None or not user.is_authenticated or province is None:
        return False
    return bool(user.roles_in_province(province) & set(roles))


def require_province_role(user, province, *roles: str) -> None:
    if not has_province_role(user, province, *roles):
        raise PermissionDenied(DENIED_MESSAGE)


def is_administrator(user) -> bool:
    """A system administrator of some province (or a superuser)."""
    return bool(
        user is not None and user.is_authenticated and (user.is_superuser or user.administered_province_ids())
    )


# --- the QMS managers, and the people and rows a record may name ----------------------------------
# Quality and improvement keep the agency's QMS records under the same rules; the checks live here
# once so that "who manages the QMS" and "who counts as the agency's people" cannot drift apart.


def require_manager(actor, agency) -> None:
    """403 unless `actor` keeps the agency's QMS: thư ký ISO or lãnh đạo (roles.QMS_MANAGERS)."""
    require_role(actor, agency, *QMS_MANAGERS)


def is_manager(user, agency) -> bool:
    return has_role(user, agency, *QMS_MANAGERS)


def check_member(user, agency, *, field: str, label: str) -> None:
    """A person named on a record (owner, handler) must work in the agency: a DomainError on
    `field` otherwise. Nobody named (None) passes."""
    if user is not None and not has_role(user, agency, *AGENCY_MEMBERS):
        raise DomainError(f"{label} phải là người của cơ quan.", field=field)


def check_same_agency(agency, *rows, message: str = "Dữ liệu liên kết không thuộc cơ quan này.") -> None:
    """Rows linked to a record of `agency` (an objective, a unit…) must belong to it too."""
    for row in rows:
        if row is not None and row.agency_id != agency.pk:
            raise DomainError(message)
