"""Rendering of official documents and tables: .docx in the layout of Nghị định 30/2020/NĐ-CP,
.xlsx tables, and PDF from HTML. Reports of every app reuse these helpers, so they take plain
data (strings, dates, rows) and know nothing of any model, except the lines of the heading that
the regulation derives from the issuing agency (`parent_agency_line`, `province_line`).

NĐ 30/2020 Phụ lục I (regulations.md §7.2): A4, margins top/bottom 20–25 mm, left 30–35 mm,
right 15–20 mm; Times New Roman; national motto upper-case bold 12–13 with the slogan bold 13–14
and a rule below; issuing agency upper-case bold with a short rule; "Số: 15/QĐ-BNV" 13; place and
date italic with day and month padded ("ngày 05 tháng 01 năm 2020"); type name upper-case bold
centred; signer's authority upper-case bold, name bold.

Pages are A4 unless a regulation says otherwise (the one-stop forms 01–05 of TT 01/2018/TT-VPCP
are A5): `page="A5"` sets both the .docx section and the PDF's @page, with margins and type sizes
scaled down so the heading's two columns still fit.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import ClassVar

from django.apps import apps

from eiso.core.numbers import number_text

NATIONAL_MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"
FONT = "Times New Roman"


@dataclass(frozen=True)
class PageLayout:
    """Paper size (portrait, mm), margins (mm) and type sizes (pt) of one page format."""

    name: str
    width: int
    height: int
    top: int
    bottom: int
    left: int
    right: int
    heading: float  # agency lines, national motto
    slogan: float
    number: float
    body: float
    title: float
    table: float
    small: float  # recipients list, notes, the form's reference


# NĐ 30/2020 Phụ lục I gives the A4 sizes; A5 keeps the proportions with smaller type.
PAGES = {
    "A4": PageLayout("A4", 210, 297, 20, 20, 30, 15, 12.5, 13.5, 13, 13.5, 14, 12, 11),
    "A5": PageLayout("A5", 148, 210, 10, 10, 15, 10, 9.5, 10.5, 10.5, 10.5, 11.5, 9.5, 9),
}


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
    # "Kính gửi:" (ô số 9a), under the type name, for letters addressed to someone.
    addressees: Sequence[str] = ()
    # A công văn has no type name: its trích yếu "V/v …" stands under its number (ô số 5b).
    subject: str = ""
    # The form a document fills, printed small above the heading: "Mẫu số 01 - Thông tư số …".
    reference: str = ""


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
    note: str = ""  # under the position, in italics: "(Ký, ghi rõ họ tên)"


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
    indent: bool = True  # False for a form's numbered line ("1. Thành phần hồ sơ nộp gồm:")
    kind: ClassVar[str] = "paragraph"


@dataclass
class Field:
    """A line of a form, "Label: value", left-aligned without indent, the value upright. An empty
    value prints a dotted blank, to be filled in by hand as on the paper form."""

    label: str
    value: str = ""
    kind: ClassVar[str] = "field"

    @property
    def shown(self) -> str:
        return self.value if self.value else "…" * 12


@dataclass
class Table:
    columns: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths_cm: Sequence[float] | None = None
    kind: ClassVar[str] = "table"

    @property
    def text_rows(self) -> list[list[str]]:
        """The rows as printed (the PDF template reads these; the .docx writes the same)."""
        return [[_cell_text(value) for value in row] for row in self.rows]


@dataclass
class Qr:
    """A QR code of `url`, with a caption: inline SVG in the PDF, a PNG picture in the .docx."""

    url: str
    caption: str = ""
    kind: ClassVar[str] = "qr"

    def svg(self) -> str:
        import segno

        return segno.make(self.url, error="m").svg_inline(scale=3, title=self.caption, border=2)

    def png(self) -> bytes:
        import segno

        buffer = io.BytesIO()
        segno.make(self.url, error="m").save(buffer, kind="png", scale=4, border=2)
        return buffer.getvalue()


Block = str | Heading | Paragraph | Field | Table | Qr


def blocks(body: Sequence[Block]) -> list[Heading | Paragraph | Field | Table | Qr]:
    """The body with plain strings as paragraphs, for templates that render it (PDF, pages)."""
    return [Paragraph(item) if isinstance(item, str) else item for item in body]


def _cell_text(value) -> str:
    """A table cell as printed: dates dd/mm/yyyy, numbers the Vietnamese way (core.numbers)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return number_text(value)
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


def _page_setup(document, landscape: bool, layout: PageLayout) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(layout.height), Mm(layout.width)
    else:
        section.page_width, section.page_height = Mm(layout.width), Mm(layout.height)
    section.top_margin = Mm(layout.top)
    section.bottom_margin = Mm(layout.bottom)
    section.left_margin = Mm(layout.left)
    section.right_margin = Mm(layout.right)
    style = document.styles["Normal"]
    style.font.name = FONT


def _text_width_mm(layout: PageLayout, landscape: bool) -> float:
    width = layout.height if landscape else layout.width
    return width - layout.left - layout.right


def _column_widths(table, widths_mm: Sequence[float]) -> None:
    from docx.shared import Mm

    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        for cell in column.cells:
            cell.width = Mm(width)


def _header_block(document, header: OfficialHeader, layout: PageLayout, text_width: float) -> None:
    if header.reference:
        _paragraph(document, header.reference, layout.small, italic=True, align="right", space_after=2)
    block = document.add_table(rows=1, cols=2)
    _no_borders(block)
    _column_widths(block, (text_width * 0.4, text_width * 0.6))
    left, right = block.rows[0].cells
    left._tc.remove(left.paragraphs[0]._p)
    right._tc.remove(right.paragraphs[0]._p)
    if header.parent_agency:
        _paragraph(left, header.parent_agency.upper(), layout.heading)
    agency_line = _paragraph(left, header.agency.upper(), layout.heading, bold=True)
    _rule(agency_line, 20)
    _paragraph(left, f"Số: {header.number}", layout.number)
    if header.subject:
        _paragraph(left, f"V/v {header.subject}", layout.heading)
    motto = _paragraph(right, NATIONAL_MOTTO, layout.heading, bold=True)
    motto.paragraph_format.keep_with_next = True
    slogan = _paragraph(right, SLOGAN, layout.slogan, bold=True)
    _rule(slogan, 34)
    _paragraph(right, place_and_date(header.place, header.day), layout.slogan, italic=True)
    _paragraph(document, "", 6)
    if header.type_name:
        _paragraph(document, header.type_name.upper(), layout.title, bold=True)
    if header.summary:
        summary = _paragraph(document, header.summary, layout.title, bold=True)
        _rule(summary, 24)
    _paragraph(document, "", 6)
    for line in header.addressees:
        _paragraph(document, f"Kính gửi: {line}", layout.body, space_after=6)


def _data_table(document, table: Table, layout: PageLayout) -> None:
    from docx.shared import Cm

    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    for cell, title in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.paragraphs[0].text = ""
        _set_font(cell.paragraphs[0].add_run(title), layout.table, bold=True)
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            _set_font(cell.paragraphs[0].add_run(_cell_text(value)), layout.table)
    if table.widths_cm:
        for column, width in zip(grid.columns, table.widths_cm, strict=True):
            for cell in column.cells:
                cell.width = Cm(width)


def _signer(cell, signature: Signature, layout: PageLayout) -> None:
    if signature.authority:
        _paragraph(cell, signature.authority.upper(), layout.body, bold=True)
    _paragraph(
        cell, signature.position.upper(), layout.body, bold=True, space_after=0 if signature.note else 60
    )
    if signature.note:
        _paragraph(
            cell, signature.note, layout.small + 1, italic=True, space_after=54 if layout.name == "A4" else 36
        )
    if signature.name:
        _paragraph(cell, signature.name, layout.body, bold=True)


def _recipients(cell, recipients: Sequence[str], layout: PageLayout) -> None:
    _paragraph(cell, "Nơi nhận:", layout.small + 1, bold=True, italic=True, align="left")
    for line in recipients:
        _paragraph(cell, f"- {line}", layout.small, align="left")


def _signature_block(document, signature: Signature, layout: PageLayout) -> None:
    _paragraph(document, "", 6)
    block = document.add_table(rows=1, cols=2)
    _no_borders(block)
    left, right = block.rows[0].cells
    left._tc.remove(left.paragraphs[0]._p)
    right._tc.remove(right.paragraphs[0]._p)
    if signature.counterpart is not None:
        _signer(left, signature.counterpart, layout)
        if signature.recipients:
            below = block.add_row().cells[0]
            below._tc.remove(below.paragraphs[0]._p)
            _recipients(below, signature.recipients, layout)
    elif signature.recipients:
        _recipients(left, signature.recipients, layout)
    _signer(right, signature, layout)


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


def _body_paragraph(document, block: Paragraph, layout: PageLayout):
    if block.centered:
        return _paragraph(document, block.text, layout.title, bold=True, space_after=6)
    paragraph = _paragraph(document, "", layout.body, align="justify", space_after=6 if block.indent else 3)
    if block.indent:
        paragraph.paragraph_format.first_line_indent = 360000  # 1 cm in EMU
    if block.lead:
        _set_font(paragraph.add_run(block.lead + (" " if block.text else "")), layout.body, bold=True)
    if block.text:
        _set_font(paragraph.add_run(block.text), layout.body, italic=block.italic)
    return paragraph


def _field(document, block: Field, layout: PageLayout) -> None:
    paragraph = _paragraph(document, "", layout.body, align="left", space_after=3)
    _set_font(paragraph.add_run(f"{block.label}: "), layout.body)
    _set_font(paragraph.add_run(block.shown), layout.body)


def _qr(document, block: Qr, layout: PageLayout) -> None:
    from docx.shared import Mm

    paragraph = _paragraph(document, "", layout.small, align="right")
    paragraph.add_run().add_picture(io.BytesIO(block.png()), width=Mm(22))
    if block.caption:
        _paragraph(document, block.caption, layout.small, italic=True, align="right", space_after=3)


def official_docx(
    *,
    header: OfficialHeader,
    signature: Signature | None,
    body: Sequence[Block] = (),
    landscape: bool = False,
    page: str = "A4",
    notes: Sequence[str] = (),
) -> bytes:
    """A .docx in the NĐ 30/2020 layout: heading block, the body (headings, paragraphs, form
    lines and tables in their order), signature block (none when `signature` is None: a form
    signed in its table), then `notes` in small italics; pages numbered from the second."""
    import docx

    layout = PAGES[page]
    document = docx.Document()
    _page_setup(document, landscape, layout)
    _page_numbers(document)
    _header_block(document, header, layout, _text_width_mm(layout, landscape))
    for block in blocks(body):
        if isinstance(block, Table):
            _data_table(document, block, layout)
            _paragraph(document, "", 6)
        elif isinstance(block, Heading):
            heading = _paragraph(document, block.text, layout.body, bold=True, align="justify", space_after=6)
            heading.paragraph_format.first_line_indent = 360000
            heading.paragraph_format.keep_with_next = True
        elif isinstance(block, Field):
            _field(document, block, layout)
        elif isinstance(block, Qr):
            _qr(document, block, layout)
        else:
            _body_paragraph(document, block, layout)
    if signature is not None:
        _signature_block(document, signature, layout)
    for note in notes:
        _paragraph(document, note, layout.small, italic=True, align="justify", space_after=2)
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
    *,
    header: OfficialHeader,
    signature: Signature | None,
    body: Sequence[Block] = (),
    landscape: bool = False,
    page: str = "A4",
    notes: Sequence[str] = (),
) -> bytes:
    """The PDF twin of `official_docx`: the same heading, body and signature blocks, page and notes."""
    from django.template.loader import render_to_string

    context = {
        "header": header,
        "signature": signature,
        "blocks": blocks(body),
        "landscape": landscape,
        "page": PAGES[page],
        "notes": notes,
        "motto": NATIONAL_MOTTO,
        "slogan": SLOGAN,
        "place_date": place_and_date(header.place, header.day),
    }
    return html_to_pdf(render_to_string("core/official_document.html", context))


def html_to_pdf(html: str, *, base_url: str | None = None, variant: str | None = None) -> bytes:
    """A PDF of an HTML page (WeasyPrint, imported here only: it needs Pango at run time);
    `variant="pdf/a-3b"` for an archival rendition (fonts embedded, metadata in XMP)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant=variant)
