"""The .xlsx form of the import format: one sheet "TTHC", headers in row 1, one procedure a row.

Cells are turned into the values the JSON form would hold, so both forms share one validator
(`importing.validate_row`): lists are one item a line, `processing_time` is three columns,
`components` is one line a component, `name | originals | copies | form`.
"""

import io
import logging
from datetime import date, datetime
from datetime import time as time_of_day
from decimal import Decimal, InvalidOperation

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from eiso.core.query import parse_int

SHEET = "TTHC"
COLUMNS = (
    "code",
    "name",
    "field",
    "level",
    "kind",
    "applicants",
    "implementing_agency",
    "competent_agency",
    "channels",
    "processing_time.amount",
    "processing_time.unit",
    "processing_time.note",
    "processing_time.cutoff",
    "fees",
    "components",
    "conditions",
    "result",
    "legal_bases",
    "steps",
    "announced_by",
    "effective_from",
)
REQUIRED_COLUMNS = (
    "code",
    "name",
    "field",
    "level",
    "channels",
    "processing_time.amount",
    "processing_time.unit",
    "components",
    "result",
)
LIST_COLUMNS = {"applicants", "channels", "legal_bases", "steps"}
MAX_ROWS = 10000
BROKEN = "Tệp .xlsx bị hỏng hoặc không đọc được."

logger = logging.getLogger(__name__)


def read_xlsx(data: bytes):
    """([(position, values, errors)], file errors) of a workbook the upload gate accepted; a file
    openpyxl cannot read is a file error, never an exception."""
    # The gate has bounded the sizes and refused malformed XML and DTDs; what is left is well-formed
    # XML that is not a workbook, on which openpyxl raises exceptions of every type.
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — see above
        logger.info("import: unreadable .xlsx", exc_info=True)
        return [], [BROKEN]
    try:
        if SHEET not in workbook.sheetnames:
            names = ", ".join(f'"{name}"' for name in workbook.sheetnames)
            return [], [f'Không có trang tính tên "{SHEET}" (tệp có các trang tính: {names}).']
        lines = list(workbook[SHEET].iter_rows(values_only=True, max_row=MAX_ROWS + 2))
    except Exception:  # noqa: BLE001 — see above
        logger.info("import: unreadable .xlsx", exc_info=True)
        return [], [BROKEN]
    finally:
        workbook.close()
    if len(lines) > MAX_ROWS + 1:
        return [], [f"Trang tính có quá {MAX_ROWS} dòng; hãy tách thành nhiều tệp."]
    if not lines:
        return [], [f'Trang tính "{SHEET}" trống: dòng 1 phải là tên các cột.']
    headers, errors = _headers(lines[0], lines[1:])
    if errors:
        return [], errors
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        cells = {headers[index]: value for index, value in enumerate(line) if index in headers}
        if all(_blank(value) for value in cells.values()):
            continue
        values, row_errors = _row_values(cells)
        rows.append((f"Dòng {number}", values, row_errors))
    if not rows:
        return [], [f'Trang tính "{SHEET}" không có dòng dữ liệu nào.']
    return rows, []


def _headers(header_line, data_lines) -> tuple[dict[int, str], list[str]]:
    """Column index -> column name, or the errors of the header row."""
    headers: dict[int, str] = {}
    errors = []
    for index, value in enumerate(header_line):
        letter = get_column_letter(index + 1)
        if _blank(value):
            if any(index < len(line) and not _blank(line[index]) for line in data_lines):
                errors.append(f"Cột {letter} có dữ liệu nhưng không có tên cột ở dòng 1.")
            continue
        name = str(value).strip().lower()
        if name == "processing_time":
            errors.append(
                'Cột "processing_time" phải tách thành ba cột: processing_time.amount, '
                "processing_time.unit, processing_time.note."
            )
        elif name not in COLUMNS:
            errors.append(f'Cột "{value}" (cột {letter}) không có trong định dạng (có thể gõ nhầm).')
        elif name in headers.values():
            errors.append(f'Cột "{name}" xuất hiện nhiều lần.')
        else:
            headers[index] = name
    errors.extend(
        f'Thiếu cột bắt buộc "{name}".' for name in REQUIRED_COLUMNS if name not in headers.values()
    )
    return headers, errors


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _row_values(cells: dict) -> tuple[dict, list[str]]:
    """The JSON-shaped values of one row; blank cells are left out, as absent keys."""
    values: dict = {}
    errors: list[str] = []
    time: dict = {}
    for name, cell in cells.items():
        if _blank(cell):
            continue
        if name.startswith("processing_time."):
            time[name.split(".", 1)[1]] = _time_cell(name, cell)
        elif name == "code" and isinstance(cell, int | float):
            errors.append(
                f'Mã thủ tục đang ở dạng số ({cell}) nên có thể đã mất chữ số 0; hãy định dạng cột "code" '
                "là văn bản (Text) rồi nhập lại."
            )
        elif name in LIST_COLUMNS:
            values[name] = _lines(cell)
        elif name == "components":
            values[name], component_errors = _components(cell)
            errors.extend(component_errors)
        elif name == "effective_from" and isinstance(cell, datetime | date):
            values[name] = cell.date() if isinstance(cell, datetime) else cell
        else:
            values[name] = str(cell).strip()
    if time:
        values["processing_time"] = time
    return values, errors


def _time_cell(name: str, cell):
    if name.endswith("amount"):
        return _amount(cell)
    if name.endswith("cutoff") and isinstance(cell, time_of_day | datetime):
        # Excel stores "15:00" typed in a cell as a time of day.
        return cell.strftime("%H:%M")
    return str(cell).strip()


def _lines(cell) -> list[str]:
    return [line.strip() for line in str(cell).splitlines() if line.strip()]


def _amount(cell):
    """A number cell as a Decimal; text such as "0,5" (Vietnamese decimal comma) too."""
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, int | float):
        return Decimal(str(cell))
    text = str(cell).strip().replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return str(cell).strip()


def _components(cell) -> tuple[list[dict], list[str]]:
    components, errors = [], []
    for index, line in enumerate(_lines(cell), start=1):
        parts = [part.strip() for part in line.split("|")]
        if not 3 <= len(parts) <= 4:
            errors.append(
                f'Thành phần hồ sơ, dòng {index} trong ô: "{line}" phải có dạng '
                '"tên giấy tờ | số bản chính | số bản sao | mẫu (nếu có)".'
            )
            continue
        component = {"name": parts[0], "originals": _integer(parts[1]), "copies": _integer(parts[2])}
        if len(parts) == 4 and parts[3]:
            component["form"] = parts[3]
        components.append(component)
    return components, errors


def _integer(text: str):
    number = parse_int(text)
    return text if number is None or number < 0 else number
