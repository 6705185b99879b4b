"""Rendering of official documents and tables: .docx in the layout of Nghị định 30/2020/NĐ-CP,
.xlsx tables, and PDF from HTML. Reports of every app reuse these helpers, so they take plain
data (strings, dates, rows) and know nothing of any model, except the lines of the heading that
the regulation derives from the issuing agency (`parent_agency_line`, `province_line`).

NĐ 30/2020 Phụ lục I (regulations.md §7.2): A4, margins top/bottom 20–25 mm, left 30–35 mm,
right 15–20 mm; Times New Roman; national motto upper-case bold 12–13 with the slogan bold 13–14
and a rule below; issuing agency upper-case bold with a short rule; "Số: 15/QĐ-BNV" 13; place and
date italic with day and month padded ("ngày 05 tháng 01 năm 2020"); type name upper-case bold
centred; signer's authority upper-case bold, name bold.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from django.apps import apps

NATIONAL_MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"
FONT = "Times New Roman"


def place_and_date(place: str, day: date) -> str:
    """'Hà Tĩnh, ngày 05 tháng 01 năm 2026': day < 10 and months 1, 2 padded (NĐ 30/2020 ô số 4)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def province_line(province) -> str:
    """The province's People's Committee as a heading line: 'UBND TỈNH HÀ TĨNH' (or 'UBND THÀNH PHỐ
    HUẾ'), whether or not the province's name carries the word 'Tỉnh'."""
    return f"UBND {province.in_sentence}".upper()


def parent_agency_line(agency) -> str:
    """Ô số 1 of NĐ 30/2020, "tên cơ quan, tổ chức chủ quản trực tiếp", above an agency's own name:
    its managing agency when it has one, the province's People's Committee for a department (Sở),
    and nothing for a People's Committee or any other agency without a managing body."""
    if agency.parent_id is not None:
        return agency.parent.name.upper()
    if agency.kind == apps.get_model("orgs", "Agency").Kind.DEPARTMENT:
        return province_line(agency.province)
    return ""


@dataclass
class OfficialHeader:
    """The heading block of an administrative document (ô số 1–5 of NĐ 30/2020)."""

    agency: str
    number: str  # "Số: 12/DM-STP" is written from this: "12/DM-STP"
    place: str
    day: date
    type_name: str  # "DANH MỤC", "QUYẾT ĐỊNH", "BÁO CÁO"
    summary: str = ""  # trích yếu
    parent_agency: str = ""  # cơ quan chủ quản: parent_agency_line() or province_line()


@dataclass
class Signature:
    """The signature block (ô số 7): authority prefix and position, then the signer's name.
    A minutes (biên bản) is signed by two parties: the `counterpart` signs on the left, and the
    recipients, if any, then follow below both signatures."""

    position: str  # "GIÁM ĐỐC"
    name: str = ""
    authority: str = ""  # "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN"…
    recipients: list[str] = field(default_factory=list)  # Nơi nhận
    counterpart: "Signature | None" = None


@dataclass
class Heading:
    """A numbered section heading of the body, in bold ("I. KẾT QUẢ…", "1. Công tác…")."""

    text: str
    kind: ClassVar[str] = "heading"


@dataclass
class Paragraph:
    """A body paragraph, justified with a first-line indent. `lead` opens it in bold ("Điều 1.");
    `italic` is for the legal bases (căn cứ); `centered` makes a bold centred line ("QUYẾT ĐỊNH:")."""

    text: str
    lead: str = ""
    italic: bool = False
    centered: bool = False
    kind: ClassVar[str] = "paragraph"


@dataclass
class Table:
    columns: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths_cm: Sequence[float] | None = None
    kind: ClassVar[str] = "table"


Block = str | Heading | Paragraph | Table


def blocks(body: Sequence[Block]) -> list[Heading | Paragraph | Table]:
    """The body with plain strings as paragraphs, for templates that render it (PDF, pages)."""
    return [Paragraph(item) if isinstance(item, str) else item for item in body]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


# --- .docx -----------------------------------------------------------------------------------------


def _set_font(run, size: float, *, bold=False, italic=False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    # East-Asian font slot too, or Word falls back to another font for Vietnamese letters.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _paragraph(
    container, text: str, size: float = 13, *, bold=False, italic=False, align="center", space_after=0
):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = container.add_paragraph()
    paragraph.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(0)
    if text:
        _set_font(paragraph.add_run(text), size, bold=bold, italic=italic)
    return paragraph


def _rule(paragraph, length_chars: int) -> None:
    """A short horizontal rule under a heading line, drawn as an underlined run of spaces."""
    from docx.enum.text import WD_UNDERLINE

    run = paragraph.add_run("\n" + " " * length_chars)
    run.font.underline = WD_UNDERLINE.SINGLE
    _set_font(run, 6)


def _no_borders(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _page_setup(document, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(20)
    section.left_margin = Mm(30)
    section.right_margin = Mm(15)
    style = document.styles["Normal"]
    style.font.name = FONT


def _header_block(document, header: OfficialHeader) -> None:
    block = document.add_table(rows=1, cols=2)
    _no_borders(block)
    left, right = block.rows[0].cells
    left._tc.remove(left.paragraphs[0]._p)
    right._tc.remove(right.paragraphs[0]._p)
    if header.parent_agency:
        _paragraph(left, header.parent_agency.upper(), 12.5)
    agency_line = _paragraph(left, header.agency.upper(), 12.5, bold=True)
    _rule(agency_line, 20)
    _paragraph(left, f"Số: {header.number}", 13)
    motto = _paragraph(right, NATIONAL_MOTTO, 12.5, bold=True)
    motto.paragraph_format.keep_with_next = True
    slogan = _paragraph(right, SLOGAN, 13.5, bold=True)
    _rule(slogan, 34)
    _paragraph(right, place_and_date(header.place, header.day), 13.5, italic=True)
    _paragraph(document, "", 6)
    _paragraph(document, header.type_name.upper(), 14, bold=True)
    if header.summary:
        summary = _paragraph(document, header.summary, 14, bold=True)
        _rule(summary, 24)
    _paragraph(document, "", 6)


def _data_table(document, table: Table) -> None:
    from docx.shared import Cm

    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    for cell, title in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.paragraphs[0].text = ""
        _set_font(cell.paragraphs[0].add_run(title), 12, bold=True)
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            _set_font(cell.paragraphs[0].add_run(_cell_text(value)), 12)
    if table.widths_cm:
        for column, width in zip(grid.columns, table.widths_cm, strict=True):
            for cell in column.cells:
                cell.width = Cm(width)


def _signer(cell, signature: Signature) -> None:
    if signature.authority:
        _paragraph(cell, signature.authority.upper(), 13.5, bold=True)
    _paragraph(cell, signature.position.upper(), 13.5, bold=True, space_after=60)
    if signature.name:
        _paragraph(cell, signature.name, 13.5, bold=True)


def _recipients(cell, recipients: Sequence[str]) -> None:
    _paragraph(cell, "Nơi nhận:", 12, bold=True, italic=True, align="left")
    for line in recipients:
        _paragraph(cell, f"- {line}", 11, align="left")


def _signature_block(document, signature: Signature) -> None:
    _paragraph(document, "", 6)
    block = document.add_table(rows=1, cols=2)
    _no_borders(block)
    left, right = block.rows[0].cells
    left._tc.remove(left.paragraphs[0]._p)
    right._tc.remove(right.paragraphs[0]._p)
    if signature.counterpart is not None:
        _signer(left, signature.counterpart)
        if signature.recipients:
            below = block.add_row().cells[0]
            below._tc.remove(below.paragraphs[0]._p)
            _recipients(below, signature.recipients)
    elif signature.recipients:
        _recipients(left, signature.recipients)
    _signer(right, signature)


def _page_numbers(document) -> None:
    """Page numbers centred in the top margin, not on the first page (NĐ 30/2020 Phụ lục I)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # A PAGE field: begin, instruction, separate, the shown value, end; each part its own run.
    parts = (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "2"), ("end", None))
    for part, value in parts:
        run = paragraph.add_run(value if part == "text" else "")
        _set_font(run, 13)
        if part == "instr":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = value
            run._r.append(instruction)
        elif part != "text":
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), part)
            run._r.append(char)


def _body_paragraph(document, block: Paragraph):
    if block.centered:
        return _paragraph(document, block.text, 14, bold=True, space_after=6)
    paragraph = _paragraph(document, "", 13.5, align="justify", space_after=6)
    paragraph.paragraph_format.first_line_indent = 360000  # 1 cm in EMU
    if block.lead:
        _set_font(paragraph.add_run(block.lead + (" " if block.text else "")), 13.5, bold=True)
    if block.text:
        _set_font(paragraph.add_run(block.text), 13.5, italic=block.italic)
    return paragraph


def official_docx(
    *,
    header: OfficialHeader,
    signature: Signature,
    body: Sequence[Block] = (),
    landscape: bool = False,
) -> bytes:
    """A .docx in the NĐ 30/2020 layout: heading block, the body (headings, paragraphs and tables
    in their order), signature block; pages numbered from the second."""
    import docx

    document = docx.Document()
    _page_setup(document, landscape)
    _page_numbers(document)
    _header_block(document, header)
    for block in blocks(body):
        if isinstance(block, Table):
            _data_table(document, block)
            _paragraph(document, "", 6)
        elif isinstance(block, Heading):
            heading = _paragraph(document, block.text, 13.5, bold=True, align="justify", space_after=6)
            heading.paragraph_format.first_line_indent = 360000
            heading.paragraph_format.keep_with_next = True
        else:
            _body_paragraph(document, block)
    _signature_block(document, signature)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- .xlsx -----------------------------------------------------------------------------------------


def xlsx_table(*, title: str, table: Table, sheet_name: str = "Danh mục", subtitle: str = "") -> bytes:
    """A one-sheet workbook: a title row, an optional subtitle, bold headers, then the rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name[:31]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    if subtitle:
        sheet.append([subtitle])
        sheet.cell(row=2, column=1).font = Font(italic=True)
    sheet.append([])
    sheet.append(list(table.columns))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in table.rows:
        sheet.append([value if isinstance(value, int | float | date) else _cell_text(value) for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
    for index, column in enumerate(table.columns, start=1):
        width = max([len(str(column))] + [len(_cell_text(row[index - 1])) for row in table.rows] or [10])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- PDF -------------------------------------------------------------------------------------------


def official_pdf(
    *, header: OfficialHeader, signature: Signature, body: Sequence[Block] = (), landscape: bool = False
) -> bytes:
    """The PDF twin of `official_docx`: the same heading, body and signature blocks."""
    from django.template.loader import render_to_string

    context = {
        "header": header,
        "signature": signature,
        "blocks": blocks(body),
        "landscape": landscape,
        "motto": NATIONAL_MOTTO,
        "slogan": SLOGAN,
        "place_date": place_and_date(header.place, header.day),
    }
    return html_to_pdf(render_to_string("core/official_document.html", context))


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """A PDF of an HTML page (WeasyPrint, imported here only: it needs Pango at run time)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()
