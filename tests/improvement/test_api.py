import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from eiso.improvement.models import Nonconformity
from tests.improvement.factories import ManagementReviewFactory, NonconformityFactory
from tests.improvement.helpers import running_audit

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def api():
    return APIClient()


def test_secretary_records_and_analyses_through_the_api(api, secretary_a, staff_a, agency_a):
    api.force_authenticate(secretary_a)
    response = api.post(
        "/api/v1/improvement/nonconformities/",
        {
            "source": "other",
            "title": "Thiếu sổ",
            "description": "Không có sổ theo dõi",
            "detected_on": TODAY.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    bad = api.post(
        f"/api/v1/improvement/nonconformities/{pk}/analyse/",
        {"cause_method": "five_whys", "why_1": "a", "why_2": "b", "root_cause": ""},
        format="json",
    )
    assert bad.status_code == 400
    assert "nguyên nhân gốc" in bad.json()["message"]
    ok = api.post(
        f"/api/v1/improvement/nonconformities/{pk}/analyse/",
        {"cause_method": "five_whys", "why_1": "a", "why_2": "b", "root_cause": "Thiếu quy định"},
        format="json",
    )
    assert ok.json()["status"] == "analysed"
    assert ok.json()["cause_analysis"] == ["a", "b"]
    added = api.post(
        f"/api/v1/improvement/nonconformities/{pk}/actions/",
        {"title": "Lập sổ", "due_on": TODAY.isoformat(), "owner": staff_a.pk},
        format="json",
    )
    assert added.json()["actions"][0]["title"] == "Lập sổ"


def test_closing_with_open_actions_is_a_400(api, secretary_a, agency_a):
    nc = NonconformityFactory(agency=agency_a)
    api.force_authenticate(secretary_a)
    response = api.post(f"/api/v1/improvement/nonconformities/{nc.pk}/close/")
    assert response.status_code == 400
    assert Nonconformity.objects.get(pk=nc.pk).status == "recorded"


def test_staff_gets_403_on_workflow(api, staff_a, agency_a):
    nc = NonconformityFactory(agency=agency_a)
    api.force_authenticate(staff_a)
    assert api.post(f"/api/v1/improvement/nonconformities/{nc.pk}/start/").status_code == 403


def test_the_effectiveness_check_takes_a_json_boolean(api, secretary_a, agency_a):
    nc = NonconformityFactory(
        agency=agency_a, status="effectiveness_check", effectiveness_check_on=TODAY, root_cause="Gốc"
    )
    api.force_authenticate(secretary_a)
    url = f"/api/v1/improvement/nonconformities/{nc.pk}/check/"
    missing = api.post(url, {"result": "Tái diễn"}, format="json")
    assert missing.status_code == 400 and "is_effective" in missing.json()["extra"]
    response = api.post(url, {"is_effective": False, "result": "Tái diễn"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "analysed" and response.json()["is_effective"] is False


def test_an_audit_under_a_draft_programme_does_not_start_through_the_api(
    api, secretary_a, agency_a, auditor_a
):
    from tests.improvement.factories import AuditProgrammeFactory, InternalAuditFactory

    audit = InternalAuditFactory(programme=AuditProgrammeFactory(agency=agency_a), lead_auditor=auditor_a)
    api.force_authenticate(secretary_a)
    response = api.post(f"/api/v1/improvement/audits/{audit.pk}/start/")
    assert response.status_code == 400
    assert "chưa được lãnh đạo cơ quan phê duyệt" in response.json()["message"]


def test_each_transition_documents_its_own_request_body(client, db):
    schema = client.get(reverse("api_schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    bodies = {
        name: schema["paths"][f"/api/v1/improvement/nonconformities/{{id}}/{name}/"]["post"]["requestBody"]
        for name in ("analyse", "plan", "check", "cancel")
    }
    refs = {name: body["content"]["application/json"]["schema"]["$ref"] for name, body in bodies.items()}
    assert refs["analyse"].endswith("/NonconformityAnalyseRequest")
    assert refs["check"].endswith("/NonconformityCheckRequest")
    analyse = schema["components"]["schemas"]["NonconformityAnalyseRequest"]["properties"]
    assert {"cause_method", "why_1", "root_cause"} <= set(analyse)
    check = schema["components"]["schemas"]["NonconformityCheckRequest"]["properties"]
    assert check["is_effective"]["type"] == "boolean"


def test_lists_are_scoped(api, secretary_a, staff_b, agency_a, auditor_a):
    running_audit(agency_a, auditor_a, secretary=secretary_a)
    ManagementReviewFactory(agency=agency_a)
    api.force_authenticate(staff_b)
    for path in ("audits", "findings", "nonconformities", "reviews", "announcements"):
        response = api.get(f"/api/v1/improvement/{path}/")
        assert response.status_code == 200
        body = response.json()
        rows = body["results"] if isinstance(body, dict) else body
        assert rows == []
    api.force_authenticate(secretary_a)
    body = api.get("/api/v1/improvement/audits/").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert len(rows) == 1
    assert len(api.get(f"/api/v1/improvement/audits/{rows[0]['id']}/lines/").json()) == 49
