from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from eiso.orgs.models import Agency
from eiso.oversight import indicators, selectors
from eiso.oversight.forms import RegistryFilterForm
from eiso.oversight.models import BudgetLine, Inspection, PlanEntry
from eiso.oversight.services.common import require_provincial_reader
from eiso.oversight.views.common import base_context, overseen_province, year_param


@login_required
def registry(request):
    province = overseen_province(request)
    form = RegistryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    year = filters.get("year") or timezone.localdate().year
    statuses = selectors.registry(
        user=request.user,
        province=province,
        year=year,
        today=timezone.localdate(),
        kind=filters.get("kind", ""),
        obligation=filters.get("obligation", ""),
        stage=filters.get("stage", ""),
        alerts_only=filters.get("alerts", False),
    )
    charts = selectors.registry_charts(statuses)
    context = {
        **base_context(request, province),
        "form": form,
        "year": year,
        "statuses": statuses,
        "alerts": [(status.agency, status.alerts) for status in statuses if status.alerts],
        "alert_count": sum(len(status.alerts) for status in statuses),
        "unavailable": indicators.UNAVAILABLE,
        "no_data": indicators.NO_DATA,
        "charts": charts,
        "transition_counts": zip(
            charts["transitions"]["labels"], charts["transitions"]["values"], strict=True
        ),
    }
    template = "oversight/_registry_table.html" if request.htmx else "oversight/registry.html"
    return render(request, template, context)


@login_required
def agency_detail(request, pk: int):
    agency = get_object_or_404(Agency.objects.for_user(request.user), pk=pk)
    require_provincial_reader(request.user, agency.province)
    year = year_param(request)
    context = {
        **base_context(request, agency.province),
        "agency": agency,
        "year": year,
        "status": indicators.agency_status(
            user=request.user, agency=agency, year=year, today=timezone.localdate()
        ),
        "entries": PlanEntry.objects.for_user(request.user).filter(agency=agency).select_related("plan"),
        "inspections": Inspection.objects.for_user(request.user).filter(agency=agency).select_related("plan"),
        "budget_lines": BudgetLine.objects.for_user(request.user).filter(agency=agency, year=year),
        "trained_in_year": selectors.trained_staff_count(user=request.user, agency=agency, year=year),
        "trained_total": selectors.trained_staff_count(user=request.user, agency=agency),
        "unavailable": indicators.UNAVAILABLE,
        "no_data": indicators.NO_DATA,
    }
    return render(request, "oversight/agency_detail.html", context)
