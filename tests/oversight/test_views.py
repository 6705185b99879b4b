from datetime import date
from urllib.parse import unquote

import pytest
from django.urls import reverse

from eiso.oversight.models import FollowUp, Inspection, Report, RolloutPlan
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
        reverse("oversight:inspection_transition", args=[inspection.pk, "conclude"]),
        {"conclude-minutes_signed_on": "01/10/2025", "conclude-conclusion": "x"},
    )
    assert response.status_code == 403
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
    url = reverse("oversight:inspection_transition", args=[inspection.pk, "score"])
    response = client.post(
        url, {"score-criterion": criterion.pk, "score-points": "99", "score-evidence": "x"}, follow=True
    )
    assert "Điểm phải từ 0 đến 10" in response.content.decode()
    client.post(url, {"score-criterion": criterion.pk, "score-points": "7", "score-evidence": "Biên bản"})
    assert inspection.scores.get(criterion=criterion).points == 7


def test_a_group_or_another_sets_criterion_is_refused_on_the_page(client, coordinator, inspection):
    group = inspection.criteria_set.criteria.get(code="1")
    client.force_login(coordinator)
    response = client.post(
        reverse("oversight:inspection_transition", args=[inspection.pk, "score"]),
        {"score-criterion": group.pk, "score-points": "1", "score-evidence": "x"},
        follow=True,
    )
    assert "Tiêu chí không thuộc bộ tiêu chí của cuộc kiểm tra." in response.content.decode()
    assert not inspection.scores.exists()


def test_conclusion_is_offered_once_every_criterion_is_scored(client, coordinator, inspection):
    client.force_login(coordinator)
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert "Còn tiêu chí chưa chấm điểm: 1.a, 1.b." in page
    assert reverse("oversight:inspection_transition", args=[inspection.pk, "conclude"]) not in page


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
    assert report.is_generated and report.status == Report.Status.DRAFT
    response = client.get(reverse("oversight:report_download", args=[report.pk, "docx"]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    # The kind's label and the period's said "6 tháng" twice.
    assert content_disposition_name(response) == "Báo cáo 6 tháng đầu năm 2026.docx"
    progress = client.get(reverse("oversight:report_progress", args=[report.pk])).content.decode()
    assert "Tải .docx" in progress


def test_post_only_urls_refuse_get(client, coordinator, province):
    plan = RolloutPlanFactory(province=province)
    client.force_login(coordinator)
    assert (
        client.get(reverse("oversight:rollout_plan_transition", args=[plan.pk, "approve"])).status_code == 405
    )


def test_unknown_transition_is_404(client, coordinator, province):
    plan = RolloutPlanFactory(province=province)
    client.force_login(coordinator)
    assert (
        client.post(reverse("oversight:rollout_plan_transition", args=[plan.pk, "publish"])).status_code
        == 404
    )


def test_rollout_plan_without_entries_shows_why_it_cannot_be_approved(
    client, coordinator, steering, province, agency_a
):
    plan = RolloutPlanFactory(province=province)
    url = reverse("oversight:rollout_plan_transition", args=[plan.pk, "approve"])
    client.force_login(coordinator)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Kế hoạch chưa có cơ quan nào" in page and url not in page
    PlanEntryFactory(plan=plan, agency=agency_a)
    assert url in client.get(plan.get_absolute_url()).content.decode()
    response = client.post(url, {"approve-approved_on": "20/01/2026"})
    plan.refresh_from_db()
    assert response.url == plan.get_absolute_url() and plan.is_approved
    client.force_login(steering)
    assert "Ghi nhận phê duyệt" not in client.get(plan.get_absolute_url()).content.decode()


def test_inspection_plan_approval_is_disabled_with_what_stops_it(
    client, coordinator, steering, province, agency_a, agency_b
):
    plan = InspectionPlanFactory(province=province, year=2026)
    InspectionFactory(plan=plan, agency=agency_a)
    approve = reverse("oversight:inspection_plan_transition", args=[plan.pk, "approve"])
    client.force_login(coordinator)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="inspection_plan-approve-why"' in page and agency_b.name in page
    assert approve not in page
    client.force_login(steering)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'id="approval-problems"' in page and approve not in page
    client.force_login(coordinator)
    response = client.post(approve, {"approve-approved_on": "15/03/2026"}, follow=True)
    assert "Cơ quan thuộc diện bắt buộc chưa có trong kế hoạch kiểm tra" in response.content.decode()
    plan.refresh_from_db()
    assert not plan.is_approved


def test_a_plan_under_a_third_on_site_cannot_be_waived_on_the_page(
    client, coordinator, province, agency_a, agency_b
):
    plan = InspectionPlanFactory(province=province, year=2026)
    InspectionFactory(plan=plan, agency=agency_a)
    InspectionFactory(plan=plan, agency=agency_b)
    client.force_login(coordinator)
    waiver = client.post(
        reverse("oversight:inspection_plan_transition", args=[plan.pk, "explain_shortfall"]),
        {"explain_shortfall-reason": "Thiếu kinh phí"},
    )
    assert waiver.status_code == 404
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "explain_shortfall" not in page and "Ghi lý do" not in page
    response = client.post(
        reverse("oversight:inspection_plan_transition", args=[plan.pk, "approve"]),
        {"approve-approved_on": "15/03/2026"},
        follow=True,
    )
    assert "cần ít nhất 1 (một phần ba số cơ quan thuộc diện bắt buộc" in response.content.decode()
    plan.refresh_from_db()
    assert not plan.is_approved and plan.on_site_shortfall_reason == ""


def test_an_old_plan_approved_with_a_reason_still_shows_it(client, coordinator, province, agency_a):
    plan = InspectionPlanFactory(
        province=province, year=2025, status="approved", on_site_shortfall_reason="Thiếu kinh phí năm 2025"
    )
    InspectionFactory(plan=plan, agency=agency_a)
    client.force_login(coordinator)
    assert "Thiếu kinh phí năm 2025" in client.get(plan.get_absolute_url()).content.decode()


def test_agency_secretary_reports_on_a_follow_up_and_the_coordinator_accepts(
    client, secretary_a, coordinator, agency_a
):
    follow_up = FollowUpFactory(inspection=InspectionFactory(agency=agency_a, status="concluded"))
    client.force_login(secretary_a)
    page = client.get(follow_up.inspection.get_absolute_url()).content.decode()
    assert reverse("oversight:follow_up_transition", args=[follow_up.pk, "accept"]) not in page
    response = client.post(
        reverse("oversight:follow_up_transition", args=[follow_up.pk, "report"]),
        {"report-response": "Đã cập nhật quy trình."},
    )
    assert response.url == follow_up.get_absolute_url()
    client.force_login(coordinator)
    client.post(reverse("oversight:follow_up_transition", args=[follow_up.pk, "accept"]))
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.ACCEPTED and follow_up.response == "Đã cập nhật quy trình."


def test_report_is_issued_only_once_its_files_are_generated(client, coordinator, province):
    report = ReportFactory(province=province)
    client.force_login(coordinator)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Hãy tạo tệp báo cáo và kiểm tra trước khi ban hành." in page
    assert reverse("oversight:report_transition", args=[report.pk, "issue"]) not in page


def test_registry_charts_count_stages_and_announcements(coordinator, province, agency_a, agency_b):
    from eiso.oversight import selectors
    from tests.improvement.factories import AnnouncementFactory

    AnnouncementFactory(agency=agency_a, status="announced", number="1/QĐ-SKHCN", decided_on=date(2025, 3, 1))
    statuses = selectors.registry(user=coordinator, province=province, year=2026, today=date(2026, 5, 1))
    charts = selectors.registry_charts(statuses)
    assert charts["stages"] == {"labels": ["Chưa đăng ký kế hoạch"], "values": [2]}
    assert charts["announcement"] == {"labels": ["Sở, ban, ngành cấp tỉnh"], "announced": [1], "missing": [1]}


def content_disposition_name(response) -> str:
    header = response["Content-Disposition"]
    return unquote(header.split("filename*=utf-8''")[1]) if "filename*=" in header else header


@pytest.mark.parametrize(
    ("kind", "half", "title"),
    [
        (Report.Kind.SIX_MONTH, 1, "Báo cáo 6 tháng đầu năm 2026"),
        (Report.Kind.SIX_MONTH, 2, "Báo cáo 6 tháng cuối năm 2026"),
        (Report.Kind.YEARLY, None, "Báo cáo năm 2026"),
        (Report.Kind.INSPECTION_SUMMARY, None, "Báo cáo tổng hợp kết quả kiểm tra năm 2026"),
    ],
)
def test_report_titles_name_the_period_once(province, kind, half, title):
    report = ReportFactory(province=province, kind=kind, half=half)

    assert str(report) == report.title == title
    assert report.download_name("pdf") == f"{title}.pdf"


def test_an_issued_reports_file_is_named_by_its_number_and_title(province):
    report = ReportFactory(province=province, status=Report.Status.ISSUED, number="566/BC-SKHCN")

    assert report.download_name("docx") == "566-BC-SKHCN Báo cáo 6 tháng đầu năm 2026.docx"
