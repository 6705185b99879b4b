"""The yearly objectives table and the risk register of the working agency, as .xlsx and as
.docx in the NĐ 30/2020 layout, built by `core.rendering` (they go into the management review
and the reports to the province)."""

from django.contrib.auth.decorators import login_required
from django.utils import timezone

from eiso.core import rendering
from eiso.core.downloads import DOCX, XLSX, attachment
from eiso.core.query import query_year
from eiso.core.roles import QMS_MANAGERS_AND_AUDITORS
from eiso.core.tenancy import working_agency
from eiso.quality import selectors
from eiso.quality.matrix import matrix_for
from eiso.quality.models.objectives import format_number

OBJECTIVE_COLUMNS = [
    "TT",
    "Mục tiêu",
    "Chỉ số",
    "Chỉ tiêu",
    "Kết quả theo kỳ",
    "Đánh giá",
    "Người chịu trách nhiệm",
]
RISK_COLUMNS = [
    "TT",
    "Loại",
    "Rủi ro/cơ hội",
    "Quy trình, hoạt động",
    "Mức ban đầu",
    "Hành động xử lý",
    "Mức sau xử lý",
    "Trạng thái",
]


def _year(request) -> int:
    return query_year(request, default=timezone.localdate().year)


def _objectives_table(request, agency, year: int) -> rendering.Table:
    objectives = selectors.objective_list(user=request.user, year=year, agency=agency)
    rows = []
    for index, row in enumerate(selectors.objective_rows(objectives, today=timezone.localdate()), start=1):
        objective = row.objective
        results = "; ".join(
            f"{cell.period.label}: "
            + (
                f"{format_number(cell.value.value)} {objective.measure_unit}"
                if cell.value is not None and cell.value.value is not None
                else "chưa có dữ liệu"
            )
            for cell in row.cells
            if cell.attainment
        )
        rows.append(
            [
                index,
                objective.statement,
                objective.indicator,
                objective.target_display,
                results,
                row.attainment_label,
                str(objective.owner or ""),
            ]
        )
    return rendering.Table(columns=OBJECTIVE_COLUMNS, rows=rows, widths_cm=[1, 6, 4.5, 2.5, 6, 2.5, 3.5])


def _risks_table(request, agency) -> rendering.Table:
    matrix = matrix_for(agency)
    rows = []
    for index, risk in enumerate(selectors.risk_list(user=request.user, agency=agency), start=1):
        treatments = "; ".join(
            f"{a.title} ({a.due_on:%d/%m/%Y}, {a.get_status_display().lower()})"
            for a in selectors.actions_for(risk)
        )
        residual = risk.residual_score
        rows.append(
            [
                index,
                risk.get_kind_display(),
                risk.title,
                risk.process,
                f"{risk.likelihood}×{risk.impact} = {risk.score} ({matrix.band_for(risk.score).label})",
                treatments,
                f"{residual} ({matrix.band_for(residual).label})" if residual else "",
                risk.get_status_display(),
            ]
        )
    return rendering.Table(columns=RISK_COLUMNS, rows=rows, widths_cm=[1, 1.8, 5.5, 3.5, 3, 6, 2.7, 2.5])


def _docx(agency, table: rendering.Table, *, code: str, summary: str) -> bytes:
    header = rendering.OfficialHeader(
        parent_agency=rendering.parent_agency_line(agency),
        agency=agency.name,
        number=f"…/{code}-{agency.short_name or 'ISO'}",
        place=agency.province.place_name,
        day=timezone.localdate(),
        type_name="BẢNG TỔNG HỢP" if code == "BC" else "DANH MỤC",
        summary=summary,
    )
    signature = rendering.Signature(
        position="Thủ trưởng cơ quan", recipients=["Các phòng, ban;", "Lưu: VT, ISO."]
    )
    return rendering.official_docx(header=header, signature=signature, body=[table], landscape=True)


@login_required
def objective_table_xlsx(request):
    agency = working_agency(request, *QMS_MANAGERS_AND_AUDITORS)
    year = _year(request)
    data = rendering.xlsx_table(
        title=f"MỤC TIÊU CHẤT LƯỢNG NĂM {year} — {agency.name.upper()}",
        subtitle=f"Lập ngày {timezone.localdate():%d/%m/%Y}",
        table=_objectives_table(request, agency, year),
        sheet_name=f"Mục tiêu {year}",
    )
    return attachment(data, filename=f"muc-tieu-chat-luong-{year}.xlsx", content_type=XLSX)


@login_required
def objective_table_docx(request):
    agency = working_agency(request, *QMS_MANAGERS_AND_AUDITORS)
    year = _year(request)
    data = _docx(
        agency,
        _objectives_table(request, agency, year),
        code="BC",
        summary=f"Kết quả thực hiện mục tiêu chất lượng năm {year}",
    )
    return attachment(data, filename=f"muc-tieu-chat-luong-{year}.docx", content_type=DOCX)


@login_required
def risk_register_xlsx(request):
    agency = working_agency(request, *QMS_MANAGERS_AND_AUDITORS)
    data = rendering.xlsx_table(
        title=f"SỔ ĐĂNG KÝ RỦI RO VÀ CƠ HỘI — {agency.name.upper()}",
        subtitle=f"Lập ngày {timezone.localdate():%d/%m/%Y}",
        table=_risks_table(request, agency),
        sheet_name="Rủi ro và cơ hội",
    )
    return attachment(data, filename=f"rui-ro-co-hoi-{timezone.localdate():%Y%m%d}.xlsx", content_type=XLSX)


@login_required
def risk_register_docx(request):
    agency = working_agency(request, *QMS_MANAGERS_AND_AUDITORS)
    data = _docx(
        agency,
        _risks_table(request, agency),
        code="DM",
        summary="Rủi ro và cơ hội của hệ thống quản lý chất lượng",
    )
    return attachment(data, filename=f"rui-ro-co-hoi-{timezone.localdate():%Y%m%d}.docx", content_type=DOCX)
