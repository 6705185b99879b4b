"""The tracking book (sổ theo dõi hồ sơ): TT 03/2025 Mẫu 07 and TT 01/2018 Mẫu 06, as .xlsx.

One sheet per set of forms the period touches (dossiers received before 01/07/2025 are entered in
the 2018 book, the others in the 2025 one), each with its heading: the managing body and the agency,
the title, the form and its circular, the book's number and year, the period; then the book's own
columns (regulations.md §4.4, §4.9.4). The row number (STT) is the dossier's entry number in the
year's book, the number of its receipt ("Vào Sổ theo dõi hồ sơ, …, Số thứ tự …").

Built for a year of a busy agency in well under a second: one query per sheet read as tuples
(`values_list(...).iterator()`; the entry number, the first transfer to a unit and the deciding
agency are correlated subqueries), written by openpyxl in write-only mode, which streams rows to
the file instead of keeping a cell object per value (bench/tracking_book_bench.py).
"""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import OuterRef, Subquery

from eiso.core.rendering import parent_agency_line
from eiso.dossiers.formsets import FORM_SETS, TRACKING_BOOK, FormSet, form_set_for
from eiso.dossiers.models import Channel, Dossier, DossierStep, FormKind, IssuedForm, Outcome, Status

# (column title, width); a title "group|name" sits under a merged group heading.
COLUMNS = {
    "tt03-2025": [
        ("STT", 6),
        ("Mã hồ sơ", 26),
        ("Tên thủ tục hành chính", 40),
        ("Tên tổ chức, cá nhân", 24),
        ("Địa chỉ, số điện thoại", 30),
        ("Cơ quan chủ trì giải quyết", 26),
        ("Nhận và trả kết quả|Nhận hồ sơ", 17),
        ("Nhận và trả kết quả|Hẹn trả kết quả", 17),
        ("Nhận và trả kết quả|Trả kết quả", 17),
        ("Nhận và trả kết quả|Phương thức nhận kết quả", 22),
        ("Nhận và trả kết quả|Ký nhận", 14),
        ("Ghi chú", 26),
    ],
    "tt01-2018": [
        ("STT", 6),
        ("Mã hồ sơ", 26),
        ("Tên thủ tục hành chính", 40),
        ("Số lượng hồ sơ (bộ)", 9),
        ("Tên cá nhân, tổ chức", 24),
        ("Địa chỉ, số điện thoại", 30),
        ("Cơ quan chủ trì giải quyết", 26),
        ("Ngày, tháng, năm|Nhận hồ sơ", 17),
        ("Ngày, tháng, năm|Hẹn trả kết quả", 17),
        ("Ngày, tháng, năm|Chuyển hồ sơ đến cơ quan giải quyết", 17),
        ("Ngày, tháng, năm|Nhận kết quả từ cơ quan giải quyết", 17),
        ("Ngày, tháng, năm|Trả kết quả cho cá nhân, tổ chức", 17),
        ("Ký nhận", 14),
        ("Ghi chú", 26),
    ],
}
FIELDS = [
    "book_serial",
    "code",
    "procedure_version__name",
    "sets",
    "applicant_name",
    "applicant_address",
    "applicant_phone",
    "lead_agency",
    "received_at",
    "legal_due",
    "transferred_at",
    "ended_at",
    "refused",
    "returned_at",
    "return_place",
    "channel",
    "status",
    "outcome",
    "extended",
    "appointment",
]
CHANNEL_RETURN = {
    Channel.DIRECT: "Tại Bộ phận Một cửa",
    Channel.ONLINE: "Trực tuyến",
    Channel.POST: "Qua dịch vụ bưu chính công ích",
}
CLOSED_NOTES = {
    Status.REFUSED: "Từ chối giải quyết",
    Status.STOPPED: "Dừng giải quyết theo đề nghị",
    Status.CLOSED: "Kết thúc do không bổ sung hồ sơ",
}
STATUS_LABELS = dict(Status.choices)
OUTCOME_LABELS = dict(Outcome.choices)
VIETNAM = ZoneInfo(settings.TIME_ZONE)


def _when(value: datetime | None) -> str:
    return value.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y") if value else ""


def book_rows(agency, start: date, end: date):
    """The book's entries received in [start, end], in reception order, as tuples of FIELDS."""
    steps = DossierStep.objects.filter(dossier=OuterRef("pk"))
    return (
        Dossier.objects.filter(agency=agency, received_on__range=(start, end))
        .annotate(
            book_serial=Subquery(
                IssuedForm.objects.filter(dossier=OuterRef("pk"), kind=FormKind.RECEIPT).values("serial")[:1]
            ),
            transferred_at=Subquery(
                steps.filter(started_at__isnull=False).order_by("order").values("started_at")[:1]
            ),
            # The agency of the deciding (last) step when it is another agency, else the receiving one.
            lead_agency=Subquery(steps.order_by("-order").values("other_agency__name")[:1]),
        )
        .order_by("received_at", "pk")
        .values_list(*FIELDS)
        .iterator(chunk_size=2000)
    )


def _note(row: dict) -> str:
    status = row["status"]
    if status in CLOSED_NOTES:
        note = CLOSED_NOTES[status]
    elif row["outcome"]:
        note = OUTCOME_LABELS[row["outcome"]]
    else:
        note = STATUS_LABELS[status]
    if row["extended"]:
        note += f"; xin lỗi, hẹn lại {_when(row['appointment'])}"
    return note


def _values(form_set: FormSet, agency_name: str, values: tuple) -> list:
    row = dict(zip(FIELDS, values, strict=True))
    contact = ", ".join(part for part in (row["applicant_address"], row["applicant_phone"]) if part)
    lead = row["lead_agency"] or agency_name
    returned = _when(row["returned_at"])
    method = row["return_place"] or CHANNEL_RETURN.get(row["channel"], "")
    if form_set.key == "tt03-2025":
        return [
            row["book_serial"],
            row["code"],
            row["procedure_version__name"],
            row["applicant_name"],
            contact,
            lead,
            _when(row["received_at"]),
            _when(row["legal_due"]),
            returned,
            method,
            "",
            _note(row),
        ]
    result_back = "" if row["refused"] else _when(row["ended_at"])
    return [
        row["book_serial"],
        row["code"],
        row["procedure_version__name"],
        row["sets"],
        row["applicant_name"],
        contact,
        lead,
        _when(row["received_at"]),
        _when(row["legal_due"]),
        _when(row["transferred_at"]),
        result_back,
        returned,
        "",
        _note(row),
    ]


def _heading(sheet, form_set: FormSet, agency, start: date, end: date) -> int:
    """The book's heading rows; returns the number of rows written."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    spec = form_set.forms[TRACKING_BOOK]
    width = len(COLUMNS[form_set.key])

    def line(text: str, *, bold=False, italic=False, size=12) -> list:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(name="Times New Roman", bold=bold, italic=italic, size=size)
        cell.alignment = Alignment(horizontal="center")
        return [cell]

    years = f"năm {start.year}" if start.year == end.year else f"năm {start.year}–{end.year}"
    rows = [
        line(f"Mẫu số {spec.number} - {form_set.basis}", italic=True, size=10),
        line(parent_agency_line(agency)),
        line(agency.name.upper(), bold=True),
        line(spec.title, bold=True, size=14),
        line(f"Quyển số 01 {years}", italic=True),
        line(f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}", italic=True),
    ]
    for index, row in enumerate(rows, start=1):
        sheet.append(row)
        sheet.merged_cells.add(f"A{index}:{_letter(width)}{index}")
    sheet.append([])
    return len(rows) + 1


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def _column_heads(sheet, form_set: FormSet, first_row: int) -> None:
    """Two header rows: group headings merged over their columns, the columns' own titles."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    columns = COLUMNS[form_set.key]

    def head(text: str):
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(name="Times New Roman", bold=True, size=11)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        return cell

    groups, names = [], []
    for index, (title, _) in enumerate(columns, start=1):
        group, _, name = title.rpartition("|")
        names.append(head(name))
        groups.append(head(group or name))
        letter = _letter(index)
        if not group:
            sheet.merged_cells.add(f"{letter}{first_row}:{letter}{first_row + 1}")
    index = 1
    while index <= len(columns):
        group = columns[index - 1][0].rpartition("|")[0]
        span = 1
        while group and index + span <= len(columns) and columns[index + span - 1][0].startswith(group + "|"):
            span += 1
        if group and span > 1:
            sheet.merged_cells.add(f"{_letter(index)}{first_row}:{_letter(index + span - 1)}{first_row}")
        index += span
    sheet.append(groups)
    sheet.append(names)


def _sheet(workbook, form_set: FormSet, agency, start: date, end: date) -> None:
    sheet = workbook.create_sheet(f"Mẫu {form_set.forms[TRACKING_BOOK].number} ({form_set.key[-4:]})")
    for index, (_, width) in enumerate(COLUMNS[form_set.key], start=1):
        sheet.column_dimensions[_letter(index)].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4 (ECMA-376 paper size code)
    sheet.page_setup.fitToWidth = 1
    first = _heading(sheet, form_set, agency, start, end) + 1
    sheet.freeze_panes = f"A{first + 2}"
    sheet.print_title_rows = f"{first}:{first + 1}"
    _column_heads(sheet, form_set, first)
    for values in book_rows(agency, start, end):
        sheet.append(_as_text(sheet, _values(form_set, agency.name, values)))


def _as_text(sheet, row: list) -> list:
    """openpyxl takes a string that begins with "=" for a formula: an applicant who types
    '=HYPERLINK(…)' as a name online would put a live formula (or a link) in the officer's book."""
    from openpyxl.cell import WriteOnlyCell

    for index, value in enumerate(row):
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            row[index] = cell
    return row


def eras(start: date, end: date) -> list[tuple[FormSet, date, date]]:
    """(form set, first day, last day) of each set in force for receptions in [start, end]."""
    result = []
    for form_set in sorted(FORM_SETS, key=lambda s: s.valid_from):
        later = [s.valid_from for s in FORM_SETS if s.valid_from > form_set.valid_from]
        first = max(start, form_set.valid_from)
        last = min(end, date.fromordinal(min(later).toordinal() - 1)) if later else end
        if first <= last:
            result.append((form_set, first, last))
    return result or [(form_set_for(start), start, end)]


def tracking_book_xlsx(agency, start: date, end: date) -> bytes:
    """The agency's tracking book for receptions in [start, end], one sheet per set of forms."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for form_set, first, last in eras(start, end):
        _sheet(workbook, form_set, agency, first, last)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
