"""The one page view of every workflow: POST …/<pk>/<transition>/ runs a declared transition."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from eiso.core.errors import DomainError
from eiso.core.permissions import DENIED_MESSAGE
from eiso.core.workflow import Workflow


def transition_view(workflow: Workflow, queryset_for=None):
    """A view for `path("<plural>/<int:pk>/<str:transition>/", …)`. The object is looked up through
    `for_user` (404 outside the tenant), the transition's form validated (its first error shown on
    the page), and the service error of a refused transition shown as a message; then back to
    the object's page. `queryset_for(user)` overrides the lookup for models scoped otherwise."""

    def lookup(user):
        if queryset_for is not None:
            return queryset_for(user)
        return workflow.model.objects.for_user(user)

    @login_required
    @require_POST
    def view(request, pk: int, transition: str):
        obj = get_object_or_404(lookup(request.user), pk=pk)
        declared = workflow.by_name.get(transition)
        if declared is None:
            raise Http404
        if not workflow.may(obj, request.user, declared):
            raise PermissionDenied(DENIED_MESSAGE)
        values = {}
        if declared.form is not None:
            form = declared.form(request.POST, request.FILES, target=obj, prefix=declared.name)
            if not form.is_valid():
                errors = [str(error) for errors in form.errors.values() for error in errors]
                messages.error(request, errors[0] if errors else "Dữ liệu chưa hợp lệ.")
                return redirect(obj)
            values = form.input()
        try:
            workflow.run(obj, declared.name, actor=request.user, **values)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, declared.success or f"Đã {declared.label.lower()}.")
        return redirect(obj)

    return view
