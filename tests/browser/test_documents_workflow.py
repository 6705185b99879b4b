"""Document control in the browser: a secretary drafts and submits, the unit head and the leader
approve, the secretary publishes and asks unit A to read, staff acknowledge, and the secretary
sees who has not read yet."""

import re

import pytest
from playwright.sync_api import expect

from eiso.core.roles import Role
from tests.browser.helpers import rich_text_editor
from tests.factories import DEMO_PASSWORD, MembershipFactory

pytestmark = pytest.mark.browser


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.mark.django_db(transaction=True)
def test_draft_approve_publish_and_acknowledge(
    page, live_server, secretary_a, leader_a, staff_a, unit_a, agency_a
):
    MembershipFactory(
        agency=agency_a, role=Role.STAFF, unit=unit_a, is_unit_head=True, user__username="unit_head_a"
    )
    late_reader = MembershipFactory(
        agency=agency_a,
        role=Role.STAFF,
        unit=unit_a,
        user__username="late_reader",
        user__full_name="Lê Văn Chậm",
    ).user

    # The secretary registers the document and writes the first draft.
    log_in(page, live_server, "secretary_a")
    page.locator(".navbar").get_by_role("link", name="Tài liệu").click()
    page.get_by_role("link", name="Thêm tài liệu").first.click()
    page.get_by_label("Mã tài liệu").fill("QT-10")
    page.get_by_label("Tên tài liệu").fill("Quy trình tiếp nhận hồ sơ")
    page.get_by_label("Loại tài liệu").select_option(label="Quy trình")
    page.get_by_label("Đơn vị chủ trì").select_option(label=unit_a.name)
    page.get_by_role("button", name="Tạo tài liệu và mở dự thảo").click()
    expect(page.get_by_text("Đã tạo tài liệu QT-10")).to_be_visible()
    page.get_by_role("link", name="Sửa dự thảo").click()
    rich_text_editor(page, "Nội dung").click()
    page.keyboard.type("Bước 1: tiếp nhận hồ sơ")
    page.keyboard.press("Enter")
    page.keyboard.type("Bước 2: thẩm định")
    page.get_by_label("Tóm tắt nội dung sửa đổi").fill("Ban hành lần đầu")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_test_id("version-body")).to_contain_text("Bước 2: thẩm định")
    page.get_by_role("button", name="Trình duyệt").click()
    expect(page.get_by_test_id("version-status")).to_contain_text("Đang trình duyệt")
    expect(page.get_by_test_id("version-status")).to_contain_text("Trưởng phòng/ban chủ trì")
    version_url = page.url

    # The leader signs the second step: before the unit head has signed, the form waits.
    log_in(page, live_server, "leader_a")
    page.goto(version_url)
    expect(page.get_by_test_id("document_version-approve-why")).to_contain_text("Chưa đến lượt bạn")
    expect(page.get_by_test_id("document_version-approve")).to_be_disabled()

    # The unit head finds it on the home page and approves; then the leader.
    log_in(page, live_server, "unit_head_a")
    page.get_by_test_id("documents-card").get_by_role("link", name=re.compile("QT-10")).click()
    page.get_by_label("Ý kiến").fill("Đồng ý ban hành")
    page.get_by_role("button", name="Phê duyệt").click()
    expect(page.get_by_text("Đã ghi ý kiến đồng ý")).to_be_visible()
    expect(page.get_by_test_id("version-status")).to_contain_text("Lãnh đạo cơ quan")

    log_in(page, live_server, "leader_a")
    page.get_by_test_id("documents-card").get_by_role("link", name=re.compile("QT-10")).click()
    page.get_by_role("button", name="Phê duyệt").click()
    expect(page.get_by_test_id("version-status")).to_contain_text("Đã phê duyệt")
    expect(page.get_by_test_id("signoffs")).to_contain_text("Đồng ý ban hành")

    # The secretary publishes it and asks unit A to read it.
    log_in(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}/documents/")
    page.get_by_role("link", name="Quy trình tiếp nhận hồ sơ").click()
    page.get_by_test_id("versions").get_by_role("link", name="Lần 1").click()
    page.get_by_label(unit_a.name).check()
    page.get_by_role("button", name="Ban hành").click()
    expect(page.get_by_test_id("version-status")).to_contain_text("Đang hiệu lực")
    expect(page.get_by_test_id("read-count")).to_contain_text("0/3")

    # A staff member reads it from the home page.
    log_in(page, live_server, "staff_a")
    page.get_by_test_id("documents-card").get_by_role("link", name=re.compile("QT-10")).click()
    page.get_by_role("button", name="Tôi đã đọc và hiểu").click()
    expect(page.get_by_text("Bạn đã xác nhận đọc phiên bản này")).to_be_visible()

    # The secretary sees who has and has not read.
    log_in(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}/documents/")
    page.get_by_role("link", name="Quy trình tiếp nhận hồ sơ").click()
    page.get_by_test_id("versions").get_by_role("link", name="Lần 1").click()
    page.get_by_role("link", name="Ai đã đọc, ai chưa đọc").click()
    expect(page.get_by_test_id("read")).to_contain_text(str(staff_a))
    expect(page.get_by_test_id("unread")).to_contain_text(str(late_reader))
    expect(page.get_by_test_id("unread")).not_to_contain_text(str(staff_a))
