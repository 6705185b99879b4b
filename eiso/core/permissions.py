"""Role checks usable by every layer, including those below `accounts` (core, orgs).

They ask the user object for its roles (`roles_in_agency`, `roles_in_province`, defined on
`accounts.User`), so no lower app imports `accounts`: the same inversion as
`visible_agency_ids()` in tenancy. `accounts.permissions` re-exports these and adds the
named predicates that templates use.
"""

from django.core.exceptions import PermissionDenied

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
