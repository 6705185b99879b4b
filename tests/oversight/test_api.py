from decimal import Decimal

import pytest
from django.urls import reverse

from eiso.oversight.models import Inspection
from tests.oversight.factories import (
    CriterionFactory,
    FollowUpFactory,
    InspectionFactory,
    InspectionPlanFactory,
    PlanEntryFactory,
    ReportFactory,
    RolloutPlanFactory,
)


def test_registry_endpoint_lists_the_provinces_agencies(client, coordinator, agency_a, agency_b):
    client.force_login(coordinator)
    data = client.get(reverse("api:oversight-registry")).json()
    assert {row["agency"] for row in data} == {agency_a.name, agency_b.name}
    assert data[0]["on_time_rate"] is None


def test_registry_endpoint_is_forbidden_to_agency_users(client, secretary_a):
    client.force_login(secretary_a)
    assert client.get(reverse("api:oversight-registry")).status_code == 403


def test_agency_reports_progress_through_the_api_and_sees_only_its_entries(
    client, secretary_a, agency_a, agency_b
):
    entry = PlanEntryFactory(agency=agency_a)
    PlanEntryFactory(agency=agency_b, plan=entry.plan)
    client.force_login(secretary_a)
    listed = client.get(reverse("api:oversight-plan-entry-list")).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [row["id"] for row in rows] == [entry.pk]
    response = client.post(
        reverse("api:oversight-plan-entry-progress", args=[entry.pk]),
        {"stage": "applying", "progress_percent": 150},
        content_type="application/json",
    )
    assert response.status_code == 400
    response = client.post(
        reverse("api:oversight-plan-entry-progress", args=[entry.pk]),
        {"stage": "applying", "progress_percent": 50},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["progress_percent"] == 50


def test_coordinator_scores_through_the_api_with_the_same_rules(client, coordinator, inspection):
    criterion = inspection.criteria_set.criteria.get(code="1.a")
    client.force_login(coordinator)
    url = reverse("api:oversight-inspection-score", args=[inspection.pk])
    over = client.post(
        url, {"criterion": criterion.pk, "points": "11", "evidence": "x"}, content_type="application/json"
    )
    assert over.status_code == 400 and "Điểm phải từ 0 đến 10" in over.json()["message"]
    other = CriterionFactory()
    foreign = client.post(
        url, {"criterion": other.pk, "points": "1", "evidence": "x"}, content_type="application/json"
    )
    assert foreign.status_code == 400
    assert foreign.json()["extra"]["criterion"] == ["Tiêu chí không thuộc bộ tiêu chí của cuộc kiểm tra."]
    ok = client.post(
        url,
        {"criterion": criterion.pk, "points": "7.5", "evidence": "Hồ sơ"},
        content_type="application/json",
    )
    assert ok.status_code == 200
    scores = {row["code"]: row for row in ok.json()["scores"]}
    assert Decimal(scores["1.a"]["points"]) == Decimal("7.5")


def test_steering_member_cannot_score_through_the_api(client, steering, inspection):
    client.force_login(steering)
    criterion = inspection.criteria_set.criteria.get(code="1.a")
    response = client.post(
        reverse("api:oversight-inspection-score", args=[inspection.pk]),
        {"criterion": criterion.pk, "points": "1", "evidence": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_ranking_endpoint_without_criteria_is_empty(client, coordinator, agency_a):
    InspectionFactory(agency=agency_a, status=Inspection.Status.CONCLUDED)
    client.force_login(coordinator)
    assert client.get(reverse("api:oversight-ranking")).json() == []


@pytest.mark.parametrize("url_name", ["api:oversight-registry", "api:oversight-ranking"])
@pytest.mark.parametrize("year", ["99999999999999999999", "1999", "abc"])
def test_a_year_no_record_can_have_is_a_400_with_the_reason(client, coordinator, agency_a, url_name, year):
    client.force_login(coordinator)
    response = client.get(reverse(url_name), {"year": year})
    assert response.status_code == 400 and "Năm không hợp lệ" in response.json()["message"]


def test_training_sessions_are_listed_newest_first(client, coordinator, province):
    from datetime import date

    from tests.oversight.factories import TrainingAttendanceFactory, TrainingSessionFactory

    older = TrainingSessionFactory(province=province, held_on=date(2026, 3, 1))
    newer = TrainingSessionFactory(province=province, held_on=date(2026, 9, 1))
    TrainingAttendanceFactory(session=older, agency__province=province)
    client.force_login(coordinator)
    page = client.get(reverse("oversight:training_list"), {"year": 2026}).content.decode()
    assert page.index(newer.topic) < page.index(older.topic)


def test_inspection_plans_show_the_sampling_rule_and_what_stops_approval(
    client, coordinator, steering, province, agency_a, agency_b
):
    plan = InspectionPlanFactory(province=province, year=2026)
    InspectionFactory(plan=plan, agency=agency_a, form=Inspection.Form.DOCUMENTS)
    for user in (coordinator, steering):
        client.force_login(user)
        data = client.get(reverse("api:oversight-inspection-plan-detail", args=[plan.pk])).json()
        assert data["sampling"] == {
            "obligated": 2,
            "planned": 1,
            "documents": 1,
            "on_site": 0,
            "on_site_minimum": 1,
            "concluded": 0,
        }
        assert agency_b.name in data["problems"][0] and "một phần ba" in data["problems"][1]


def test_inspection_documents_download_through_the_api(client, coordinator, province, agency_a, agency_b):
    plan = InspectionPlanFactory(province=province, year=2026, number="12/KH-SKHCN")
    on_site = InspectionFactory(plan=plan, agency=agency_a, form=Inspection.Form.ON_SITE)
    by_documents = InspectionFactory(plan=plan, agency=agency_b, status=Inspection.Status.IN_PROGRESS)
    client.force_login(coordinator)
    plan_file = client.get(reverse("api:oversight-inspection-plan-document", args=[plan.pk, "docx"]))
    assert plan_file.status_code == 200 and plan_file.content[:2] == b"PK"
    decision = client.get(reverse("api:oversight-inspection-decision", args=[on_site.pk, "pdf"]))
    assert decision.status_code == 200 and decision.content[:4] == b"%PDF"
    request = client.get(reverse("api:oversight-inspection-report-request", args=[by_documents.pk, "docx"]))
    assert request.status_code == 200 and request.content[:2] == b"PK"
    letter = client.get(reverse("api:oversight-inspection-result-letter", args=[by_documents.pk, "pdf"]))
    assert letter.status_code == 200 and letter.content[:4] == b"%PDF"
    for name in ("decision", "minutes"):
        refused = client.get(reverse(f"api:oversight-inspection-{name}", args=[by_documents.pk, "docx"]))
        assert refused.status_code == 400 and "cuộc kiểm tra tại trụ sở" in refused.json()["message"]
    for name in ("report-request", "result-letter"):
        refused = client.get(reverse(f"api:oversight-inspection-{name}", args=[on_site.pk, "docx"]))
        assert refused.status_code == 400, name
    not_yet = client.get(reverse("api:oversight-inspection-minutes", args=[on_site.pk, "docx"]))
    assert not_yet.status_code == 400 and "chưa có biên bản" in not_yet.json()["message"]


def test_coordinator_runs_an_inspection_through_the_api(client, coordinator, agency_a, criteria_set):
    inspection = InspectionFactory(agency=agency_a, criteria_set=criteria_set, form=Inspection.Form.ON_SITE)
    client.force_login(coordinator)

    def post(transition, body=None):
        url = reverse(f"api:oversight-inspection-{transition}", args=[inspection.pk])
        return client.post(url, body or {}, content_type="application/json")

    assert post("start", {"inspected_on": "2026-10-05"}).json()["status"] == "in_progress"
    refused = post("conclude", {"minutes_signed_on": "2026-10-06", "conclusion": "Đạt"})
    assert refused.status_code == 400 and "Còn tiêu chí chưa chấm điểm: 1.a." in refused.json()["message"]
    criterion = criteria_set.criteria.get(code="1.a")
    assert post("score", {"criterion": criterion.pk, "points": "8", "evidence": "Hồ sơ"}).status_code == 200
    concluded = post("conclude", {"minutes_signed_on": "2026-10-06", "conclusion": "Đạt"})
    assert concluded.status_code == 200 and concluded.json()["status"] == "concluded"


def test_agency_reports_on_a_follow_up_through_the_api_and_sees_only_its_own(
    client, secretary_a, coordinator, agency_a, agency_b
):
    own = FollowUpFactory(inspection=InspectionFactory(agency=agency_a))
    FollowUpFactory(inspection=InspectionFactory(agency=agency_b, plan=own.inspection.plan))
    client.force_login(secretary_a)
    listed = client.get(reverse("api:oversight-follow-up-list")).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [row["id"] for row in rows] == [own.pk]
    url = reverse("api:oversight-follow-up-report", args=[own.pk])
    empty = client.post(url, {"response": ""}, content_type="application/json")
    assert empty.status_code == 400 and "response" in empty.json()["extra"]
    reported = client.post(url, {"response": "Đã sửa quy trình"}, content_type="application/json")
    assert reported.status_code == 200 and reported.json()["status"] == "reported"
    accept = reverse("api:oversight-follow-up-accept", args=[own.pk])
    assert client.post(accept, {}, content_type="application/json").status_code == 403
    client.force_login(coordinator)
    assert client.post(accept, {}, content_type="application/json").json()["status"] == "accepted"


PROVINCE_TRANSITIONS = [
    ("oversight-inspection-plan-approve", InspectionPlanFactory, {"approved_on": "2026-03-15"}),
    ("oversight-report-issue", ReportFactory, {"number": "1/BC", "issued_on": "2026-07-10"}),
    ("oversight-plan-approve", RolloutPlanFactory, {"approved_on": "2026-01-20"}),
]


@pytest.mark.parametrize(("url_name", "factory", "body"), PROVINCE_TRANSITIONS)
@pytest.mark.parametrize("who", ["steering", "sysadmin"])
def test_provincial_readers_cannot_run_the_provinces_transitions(
    url_name, factory, body, who, request, client, province
):
    obj = factory(province=province)
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse(f"api:{url_name}", args=[obj.pk]), body, content_type="application/json")
    assert response.status_code == 403


@pytest.mark.parametrize(("url_name", "factory", "body"), PROVINCE_TRANSITIONS[:2])
def test_the_provinces_plans_and_reports_do_not_exist_for_an_agency(
    url_name, factory, body, client, secretary_a, province
):
    obj = factory(province=province)
    client.force_login(secretary_a)
    response = client.post(reverse(f"api:{url_name}", args=[obj.pk]), body, content_type="application/json")
    assert response.status_code == 404


def test_coordinator_approves_the_inspection_plan_through_the_api(client, coordinator, province, agency_a):
    plan = InspectionPlanFactory(province=province, year=2026)
    InspectionFactory(plan=plan, agency=agency_a, form=Inspection.Form.ON_SITE)
    client.force_login(coordinator)
    response = client.post(
        reverse("api:oversight-inspection-plan-approve", args=[plan.pk]),
        {"approved_on": "2026-03-15"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "approved" and response.json()["problems"] == []


def test_report_issue_through_the_api_needs_the_files(client, coordinator, province):
    report = ReportFactory(province=province)
    client.force_login(coordinator)
    response = client.post(
        reverse("api:oversight-report-issue", args=[report.pk]),
        {"number": "1/BC-SKHCN", "issued_on": "2026-07-10"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "Hãy tạo tệp báo cáo" in response.json()["message"]
