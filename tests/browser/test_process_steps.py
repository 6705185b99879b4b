"""A secretary writes a process: creates it, adds steps, is refused a step over the legal time,
sees the slack and the flowchart, and submits it for approval."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.procedures.processes import procedure

pytestmark = pytest.mark.browser
DURATION = re.compile(r"^Thời gian( \*)?$")  # not "Đơn vị thời gian" nor "Thời gian lưu"


def add_step(page, name, amount, unit="ngày làm việc"):
    page.get_by_role("link", name="Thêm bước").click()
    page.get_by_label("Tên bước").fill(name)
    page.get_by_label("Người thực hiện").fill("Công chức một cửa")
    page.get_by_label(DURATION).fill(amount)
    page.get_by_label("Đơn vị thời gian").select_option(label=unit)
    page.get_by_role("button", name="Lưu bước").click()


@pytest.mark.django_db(transaction=True)
def test_secretary_writes_a_process_within_the_legal_time(page, live_server, province, secretary_a, unit_a):
    marriage = procedure(province, amount="1", code="1.000894")
    log_in(page, live_server, "secretary_a")
    page.get_by_role("link", name="Quy trình ISO").first.click()
    expect(page.get_by_text("Chưa có quy trình nào.")).to_be_visible()
    page.get_by_role("link", name="Tạo quy trình").first.click()
    page.get_by_label("Ký hiệu quy trình").fill("QT.HT.02")
    page.get_by_label("Tên quy trình").fill("Quy trình đăng ký kết hôn")
    page.get_by_label("Thủ tục hành chính áp dụng").select_option(
        label=f"1.000894 — {marriage.current_version.name}"
    )
    page.get_by_role("button", name="Tạo quy trình").click()
    expect(page.get_by_role("heading", name="Quy trình đăng ký kết hôn")).to_be_visible()

    add_step(page, "Tiếp nhận hồ sơ", "2", "giờ làm việc")
    expect(page.get_by_test_id("time-check")).to_contain_text("còn dư 5,5 giờ làm việc")

    add_step(page, "Thẩm định", "1")
    expect(page.get_by_text(re.compile("vượt 2 giờ làm việc so với thời hạn"))).to_be_visible()
    page.get_by_label(DURATION).fill("0.5")
    page.get_by_role("button", name="Lưu bước").click()
    expect(page.get_by_test_id("step-row")).to_have_count(2)
    expect(page.get_by_test_id("time-check")).to_contain_text("còn dư 1,75 giờ làm việc")
    expect(page.get_by_test_id("flowchart").locator("svg")).to_be_visible()
    expect(page.get_by_test_id("flowchart")).to_contain_text("Thẩm định")

    process_url = page.url
    page.get_by_role("button", name="Trình duyệt").click()
    # The version's page: the step table became its content.
    expect(page.get_by_text("Đã trình duyệt")).to_be_visible()
    expect(page.get_by_test_id("version-status")).to_contain_text("Đang trình duyệt")
    expect(page.get_by_test_id("version-body")).to_contain_text("Thẩm định")
    page.goto(process_url)
    expect(page.get_by_test_id("process-version-status")).to_have_text("Đang trình duyệt")
    expect(page.get_by_role("link", name="Thêm bước")).to_have_count(0)
    expect(page.get_by_role("button", name="Trình duyệt")).to_have_count(0)
