"""core.nd30, the layout checks of NĐ 30/2020 on a document's text, and the A5 page of core.rendering."""

from datetime import date

import pytest

from eiso.core import nd30, rendering

DAY = date(2025, 6, 30)


def _expected(**changes) -> nd30.Expectation:
    values = {
        "agency": "Sở Tư pháp tỉnh Hà Tĩnh",
        "type_name": "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
        "place": "Hà Tĩnh",
        "day": DAY,
        "number": "05/PXL-STP",
        "signatures": ("GIÁM ĐỐC",),
        "recipients": True,
        "addressee": "Ông/bà Nguyễn Văn An",
    }
    return nd30.Expectation(**{**values, **changes})


GOOD = [
    "UBND TỈNH HÀ TĨNH",
    "SỞ TƯ PHÁP TỈNH HÀ",  # wrapped in its column, as a PDF does
    "TĨNH",
    "Số: 05/PXL-STP",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Hà Tĩnh, ngày 30 tháng 6 năm 2025",
    "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    "Kính gửi: Ông/bà Nguyễn Văn An",
    "Nơi nhận:",
    "- Như trên;",
    "- Lưu: VT.",
    "GIÁM ĐỐC",
]


def test_a_document_with_every_component_passes():
    findings = nd30.assert_passes(GOOD, _expected())
    assert [f.component for f in findings] == [*nd30.COMPONENTS, "kính gửi"]


@pytest.mark.parametrize(
    ("change", "component"),
    [
        ({"Số: 05/PXL-STP": "Số: 5/PXL-STP"}, "số, ký hiệu"),
        ({"Số: 05/PXL-STP": "Số: 05/pxl-STP"}, "số, ký hiệu"),
        ({"Số: 05/PXL-STP": "Số: 05/PXL-STP-"}, "số, ký hiệu"),
        ({"Số: 05/PXL-STP": "Số: 15/PXL-STP/000.00.18.H42-250630-0001"}, "số, ký hiệu"),
        ({"Hà Tĩnh, ngày 30 tháng 6 năm 2025": "Hà Tĩnh, ngày 06 tháng 12 năm 2026"}, "địa danh, thời gian"),
        ({"- Lưu: VT.": "- Bộ phận Một cửa."}, "nơi nhận"),
        ({"GIÁM ĐỐC": "Giám đốc"}, "chữ ký"),
        ({"Kính gửi: Ông/bà Nguyễn Văn An": "Ông/bà Nguyễn Văn An"}, "kính gửi"),
    ],
)
def test_each_broken_component_is_named(change, component):
    lines = [change.get(line, line) for line in GOOD]
    failed = [f.component for f in nd30.failures(nd30.check(lines, _expected()))]
    assert failed == [component]


def test_months_one_and_two_are_padded():
    january = date(2026, 1, 5)
    lines = [line if "ngày" not in line else "Hà Tĩnh, ngày 5 tháng 1 năm 2026" for line in GOOD]
    failed = nd30.failures(nd30.check(lines, _expected(day=january)))
    assert [f.component for f in failed] == ["địa danh, thời gian"]


def test_recipients_are_not_required_of_a_form_without_them():
    lines = [line for line in GOOD if line not in ("Nơi nhận:", "- Như trên;", "- Lưu: VT.")]
    findings = nd30.assert_passes(lines, _expected(recipients=False))
    assert findings[7].detail == "không áp dụng"


@pytest.mark.parametrize("page", ["A4", "A5"])
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_rendered_documents_pass_on_their_page(page, fmt):
    header = rendering.OfficialHeader(
        parent_agency="UBND TỈNH HÀ TĨNH",
        agency="Sở Tư pháp tỉnh Hà Tĩnh",
        number="05/PXL-STP",
        place="Hà Tĩnh",
        day=DAY,
        type_name="Phiếu xin lỗi và hẹn lại ngày trả kết quả",
        addressees=["Ông/bà Nguyễn Văn An"],
        reference="Mẫu số 04 - Thông tư số 01/2018/TT-VPCP",
    )
    signature = rendering.Signature(
        position="Giám đốc", note="(Ký, ghi rõ họ tên, đóng dấu)", recipients=["Như trên;", "Lưu: VT."]
    )
    body = [rendering.Field("Mã hồ sơ", "000.00.18.H42-250630-0001"), rendering.Field("Số định danh")]
    make = rendering.official_docx if fmt == "docx" else rendering.official_pdf
    data = make(header=header, signature=signature, body=body, page=page, notes=["Ghi chú: lập 02 liên."])
    lines = nd30.docx_lines(data) if fmt == "docx" else nd30.pdf_lines(data)
    nd30.assert_passes(lines, _expected())
    assert nd30.page_size_mm(data) == {"A4": (210, 297), "A5": (148, 210)}[page]
    assert "Số định danh: " + "…" * 12 in lines
    assert "Ghi chú: lập 02 liên." in lines
