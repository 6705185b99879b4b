from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from eiso.core.actions import run_action
from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.permissions import is_manager, require_manager
from eiso.core.query import query_choice, query_year
from eiso.core.roles import QMS_MANAGERS
from eiso.core.tenancy import get_for_user_or_404, working_agency
from eiso.quality import indicators, selectors, services
from eiso.quality.forms import ActionForm, IndicatorValueForm, ObjectiveForm
from eiso.quality.models import QualityObjective
from eiso.quality.models.objectives import Attainment
from eiso.quality.periods import period_starting
from eiso.quality.views.common import list_agency, may_export


def _year(request, years: list[int]) -> int:
    chosen = query_year(request, default=None)
    if chosen is not None:
        return chosen
    today = timezone.localdate()
    return today.year if today.year in years or not years else years[0]


@login_required
def objective_list(request):
    years = selectors.objective_years(user=request.user)
    year = _year(request, years)
    objectives = selectors.objective_list(user=request.user, year=year, agency=list_agency(request))
    rows = selectors.objective_rows(objectives, today=timezone.localdate())
    status = query_choice(request, "status", Attainment.choices, label="Mức đạt")
    if status:
        rows = [row for row in rows if row.attainment == status]
    context = {
        "rows": rows,
        "status": status,
        "year": year,
        "years": sorted(set(years) | {year}, reverse=True),
        "can_manage": request.agency is not None and is_manager(request.user, request.agency),
        "can_export": may_export(request),
        "summary": request.GET.get("view") == "summary",
        "show_agency": request.agency is None,
        "attainments": Attainment,
    }
    return render(request, "quality/objective_list.html", context)


@login_required
def objective_create(request):
    agency = working_agency(request, *QMS_MANAGERS)
    initial = {"year": timezone.localdate().year}
    form = ObjectiveForm(request.POST or None, agency=agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            objective = services.objective_create(agency=agency, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Đã lập mục tiêu chất lượng.")
            if not objective.is_manual:
                # A computed indicator shows its value at once, not after the nightly run.
                services.objective_recalculate(objective=objective, actor=request.user)
            return redirect(objective)
    return render(request, "quality/objective_form.html", {"form": form, "sources": indicators.sources})


@login_required
def objective_update(request, pk: int):
    objective = get_for_user_or_404(QualityObjective, request.user, pk=pk)
    require_manager(request.user, objective.agency)
    form = ObjectiveForm(request.POST or None, instance=objective, agency=objective.agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_update(objective=objective, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            objective.refresh_from_db()
            add_domain_error(form, error)
        else:
            messages.success(request, "Đã cập nhật mục tiêu.")
            return redirect(objective)
    context = {"form": form, "objective": objective, "sources": indicators.sources}
    return render(request, "quality/objective_form.html", context)


@login_required
def objective_detail(request, pk: int):
    objective = get_object_or_404(
        QualityObjective.objects.for_user(request.user).select_related(
            "unit", "owner", "procedure__current_version"
        ),
        pk=pk,
    )
    today = timezone.localdate()
    row = selectors.objective_rows([objective], today=today)[0]
    can_manage = is_manager(request.user, objective.agency)
    context = {
        "objective": objective,
        "row": row,
        "today": today,
        "trend": selectors.objective_trend(objective=objective, today=today),
        "source": indicators.get_source(objective.source),
        "actions": selectors.actions_for(objective),
        "risks": objective.risks.all(),
        "value_history": selectors.indicator_value_history(objective=objective),
        "can_manage": can_manage,
        "can_enter": objective.is_manual and (can_manage or objective.owner_id == request.user.pk),
        "value_form": IndicatorValueForm(),
        "action_form": ActionForm(agency=objective.agency) if can_manage else None,
    }
    return render(request, "quality/objective_detail.html", context)


@login_required
@require_POST
def indicator_value_enter(request, pk: int):
    objective = get_for_user_or_404(QualityObjective, request.user, pk=pk)
    form = IndicatorValueForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = "; ".join(
            f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errs)}"
            for name, errs in form.errors.items()
        )
        messages.error(request, f"Giá trị chưa hợp lệ — {errors}")
        return redirect(objective)
    data = form.cleaned_data
    period = period_starting(objective.year, objective.frequency, data["period_start"])
    label = period.label if period else ""
    return run_action(
        request,
        objective,
        lambda: services.indicator_value_enter(
            objective=objective,
            period_start=data["period_start"],
            value=data["value"],
            note=data["note"],
            evidence=data["evidence"],
            actor=request.user,
        ),
        f"Đã ghi giá trị kỳ {label}.",
    )


def _posted_period(request, objective):
    try:
        start = date.fromisoformat(request.POST.get("period_start", ""))
    except ValueError:
        return None
    return period_starting(objective.year, objective.frequency, start)


@login_required
@require_POST
def objective_recalculate(request, pk: int):
    objective = get_for_user_or_404(QualityObjective, request.user, pk=pk)
    require_manager(request.user, objective.agency)
    if request.POST.get("period_start"):
        period = _posted_period(request, objective)
        if period is None:
            messages.error(request, "Kỳ đo không hợp lệ.")
            return redirect(objective)
        return run_action(
            request,
            objective,
            lambda: services.indicator_recalculate(
                objective=objective, period_start=period.start, actor=request.user, reopen=True
            ),
            f"Đã tính lại kỳ đã chốt {period.label}; việc tính lại được ghi vào nhật ký thay đổi.",
        )
    return run_action(
        request,
        objective,
        lambda: services.objective_recalculate(objective=objective, actor=request.user),
        "Đã tính lại các kỳ chưa chốt từ dữ liệu hiện có.",
    )


@login_required
@require_POST
def objective_action_create(request, pk: int):
    objective = get_for_user_or_404(QualityObjective, request.user, pk=pk)
    require_manager(request.user, objective.agency)
    form = ActionForm(request.POST, agency=objective.agency)
    if not form.is_valid():
        messages.error(request, "Kế hoạch chưa hợp lệ: hãy ghi nội dung và hạn hoàn thành (dd/mm/yyyy).")
        return redirect(objective)
    return run_action(
        request,
        objective,
        lambda: services.action_create(source=objective, actor=request.user, **form.cleaned_data),
        "Đã thêm hoạt động vào kế hoạch thực hiện mục tiêu.",
    )
