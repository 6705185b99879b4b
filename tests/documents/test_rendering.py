"""core.rendering, the shared .docx/.xlsx/.pdf helpers (first used by the document register)."""

import io
from datetime import date

import docx
from openpyxl import load_workbook

from eiso.core import rendering


def test_place_and_date_pads_day_and_early_months():
    assert rendering.place_and_date("Hà Tĩnh", date(2026, 1, 5)) == "Hà Tĩnh, ngày 05 tháng 01 năm 2026"
    assert rendering.place_and_date("Hà Tĩnh", date(2026, 11, 25)) == "Hà Tĩnh, ngày 25 tháng 11 năm 2026"


def _docx_text(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for cell in table._cells:
            lines += [p.text for p in cell.paragraphs]
    return lines


def test_official_docx_has_every_block_of_the_nd30_layout():
    header = rendering.OfficialHeader(
        parent_agency="UBND tỉnh Hà Tĩnh",
        agency="Sở Tư pháp",
        number="12/DM-STP",
        place="Hà Tĩnh",
        day=date(2026, 2, 3),
        type_name="Danh mục",
        summary="Tài liệu hệ thống quản lý chất lượng",
    )
    signature = rendering.Signature(
        position="Giám đốc", name="Hoàng Văn Minh", authority="", recipients=["Lưu: VT."]
    )
    table = rendering.Table(columns=["TT", "Mã"], rows=[[1, "QT-01"]])
    data = rendering.official_docx(header=header, signature=signature, table=table, paragraphs=["Căn cứ."])
    lines = [line.strip() for line in _docx_text(data)]
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND TỈNH HÀ TĨNH",
        "Số: 12/DM-STP",
        "Hà Tĩnh, ngày 03 tháng 02 năm 2026",
        "DANH MỤC",
        "QT-01",
        "GIÁM ĐỐC",
        "Hoàng Văn Minh",
        "Nơi nhận:",
        "Căn cứ.",
    ]:
        assert any(line.startswith(expected) for line in lines), expected
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.top_margin.mm) == 20


def test_xlsx_table_keeps_vietnamese_and_dates():
    table = rendering.Table(
        columns=["Mã", "Tên", "Ngày"], rows=[["QT-01", "Quy trình tiếp nhận", date(2026, 3, 1)]]
    )
    sheet = load_workbook(io.BytesIO(rendering.xlsx_table(title="DANH MỤC", table=table))).active
    rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]
    assert rows[0][0] == "DANH MỤC"
    assert rows[-1][:2] == ("QT-01", "Quy trình tiếp nhận") and rows[-1][2].date() == date(2026, 3, 1)


def test_html_to_pdf_renders_vietnamese():
    pdf = rendering.html_to_pdf("<p style='font-family: Times New Roman'>Độc lập - Tự do - Hạnh phúc</p>")
    assert pdf.startswith(b"%PDF")
