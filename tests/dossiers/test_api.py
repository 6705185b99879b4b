import pytest

from eiso.dossiers.models import Dossier, Status
from tests.dossiers.factories import process_for

pytestmark = pytest.mark.django_db


def test_create_and_step_actions(client, officer_a, staff_a, agency_a, unit_a, procedure_a):
    process_for(agency_a, procedure_a, [("Thẩm định", 4, unit_a, None)])
    client.force_login(officer_a)
    created = client.post(
        "/api/v1/dossiers/",
        {
            "procedure": "1.001193",
            "applicant_name": "Đỗ Văn Minh",
            "applicant_phone": "0911000111",
            "channel": "online",
            "components": [1, 2],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["code"].startswith(agency_a.identifier_code) and len(body["steps"]) == 1
    url = f"/api/v1/dossiers/{body['id']}/"
    assert client.post(url + "result-ready/").status_code == 400  # a step is not finished
    client.force_login(staff_a)
    assert client.post(url + "start-step/", {"step": 1}, content_type="application/json").status_code == 200
    assert client.post(url + "finish-step/", {"step": 1}, content_type="application/json").json()["steps"][0][
        "finished_at"
    ]
    client.force_login(officer_a)
    client.post(url + "result-ready/")
    assert client.post(url + "return/").json()["status"] == Status.RETURNED


def test_create_refuses_missing_components_in_vietnamese(client, officer_a, procedure_a):
    client.force_login(officer_a)
    answer = client.post(
        "/api/v1/dossiers/",
        {"procedure": "1.001193", "applicant_name": "X", "channel": "direct", "components": [1]},
        content_type="application/json",
    )
    assert answer.status_code == 400 and "Giấy tờ 2" in answer.content.decode()
    assert not Dossier.objects.exists()


def test_list_is_scoped(client, officer_a, staff_b, procedure_a):
    client.force_login(officer_a)
    client.post(
        "/api/v1/dossiers/",
        {"procedure": "1.001193", "applicant_name": "X", "channel": "direct", "components": [1, 2]},
        content_type="application/json",
    )
    assert len(client.get("/api/v1/dossiers/").json()["results"]) == 1
    client.force_login(staff_b)
    assert client.get("/api/v1/dossiers/").json()["results"] == []
