"""Main flows of the quality app in the browser: an objective with a target and a measured
value, a risk scored on the matrix with a treatment action and a re-evaluation, a treatment
completed with evidence by its owner and verified by the leader, and feedback from the counter."""

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from eiso.dossiers import services as dossier_services
from eiso.dossiers.models import Channel
from eiso.quality import services as quality_services
from tests.dossiers.factories import at, procedure_for
from tests.factories import DEMO_PASSWORD
from tests.hostile_files import pdf_bytes

pytestmark = pytest.mark.browser


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.mark.django_db(transaction=True)
def test_secretary_sets_an_objective_enters_a_value_and_sees_its_status(
    page, live_server, secretary_a, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    evidence = tmp_path / "bao-cao-quy.pdf"
    evidence.write_bytes(pdf_bytes())
    year = timezone.localdate().year

    log_in(page, live_server, "secretary_a")
    page.get_by_role("link", name="Chất lượng").first.click()
    expect(page.get_by_text(f"Chưa có mục tiêu nào cho năm {year}.")).to_be_visible()
    page.get_by_role("link", name="Thêm mục tiêu").first.click()

    page.get_by_label("Mục tiêu", exact=True).fill("Giải quyết hồ sơ hộ tịch đúng hạn")
    page.get_by_label("Chỉ số đo lường").fill("Tỷ lệ hồ sơ hộ tịch đúng hạn")
    page.get_by_label("Chỉ tiêu").fill("120")
    page.get_by_label("Tần suất đo").select_option(label="Hằng năm")
    page.get_by_role("button", name="Lưu mục tiêu").click()
    # A percentage over 100 is refused on the form, in Vietnamese.
    expect(page.get_by_text("Chỉ tiêu tính bằng % phải nằm trong khoảng 0–100.")).to_be_visible()
    page.get_by_label("Chỉ tiêu").fill("95")
    page.get_by_role("button", name="Lưu mục tiêu").click()

    expect(page.get_by_role("heading", name="Giải quyết hồ sơ hộ tịch đúng hạn")).to_be_visible()
    expect(page.get_by_test_id("target")).to_have_text("≥ 95 %")
    periods = page.get_by_test_id("periods")
    expect(periods).to_contain_text("chưa có dữ liệu")

    form = page.get_by_test_id("value-form")
    form.get_by_label("Giá trị (%)").fill("93,5")
    form.get_by_label("Bằng chứng").set_input_files(str(evidence))
    form.get_by_role("button", name="Ghi").click()
    expect(page.get_by_text(f"Đã ghi giá trị kỳ Năm {year}.")).to_be_visible()
    row = periods.locator(f"tr[data-period='Năm {year}']")
    expect(row).to_contain_text("93,5 %")
    expect(row.locator("[data-attainment]")).to_have_text("Có nguy cơ không đạt")
    expect(row.get_by_role("link", name="bằng chứng")).to_be_visible()

    form.get_by_label("Giá trị (%)").fill("97")
    form.get_by_role("button", name="Ghi").click()
    expect(row.locator("[data-attainment]")).to_have_text("Đạt")

    page.get_by_role("link", name=f"Mục tiêu chất lượng {year}").click()
    objectives = page.get_by_test_id("objectives")
    expect(objectives).to_contain_text("Giải quyết hồ sơ hộ tịch đúng hạn")
    expect(objectives.locator("[data-attainment]")).to_have_text("Đạt")
    page.get_by_role("link", name="Bảng tổng hợp năm").click()
    expect(page.get_by_test_id("objective-summary")).to_contain_text(f"Năm {year}: 97 %")


@pytest.mark.django_db(transaction=True)
def test_secretary_records_a_risk_scores_it_and_adds_a_treatment(page, live_server, secretary_a, staff_a):
    log_in(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}/quality/")
    page.get_by_role("link", name="Rủi ro và cơ hội").first.click()
    expect(page.get_by_text("Chưa ghi nhận rủi ro, cơ hội nào.")).to_be_visible()
    page.get_by_role("link", name="Thêm rủi ro/cơ hội").first.click()

    page.get_by_label("Tên rủi ro/cơ hội").fill("Hồ sơ trễ hạn do thiếu cán bộ vào cao điểm")
    page.get_by_label("Quy trình, hoạt động liên quan").fill("Quy trình giải quyết TTHC hộ tịch")
    page.get_by_label("Khả năng xảy ra", exact=True).select_option("4")
    page.get_by_label("Mức độ ảnh hưởng", exact=True).select_option("5")
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_role("heading", name="Hồ sơ trễ hạn do thiếu cán bộ vào cao điểm")).to_be_visible()
    expect(page.get_by_test_id("initial-rating")).to_contain_text("20 · Rất cao")
    expect(page.get_by_test_id("risk-status")).to_have_text("Đang theo dõi")

    treatment = page.get_by_test_id("treatment-form")
    treatment.get_by_label("Nội dung hành động").fill("Bố trí cán bộ hỗ trợ vào cao điểm")
    treatment.get_by_label("Người thực hiện").select_option(label=staff_a.full_name)
    treatment.get_by_label("Hạn hoàn thành").fill("30/06/2026")
    treatment.get_by_role("button", name="Thêm").click()
    expect(page.get_by_text("Đã thêm hành động xử lý.")).to_be_visible()
    actions = page.get_by_test_id("actions")
    expect(actions).to_contain_text("Bố trí cán bộ hỗ trợ vào cao điểm")
    expect(actions).to_contain_text("30/06/2026")
    expect(page.get_by_test_id("risk-status")).to_have_text("Đang xử lý")

    page.get_by_test_id("risk-evaluate-open").click()
    page.get_by_label("Khả năng xảy ra sau xử lý").select_option("2")
    page.get_by_label("Mức độ ảnh hưởng sau xử lý").select_option("2")
    page.get_by_test_id("risk-evaluate").click()
    expect(page.get_by_text("Đã ghi kết quả đánh giá lại.")).to_be_visible()
    expect(page.get_by_test_id("residual-rating")).to_contain_text("4 · Thấp")

    page.get_by_role("link", name="Rủi ro và cơ hội").first.click()
    page.get_by_role("link", name="Ma trận rủi ro").click()
    expect(page.locator("[data-cell='4x5'] a")).to_have_text("1")
    expect(page).to_have_url(re.compile(r"/quality/risks/matrix/$"))


@pytest.mark.django_db(transaction=True)
def test_the_owner_completes_a_treatment_with_evidence_and_the_leader_verifies_it(
    page, live_server, secretary_a, staff_a, leader_a, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    evidence = tmp_path / "danh-sach-can-bo.pdf"
    evidence.write_bytes(pdf_bytes())
    risk = quality_services.risk_create(
        agency=secretary_a.memberships.get().agency,
        actor=secretary_a,
        kind="risk",
        title="Thiếu cán bộ một cửa vào cao điểm",
        likelihood=4,
        impact=4,
    )
    action = quality_services.risk_add_treatment(
        risk=risk, actor=secretary_a, title="Bố trí cán bộ hỗ trợ", due_on=date(2026, 6, 30), owner=staff_a
    )

    log_in(page, live_server, "staff_a")
    page.goto(f"{live_server.url}{action.get_absolute_url()}")
    expect(page.get_by_test_id("action-status")).to_have_text("Chưa thực hiện")
    expect(page.get_by_test_id("action-cancel")).to_have_count(0)  # the owner may not cancel it
    page.get_by_test_id("action-start").click()
    expect(page.get_by_test_id("action-status")).to_have_text("Đang thực hiện")
    form = page.get_by_test_id("action-complete-card")
    form.get_by_label("Kết quả thực hiện").fill("Đã bố trí 2 cán bộ hỗ trợ từ 01/06")
    form.get_by_label("Bằng chứng").set_input_files(str(evidence))
    page.get_by_test_id("action-complete").click()
    expect(page.get_by_text("Đã báo cáo hoàn thành; hành động chờ kiểm tra hiệu lực.")).to_be_visible()
    expect(page.get_by_test_id("action-status")).to_have_text("Đã hoàn thành, chờ kiểm tra")
    expect(page.get_by_role("link", name="tải về")).to_be_visible()
    expect(page.get_by_test_id("action-verify")).to_have_count(0)

    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, live_server, "leader_a")
    page.goto(f"{live_server.url}{action.get_absolute_url()}")
    page.get_by_test_id("action-verify-card").get_by_role("radio", name="Có hiệu lực", exact=True).check()
    page.get_by_test_id("action-verify").click()
    expect(page.get_by_test_id("action-status")).to_have_text("Đã kiểm tra, có hiệu lực")

    page.get_by_role("link", name="Thiếu cán bộ một cửa vào cao điểm").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("risk-close-card").get_by_label("Lý do kết thúc theo dõi").fill("Đã đủ cán bộ")
    page.get_by_test_id("risk-close").click()
    expect(page.get_by_test_id("risk-status")).to_have_text("Đã kết thúc")


@pytest.mark.django_db(transaction=True)
def test_secretary_sets_an_objective_measured_from_the_on_time_rate(
    page, live_server, secretary_a, officer_a
):
    """Four dossiers of a 3-working-day procedure received on the first Monday of March last year
    (due Thursday, March has no holidays): two early (Tuesday), one on time (Thursday 16:00), one
    late (Friday) → 75 %, below a 98 % target. Last year, so the period is over whatever today's
    date: the objective has missed its target."""
    year = timezone.localdate().year - 1
    monday = next(day for day in range(1, 8) if date(year, 3, day).weekday() == 0)
    agency = secretary_a.memberships.get().agency
    procedure = procedure_for(agency, code="1.001193")
    start = at(year, 3, monday, 9)
    dossiers = [
        dossier_services.dossier_receive(
            agency=agency,
            procedure=procedure,
            actor=officer_a,
            received_at=start,
            applicant_name="Lê Văn An",
            applicant_phone="0987654321",
            channel=Channel.DIRECT,
            components=[1, 2],
        )
        for _ in range(4)
    ]
    resolved_at = [
        at(year, 3, monday + 1, 10),
        at(year, 3, monday + 1, 11),
        at(year, 3, monday + 3, 16),
        at(year, 3, monday + 4, 9),
    ]
    for dossier, when in zip(dossiers, resolved_at, strict=True):
        dossier.refresh_from_db()
        dossier_services.dossier_result_ready(dossier=dossier, actor=officer_a, at=when)

    log_in(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}/quality/objectives/new/")
    page.get_by_role("spinbutton", name="Năm").fill(str(year))
    page.get_by_label("Mục tiêu", exact=True).fill("100% hồ sơ giải quyết đúng hạn")
    page.get_by_label("Chỉ số đo lường").fill("Tỷ lệ hồ sơ đúng hạn")
    page.get_by_label("Nguồn số liệu").select_option(
        label="Tự động: Tỷ lệ hồ sơ TTHC giải quyết đúng hạn và trước hạn"
    )
    page.get_by_label("Chỉ tiêu").fill("98")
    page.get_by_label("Tần suất đo").select_option(label="Hằng năm")
    page.get_by_role("button", name="Lưu mục tiêu").click()

    expect(page.get_by_role("heading", name="100% hồ sơ giải quyết đúng hạn")).to_be_visible()
    row = page.get_by_test_id("periods").locator(f"tr[data-period='Năm {year}']")
    expect(row).to_contain_text("75 %")
    expect(row).to_contain_text("đã giải quyết: 4; trước hạn: 2; đúng hạn: 1; trễ hạn: 1")
    expect(row.locator("[data-attainment]")).to_have_text("Không đạt")
    expect(page.get_by_test_id("value-form")).to_have_count(0)  # computed: nothing to type in


@pytest.mark.django_db(transaction=True)
def test_feedback_recorded_at_the_counter_is_accepted_and_answered(
    page, live_server, officer_a, secretary_a, staff_a
):
    log_in(page, live_server, "officer_a")
    page.goto(f"{live_server.url}/quality/feedback/")
    expect(page.get_by_text("Chưa có phản ánh, kiến nghị nào.")).to_be_visible()
    page.get_by_role("link", name="Ghi nhận phản ánh").click()
    page.get_by_label("Nhóm nội dung").select_option(label="Chậm trễ, trễ hẹn")
    page.get_by_label("Nội dung", exact=True).fill(
        "Hồ sơ khai sinh của tôi đến ngày hẹn vẫn chưa có kết quả."
    )
    page.get_by_label("Mã hồ sơ liên quan").fill("000.00.18.H42-260302-0001")
    page.get_by_label("Họ tên người gửi").fill("Nguyễn Thị Hoa")
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.get_by_text(re.compile(r"Đã ghi nhận phản ánh, kiến nghị mã PA\d\d-"))).to_be_visible()
    expect(page.get_by_test_id("feedback-status")).to_have_text("Mới tiếp nhận")
    feedback_url = page.url

    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, live_server, "secretary_a")
    page.goto(feedback_url)
    page.get_by_label("Người xử lý").select_option(label=staff_a.full_name)
    page.get_by_test_id("feedback-accept").click()
    expect(page.get_by_text("Đã thụ lý; hạn xử lý 15 ngày làm việc.")).to_be_visible()
    expect(page.get_by_test_id("feedback-status")).to_have_text("Đang xử lý")

    page.get_by_label("Nội dung trả lời").fill("Sở đã trả kết quả cho bà và chấn chỉnh bộ phận liên quan.")
    page.get_by_test_id("feedback-reply").click()
    expect(page.get_by_test_id("feedback-status")).to_have_text("Đã trả lời")
    expect(page.get_by_test_id("reply")).to_contain_text("chấn chỉnh bộ phận liên quan")
    page.get_by_role("link", name="Phản ánh, kiến nghị").first.click()
    expect(page.get_by_test_id("feedback")).to_contain_text("Đã trả lời")
