"""The one way a POST-only workflow view calls its service and tells the user what happened."""

from django.contrib import messages
from django.shortcuts import redirect

from eiso.core.errors import DomainError


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
