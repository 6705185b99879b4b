"""The one way a page tells the user how a POSTed action went: a service's DomainError, or a form's
bad input, becomes a message on the page the user came from.

Errors shown on the form itself (a page that re-renders the form) go through
`core.forms.add_domain_error`; a PermissionDenied is left to Django, which answers 403
(`core.api_errors` does the same for the API).
"""

from django.contrib import messages
from django.shortcuts import redirect

from eiso.core.errors import DomainError

INVALID_INPUT = "Dữ liệu chưa hợp lệ."


def run_action(request, target, call, success: str):
    """Call one service; its DomainError becomes an error message, else `success` is shown;
    either way back to `target` (a model with get_absolute_url, a URL or a URL name)."""
    try:
        call()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(target)


def form_invalid(request, target, form):
    """A POSTed form with bad input, on a page that does not re-render it: its first error as a
    message, back to `target`."""
    errors = [str(error) for errors in form.errors.values() for error in errors]
    messages.error(request, errors[0] if errors else INVALID_INPUT)
    return redirect(target)
