"""The coordinator prepares an inspection's documents: the plan's number and signer (Mẫu 19), the
decision with its team (Mẫu 20) and the minutes after concluding (Mẫu 21), each downloaded as
.docx; the steering member downloads them but has no form to change them."""

from datetime import date
from decimal import Decimal

import docx
import pytest
from playwright.sync_api import expect

from eiso.oversight.models import Inspection
from tests.browser.helpers import log_in
from tests.oversight.factories import (
    CriteriaSetFactory,
    CriterionFactory,
    InspectionFactory,
    InspectionPlanFactory,
)

pytestmark = pytest.mark.browser


def _docx_text(download) -> str:
    document = docx.Document(download.value.path())
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)


@pytest.mark.django_db(transaction=True)
def test_coordinator_prepares_and_downloads_the_inspection_documents(
    page, live_server, coordinator, steering, province, agency_a
):
    criteria_set = CriteriaSetFactory(province=province, name="Bộ tiêu chí thử")
    CriterionFactory(criteria_set=criteria_set, code="1", title="Phạm vi áp dụng", max_points=Decimal(10))
    plan = InspectionPlanFactory(province=province, year=2026)
    InspectionFactory(plan=plan, agency=agency_a, form=Inspection.Form.ON_SITE, criteria_set=criteria_set)
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, "coordinator")

    # The plan's number and signer, saved and shown.
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    documents = page.locator("#plan-documents")
    expect(documents).to_contain_text("số (chưa có)")
    documents.get_by_text("Sửa số, cơ quan ban hành, người ký").click()
    documents.get_by_label("Số, ký hiệu kế hoạch").fill("12/KH-SKHCN")
    documents.get_by_label("Chức vụ người ký").fill("Phó Giám đốc")
    documents.get_by_label("Người ký", exact=True).fill("Nguyễn Văn Minh")
    documents.get_by_role("button", name="Lưu thông tin văn bản").click()
    expect(page.get_by_text("Đã lưu thông tin văn bản của kế hoạch kiểm tra.")).to_be_visible()
    expect(page.locator("#plan-documents")).to_contain_text("số 12/KH-SKHCN")
    with page.expect_download() as plan_file:
        page.get_by_role("link", name="Tải kế hoạch .docx").click()
    text = _docx_text(plan_file)
    assert "Số: 12/KH-SKHCN" in text and agency_a.name in text and "Nguyễn Văn Minh" in text

    # The decision: number, date, team and the agency's representative.
    page.locator("#inspections").get_by_role("link", name=agency_a.name).click()
    page.get_by_text("Thông tin cuộc kiểm tra (quyết định, đoàn, bộ tiêu chí)").click()
    page.get_by_label("Số quyết định kiểm tra (Mẫu 20)").fill("20/QĐ-SKHCN")
    page.get_by_label("Ngày quyết định kiểm tra").fill("28/09/2026")
    page.get_by_label("Đoàn kiểm tra").fill("Ông Lê Văn An, Phó Giám đốc Sở — Trưởng đoàn\nBà Trần Thị Hoa")
    page.get_by_label("Đại diện cơ quan được kiểm tra").fill("Nguyễn Thị Lan, Giám đốc")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("QĐ 20/QĐ-SKHCN ngày 28/09/2026")).to_be_visible()
    expect(page.get_by_role("link", name="Biên bản kiểm tra (Mẫu 21) .docx")).to_have_count(0)
    with page.expect_download() as decision_file:
        page.get_by_role("link", name="Quyết định kiểm tra (Mẫu 20) .docx").click()
    text = _docx_text(decision_file)
    assert "Số: 20/QĐ-SKHCN" in text and "1. Ông Lê Văn An, Phó Giám đốc Sở — Trưởng đoàn" in text

    # Inspect, score, conclude; the minutes carry the score and both signatures.
    page.get_by_label("Ngày kiểm tra").fill("05/10/2026")
    page.get_by_role("button", name="Bắt đầu kiểm tra").click()
    page.get_by_label("Điểm 1").fill("9")
    page.get_by_label("Bằng chứng 1").fill("Danh mục TTHC đủ")
    page.get_by_role("button", name="Chấm").click()
    page.get_by_label("Kết luận", exact=True).fill("Cơ quan duy trì HTQLCL phù hợp.")
    page.get_by_label("Ngày ký biên bản (kiểm tra tại trụ sở)").fill(f"{date(2026, 10, 6):%d/%m/%Y}")
    page.get_by_role("button", name="Kết luận").click()
    expect(page.get_by_test_id("inspection-status")).to_have_text("Đã kết luận")
    with page.expect_download() as minutes_file:
        page.get_by_role("link", name="Biên bản kiểm tra (Mẫu 21) .docx").click()
    text = _docx_text(minutes_file)
    assert "Tổng điểm: 9/10 (90,0 %), xếp loại: Xuất sắc." in text and "Danh mục TTHC đủ" in text
    assert "Nguyễn Thị Lan" in text and "Lê Văn An" in text

    # The steering member reads and downloads, but has no form to change the documents.
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, live_server, "steering")
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    expect(page.get_by_text("Sửa số, cơ quan ban hành, người ký")).to_have_count(0)
    page.locator("#inspections").get_by_role("link", name=agency_a.name).click()
    with page.expect_download() as steering_file:
        page.get_by_role("link", name="Biên bản kiểm tra (Mẫu 21) .docx").click()
    assert "BIÊN BẢN KIỂM TRA" in _docx_text(steering_file)
    expect(page.get_by_role("button", name="Lưu")).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_coordinator_signs_the_decision_on_the_page_and_the_badge_appears(
    page, live_server, coordinator, province, agency_a, agency_b, sysadmin
):
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    from eiso.core import signatures
    from eiso.orgs import certificates
    from tests import signing
    from tests.factories import UserFactory

    ca = signing.root_ca()
    who = signing.signer(ca, common_name="Sở Khoa học và Công nghệ", organisation="UBND tỉnh Hà Tĩnh")
    data = pkcs12.serialize_key_and_certificates(
        b"so", who.key, who.certificate, None, BestAvailableEncryption(b"pw")
    )
    certificates.certificate_set(agency=agency_a, data=data, password="pw", actor=sysadmin)
    signatures.trusted_root_add(
        data=ca.pem, name="Root thử", actor=UserFactory(is_staff=True, is_superuser=True)
    )
    plan = InspectionPlanFactory(province=province, year=2026, issuing_agency=agency_a.name)
    inspection = InspectionFactory(
        plan=plan,
        agency=agency_b,
        form=Inspection.Form.ON_SITE,
        decision_number="20/QĐ-SKHCN",
        decided_on=date(2026, 9, 28),
    )
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}{inspection.get_absolute_url()}")
    page.get_by_role("button", name="Ký số (chứng thư của cơ quan)").click()
    expect(
        page.get_by_text("Đã ký số quyết định kiểm tra (Mẫu 20) bằng chứng thư số của cơ quan.")
    ).to_be_visible()
    badge = page.get_by_test_id("signature-badge")
    expect(badge).to_have_attribute("data-verdict", "valid")
    badge.get_by_role("button").click()
    expect(badge).to_contain_text("Sở Khoa học và Công nghệ")
    expect(page.get_by_role("button", name="Ký số (chứng thư của cơ quan)")).to_have_count(0)
    with page.expect_download() as signed:
        page.get_by_role("link", name="Quyết định kiểm tra (Mẫu 20) đã ký số .pdf").click()
    with open(signed.value.path(), "rb") as handle:
        assert signatures.check_pdf(handle.read()).verdict == "valid"
