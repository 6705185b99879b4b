"""core.numbers: numbers as Vietnamese writes them, and core.rendering printing them so in the
tables of every .docx and PDF; the công văn's "V/v" under its number."""

import io
from datetime import date
from decimal import Decimal

import docx
import pypdf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eiso.core import rendering
from eiso.core.numbers import money_text, number_text, percent_text


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Decimal("78.80"), None, "78,8"),
        (1234567.5, None, "1.234.567,5"),
        (Decimal("81.449"), 2, "81,45"),
        (Decimal("100"), 1, "100,0"),
        (2098, None, "2.098"),
        (-1234.5, None, "-1.234,5"),
        (Decimal("-0.001"), 1, "0,0"),
        (0, None, "0"),
        (None, None, ""),
        ("không phải số", None, ""),
    ],
)
def test_number_text_writes_a_decimal_comma_and_dots_between_thousands(value, places, text):
    assert number_text(value, places) == text


def test_percent_and_money():
    assert percent_text(Decimal("81.45")) == "81,45 %"
    assert percent_text(Decimal("78.84"), 1) == "78,8 %"
    assert percent_text(None) == ""
    assert money_text(Decimal(5_000_000)) == "5.000.000"


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=3, allow_nan=False))
def test_number_text_reads_back_to_the_same_value(value):
    text = number_text(value)
    assert Decimal(text.replace(".", "").replace(",", ".")) == value


def _header(**extra):
    return rendering.OfficialHeader(
        agency="Sở Khoa học và Công nghệ",
        number="12/SKHCN-TĐC",
        place="Hà Tĩnh",
        day=date(2026, 3, 2),
        **extra,
    )


def test_table_cells_print_numbers_the_vietnamese_way_in_docx_and_pdf():
    table = rendering.Table(
        columns=["Chỉ tiêu", "Giá trị"], rows=[["Tỷ lệ", Decimal("78.8")], ["Hồ sơ", 2098]]
    )
    signature = rendering.Signature(position="Giám đốc", recipients=["Lưu: VT."])
    header = _header(type_name="Báo cáo")
    document = docx.Document(
        io.BytesIO(rendering.official_docx(header=header, signature=signature, body=[table]))
    )
    cells = [cell.text for t in document.tables for row in t.rows for cell in row.cells]
    assert "78,8" in cells and "2.098" in cells and "78.8" not in cells
    pdf = rendering.official_pdf(header=header, signature=signature, body=[table])
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "78,8" in text and "2.098" in text and "78.8" not in text


def test_a_letter_has_no_type_name_and_its_subject_under_the_number():
    header = _header(type_name="", subject="Báo cáo tình hình áp dụng HTQLCL", addressees=["Sở Tư pháp"])
    signature = rendering.Signature(position="Giám đốc", recipients=["Như trên;", "Lưu: VT, TĐC."])
    data = rendering.official_docx(header=header, signature=signature, body=["Nội dung."])
    heading = docx.Document(io.BytesIO(data)).tables[0].rows[0].cells[0].text.splitlines()
    assert heading[-2:] == ["Số: 12/SKHCN-TĐC", "V/v Báo cáo tình hình áp dụng HTQLCL"]
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]
    assert paragraphs[0] == "Kính gửi: Sở Tư pháp"
    pdf = rendering.official_pdf(header=header, signature=signature, body=["Nội dung."])
    text = " ".join(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "V/v Báo cáo tình hình áp dụng HTQLCL" in text and "Kính gửi: Sở Tư pháp" in text


def test_template_filters_print_numbers_the_vietnamese_way():
    from django.template import Context, Template

    template = Template(
        '{% load numbers %}{{ hours|number:"-1" }}|{{ count|number }}|'
        '{{ rate|percent:"2" }}|{{ empty|percent:1 }}'
    )

    text = template.render(Context({"hours": 1937.84, "count": 2766, "rate": 81.449, "empty": None}))

    assert text == "1.937,8|2.766|81,45 %|"
