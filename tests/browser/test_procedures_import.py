"""A coordinator imports a catalogue file: dry-run report, confirmation, catalogue."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import DEMO_PASSWORD
from tests.procedures.helpers import BIRTH, MARRIAGE, json_bytes, procedure


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_uploads_checks_and_confirms_a_catalogue(
    page, live_server, coordinator, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    good = tmp_path / "danh-muc.json"
    good.write_bytes(json_bytes(MARRIAGE, BIRTH))
    bad = tmp_path / "danh-muc-loi.json"
    bad.write_bytes(
        json_bytes(MARRIAGE, procedure(BIRTH, processing_time={"amount": 0, "unit": "working_days"}))
    )

    log_in(page, live_server, "coordinator")
    page.get_by_role("link", name="Thủ tục hành chính").click()
    expect(page.get_by_text("Danh mục chưa có thủ tục nào.")).to_be_visible()
    page.get_by_role("link", name="Nhập danh mục").first.click()

    # A file with a rejected procedure: the reason is shown and nothing can be confirmed.
    page.get_by_label("Tệp danh mục thủ tục").set_input_files(str(bad))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    report = page.get_by_test_id("import-report")
    expect(report).to_contain_text("Thời hạn giải quyết phải lớn hơn 0")
    expect(report).to_contain_text("không thủ tục nào được nhập")
    expect(page.get_by_role("button", name="Xác nhận nhập")).to_have_count(0)

    # The corrected file: two procedures to create, then the confirmation.
    page.get_by_label("Tệp danh mục thủ tục").set_input_files(str(good))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(report.locator("tr[data-outcome=created]")).to_have_count(2)
    expect(report).to_contain_text("Thủ tục đăng ký kết hôn")
    page.screenshot(path=str(tmp_path / "dry-run.png"), full_page=True)
    page.get_by_role("button", name="Xác nhận nhập").click()

    expect(page).to_have_url(re.compile(r"/procedures/$"))
    expect(page.get_by_text("2 thủ tục mới")).to_be_visible()
    expect(page.get_by_role("link", name="Thủ tục đăng ký kết hôn")).to_be_visible()
    expect(page.get_by_role("link", name="Thủ tục đăng ký khai sinh")).to_be_visible()
    page.get_by_role("link", name="Thủ tục đăng ký kết hôn").click()
    expect(page.get_by_role("heading", name="Thủ tục đăng ký kết hôn")).to_be_visible()
    expect(page.get_by_text("Phiên bản 1 (hiện hành)")).to_be_visible()
