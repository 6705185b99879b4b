"""The actions API: every kind of action scoped to the user's agencies and filtered by its source,
and the action workflow over HTTP: an integration completes a corrective action with its evidence
(multipart) and a QMS manager verifies it, which the nonconformity's effectiveness gate needs."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from eiso.core.errors import DomainError
from eiso.improvement import services as improvement_services
from eiso.improvement.models import Nonconformity
from eiso.quality.models import Action
from tests.improvement.factories import NonconformityFactory
from tests.quality.factories import ActionFactory, RiskFactory
from tests.quality.helpers import last_entry, pdf

pytestmark = pytest.mark.django_db
BASE = "/api/v1/quality/actions"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def corrective_action(agency, secretary, owner) -> Action:
    nonconformity = NonconformityFactory(
        agency=agency,
        status=Nonconformity.Status.IN_PROGRESS,
        effectiveness_criteria="Không còn hồ sơ thiếu ngày trả kết quả",
        effectiveness_check_on=date(2026, 6, 30),
    )
    return improvement_services.nonconformity_add_action(
        nonconformity=nonconformity,
        actor=secretary,
        title="Bổ sung cột ngày trả kết quả vào sổ theo dõi",
        due_on=date(2026, 5, 29),
        owner=owner,
    )


def test_a_corrective_action_is_completed_with_its_evidence_and_verified(agency_a, secretary_a, staff_a):
    action = corrective_action(agency_a, secretary_a, staff_a)
    nonconformity = action.source
    with pytest.raises(DomainError, match="Còn hành động chưa hoàn thành"):
        improvement_services.nonconformity_request_check(nonconformity=nonconformity, actor=secretary_a)

    completed = api(staff_a).post(
        f"{BASE}/{action.pk}/complete/",
        {"completion_note": "Đã bổ sung cột và ghi lại 5 hồ sơ", "evidence": pdf("so-theo-doi.pdf")},
        format="multipart",
    )
    assert completed.status_code == 200, completed.json()
    body = completed.json()
    assert body["status"] == "done" and body["source_kind"] == "improvement.nonconformity"
    assert body["evidence"].endswith(".pdf")
    assert last_entry("action.complete").actor == staff_a

    verified = api(secretary_a).post(f"{BASE}/{action.pk}/verify/", {"is_effective": True}, format="json")
    assert verified.status_code == 200 and verified.json()["status"] == "verified"
    assert verified.json()["verified_by"] == secretary_a.pk

    nonconformity.refresh_from_db()
    improvement_services.nonconformity_request_check(nonconformity=nonconformity, actor=secretary_a)
    assert nonconformity.status == Nonconformity.Status.EFFECTIVENESS_CHECK


def test_the_owner_may_not_verify_their_own_action(agency_a, secretary_a, staff_a):
    action = corrective_action(agency_a, secretary_a, staff_a)
    api(staff_a).post(f"{BASE}/{action.pk}/complete/", {"completion_note": "Đã làm"}, format="multipart")
    response = api(staff_a).post(f"{BASE}/{action.pk}/verify/", {"is_effective": True}, format="json")
    assert response.status_code == 403


def test_a_not_effective_verification_needs_its_reason(agency_a, secretary_a):
    action = ActionFactory(risk=RiskFactory(agency=agency_a), status="done", completed_on=date(2026, 5, 4))
    client = api(secretary_a)
    response = client.post(f"{BASE}/{action.pk}/verify/", {"is_effective": False}, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == "Hãy ghi lý do hành động chưa có hiệu lực."
    missing = client.post(f"{BASE}/{action.pk}/verify/", {}, format="json")
    assert missing.status_code == 400
    response = client.post(
        f"{BASE}/{action.pk}/verify/",
        {"is_effective": False, "note": "Còn 2 hồ sơ thiếu ngày"},
        format="json",
    )
    assert response.json()["status"] == "in_progress" and response.json()["completed_on"] is None


def test_evidence_of_the_wrong_type_is_refused(agency_a, secretary_a, staff_a):
    action = corrective_action(agency_a, secretary_a, staff_a)
    fake = pdf("bang-chung.exe")
    response = api(staff_a).post(
        f"{BASE}/{action.pk}/complete/", {"completion_note": "Đã làm", "evidence": fake}, format="multipart"
    )
    assert response.status_code == 400 and "PDF, Word, Excel" in response.json()["message"]


def test_actions_are_scoped_and_filtered_by_source_and_status(agency_a, agency_b, secretary_a, staff_a):
    corrective = corrective_action(agency_a, secretary_a, staff_a)
    treatment = ActionFactory(risk=RiskFactory(agency=agency_a), status="cancelled")
    foreign = ActionFactory(risk=RiskFactory(agency=agency_b))
    client = api(secretary_a)
    listed = client.get(f"{BASE}/").json()["results"]
    assert sorted(row["id"] for row in listed) == sorted([corrective.pk, treatment.pk])
    by_source = client.get(f"{BASE}/", {"source_kind": "improvement.nonconformity"}).json()["results"]
    assert [row["id"] for row in by_source] == [corrective.pk]
    by_status = client.get(f"{BASE}/", {"status": "cancelled"}).json()["results"]
    assert [row["id"] for row in by_status] == [treatment.pk]
    assert client.get(f"{BASE}/{foreign.pk}/").status_code == 404
    assert client.post(f"{BASE}/{foreign.pk}/start/").status_code == 404
