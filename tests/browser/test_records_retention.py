"""Records and retention in a browser: deleting a record under retention shows the rule that refuses
it; the secretary proposes the expired records as a disposal list and the leader approves it; the
archive package of a year is built, downloaded and verified."""

from datetime import date

import pytest
from playwright.sync_api import expect

from eiso.core import archive
from eiso.improvement.models import InternalAudit
from tests.browser.helpers import log_in
from tests.core.records_helpers import audit_acknowledged

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_secretary_proposes_the_disposal_list_and_the_leader_approves_it(
    page, live_server, agency_a, secretary_a, leader_a
):
    kept = audit_acknowledged(agency_a, date(2025, 3, 10))
    expired = audit_acknowledged(agency_a, date(2019, 6, 1))
    page.on("dialog", lambda dialog: dialog.accept())

    # Deleting a record under retention is refused with the rule and the date.
    log_in(page, live_server, "secretary_a")
    page.get_by_role("link", name="Hồ sơ lưu trữ").click()
    page.get_by_label("Loại hồ sơ").select_option("improvement.internal_audit")
    page.get_by_role("button", name="Xem").click()
    page.get_by_test_id("record-row").filter(has_text=kept.code).get_by_test_id("record-delete").click()
    expect(page.locator(".alert-danger")).to_contain_text(
        "Không xoá được: hồ sơ đánh giá nội bộ (kế hoạch, danh mục kiểm tra, báo cáo) phải lưu 05 năm"
    )
    expect(page.locator("body")).to_contain_text("đến 31/12/2030")

    # The disposal list holds the expired audit only; the secretary proposes it.
    page.get_by_test_id("tab-disposal").click()
    expect(page.get_by_test_id("expired-row")).to_have_count(1)
    expect(page.get_by_test_id("expired-row")).to_contain_text(expired.code)
    page.get_by_test_id("propose").click()
    expect(page.get_by_test_id("disposal-status")).to_contain_text("Chờ lãnh đạo duyệt")
    disposal_url = page.url

    # The leader approves: the audit is destroyed, its register line stays.
    page.context.clear_cookies()
    log_in(page, live_server, "leader_a")
    page.goto(disposal_url)
    page.get_by_label("Số quyết định huỷ tài liệu hết giá trị").fill("07/QĐ-HUY")
    page.get_by_test_id("disposal_list-approve").click()
    expect(page.get_by_test_id("disposal-status")).to_contain_text("Đã duyệt, đã huỷ")
    expect(page.get_by_test_id("disposal-item")).to_contain_text(expired.code)
    assert not InternalAudit.objects.filter(pk=expired.pk).exists()
    assert InternalAudit.objects.filter(pk=kept.pk).exists()

    # Nothing else has expired: the page says so.
    page.goto(f"{live_server.url}/records/disposals/")
    expect(page.get_by_test_id("nothing-expired")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_the_archive_package_is_built_downloaded_and_verified(
    page, live_server, agency_a, secretary_a, tmp_path
):
    audit_acknowledged(agency_a, date(2025, 3, 10))
    audit_acknowledged(agency_a, date(2025, 10, 2))

    log_in(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}/records/")
    page.get_by_test_id("tab-archive").click()
    expect(page.get_by_test_id("no-packages")).to_be_visible()
    page.get_by_label("Năm").fill("2025")
    page.get_by_test_id("package-request").click()
    row = page.get_by_test_id("package-row")
    expect(row).to_contain_text("Đã tạo gói")
    with page.expect_download() as download_info:
        row.get_by_test_id("package-download").click()
    saved = tmp_path / "goi.zip"
    download_info.value.save_as(saved)
    with saved.open("rb") as stream:
        result = archive.verify(stream)
    assert (result.problems, result.records) == ([], 2)

    page.get_by_role("link", name="Kiểm tra gói").click()
    page.get_by_label("Gói lưu trữ (.zip)").set_input_files(saved)
    page.get_by_test_id("verify").click()
    expect(page.get_by_test_id("verify-ok")).to_contain_text("Gói hợp lệ: 2 hồ sơ")
