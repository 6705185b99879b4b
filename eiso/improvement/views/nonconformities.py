from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from eiso.core.actions import form_invalid, run_action
from eiso.core.downloads import XLSX, attachment
from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.permissions import has_role, require_manager, require_role
from eiso.core.query import parse_int
from eiso.core.roles import QMS_MANAGERS, QMS_MANAGERS_AND_AUDITORS
from eiso.core.tenancy import get_for_user_or_404, working_agency
from eiso.core.workflow_views import transition_view
from eiso.improvement import reports, selectors, services
from eiso.improvement.forms import ActionForm, CompleteForm, NonconformityForm, ProposalRunForm
from eiso.improvement.models import Nonconformity
from eiso.orgs import editions
from eiso.quality import services as quality_services
from eiso.quality.models import Action, Feedback

# The status filter of the list: the open ones (the default), all, or one status.
OPEN_FILTER = ("open", "Đang mở")
ALL_FILTER = ("", "Tất cả")


@login_required
def nonconformity_list(request):
    status = request.GET.get("status", "open")
    source = request.GET.get("source", "")
    agency = getattr(request, "agency", None)
    context = {
        "nonconformities": selectors.nonconformity_list(user=request.user, status=status, source=source),
        "proposals": selectors.pending_proposals(user=request.user),
        "selected_status": status,
        "source": source,
        "status_options": [OPEN_FILTER, ALL_FILTER, *Nonconformity.Status.choices],
        "sources": Nonconformity.Source.choices,
        "can_manage": agency is not None and has_role(request.user, agency, *QMS_MANAGERS),
        "run_form": ProposalRunForm(),
        "has_dossier_data": selectors.dossier_selectors() is not None,
    }
    return render(request, "improvement/nonconformity_list.html", context)


@login_required
def nonconformity_export(request):
    rows = selectors.nonconformity_list(user=request.user, status=request.GET.get("status", ""))
    return attachment(
        reports.nonconformity_register_xlsx(rows), filename="so-diem-khong-phu-hop.xlsx", content_type=XLSX
    )


@login_required
def nonconformity_create(request):
    agency = working_agency(request)
    require_role(request.user, agency, *QMS_MANAGERS_AND_AUDITORS)
    feedback = None
    feedback_id = request.POST.get("feedback") or request.GET.get("feedback")
    if feedback_id and parse_int(feedback_id) is not None:
        feedback = get_for_user_or_404(Feedback, request.user, pk=parse_int(feedback_id), agency=agency)
    initial = {"detected_on": timezone.localdate()}
    if feedback is not None:
        initial.update(
            source="complaint",
            title=f"Phản ánh {feedback.code}",
            description=feedback.content,
            feedback=feedback.pk,
            unit=feedback.unit_id,
        )
    form = NonconformityForm(request.POST or None, agency=agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "feedback": feedback}
        try:
            nonconformity = services.nonconformity_record(agency=agency, actor=request.user, **data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Đã ghi nhận điểm không phù hợp {nonconformity.code}.")
            return redirect(nonconformity)
    return render(request, "improvement/nonconformity_form.html", {"form": form, "feedback": feedback})


@login_required
def nonconformity_detail(request, pk: int):
    nonconformity = get_object_or_404(
        Nonconformity.objects.for_user(request.user).select_related(
            "unit", "finding__audit", "feedback", "raised_by", "effectiveness_checked_by"
        ),
        pk=pk,
    )
    today = timezone.localdate()
    actions = list(selectors.source_actions(nonconformity))
    for action in actions:
        action.overdue = action.is_overdue(today)
    context = {
        "nc": nonconformity,
        "clause_mapping": editions.record_mapping(
            agency=nonconformity.agency, number=nonconformity.clause, edition=nonconformity.edition
        ),
        "actions": actions,
        "effectiveness_data": selectors.effectiveness_data(nonconformity, today=today),
        "can_manage": has_role(request.user, nonconformity.agency, *QMS_MANAGERS),
        "action_form": ActionForm(agency=nonconformity.agency),
        "complete_form": CompleteForm(),
    }
    return render(request, "improvement/nonconformity_detail.html", context)


nonconformity_transition = transition_view(services.NONCONFORMITY)
proposal_transition = transition_view(services.NONCONFORMITY_PROPOSAL)


def _nc(request, pk):
    return get_for_user_or_404(Nonconformity, request.user, pk=pk)


@login_required
@require_POST
def nonconformity_add_action(request, pk: int):
    """Not a transition: a corrective action is a quality.Action, with its own audit-trail entry."""
    nc = _nc(request, pk)
    form = ActionForm(request.POST, agency=nc.agency)
    if not form.is_valid():
        return form_invalid(request, nc, form)
    return run_action(
        request,
        nc,
        lambda: services.nonconformity_add_action(nonconformity=nc, actor=request.user, **form.cleaned_data),
        "Đã thêm hành động khắc phục.",
    )


@login_required
@require_POST
def action_complete(request, pk: int, action_pk: int):
    """The owner of a corrective action reports it done from the nonconformity's page."""
    nc = _nc(request, pk)
    action = get_object_or_404(
        Action.objects.for_user(request.user).filter(**Action.source_filter(nc)), pk=action_pk
    )
    form = CompleteForm(request.POST, request.FILES)
    if not form.is_valid():
        return form_invalid(request, nc, form)
    return run_action(
        request,
        nc,
        lambda: quality_services.action_complete(action=action, actor=request.user, **form.cleaned_data),
        "Đã báo cáo hoàn thành hành động.",
    )


@login_required
@require_POST
def proposal_run(request):
    agency = working_agency(request)
    require_manager(request.user, agency)
    form = ProposalRunForm(request.POST)
    if not form.is_valid():
        return form_invalid(request, "improvement:nonconformity_list", form)
    counts = selectors.late_counts(
        agency=agency, **{k: form.cleaned_data[k] for k in ("period_start", "period_end")}
    )
    if counts is None:
        messages.warning(request, selectors.DOSSIER_GAP + " Chưa chạy được quy tắc hồ sơ trễ hạn.")
        return redirect("improvement:nonconformity_list")
    return run_action(
        request,
        "improvement:nonconformity_list",
        lambda: services.late_dossier_proposals(agency=agency, counts=counts, **form.cleaned_data),
        "Đã rà soát hồ sơ trễ hạn.",
    )
