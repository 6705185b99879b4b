from django.contrib import messages
from django.shortcuts import redirect, render

from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.permissions import has_role
from eiso.core.roles import QMS_MANAGERS_AND_AUDITORS


def may_export(request) -> bool:
    """The objectives table and the risk register go out as files to those who keep or audit the QMS."""
    agency = getattr(request, "agency", None)
    return agency is not None and has_role(request.user, agency, *QMS_MANAGERS_AND_AUDITORS)


def list_agency(request):
    """Lists show the working agency's rows; provincial users (no agency) see their whole province."""
    return getattr(request, "agency", None)


def form_page(request, *, form, save, template: str, title: str, success: str, done_url: str):
    """A create or edit page: on a valid POST, `save` the cleaned data (a service) and go to
    `done_url` with `success`; a refusal of the service is shown on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, success)
            return redirect(done_url)
    return render(request, template, {"form": form, "title": title})
