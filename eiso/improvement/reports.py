"""Official documents of the improvement app: the audit report and the management review minutes
(.docx and PDF, NĐ 30/2020 layout), the announcement decision (.docx, QĐ 19/2014 Phụ lục I) and
the nonconformity register (.xlsx). Content is gathered here; layout lives in core.rendering."""

from dataclasses import dataclass

from django.utils import timezone

from eiso.core import rendering
from eiso.improvement.models import Announcement, InternalAudit, ManagementReview
from eiso.improvement.selectors import source_actions
from eiso.orgs import editions


@dataclass
class Report:
    header: rendering.OfficialHeader
    signature: rendering.Signature
    body: list[rendering.Block]


def _audit_report(audit: InternalAudit) -> Report:
    team = ", ".join(
        f"{m.user}{' (trưởng đoàn)' if m.is_lead else ''}" for m in audit.team.select_related("user")
    )
    findings = list(audit.findings.select_related("nonconformity", "unit"))
    counts = {
        kind: sum(1 for f in findings if f.kind == kind)
        for kind in ("nc_major", "nc_minor", "observation", "ofi")
    }
    paragraphs = [
        f"Cuộc đánh giá: {audit.code} – {audit.title}.",
        f"Thời gian: từ {audit.planned_start_on:%d/%m/%Y} đến {audit.planned_end_on:%d/%m/%Y}.",
        f"Phạm vi đánh giá: {audit.scope}",
        f"Chuẩn mực đánh giá: {audit.criteria}",
        f"Đoàn đánh giá: {team}.",
        f"Kết quả: {audit.lines.count()} câu hỏi; {counts['nc_major']} điểm không phù hợp nặng, "
        f"{counts['nc_minor']} điểm "
        f"không phù hợp nhẹ, {counts['observation']} điểm lưu ý, {counts['ofi']} cơ hội cải tiến.",
        f"Tóm tắt: {audit.summary or '(chưa ban hành báo cáo)'}",
        f"Kết luận: {audit.conclusions or '(chưa ban hành báo cáo)'}",
        rendering.Heading("Các phát hiện"),
    ]
    rows = [
        (
            index,
            f.clause,
            f.get_kind_display(),
            f.statement,
            f.unit.name if f.unit else "",
            f.nonconformity.code if hasattr(f, "nonconformity") else "",
        )
        for index, f in enumerate(findings, start=1)
    ]
    table = rendering.Table(
        ["TT", "Điều khoản", "Loại", "Nội dung phát hiện", "Đơn vị", "Số KPH"], rows, [1, 2, 3, 6.5, 3, 2.5]
    )
    header = rendering.OfficialHeader(
        parent_agency=rendering.parent_agency_line(audit.agency),
        agency=audit.agency.name,
        number=audit.report_number or f"{audit.code}/BC",
        place=audit.agency.province.place_name,
        day=audit.reported_on or timezone.localdate(),
        type_name="BÁO CÁO",
        summary=f"Kết quả đánh giá nội bộ hệ thống quản lý chất lượng năm {audit.programme.year}",
    )
    signature = rendering.Signature(
        position="TRƯỞNG ĐOÀN ĐÁNH GIÁ",
        name=str(audit.lead_auditor),
        recipients=["Lãnh đạo cơ quan", "Các đơn vị được đánh giá", "Lưu: VT, ISO"],
    )
    return Report(header, signature, [*paragraphs, table])


def _review_minutes(review: ManagementReview) -> Report:
    paragraphs = [
        f"Thời gian: ngày {review.held_on:%d/%m/%Y}." if review.held_on else "Cuộc họp chưa diễn ra.",
        f"Địa điểm: {review.location or 'trụ sở cơ quan'}.",
        f"Chủ trì: {review.chair}.",
        f"Thành phần tham dự: {review.participants}",
        f"Kỳ số liệu: từ {review.period_start:%d/%m/%Y} đến {review.period_end:%d/%m/%Y}.",
        rendering.Heading(f"I. ĐẦU VÀO CỦA XEM XÉT ({editions.name(review.agency)}, mục 9.3.2)"),
    ]
    for number, section in enumerate(review.inputs, start=1):
        body = "; ".join(section["lines"]) or section["gap"]
        if section.get("note"):
            body = f"{body} {section['note']}".strip()
        paragraphs.append(f"{number}. {section['title']}: {body}")
    paragraphs += [
        rendering.Heading("II. KẾT LUẬN"),
        review.conclusions or "(chưa có)",
        rendering.Heading("III. HÀNH ĐỘNG ĐƯỢC GIAO"),
    ]
    rows = [
        (i, a.title, str(a.owner or ""), a.due_on, a.get_status_display())
        for i, a in enumerate(source_actions(review), start=1)
    ]
    table = rendering.Table(
        ["TT", "Nội dung", "Người thực hiện", "Hạn", "Tình trạng"], rows, [1, 7, 3.5, 2.5, 3]
    )
    header = rendering.OfficialHeader(
        parent_agency=rendering.parent_agency_line(review.agency),
        agency=review.agency.name,
        number=review.minutes_number or "…/BB",
        place=review.agency.province.place_name,
        day=review.held_on or review.planned_on,
        type_name="BIÊN BẢN",
        summary=f"Họp {review.title.lower()}",
    )
    signature = rendering.Signature(
        position="CHỦ TRÌ", name=str(review.chair), recipients=["Các đơn vị", "Lưu: VT, ISO"]
    )
    return Report(header, signature, [*paragraphs, table])


def _docx(report: Report) -> bytes:
    return rendering.official_docx(header=report.header, signature=report.signature, body=report.body)


def _pdf(report: Report) -> bytes:
    return rendering.official_pdf(header=report.header, signature=report.signature, body=report.body)


def audit_report_docx(audit: InternalAudit) -> bytes:
    return _docx(_audit_report(audit))


def audit_report_pdf(audit: InternalAudit) -> bytes:
    return _pdf(_audit_report(audit))


def review_minutes_docx(review: ManagementReview) -> bytes:
    return _docx(_review_minutes(review))


def review_minutes_pdf(review: ManagementReview) -> bytes:
    return _pdf(_review_minutes(review))


def announcement_decision_docx(announcement: Announcement) -> bytes:
    return rendering.official_docx(**_announcement_decision(announcement))


def announcement_decision_pdf(announcement: Announcement) -> bytes:
    return rendering.official_pdf(**_announcement_decision(announcement))


def _announcement_decision(announcement: Announcement) -> dict:
    """The decision announcing that the QMS conforms to TCVN ISO 9001:2015 (QĐ 19/2014 Phụ lục I),
    with its scope annex: the parts of `official_docx` and `official_pdf`."""
    agency = announcement.agency
    reannounce = announcement.kind != Announcement.Kind.FIRST
    action = "Công bố lại" if reannounce else "Công bố"
    paragraphs = [
        rendering.Paragraph(
            "Căn cứ Quyết định số 19/2014/QĐ-TTg ngày 05 tháng 3 năm 2014 của Thủ tướng Chính phủ về việc "
            "áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001 vào hoạt động của "
            "các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước;",
            italic=True,
        ),
        rendering.Paragraph(f"Căn cứ chức năng, nhiệm vụ, quyền hạn của {agency.name};", italic=True),
        rendering.Paragraph("Xét đề nghị của Thư ký ISO của cơ quan,", italic=True),
        rendering.Paragraph("QUYẾT ĐỊNH:", centered=True),
        rendering.Paragraph(
            f"{action} Hệ thống quản lý chất lượng của {agency.name} phù hợp {editions.citation(agency)} "
            "đối với các hoạt động xử lý công việc nêu tại Phụ lục kèm theo Quyết định "
            "này.",
            lead="Điều 1.",
        ),
        rendering.Paragraph(
            "Quyết định này có hiệu lực kể từ ngày ký."
            + (
                " Quyết định công bố trước đây hết hiệu lực kể từ ngày Quyết định này có hiệu lực."
                if reannounce
                else ""
            ),
            lead="Điều 2.",
        ),
        rendering.Paragraph(
            "Các đơn vị, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này.", lead="Điều 3."
        ),
        rendering.Paragraph("PHỤ LỤC: PHẠM VI ÁP DỤNG HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG", centered=True),
    ]
    if announcement.scope.get("internal_activities"):
        paragraphs.append(f"Hoạt động nội bộ: {announcement.scope['internal_activities']}")
    rows = [
        (i, p["code"], p["title"]) for i, p in enumerate(announcement.scope.get("processes", []), start=1)
    ]
    header = rendering.OfficialHeader(
        parent_agency=rendering.parent_agency_line(agency),
        agency=agency.name,
        number=announcement.number or "…/QĐ",
        place=agency.province.place_name,
        day=announcement.decided_on or timezone.localdate(),
        type_name="QUYẾT ĐỊNH",
        summary=(
            f"Về việc {'công bố lại' if reannounce else 'công bố'} Hệ thống quản lý chất lượng phù hợp "
            f"{editions.citation(agency)}"
        ),
    )
    signature = rendering.Signature(
        position=announcement.signer_position,
        name=announcement.signer_name,
        recipients=[
            "Như Điều 3;",
            "Sở Khoa học và Công nghệ (để báo cáo);",
            "Trang thông tin điện tử của cơ quan;",
            "Lưu: VT, ISO.",
        ],
    )
    table = rendering.Table(["TT", "Mã quy trình", "Tên quy trình"], rows, [1, 3.5, 11.5])
    return {"header": header, "signature": signature, "body": [*paragraphs, table]}


def nonconformity_register_xlsx(rows) -> bytes:
    """The nonconformity register as a spreadsheet."""
    table = rendering.Table(
        [
            "Số hiệu",
            "Cơ quan",
            "Ngày phát hiện",
            "Nguồn",
            "Mức độ",
            "Tóm tắt",
            "Nguyên nhân gốc",
            "Trạng thái",
            "Ngày kiểm tra hiệu lực",
            "Ngày đóng",
        ],
        [
            (
                nc.code,
                nc.agency.name,
                nc.detected_on,
                nc.get_source_display(),
                nc.get_severity_display(),
                nc.title,
                nc.root_cause,
                nc.get_status_display(),
                nc.effectiveness_check_on,
                nc.closed_on,
            )
            for nc in rows
        ],
    )
    return rendering.xlsx_table(
        title="SỔ THEO DÕI ĐIỂM KHÔNG PHÙ HỢP VÀ HÀNH ĐỘNG KHẮC PHỤC",
        table=table,
        sheet_name="Điểm không phù hợp",
    )
