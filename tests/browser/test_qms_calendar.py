"""The QMS calendar in the browser (issue 21, item 4): the secretary sees an overdue item on the
dashboard and on the Lịch HTQLCL page, makes the feed link, copies it and regenerates it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.documents.factories import DocumentFactory
from tests.improvement.factories import ScheduleFactory

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_secretary_sees_an_overdue_item_and_copies_then_regenerates_the_feed_link(
    page, live_server, secretary_a, agency_a
):
    today = timezone.localdate()
    DocumentFactory(
        agency=agency_a, code="QT-07", title="Quy trình chứng thực", next_review_on=today - timedelta(days=20)
    )
    ScheduleFactory(
        agency=agency_a, owner=secretary_a, title="Tập huấn ISO", next_due_on=today + timedelta(days=10)
    )
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    log_in(page, live_server, "secretary_a")
    card = page.get_by_test_id("calendar-card")
    # The document, and last year's internal audit and management review that the agency never held.
    expect(card.get_by_text("3 việc định kỳ HTQLCL đã quá hạn")).to_be_visible()
    card.get_by_role("link", name="Xem lịch HTQLCL").click()

    expect(page.get_by_role("heading", name="Lịch HTQLCL — Sở Khoa học và Công nghệ")).to_be_visible()
    overdue = page.get_by_test_id("calendar-overdue")
    expect(
        overdue.get_by_role("link", name="Xem xét định kỳ tài liệu QT-07 — Quy trình chứng thực")
    ).to_be_visible()
    expect(overdue).to_contain_text((today - timedelta(days=20)).strftime("%d/%m/%Y"))
    expect(page.get_by_test_id("calendar-upcoming").get_by_role("link", name="Tập huấn ISO")).to_be_visible()

    page.get_by_role("button", name="Tạo liên kết lịch").click()
    link = page.get_by_test_id("feed-url")
    first = link.input_value()
    assert first.startswith(f"{live_server.url}/improvement/calendar/feed/") and first.endswith(".ics")
    page.get_by_role("button", name="Sao chép").click()
    expect(page.get_by_role("button", name="Đã sao chép")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == first
    feed = page.request.get(first)
    assert feed.ok and "BEGIN:VCALENDAR" in feed.text() and "QT-07" in feed.text()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Tạo liên kết mới").click()
    expect(page.get_by_text("Đã tạo liên kết lịch mới")).to_be_visible()
    second = page.get_by_test_id("feed-url").input_value()
    assert second != first
    assert page.request.get(first).status == 404
    assert page.request.get(second).ok
