from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from eiso.core.actions import run_action
from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.permissions import is_manager, require_manager, require_role
from eiso.core.roles import AGENCY_MEMBERS
from eiso.core.tenancy import get_for_user_or_404, working_agency
from eiso.quality import selectors, services
from eiso.quality.forms import FeedbackAcceptForm, FeedbackRecordForm, FeedbackReplyForm, ReasonForm
from eiso.quality.models import Feedback
from eiso.quality.views.common import list_agency


@login_required
def feedback_list(request):
    status = request.GET.get("status", "")
    feedback = selectors.feedback_list(user=request.user, agency=list_agency(request), status=status)
    context = {
        "page_obj": Paginator(feedback, 25).get_page(request.GET.get("page")),
        "status": status,
        "statuses": Feedback.Status.choices,
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
    can_manage = is_manager(request.user, feedback.agency)
    context = {
        "feedback": feedback,
        "today": timezone.localdate(),
        "can_manage": can_manage,
        "can_reply": feedback.status == Feedback.Status.ACCEPTED
        and (can_manage or feedback.handler_id == request.user.pk),
        "accept_form": FeedbackAcceptForm(agency=feedback.agency) if can_manage else None,
        "refuse_form": ReasonForm(),
        "reply_form": FeedbackReplyForm(),
    }
    return render(request, "quality/feedback_detail.html", context)


@login_required
@require_POST
def feedback_accept(request, pk: int):
    feedback = get_for_user_or_404(Feedback, request.user, pk=pk)
    require_manager(request.user, feedback.agency)
    form = FeedbackAcceptForm(request.POST, agency=feedback.agency)
    if not form.is_valid():
        messages.error(request, "Người xử lý hoặc phòng/ban không hợp lệ.")
        return redirect(feedback)
    return run_action(
        request,
        feedback,
        lambda: services.feedback_accept(feedback=feedback, actor=request.user, **form.cleaned_data),
        "Đã thụ lý; hạn xử lý 15 ngày làm việc.",
    )


@login_required
@require_POST
def feedback_refuse(request, pk: int):
    feedback = get_for_user_or_404(Feedback, request.user, pk=pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return run_action(
        request,
        feedback,
        lambda: services.feedback_refuse(feedback=feedback, actor=request.user, reason=reason),
        "Đã từ chối thụ lý; người gửi xem được lý do bằng mã phản ánh.",
    )


@login_required
@require_POST
def feedback_reply(request, pk: int):
    feedback = get_for_user_or_404(Feedback, request.user, pk=pk)
    form = FeedbackReplyForm(request.POST)
    reply = form.cleaned_data["reply"] if form.is_valid() else ""
    return run_action(
        request,
        feedback,
        lambda: services.feedback_reply(feedback=feedback, actor=request.user, reply=reply),
        "Đã ghi nội dung trả lời; người gửi xem được bằng mã phản ánh.",
    )
