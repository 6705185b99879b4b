"""Who may act in oversight: the coordinator edits, every provincial role reads; an agency's
ISO secretary and leader register their own plan entry and report on it."""

from django.core.exceptions import PermissionDenied

from eiso.core.permissions import DENIED_MESSAGE, has_province_role, has_role
from eiso.core.roles import PROVINCE_MEMBERS, QMS_MANAGERS, Role


def is_coordinator(user, province) -> bool:
    return has_province_role(user, province, Role.COORDINATOR)


def require_coordinator(user, province) -> None:
    if not is_coordinator(user, province):
        raise PermissionDenied(DENIED_MESSAGE)


def is_provincial_reader(user, province) -> bool:
    return has_province_role(user, province, *PROVINCE_MEMBERS)


def require_provincial_reader(user, province) -> None:
    if not is_provincial_reader(user, province):
        raise PermissionDenied(DENIED_MESSAGE)


def can_report_for(user, agency) -> bool:
    """The agency's own secretary or leader, or the province's coordinator."""
    return has_role(user, agency, *QMS_MANAGERS) or is_coordinator(user, agency.province_id)


def require_reporter(user, agency) -> None:
    if not can_report_for(user, agency):
        raise PermissionDenied(DENIED_MESSAGE)
