from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.permissions import is_manager, require_role
from eiso.core.roles import AGENCY_MEMBERS
from eiso.core.tenancy import working_agency
from eiso.core.workflow_views import transition_view
from eiso.quality import selectors, services
from eiso.quality.forms import FeedbackRecordForm
from eiso.quality.models import Feedback
from eiso.quality.views.common import list_agency


@login_required
def feedback_list(request):
    status = request.GET.get("status", "")
    feedback = selectors.feedback_list(user=request.user, agency=list_agency(request), status=status)
    context = {
        "page_obj": Paginator(feedback, 25).get_page(request.GET.get("page")),
        "status": status,
        "filters": [("", "Tất cả"), (selectors.OPEN_FEEDBACK, "Chưa xong"), *Feedback.Status.choices],
        "today": timezone.localdate(),
        "can_record": request.agency is not None,
    }
    return render(request, "quality/feedback_list.html", context)


@login_required
def feedback_create(request):
    """Staff record feedback received at the counter, by phone or by letter."""
    agency = working_agency(request)
    require_role(request.user, agency, *AGENCY_MEMBERS)
    form = FeedbackRecordForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            feedback = services.feedback_record(agency=agency, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Đã ghi nhận phản ánh, kiến nghị mã {feedback.code}.")
            return redirect(feedback)
    return render(request, "quality/feedback_form.html", {"form": form})


@login_required
def feedback_detail(request, pk: int):
    feedback = get_object_or_404(
        Feedback.objects.for_user(request.user).select_related("handler", "unit", "recorded_by"), pk=pk
    )
    context = {
        "feedback": feedback,
        "today": timezone.localdate(),
        "can_manage": is_manager(request.user, feedback.agency),
    }
    return render(request, "quality/feedback_detail.html", context)


# Accept, refuse, reply: one view for the declared workflow.
feedback_transition = transition_view(services.FEEDBACK)
