"""Checks that every output agrees with the one set of rules (`manage.py check_rules`).

A province ranks its agencies on the figures eISO computes, so the figures must be the same
wherever they are read. This module lives in oversight, the app that reads every other, and
asks each output the way a person or an integrator would:

- no dossier step is due after the appointment given to the citizen;
- every stored due moment, and every counted figure, is what a fresh replay of the dossier's
  events gives on today's clock;
- the statistics rollups are the sum of what each dossier contributes, recomputed from the base
  rows (`manage.py reconcile_rollups` repairs them);
- for each agency and period, the stats API, the statistics page, its .xlsx export and the stored
  values of quality objectives measured from dossiers give the same figures;
- no signed inspection minutes (or written request closing an inspection through documents) cite
  evidence dated after their signature;
- no follow-up of an inspection is due later than two months after the minutes or the written
  request (TT 26/2014 Điều 37), moved off days off.
"""

import io
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import F
from django.test import RequestFactory
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIRequestFactory, force_authenticate

from eiso.accounts.models import User
from eiso.core import deadlines
from eiso.core.calendar import for_province
from eiso.core.collation import vietnamese
from eiso.dossiers import api as dossiers_api
from eiso.dossiers import rollups
from eiso.dossiers import views as dossiers_views
from eiso.dossiers.models import Dossier, DossierStep
from eiso.dossiers.services.recompute import recompute_all
from eiso.orgs.models import Agency
from eiso.oversight.models import FollowUp, Inspection, Score
from eiso.quality import indicators
from eiso.quality.models import IndicatorValue

FIGURE = re.compile(r'data-figure="(?P<key>[a-z_]+)">(?P<value>[^<]*)<')


@dataclass
class Finding:
    check: str
    problems: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.problems)


def steps_after_appointment() -> Finding:
    late = DossierStep.objects.filter(due__gt=F("dossier__appointment")).select_related("dossier")
    return Finding(
        "Bước xử lý có hạn sau ngày hẹn trả kết quả",
        [
            f"{step.dossier.code} bước {step.order}: hạn {timezone.localtime(step.due):%H:%M %d/%m/%Y}"
            for step in late
        ],
    )


def stored_dues_differ() -> Finding:
    report = recompute_all(save=False)
    return Finding("Hạn hoặc kết quả đếm đã lưu khác với tính lại", report.differences)


def rollups_differ() -> Finding:
    return Finding("Bảng tổng hợp thống kê khác với tính lại từ từng hồ sơ", rollups.reconcile())


def _reader() -> User:
    """An unsaved system reader who sees every agency, for asking the pages and the API."""
    reader = User(username="check_rules", full_name="Kiểm tra quy tắc", is_superuser=True, is_active=True)
    reader._active_memberships = []
    return reader


def _number(value):
    if value in (None, "", "—"):
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value)).normalize()
    return Decimal(str(value).replace(",", ".")).normalize()


def _from_api(reader, agency, start: date, end: date) -> dict:
    request = APIRequestFactory().get(
        "/api/v1/stats/dossiers", {"agency": agency.identifier_code, "from": start, "to": end}
    )
    force_authenticate(request, user=reader)
    answer = dossiers_api.stats(request).data
    return {key: _number(value) for key, value in answer.items()}


def _page_request(reader, agency, start: date, end: date):
    request = RequestFactory().get("/", {"tu": f"{start:%d/%m/%Y}", "den": f"{end:%d/%m/%Y}"})
    request.user = reader
    # What the middleware sets for a page: the working agency and its province.
    request.agency = agency
    request.province = agency.province
    return request


def _from_page(reader, agency, start: date, end: date) -> dict:
    html = dossiers_views.statistics(_page_request(reader, agency, start, end)).content.decode()
    return {match["key"]: _number(match["value"].strip()) for match in FIGURE.finditer(html)}


def _from_export(reader, agency, start: date, end: date) -> dict:
    response = dossiers_views.statistics_export(_page_request(reader, agency, start, end))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    labels = {label: key for key, label in dossiers_views.STAT_COLUMNS}
    header = next(row for row in rows if row and row[0] == "Thủ tục")
    total = next(row for row in rows if row and row[0] == "Tổng cộng")
    return {labels[label]: _number(value) for label, value in zip(header[1:], total[1:], strict=True)}


def _periods(today: date) -> list[tuple[date, date]]:
    first_of_month = today.replace(day=1)
    last_month_end = first_of_month - timedelta(days=1)
    return [(date(today.year, 1, 1), today), (last_month_end.replace(day=1), last_month_end)]


def outputs_differ(today: date | None = None) -> Finding:
    """The API, the page and the export, compared figure by figure for each agency and period."""
    today = today or timezone.localdate()
    reader = _reader()
    finding = Finding("Số liệu khác nhau giữa API thống kê, trang thống kê và tệp .xlsx")
    agencies = Agency.objects.filter(pk__in=Dossier.objects.values("agency_id")).order_by(vietnamese("name"))
    for agency in agencies:
        for start, end in _periods(today):
            api = _from_api(reader, agency, start, end)
            outputs = {
                "trang": _from_page(reader, agency, start, end),
                "xlsx": _from_export(reader, agency, start, end),
            }
            for name, figures in outputs.items():
                for key, value in figures.items():
                    if key in api and api[key] != value:
                        period = f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"
                        finding.problems.append(
                            f"{agency.name} {period} {key}: API {api[key]}, {name} {value}"
                        )
    return finding


def objective_values_differ(today: date | None = None) -> Finding:
    """Stored values of objectives measured from dossiers against the same figure read afresh, and
    agency-wide on-time objectives against the stats API for their period. Final values are
    checked always; a value of a period still running only when it was computed today (a later
    dossier legitimately moves it until the nightly recalculation)."""
    today = today or timezone.localdate()
    reader = _reader()
    finding = Finding("Giá trị mục tiêu chất lượng khác với số liệu hồ sơ")
    values = IndicatorValue.objects.filter(objective__source__startswith="dossier_").select_related(
        "objective", "agency"
    )
    for value in values:
        computed_on = timezone.localdate(value.computed_at) if value.computed_at else None
        if not value.is_final and computed_on != today:
            continue
        objective = value.objective
        end = value.period_end if value.is_final else min(value.period_end, computed_on)
        scope = indicators.Scope(unit_id=objective.unit_id, procedure_id=objective.procedure_id)
        fresh = indicators.compute(
            objective.source,
            agency=value.agency,
            period_start=value.period_start,
            period_end=end,
            scope=scope,
        )
        expected = [fresh.value]
        if objective.source == "dossier_on_time_rate" and not (objective.unit_id or objective.procedure_id):
            expected.append(_from_api(reader, value.agency, value.period_start, end)["on_time_rate"])
        for figure in expected:
            if _number(figure) != _number(value.value):
                finding.problems.append(
                    f"{value.agency.name}: {objective.indicator} kỳ {value.label}: đã lưu {value.value}, "
                    f"tính lại {figure}"
                )
    return finding


DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def minutes_citing_later_evidence() -> Finding:
    """Scores of concluded inspections whose figures carry a date after the minutes (on site) or the
    written request (through documents) that ended them."""
    finding = Finding("Biên bản kiểm tra đã ký dẫn chứng cứ có ngày sau ngày ký")
    scores = Score.objects.filter(inspection__status=Inspection.Status.CONCLUDED).select_related(
        "inspection__agency", "criterion"
    )
    for score in scores:
        signed = score.inspection.concluded_on
        if signed is None:
            continue
        document = "biên bản" if score.inspection.is_on_site else "văn bản đề nghị khắc phục"
        for value in (score.figures or {}).values():
            if isinstance(value, str) and DATE.match(value) and date.fromisoformat(value) > signed:
                finding.problems.append(
                    f"{score.inspection.agency.name}, {document} ngày {signed:%d/%m/%Y}, tiêu chí "
                    f"{score.criterion.code}: chứng cứ ngày {date.fromisoformat(value):%d/%m/%Y}"
                )
    return finding


def follow_ups_due_too_late() -> Finding:
    """Follow-ups due after the two months of TT 26/2014 Điều 37, counted from the concluding document."""
    finding = Finding("Yêu cầu khắc phục sau kiểm tra có hạn quá 02 tháng")
    follow_ups = FollowUp.objects.filter(inspection__status=Inspection.Status.CONCLUDED).select_related(
        "agency", "inspection"
    )
    for follow_up in follow_ups:
        start = follow_up.inspection.concluded_on
        if start is None:
            continue
        latest = deadlines.inspection_follow_up_due(for_province(follow_up.agency.province_id), start)
        if follow_up.due_on > latest:
            finding.problems.append(
                f"{follow_up.agency.name}: hạn {follow_up.due_on:%d/%m/%Y}, chậm nhất {latest:%d/%m/%Y} "
                f"(kết luận ngày {start:%d/%m/%Y})"
            )
    return finding


def run_all(today: date | None = None) -> list[Finding]:
    return [
        steps_after_appointment(),
        stored_dues_differ(),
        rollups_differ(),
        outputs_differ(today),
        objective_values_differ(today),
        minutes_citing_later_evidence(),
        follow_ups_due_too_late(),
    ]
