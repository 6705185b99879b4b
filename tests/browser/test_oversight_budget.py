"""The coordinator records a budget line (a bad amount is refused first), a training session
with one attendee, and sees the totals on the budget page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import DEMO_PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_coordinator_records_budget_and_training(page, live_server, coordinator, agency_a):
    year = timezone.localdate().year
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("coordinator")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.goto(f"{live_server.url}/oversight/")
    page.get_by_role("link", name="Kinh phí và đào tạo").click()
    form = page.locator("#budget-form")
    form.get_by_label("Cơ quan").select_option(value=str(agency_a.pk))
    form.get_by_label("Mục đích").select_option(label="Chuyển đổi phiên bản tiêu chuẩn")
    form.get_by_label("Dự toán (đồng)").fill("150.000.000")
    form.get_by_label("Được duyệt (đồng)").fill("200.000.000")
    form.get_by_role("button", name="Thêm dòng kinh phí").click()
    expect(page.locator("#budget-form")).to_contain_text("Kinh phí được duyệt không được lớn hơn dự toán.")

    page.locator("#budget-form").get_by_label("Được duyệt (đồng)").fill("120.000.000")
    page.locator("#budget-form").get_by_label("Đã chi (đồng)").fill("30.000.000")
    page.locator("#budget-form").get_by_role("button", name="Thêm dòng kinh phí").click()
    expect(page.get_by_text("Đã thêm dòng kinh phí.")).to_be_visible()

    page.get_by_role("link", name="Lớp đào tạo").first.click()
    page.get_by_label("Chủ đề").fill("Tập huấn chuyển đổi ISO 9001:2015")
    page.get_by_label("Ngày tổ chức").fill(f"15/03/{year}")
    page.get_by_label("Giảng viên").fill("Chi cục TĐC")
    page.get_by_role("button", name="Tạo lớp").click()
    expect(page.get_by_text(f"Ngày 15/03/{year}")).to_be_visible()
    page.get_by_label("Cơ quan").select_option(value=str(agency_a.pk))
    page.get_by_label("Họ và tên").fill("Trần Thị Lan")
    page.get_by_label("Chức vụ").fill("Thư ký ISO")
    page.get_by_label("Có chứng chỉ ISO").check()
    page.get_by_role("button", name="Thêm học viên").click()
    expect(page.locator("#attendees")).to_contain_text("Trần Thị Lan")

    page.get_by_role("link", name="Kinh phí và đào tạo").click()
    expect(page.locator("#budget-totals")).to_contain_text("150.000.000 đ")
    expect(page.locator("#budget-totals")).to_contain_text("120.000.000 đ")
    row = page.locator("#budget-agencies tr", has_text=agency_a.name)
    expect(row).to_contain_text("30.000.000 đ")
    expect(row.locator("td").last).to_have_text("1")
