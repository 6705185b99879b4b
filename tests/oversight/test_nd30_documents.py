"""Every document of the inspections, the province's reports and the announcement passes the
NĐ 30/2020 checks that apply to it (core.nd30: national motto, slogan, issuing agency, number and
symbol, place and date of the event, type name — or "V/v" for a công văn —, signature blocks,
recipients, "Kính gửi" for a letter), in .docx and in PDF (issue 17 item 4).

The data is built through the services, as the demo builds it: an approved plan, an on-site
inspection decided, scored and concluded with numbered minutes, an inspection through documents
asked to report and closed by a written request, an issued report of each kind, an announcement.
Each check is recorded (`record_property("nd30", …)`): the session ends with the list of the
document types checked (tests/conftest.py)."""

from datetime import date
from decimal import Decimal

import pytest

from eiso.core import nd30
from eiso.improvement import reports as improvement_reports
from eiso.oversight import paperwork, reporting, services
from eiso.oversight.models import Inspection, Report
from tests.improvement.factories import AnnouncementFactory
from tests.oversight.factories import InspectionFactory, InspectionPlanFactory, ReportFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)
SKHCN = "Sở Khoa học và Công nghệ"
PLAN_SIGNERS = ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")


@pytest.fixture
def checked(record_property):
    """Records a document type as checked, for the session's summary."""
    return lambda name: record_property("nd30", name)


@pytest.fixture
def plan(province, agency_a, agency_b, coordinator, criteria_set):
    plan = InspectionPlanFactory(
        province=province, year=2026, number="12/KH-SKHCN", signer_name="Nguyễn Văn Minh"
    )
    on_site = InspectionFactory(
        plan=plan,
        agency=agency_a,
        form=Inspection.Form.ON_SITE,
        inspecting_unit="Phòng TĐC",
        cooperating_unit="Sở Nội vụ",
    )
    by_documents = InspectionFactory(plan=plan, agency=agency_b, inspecting_unit="Phòng TĐC")
    services.inspection_plan_approve(plan=plan, approved_on=date(2026, 3, 16), actor=coordinator)
    services.inspection_update(
        inspection=on_site,
        actor=coordinator,
        criteria_set=criteria_set,
        decision_number="20/QĐ-SKHCN",
        decided_on=date(2026, 9, 28),
        team="Ông Lê Văn An, Phó Giám đốc Sở — Trưởng đoàn",
        agency_representative="Nguyễn Thị Lan, Giám đốc",
    )
    services.inspection_update(
        inspection=by_documents,
        actor=coordinator,
        criteria_set=criteria_set,
        report_request_number="150/SKHCN-TĐC",
        report_requested_on=date(2026, 9, 10),
        report_due_on=date(2026, 9, 30),
    )
    for inspection, ending in (
        (on_site, {"minutes_number": "05/BB-ĐKT", "minutes_signed_on": date(2026, 10, 6)}),
        (by_documents, {"result_letter_number": "180/SKHCN-TĐC", "result_letter_on": date(2026, 10, 20)}),
    ):
        services.inspection_start(
            inspection=inspection, inspected_on=date(2026, 10, 6), actor=coordinator, today=date(2026, 10, 6)
        )
        services.inspection_score(
            inspection=inspection,
            criterion=criteria_set.criteria.get(code="1.a"),
            points=Decimal("8.5"),
            evidence="Danh mục TTHC đủ",
            actor=coordinator,
        )
        services.inspection_conclude(inspection=inspection, conclusion="Đạt.", actor=coordinator, **ending)
        services.follow_up_add(
            inspection=inspection, request="Cập nhật quy trình.", actor=coordinator, today=TODAY
        )
    return plan


def _check(lines: list[str], expected: nd30.Expectation) -> None:
    findings = nd30.assert_passes(lines, expected)
    assert {finding.component for finding in findings} >= set(nd30.COMPONENTS)


def _both(render, expected: nd30.Expectation, name: str, checked) -> None:
    _check(nd30.docx_lines(render("docx")), expected)
    _check(nd30.pdf_lines(render("pdf")), expected)
    checked(f"{name} (.docx, .pdf)")


def _plan_letter(plan, **fields) -> nd30.Expectation:
    return nd30.Expectation(agency=SKHCN, place="Hà Tĩnh", signatures=PLAN_SIGNERS, recipients=True, **fields)


def test_the_inspection_plan_mau_19(plan, checked):
    expected = _plan_letter(plan, type_name="KẾ HOẠCH", number="12/KH-SKHCN", day=date(2026, 3, 16))
    paper = paperwork.inspection_plan(plan, today=TODAY)
    _both(paper.render, expected, "Kế hoạch kiểm tra (Mẫu 19)", checked)


def test_the_request_to_report_of_dieu_35(plan, agency_b, checked):
    inspection = plan.inspections.get(agency=agency_b)
    expected = _plan_letter(
        plan,
        type_name="",
        subject="Báo cáo tình hình áp dụng HTQLCL theo TCVN ISO 9001 năm 2026",
        addressee=agency_b.name,
        number="150/SKHCN-TĐC",
        day=date(2026, 9, 10),
    )
    paper = paperwork.report_request(inspection, today=TODAY)
    _both(paper.render, expected, "Văn bản đề nghị báo cáo (Điều 35)", checked)


def test_the_decision_mau_20(plan, agency_a, checked):
    inspection = plan.inspections.get(agency=agency_a)
    expected = _plan_letter(plan, type_name="QUYẾT ĐỊNH", number="20/QĐ-SKHCN", day=date(2026, 9, 28))
    paper = paperwork.inspection_decision(inspection, today=TODAY)
    _both(paper.render, expected, "Quyết định kiểm tra (Mẫu 20)", checked)


def test_the_minutes_mau_21_signed_by_both_sides(plan, agency_a, checked):
    inspection = plan.inspections.get(agency=agency_a)
    expected = nd30.Expectation(
        agency="ĐOÀN KIỂM TRA",
        type_name="BIÊN BẢN KIỂM TRA",
        place="Hà Tĩnh",
        day=date(2026, 10, 6),
        number="05/BB-ĐKT",
        signatures=("TRƯỞNG ĐOÀN KIỂM TRA", "ĐẠI DIỆN CƠ QUAN ĐƯỢC KIỂM TRA"),
    )
    paper = paperwork.inspection_minutes(inspection, today=TODAY)
    _both(paper.render, expected, "Biên bản kiểm tra (Mẫu 21)", checked)


def test_the_written_request_closing_an_inspection_through_documents(plan, agency_b, checked):
    inspection = plan.inspections.get(agency=agency_b)
    expected = _plan_letter(
        plan,
        type_name="",
        subject="Thông báo kết quả kiểm tra và đề nghị khắc phục",
        addressee=agency_b.name,
        number="180/SKHCN-TĐC",
        day=date(2026, 10, 20),
    )
    paper = paperwork.result_letter(inspection, today=TODAY)
    _both(paper.render, expected, "Văn bản thông báo kết quả, đề nghị khắc phục (Điều 37)", checked)


@pytest.mark.parametrize(
    ("kind", "half"),
    [
        (Report.Kind.SIX_MONTH, 2),
        (Report.Kind.YEARLY, None),
        (Report.Kind.INSPECTION_SUMMARY, None),
        (Report.Kind.MINISTRY, None),
    ],
)
def test_each_kind_of_report(plan, coordinator, province, kind, half, tmp_path, settings, checked):
    settings.MEDIA_ROOT = tmp_path
    report = ReportFactory(province=province, kind=kind, year=2026, half=half, signer_name="Nguyễn Văn Minh")
    services.report_request_generation(report=report, actor=coordinator)
    services.report_build(report=report, actor=coordinator, today=TODAY)
    services.report_issue(
        report=report, number="566/BC-SKHCN", issued_on=date(2026, 12, 10), actor=coordinator
    )
    report.refresh_from_db()
    expected = nd30.Expectation(
        agency=SKHCN,
        type_name="BÁO CÁO",
        place="Hà Tĩnh",
        day=date(2026, 12, 10),
        number="566/BC-SKHCN",
        signatures=(report.signer_authority, report.signer_position),
        recipients=True,
    )
    _check(nd30.docx_lines(report.docx_file.read()), expected)
    _check(nd30.pdf_lines(report.pdf_file.read()), expected)
    checked(f"{report.get_kind_display()} (.docx, .pdf)")
    assert "UBND TỈNH HÀ TĨNH" in nd30.docx_lines(reporting.render_docx(report, TODAY))


def test_the_announcement_decision(agency_a, checked):
    decision = AnnouncementFactory(
        agency=agency_a,
        status="announced",
        number="15/QĐ-SKHCN",
        decided_on=date(2026, 6, 10),
        signer_name="Trần Văn Bình",
        signer_position="Giám đốc",
    )
    expected = nd30.Expectation(
        agency=agency_a.name,
        type_name="QUYẾT ĐỊNH",
        place="Hà Tĩnh",
        day=date(2026, 6, 10),
        number="15/QĐ-SKHCN",
        signatures=("GIÁM ĐỐC",),
        recipients=True,
    )
    lines = nd30.docx_lines(improvement_reports.announcement_decision_docx(decision))
    _check(lines, expected)
    checked("Quyết định công bố HTQLCL (.docx)")
    assert "UBND TỈNH HÀ TĨNH" in lines
