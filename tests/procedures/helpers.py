"""Import files built in the tests: JSON in the eiso-tthc/1 format and .xlsx with a TTHC sheet."""

import copy
import io
import json

from openpyxl import Workbook

from eiso.procedures.xlsx_reader import COLUMNS

MARRIAGE = {
    "code": "1.000894",
    "name": "Thủ tục đăng ký kết hôn",
    "field": "Hộ tịch",
    "level": "commune",
    "channels": ["direct", "online_partial"],
    "processing_time": {
        "amount": 1,
        "unit": "working_days",
        "note": "Cần xác minh thì không quá 05 ngày làm việc",
    },
    "fees": "Miễn lệ phí",
    "components": [
        {"name": "Tờ khai đăng ký kết hôn", "originals": 1, "copies": 0, "form": "Tờ khai đăng ký kết hôn"},
        {"name": "Giấy xác nhận tình trạng hôn nhân", "originals": 1, "copies": 0},
    ],
    "result": "Giấy chứng nhận kết hôn",
    "legal_bases": ["60/2014/QH13", "123/2015/NĐ-CP"],
}
BIRTH = {
    "code": "1.001193",
    "name": "Thủ tục đăng ký khai sinh",
    "field": "Hộ tịch",
    "level": "commune",
    "channels": ["direct", "online_full"],
    "processing_time": {"amount": 0.5, "unit": "working_days"},
    "fees": "Miễn lệ phí",
    "components": [{"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 0, "form": "Tờ khai"}],
    "result": "Giấy khai sinh",
    "steps": ["Nộp hồ sơ", "Nhận kết quả"],
}


def procedure(base=MARRIAGE, **changes) -> dict:
    data = copy.deepcopy(base)
    data.update(changes)
    return data


def json_bytes(*procedures, **top) -> bytes:
    document = {"format": "eiso-tthc/1", "procedures": list(procedures), **top}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def xlsx_row(data: dict) -> dict:
    """The cells of one .xlsx row for a JSON procedure."""
    row = {key: value for key, value in data.items() if key not in ("processing_time", "components")}
    for key in ("applicants", "channels", "legal_bases", "steps"):
        if key in row:
            row[key] = "\n".join(row[key])
    time = data.get("processing_time", {})
    for key in ("amount", "unit", "note", "cutoff"):
        if key in time:
            row[f"processing_time.{key}"] = time[key]
    if "components" in data:
        row["components"] = "\n".join(
            " | ".join(str(part) for part in (c["name"], c["originals"], c["copies"], c.get("form", "")))
            for c in data["components"]
        )
    return row


def xlsx_bytes(rows: list[dict], *, headers: list[str] | None = None, sheet: str = "TTHC") -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    headers = headers or list(COLUMNS)
    worksheet.append(headers)
    for row in rows:
        worksheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
