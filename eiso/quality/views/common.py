from django.core.exceptions import PermissionDenied

from eiso.core.actions import run_action  # noqa: F401  (the app's views import it from here)
from eiso.core.permissions import DENIED_MESSAGE, has_role
from eiso.core.roles import QMS_MANAGERS_AND_AUDITORS
from eiso.quality.services.common import is_manager

# Who may take the objectives table and the risk register out as files.


def working_agency(request):
    """The agency whose QMS the user keeps now (from the agency switcher); 403 for provincial users."""
    agency = getattr(request, "agency", None)
    if agency is None:
        raise PermissionDenied(DENIED_MESSAGE)
    return agency


def managed_agency(request):
    """The working agency, if the user may manage its QMS records (secretary, leader)."""
    agency = working_agency(request)
    if not is_manager(request.user, agency):
        raise PermissionDenied(DENIED_MESSAGE)
    return agency


def may_export(request) -> bool:
    agency = getattr(request, "agency", None)
    return agency is not None and has_role(request.user, agency, *QMS_MANAGERS_AND_AUDITORS)


def list_agency(request):
    """Lists show the working agency's rows; provincial users (no agency) see their whole province."""
    return getattr(request, "agency", None)
