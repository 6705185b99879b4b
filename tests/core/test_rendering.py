"""core.rendering, the shared .docx/.xlsx/.pdf helpers of every app's official documents."""

import io
from datetime import date

import docx
import pypdf
import pytest
from openpyxl import load_workbook

from eiso.core import rendering
from eiso.orgs.models import Agency
from tests.factories import AgencyFactory, ProvinceFactory


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
    data = rendering.official_docx(header=header, signature=signature, body=["Căn cứ.", table])
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


@pytest.fixture
def header():
    return rendering.OfficialHeader(
        agency="Sở Khoa học và Công nghệ",
        number="05/BC-SKHCN",
        place="Hà Tĩnh",
        day=date(2026, 6, 15),
        type_name="Báo cáo",
    )


def _body_order(data: bytes) -> list[str]:
    """The body in document order: a paragraph's text, or "[table: first header cell]"."""
    document = docx.Document(io.BytesIO(data))
    order = []
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            order.append("".join(node.text or "" for node in element.iter() if node.tag.endswith("}t")))
        elif element.tag.endswith("}tbl"):
            first_cell = "".join(node.text or "" for node in element.iter() if node.tag.endswith("}t"))
            order.append(f"[table: {first_cell[:12]}]")
    return [line for line in order if line.strip()]


def test_official_docx_keeps_headings_bold_and_tables_where_the_body_puts_them(header):
    body = [
        rendering.Heading("I. KẾT QUẢ"),
        "Kết quả cụ thể như sau:",
        rendering.Table(columns=["Nhóm cơ quan", "Số cơ quan"], rows=[["Sở", 3]]),
        rendering.Heading("II. KẾ HOẠCH"),
        rendering.Paragraph("Kiểm tra các cơ quan.", lead="Điều 1."),
        rendering.Paragraph("Căn cứ Luật.", italic=True),
    ]
    data = rendering.official_docx(
        header=header, signature=rendering.Signature(position="Giám đốc"), body=body
    )
    order = _body_order(data)
    start = order.index("I. KẾT QUẢ")
    assert order[start : start + 5] == [
        "I. KẾT QUẢ",
        "Kết quả cụ thể như sau:",
        "[table: Nhóm cơ quan]",
        "II. KẾ HOẠCH",
        "Điều 1. Kiểm tra các cơ quan.",
    ]
    paragraphs = {p.text: p for p in docx.Document(io.BytesIO(data)).paragraphs}
    assert all(run.bold for run in paragraphs["I. KẾT QUẢ"].runs)
    assert [run.bold for run in paragraphs["Điều 1. Kiểm tra các cơ quan."].runs] == [True, False]
    assert all(run.italic for run in paragraphs["Căn cứ Luật."].runs)
    assert not any(run.bold for run in paragraphs["Kết quả cụ thể như sau:"].runs)


def test_official_docx_numbers_pages_from_the_second(header):
    data = rendering.official_docx(header=header, signature=rendering.Signature(position="Giám đốc"))
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_minutes_are_signed_by_both_parties_with_recipients_below(header):
    signature = rendering.Signature(
        position="Trưởng đoàn kiểm tra",
        name="Lê Văn An",
        recipients=["Lưu: VT, TĐC."],
        counterpart=rendering.Signature(position="Đại diện cơ quan được kiểm tra", name="Trần Thị Bình"),
    )
    data = rendering.official_docx(header=header, signature=signature)
    block = docx.Document(io.BytesIO(data)).tables[-1]
    left, right = (cell.text for cell in block.rows[0].cells)
    assert "ĐẠI DIỆN CƠ QUAN ĐƯỢC KIỂM TRA" in left and "Trần Thị Bình" in left and "Nơi nhận" not in left
    assert "TRƯỞNG ĐOÀN KIỂM TRA" in right and "Lê Văn An" in right
    assert "Nơi nhận:" in block.rows[1].cells[0].text


def test_official_pdf_renders_the_same_blocks(header):
    body = [rendering.Heading("I. KẾT QUẢ"), rendering.Table(columns=["Cơ quan"], rows=[["Sở Tư pháp"]])]
    pdf = rendering.official_pdf(header=header, signature=rendering.Signature(position="Giám đốc"), body=body)
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "I. KẾT QUẢ" in text and "Sở Tư pháp" in text and "Số: 05/BC-SKHCN" in text


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


# --- ô số 1: the managing body above the issuing agency -----------------------------------------------


@pytest.mark.django_db
def test_a_department_is_headed_by_its_provinces_peoples_committee(agency_a):
    assert agency_a.province.name == "Tỉnh Hà Tĩnh"
    assert rendering.parent_agency_line(agency_a) == "UBND TỈNH HÀ TĨNH"


@pytest.mark.django_db
def test_a_province_named_without_the_word_tinh_still_reads_tinh():
    province = ProvinceFactory(name="Hà Tĩnh", division_code=42)
    department = AgencyFactory(province=province, kind=Agency.Kind.DEPARTMENT)
    assert rendering.parent_agency_line(department) == "UBND TỈNH HÀ TĨNH"
    assert rendering.province_line(province) == "UBND TỈNH HÀ TĨNH"


@pytest.mark.django_db
def test_a_centrally_run_city_reads_thanh_pho():
    city = ProvinceFactory(name="Thành phố Huế", division_code=46)
    assert rendering.province_line(city) == "UBND THÀNH PHỐ HUẾ"
    assert rendering.parent_agency_line(AgencyFactory(province=city)) == "UBND THÀNH PHỐ HUẾ"


@pytest.mark.django_db
def test_a_peoples_committee_has_no_managing_body_line(province):
    commune = AgencyFactory(province=province, kind=Agency.Kind.COMMUNE, name="UBND xã Thạch Lạc")
    assert rendering.parent_agency_line(commune) == ""


@pytest.mark.django_db
def test_a_unit_under_a_department_is_headed_by_that_department(province, agency_a):
    centre = AgencyFactory(
        province=province, kind=Agency.Kind.PUBLIC_SERVICE, name="Trung tâm Thông tin", parent=agency_a
    )
    assert rendering.parent_agency_line(centre) == "SỞ KHOA HỌC VÀ CÔNG NGHỆ"


@pytest.mark.django_db
def test_an_agency_without_a_managing_body_has_no_line(province):
    branch = AgencyFactory(province=province, kind=Agency.Kind.VERTICAL_BRANCH, name="Chi cục Thuế khu vực")
    assert rendering.parent_agency_line(branch) == ""


@pytest.mark.django_db
def test_the_line_stands_above_the_agency_in_the_docx(agency_a):
    header = rendering.OfficialHeader(
        parent_agency=rendering.parent_agency_line(agency_a),
        agency=agency_a.name,
        number="01/DM-SKHCN",
        place=agency_a.province.place_name,
        day=date(2026, 1, 5),
        type_name="DANH MỤC",
    )
    data = rendering.official_docx(header=header, signature=rendering.Signature(position="GIÁM ĐỐC"))
    lines = [line.strip() for line in _docx_text(data)]
    assert lines.index("UBND TỈNH HÀ TĨNH") < lines.index("SỞ KHOA HỌC VÀ CÔNG NGHỆ")
