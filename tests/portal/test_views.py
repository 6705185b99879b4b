"""The public portal: search without diacritics, a page per procedure (and agency), QR, forms."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eiso.orgs.models import Agency
from eiso.procedures import services
from eiso.procedures.models import Procedure
from tests.factories import AgencyFactory, UnitFactory
from tests.procedures.factories import ProcedureFactory
from tests.procedures.helpers import BIRTH, MARRIAGE, json_bytes

pytestmark = pytest.mark.django_db

SEARCH = reverse("portal:search")


@pytest.fixture
def catalogue(province):
    services.procedure_import(
        data=json_bytes(MARRIAGE, BIRTH), filename="a.json", province=province, actor=None
    )
    return {p.code: p for p in Procedure.objects.all()}


def page(code, **params):
    return reverse("portal:procedure_page", args=[code]), params


def test_search_without_diacritics_finds_the_procedure(client, catalogue):
    response = client.get(SEARCH, {"q": "dang ky khai sinh"})
    assert response.status_code == 200
    assert "Thủ tục đăng ký khai sinh" in response.text
    assert "Thủ tục đăng ký kết hôn" not in response.text
    assert "/tthc/1.001193/?tinh=42" in response.text


def test_search_page_lists_everything_without_a_query_and_explains_no_match(client, catalogue):
    assert "Thủ tục đăng ký kết hôn" in client.get(SEARCH).text
    assert "Không tìm thấy thủ tục nào" in client.get(SEARCH, {"q": "giay phep lai xe"}).text


def test_procedure_page_is_public_and_says_what_to_bring(client, catalogue):
    url, params = page("1.000894", tinh=42)
    response = client.get(url, params)
    assert response.status_code == 200
    text = response.text
    for expected in (
        "Thủ tục đăng ký kết hôn",
        "Giấy xác nhận tình trạng hôn nhân",
        "1 ngày làm việc",
        "Miễn lệ phí",
        "60/2014/QH13",
        "Trực tiếp; Trực tuyến một phần",
    ):
        assert expected in text
    assert "<svg" in text and 'data-testid="qr-code"' in text
    assert "Đăng xuất" not in text  # the public layout has no logged-in navigation


def test_procedure_page_for_an_agency_shows_its_one_stop_unit(client, catalogue, province):
    commune = AgencyFactory(province=province, name="UBND xã Thạch Hà", kind=Agency.Kind.COMMUNE)
    UnitFactory(agency=commune, name="Trung tâm Phục vụ hành chính công xã", is_one_stop=True)
    url, _ = page("1.000894")
    for reference in (commune.identifier_code, str(commune.pk)):
        text = client.get(url, {"co-quan": reference}).text
        assert "UBND xã Thạch Hà" in text and "Nộp tại: Trung tâm Phục vụ hành chính công xã" in text
    # Without an agency, the citizen picks one among the province's communes.
    assert f'<option value="{commune.identifier_code}">UBND xã Thạch Hà</option>' in client.get(url).text


def test_qr_code_encodes_the_canonical_page_url(client, catalogue, province):
    commune = AgencyFactory(province=province, kind=Agency.Kind.COMMUNE)
    url, _ = page("1.001193")
    text = client.get(url, {"co-quan": commune.pk}).text
    assert f"http://testserver/tthc/1.001193/?tinh=42&amp;co-quan={commune.identifier_code}" in text


@pytest.mark.parametrize(
    ("code", "params"),
    [
        ("9.999999", {}),
        ("1.000894", {"tinh": "99"}),
        ("1.000894", {"tinh": "abc"}),
        ("1.000894", {"co-quan": "nope"}),
    ],
)
def test_unknown_procedure_province_or_agency_is_404(client, catalogue, code, params):
    url, _ = page(code)
    assert client.get(url, params).status_code == 404


def test_same_code_in_two_provinces_asks_which_province(client, catalogue, other_province):
    ProcedureFactory(province=other_province, code="1.000894")
    url, _ = page("1.000894")
    chooser = client.get(url)
    assert "được công bố ở nhiều tỉnh" in chooser.text
    assert client.get(url, {"tinh": 40}).status_code == 200


def test_form_download_serves_the_attached_form(client, catalogue, settings):
    component = catalogue["1.000894"].current_version.components.get(order=1)
    component.form_file.save("to-khai-ket-hon.pdf", SimpleUploadedFile("x.pdf", b"%PDF-1.4 form"))
    url = reverse("portal:form_download", args=["1.000894", 1])
    response = client.get(url, {"tinh": 42})
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 form"
    assert "attachment" in response["Content-Disposition"]
    assert client.get(reverse("portal:form_download", args=["1.000894", 2]), {"tinh": 42}).status_code == 404
    page_text = client.get(reverse("portal:procedure_page", args=["1.000894"])).text
    assert f"{url}?tinh=42" in page_text
