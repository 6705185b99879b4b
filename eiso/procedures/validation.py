"""Validation of one procedure of an import file, in its JSON shape (the .xlsx reader makes
the same shape). Returns the canonical content (procedures.content) and Vietnamese reasons."""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from eiso.procedures.content import CHANNELS, FIELD_LABELS, LEVELS, TIME_UNITS, amount_text

FORMAT = "eiso-tthc/1"
REQUIRED_KEYS = ("code", "name", "field", "level", "channels", "processing_time", "components", "result")
OPTIONAL_KEYS = (
    "kind",
    "applicants",
    "implementing_agency",
    "competent_agency",
    "fees",
    "conditions",
    "legal_bases",
    "steps",
    "announced_by",
    "effective_from",
)
ALL_KEYS = set(REQUIRED_KEYS) | set(OPTIONAL_KEYS)
TIME_KEYS = {"amount", "unit", "note", "cutoff"}
CUTOFF_PATTERN = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
COMPONENT_KEYS = {"name", "originals", "copies", "form"}
TEXT_LIMITS = {"code": 40, "name": 500, "field": 200, "kind": 200, "announced_by": 300}
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]*$")
LABELS = {"code": "Mã thủ tục", **FIELD_LABELS}
MAX_COPIES = 100
MAX_AMOUNT = Decimal("99999")


def validate_row(values: dict) -> tuple[str, dict | None, date | None, list[str]]:
    """(code, canonical content, effective_from, errors) of one procedure."""
    errors = [
        f'Khóa "{key}" không có trong định dạng {FORMAT} (có thể gõ nhầm).'
        for key in values
        if key not in ALL_KEYS
    ]
    for key in REQUIRED_KEYS:
        if values.get(key) in (None, ""):
            errors.append(f'Thiếu {LABELS[key].lower()} ("{key}").')
    code = _text(values, "code", errors)
    if code and not CODE_PATTERN.match(code):
        errors.append(
            f'Mã thủ tục "{code}" không hợp lệ: chỉ gồm chữ, số, dấu chấm, gạch ngang (ví dụ 1.001193).'
        )
    content = {
        "name": _text(values, "name", errors),
        "field": _text(values, "field", errors),
        "level": _choice(values, "level", LEVELS, errors),
        "kind": _text(values, "kind", errors),
        "applicants": _text_list(values, "applicants", errors),
        "implementing_agency": _text(values, "implementing_agency", errors),
        "competent_agency": _text(values, "competent_agency", errors),
        "channels": _channels(values, errors),
        "processing_time": _processing_time(values.get("processing_time"), errors),
        "fees": _text(values, "fees", errors),
        "components": _components(values.get("components"), errors),
        "conditions": _text(values, "conditions", errors),
        "result": _text(values, "result", errors),
        "legal_bases": _text_list(values, "legal_bases", errors),
        "steps": _text_list(values, "steps", errors),
        "announced_by": _text(values, "announced_by", errors),
    }
    effective_from = _date(values.get("effective_from"), errors)
    return code, (None if errors else content), effective_from, errors


def _text(values: dict, key: str, errors: list[str]) -> str:
    value = values.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.append(f'{LABELS[key]} ("{key}") phải là chuỗi văn bản.')
        return ""
    value = value.strip()
    limit = TEXT_LIMITS.get(key)
    if limit and len(value) > limit:
        errors.append(f'{LABELS[key]} ("{key}") dài quá {limit} ký tự.')
    return value


def _text_list(values: dict, key: str, errors: list[str]) -> list[str]:
    value = values.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        errors.append(f'{LABELS[key]} ("{key}") phải là danh sách các chuỗi văn bản.')
        return []
    return [item.strip() for item in value if item.strip()]


def _choice(values: dict, key: str, choices: dict[str, str], errors: list[str]) -> str:
    value = values.get(key)
    if value in (None, ""):
        return ""
    if value not in choices:
        allowed = ", ".join(f"{code} ({label.lower()})" for code, label in choices.items())
        errors.append(f'{LABELS[key]} "{value}" không hợp lệ; chỉ dùng: {allowed}.')
        return ""
    return value


def _channels(values: dict, errors: list[str]) -> list[str]:
    value = values.get("channels")
    if value is None or value == "":
        return []
    if not isinstance(value, list):
        errors.append('Cách thức thực hiện ("channels") phải là danh sách.')
        return []
    if not value:
        errors.append('Cách thức thực hiện ("channels") phải có ít nhất một giá trị.')
    channels = []
    for channel in value:
        if channel not in CHANNELS:
            errors.append(f'Cách thức thực hiện "{channel}" không hợp lệ; chỉ dùng: {", ".join(CHANNELS)}.')
        elif channel in channels:
            errors.append(f'Cách thức thực hiện "{channel}" bị lặp.')
        else:
            channels.append(channel)
    return channels


def _processing_time(value, errors: list[str]) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.append(
            'Thời hạn giải quyết ("processing_time") phải có dạng '
            '{"amount": số, "unit": đơn vị, "note": ghi chú}.'
        )
        return {}
    for key in value:
        if key not in TIME_KEYS:
            errors.append(
                f'Khóa "{key}" không có trong thời hạn giải quyết (chỉ dùng amount, unit, note, cutoff).'
            )
    amount = _amount(value.get("amount"), errors)
    unit = value.get("unit")
    if unit in (None, ""):
        errors.append('Thiếu đơn vị thời hạn giải quyết ("processing_time.unit").')
    elif unit not in TIME_UNITS:
        allowed = ", ".join(f"{code} ({label})" for code, label in TIME_UNITS.items())
        errors.append(f'Đơn vị thời hạn "{unit}" không tồn tại; chỉ dùng: {allowed}.')
    note = value.get("note") or ""
    if not isinstance(note, str):
        errors.append('Ghi chú thời hạn ("processing_time.note") phải là chuỗi văn bản.')
        note = ""
    time = {
        "amount": amount_text(amount) if amount is not None else "",
        "unit": unit or "",
        "note": note.strip(),
    }
    cutoff = value.get("cutoff")
    if cutoff not in (None, ""):
        if not isinstance(cutoff, str) or not CUTOFF_PATTERN.match(cutoff.strip()):
            errors.append(
                f'Giờ chốt tính thời hạn ("processing_time.cutoff") phải có dạng HH:MM, ví dụ "15:00" '
                f"(đang ghi {str(cutoff)[:20]})."
            )
        else:
            time["cutoff"] = cutoff.strip()
    return time


def _amount(value, errors: list[str]) -> Decimal | None:
    if value is None or value == "":
        errors.append('Thiếu số thời hạn giải quyết ("processing_time.amount").')
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        errors.append(f'Thời hạn giải quyết "{value}" không phải là số.')
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        errors.append(f'Thời hạn giải quyết "{value}" không phải là số.')
        return None
    if not amount.is_finite():
        errors.append(f'Thời hạn giải quyết "{value}" không phải là số.')
        return None
    if amount <= 0:
        errors.append(f"Thời hạn giải quyết phải lớn hơn 0 (đang ghi {value}).")
        return None
    if amount > MAX_AMOUNT:
        errors.append(f"Thời hạn giải quyết quá lớn ({value}).")
        return None
    if amount != amount.quantize(Decimal("0.01")):
        errors.append(f"Thời hạn giải quyết chỉ được có tối đa 2 chữ số thập phân (đang ghi {value}).")
        return None
    return amount


def _components(value, errors: list[str]) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list):
        errors.append('Thành phần hồ sơ ("components") phải là danh sách.')
        return []
    components = []
    for index, component in enumerate(value, start=1):
        where = f"Thành phần hồ sơ thứ {index}"
        if not isinstance(component, dict):
            errors.append(
                f'{where} phải có dạng {{"name": ..., "originals": ..., "copies": ..., "form": ...}}.'
            )
            continue
        errors.extend(
            f'{where}: khóa "{key}" không hợp lệ.' for key in component if key not in COMPONENT_KEYS
        )
        name = component.get("name")
        if not isinstance(name, str) or not name.strip():
            errors.append(f'{where}: thiếu tên giấy tờ ("name").')
            name = ""
        counts = {}
        for key, label in (("originals", "số bản chính"), ("copies", "số bản sao")):
            number = component.get(key)
            if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= MAX_COPIES:
                errors.append(f'{where}: {label} ("{key}") phải là số nguyên từ 0 đến {MAX_COPIES}.')
                number = 0
            counts[key] = number
        form = component.get("form") or ""
        if not isinstance(form, str) or len(form) > 300:
            errors.append(
                f'{where}: tên mẫu đơn, tờ khai ("form") phải là chuỗi văn bản không quá 300 ký tự.'
            )
            form = ""
        components.append({"name": name.strip(), **counts, "form": form.strip()})
    return components


def _date(value, errors: list[str]) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    errors.append(f'Ngày có hiệu lực "{value}" không đúng dạng YYYY-MM-DD (ví dụ 2025-07-01).')
    return None
