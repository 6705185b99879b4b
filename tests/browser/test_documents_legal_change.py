"""A legal change in the browser: the coordinator marks a legal document replaced; the secretary
of an agency citing it sees the update task with its deadline, and closes it by linking the new
version."""

import datetime

import pytest
from playwright.sync_api import expect

from eiso.documents.models import DocumentVersion
from tests.documents.factories import (
    DocumentFactory,
    DocumentVersionFactory,
    LegalCitationFactory,
    LegalDocumentFactory,
    published_version,
)
from tests.factories import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.mark.django_db(transaction=True)
def test_coordinator_marks_replaced_and_secretary_closes_task(
    page, live_server, coordinator, secretary_a, agency_a
):
    province = agency_a.province
    old = LegalDocumentFactory(province=province, number="61/2018/NĐ-CP", title="Về thực hiện cơ chế một cửa")
    LegalDocumentFactory(
        province=province,
        number="118/2025/NĐ-CP",
        title="Về thực hiện TTHC theo cơ chế một cửa",
        issued_on=datetime.date(2025, 6, 9),
        effective_on=datetime.date(2025, 7, 1),
    )
    document = DocumentFactory(agency=agency_a, code="QT-07", title="Quy trình tiếp nhận hồ sơ hộ tịch")
    LegalCitationFactory(target=document, legal_document=old)
    published_version(document, number=1)
    DocumentVersionFactory(document=document, number=2, status=DocumentVersion.Status.APPROVED)

    log_in(page, live_server, "coordinator")
    page.locator(".navbar").get_by_role("link", name="Văn bản pháp luật").click()
    page.get_by_role("link", name="61/2018/NĐ-CP").click()
    expect(page.get_by_test_id("citations")).to_contain_text("Quy trình tiếp nhận hồ sơ hộ tịch")
    change = page.get_by_test_id("legal-change")
    change.get_by_test_id("legal_document-mark_replaced-open").click()
    change.get_by_label("Văn bản thay thế").select_option(label="118/2025/NĐ-CP")
    page.once("dialog", lambda dialog: dialog.accept())
    change.get_by_role("button", name="Ghi nhận bị thay thế").click()
    expect(page.get_by_text("các cơ quan viện dẫn đã được giao nhiệm vụ cập nhật")).to_be_visible()
    expect(page.get_by_test_id("legal-status")).to_contain_text("Đã bị thay thế")
    expect(page.get_by_test_id("legal-change")).to_have_count(0)

    log_in(page, live_server, "secretary_a")
    page.locator(".navbar").get_by_role("link", name="Văn bản pháp luật").click()
    page.get_by_role("link", name="Nhiệm vụ cập nhật").click()
    row = page.get_by_test_id("task-table").locator("tr", has_text="61/2018/NĐ-CP")
    expect(row).to_contain_text("01/10/2025")
    expect(row).to_have_class("table-danger")
    row.get_by_role("link", name="61/2018/NĐ-CP").click()
    expect(page.get_by_test_id("task-due")).to_contain_text("Hạn cập nhật: 01/10/2025")
    expect(page.get_by_test_id("task-items")).to_contain_text("QT-07")
    page.get_by_label("Tài liệu: QT-07 — Quy trình tiếp nhận hồ sơ hộ tịch").select_option(
        label="QT-07 — lần 2"
    )
    page.get_by_role("button", name="Hoàn thành nhiệm vụ").click()
    expect(page.get_by_text("Đã hoàn thành nhiệm vụ cập nhật")).to_be_visible()
    expect(page.get_by_test_id("task-status")).to_contain_text("Đã hoàn thành")
    expect(page.get_by_test_id("task-items")).to_contain_text("Đã cập nhật")
