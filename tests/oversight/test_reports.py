import io
from datetime import date

import docx
import pytest
from django.core.exceptions import PermissionDenied

from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.oversight import reporting, services, tasks
from eiso.oversight.models import Inspection, PlanEntry, Report, RolloutPlan
from tests.improvement.factories import AnnouncementFactory
from tests.oversight.factories import (
    InspectionFactory,
    InspectionPlanFactory,
    PlanEntryFactory,
    ReportFactory,
    RolloutPlanFactory,
)

TODAY = date(2026, 7, 10)


def _document_text(report) -> str:
    document = docx.Document(io.BytesIO(report.docx_file.read()))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


@pytest.fixture
def report(province, coordinator):
    return services.report_create(
        province=province,
        kind=Report.Kind.SIX_MONTH,
        year=2026,
        half=1,
        actor=coordinator,
        strengths="Các cơ quan tuân thủ kế hoạch.",
        signer_name="Nguyễn Văn Minh",
    )


@pytest.fixture
def with_data(province, agency_a, agency_b):
    """Two agencies building their QMS: A announced (in the register), B only says it has."""
    plan = RolloutPlanFactory(province=province, year=2026)
    PlanEntryFactory(plan=plan, agency=agency_a, track=PlanEntry.Track.BUILD_NEW)
    AnnouncementFactory(
        agency=agency_a, status="announced", number="12/QĐ-SKHCN", decided_on=date(2026, 5, 4)
    )
    PlanEntryFactory(
        plan=plan, agency=agency_b, track=PlanEntry.Track.BUILD_NEW, stage=PlanEntry.Stage.ANNOUNCED
    )
    inspections = InspectionPlanFactory(province=province, year=2026)
    InspectionFactory(plan=inspections, agency=agency_a, form=Inspection.Form.ON_SITE)


def test_prose_written_in_the_editor_is_cleaned_and_reaches_the_docx_as_lines(report, coordinator):
    services.report_update(
        report=report,
        strengths='<p style="color:red">Tuân thủ <b>kế hoạch</b></p><ul><li><p>Đúng hạn</p></li></ul>',
        actor=coordinator,
        recipients="UBND tỉnh",
    )
    report.refresh_from_db()
    assert report.strengths == "<p>Tuân thủ <b>kế hoạch</b></p><ul><li><p>Đúng hạn</p></li></ul>"
    assert report.recipients == "UBND tỉnh"
    entry = AuditEntry.objects.filter(action="report.update").get()
    assert entry.changes["strengths"][1] == "Tuân thủ kế hoạch\n- Đúng hạn"
    services.report_request_generation(report=report, actor=coordinator)
    services.report_build(report=report, actor=coordinator, today=TODAY)
    report.refresh_from_db()
    text = _document_text(report)
    assert "Tuân thủ kế hoạch" in text and "- Đúng hạn" in text and "<" not in text


def test_six_month_report_needs_its_half(province, coordinator):
    with pytest.raises(DomainError, match="chọn kỳ"):
        services.report_create(province=province, kind=Report.Kind.SIX_MONTH, year=2026, actor=coordinator)


def test_steering_member_cannot_write_a_report(report, steering):
    with pytest.raises(PermissionDenied):
        services.report_update(report=report, weaknesses="x", actor=steering)


def test_generated_docx_has_the_nd30_parts_the_counts_and_the_prose(report, coordinator, with_data):
    services.report_request_generation(report=report, actor=coordinator)
    services.report_build(report=report, actor=coordinator, today=TODAY)
    report.refresh_from_db()
    assert report.is_generated and report.progress == 100 and report.pdf_file
    assert report.status == Report.Status.DRAFT
    text = _document_text(report)
    for part in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "Số: …/BC-SKHCN",
        "BÁO CÁO",
        "Nơi nhận:",
        "KT. GIÁM ĐỐC",
        "Nguyễn Văn Minh",
        "I. KẾT QUẢ THỰC HIỆN 6 THÁNG ĐẦU NĂM 2026",
        "II. KẾ HOẠCH 6 THÁNG CUỐI NĂM 2026",
        "III. KIẾN NGHỊ, ĐỀ XUẤT",
        "Các cơ quan tuân thủ kế hoạch.",
    ]:
        assert part in text, part
    assert "xây dựng mới tại 2 cơ quan" in text
    assert "Xây dựng mới: 2 cơ quan, trong đó 1 cơ quan đã công bố HTQLCL" in text
    assert (
        "2 cơ quan trong kế hoạch" not in text and "1 cơ quan trong kế hoạch kiểm tra, 1 tại trụ sở" in text
    )
    assert report.figures["tracks"][0] == {
        "label": "Xây dựng mới",
        "total": 2,
        "announced": 1,
        "average_progress": 0,
        "overdue_milestones": 0,
    }


def _body_order(document) -> list[str]:
    """Paragraph texts and "[table: …]" markers in document order."""
    order = []
    for element in document.element.body.iterchildren():
        text = "".join(node.text or "" for node in element.iter() if node.tag.endswith("}t"))
        if element.tag.endswith("}tbl"):
            order.append(f"[table: {text[:12]}]")
        elif text.strip():
            order.append(text)
    return order


def test_the_group_table_sits_in_the_results_section_under_bold_headings(report, coordinator, with_data):
    services.report_request_generation(report=report, actor=coordinator)
    services.report_build(report=report, actor=coordinator, today=TODAY)
    report.refresh_from_db()
    document = docx.Document(io.BytesIO(report.docx_file.read()))
    order = _body_order(document)
    results = order.index("2. Kết quả thực hiện tại các cơ quan")
    table = order.index("[table: Nhóm cơ quan]")
    assert results < table < order.index("3. Đánh giá chung") < order.index("III. KIẾN NGHỊ, ĐỀ XUẤT")
    assert order[table - 1] == "Bảng 1. Kết quả theo nhóm cơ quan trong kế hoạch"
    paragraphs = {p.text: p for p in document.paragraphs}
    for heading in ["I. KẾT QUẢ THỰC HIỆN 6 THÁNG ĐẦU NĂM 2026", "3.1. Ưu điểm", "III. KIẾN NGHỊ, ĐỀ XUẤT"]:
        assert all(run.bold for run in paragraphs[heading].runs), heading
    assert not any(run.bold for run in paragraphs["Các cơ quan tuân thủ kế hoạch."].runs)
    closing = [text for text in paragraphs if text.startswith("Trên đây là báo cáo")]
    assert closing == [
        "Trên đây là báo cáo tình hình xây dựng và áp dụng HTQLCL theo TCVN ISO 9001 tại các cơ quan hành "
        "chính nhà nước trên địa bàn tỉnh Hà Tĩnh 6 tháng đầu năm 2026 của Sở Khoa học và Công nghệ./."
    ]


def test_pdf_has_the_same_sections_and_figures(report, coordinator, with_data):
    import pypdf

    services.report_request_generation(report=report, actor=coordinator)
    services.report_build(report=report, actor=coordinator, today=TODAY)
    report.refresh_from_db()
    reader = pypdf.PdfReader(io.BytesIO(report.pdf_file.read()))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for part in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "2. Kết quả thực hiện tại các cơ quan"]:
        assert part in text, part
    assert text.index("Nhóm cơ quan") < text.index("3. Đánh giá chung")


def test_period_without_data_says_so_in_words(report, coordinator):
    services.report_request_generation(report=report, actor=coordinator)
    services.report_build(report=report, actor=coordinator, today=TODAY)
    report.refresh_from_db()
    assert "Trong kỳ báo cáo chưa có số liệu" in _document_text(report)


def test_generation_runs_as_a_task_after_commit(report, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tasks.start_report_generation(report=report, actor=coordinator)
    report.refresh_from_db()
    assert report.is_generated and report.docx_file


def test_issued_report_is_frozen_and_cannot_be_regenerated(report, coordinator, with_data):
    services.report_request_generation(report=report, actor=coordinator)
    services.report_build(report=report, actor=coordinator, today=TODAY)
    with pytest.raises(DomainError, match="Số, ký hiệu|số, ký hiệu"):
        services.report_issue(report=report, number=" ", issued_on=TODAY, actor=coordinator)
    services.report_issue(report=report, number="566/BC-SKHCN", issued_on=TODAY, actor=coordinator)
    report.refresh_from_db()
    figures = dict(report.figures)
    assert "Số: 566/BC-SKHCN" in _document_text(report)
    assert AuditEntry.objects.filter(action="report.issue").exists()
    PlanEntryFactory(plan=PlanEntry.objects.first().plan, track=PlanEntry.Track.MAINTAIN)
    for attempt in (
        lambda: services.report_request_generation(report=report, actor=coordinator),
        lambda: services.report_update(report=report, strengths="sửa", actor=coordinator),
        lambda: services.report_issue(report=report, number="1/BC", issued_on=TODAY, actor=coordinator),
    ):
        with pytest.raises(DomainError, match="đã ban hành"):
            attempt()
    report.refresh_from_db()
    assert report.figures == figures and report.strengths == "<p>Các cơ quan tuân thủ kế hoạch.</p>"


def test_report_must_be_generated_before_it_is_issued(report, coordinator):
    with pytest.raises(DomainError, match="tạo tệp"):
        services.report_issue(report=report, number="1/BC-SKHCN", issued_on=TODAY, actor=coordinator)


def test_yearly_report_lists_the_ranking(province, coordinator, agency_a, criteria_set):
    report = ReportFactory(province=province, kind=Report.Kind.YEARLY, year=2025, half=None)
    inspection = InspectionFactory(
        agency=agency_a,
        criteria_set=criteria_set,
        form=Inspection.Form.ON_SITE,
        status=Inspection.Status.IN_PROGRESS,
        plan=InspectionPlanFactory(province=province, year=2025),
    )
    from decimal import Decimal

    for criterion in criteria_set.criteria.filter(parent__isnull=False):
        services.inspection_score(
            inspection=inspection, criterion=criterion, points=Decimal(5), evidence="x", actor=coordinator
        )
    services.inspection_conclude(
        inspection=inspection, conclusion="Đạt", minutes_signed_on=date(2025, 10, 1), actor=coordinator
    )
    services.report_request_generation(report=report, actor=coordinator)
    services.report_build(report=report, actor=coordinator, today=TODAY)
    report.refresh_from_db()
    text = _document_text(report)
    assert "Xếp loại" in text and agency_a.name in text and "66,7" in text and "66.7" not in text


def test_inspection_summary_lists_each_inspection_with_its_follow_ups(province, coordinator, agency_a):
    from tests.oversight.factories import FollowUpFactory

    inspection = InspectionFactory(
        agency=agency_a,
        form=Inspection.Form.ON_SITE,
        plan=InspectionPlanFactory(province=province, year=2025),
    )
    FollowUpFactory(inspection=inspection, due_on=date(2025, 11, 30))
    report = ReportFactory(province=province, kind=Report.Kind.INSPECTION_SUMMARY, year=2025, half=None)
    services.report_request_generation(report=report, actor=coordinator)
    services.report_build(report=report, actor=coordinator, today=TODAY)
    report.refresh_from_db()
    text = _document_text(report)
    assert "Kết quả kiểm tra việc áp dụng HTQLCL theo TCVN ISO 9001 năm 2025" in text
    assert agency_a.name in text and "Tại trụ sở" in text and "1 (1 quá hạn)" in text


def test_ministry_report_counts_agencies_by_kind(province, coordinator, agency_a, agency_b):
    from tests.improvement.factories import AnnouncementFactory

    AnnouncementFactory(agency=agency_a, status="announced", number="1/QĐ-SKHCN", decided_on=date(2025, 3, 1))
    report = ReportFactory(province=province, kind=Report.Kind.MINISTRY, year=2026, half=None)
    services.report_request_generation(report=report, actor=coordinator)
    services.report_build(report=report, actor=coordinator, today=TODAY)
    report.refresh_from_db()
    assert report.figures["kind_rows"] == [["Sở, ban, ngành cấp tỉnh", 2, 2, 1, 0, 0, 0]]
    assert "Thuộc diện bắt buộc" in _document_text(report)


def test_a_report_is_not_issued_while_its_files_are_being_generated(report, coordinator):
    services.report_request_generation(report=report, actor=coordinator)
    with pytest.raises(DomainError, match="đang được tạo"):
        services.report_issue(report=report, number="1/BC-SKHCN", issued_on=TODAY, actor=coordinator)
    with pytest.raises(DomainError, match="đang được tạo"):
        services.report_request_generation(report=report, actor=coordinator)


def test_a_failed_generation_is_recorded_on_the_report_and_may_be_retried(report, coordinator, monkeypatch):
    def broken(report, today):
        raise OSError("no fonts")

    monkeypatch.setattr(reporting, "render_pdf", broken)
    services.report_request_generation(report=report, actor=coordinator)
    services.report_build(report=report, actor=coordinator, today=TODAY)
    assert report.has_generation_failed and "no fonts" in report.error and not report.is_issued
    services.report_request_generation(report=report, actor=coordinator)
    assert report.is_generating and report.error == ""
    actions = AuditEntry.objects.filter(target_id=str(report.pk), action="report.generate")
    assert [entry.changes for entry in actions.order_by("pk")] == [
        {"generation": ["none", "running"]},
        {"generation": ["failed", "running"]},
    ]


def test_steering_member_cannot_issue_a_report(report, coordinator, steering):
    services.report_request_generation(report=report, actor=coordinator)
    services.report_build(report=report, actor=coordinator, today=TODAY)
    with pytest.raises(PermissionDenied):
        services.report_issue(report=report, number="1/BC-SKHCN", issued_on=TODAY, actor=steering)


def _built(report, coordinator):
    services.report_request_generation(report=report, actor=coordinator)
    services.report_build(report=report, actor=coordinator, today=TODAY)
    report.refresh_from_db()
    return _document_text(report)


def test_a_year_without_a_rollout_plan_reads_as_whole_sentences(report, coordinator, province, agency_a):
    InspectionFactory(plan=InspectionPlanFactory(province=province, year=2026), agency=agency_a)
    text = _built(report, coordinator)
    assert "triển khai ;" not in text and "triển khai ;" not in " ".join(reporting.results_text(report))
    assert "Năm 2026 chưa có kế hoạch triển khai trên eISO; kết quả cụ thể như sau:" in text
    assert "chưa có mục tiêu chất lượng nào được đo trong năm" in text and "0/0" not in text
    assert "- Năm 2026 chưa có kế hoạch triển khai trên eISO." in text
    assert "- Trong kỳ chưa có lớp đào tạo, tập huấn nào về HTQLCL được ghi nhận trên eISO." in text
    assert "- Chưa có số liệu kinh phí năm 2026 của các cơ quan trên eISO." in text


def test_section_one_of_the_six_month_report_comes_from_the_plans_training_and_budget(
    report, coordinator, province, agency_a, agency_b, with_data
):
    from tests.oversight.factories import BudgetLineFactory, TrainingAttendanceFactory, TrainingSessionFactory

    RolloutPlan.objects.filter(province=province, year=2026).update(
        number="45/KH-SKHCN",
        title="Kế hoạch xây dựng, áp dụng HTQLCL năm 2026",
        status="approved",
        approved_on=date(2026, 1, 20),
    )
    session = TrainingSessionFactory(
        province=province, topic="Đào tạo đánh giá viên nội bộ", held_on=date(2026, 5, 20)
    )
    TrainingAttendanceFactory(session=session, agency=agency_a, has_certificate=True)
    TrainingAttendanceFactory(session=session, agency=agency_a)
    TrainingAttendanceFactory(session=session, agency=agency_b)
    TrainingSessionFactory(province=province, held_on=date(2026, 9, 1))  # the next six months
    BudgetLineFactory(agency=agency_a, year=2026, planned=150_000_000, approved=140_000_000, spent=70_000_000)
    BudgetLineFactory(agency=agency_b, year=2026, planned=60_000_000, approved=60_000_000, spent=30_000_000)
    text = _built(report, coordinator)
    lines = text.splitlines()
    heading = lines.index("1. Công tác chỉ đạo, điều hành của cơ quan đầu mối")
    assert lines[heading + 1 : heading + 5] == [
        "- Kế hoạch số 45/KH-SKHCN ngày 20/01/2026 về xây dựng, áp dụng HTQLCL năm 2026.",
        "- Kế hoạch kiểm tra (dự thảo, chưa phê duyệt): 1 cơ quan, trong đó 1 cơ quan kiểm tra tại trụ sở.",
        "- Tổ chức 1 lớp đào tạo, tập huấn về HTQLCL cho 3 lượt cán bộ, công chức của 2 cơ quan: "
        "Đào tạo đánh giá viên nội bộ (20/05/2026, 3 học viên); 1 học viên được cấp chứng chỉ.",
        "- Kinh phí năm 2026 của 2 cơ quan: dự toán 210.000.000 đồng, được duyệt 200.000.000 đồng, đã chi "
        "100.000.000 đồng (50,0 % kinh phí được duyệt).",
    ]
