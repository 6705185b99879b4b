"""The improvement flows in a browser: an audit that waits for its programme's approval, an audit
finding through to a closed nonconformity, a leader holding the management review, a secretary
announcing conformity."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from eiso.documents.models import Document
from eiso.improvement import services
from eiso.improvement.models import InternalAudit, ManagementReview
from tests.browser.helpers import log_in
from tests.documents.factories import DocumentFactory, published_version
from tests.improvement.factories import (
    AuditProgrammeFactory,
    AuditTeamMemberFactory,
    InternalAuditFactory,
    ManagementReviewFactory,
)
from tests.improvement.helpers import running_audit

pytestmark = pytest.mark.browser


def today_text() -> str:
    """Today as the date fields take it, asked when the test runs: a date taken when the module was
    imported is yesterday's for a test that runs after midnight (UTC+7) in a long suite."""
    return timezone.localdate().strftime("%d/%m/%Y")


def logout(page, live_server):
    page.context.clear_cookies()


@pytest.mark.django_db(transaction=True)
def test_audit_starts_once_the_leader_approves_its_programme(
    page, live_server, agency_a, leader_a, auditor_a
):
    programme = AuditProgrammeFactory(agency=agency_a)
    audit = InternalAuditFactory(programme=programme, lead_auditor=auditor_a)
    AuditTeamMemberFactory(audit=audit, user=auditor_a, is_lead=True)

    # The lead auditor is told why the audit cannot start yet.
    log_in(page, live_server, "auditor_a")
    page.goto(f"{live_server.url}{audit.get_absolute_url()}")
    expect(page.get_by_test_id("internal_audit-start")).to_be_disabled()
    expect(page.locator("#internal_audit-start-why")).to_contain_text("chưa được lãnh đạo cơ quan phê duyệt")

    # The leader approves the programme; the auditor starts the audit.
    logout(page, live_server)
    log_in(page, live_server, "leader_a")
    page.goto(f"{live_server.url}{programme.get_absolute_url()}")
    page.get_by_role("button", name="Phê duyệt chương trình").click()
    expect(page.get_by_test_id("programme-status")).to_have_text("Đã phê duyệt")
    logout(page, live_server)
    log_in(page, live_server, "auditor_a")
    page.goto(f"{live_server.url}{audit.get_absolute_url()}")
    page.get_by_role("button", name="Bắt đầu đánh giá").click()
    expect(page.get_by_test_id("audit-status")).to_have_text("Đang đánh giá")


@pytest.mark.django_db(transaction=True)
def test_finding_goes_from_checklist_to_closed_nonconformity(
    page, live_server, agency_a, secretary_a, auditor_a, staff_a
):
    audit = running_audit(agency_a, auditor_a, secretary=secretary_a)

    # The auditor runs the checklist and records a nonconformity with its evidence.
    log_in(page, live_server, "auditor_a")
    page.goto(f"{live_server.url}{audit.get_absolute_url()}")
    page.get_by_test_id("record-7.5").click()
    page.get_by_label("Kết quả", exact=True).select_option("nc_minor")
    page.get_by_label("Bằng chứng khách quan").fill("Bộ phận một cửa dùng mẫu tờ khai bản năm 2019.")
    page.get_by_label("Mã hồ sơ hoặc bản ghi liên quan").fill("000.00.20.H42-260310-0007")
    page.get_by_role("button", name="Lưu kết quả").click()
    expect(page.get_by_text("Đã ghi kết quả điều khoản 7.5.")).to_be_visible()
    findings = page.get_by_test_id("findings")
    expect(findings).to_contain_text("Không phù hợp nhẹ")
    expect(findings).to_contain_text("Đã ghi nhận")
    code = findings.get_by_role("link").first.inner_text()

    # The secretary analyses the cause and plans a corrective action.
    logout(page, live_server)
    log_in(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}/improvement/nonconformities/")
    page.get_by_role("link", name=code).click()
    expect(page.get_by_test_id("nonconformity-close")).to_be_disabled()
    page.get_by_label("Tại sao 1").fill("Mẫu cũ còn trong tủ")
    page.get_by_role("button", name="Phân tích nguyên nhân").click()
    expect(page.get_by_text("Nguyên nhân gốc", exact=False).first).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("cần ít nhất 2")
    page.get_by_label("Tại sao 1").fill("Mẫu cũ còn trong tủ")
    page.get_by_label("Tại sao 2").fill("Không thu hồi bản giấy khi ban hành mẫu mới")
    page.get_by_label("Nguyên nhân gốc").fill("Quy trình kiểm soát tài liệu thiếu bước thu hồi")
    page.get_by_role("button", name="Phân tích nguyên nhân").click()
    expect(page.get_by_test_id("nc-status")).to_have_text("Đã phân tích nguyên nhân")
    expect(page.get_by_test_id("stages").locator("[aria-current=step]")).to_have_text(
        "2. Đã phân tích nguyên nhân"
    )
    expect(page.get_by_test_id("nonconformity-plan-why")).to_contain_text("chưa có hành động khắc phục")
    page.get_by_label("Hành động khắc phục").fill("Bổ sung bước thu hồi vào quy trình")
    page.get_by_label("Người thực hiện").select_option(label=str(staff_a))
    page.get_by_label("Hạn hoàn thành").fill(today_text())
    page.get_by_role("button", name="Thêm hành động").click()
    expect(page.get_by_test_id("action")).to_contain_text("Bổ sung bước thu hồi vào quy trình")
    page.get_by_label("Tiêu chí đánh giá hiệu lực").fill("Không còn mẫu cũ tại bộ phận một cửa")
    page.get_by_label("Ngày kiểm tra hiệu lực").fill(today_text())
    page.get_by_role("button", name="Chốt kế hoạch hành động").click()
    page.get_by_role("button", name="Bắt đầu khắc phục").click()
    expect(page.get_by_test_id("nc-status")).to_have_text("Đang khắc phục")
    nc_url = page.url

    # The owner completes the action.
    logout(page, live_server)
    log_in(page, live_server, "staff_a")
    page.goto(nc_url)
    page.get_by_label("Kết quả thực hiện").fill("Đã sửa quy trình và thu hồi hai mẫu cũ")
    page.get_by_role("button", name="Báo cáo hoàn thành").click()
    expect(page.get_by_test_id("action-status")).to_have_text("Đã hoàn thành, chờ kiểm tra")

    # The secretary checks the effectiveness and closes the nonconformity.
    logout(page, live_server)
    log_in(page, live_server, "secretary_a")
    page.goto(nc_url)
    page.get_by_role("button", name="Chuyển sang kiểm tra hiệu lực").click()
    expect(page.get_by_test_id("nc-status")).to_have_text("Chờ kiểm tra hiệu lực")
    page.get_by_role("radio", name="Có hiệu lực", exact=True).check()
    page.get_by_label("Kết quả kiểm tra so với tiêu chí").fill("Kiểm tra 20 hồ sơ: không còn mẫu cũ")
    page.get_by_role("button", name="Ghi kết quả kiểm tra hiệu lực").click()
    page.get_by_role("button", name="Đóng điểm không phù hợp").click()
    expect(page.get_by_test_id("nc-status")).to_have_text("Đã đóng")


@pytest.mark.django_db(transaction=True)
def test_leader_holds_the_review_and_sees_compiled_inputs(page, live_server, agency_a, leader_a, secretary_a):
    from tests.improvement.factories import NonconformityFactory

    NonconformityFactory(agency=agency_a, detected_on=timezone.localdate())
    review = ManagementReviewFactory(
        agency=agency_a,
        chair=leader_a,
        title="Xem xét của lãnh đạo năm nay",
        period_start=timezone.localdate().replace(month=1, day=1),
        period_end=timezone.localdate(),
    )
    log_in(page, live_server, "leader_a")
    page.goto(f"{live_server.url}/improvement/reviews/")
    page.get_by_role("link", name="Xem xét của lãnh đạo năm nay").click()
    inputs = page.get_by_test_id("review-inputs")
    expect(inputs).to_contain_text("Sự không phù hợp và hành động khắc phục")
    expect(inputs).to_contain_text("1 điểm không phù hợp phát hiện trong kỳ")
    page.get_by_label("Thành phần tham dự").fill("Giám đốc, Thư ký ISO, các trưởng phòng")
    page.get_by_label("Sự đầy đủ của nguồn lực").fill("Cần thêm một máy quét")
    page.get_by_label("Kết luận").fill("Hệ thống vận hành có hiệu lực; bổ sung thiết bị cho một cửa.")
    page.get_by_role("button", name="Ghi kết quả cuộc họp").click()
    expect(page.get_by_test_id("review-status")).to_have_text("Đã họp")
    expect(page.get_by_test_id("frozen")).to_be_visible()
    expect(page.get_by_test_id("review-inputs")).to_contain_text("Trình bày tại họp: Cần thêm một máy quét")
    expect(page.get_by_test_id("conclusions")).to_contain_text("bổ sung thiết bị cho một cửa")
    review.refresh_from_db()
    assert review.status == ManagementReview.Status.HELD


@pytest.mark.django_db(transaction=True)
def test_secretary_announces_conformity_and_downloads_the_decision(
    page, live_server, agency_a, secretary_a, leader_a, tmp_path
):
    # The chain of QĐ 19/2014 Điều 4 in its order, up to the review: documents applied, then the
    # internal audit, then the management review; the leader has not confirmed effectiveness yet.
    for kind in (Document.Kind.QUALITY_POLICY, Document.Kind.QUALITY_OBJECTIVES, Document.Kind.PROCEDURE):
        version = published_version(document=DocumentFactory(agency=agency_a, kind=kind))
        version.effective_on = timezone.localdate() - timedelta(days=90)
        version.save(update_fields=["effective_on"])
    audit_day = timezone.localdate() - timedelta(days=30)
    InternalAuditFactory(
        programme=AuditProgrammeFactory(agency=agency_a, year=audit_day.year),
        status=InternalAudit.Status.REPORTED,
        planned_start_on=audit_day,
        planned_end_on=audit_day,
        reported_on=audit_day,
        lead_auditor=leader_a,
    )
    ManagementReviewFactory(
        agency=agency_a,
        chair=leader_a,
        status="held",
        held_on=timezone.localdate() - timedelta(days=10),
        inputs_frozen_at=timezone.now(),
    )

    log_in(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}/improvement/announcements/")
    expect(page.get_by_test_id("missing")).to_be_visible()
    for met in (1, 2, 3):
        expect(page.get_by_test_id(f"prerequisite-{met}")).to_have_attribute("data-met", "yes")
    expect(page.get_by_test_id("prerequisite-4")).to_have_attribute("data-met", "no")
    expect(page.get_by_test_id("prerequisite-4")).to_contain_text("Người đứng đầu chưa xác nhận hiệu lực")
    page.get_by_role("button", name="Chuẩn bị quyết định công bố").click()
    # The decision cannot be issued yet: the page says what is missing instead of the form.
    expect(page.get_by_test_id("announcement-status")).to_have_text("Dự thảo")
    expect(page.get_by_test_id("announcement-announce-why")).to_contain_text(
        "Người đứng đầu chưa xác nhận hiệu lực"
    )
    expect(page.get_by_label("Số quyết định")).to_have_count(0)

    services.lifecycle_confirm_effectiveness(agency=agency_a, actor=leader_a)
    page.reload()
    page.get_by_label("Số quyết định").fill("15/QĐ-SKHCN")
    page.get_by_label("Người ký").fill("Trần Văn Bình")
    page.get_by_role("button", name="Ban hành quyết định công bố").click()
    expect(page.get_by_test_id("announcement-status")).to_have_text("Đã công bố")
    page.get_by_label("Số văn bản thông báo Sở KH&CN").fill("120/SKHCN-VP")
    page.get_by_role("button", name="Ghi thông báo và niêm yết").click()
    expect(page.get_by_text("Đã ghi thông báo và niêm yết.")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_test_id("decision-docx").click()
    path = tmp_path / "quyet-dinh.docx"
    download_info.value.save_as(path)
    import docx

    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    assert "15/QĐ-SKHCN" in text
    assert "TCVN ISO 9001:2015" in text
