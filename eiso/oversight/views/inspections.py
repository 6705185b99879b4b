from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.permissions import DENIED_MESSAGE
from eiso.core.tenancy import get_for_user_or_404
from eiso.core.workflow_views import transition_view
from eiso.orgs.models import Agency
from eiso.oversight import selectors, services
from eiso.oversight.forms import (
    FollowUpForm,
    InspectionAddForm,
    InspectionForm,
    InspectionPlanDocumentForm,
    InspectionPlanForm,
)
from eiso.oversight.models import CriteriaSet, FollowUp, Inspection
from eiso.oversight.services.common import can_report_for, is_coordinator
from eiso.oversight.views.common import base_context, overseen_province, plan_for_reader, run_action


def _form_errors(form) -> str:
    return "; ".join(" ".join(errors) for errors in form.errors.values())


@login_required
def inspection_list(request):
    province = overseen_province(request)
    form = InspectionPlanForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if not is_coordinator(request.user, province):
            raise PermissionDenied(DENIED_MESSAGE)
        if form.is_valid():
            try:
                plan = services.inspection_plan_create(
                    province=province, actor=request.user, **form.cleaned_data
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "Đã lập kế hoạch kiểm tra.")
                return redirect(plan)
    context = {
        **base_context(request, province),
        "form": form,
        "plans": selectors.inspection_plan_list(user=request.user),
        "overdue": selectors.follow_up_list(user=request.user, overdue_on=timezone.localdate()),
    }
    return render(request, "oversight/inspection_list.html", context)


@login_required
def inspection_plan_detail(request, pk: int):
    plan = plan_for_reader(request, pk)
    planned = plan.inspections.values("agency_id")
    context = {
        **base_context(request, plan.province),
        "plan": plan,
        "summary": selectors.inspection_plan_summary(plan),
        "problems": services.plan_problems(plan),
        "inspections": selectors.inspection_list(user=request.user, plan=plan),
        "add_form": InspectionAddForm(
            agencies=Agency.objects.filter(province=plan.province).active().exclude(pk__in=planned)
        ),
        "document_form": InspectionPlanDocumentForm(
            initial={name: getattr(plan, name) for name in services.PLAN_DOCUMENT_FIELDS}
        ),
    }
    return render(request, "oversight/inspection_plan_detail.html", context)


@login_required
@require_POST
def inspection_plan_propose(request, pk: int):
    plan = plan_for_reader(request, pk)
    try:
        added = services.inspection_plan_propose(plan=plan, actor=request.user, today=timezone.localdate())
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã thêm {added} cơ quan vào kế hoạch kiểm tra.")
    return redirect(plan)


@login_required
@require_POST
def inspection_add(request, pk: int):
    plan = plan_for_reader(request, pk)
    form = InspectionAddForm(request.POST, agencies=Agency.objects.filter(province=plan.province).active())
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(plan)
    return run_action(
        request,
        lambda: services.inspection_add(plan=plan, actor=request.user, **form.cleaned_data),
        "Đã thêm cơ quan vào kế hoạch kiểm tra.",
        plan,
    )


def _criteria_sets(inspection):
    return CriteriaSet.objects.filter(province=inspection.plan.province)


@login_required
def inspection_detail(request, pk: int):
    inspection = get_for_user_or_404(Inspection, request.user, pk=pk)
    province = inspection.plan.province
    initial = {name: getattr(inspection, name) for name in services.INSPECTION_FIELDS}
    context = {
        **base_context(request, province),
        "inspection": inspection,
        "rows": selectors.checklist(inspection),
        "follow_ups": inspection.follow_ups.select_related("agency"),
        "today": timezone.localdate(),
        "can_report": can_report_for(request.user, inspection.agency),
        "form": InspectionForm(initial=initial, criteria_sets=_criteria_sets(inspection)),
        "follow_up_form": FollowUpForm(),
    }
    return render(request, "oversight/inspection_detail.html", context)


@login_required
@require_POST
def inspection_update(request, pk: int):
    inspection = get_for_user_or_404(Inspection, request.user, pk=pk)
    form = InspectionForm(request.POST, criteria_sets=_criteria_sets(inspection))
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(inspection)
    return run_action(
        request,
        lambda: services.inspection_update(inspection=inspection, actor=request.user, **form.cleaned_data),
        "Đã lưu thông tin cuộc kiểm tra.",
        inspection,
    )


@login_required
@require_POST
def follow_up_add(request, pk: int):
    inspection = get_for_user_or_404(Inspection, request.user, pk=pk)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(inspection)
    return run_action(
        request,
        lambda: services.follow_up_add(
            inspection=inspection, actor=request.user, today=timezone.localdate(), **form.cleaned_data
        ),
        "Đã ghi yêu cầu khắc phục.",
        inspection,
    )


@login_required
@require_POST
def follow_up_nonconformity(request, pk: int):
    follow_up = get_for_user_or_404(FollowUp, request.user, pk=pk)
    return run_action(
        request,
        lambda: services.follow_up_raise_nonconformity(
            follow_up=follow_up, actor=request.user, today=timezone.localdate()
        ),
        "Đã ghi thành điểm không phù hợp của cơ quan.",
        follow_up.inspection,
    )


# One view per workflow: POST …/<pk>/<transition>/ (core.workflow_views); the objects are looked up
# through `for_user`, as the detail pages do.
inspection_plan_transition = transition_view(services.INSPECTION_PLAN)
inspection_transition = transition_view(services.INSPECTION)
follow_up_transition = transition_view(services.FOLLOW_UP)
