"""A person pages through a long dossier list in a browser (issue 16, item 3): "Trang sau" and
"Trang trước" keep the filter, the rows follow each other without a gap or a repeat, and the
count says how many dossiers the filter holds."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from eiso.dossiers.models import Dossier, Status
from tests.browser.test_dossiers import log_in
from tests.dossiers.factories import at, bulk_dossiers, procedure_for

pytestmark = pytest.mark.browser


def _codes(page) -> list[str]:
    return page.locator("table tbody tr td:first-child code").all_inner_texts()


@pytest.mark.django_db(transaction=True)
def test_officer_pages_forward_and_back_with_the_filter_kept(page, live_server, officer_a, agency_a):
    procedure = procedure_for(agency_a, code="1.001193")
    bulk_dossiers(
        agency_a, procedure, 55, start=at(2025, 4, 1), step=timedelta(hours=3), status=Status.IN_PROGRESS
    )
    bulk_dossiers(agency_a, procedure, 20, start=at(2025, 4, 2))
    expected = list(
        Dossier.objects.filter(status=Status.IN_PROGRESS)
        .order_by("-received_at", "-id")
        .values_list("code", flat=True)
    )

    log_in(page, live_server, "officer_a")
    page.goto(f"{live_server.url}/dossiers/")
    page.locator("#id_status").select_option("open")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_test_id("list-count")).to_have_text("55 hồ sơ.")
    first = _codes(page)
    assert first == expected[:25]
    expect(page.get_by_text("« Trang trước")).to_be_visible()  # shown, but not a link on the first page
    assert page.get_by_role("link", name="« Trang trước").count() == 0

    page.get_by_role("link", name="Trang sau »").click()
    assert "status=open" in page.url and "cursor=" in page.url
    expect(page.locator("#id_status")).to_have_value("open")
    assert _codes(page) == expected[25:50]
    page.get_by_role("link", name="Trang sau »").click()
    assert _codes(page) == expected[50:]
    assert page.get_by_role("link", name="Trang sau »").count() == 0

    page.get_by_role("link", name="« Trang trước").click()
    assert _codes(page) == expected[25:50]
    page.get_by_role("link", name="« Trang trước").click()
    assert _codes(page) == first
    expect(page.get_by_test_id("filter-chip")).to_contain_text("Đang giải quyết")
    expect(page.get_by_test_id("list-count")).to_have_text("55 hồ sơ.")
