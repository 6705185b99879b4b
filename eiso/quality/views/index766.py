"""The Bộ chỉ số 766 page of an agency or of the province, its .xlsx export, and the entry of the
figures eISO cannot measure.

Scope: `?agency=<id>` (any agency the user may see; 404 otherwise), else the working agency; a
provincial reader (Sở KH&CN, Ban chỉ đạo, quản trị) without an agency, or with `?pham_vi=tinh`, reads
the whole province. Period: `?tu=` and `?den=` (dd/mm/yyyy), by default from 1 January to today.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from eiso.core.collation import vietnamese
from eiso.core.db import reading_from_replica
from eiso.core.downloads import XLSX, attachment
from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.permissions import has_province_role
from eiso.core.roles import PROVINCE_MEMBERS
from eiso.core.tenancy import read_scope
from eiso.dossiers.forms import PeriodForm
from eiso.orgs.models import Agency
from eiso.quality import services
from eiso.quality.forms import Index766EntryForm
from eiso.quality.index766 import export, rules, selectors


def _period(request) -> tuple[date, date, PeriodForm]:
    today = timezone.localdate()
    start, end = date(today.year, 1, 1), today
    form = PeriodForm(request.GET or None, initial={"tu": start, "den": end})
    if form.is_valid():
        start = form.cleaned_data["tu"] or start
        end = form.cleaned_data["den"] or end
    if end < start:
        start, end = end, start
    return start, end, form


def _quick_periods(today: date) -> list[tuple[str, date, date]]:
    year = today.year
    quarters = [
        (f"Quý {n}", date(year, 3 * n - 2, 1), date(year, 3 * n, 31 if n in (1, 4) else 30))
        for n in range(1, 5)
    ]
    return [
        (f"Năm {year}", date(year, 1, 1), date(year, 12, 31)),
        ("6 tháng đầu năm", date(year, 1, 1), date(year, 6, 30)),
        *[(label, start, end) for label, start, end in quarters if start <= today],
        (f"Năm {year - 1}", date(year - 1, 1, 1), date(year - 1, 12, 31)),
    ]


def _scope(request) -> tuple[Agency | None, object]:
    """(agency, province): the agency read, or None for the whole province (core.tenancy.read_scope)."""
    scope = read_scope(request)
    return scope.agency, scope.province


def _index(request, agency, province, start: date, end: date) -> selectors.Index766:
    today = timezone.localdate()
    if agency is not None:
        return selectors.agency_index(agency=agency, start=start, end=end, today=today)
    agencies = Agency.objects.for_user(request.user).filter(province=province)
    return selectors.province_index(province=province, agencies=agencies, start=start, end=end, today=today)


@login_required
@reading_from_replica()
def index_766(request):
    agency, province = _scope(request)
    start, end, form = _period(request)
    index = _index(request, agency, province, start, end)
    provincial = has_province_role(request.user, province, *PROVINCE_MEMBERS)
    period_query = {"tu": f"{start:%d/%m/%Y}", "den": f"{end:%d/%m/%Y}"}
    scope_query = {"agency": agency.pk} if agency else {"pham_vi": "tinh"}
    context = {
        "index": index,
        "agency": agency,
        "province": province,
        "form": form,
        "provincial": provincial,
        "agencies": Agency.objects.for_user(request.user)
        .filter(province=province)
        .order_by(vietnamese("name"))
        if provincial
        else [],
        "quick_periods": [
            (label, urlencode({**scope_query, "tu": f"{s:%d/%m/%Y}", "den": f"{e:%d/%m/%Y}"}))
            for label, s, e in _quick_periods(timezone.localdate())
        ],
        "query": urlencode({**scope_query, **period_query}),
        "period_query": urlencode(period_query),
        "may_enter": agency is not None and services.may_enter_766(request.user, agency),
        "chart_data": index.chart_data(),
        "total_max": rules.TOTAL_MAX,
    }
    return render(request, "quality/index_766.html", context)


@login_required
@reading_from_replica()
def index_766_export(request):
    agency, province = _scope(request)
    start, end, _ = _period(request)
    index = _index(request, agency, province, start, end)
    content = export.index_xlsx(index)
    stem = (
        f"bo-chi-so-766-{'co-quan-' + str(agency.pk) if agency else 'toan-tinh'}-{start:%Y%m%d}-{end:%Y%m%d}"
    )
    return attachment(content, filename=f"{stem}.xlsx", content_type=XLSX)


@login_required
def index_766_entry(request):
    """Enter (or correct) the figure of a hand-entered indicator for the agency and period."""
    agency, _ = _scope(request)
    if agency is None:
        raise Http404
    if not services.may_enter_766(request.user, agency):
        raise PermissionDenied
    start, end, _ = _period(request)
    indicator = rules.INDICATORS.get(request.GET.get("chi_so", ""))
    if indicator is None or indicator.measured:
        raise Http404
    entries = selectors.chosen_entries(Agency.objects.filter(pk=agency.pk), start, end).get(
        indicator.code, []
    )
    current = next((e for e in entries if (e.starts_on, e.ends_on) == (start, end)), None)
    initial = {"starts_on": start, "ends_on": end}
    if current is not None:
        initial.update(numerator=current.numerator, denominator=current.denominator, source=current.source)
    form = Index766EntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.index_entry_set(
                agency=agency, indicator=indicator.code, actor=request.user, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Đã lưu số liệu chỉ số {indicator.code} của {agency.name}.")
            query = urlencode({"agency": agency.pk, "tu": f"{start:%d/%m/%Y}", "den": f"{end:%d/%m/%Y}"})
            return redirect(f"{reverse('quality:index_766')}?{query}")
    context = {
        "form": form,
        "agency": agency,
        "indicator": indicator,
        "entries": entries,
        "start": start,
        "end": end,
    }
    return render(request, "quality/index_766_entry.html", context)
