"""Statistics, delay accountability and the statistics export for an agency or for the whole
province (issue 18, item 3): the province's readers choose an agency or "Toàn tỉnh"; the province
view has one row per agency and a total, counted by the one counting selector."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from eiso.dossiers import selectors, services
from tests.dossiers.factories import at, procedure_for, process_for
from tests.dossiers.test_views import receive
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

PERIOD = {"tu": "01/03/2026", "den": "31/03/2026"}


@pytest.fixture
def two_agencies(officer_a, agency_a, agency_b, unit_a, staff_a):
    """Agency A: two dossiers, one resolved late after an overrun step; agency B: one dossier."""
    procedure_a = procedure_for(agency_a, code="1.001193")
    process_for(agency_a, procedure_a, [("Thẩm định", 2, unit_a, None)])
    late = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    step = late.steps.get()
    services.step_start(step=step, actor=staff_a, at=at(2026, 3, 2, 9))
    services.step_finish(step=step, actor=staff_a, at=at(2026, 3, 9, 9))
    services.dossier_result_ready(dossier=late, actor=officer_a, at=at(2026, 3, 9, 10))
    receive(officer_a, agency_a, procedure_a, at(2026, 3, 3, 9))
    officer_b = MembershipFactory(agency=agency_b, role="one_stop_officer").user
    procedure_b = procedure_for(agency_b, code="2.000001")
    receive(officer_b, agency_b, procedure_b, at(2026, 3, 4, 9))
    return late


@pytest.mark.parametrize("reader", ["coordinator", "steering", "sysadmin"])
def test_province_reader_sees_statistics_of_the_whole_province_agency_by_agency(
    client, request, reader, two_agencies, agency_a, agency_b
):
    client.force_login(request.getfixturevalue(reader))
    response = client.get(reverse("dossiers:statistics"), PERIOD)
    assert response.status_code == 200
    body = response.content.decode()
    assert "toàn tỉnh" in body and 'data-testid="scope-picker"' in body
    rows = {row["agency_id"]: row for row in response.context["by_agency"]}
    # The same selector, per agency, gives each row: one counting rule.
    for agency in (agency_a, agency_b):
        alone = selectors.dossier_stats(
            agencies=agency, start=at(2026, 3, 1).date(), end=at(2026, 3, 31).date()
        )
        assert {key: rows[agency.pk][key] for key in alone} == alone
    assert response.context["total"]["received"] == 3
    assert 'data-row="total"' in body and agency_a.name in body and agency_b.name in body


def test_province_reader_picks_an_agency(client, coordinator, two_agencies, agency_a, agency_b):
    client.force_login(coordinator)
    response = client.get(reverse("dossiers:statistics"), {"agency": agency_b.pk, **PERIOD})
    assert response.status_code == 200
    assert response.context["scope"].agency == agency_b
    assert response.context["total"]["received"] == 1
    assert "Theo phòng/ban xử lý" in response.content.decode()


def test_province_reader_exports_the_province_with_one_row_per_agency(
    client, coordinator, two_agencies, agency_a, agency_b
):
    client.force_login(coordinator)
    response = client.get(reverse("dossiers:statistics_export"), PERIOD)
    assert response.status_code == 200
    assert "toan-tinh" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [row[0] for row in sheet.iter_rows(max_col=2, values_only=True)]
    firsts = [str(value) for value in cells if value]
    assert agency_a.name in firsts and agency_b.name in firsts and "Tổng cộng" in firsts
    total_row = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Tổng cộng")
    assert total_row[1] == 3  # received, as on the page


def test_province_reader_sees_delays_of_the_whole_province(client, coordinator, two_agencies, agency_a):
    client.force_login(coordinator)
    response = client.get(reverse("dossiers:delay_report"), PERIOD)
    assert response.status_code == 200
    assert [row["agency_id"] for row in response.context["ranking"]["agencies"]] == [agency_a.pk]
    assert two_agencies.code in response.content.decode()


def test_province_reader_reads_one_agency_delays_by_unit(client, coordinator, two_agencies, agency_a, unit_a):
    client.force_login(coordinator)
    response = client.get(
        reverse("dossiers:delay_report"), {"agency": agency_a.pk, "unit": unit_a.pk, **PERIOD}
    )
    assert response.status_code == 200
    assert response.context["unit"] == unit_a


def test_the_tracking_book_is_an_agency_book(client, coordinator, two_agencies, agency_a):
    client.force_login(coordinator)
    page = client.get(reverse("dossiers:statistics"), PERIOD).content.decode()
    assert reverse("dossiers:tracking_book_export") not in page
    response = client.get(reverse("dossiers:tracking_book_export"), {"agency": agency_a.pk, **PERIOD})
    assert response.status_code == 200


def test_agency_reader_keeps_to_the_agency(client, secretary_a, staff_b, two_agencies, agency_a):
    client.force_login(secretary_a)
    page = client.get(reverse("dossiers:statistics"), PERIOD)
    assert page.status_code == 200 and page.context["scope"].agency == agency_a
    assert 'data-testid="scope-picker"' not in page.content.decode()
    assert client.get(reverse("dossiers:statistics"), {"pham_vi": "tinh"}).status_code == 403
    client.force_login(staff_b)
    assert client.get(reverse("dossiers:statistics"), {"agency": agency_a.pk}).status_code == 404
    assert client.get(reverse("dossiers:statistics_export"), {"agency": agency_a.pk}).status_code == 404


def test_other_province_coordinator_cannot_read_our_agency(client, other_coordinator, two_agencies, agency_a):
    client.force_login(other_coordinator)
    assert client.get(reverse("dossiers:delay_report"), {"agency": agency_a.pk}).status_code == 404
