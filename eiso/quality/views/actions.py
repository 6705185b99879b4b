from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from eiso.core.actions import run_action
from eiso.core.permissions import is_manager
from eiso.core.tenancy import get_for_user_or_404
from eiso.quality import selectors, services
from eiso.quality.forms import ActionCompleteForm, ActionVerifyForm, ReasonForm
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
    can_manage = is_manager(request.user, action.agency)
    is_owner = action.owner_id == request.user.pk
    context = {
        "action": action,
        "today": timezone.localdate(),
        "source": action.source,
        "can_manage": can_manage,
        "can_work": (can_manage or is_owner)
        and action.status in (Action.Status.OPEN, Action.Status.IN_PROGRESS),
        "complete_form": ActionCompleteForm(),
        "verify_form": ActionVerifyForm(),
        "cancel_form": ReasonForm(),
    }
    return render(request, "quality/action_detail.html", context)


@login_required
@require_POST
def action_start(request, pk: int):
    action = get_for_user_or_404(Action, request.user, pk=pk)
    return run_action(
        request,
        action,
        lambda: services.action_start(action=action, actor=request.user),
        "Đã chuyển sang đang thực hiện.",
    )


@login_required
@require_POST
def action_complete(request, pk: int):
    action = get_for_user_or_404(Action, request.user, pk=pk)
    form = ActionCompleteForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Hãy ghi kết quả thực hiện.")
        return redirect(action)
    return run_action(
        request,
        action,
        lambda: services.action_complete(action=action, actor=request.user, **form.cleaned_data),
        "Đã báo cáo hoàn thành; hành động chờ kiểm tra hiệu lực.",
    )


@login_required
@require_POST
def action_verify(request, pk: int):
    action = get_for_user_or_404(Action, request.user, pk=pk)
    form = ActionVerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy chọn kết luận kiểm tra.")
        return redirect(action)
    return run_action(
        request,
        action,
        lambda: services.action_verify(action=action, actor=request.user, **form.cleaned_data),
        "Đã ghi kết quả kiểm tra hiệu lực.",
    )


@login_required
@require_POST
def action_cancel(request, pk: int):
    action = get_for_user_or_404(Action, request.user, pk=pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return run_action(
        request,
        action,
        lambda: services.action_cancel(action=action, actor=request.user, reason=reason),
        "Đã hủy hành động.",
    )
