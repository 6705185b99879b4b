"""The gap checklist in the browser (issue 21): the secretary starts the move to the newer edition,
reads the new and changed requirements with eISO's evidence or "chưa có", and draws up the plan."""

import pytest
from playwright.sync_api import expect

from tests.factories import DEMO_PASSWORD
from tests.orgs.factories import newer

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_secretary_starts_a_transition_reads_the_gap_checklist_and_plans_it(page, live_server, secretary_a):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("secretary_a")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.get_by_role("link", name="Cải tiến").first.click()
    page.get_by_role("link", name="Chuyển đổi phiên bản").click()
    expect(page.get_by_test_id("transition-state")).to_have_text("Chưa chuyển đổi")
    gap = page.get_by_test_id("gap")
    expect(gap.locator("tr[data-clause='6.1.3']")).to_contain_text("chưa có")

    page.get_by_label("Chuyển sang phiên bản").select_option(label=str(newer()))
    page.get_by_label("Ngày bắt đầu").fill("01/10/2026")
    page.get_by_test_id("start").click()
    expect(page.get_by_test_id("transition-state")).to_have_text("Đang chuyển đổi")
    expect(page.get_by_test_id("gap-missing")).to_have_text("6")

    page.get_by_test_id("plan").click()
    tasks = page.get_by_test_id("plan-tasks")
    expect(tasks).to_contain_text("Đáp ứng điều khoản 6.1.3")
    expect(tasks).to_contain_text("/11/2026")
