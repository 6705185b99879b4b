"""The canonical content of one procedure version, shared by the importer and the models.

A version's content is a plain JSON-able dict with the keys of the import format
(tthc-import.md) except `code` and `effective_from`: the date says when a version starts,
it is not part of what changed, so a file that only moves a date creates no new version.
The SHA-256 of the content's canonical JSON is the version's `content_hash`: re-importing
identical content finds the same hash and changes nothing.
"""

import hashlib
import json
from decimal import Decimal

from eiso.core.numbers import number_text

# The content keys in the order pages show them, with their Vietnamese labels.
FIELD_LABELS: dict[str, str] = {
    "name": "Tên thủ tục",
    "field": "Lĩnh vực",
    "level": "Cấp thực hiện",
    "kind": "Loại thủ tục",
    "applicants": "Đối tượng thực hiện",
    "implementing_agency": "Cơ quan thực hiện",
    "competent_agency": "Cơ quan có thẩm quyền",
    "channels": "Cách thức thực hiện",
    "processing_time": "Thời hạn giải quyết",
    "fees": "Phí, lệ phí",
    "components": "Thành phần hồ sơ",
    "conditions": "Yêu cầu, điều kiện",
    "result": "Kết quả thực hiện",
    "legal_bases": "Căn cứ pháp lý",
    "steps": "Trình tự thực hiện",
    "announced_by": "Quyết định công bố",
}

LEVELS: dict[str, str] = {
    "province": "Cấp tỉnh",
    "commune": "Cấp xã",
    "central": "Cấp trung ương",
    "other": "Cấp khác",
}

CHANNELS: dict[str, str] = {
    "direct": "Trực tiếp",
    "online_full": "Trực tuyến toàn trình",
    "online_partial": "Trực tuyến một phần",
    "post": "Dịch vụ bưu chính",
}

TIME_UNITS: dict[str, str] = {
    "working_days": "ngày làm việc",
    "working_hours": "giờ làm việc",
    "days": "ngày",
    "months": "tháng",
}


def amount_text(amount: Decimal) -> str:
    """Decimal('5.00') -> '5', Decimal('0.50') -> '0.5': one spelling per value, for hashing."""
    normalized = amount.normalize()
    return format(normalized, "f")


def content_hash(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def processing_time_text(time: dict) -> str:
    """{'amount': '0.5', 'unit': 'working_days'} -> '0,5 ngày làm việc' (Vietnamese decimal comma)."""
    amount = number_text(time.get("amount")) or str(time.get("amount", ""))
    text = f"{amount} {TIME_UNITS.get(time.get('unit', ''), time.get('unit', ''))}"
    if time.get("note"):
        text += f" ({time['note']})"
    if time.get("cutoff"):
        text += f"; nhận sau {time['cutoff']} tính từ ngày làm việc tiếp theo"
    return text


def component_text(component: dict) -> str:
    text = f"{component['name']} — bản chính: {component['originals']}, bản sao: {component['copies']}"
    if component.get("form"):
        text += f"; mẫu: {component['form']}"
    return text


def display_value(key: str, value) -> str:
    """A content value as a person reads it, for version diffs and the audit trail."""
    if value in (None, "", []):
        return "—"
    if key == "level":
        return LEVELS.get(value, value)
    if key == "channels":
        return "; ".join(CHANNELS.get(channel, channel) for channel in value)
    if key == "processing_time":
        return processing_time_text(value)
    if key == "components":
        return "\n".join(component_text(component) for component in value)
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    return str(value)


def changed_fields(before: dict, after: dict) -> list[str]:
    """The content keys whose value differs, in display order."""
    return [key for key in FIELD_LABELS if before.get(key) != after.get(key)]
