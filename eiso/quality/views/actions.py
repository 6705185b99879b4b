from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from eiso.core.workflow_views import transition_view
from eiso.quality import selectors, services
from eiso.quality.models import Action
from eiso.quality.views.common import list_agency


@login_required
def action_list(request):
    open_only = request.GET.get("all") != "1"
    actions = selectors.action_list(user=request.user, agency=list_agency(request), open_only=open_only)
    if request.GET.get("mine") == "1":
        actions = actions.filter(owner=request.user)
    context = {
        "actions": actions,
        "open_only": open_only,
        "mine": request.GET.get("mine") == "1",
        "today": timezone.localdate(),
    }
    return render(request, "quality/action_list.html", context)


@login_required
def action_detail(request, pk: int):
    action = get_object_or_404(
        Action.objects.for_user(request.user).select_related("owner", "verified_by"), pk=pk
    )
    context = {"action": action, "today": timezone.localdate(), "source": action.source}
    return render(request, "quality/action_detail.html", context)


# Start, complete (with its evidence), verify, cancel: one view for the declared workflow.
action_transition = transition_view(services.ACTION)
