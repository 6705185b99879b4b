"""The shell of eISO as people use it: log in, see one's dashboard, log out; the administrator
manages units and users through the pages."""

import re

import pytest
from playwright.sync_api import expect

from eiso.accounts import demo as accounts_demo
from eiso.accounts.demo import DEMO_PASSWORD
from eiso.orgs import demo as orgs_demo
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# username -> the role label its dashboard names
DEMO_ROLES = {
    "admin": "Quản trị hệ thống",
    "coordinator": "Sở KH&CN (điều phối ISO)",
    "steering": "Thành viên Ban chỉ đạo ISO",
    "secretary": "Thư ký ISO",
    "leader": "Lãnh đạo cơ quan",
    "staff": "Cán bộ, công chức",
    "officer": "Cán bộ một cửa",
    "auditor": "Đánh giá viên nội bộ",
    "secretary2": "Thư ký ISO",
}


@pytest.fixture
def demo_province(transactional_db):
    orgs_demo.load(lambda message: None)
    accounts_demo.load(lambda message: None)


def test_every_demo_user_logs_in_sees_their_dashboard_and_logs_out(page, live_server, demo_province):
    for username, role_label in DEMO_ROLES.items():
        log_in(page, live_server, username, DEMO_PASSWORD)
        expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
        expect(page.get_by_test_id("role-label")).to_have_text(role_label)
        page.get_by_test_id("user-menu").click()
        page.get_by_role("button", name="Đăng xuất").click()
        expect(page.get_by_text("Bạn đã đăng xuất.")).to_be_visible()
        expect(page).to_have_url(re.compile("/accounts/login/"))


def test_wrong_password_shows_the_vietnamese_error(page, live_server, demo_province):
    log_in(page, live_server, "secretary", "sai-mat-khau")
    expect(page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.")).to_be_visible()
    expect(page).to_have_url(re.compile("/accounts/login/"))


def test_administrator_creates_a_unit_and_a_user_who_then_logs_in(page, live_server, demo_province):
    log_in(page, live_server, "admin", DEMO_PASSWORD)
    page.get_by_role("link", name="Cơ quan, đơn vị").first.click()
    page.get_by_placeholder(re.compile("Tìm theo tên")).fill("so tu phap")
    expect(page.get_by_test_id("agency-table").get_by_role("row")).to_have_count(2)
    page.get_by_role("link", name="Sở Tư pháp tỉnh Hà Tĩnh").click()

    page.get_by_role("link", name="Thêm phòng/ban").click()
    page.get_by_label("Tên phòng/ban/bộ phận").fill("Phòng Hành chính tư pháp")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Cơ quan đã có phòng/ban mang tên này.")).to_be_visible()
    page.get_by_label("Tên phòng/ban/bộ phận").fill("Phòng Pháp chế")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã thêm Phòng Pháp chế.")).to_be_visible()
    expect(page.get_by_test_id("unit-table")).to_contain_text("Phòng Pháp chế")

    page.get_by_role("button", name="Quản trị").click()
    page.get_by_role("link", name="Người dùng và vai trò").click()
    page.get_by_role("link", name="Thêm người dùng").click()
    page.get_by_label("Tên đăng nhập").fill("phapche1")
    page.get_by_label("Họ và tên").fill("Lý Thị Pháp")
    page.get_by_label("Mật khẩu", exact=True).fill("Phap-che-2026!")
    page.get_by_label("Nhập lại mật khẩu").fill("Phap-che-2026!")
    page.get_by_label("Vai trò").select_option(label="Cán bộ, công chức")
    page.get_by_label("Cơ quan", exact=True).select_option(label="Sở Tư pháp tỉnh Hà Tĩnh")
    page.get_by_label("Phòng/ban", exact=True).select_option(label="Phòng Pháp chế")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã tạo tài khoản phapche1.")).to_be_visible()
    expect(page.get_by_test_id("memberships")).to_contain_text(
        "Cán bộ, công chức — Sở Tư pháp tỉnh Hà Tĩnh · Phòng Pháp chế"
    )

    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, live_server, "phapche1", "Phap-che-2026!")
    expect(page.get_by_test_id("role-label")).to_have_text("Cán bộ, công chức")


def test_administrator_adds_a_compensatory_day_to_the_calendar(page, live_server, demo_province):
    log_in(page, live_server, "admin", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/calendar/?year=2027")
    expect(page.get_by_test_id("year-days")).to_contain_text("Tết Nguyên Đán")
    form = page.get_by_test_id("day-form")
    form.get_by_label("Ngày").fill("11/02/2027")
    form.get_by_label("Tên / lý do").fill("Nghỉ bù Tết Đinh Mùi")
    form.get_by_label("Căn cứ").fill("Thông báo của Bộ Nội vụ")
    form.get_by_role("button", name="Thêm ngày").click()
    expect(page.get_by_text("Đã thêm ngày 11/02/2027: Nghỉ bù Tết Đinh Mùi.")).to_be_visible()
    expect(page.get_by_test_id("announced-days")).to_contain_text("11/02/2027")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("announced-days").get_by_role("button", name="Xóa").click()
    expect(page.get_by_text("Đã xóa ngày 11/02/2027 khỏi lịch.")).to_be_visible()
