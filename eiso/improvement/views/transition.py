"""The transition page of one agency: its edition and transition state, the gap checklist against
the newer edition, and the transition plan. Agency members and the province's readers see it; the
agency's QMS managers (and the coordinator, for the transition itself) act on it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from eiso.core.actions import form_invalid, run_action
from eiso.core.permissions import has_province_role, is_manager
from eiso.core.roles import Role
from eiso.core.tenancy import get_for_user_or_404
from eiso.improvement.forms import TransitionCompleteForm, TransitionStartForm
from eiso.improvement.services import transition as services
from eiso.improvement.transition import gap_checklist
from eiso.orgs import editions
from eiso.orgs import services as orgs_services
from eiso.orgs.models import Agency, EditionTransition


def _url(agency_pk: int) -> str:
    return reverse("improvement:transition_gap", args=[agency_pk])


def _agency(request, pk: int) -> Agency:
    return get_object_or_404(
        Agency.objects.for_user(request.user).select_related("edition", "province"), pk=pk
    )


@login_required
def transition_gap(request, pk: int):
    agency = _agency(request, pk)
    state = editions.state_of(agency)
    running = state.transition if state.state == EditionTransition.Status.IN_PROGRESS else None
    can_manage = is_manager(request.user, agency)
    context = {
        "agency": agency,
        "edition": editions.of(agency),
        "state": state,
        "running": running,
        "gap": gap_checklist(agency),
        "tasks": list(services.plan_tasks(state.transition)) if state.transition else [],
        "can_manage": can_manage,
        "can_record": can_manage or has_province_role(request.user, agency.province, Role.COORDINATOR),
        "start_form": TransitionStartForm(current=editions.of(agency)),
        "complete_form": TransitionCompleteForm(),
    }
    return render(request, "improvement/transition_gap.html", context)


@login_required
@require_POST
def transition_start(request, pk: int):
    agency = _agency(request, pk)
    form = TransitionStartForm(request.POST, current=editions.of(agency))
    if not form.is_valid():
        return form_invalid(request, _url(agency.pk), form)
    return run_action(
        request,
        _url(agency.pk),
        lambda: orgs_services.edition_transition_start(
            agency=agency, actor=request.user, **form.cleaned_data
        ),
        "Đã bắt đầu chuyển đổi phiên bản tiêu chuẩn.",
    )


@login_required
@require_POST
def transition_plan(request, pk: int):
    transition = get_for_user_or_404(EditionTransition, request.user, pk=pk)
    return run_action(
        request,
        _url(transition.agency_id),
        lambda: services.transition_plan_generate(transition=transition, actor=request.user),
        "Đã lập kế hoạch chuyển đổi.",
    )


@login_required
@require_POST
def transition_complete(request, pk: int):
    transition = get_for_user_or_404(EditionTransition, request.user, pk=pk)
    form = TransitionCompleteForm(request.POST)
    if not form.is_valid():
        return form_invalid(request, _url(transition.agency_id), form)
    return run_action(
        request,
        _url(transition.agency_id),
        lambda: orgs_services.edition_transition_complete(
            transition=transition, actor=request.user, **form.cleaned_data
        ),
        "Đã hoàn thành chuyển đổi: cơ quan áp dụng phiên bản mới.",
    )
