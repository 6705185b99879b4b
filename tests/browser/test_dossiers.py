"""The one-stop flows in a browser: reception with the receipt, handling through the steps, an
apology forced by a late step, the citizen's lookup and rating, the secretary's dashboard."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from eiso.dossiers import services
from eiso.dossiers.models import Channel, Dossier
from tests.dossiers.factories import procedure_for, process_for
from tests.factories import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def log_out(page, live_server):
    page.context.clear_cookies()


@pytest.mark.django_db(transaction=True)
def test_officer_receives_prints_and_staff_hand_it_through(
    page, live_server, officer_a, staff_a, leader_a, agency_a, unit_a
):
    procedure = procedure_for(agency_a, code="1.001193")
    process_for(agency_a, procedure, [("Thẩm định hồ sơ", 8, unit_a, None), ("Ký duyệt", 4, None, None)])

    log_in(page, live_server, "officer_a")
    page.goto(f"{live_server.url}/dossiers/")
    page.locator("a.btn", has_text="Tiếp nhận hồ sơ").click()
    page.get_by_label("Thủ tục hành chính").select_option(str(procedure.pk))
    page.get_by_label("Họ tên người nộp").fill("Trần Thị Bình")
    page.get_by_label("Số điện thoại", exact=False).first.fill("0987654321")
    page.get_by_label("Giấy tờ 1", exact=False).check()
    # One paper missing: refused with the list.
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.get_by_text("Hồ sơ còn thiếu thành phần: Giấy tờ 2")).to_be_visible()
    page.get_by_label("Giấy tờ 2", exact=False).check()
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.get_by_text("Đã tiếp nhận hồ sơ")).to_be_visible()
    dossier = Dossier.objects.get()
    expect(page.get_by_role("heading", name=f"Hồ sơ {dossier.code}")).to_be_visible()
    with page.expect_download() as download:
        page.locator("li", has_text="Mẫu 01").get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename == f"receipt-{dossier.code}.pdf"

    log_out(page, live_server)
    log_in(page, live_server, "staff_a")
    page.goto(f"{live_server.url}{dossier.get_absolute_url()}")
    page.get_by_role("button", name="Nhận xử lý").click()
    expect(page.get_by_text("Đã nhận xử lý bước")).to_be_visible()
    page.get_by_role("button", name="Hoàn thành bước").click()
    expect(page.locator("#steps")).to_contain_text("Xong")

    log_out(page, live_server)
    log_in(page, live_server, "leader_a")
    page.goto(f"{live_server.url}{dossier.get_absolute_url()}")
    page.get_by_role("button", name="Nhận xử lý").click()
    page.get_by_role("button", name="Hoàn thành bước").click()
    page.get_by_test_id("dossier-result_ready").click()
    expect(page.get_by_text("Đã ghi nhận có kết quả giải quyết.")).to_be_visible()
    page.get_by_test_id("dossier-return").click()
    expect(page.locator("#dossier-status")).to_contain_text("Đã trả kết quả")
    expect(page.locator("#timeline")).to_contain_text("Hoàn thành bước xử lý")
    assert dossier.handovers.count() == 4


@pytest.mark.django_db(transaction=True)
def test_a_late_step_forces_an_apology(page, live_server, officer_a, staff_a, agency_a, unit_a):
    procedure = procedure_for(agency_a, amount="10")
    process_for(agency_a, procedure, [("Thẩm định hồ sơ", 1, unit_a, None), ("Ký duyệt", 8, None, None)])
    cal = services.calendar_for(agency_a)
    received = cal.next_working_moment(timezone.now() - timedelta(days=4))
    dossier = services.dossier_receive(
        agency=agency_a,
        procedure=procedure,
        actor=officer_a,
        applicant_name="Lê Văn Cường",
        applicant_phone="0911222333",
        channel=Channel.DIRECT,
        components=[1, 2],
        received_at=received,
    )
    step = dossier.steps.get(order=1)
    services.step_start(step=step, actor=staff_a, at=received)
    services.step_finish(step=step, actor=staff_a, at=cal.add_working_hours(received, 5))

    log_in(page, live_server, "officer_a")
    page.goto(f"{live_server.url}{dossier.get_absolute_url()}")
    alert = page.locator("#apology-alert")
    expect(alert).to_contain_text("Thẩm định hồ sơ đã vượt thời gian cho phép")
    expect(page.locator("#steps")).to_contain_text("chậm 4 giờ")
    # The apology form is open already; a day off as the new appointment is refused.
    holiday = next(
        day
        for day in (dossier.legal_due_on + timedelta(days=n) for n in range(1, 30))
        if not cal.is_working_day(day)
    )
    page.get_by_label("Ngày hẹn trả mới").fill(holiday.strftime("%d/%m/%Y"))
    page.get_by_label("Lý do chậm").fill("Chờ kết quả xác minh")
    page.get_by_test_id("dossier-extend").click()
    expect(page.get_by_text("Ngày hẹn mới phải là ngày làm việc.")).to_be_visible()
    new_day = cal.add_working_days_to_date(dossier.legal_due_on, 3)
    page.get_by_label("Ngày hẹn trả mới").fill(new_day.strftime("%d/%m/%Y"))
    page.get_by_label("Lý do chậm").fill("Chờ kết quả xác minh")
    page.get_by_test_id("dossier-extend").click()
    expect(page.locator("#appointment")).to_contain_text(new_day.strftime("%d/%m/%Y"))
    expect(page.locator("#appointment")).to_contain_text("đã gia hạn")
    expect(page.locator("#apology-note")).to_contain_text("Đã xin lỗi và gia hạn đúng quy định")
    expect(page.get_by_text("Mẫu 04: Phiếu xin lỗi, gia hạn")).to_be_visible()
    expect(page.locator("#apology-alert")).to_have_count(0)
    expect(page.get_by_test_id("dossier-extend")).to_be_disabled()
    expect(page.get_by_test_id("dossier-extend-why")).to_contain_text("không được gia hạn lần thứ hai")


@pytest.mark.django_db(transaction=True)
def test_citizen_looks_up_and_rates_and_the_secretary_sees_the_numbers(
    page, live_server, officer_a, secretary_a, agency_a
):
    from django.core.cache import cache

    cache.clear()
    procedure = procedure_for(agency_a)
    log_in(page, live_server, "secretary_a")
    card = page.locator("[data-card=dossiers_summary]")
    expect(card.locator("[data-figure=received]")).to_have_text("0 tiếp nhận")

    dossier = services.dossier_receive(
        agency=agency_a,
        procedure=procedure,
        actor=officer_a,
        applicant_name="Phạm Thị Dung",
        applicant_phone="0905 111 234",
        channel=Channel.DIRECT,
        components=[1, 2],
    )
    services.dossier_result_ready(dossier=dossier, actor=officer_a)
    page.reload()
    expect(card.locator("[data-figure=received]")).to_have_text("1 tiếp nhận")
    expect(card.locator("[data-figure=on_time_rate]")).to_have_text("100,00%")
    expect(card.locator("canvas")).to_be_visible()

    log_out(page, live_server)
    page.goto(f"{live_server.url}/tthc/ho-so/tra-cuu/?code={dossier.code}")
    page.get_by_label("4 số cuối điện thoại").fill("9999")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("#lookup-error")).to_contain_text("Không tìm thấy hồ sơ")
    page.get_by_label("4 số cuối điện thoại").fill("1234")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("#plain-status")).to_contain_text("Đã có kết quả")
    rating = page.locator("#rating")
    for name in ("time_score", "information_score", "conduct_score", "costs_score"):
        rating.locator(f"input[name={name}][value='3']").check()
    rating.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.locator("#rated")).to_contain_text("Cảm ơn ông/bà")
    page.goto(f"{live_server.url}/tthc/ho-so/tra-cuu/?code={dossier.code}&phone4=1234")
    expect(page.locator("#rating")).to_have_count(0)
