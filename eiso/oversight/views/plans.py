from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.permissions import DENIED_MESSAGE
from eiso.core.tenancy import get_for_user_or_404, working_agency
from eiso.core.workflow_views import transition_view
from eiso.orgs import editions
from eiso.orgs.models import Agency
from eiso.oversight import selectors, services
from eiso.oversight.forms import EntryForm, MilestoneForm, PlanForm, ProgressForm
from eiso.oversight.models import Milestone, PlanEntry, RolloutPlan
from eiso.oversight.services.common import can_report_for, is_coordinator, is_provincial_reader
from eiso.oversight.views.common import run_action


@login_required
def plan_list(request):
    province = selectors.overseen_province(request.user)
    form = PlanForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if province is None or not is_coordinator(request.user, province):
            raise PermissionDenied(DENIED_MESSAGE)
        if form.is_valid():
            try:
                plan = services.plan_create(province=province, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "Đã lập kế hoạch triển khai.")
                return redirect(plan)
    context = {
        "plans": selectors.plan_list(user=request.user),
        "form": form,
        "can_edit": province is not None and is_coordinator(request.user, province),
        "is_provincial": province is not None and is_provincial_reader(request.user, province),
    }
    return render(request, "oversight/plan_list.html", context)


@login_required
def plan_detail(request, pk: int):
    plan = get_for_user_or_404(RolloutPlan, request.user, pk=pk)
    entries = list(selectors.plan_entries(user=request.user, plan=plan))
    can_edit = is_coordinator(request.user, plan.province)
    agency = request.agency
    own_entry = next((e for e in entries if agency is not None and e.agency_id == agency.pk), None)
    context = {
        "plan": plan,
        "entries": entries,
        "can_edit": can_edit,
        "today": timezone.localdate(),
        "is_provincial": is_provincial_reader(request.user, plan.province),
        "counts": selectors.track_counts(entries, today=timezone.localdate()),
        "entry_form": EntryForm(agencies=Agency.objects.filter(province=plan.province).active())
        if can_edit
        else None,
        "own_entry": own_entry,
        "register_form": EntryForm()
        if agency is not None
        and own_entry is None
        and can_report_for(request.user, agency)
        and agency.province_id == plan.province_id
        else None,
    }
    return render(request, "oversight/plan_detail.html", context)


@login_required
@require_POST
def entry_add(request, pk: int):
    """The coordinator adds an agency to the plan, or an agency registers its own entry."""
    plan = get_for_user_or_404(RolloutPlan, request.user, pk=pk)
    coordinator = is_coordinator(request.user, plan.province)
    agencies = Agency.objects.filter(province=plan.province).active() if coordinator else None
    form = EntryForm(request.POST, agencies=agencies)
    if not form.is_valid():
        messages.error(
            request,
            "Thông tin đăng ký chưa hợp lệ: "
            + "; ".join(
                f"{form.fields[name].label if name in form.fields else ''} {' '.join(errors)}".strip()
                for name, errors in form.errors.items()
            ),
        )
        return redirect(plan)
    data = dict(form.cleaned_data)
    agency = data.pop("agency", None) or working_agency(request)
    return run_action(
        request,
        lambda: services.entry_save(plan=plan, agency=agency, actor=request.user, **data),
        "Đã ghi đăng ký kế hoạch của cơ quan.",
        plan,
    )


@login_required
def entry_detail(request, pk: int):
    entry = get_for_user_or_404(PlanEntry, request.user, pk=pk)
    can_report = can_report_for(request.user, entry.agency)
    progress_form = ProgressForm(
        request.POST or None,
        initial={
            "stage": entry.stage,
            "progress_percent": entry.progress_percent,
            "progress_note": entry.progress_note,
        },
    )
    if request.method == "POST":
        if not can_report:
            raise PermissionDenied(DENIED_MESSAGE)
        if progress_form.is_valid():
            try:
                services.entry_report_progress(
                    entry=entry, actor=request.user, today=timezone.localdate(), **progress_form.cleaned_data
                )
            except DomainError as error:
                add_domain_error(progress_form, error)
            else:
                messages.success(request, "Đã ghi báo cáo tiến độ.")
                return redirect(entry)
    context = {
        "entry": entry,
        "can_report": can_report,
        "progress_form": progress_form,
        "milestone_form": MilestoneForm(),
        "today": timezone.localdate(),
        "milestones": entry.milestones.all(),
        # A conversion's progress is also the agency's own transition record (orgs.editions).
        "transition": editions.state_of(entry.agency) if entry.track == PlanEntry.Track.CONVERT else None,
    }
    return render(request, "oversight/entry_detail.html", context)


@login_required
@require_POST
def milestone_add(request, pk: int):
    entry = get_for_user_or_404(PlanEntry, request.user, pk=pk)
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy nhập tên mốc và hạn (dd/mm/yyyy).")
        return redirect(entry)
    return run_action(
        request,
        lambda: services.milestone_add(entry=entry, actor=request.user, **form.cleaned_data),
        "Đã thêm mốc tiến độ.",
        entry,
    )


@login_required
@require_POST
def milestone_complete(request, pk: int):
    milestone = get_for_user_or_404(Milestone, request.user, pk=pk)
    return run_action(
        request,
        lambda: services.milestone_complete(
            milestone=milestone, done_on=timezone.localdate(), actor=request.user
        ),
        "Đã đánh dấu hoàn thành mốc.",
        milestone.entry,
    )


rollout_plan_transition = transition_view(services.ROLLOUT_PLAN)
