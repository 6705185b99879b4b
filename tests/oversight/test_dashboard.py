"""The province's dashboard (oversight:dashboard) against a hand-counted history.

Agencies of the province (the fixed cast plus three): agency A and B (departments, mandatory),
a commune (mandatory), a department closed on 01/07/2025 (mandatory) and a public service unit
(encouraged, never in the mandatory shares). Today is 01/05/2026; the trends run 2022–2026.

Mandatory agencies active at each year's end: 4 in 2022–2024, 3 in 2025 and 2026 (the closed one
stops counting).

Announcements (first decision counts, a superseded one too; a draft never):
  A 01/06/2023 (superseded by a re-announcement 01/02/2025), closed 01/03/2024, unit 01/09/2023,
  B a draft only.
  2022 none at all → None; 2023 A → 1/4 = 25.0; 2024 A, closed → 2/4 = 50.0;
  2025 A → 1/3 = 33.3; 2026 A → 1/3 = 33.3.
Internal audits (reported in the year):
  2023 the unit only → 0/4 = 0.0 (there is data, and it is zero); 2024 A → 1/4 = 25.0;
  2025 A twice, B, closed (no longer active) → 2/3 = 66.7; commune planned only; 2026 none → None.
Management reviews (held in the year): 2025 the commune → 1/3 = 33.3; A's 2026 review only
  planned → 2026 None; 2022–2024 None.
Dossiers (procedure of 3 working days), resolved:
  2025 A early, commune late twice → 1/3 = 33.3;
  2026 A early, B early + 3 late, unit early → 3/6 = 50.0; A's dossier resolved on 20/05/2026
  (after today) and a pending one do not count.
  By kind in 2026: departments 2/5 = 40.0 (the mean of A's 100 % and B's 25 % would be 62.5),
  public service units 1/1 = 100.0, communes nothing resolved → None.
Inspections, concluded, by plan year: 2024 the closed department 10/20 = 50.0 (another set);
  2025 A 11/15 = 73.33 and B 14/15 = 93.33 → mean 83.3; the commune's is still in progress.
  2022, 2023, 2026 → None.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from eiso.improvement.models import Announcement, InternalAudit, ManagementReview
from eiso.orgs.models import Agency
from eiso.oversight import charts
from eiso.oversight.models import Inspection
from tests.dossiers.factories import OneStopCounter, at
from tests.factories import AgencyFactory
from tests.improvement.factories import (
    AnnouncementFactory,
    InternalAuditFactory,
    ManagementReviewFactory,
)
from tests.oversight.factories import (
    CriteriaSetFactory,
    CriterionFactory,
    InspectionFactory,
    InspectionPlanFactory,
    concluded_inspection,
)

TODAY = date(2026, 5, 1)


def early(counter, agency, year):
    counter.dossier(agency, at(year, 3, 2, 9), at(year, 3, 3, 10))


def late(counter, agency, year):
    counter.dossier(agency, at(year, 3, 2, 9), at(year, 3, 20, 9))


@pytest.fixture
def history(province, agency_a, agency_b, coordinator, criteria_set):
    commune = AgencyFactory(province=province, kind=Agency.Kind.COMMUNE, name="UBND xã Thạch Hà")
    closed = AgencyFactory(province=province, name="Sở đã giải thể", active_to=date(2025, 7, 1))
    unit = AgencyFactory(
        province=province,
        kind=Agency.Kind.PUBLIC_SERVICE,
        obligation=Agency.Obligation.ENCOURAGED,
        name="Trung tâm Phục vụ hành chính công",
    )

    announced, superseded = Announcement.Status.ANNOUNCED, Announcement.Status.SUPERSEDED
    AnnouncementFactory(agency=agency_a, status=superseded, number="1/QĐ-SKHCN", decided_on=date(2023, 6, 1))
    AnnouncementFactory(
        agency=agency_a, status=announced, kind="adjust", number="2/QĐ-SKHCN", decided_on=date(2025, 2, 1)
    )
    AnnouncementFactory(agency=closed, status=announced, number="3/QĐ-SGT", decided_on=date(2024, 3, 1))
    AnnouncementFactory(agency=unit, status=announced, number="4/QĐ-TTPV", decided_on=date(2023, 9, 1))
    AnnouncementFactory(agency=agency_b)  # a draft

    reported = InternalAudit.Status.REPORTED
    for agency, day in [
        (unit, date(2023, 6, 1)),
        (agency_a, date(2024, 5, 10)),
        (agency_a, date(2025, 5, 10)),
        (agency_b, date(2025, 6, 1)),
        (closed, date(2025, 3, 1)),
    ]:
        InternalAuditFactory(programme__agency=agency, status=reported, reported_on=day)
    InternalAuditFactory(
        programme__agency=agency_a, status=InternalAudit.Status.ACKNOWLEDGED, reported_on=date(2025, 11, 1)
    )
    InternalAuditFactory(programme__agency=commune)  # planned

    ManagementReviewFactory(
        agency=commune,
        status=ManagementReview.Status.HELD,
        held_on=date(2025, 11, 10),
        inputs_frozen_at=timezone.now(),
    )
    ManagementReviewFactory(agency=agency_a)  # planned for 2026

    counter = OneStopCounter(agency_a)
    early(counter, agency_a, 2025)
    late(counter, commune, 2025)
    late(counter, commune, 2025)
    early(counter, agency_a, 2026)
    early(counter, agency_b, 2026)
    for _ in range(3):
        late(counter, agency_b, 2026)
    early(counter, unit, 2026)
    counter.dossier(agency_a, at(2026, 4, 20, 9), at(2026, 5, 20, 9))  # resolved after today
    counter.dossier(agency_a, at(2026, 4, 27, 9))  # pending

    other_set = CriteriaSetFactory(province=province, is_active=False)
    group = CriterionFactory(criteria_set=other_set, code="1", max_points=Decimal(0))
    CriterionFactory(criteria_set=other_set, parent=group, code="1.a", max_points=Decimal(20))
    plan_2024 = InspectionPlanFactory(province=province, year=2024)
    concluded_inspection(plan_2024, closed, other_set, coordinator, {"1.a": 10})
    plan = InspectionPlanFactory(province=province, year=2025)
    concluded_inspection(plan, agency_a, criteria_set, coordinator, {"1.a": 6, "1.b": 5})
    concluded_inspection(plan, agency_b, criteria_set, coordinator, {"1.a": 10, "1.b": 4})
    InspectionFactory(
        plan=plan, agency=commune, criteria_set=criteria_set, status=Inspection.Status.IN_PROGRESS
    )
    return {"commune": commune, "closed": closed, "unit": unit}


# --- selectors ------------------------------------------------------------------------------------


def test_on_time_rate_by_kind_is_weighted_by_dossiers(history, coordinator, province):
    rows = charts.on_time_by_kind(user=coordinator, province=province, year=2026, today=TODAY)
    assert [(row.kind, row.resolved, row.on_time, row.rate) for row in rows] == [
        (Agency.Kind.DEPARTMENT, 5, 2, Decimal("40.0")),
        (Agency.Kind.COMMUNE, 0, 0, None),
        (Agency.Kind.PUBLIC_SERVICE, 1, 1, Decimal("100.0")),
    ]


def test_on_time_rate_by_kind_of_a_past_year_counts_the_whole_year(history, coordinator, province):
    rows = charts.on_time_by_kind(user=coordinator, province=province, year=2025, today=TODAY)
    assert {row.kind: (row.on_time, row.resolved) for row in rows} == {
        Agency.Kind.DEPARTMENT: (1, 1),
        Agency.Kind.COMMUNE: (0, 2),
        Agency.Kind.PUBLIC_SERVICE: (0, 0),
    }
    assert [row.rate for row in rows] == [Decimal("100.0"), Decimal("0.0"), None]


def test_trends_per_year_with_gaps_where_there_is_no_data(
    history, coordinator, province, django_assert_max_num_queries
):
    # The monthly figures read the statistics' rollups in three queries (the agencies' ids, the month
    # rows, the edge days' rows) instead of one aggregate over the dossiers.
    with django_assert_max_num_queries(11):
        rows = charts.trends(user=coordinator, province=province, year=2026, today=TODAY)
    figures = [
        (
            row.year,
            row.mandatory,
            row.announced_share,
            row.audited_share,
            row.reviewed_share,
            row.on_time_rate,
            row.inspection_score,
        )
        for row in rows
    ]
    D = Decimal
    assert figures == [
        (2022, 4, None, None, None, None, None),
        (2023, 4, D("25.0"), D("0.0"), None, None, None),
        (2024, 4, D("50.0"), D("25.0"), None, None, D("50.0")),
        (2025, 3, D("33.3"), D("66.7"), D("33.3"), D("33.3"), D("83.3")),
        (2026, 3, D("33.3"), None, None, D("50.0"), None),
    ]
    assert (rows[3].audited, rows[3].resolved, rows[3].on_time) == (2, 3, 1)


def test_trends_of_a_year_not_yet_begun_are_all_gaps(history, coordinator, province):
    rows = charts.trends(user=coordinator, province=province, year=2027, today=TODAY)
    assert [row.year for row in rows] == [2023, 2024, 2025, 2026, 2027]
    assert rows[-1].mandatory == 0 and rows[-1].announced_share is None and rows[-1].on_time_rate is None


def test_band_counts_per_kind_from_the_ranking(province, coordinator, criteria_set, agency_a, agency_b):
    commune = AgencyFactory(province=province, kind=Agency.Kind.COMMUNE, name="UBND xã Cẩm Xuyên")
    ward = AgencyFactory(province=province, kind=Agency.Kind.COMMUNE, name="UBND phường Thành Sen")
    third = AgencyFactory(province=province, name="Sở Nội vụ")
    plan = InspectionPlanFactory(province=province, year=2025)
    concluded_inspection(plan, agency_a, criteria_set, coordinator, {"1.a": 6, "1.b": 5})  # 73.3 % Khá
    concluded_inspection(plan, agency_b, criteria_set, coordinator, {"1.a": 10, "1.b": 4})  # 93.3 % Xuất sắc
    concluded_inspection(plan, third, criteria_set, coordinator, {"1.a": 7, "1.b": 5})  # 80.0 % Tốt
    concluded_inspection(plan, commune, criteria_set, coordinator, {"1.a": 5, "1.b": 0})  # 33.3 % Yếu
    concluded_inspection(plan, ward, criteria_set, coordinator, {"1.a": 10, "1.b": 5})  # 100 % Xuất sắc

    summary = charts.ranking_bands(user=coordinator, province=province, year=2025)

    assert summary.criteria_set == criteria_set
    assert summary.bands == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]
    assert [(row.label, row.counts, row.total) for row in summary.rows] == [
        (Agency.Kind.DEPARTMENT.label, [1, 1, 1, 0, 0], 3),
        (Agency.Kind.COMMUNE.label, [1, 0, 0, 0, 1], 2),
    ]
    assert (summary.totals, summary.total) == ([2, 1, 1, 0, 1], 5)
    assert not charts.ranking_bands(user=coordinator, province=province, year=2024).rows


def test_a_score_below_every_band_is_counted_as_unbanded(province, coordinator, criteria_set, agency_a):
    criteria_set.bands = [{"label": "Đạt", "min": 50}]
    criteria_set.save()
    concluded_inspection(
        InspectionPlanFactory(province=province, year=2025),
        agency_a,
        criteria_set,
        coordinator,
        {"1.a": 5, "1.b": 0},
    )
    summary = charts.ranking_bands(user=coordinator, province=province, year=2025)
    assert summary.bands == ["Đạt", charts.UNBANDED]
    assert summary.rows[0].counts == [0, 1]


def test_no_active_criteria_set_gives_an_empty_summary(province, coordinator):
    summary = charts.ranking_bands(user=coordinator, province=province, year=2025)
    assert summary.criteria_set is None and summary.rows == []


# --- the page -------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "steering"])
def test_provincial_roles_read_the_figures(who, history, request, client):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("oversight:dashboard"), {"year": 2025})
    assert response.status_code == 200
    page = response.content.decode()
    # On-time rate by kind in 2025, its empty kind, the year's bands, and the trend row of 2025.
    assert "100,0 %" in page and "chưa có dữ liệu" in page
    assert "Xuất sắc" in page and "Xem bảng xếp hạng đầy đủ" in page
    assert '66,7 % <span class="text-muted">(2/3)</span>' in page
    assert "83,3 %" in page and "33,3 %" in page
    for canvas in ("chart-stages", "chart-announcement", "chart-on-time", "chart-bands", "chart-trends"):
        assert f'id="{canvas}"' in page
    assert "dashboard-charts-data" in page
    assert response.context["board"].bands.rows[0].counts == [1, 0, 1, 0, 0]


def test_the_year_defaults_to_the_current_one(client, coordinator, agency_a):
    client.force_login(coordinator)
    response = client.get(reverse("oversight:dashboard"))
    assert response.context["year"] == timezone.localdate().year
    assert client.get(reverse("oversight:dashboard"), {"year": "abc"}).status_code == 200


def test_an_empty_province_says_so_in_words(client, coordinator, agency_a):
    client.force_login(coordinator)
    page = client.get(reverse("oversight:dashboard"), {"year": 2025}).content.decode()
    assert "Năm 2025 chưa có hồ sơ nào được giải quyết" in page
    assert "Chưa có bộ tiêu chí đang dùng" in page
    assert "Chưa có dữ liệu của các năm 2021–2025" in page
    assert 'id="chart-on-time"' not in page and 'id="chart-trends"' not in page


def test_the_tab_leads_to_the_page(client, steering, agency_a):
    client.force_login(steering)
    page = client.get(reverse("oversight:registry")).content.decode()
    assert f'href="{reverse("oversight:dashboard")}">Biểu đồ</a>' in page


def test_agency_secretary_gets_403(client, secretary_a):
    client.force_login(secretary_a)
    assert client.get(reverse("oversight:dashboard")).status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("oversight:dashboard"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


# --- query count ----------------------------------------------------------------------------------


def _agencies_with_history(province, coordinator, criteria_set, counter, plan, count: int) -> None:
    """Agencies with every kind of record the page reads, so a per-agency query would show."""
    for _ in range(count):
        agency = AgencyFactory(province=province)
        AnnouncementFactory(
            agency=agency, status=Announcement.Status.ANNOUNCED, number="1/QĐ", decided_on=date(2025, 2, 1)
        )
        InternalAuditFactory(
            programme__agency=agency, status=InternalAudit.Status.REPORTED, reported_on=date(2025, 5, 1)
        )
        ManagementReviewFactory(
            agency=agency,
            status=ManagementReview.Status.HELD,
            held_on=date(2025, 11, 1),
            inputs_frozen_at=timezone.now(),
        )
        early(counter, agency, 2025)
        concluded_inspection(plan, agency, criteria_set, coordinator, {"1.a": 8, "1.b": 5})


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"year": 2025})
    assert response.status_code == 200
    return len(queries)


def test_page_queries_do_not_grow_with_agencies(client, coordinator, province, criteria_set, agency_a):
    counter = OneStopCounter(agency_a)
    plan = InspectionPlanFactory(province=province, year=2025)
    url = reverse("oversight:dashboard")
    client.force_login(coordinator)

    _agencies_with_history(province, coordinator, criteria_set, counter, plan, 2)
    _queries(client, url)  # the first request warms per-process caches
    with_few = _queries(client, url)
    _agencies_with_history(province, coordinator, criteria_set, counter, plan, 10)
    with_more = _queries(client, url)

    assert client.get(url, {"year": 2025}).context["board"].bands.total == 12
    assert with_more <= with_few, f"{with_few} queries with 2 agencies, {with_more} with 12"
