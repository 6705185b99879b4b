"""The coordinator plans the year, inspects and scores an agency, ranks, and issues the six-month
report; the steering member reads it but cannot change anything. The inspected agency reports its
corrective action on a follow-up; the coordinator sends it back once, then accepts it."""

from datetime import date

import docx
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from eiso.oversight.models import Inspection, Report
from tests.browser.helpers import rich_text_editor
from tests.factories import DEMO_PASSWORD
from tests.oversight.factories import FollowUpFactory, InspectionFactory

pytestmark = pytest.mark.browser


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.mark.django_db(transaction=True)
def test_coordinator_plans_inspects_scores_ranks_and_reports(
    page, live_server, coordinator, steering, agency_a, agency_b, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    year = timezone.localdate().year
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, "coordinator")

    # The year's rollout plan, with one agency converting to the 2015 edition.
    page.goto(f"{live_server.url}/oversight/plans/")
    page.get_by_label("Tên kế hoạch").fill(f"Kế hoạch ISO năm {year}")
    page.get_by_role("button", name="Lập kế hoạch").click()
    expect(page.get_by_role("heading", name=f"Kế hoạch ISO năm {year}")).to_be_visible()
    page.get_by_label("Cơ quan").select_option(label=agency_a.name)
    page.get_by_label("Nhiệm vụ trong năm").select_option(label="Chuyển đổi phiên bản tiêu chuẩn")
    page.get_by_label("Đơn vị tư vấn").fill("Trung tâm Tư vấn ISO")
    expect(page.get_by_test_id("rollout_plan-approve-why")).to_contain_text("chưa có cơ quan nào")
    page.get_by_role("button", name="Thêm", exact=True).click()
    expect(page.locator("#entries")).to_contain_text("Trung tâm Tư vấn ISO")
    page.get_by_role("button", name="Ghi nhận phê duyệt").click()
    expect(page.locator("#plan-status")).to_contain_text("Đã phê duyệt")

    # A small criteria set: one group, one item worth 10 points.
    page.get_by_role("link", name="Bộ tiêu chí").first.click()
    page.get_by_label("Tên bộ tiêu chí").fill("Bộ tiêu chí thử")
    page.get_by_role("button", name="Tạo bộ trống").click()
    page.get_by_label("Mã").fill("1")
    page.get_by_label("Nội dung tiêu chí").fill("Sự phù hợp với TCVN ISO 9001")
    page.get_by_label("Điểm tối đa").fill("0")
    page.get_by_role("button", name="Thêm").click()
    page.get_by_label("Thuộc nhóm").select_option(label="1. Sự phù hợp với TCVN ISO 9001")
    page.get_by_label("Mã").fill("1.a")
    page.get_by_label("Nội dung tiêu chí").fill("Phạm vi bao trùm mọi TTHC")
    page.get_by_label("Điểm tối đa").fill("10")
    page.get_by_role("button", name="Thêm").click()
    expect(page.get_by_text("Tổng điểm tối đa: 10")).to_be_visible()

    # The inspection plan: every obligated agency, a third on site.
    page.get_by_role("link", name="Kiểm tra").first.click()
    page.get_by_role("button", name="Lập kế hoạch kiểm tra").click()
    expect(page.get_by_test_id("inspection_plan-approve-why")).to_contain_text(agency_a.name)
    page.get_by_role("button", name="Đề xuất danh sách").click()
    expect(page.locator("#plan-summary")).to_contain_text("tại trụ sở (cần ít nhất 1 tại trụ sở)")
    page.get_by_role("button", name="Phê duyệt").click()
    expect(page.get_by_test_id("inspection-plan-status")).to_have_text("Đã phê duyệt")
    expect(page.get_by_role("button", name="Đề xuất danh sách")).to_have_count(0)
    page.locator("#inspections").get_by_role("link", name=agency_a.name).click()

    # Score the agency and conclude.
    page.get_by_label("Bộ tiêu chí").select_option(label="Bộ tiêu chí thử (phiên bản 1)")
    page.get_by_label("Số quyết định kiểm tra (Mẫu 20)").fill("20/QĐ-SKHCN")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("button", name="Bắt đầu kiểm tra").click()
    page.get_by_label("Điểm 1.a").fill("12")
    page.get_by_label("Bằng chứng 1.a").fill("Danh mục TTHC")
    page.get_by_role("button", name="Chấm").click()
    expect(page.get_by_text("Điểm phải từ 0 đến 10")).to_be_visible()
    page.get_by_label("Điểm 1.a").fill("8.5")
    page.get_by_label("Bằng chứng 1.a").fill("Danh mục TTHC đủ")
    page.get_by_role("button", name="Chấm").click()
    expect(page.locator("#checklist")).to_contain_text("Danh mục TTHC đủ")
    page.get_by_label("Kết luận", exact=True).fill("Cơ quan duy trì HTQLCL phù hợp.")
    page.get_by_role("button", name="Kết luận").click()
    expect(page.get_by_test_id("inspection-status")).to_have_text("Đã kết luận")

    # The ranking shows the score and its breakdown.
    page.get_by_role("link", name="Xếp hạng").click()
    ranking = page.locator("table.ranking")
    expect(ranking).to_contain_text(agency_a.name)
    expect(ranking).to_contain_text("8,5/10")
    expect(ranking).to_contain_text("Tốt")

    # The six-month report: write a section, generate, download, issue.
    page.get_by_role("link", name="Báo cáo định kỳ").click()
    page.get_by_label("Loại báo cáo").select_option(label="Báo cáo 6 tháng")
    page.get_by_role("button", name="Lập báo cáo").click()
    rich_text_editor(page, "Ưu điểm").fill("Các cơ quan tuân thủ kế hoạch của tỉnh.")
    page.get_by_role("button", name="Lưu nội dung").click()
    page.get_by_role("button", name="Tạo tệp báo cáo").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải .docx").click()
    document = docx.Document(download_info.value.path())
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Các cơ quan tuân thủ kế hoạch của tỉnh." in text and "BÁO CÁO" in text
    page.get_by_label("Số, ký hiệu").fill("566/BC-SKHCN")
    page.get_by_role("button", name="Ban hành").click()
    expect(page.locator("#report-status")).to_contain_text("Đã ban hành · 566/BC-SKHCN")
    report = Report.objects.get()

    # The steering member reads the issued report; no button to change it.
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, live_server, "steering")
    page.goto(f"{live_server.url}{report.get_absolute_url()}")
    expect(page.get_by_text("Các cơ quan tuân thủ kế hoạch của tỉnh.")).to_be_visible()
    expect(page.get_by_role("link", name="Tải .pdf")).to_be_visible()
    expect(page.get_by_role("button", name="Tạo lại tệp")).to_have_count(0)
    expect(page.get_by_role("button", name="Ban hành")).to_have_count(0)
    page.goto(f"{live_server.url}/oversight/plans/")
    expect(page.get_by_role("button", name="Lập kế hoạch")).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_agency_reports_its_corrective_action_and_the_coordinator_sends_it_back_then_accepts(
    page, live_server, coordinator, secretary_a, province, agency_a
):
    inspection = InspectionFactory(
        agency=agency_a,
        form=Inspection.Form.ON_SITE,
        status=Inspection.Status.CONCLUDED,
        minutes_signed_on=date(2026, 10, 6),
        plan__province=province,
    )
    follow_up = FollowUpFactory(inspection=inspection, request="Cập nhật quy trình cấp phép xây dựng.")
    item = page.locator(f"#follow-up-{follow_up.pk}")
    page.on("dialog", lambda dialog: dialog.accept())

    def switch_to(username):
        if page.get_by_test_id("user-menu").count():
            page.get_by_test_id("user-menu").click()
            page.get_by_role("button", name="Đăng xuất").click()
        log_in(page, live_server, username)
        page.goto(f"{live_server.url}{inspection.get_absolute_url()}")

    def report(text):
        switch_to("secretary_a")
        item.get_by_test_id("follow_up-report-open").click()
        item.get_by_label("Kết quả khắc phục").fill(text)
        item.get_by_role("button", name="Báo cáo khắc phục").click()
        expect(item).to_contain_text("Đã báo cáo khắc phục")
        expect(item.get_by_role("button", name="Chấp nhận")).to_have_count(0)

    def answer(button, status):
        switch_to("coordinator")
        item.get_by_role("button", name=button, exact=True).click()
        expect(item).to_contain_text(status)

    report("Đã sửa quy trình.")
    answer("Không chấp nhận", "Không chấp nhận hành động khắc phục")
    report("Đã sửa quy trình và tập huấn lại cán bộ.")
    answer("Chấp nhận", "Đã chấp nhận")
    expect(item).to_contain_text("Đã sửa quy trình và tập huấn lại cán bộ.")
