import pytest
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
        {"cause_method": "five_whys", "analysis": ["a", "b"], "root_cause": ""},
        format="json",
    )
    assert bad.status_code == 400
    assert "nguyên nhân gốc" in bad.json()["message"]
    ok = api.post(
        f"/api/v1/improvement/nonconformities/{pk}/analyse/",
        {"cause_method": "five_whys", "analysis": ["a", "b"], "root_cause": "Thiếu quy định"},
        format="json",
    )
    assert ok.json()["status"] == "analysed"
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
