"""Pages of the catalogue: list, detail with versions, the import flow and form uploads."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eiso.procedures import services
from eiso.procedures.models import Procedure
from eiso.procedures.views.catalogue import PENDING_CATALOGUE
from tests.hostile_files import pdf_bytes
from tests.procedures.factories import ProcedureComponentFactory, ProcedureFactory
from tests.procedures.helpers import BIRTH, MARRIAGE, json_bytes, procedure

pytestmark = pytest.mark.django_db

LIST = reverse("procedures:procedure_list")
IMPORT = reverse("procedures:procedure_import")
CONFIRM = reverse("procedures:procedure_import_confirm")


def upload(data: bytes, name: str = "danh-muc.json"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def seed(province, coordinator, *procedures):
    services.procedure_import(
        data=json_bytes(*procedures), filename="a.json", province=province, actor=coordinator
    )


def test_list_shows_the_province_catalogue_to_agency_staff(client, province, coordinator, staff_a):
    seed(province, coordinator, MARRIAGE, BIRTH)
    client.force_login(staff_a)
    response = client.get(LIST)
    assert response.status_code == 200
    assert "Thủ tục đăng ký kết hôn" in response.text and "Thủ tục đăng ký khai sinh" in response.text
    assert "Nhập danh mục" not in response.text  # only coordinators import


def test_list_search_ignores_diacritics_and_filters_by_level(client, province, coordinator):
    seed(
        province,
        coordinator,
        MARRIAGE,
        BIRTH,
        procedure(code="2.000815", name="Chứng thực bản sao", level="province"),
    )
    client.force_login(coordinator)
    found = client.get(LIST, {"q": "dang ky KET hon"}).text
    assert "Thủ tục đăng ký kết hôn" in found and "Thủ tục đăng ký khai sinh" not in found
    by_level = client.get(LIST, {"level": "province"}).text
    assert "Chứng thực bản sao" in by_level and "Thủ tục đăng ký kết hôn" not in by_level
    assert "Không có thủ tục nào khớp" in client.get(LIST, {"q": "giay phep lai xe"}).text


def test_list_hides_other_provinces(client, province, coordinator, other_coordinator):
    seed(province, coordinator, MARRIAGE)
    client.force_login(other_coordinator)
    assert "Thủ tục đăng ký kết hôn" not in client.get(LIST).text


@pytest.mark.parametrize("rows", [2, 20])
def test_list_query_count_does_not_grow_with_rows(
    rows, client, province, coordinator, django_assert_max_num_queries
):
    for _ in range(rows):
        ProcedureFactory(province=province)
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        assert client.get(LIST).status_code == 200


def test_detail_shows_versions_and_what_changed(client, province, coordinator, secretary_a):
    seed(province, coordinator, MARRIAGE)
    seed(province, coordinator, procedure(fees="Lệ phí 20.000 đồng"))
    marriage = Procedure.objects.get(code="1.000894")
    client.force_login(secretary_a)
    response = client.get(marriage.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    assert "Phiên bản 2 (hiện hành)" in text and "Phiên bản 1" in text
    assert 'data-testid="version-diff"' in text and "Miễn lệ phí" in text and "Lệ phí 20.000 đồng" in text


@pytest.mark.parametrize("user", ["secretary_a", "other_coordinator"])
def test_procedure_of_another_province_is_404(user, client, request):
    other = ProcedureFactory()  # in a province of its own
    client.force_login(request.getfixturevalue(user))
    assert client.get(other.get_absolute_url()).status_code == 404


def test_import_page_is_for_coordinators(client, coordinator, secretary_a, sysadmin):
    client.force_login(coordinator)
    assert client.get(IMPORT).status_code == 200
    for user in (secretary_a, sysadmin):
        client.force_login(user)
        assert client.get(IMPORT).status_code == 403
        assert client.post(CONFIRM, {"token": "x"}).status_code == 403
    client.logout()
    assert client.get(IMPORT).status_code == 302


def test_upload_shows_the_dry_run_and_confirm_imports(client, province, coordinator):
    client.force_login(coordinator)
    response = client.post(IMPORT, {"file": upload(json_bytes(MARRIAGE, BIRTH))})
    assert response.status_code == 200
    assert response.text.count('data-outcome="created"') == 2
    assert 'action="/procedures/import/confirm/"' in response.text
    assert not Procedure.objects.exists()  # a dry run changes nothing

    pending = client.session[PENDING_CATALOGUE.session_key]
    assert default_storage.exists(pending["path"])
    response = client.post(CONFIRM, {"token": pending["token"]})
    assert response.status_code == 302 and response.url == LIST
    assert Procedure.objects.filter(province=province).count() == 2
    assert PENDING_CATALOGUE.session_key not in client.session
    assert not default_storage.exists(pending["path"])  # the temporary copy is removed
    assert "2 thủ tục mới" in client.get(LIST).text


def test_upload_with_a_rejected_row_offers_no_confirmation(client, coordinator):
    client.force_login(coordinator)
    bad = procedure(BIRTH, processing_time={"amount": -1, "unit": "working_days"})
    response = client.post(IMPORT, {"file": upload(json_bytes(MARRIAGE, bad))})
    assert 'data-outcome="rejected"' in response.text
    assert "Thời hạn giải quyết phải lớn hơn 0" in response.text
    assert "không thủ tục nào được nhập" in response.text
    assert 'action="/procedures/import/confirm/"' not in response.text
    assert PENDING_CATALOGUE.session_key not in client.session


def test_upload_of_a_broken_file_reports_it(client, coordinator):
    client.force_login(coordinator)
    response = client.post(IMPORT, {"file": upload(b'{"format": "eiso-tthc/1", "procedures": [')})
    assert "Tệp không phải JSON hợp lệ" in response.text


def test_upload_over_the_limit_is_refused_next_to_the_field(client, coordinator, settings):
    settings.EISO_UPLOAD_MAX_BYTES = 100
    client.force_login(coordinator)
    response = client.post(IMPORT, {"file": upload(json_bytes(MARRIAGE))})
    assert response.status_code == 200
    assert "Tệp quá lớn" in response.text and "invalid-feedback" in response.text


def test_confirm_revalidates_and_refuses_a_stale_token(client, province, coordinator):
    client.force_login(coordinator)
    assert client.get(CONFIRM).status_code == 405
    response = client.post(CONFIRM, {"token": "not-the-token"})
    assert response.status_code == 302 and response.url == IMPORT
    assert not Procedure.objects.exists()


def test_coordinator_attaches_a_form_on_the_detail_page(client, province, coordinator, secretary_a):
    seed(province, coordinator, MARRIAGE)
    component = Procedure.objects.get().current_version.components.get(order=1)
    url = reverse("procedures:component_attach_form", args=[component.pk])
    client.force_login(secretary_a)
    assert client.post(url, {"file": upload(pdf_bytes(), "mau.pdf")}).status_code == 403
    client.force_login(coordinator)
    assert client.get(url).status_code == 405
    response = client.post(url, {"file": upload(pdf_bytes(), "mau.pdf")})
    assert response.status_code == 302
    component.refresh_from_db()
    assert component.form_file
    bad = client.post(url, {"file": upload(b"plain text", "mau.pdf")}, follow=True)
    assert "Nội dung tệp không phải là tệp" in bad.text


def test_form_upload_for_another_province_is_404(client, secretary_a):
    component = ProcedureComponentFactory()
    client.force_login(secretary_a)
    url = reverse("procedures:component_attach_form", args=[component.pk])
    assert client.post(url).status_code == 404


def test_a_new_upload_replaces_the_pending_file(client, coordinator):
    client.force_login(coordinator)
    client.post(IMPORT, {"file": upload(json_bytes(MARRIAGE))})
    first = client.session[PENDING_CATALOGUE.session_key]
    client.post(IMPORT, {"file": upload(json_bytes(BIRTH))})
    second = client.session[PENDING_CATALOGUE.session_key]
    assert first["token"] != second["token"]
    assert not default_storage.exists(first["path"]) and default_storage.exists(second["path"])
    assert client.post(CONFIRM, {"token": first["token"]}).url == IMPORT  # the old dry run is void
    assert not Procedure.objects.exists()
