"""Who may do what: plain functions, called at the top of services and by templates.

A role held in an agency applies to that agency (and to the history of agencies merged
into it); a provincial role applies to every agency of its province.
"""

from django.core.exceptions import PermissionDenied

from eiso.accounts.models import AGENCY_ROLES, PROVINCE_ROLES, Role

DENIED_MESSAGE = "Bạn không có quyền thực hiện thao tác này."


def roles_in_agency(user, agency) -> set[str]:
    """The roles the user holds that apply to this agency."""
    if not user.is_authenticated or agency is None:
        return set()
    roles = set()
    for membership in user.active_memberships():
        if membership.agency_id == agency.pk:
            roles.add(membership.role)
        elif membership.province_id and membership.province_id == agency.province_id:
            roles.add(membership.role)
    if user.is_superuser:
        roles.add(Role.ADMIN)
    return roles


def roles_in_province(user, province) -> set[str]:
    if not user.is_authenticated or province is None:
        return set()
    province_id = getattr(province, "pk", province)
    roles = {m.role for m in user.active_memberships() if m.province_id == province_id}
    if user.is_superuser:
        roles.add(Role.ADMIN)
    return roles


def has_role(user, agency, *roles: str) -> bool:
    return bool(roles_in_agency(user, agency) & set(roles))


def require_role(user, agency, *roles: str) -> None:
    if not has_role(user, agency, *roles):
        raise PermissionDenied(DENIED_MESSAGE)


def has_province_role(user, province, *roles: str) -> bool:
    return bool(roles_in_province(user, province) & set(roles))


def require_province_role(user, province, *roles: str) -> None:
    if not has_province_role(user, province, *roles):
        raise PermissionDenied(DENIED_MESSAGE)


def is_provincial(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or any(m.role in PROVINCE_ROLES for m in user.active_memberships())
    )


def is_administrator(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or any(m.role == Role.ADMIN for m in user.active_memberships())
    )


def administered_province_ids(user) -> set[int]:
    if user.is_superuser:
        return user.visible_province_ids()
    return {m.province_id for m in user.active_memberships() if m.role == Role.ADMIN}


def can_manage_agency(user, agency) -> bool:
    """Agencies, units, users and memberships are kept by the system administrator of the province."""
    return agency is not None and has_role(user, agency, Role.ADMIN)


def has_any_agency_role(user, *roles: str) -> bool:
    wanted = set(roles) or set(AGENCY_ROLES)
    return user.is_authenticated and any(
        m.role in wanted for m in user.active_memberships() if m.agency_id
    )
