"""The quality API: scoped reads, writes through the services, the single error body."""

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from eiso.core.roles import Role
from eiso.quality.models import Feedback, QualityObjective, Risk
from tests.factories import MembershipFactory
from tests.quality.factories import (
    FeedbackFactory,
    IndicatorValueFactory,
    QualityObjectiveFactory,
    RiskFactory,
)
from tests.quality.helpers import last_entry

pytestmark = pytest.mark.django_db
BASE = "/api/v1/quality"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_objectives_are_scoped_to_the_users_agency(agency_a, agency_b, secretary_a):
    mine = QualityObjectiveFactory(agency=agency_a)
    QualityObjectiveFactory(agency=agency_b)
    response = api(secretary_a).get(f"{BASE}/objectives/")
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]


def test_secretary_creates_an_objective_through_the_service(agency_a, secretary_a):
    response = api(secretary_a).post(
        f"{BASE}/objectives/",
        {
            "year": 2026,
            "statement": "Đúng hạn",
            "indicator": "Tỷ lệ",
            "source": "manual",
            "comparison": "ge",
            "target": "98",
            "measure_unit": "%",
            "frequency": "yearly",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert QualityObjective.objects.get().agency == agency_a
    assert last_entry("quality_objective.create") is not None


def test_a_bad_target_answers_400_with_a_vietnamese_message(secretary_a, agency_a):
    response = api(secretary_a).post(
        f"{BASE}/objectives/",
        {
            "year": 2026,
            "statement": "Đúng hạn",
            "indicator": "Tỷ lệ",
            "source": "manual",
            "comparison": "ge",
            "target": "120",
            "measure_unit": "%",
            "frequency": "yearly",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "0–100" in response.json()["message"]


def test_staff_gets_403_on_create(staff_a, agency_a):
    response = api(staff_a).post(
        f"{BASE}/risks/", {"title": "X", "likelihood": 2, "impact": 2}, format="json"
    )
    assert response.status_code == 403


def test_values_and_recalculation(agency_a, secretary_a):
    objective = QualityObjectiveFactory(
        agency=agency_a,
        year=2025,
        source="feedback_received",
        measure_unit="số lượng",
        comparison="le",
        target=Decimal("3"),
    )
    FeedbackFactory(agency=agency_a, received_on=date(2025, 2, 3))
    client = api(secretary_a)
    response = client.post(f"{BASE}/objectives/{objective.pk}/recalculate/", {}, format="json")
    assert [row["value"] for row in response.json()] == ["1.00", "0.00", "0.00", "0.00"]
    assert response.json()[0]["figures"]["received"] == 1
    values = client.get(f"{BASE}/objectives/{objective.pk}/values/").json()
    assert values[0]["attainment"] == "reached" and values[0]["is_final"]
    again = client.post(
        f"{BASE}/objectives/{objective.pk}/recalculate/", {"period_start": "2025-01-01"}, format="json"
    )
    assert again.status_code == 200
    assert last_entry("indicator_value.recalculate_closed") is not None


def test_indicator_values_list_filters_by_objective(agency_a, secretary_a):
    value = IndicatorValueFactory(objective=QualityObjectiveFactory(agency=agency_a))
    IndicatorValueFactory(objective=QualityObjectiveFactory(agency=agency_a))
    response = api(secretary_a).get(f"{BASE}/indicator-values/", {"objective": value.objective_id})
    assert [row["id"] for row in response.json()["results"]] == [value.pk]


def test_secretary_records_a_risk_and_reads_its_score(agency_a, secretary_a):
    client = api(secretary_a)
    response = client.post(
        f"{BASE}/risks/",
        {"kind": "risk", "title": "Mất dữ liệu", "likelihood": 2, "impact": 5},
        format="json",
    )
    assert response.status_code == 201
    risk = Risk.objects.get()
    assert client.get(f"{BASE}/risks/{risk.pk}/").json()["score"] == 10
    bad = client.patch(f"{BASE}/risks/{risk.pk}/", {"impact": 9}, format="json")
    assert bad.status_code == 400 and "từ 1 đến 5" in bad.json()["message"]


def test_feedback_of_another_agency_is_404(agency_b, secretary_a):
    feedback = FeedbackFactory(agency=agency_b)
    assert api(secretary_a).get(f"{BASE}/feedback/{feedback.pk}/").status_code == 404


def test_risk_of_another_agency_cannot_be_read(agency_b, secretary_a):
    assert api(secretary_a).get(f"{BASE}/risks/{RiskFactory(agency=agency_b).pk}/").status_code == 404


def test_feedback_workflow_through_the_api(agency_a, secretary_a, staff_a):
    feedback = FeedbackFactory(agency=agency_a)
    client = api(secretary_a)
    accepted = client.post(f"{BASE}/feedback/{feedback.pk}/accept/", {"handler": staff_a.pk}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    again = client.post(
        f"{BASE}/feedback/{feedback.pk}/refuse/", {"reason": "Không thuộc thẩm quyền"}, format="json"
    )
    assert again.status_code == 400
    assert again.json()["message"] == ("Không thể “từ chối thụ lý”: phản ánh đang ở trạng thái “đang xử lý”.")
    replied = api(staff_a).post(
        f"{BASE}/feedback/{feedback.pk}/reply/", {"reply": "Đã xử lý và trả lời."}, format="json"
    )
    assert replied.json()["status"] == "answered" and replied.json()["reply"] == "Đã xử lý và trả lời."


def test_a_handler_of_another_agency_is_refused(agency_a, secretary_a, staff_b):
    feedback = FeedbackFactory(agency=agency_a)
    response = api(secretary_a).post(
        f"{BASE}/feedback/{feedback.pk}/accept/", {"handler": staff_b.pk}, format="json"
    )
    assert response.status_code == 400
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.RECEIVED


def test_staff_who_is_not_the_handler_gets_403_on_reply(agency_a, secretary_a, staff_a, officer_a):
    feedback = FeedbackFactory(agency=agency_a)
    api(secretary_a).post(f"{BASE}/feedback/{feedback.pk}/accept/", {"handler": staff_a.pk}, format="json")
    response = api(officer_a).post(
        f"{BASE}/feedback/{feedback.pk}/reply/", {"reply": "Trả lời"}, format="json"
    )
    assert response.status_code == 403


def test_secretary_re_evaluates_and_closes_a_risk_through_the_api(agency_a, secretary_a):
    risk = RiskFactory(agency=agency_a, likelihood=4, impact=5)
    client = api(secretary_a)
    response = client.post(
        f"{BASE}/risks/{risk.pk}/evaluate/", {"residual_likelihood": 2, "residual_impact": 2}, format="json"
    )
    assert response.status_code == 200 and response.json()["residual_score"] == 4
    bad = client.post(
        f"{BASE}/risks/{risk.pk}/evaluate/", {"residual_likelihood": 7, "residual_impact": 2}, format="json"
    )
    assert bad.status_code == 400
    closed = client.post(f"{BASE}/risks/{risk.pk}/close/", {"note": "Đã kiểm soát"}, format="json")
    assert closed.json()["status"] == "closed"


def test_a_user_of_two_agencies_is_asked_to_name_the_agency(secretary_a, agency_a, agency_b):
    MembershipFactory(user=secretary_a, agency=agency_b, role=Role.LEADER)
    body = {"title": "Mất hồ sơ", "likelihood": 2, "impact": 2}
    response = api(secretary_a).post(f"{BASE}/risks/", body, format="json")
    assert response.status_code == 400
    assert response.json()["extra"]["field"] == "agency"
    response = api(secretary_a).post(f"{BASE}/risks/", {**body, "agency": agency_b.pk}, format="json")
    assert response.status_code == 201, response.json()
    assert Risk.objects.get().agency == agency_b
