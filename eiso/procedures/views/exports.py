"""Downloads: one process as .docx in the NĐ 30/2020 layout, with its step table as the annex
of an approving decision shows it, and the agency's list of processes as .xlsx."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils import timezone

from eiso.core import rendering
from eiso.core.downloads import DOCX, XLSX, attachment
from eiso.core.tenancy import get_for_user_or_404, working_agency
from eiso.procedures import selectors, services
from eiso.procedures.models import Process

STEP_COLUMNS = ["TT", "Trình tự", "Trách nhiệm", "Thời gian", "Biểu mẫu/Kết quả"]
LIST_COLUMNS = [
    "TT",
    "Ký hiệu",
    "Tên quy trình",
    "Thủ tục hành chính",
    "Lần ban hành",
    "Ngày hiệu lực",
    "Theo mẫu",
]


def _step_table(steps) -> rendering.Table:
    rows = []
    for step in steps:
        responsible = step.responsible + (
            f"\n{step.role}" if step.role and step.role != step.responsible else ""
        )
        rows.append(
            [
                step.label,
                step.name + (f"\n{step.description}" if step.description else ""),
                responsible,
                step.duration_display,
                "\n".join(part for part in (step.forms, step.outputs) if part),
            ]
        )
    return rendering.Table(columns=STEP_COLUMNS, rows=rows, widths_cm=[1.2, 6.5, 4, 2.6, 3.7])


def _paragraphs(process, version, check, procedures, steps) -> list[str]:
    effective = f", có hiệu lực từ {version.effective_on:%d/%m/%Y}" if version.effective_on else ""
    lines = [
        f"(Kèm theo Quyết định số …/QĐ-… ngày … ban hành quy trình nội bộ giải quyết thủ tục hành chính"
        f" của {process.agency.name})",
        f"1. Ký hiệu quy trình: {process.code}; lần ban hành: {version.number}{effective}.",
    ]
    for procedure in procedures:
        pv = procedure.current_version
        time = pv.processing_time_display
        lines.append(f"2. Thủ tục hành chính: {procedure.code} — {pv.name}; thời hạn giải quyết: {time}.")
    limit = f"; thời hạn theo quy định: {check.limit.label}" if check.limit else ""
    lines.append(f"3. Quy trình xử lý công việc: tổng thời gian các bước {check.total_text}{limit}.")
    records = [s for s in steps if s.records]
    if records:
        kept = "; ".join(
            f"{s.records}"
            + (f" (lưu tại {s.record_location}" if s.record_location else "")
            + (f", {s.record_retention_years} năm" if s.record_retention_years else "")
            + (")" if s.record_location else "")
            for s in records
        )
        lines.append(f"4. Hồ sơ lưu: {kept}.")
    return lines


@login_required
def process_docx(request, pk: int):
    process = get_for_user_or_404(Process, request.user, pk=pk)
    versions = selectors.process_versions(process=process)
    number = request.GET.get("phien-ban", "")
    version = next((v for v in versions if str(v.number) == number), None) if number else None
    version = version or next((v for v in versions if v.pk == process.document.current_version_id), None)
    version = version or (versions[0] if versions else None)
    if version is None:
        raise Http404
    steps = selectors.version_steps(version=version)
    check = services.time_check(process=process, version=version)
    procedures = list(process.procedures.select_related("current_version").order_by("code"))
    agency = process.agency
    header = rendering.OfficialHeader(
        parent_agency=rendering.parent_agency_line(agency),
        agency=agency.name,
        number=f"…/QĐ-{agency.short_name or 'UBND'}",
        place=agency.province.place_name,
        day=version.effective_on or timezone.localdate(),
        type_name="QUY TRÌNH",
        summary=process.name,
    )
    approver = version.approved_by.full_name if version.approved_by_id else ""
    signature = rendering.Signature(
        authority="",
        position="Thủ trưởng cơ quan",
        name=approver,
        recipients=["Các phòng, ban;", "Lưu: VT, ISO."],
    )
    data = rendering.official_docx(
        header=header,
        signature=signature,
        body=[*_paragraphs(process, version, check, procedures, steps), _step_table(steps)],
    )
    return attachment(
        data, filename=f"quy-trinh-{process.code.lower()}-lan-{version.number}.docx", content_type=DOCX
    )


@login_required
def process_list_xlsx(request):
    agency = working_agency(request)
    processes = selectors.process_list(user=request.user, agency=agency)
    rows = []
    for index, process in enumerate(processes, start=1):
        current = process.document.current_version
        rows.append(
            [
                index,
                process.code,
                process.name,
                ", ".join(p.code for p in process.procedures.all()),
                current.number if current else "Chưa ban hành",
                current.effective_on if current else None,
                process.template_version.template.code if process.template_version_id else "",
            ]
        )
    today = timezone.localdate()
    data = rendering.xlsx_table(
        title=f"DANH MỤC QUY TRÌNH NỘI BỘ GIẢI QUYẾT TTHC — {agency.name.upper()}",
        subtitle=f"Lập ngày {today:%d/%m/%Y}",
        table=rendering.Table(columns=LIST_COLUMNS, rows=rows),
        sheet_name="Quy trình",
    )
    return attachment(data, filename=f"danh-muc-quy-trinh-{today:%Y%m%d}.xlsx", content_type=XLSX)
