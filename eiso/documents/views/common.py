from django.core.exceptions import PermissionDenied

from eiso.accounts.permissions import DENIED_MESSAGE, has_role, require_role
from eiso.core.roles import QMS_MANAGERS


def current_agency(request, *roles: str):
    """The agency the user works in now, where they hold one of `roles`; 403 otherwise."""
    agency = getattr(request, "agency", None)
    if agency is None or not has_role(request.user, agency, *roles):
        raise PermissionDenied(DENIED_MESSAGE)
    return agency


def may_manage(request) -> bool:
    agency = getattr(request, "agency", None)
    return agency is not None and has_role(request.user, agency, *QMS_MANAGERS)


def form_error(form, exc) -> None:
    """Show a DomainError on its field when the form has it, else above the form."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def require_manager(user, agency) -> None:
    """Pages that only the ISO secretary and the leader open answer 403 to the others."""
    require_role(user, agency, *QMS_MANAGERS)
