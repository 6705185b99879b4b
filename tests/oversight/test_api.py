from decimal import Decimal

import pytest
from django.urls import reverse

from eiso.oversight.models import Inspection
from tests.oversight.factories import InspectionFactory, PlanEntryFactory


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
    ok = client.post(
        url,
        {"criterion": criterion.pk, "points": "7.5", "evidence": "Hồ sơ"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and Decimal(ok.json()["points"]) == Decimal("7.5")


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
    from tests.oversight.factories import InspectionPlanFactory

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
    from tests.oversight.factories import InspectionPlanFactory

    plan = InspectionPlanFactory(province=province, year=2026, number="12/KH-SKHCN")
    on_site = InspectionFactory(plan=plan, agency=agency_a, form=Inspection.Form.ON_SITE)
    by_documents = InspectionFactory(plan=plan, agency=agency_b, status=Inspection.Status.IN_PROGRESS)
    client.force_login(coordinator)
    plan_file = client.get(reverse("api:oversight-inspection-plan-document", args=[plan.pk, "docx"]))
    assert plan_file.status_code == 200 and plan_file.content[:2] == b"PK"
    decision = client.get(reverse("api:oversight-inspection-decision", args=[on_site.pk, "pdf"]))
    assert decision.status_code == 200 and decision.content[:4] == b"%PDF"
    minutes = client.get(reverse("api:oversight-inspection-minutes", args=[by_documents.pk, "docx"]))
    assert minutes.status_code == 200
    refused = client.get(reverse("api:oversight-inspection-decision", args=[by_documents.pk, "docx"]))
    assert refused.status_code == 400 and "chỉ lập cho cuộc kiểm tra tại trụ sở" in refused.json()["message"]
    not_yet = client.get(reverse("api:oversight-inspection-minutes", args=[on_site.pk, "docx"]))
    assert not_yet.status_code == 400 and "chưa có biên bản" in not_yet.json()["message"]
