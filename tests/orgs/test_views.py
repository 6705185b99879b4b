"""Pages of the orgs app."""

import pytest

from eiso.orgs.models import Agency, Unit

pytestmark = pytest.mark.django_db


def test_coordinator_lists_and_searches_agencies_without_diacritics(client, coordinator, agency_a, agency_b):
    client.force_login(coordinator)
    page = client.get("/orgs/agencies/", {"q": "khoa hoc"}).content.decode()
    assert agency_a.name in page and agency_b.name not in page


def test_htmx_filter_returns_only_the_table(client, coordinator, agency_a):
    client.force_login(coordinator)
    response = client.get("/orgs/agencies/", {"q": ""}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode() and agency_a.name in response.content.decode()


def test_agency_user_sees_only_their_agency(client, secretary_a, agency_a, agency_b):
    client.force_login(secretary_a)
    page = client.get("/orgs/agencies/").content.decode()
    assert agency_a.name in page and agency_b.name not in page
    assert "Thêm cơ quan" not in page


def test_administrator_creates_an_agency_and_bad_input_is_kept(client, sysadmin, province, agency_a):
    client.force_login(sysadmin)
    data = {
        "name": "UBND phường Mới",
        "kind": "commune",
        "obligation": "mandatory",
        "identifier_code": agency_a.identifier_code,
        "active_from": "01/07/2025",
        "active_to": "30/06/2025",
    }
    page = client.post("/orgs/agencies/new/", data).content.decode()
    assert "Ngày ngừng hoạt động phải sau ngày bắt đầu" in page
    assert 'value="UBND phường Mới"' in page
    data["active_to"] = ""
    page = client.post("/orgs/agencies/new/", data).content.decode()
    assert "Mã định danh này đã được dùng" in page
    data["identifier_code"] = "000.77.30.H42"
    response = client.post("/orgs/agencies/new/", data)
    agency = Agency.objects.get(identifier_code="000.77.30.H42")
    assert response.status_code == 302 and response.url == agency.get_absolute_url()


def test_secretary_may_not_open_the_agency_form(client, secretary_a, agency_a):
    client.force_login(secretary_a)
    assert client.get(f"/orgs/agencies/{agency_a.pk}/edit/").status_code == 403
    assert client.get("/orgs/agencies/new/").status_code == 403


def test_administrator_adds_edits_and_deactivates_a_unit(client, sysadmin, agency_a, unit_a):
    client.force_login(sysadmin)
    page = client.post(f"/orgs/agencies/{agency_a.pk}/units/new/", {"name": unit_a.name}).content.decode()
    assert "đã có phòng/ban mang tên này" in page
    client.post(f"/orgs/agencies/{agency_a.pk}/units/new/", {"name": "Phòng Pháp chế", "code": "PC"})
    unit = Unit.objects.get(name="Phòng Pháp chế")
    client.post(f"/orgs/units/{unit.pk}/edit/", {"name": "Phòng Pháp chế - Tổng hợp", "code": "PC"})
    unit.refresh_from_db()
    assert unit.name == "Phòng Pháp chế - Tổng hợp"
    page = client.post(f"/orgs/units/{unit.pk}/deactivate/", follow=True).content.decode()
    assert "đã ngừng hoạt động" in page


def test_merge_page_records_lineage(client, sysadmin, agency_a, agency_b):
    client.force_login(sysadmin)
    data = {
        "kind": "merge",
        "successor": agency_b.pk,
        "effective_on": "01/07/2025",
        "decision": "QĐ 1/QĐ-UBND",
    }
    page = client.post(f"/orgs/agencies/{agency_a.pk}/merge/", data, follow=True).content.decode()
    assert "Đã ghi nhận việc sắp xếp cơ quan" in page and agency_a.name in page
