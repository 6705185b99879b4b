from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from eiso.core.actions import run_action  # noqa: F401  (the app's views import it from here)
from eiso.core.permissions import DENIED_MESSAGE


def working_agency(request):
    """The agency whose QMS the user works on now (agency switcher); 403 for users without one."""
    agency = getattr(request, "agency", None)
    if agency is None:
        raise PermissionDenied(DENIED_MESSAGE)
    return agency


def invalid(request, target, form):
    """A POSTed workflow form with bad input: its first error as a message, back to the page."""
    errors = [str(error) for errors in form.errors.values() for error in errors]
    messages.error(request, errors[0] if errors else "Dữ liệu chưa hợp lệ.")
    return redirect(target)
