from eiso.core.permissions import has_role
from eiso.core.roles import QMS_MANAGERS_AND_AUDITORS


def may_export(request) -> bool:
    """The objectives table and the risk register go out as files to those who keep or audit the QMS."""
    agency = getattr(request, "agency", None)
    return agency is not None and has_role(request.user, agency, *QMS_MANAGERS_AND_AUDITORS)


def list_agency(request):
    """Lists show the working agency's rows; provincial users (no agency) see their whole province."""
    return getattr(request, "agency", None)
