"""The province's dashboard: charts of the year, each with its figures as a table."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from eiso.core.db import reading_from_replica
from eiso.oversight import charts, indicators
from eiso.oversight.views.common import base_context, overseen_province, year_param

YEARS_OFFERED = 10


@login_required
@reading_from_replica()
def dashboard(request):
    province = overseen_province(request)
    today = timezone.localdate()
    year = year_param(request)
    board = charts.dashboard(user=request.user, province=province, year=year, today=today)
    context = {
        **base_context(request, province),
        "year": year,
        "is_running_year": year == today.year,
        "years": sorted({*range(today.year - YEARS_OFFERED + 1, today.year + 1), year}, reverse=True),
        "board": board,
        "chart_data": board.chart_data(),
        "no_data": indicators.NO_DATA,
    }
    return render(request, "oversight/dashboard.html", context)
