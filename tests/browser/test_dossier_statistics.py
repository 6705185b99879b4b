"""The province's coordinator opens the dossier statistics from the dossier list, reads the whole
province agency by agency, and narrows it to one agency with the scope picker (issue 18, item 3)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.dossiers.factories import OneStopCounter, at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_opens_province_wide_statistics(page, live_server, coordinator, agency_a, agency_b):
    counter = OneStopCounter(agency_a)
    counter.dossier(agency_a, at(2026, 3, 2), ended=at(2026, 3, 3))
    counter.dossier(agency_b, at(2026, 3, 4))

    log_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/dossiers/")
    page.get_by_role("link", name="Thống kê").click()
    expect(page.get_by_role("heading", name=re.compile("toàn tỉnh"))).to_be_visible()
    page.get_by_label("Từ ngày").fill("01/03/2026")
    page.get_by_label("Đến ngày").fill("31/03/2026")
    page.get_by_role("button", name="Xem").click()
    rows = page.locator("#by-agency tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#by-agency tfoot")).to_contain_text("Tổng cộng")
    page.get_by_label("Phạm vi").select_option(label=agency_b.name)
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("heading", name=re.compile(agency_b.name))).to_be_visible()
    expect(page.locator('[data-figure="received"]')).to_have_text("1")
