from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from eiso.core.actions import run_action
from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.permissions import is_manager, require_manager
from eiso.core.roles import QMS_MANAGERS
from eiso.core.tenancy import get_for_user_or_404, working_agency
from eiso.core.workflow_views import transition_view
from eiso.quality import selectors, services
from eiso.quality.forms import ActionForm, RiskForm, RiskMatrixForm
from eiso.quality.matrix import DEFAULT_MATRIX, matrix_for
from eiso.quality.models import Risk
from eiso.quality.views.common import list_agency, may_export


@login_required
def risk_list(request):
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    agency = list_agency(request)
    risks = list(selectors.risk_list(user=request.user, agency=agency, kind=kind, status=status))
    matrices = {}  # provincial users see several agencies, each rated on its own matrix
    for risk in risks:
        if risk.agency_id not in matrices:
            matrices[risk.agency_id] = matrix_for(risk.agency)
        risk.band = matrices[risk.agency_id].band_for(risk.current_score)
    context = {
        "risks": risks,
        "filters": {"kind": kind, "status": status},
        "show_agency": agency is None,
        "kinds": Risk.Kind.choices,
        "statuses": Risk.Status.choices,
        "can_manage": agency is not None and is_manager(request.user, agency),
        "can_export": may_export(request),
    }
    return render(request, "quality/risk_list.html", context)


@login_required
def risk_matrix(request):
    """The heat map: open risks (or opportunities) placed on the agency's matrix."""
    agency = list_agency(request)
    kind = request.GET.get("kind") or Risk.Kind.RISK
    residual = request.GET.get("rating") == "residual"
    # Provincial users see every agency's risks on the default matrix.
    matrix = matrix_for(agency) if agency is not None else DEFAULT_MATRIX
    risks = selectors.risk_list(user=request.user, agency=agency, kind=kind).exclude(
        status=Risk.Status.CLOSED
    )
    context = {
        "rows": selectors.risk_heat_map(risks=risks, matrix=matrix, residual=residual),
        "matrix": matrix,
        "kind": kind,
        "residual": residual,
        "axis": Risk(kind=kind).axis_labels,
        "impacts": range(1, matrix.size + 1),
        "can_manage": agency is not None and is_manager(request.user, agency),
    }
    return render(request, "quality/risk_matrix.html", context)


@login_required
def risk_matrix_update(request):
    """The agency's rating matrix: its size and colour bands."""
    agency = working_agency(request, *QMS_MANAGERS)
    matrix = matrix_for(agency)
    form = RiskMatrixForm(request.POST or None, initial=RiskMatrixForm.initial_for(matrix))
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_matrix_update(
                agency=agency, actor=request.user, size=form.cleaned_data["size"], bands=form.bands()
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Đã cập nhật ma trận đánh giá rủi ro.")
            return redirect("quality:risk_matrix")
    return render(request, "quality/risk_matrix_form.html", {"form": form, "matrix": matrix})


@login_required
def risk_create(request):
    agency = working_agency(request, *QMS_MANAGERS)
    matrix = matrix_for(agency)
    form = RiskForm(request.POST or None, agency=agency, matrix_size=matrix.size)
    if request.method == "POST" and form.is_valid():
        try:
            risk = services.risk_create(agency=agency, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Đã ghi nhận rủi ro/cơ hội.")
            return redirect(risk)
    return render(request, "quality/risk_form.html", {"form": form, "matrix": matrix})


@login_required
def risk_update(request, pk: int):
    risk = get_for_user_or_404(Risk, request.user, pk=pk)
    require_manager(request.user, risk.agency)
    matrix = matrix_for(risk.agency)
    form = RiskForm(request.POST or None, instance=risk, agency=risk.agency, matrix_size=matrix.size)
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_update(risk=risk, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            risk.refresh_from_db()
            add_domain_error(form, error)
        else:
            messages.success(request, "Đã cập nhật rủi ro/cơ hội.")
            return redirect(risk)
    return render(request, "quality/risk_form.html", {"form": form, "risk": risk, "matrix": matrix})


@login_required
def risk_detail(request, pk: int):
    risk = get_object_or_404(
        Risk.objects.for_user(request.user).select_related("owner", "objective", "context_issue"), pk=pk
    )
    matrix = matrix_for(risk.agency)
    can_manage = is_manager(request.user, risk.agency) and not risk.is_closed
    context = {
        "risk": risk,
        "band": matrix.band_for(risk.score),
        "residual_band": matrix.band_for(risk.residual_score) if risk.residual_score else None,
        "actions": selectors.actions_for(risk),
        "today": timezone.localdate(),
        "can_manage": can_manage,
        "action_form": ActionForm(agency=risk.agency, prefix="action") if can_manage else None,
    }
    return render(request, "quality/risk_detail.html", context)


@login_required
@require_POST
def risk_treatment_add(request, pk: int):
    """Plan a treatment: an Action of the risk (not a transition of the risk: it creates a row)."""
    risk = get_for_user_or_404(Risk, request.user, pk=pk)
    require_manager(request.user, risk.agency)
    form = ActionForm(request.POST, agency=risk.agency, prefix="action")
    if not form.is_valid():
        messages.error(request, "Hành động chưa hợp lệ: hãy ghi nội dung và hạn hoàn thành (dd/mm/yyyy).")
        return redirect(risk)
    return run_action(
        request,
        risk,
        lambda: services.risk_add_treatment(risk=risk, actor=request.user, **form.cleaned_data),
        "Đã thêm hành động xử lý.",
    )


# Treat, re-evaluate, close: one view for the declared workflow.
risk_transition = transition_view(services.RISK)
