from decimal import Decimal

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
