"""/api/v1/procedures/: read-only, scoped to the user's provinces."""

import pytest
from django.urls import reverse

from eiso.procedures import services
from eiso.procedures.models import Procedure
from tests.procedures.factories import ProcedureFactory
from tests.procedures.helpers import BIRTH, MARRIAGE, json_bytes, procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(province, coordinator):
    services.procedure_import(
        data=json_bytes(MARRIAGE, BIRTH), filename="a.json", province=province, actor=coordinator
    )
    services.procedure_import(
        data=json_bytes(procedure(fees="Có phí")), filename="a.json", province=province, actor=coordinator
    )
    return Procedure.objects.get(code="1.000894")


def test_list_searches_without_diacritics(client, catalogue, staff_a):
    client.force_login(staff_a)
    response = client.get(reverse("api:procedure-list"), {"q": "ket hon"})
    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == ["1.000894"]
    assert response.json()["results"][0] == {
        "id": catalogue.pk,
        "code": "1.000894",
        "province": 42,
        "name": "Thủ tục đăng ký kết hôn",
        "field": "Hộ tịch",
        "level": "commune",
        "version": 2,
    }


def test_list_filters_by_field_and_level(client, catalogue, staff_a):
    client.force_login(staff_a)
    assert client.get(reverse("api:procedure-list"), {"level": "province"}).json()["count"] == 0
    assert client.get(reverse("api:procedure-list"), {"field": "Hộ tịch"}).json()["count"] == 2


def test_retrieve_has_the_current_version_with_components(client, catalogue, staff_a):
    client.force_login(staff_a)
    data = client.get(reverse("api:procedure-detail", args=[catalogue.pk])).json()
    version = data["current_version"]
    assert version["number"] == 2 and version["fees"] == "Có phí"
    assert version["processing_time"] == {
        "amount": "1.00",
        "unit": "working_days",
        "note": "Cần xác minh thì không quá 05 ngày làm việc",
    }
    assert [c["name"] for c in version["components"]] == [
        "Tờ khai đăng ký kết hôn",
        "Giấy xác nhận tình trạng hôn nhân",
    ]


def test_versions_lists_every_version_newest_first(client, catalogue, staff_a):
    client.force_login(staff_a)
    data = client.get(reverse("api:procedure-versions", args=[catalogue.pk])).json()
    assert [(v["number"], v["fees"]) for v in data] == [(2, "Có phí"), (1, "Miễn lệ phí")]


def test_other_province_sees_nothing(client, catalogue, other_coordinator):
    client.force_login(other_coordinator)
    assert client.get(reverse("api:procedure-list")).json()["count"] == 0
    assert client.get(reverse("api:procedure-detail", args=[catalogue.pk])).status_code == 404
    assert client.get(reverse("api:procedure-versions", args=[catalogue.pk])).status_code == 404


def test_procedure_of_unseen_province_is_404_for_agency_user(client, secretary_a):
    other = ProcedureFactory()
    client.force_login(secretary_a)
    assert client.get(reverse("api:procedure-detail", args=[other.pk])).status_code == 404


def test_api_is_read_only_and_needs_login(client, catalogue, coordinator):
    assert client.get(reverse("api:procedure-list")).status_code in (401, 403)
    client.force_login(coordinator)
    assert client.post(reverse("api:procedure-list"), {}).status_code == 405
