"""API of processes, steps and templates: the export format, writes through the services."""

import pytest
from django.urls import reverse

from eiso.documents.models import DocumentVersion
from eiso.orgs.models import Agency
from eiso.procedures import services
from eiso.procedures.models import Process
from tests.factories import AgencyFactory, MembershipFactory
from tests.procedures.processes import leader_only_chain, new_process, procedure, publish, step_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def marriage(province):
    return procedure(province, amount="1", code="1.000894")


@pytest.fixture
def process(agency_a, secretary_a, unit_a, marriage, agency_b):
    leader_only_chain(agency_a, secretary_a)
    return new_process(
        agency_a,
        secretary_a,
        [marriage],
        steps=[
            step_values("Tiếp nhận", "2", "working_hours", unit=unit_a),
            step_values("Xác minh", "0.5", other_agency=agency_b),
        ],
    )


def test_export_is_the_documented_eiso_process_format(
    client, process, secretary_a, leader_a, agency_b, unit_a
):
    publish(services.open_version(process), secretary_a, leader_a)
    client.force_login(secretary_a)
    response = client.get(reverse("api:process-export", args=[process.pk]))
    assert response.status_code == 200
    data = response.json()
    assert data["format"] == "eiso-process/1"
    assert data["process"]["code"] == "QT.HT.01" and data["process"]["version"] == 1
    assert data["process"]["status"] == "published"
    assert data["procedures"][0]["code"] == "1.000894"
    assert data["procedures"][0]["processing_time"] == {
        "amount": "1.00",
        "unit": "working_days",
        "note": "",
        "cutoff": None,
    }
    first, second = data["steps"]
    assert first["unit"]["name"] == unit_a.name and first["other_agency"] is None
    assert first["duration"] == {"amount": "2.00", "unit": "working_hours", "working_hours": "2.00"}
    assert second["other_agency"]["identifier_code"] == agency_b.identifier_code
    assert second["duration"]["working_hours"] == "3.75"  # half of the province's 7.5-hour office day
    assert data["time"] == {
        "total_working_hours": "5.75",
        "legal_working_hours": "7.50",
        "slack_working_hours": "1.75",
        "office_day_hours": "7.50",
    }


def test_export_of_a_process_never_published_is_404_unless_a_version_is_asked(client, process, secretary_a):
    client.force_login(secretary_a)
    assert client.get(reverse("api:process-export", args=[process.pk])).status_code == 404
    response = client.get(reverse("api:process-export", args=[process.pk]), {"version": 1})
    assert response.json()["process"]["status"] == "draft"


def test_export_is_in_the_openapi_schema(client, db):
    schema = client.get(reverse("api_schema"), HTTP_ACCEPT="application/json").json()
    assert "/api/v1/processes/{id}/export/" in schema["paths"]
    assert "ProcessExport" in schema["components"]["schemas"]


def test_steps_are_added_through_the_service_and_refused_over_the_legal_time(client, process, secretary_a):
    client.force_login(secretary_a)
    url = reverse("api:process-step-list")
    body = {"process": process.pk, "name": "Ký", "duration_amount": "1", "duration_unit": "working_days"}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert "vượt" in response.json()["message"]
    body["duration_amount"] = "1.75"  # exactly what is left of the 7.5-hour day
    body["duration_unit"] = "working_hours"
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["order"] == 3
    listed = client.get(url, {"process": process.pk}).json()["results"]
    assert [row["name"] for row in listed] == ["Tiếp nhận", "Xác minh", "Ký"]


def test_step_update_and_delete_through_the_api(client, process, secretary_a):
    client.force_login(secretary_a)
    step = services.open_version(process).process_steps.get(order=1)
    url = reverse("api:process-step-detail", args=[step.pk])
    response = client.patch(url, {"name": "Tiếp nhận hồ sơ"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["name"] == "Tiếp nhận hồ sơ"
    assert client.delete(url).status_code == 204


def test_workflow_actions_run_the_documents_workflow_on_the_open_version(
    client, process, secretary_a, leader_a
):
    client.force_login(secretary_a)
    response = client.post(reverse("api:process-submit", args=[process.pk]))
    assert response.status_code == 200 and response.json()["status"] == "in_review"
    client.force_login(leader_a)
    response = client.post(
        reverse("api:process-request-changes", args=[process.pk]), {}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["extra"] == {"comment": ["Hãy ghi rõ nội dung cần sửa đổi."]}
    response = client.post(
        reverse("api:process-approve", args=[process.pk]),
        {"comment": "Đồng ý"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "approved"
    client.force_login(secretary_a)
    response = client.post(reverse("api:process-publish", args=[process.pk]))
    assert (response.json()["status"], response.json()["number"]) == ("published", 1)
    assert process.document.versions.get().status == DocumentVersion.Status.PUBLISHED
    response = client.post(reverse("api:process-submit", args=[process.pk]))
    assert response.status_code == 400
    assert response.json()["message"] == "Quy trình không có bản dự thảo nào đang xử lý."


def test_staff_may_not_approve_a_process(client, process, secretary_a, staff_a):
    services.process_version_submit(version=services.open_version(process), actor=secretary_a)
    client.force_login(staff_a)
    assert client.post(reverse("api:process-approve", args=[process.pk])).status_code == 403


def test_staff_of_another_agency_sees_no_process(client, process, staff_b):
    client.force_login(staff_b)
    assert client.get(reverse("api:process-list")).json()["results"] == []
    assert client.get(reverse("api:process-export", args=[process.pk])).status_code == 404


def test_create_process_through_the_api(client, secretary_a, marriage):
    client.force_login(secretary_a)
    body = {"code": "QT.API.01", "title": "Quy trình qua API", "procedures": ["1.000894"]}
    response = client.post(reverse("api:process-list"), body, content_type="application/json")
    assert response.status_code == 201
    assert Process.objects.get().procedures.get() == marriage
    body["procedures"] = ["9.999999"]
    body["code"] = "QT.API.02"
    assert client.post(reverse("api:process-list"), body, content_type="application/json").status_code == 400


def test_templates_adopt_and_coverage(client, process, secretary_a, leader_a, coordinator, province):
    publish(services.open_version(process), secretary_a, leader_a)
    template = services.template_publish(process=process, agency_kind=Agency.Kind.COMMUNE, actor=coordinator)
    commune = AgencyFactory(province=province, kind=Agency.Kind.COMMUNE)
    secretary = MembershipFactory(agency=commune, role="secretary").user
    client.force_login(secretary)
    assert client.get(reverse("api:template-list")).json()["results"][0]["code"] == "QT.HT.01"
    response = client.post(reverse("api:template-adopt", args=[template.pk]))
    assert response.status_code == 201 and response.json()["template"] == {"code": "QT.HT.01", "version": 1}
    assert client.get(reverse("api:template-coverage", args=[template.pk])).status_code == 403
    client.force_login(coordinator)
    rows = client.get(reverse("api:template-coverage", args=[template.pk])).json()
    assert {row["status"] for row in rows} == {"adopted"}


def test_template_update_answers_through_the_api(client, process, secretary_a):
    client.force_login(secretary_a)
    response = client.post(reverse("api:process-template-update-dismiss", args=[process.pk]), {"reason": "x"})
    assert response.status_code == 400
    assert response.json()["message"] == "Không có phiên bản mẫu mới nào cần xử lý."
    response = client.post(reverse("api:process-template-update-apply", args=[process.pk]))
    assert response.json()["message"] == "Không có phiên bản mẫu mới nào cần áp dụng."
