from datetime import date

import pytest
from django.urls import reverse

from eiso.oversight.models import Inspection, Report, RolloutPlan
from tests.factories import AgencyFactory
from tests.oversight.factories import (
    CriteriaSetFactory,
    FollowUpFactory,
    InspectionFactory,
    InspectionPlanFactory,
    PlanEntryFactory,
    ReportFactory,
    RolloutPlanFactory,
)

PROVINCIAL_PAGES = [
    "oversight:registry",
    "oversight:dashboard",
    "oversight:inspection_list",
    "oversight:criteria_list",
    "oversight:ranking",
    "oversight:report_list",
]


@pytest.mark.parametrize("url_name", PROVINCIAL_PAGES + ["oversight:plan_list"])
@pytest.mark.parametrize("who", ["coordinator", "steering", "sysadmin"])
def test_provincial_roles_read_every_page(url_name, who, request, client, agency_a):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(url_name)).status_code == 200


@pytest.mark.parametrize("url_name", PROVINCIAL_PAGES)
def test_agency_users_get_403_on_the_provinces_pages(url_name, client, secretary_a):
    client.force_login(secretary_a)
    assert client.get(reverse(url_name)).status_code == 403


def test_registry_lists_agencies_with_figures_and_filters_by_kind(client, coordinator, province, agency_a):
    commune = AgencyFactory(province=province, kind="commune", name="UBND phường Thử")
    FollowUpFactory(inspection=InspectionFactory(agency=agency_a), due_on=date(2020, 1, 1))
    client.force_login(coordinator)
    page = client.get(reverse("oversight:registry")).content.decode()
    assert agency_a.name in page and commune.name in page and "registry-charts-data" in page
    assert "yêu cầu khắc phục sau kiểm tra quá hạn 2 tháng" in page
    assert "chưa có dữ liệu" in page  # no dossier resolved this year: no on-time rate
    filtered = client.get(reverse("oversight:registry"), {"kind": "commune"}).content.decode()
    assert commune.name in filtered and agency_a.name not in filtered


def test_registry_filter_with_bad_input_shows_the_page(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("oversight:registry"), {"year": "abc", "kind": "x"}).status_code == 200


def test_coordinator_creates_a_plan_from_the_page(client, coordinator, province):
    client.force_login(coordinator)
    response = client.post(reverse("oversight:plan_list"), {"year": 2026, "title": "Kế hoạch 2026"})
    plan = RolloutPlan.objects.get(province=province, year=2026)
    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    again = client.post(reverse("oversight:plan_list"), {"year": 2026, "title": "Lần hai"})
    assert "đã có kế hoạch" in again.content.decode()


def test_steering_member_cannot_post(client, steering, province, agency_a):
    client.force_login(steering)
    assert client.post(reverse("oversight:plan_list"), {"year": 2026, "title": "x"}).status_code == 403
    report = ReportFactory(province=province)
    assert (
        client.post(reverse("oversight:report_detail", args=[report.pk]), {"strengths": "x"}).status_code
        == 403
    )
    inspection = InspectionFactory(
        agency=agency_a,
        status=Inspection.Status.IN_PROGRESS,
        criteria_set=CriteriaSetFactory(province=province),
    )
    response = client.post(
        reverse("oversight:inspection_conclude", args=[inspection.pk]),
        {"minutes_signed_on": "01/10/2025", "conclusion": "x"},
        follow=True,
    )
    assert "không có quyền" in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.IN_PROGRESS


def test_agency_registers_its_entry_and_sees_only_its_own_line(
    client, secretary_a, province, agency_a, agency_b
):
    plan = RolloutPlanFactory(province=province)
    PlanEntryFactory(plan=plan, agency=agency_b)
    client.force_login(secretary_a)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Đăng ký kế hoạch của cơ quan" in page and agency_b.name not in page
    client.post(reverse("oversight:entry_add", args=[plan.pk]), {"track": "maintain"})
    entry = plan.entries.get(agency=agency_a)
    assert entry.is_self_registered


def test_manual_score_over_the_maximum_shows_a_message(client, coordinator, inspection):
    criterion = inspection.criteria_set.criteria.get(code="1.a")
    client.force_login(coordinator)
    response = client.post(
        reverse("oversight:inspection_score", args=[inspection.pk]),
        {"criterion": criterion.pk, "points": "99", "evidence": "x"},
        follow=True,
    )
    assert "Điểm phải từ 0 đến 10" in response.content.decode()


def test_inspection_plan_page_says_how_many_are_planned_of_each(
    client, coordinator, province, agency_a, agency_b
):
    plan = InspectionPlanFactory(province=province, year=2026)
    InspectionFactory(plan=plan, agency=agency_a, form=Inspection.Form.ON_SITE)
    InspectionFactory(plan=plan, agency=agency_b)
    client.force_login(coordinator)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "<strong>1</strong> qua hồ sơ, <strong>1</strong> tại trụ sở (cần ít nhất 1 tại trụ sở)" in page


def test_report_download_before_generation_is_404(client, coordinator, province):
    report = ReportFactory(province=province)
    client.force_login(coordinator)
    assert client.get(reverse("oversight:report_download", args=[report.pk, "docx"])).status_code == 404


def test_coordinator_generates_and_downloads_the_report(
    client, coordinator, province, django_capture_on_commit_callbacks
):
    report = ReportFactory(province=province)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("oversight:report_generate", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == Report.Status.GENERATED
    response = client.get(reverse("oversight:report_download", args=[report.pk, "docx"]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    progress = client.get(reverse("oversight:report_progress", args=[report.pk])).content.decode()
    assert "Tải .docx" in progress


def test_post_only_urls_refuse_get(client, coordinator, province):
    plan = RolloutPlanFactory(province=province)
    client.force_login(coordinator)
    assert client.get(reverse("oversight:plan_approve", args=[plan.pk])).status_code == 405


def test_registry_charts_count_stages_and_announcements(coordinator, province, agency_a, agency_b):
    from eiso.oversight import selectors
    from tests.improvement.factories import AnnouncementFactory

    AnnouncementFactory(agency=agency_a, status="announced", number="1/QĐ-SKHCN", decided_on=date(2025, 3, 1))
    statuses = selectors.registry(user=coordinator, province=province, year=2026, today=date(2026, 5, 1))
    charts = selectors.registry_charts(statuses)
    assert charts["stages"] == {"labels": ["Chưa đăng ký kế hoạch"], "values": [2]}
    assert charts["announcement"] == {"labels": ["Sở, ban, ngành cấp tỉnh"], "announced": [1], "missing": [1]}
