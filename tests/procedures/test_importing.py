"""The import planner, without the database: reading JSON and .xlsx, and each rejection."""

from datetime import date

import pytest

from eiso.procedures.content import content_hash
from eiso.procedures.importing import Existing, Outcome, plan_file
from tests.procedures.helpers import BIRTH, MARRIAGE, json_bytes, procedure, xlsx_bytes, xlsx_row

TODAY = date(2026, 3, 2)
LIMIT = 1024 * 1024


def plan(data: bytes, filename: str = "danh-muc.json", existing=None):
    return plan_file(data=data, filename=filename, existing=existing or {}, today=TODAY, max_bytes=LIMIT)


def only_reasons(data: bytes, filename: str = "danh-muc.json") -> list[str]:
    result = plan(data, filename)
    assert not result.is_valid
    return result.file_errors or [reason for item in result.items for reason in item.reasons]


def test_valid_json_file_plans_every_procedure_as_created():
    result = plan(json_bytes(MARRIAGE, BIRTH))
    assert result.is_valid and not result.file_errors
    assert [(item.code, item.outcome) for item in result.items] == [
        ("1.000894", Outcome.CREATED),
        ("1.001193", Outcome.CREATED),
    ]
    birth = result.items[1].content
    assert birth["processing_time"] == {"amount": "0.5", "unit": "working_days", "note": ""}
    assert birth["components"] == [
        {"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 0, "form": "Tờ khai"}
    ]


def test_a_procedures_own_cutoff_is_carried_and_others_keep_their_content():
    with_cutoff = procedure(
        BIRTH, processing_time={"amount": 1, "unit": "working_days", "note": "", "cutoff": "15:00"}
    )
    result = plan(json_bytes(with_cutoff, MARRIAGE))
    assert result.is_valid
    assert result.items[0].content["processing_time"]["cutoff"] == "15:00"
    # Without one, the content (and so the hash that detects changes) is what it always was.
    assert "cutoff" not in result.items[1].content["processing_time"]
    row = xlsx_row(with_cutoff)
    from_xlsx = plan(xlsx_bytes([row]), "a.xlsx")
    assert from_xlsx.items[0].content_hash == result.items[0].content_hash


def test_xlsx_file_gives_the_same_content_as_json():
    from_json = plan(json_bytes(MARRIAGE, BIRTH))
    from_xlsx = plan(xlsx_bytes([xlsx_row(MARRIAGE), xlsx_row(BIRTH)]), "danh-muc.xlsx")
    assert from_xlsx.is_valid
    assert [item.position for item in from_xlsx.items] == ["Dòng 2", "Dòng 3"]
    assert [item.content_hash for item in from_xlsx.items] == [item.content_hash for item in from_json.items]


def test_xlsx_accepts_vietnamese_decimal_comma_and_skips_blank_rows():
    row = xlsx_row(procedure(BIRTH))
    row["processing_time.amount"] = "0,5"
    result = plan(xlsx_bytes([row, {}]), "a.xlsx")
    assert result.is_valid and len(result.items) == 1
    assert result.items[0].content["processing_time"]["amount"] == "0.5"


def test_identical_content_is_unchanged_and_changed_content_is_an_update():
    current = plan(json_bytes(MARRIAGE)).items[0]
    existing = {"1.000894": Existing(current.content, content_hash(current.content), date(2025, 7, 1))}
    assert plan(json_bytes(MARRIAGE), existing=existing).items[0].outcome == Outcome.UNCHANGED

    changed = procedure(fees="50.000 đồng", processing_time={"amount": 2, "unit": "working_days"})
    item = plan(json_bytes(changed), existing=existing).items[0]
    assert item.outcome == Outcome.UPDATED
    assert list(item.changes) == ["processing_time", "fees"]
    assert item.changes["fees"] == ["Miễn lệ phí", "50.000 đồng"]


def test_update_keeping_the_current_versions_date_is_rejected():
    current = plan(json_bytes(MARRIAGE)).items[0]
    existing = {"1.000894": Existing(current.content, content_hash(current.content), date(2025, 7, 1))}
    item = plan(json_bytes(procedure(fees="Có phí", effective_from="2025-07-01")), existing=existing).items[0]
    assert item.outcome == Outcome.REJECTED
    assert "trùng với phiên bản hiện hành" in item.reasons[0]
    # Without a date the new version starts on the day of the import.
    assert plan(json_bytes(procedure(fees="Có phí")), existing=existing).items[0].outcome == Outcome.UPDATED


def test_update_starting_before_the_current_version_is_rejected():
    current = plan(json_bytes(MARRIAGE)).items[0]
    existing = {"1.000894": Existing(current.content, content_hash(current.content), date(2025, 7, 1))}
    item = plan(json_bytes(procedure(fees="Có phí", effective_from="2025-01-01")), existing=existing).items[0]
    assert item.outcome == Outcome.REJECTED
    assert "sớm hơn ngày hiệu lực của phiên bản hiện hành (01/07/2025)" in item.reasons[0]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"nickname": "x"}, 'Khóa "nickname" không có trong định dạng eiso-tthc/1'),
        ({"name": ""}, 'Thiếu tên thủ tục ("name")'),
        ({"processing_time": None}, 'Thiếu thời hạn giải quyết ("processing_time")'),
        (
            {"processing_time": {"unit": "working_days"}},
            'Thiếu số thời hạn giải quyết ("processing_time.amount")',
        ),
        (
            {"processing_time": {"amount": 0, "unit": "working_days"}},
            "Thời hạn giải quyết phải lớn hơn 0 (đang ghi 0)",
        ),
        (
            {"processing_time": {"amount": -3, "unit": "days"}},
            "Thời hạn giải quyết phải lớn hơn 0 (đang ghi -3)",
        ),
        ({"processing_time": {"amount": "ba", "unit": "days"}}, 'Thời hạn giải quyết "ba" không phải là số'),
        ({"processing_time": {"amount": 3, "unit": "weeks"}}, 'Đơn vị thời hạn "weeks" không tồn tại'),
        ({"processing_time": {"amount": 3, "unit": "days", "max": 5}}, 'Khóa "max" không có trong thời hạn'),
        (
            {"processing_time": {"amount": 1, "unit": "working_days", "cutoff": "3pm"}},
            'Giờ chốt tính thời hạn ("processing_time.cutoff") phải có dạng HH:MM',
        ),
        ({"level": "district"}, 'Cấp thực hiện "district" không hợp lệ'),
        ({"channels": ["fax"]}, 'Cách thức thực hiện "fax" không hợp lệ'),
        ({"channels": []}, 'Cách thức thực hiện ("channels") phải có ít nhất một giá trị'),
        ({"code": "1 001193"}, 'Mã thủ tục "1 001193" không hợp lệ'),
        (
            {"components": [{"name": "Tờ khai", "originals": -1, "copies": 0}]},
            'số bản chính ("originals") phải là số nguyên',
        ),
        (
            {"components": [{"originals": 1, "copies": 0}]},
            'Thành phần hồ sơ thứ 1: thiếu tên giấy tờ ("name")',
        ),
        ({"effective_from": "01/07/2025"}, 'Ngày có hiệu lực "01/07/2025" không đúng dạng YYYY-MM-DD'),
        ({"applicants": "Công dân"}, 'Đối tượng thực hiện ("applicants") phải là danh sách'),
    ],
)
def test_each_bad_field_is_rejected_with_a_vietnamese_reason(changes, reason):
    data = procedure(**changes)
    data = {key: value for key, value in data.items() if value is not None}
    reasons = only_reasons(json_bytes(data))
    assert any(reason in text for text in reasons), reasons


def test_duplicate_codes_reject_every_occurrence():
    result = plan(json_bytes(MARRIAGE, BIRTH, procedure(name="Kết hôn (bản trùng)")))
    outcomes = [item.outcome for item in result.items]
    assert outcomes == [Outcome.REJECTED, Outcome.CREATED, Outcome.REJECTED]
    assert (
        "Mã thủ tục 1.000894 xuất hiện nhiều lần trong tệp (Mục 1 (procedures[0]), Mục 3"
        in result.items[0].reasons[0]
    )
    assert not result.is_valid


@pytest.mark.parametrize(
    ("data", "filename", "reason"),
    [
        (b"", "a.json", "Tệp rỗng."),
        # "Đăng ký" as a legacy Windows code page writes it: not UTF-8.
        (
            b'{"format": "eiso-tthc/1", "procedures": [{"name": "\xd0\xe3ng k\xfd"}]}',
            "a.json",
            "không được mã hóa UTF-8",
        ),
        ('{"format": "eiso-tthc/1"}'.encode("utf-16"), "a.json", "mã hóa UTF-16"),
        (
            b'{"format": "eiso-tthc/1", "procedures": [',
            "a.json",
            "Tệp không phải JSON hợp lệ: lỗi cú pháp ở dòng 1",
        ),
        (
            b'{"format": "eiso-tthc/2", "procedures": []}',
            "a.json",
            'Định dạng "eiso-tthc/2" không được hỗ trợ',
        ),
        (b'{"format": "eiso-tthc/1", "procedures": [], "version": 2}', "a.json", 'Khóa "version" ở đầu tệp'),
        (b'[{"code": "1.000894"}]', "a.json", "Tệp JSON phải là một đối tượng"),
        (b"code,name\n1.000894,x", "a.csv", "Không nhận ra loại tệp"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old excel", "a.xls", "Excel 97–2003 (.xls) không được hỗ trợ"),
        (b"PK\x03\x04broken", "a.xlsx", "Tệp bị hỏng hoặc không đọc được"),
        (json_bytes(MARRIAGE), "a.xlsx", 'Tên tệp có đuôi ".xlsx" nhưng nội dung là tệp JSON'),
        (json_bytes(MARRIAGE), "a.txt", "Tên tệp phải có đuôi .json hoặc .xlsx."),
    ],
)
def test_bad_files_are_rejected_whole(data, filename, reason):
    result = plan(data, filename)
    assert not result.is_valid and not result.items
    assert any(reason in error for error in result.file_errors), result.file_errors


def test_file_over_the_limit_is_rejected_before_reading():
    data = json_bytes(procedure(conditions="x" * LIMIT))
    result = plan(data)
    assert result.file_errors == ["Tệp quá lớn (1,0 MB); giới hạn là 1,0 MB."]
    assert not result.items


def test_xlsx_with_unknown_missing_or_unnamed_columns_is_rejected():
    headers = [column for column in xlsx_row(MARRIAGE) if column != "result"] + ["ghi_chu"]
    result = plan(xlsx_bytes([xlsx_row(MARRIAGE)], headers=headers), "a.xlsx")
    assert 'Cột "ghi_chu" (cột' in " ".join(result.file_errors)
    assert 'Thiếu cột bắt buộc "result".' in result.file_errors


def test_xlsx_with_a_single_processing_time_column_gets_a_hint():
    headers = ["code", "name", "field", "level", "channels", "processing_time", "components", "result"]
    result = plan(xlsx_bytes([], headers=headers), "a.xlsx")
    assert any("phải tách thành ba cột" in error for error in result.file_errors)


def test_xlsx_without_the_tthc_sheet_is_rejected():
    result = plan(xlsx_bytes([xlsx_row(MARRIAGE)], sheet="Sheet1"), "a.xlsx")
    assert result.file_errors == ['Không có trang tính tên "TTHC" (tệp có các trang tính: "Sheet1").']


def test_xlsx_rows_report_their_row_number_and_numeric_codes():
    bad = xlsx_row(procedure(code="1.000894"))
    bad["code"] = 1.000894
    bad_components = xlsx_row(procedure(BIRTH))
    bad_components["components"] = "Tờ khai | một | 0"
    bad_time = xlsx_row(procedure(BIRTH, code="1.000656"))
    bad_time["processing_time.amount"] = None
    result = plan(xlsx_bytes([bad, bad_components, bad_time]), "a.xlsx")
    reasons = {item.position: " ".join(item.reasons) for item in result.items}
    assert "Mã thủ tục đang ở dạng số" in reasons["Dòng 2"]
    assert "số bản chính" in reasons["Dòng 3"]
    assert "Thiếu số thời hạn giải quyết" in reasons["Dòng 4"]
