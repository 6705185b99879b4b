"""The shape of one ingested event (dossier-events.md): each event is checked on its own, and a
malformed one is rejected with a Vietnamese reason without stopping the others."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from eiso.core.query import parse_int
from eiso.dossiers.models import Channel, Dossier, EventType

COMMON = {"id", "type", "at", "dossier"}
EXTRA = {
    EventType.RECEIVED: {"agency", "procedure", "channel", "due", "applicant"},
    EventType.STEP_STARTED: {"step", "unit", "actor"},
    EventType.STEP_FINISHED: {"step", "unit", "actor"},
    EventType.SUPPLEMENT_REQUESTED: {"reason"},
    EventType.SUPPLEMENT_COMPLETED: {"due"},
    EventType.EXTENDED: {"due", "reason"},
    EventType.REFUSED: {"reason"},
    EventType.STOPPED: {"reason"},
    EventType.CLOSED: {"reason"},
    EventType.RESULT_READY: set(),
    EventType.RETURNED: set(),
}
REQUIRED = {
    EventType.RECEIVED: {"agency", "procedure", "channel"},
    EventType.STEP_STARTED: {"step"},
    EventType.STEP_FINISHED: {"step"},
    EventType.EXTENDED: {"due", "reason"},
    EventType.REFUSED: {"reason"},
}
APPLICANT_FIELDS = {"name", "phone", "address", "email"}
MAX_STEP = 32767  # the step column is a small integer


class Rejected(Exception):
    pass


def _moment(value, name: str) -> datetime:
    if not isinstance(value, str):
        raise Rejected(f"Trường '{name}' phải là thời điểm ISO 8601 có múi giờ.")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise Rejected(f"Trường '{name}' không phải thời điểm hợp lệ: {value[:40]}.") from None
    if moment.tzinfo is None:
        raise Rejected(f"Trường '{name}' thiếu múi giờ (ví dụ +07:00).")
    return moment


def _text(event: dict, name: str, limit: int) -> str:
    value = event.get(name, "")
    if not isinstance(value, str) or len(value) > limit:
        raise Rejected(f"Trường '{name}' phải là chuỗi tối đa {limit} ký tự.")
    return value.strip()


def _applicant(event: dict) -> dict:
    """The applicant as the dossier row can hold it: the row is written in bulk, without the
    model's own validation, so its limits are checked here."""
    applicant = event.get("applicant") or {}
    if not isinstance(applicant, dict) or set(applicant) - APPLICANT_FIELDS:
        raise Rejected("Trường 'applicant' chỉ gồm name, phone, address, email.")
    if any(not isinstance(v, str) or len(v) > 200 for v in applicant.values()):
        raise Rejected("Thông tin người nộp phải là chuỗi tối đa 200 ký tự.")
    limit = Dossier._meta.get_field("applicant_phone").max_length
    if len(applicant.get("phone", "")) > limit:
        raise Rejected(f"Số điện thoại người nộp tối đa {limit} ký tự.")
    if applicant.get("email"):
        try:
            validate_email(applicant["email"])
        except ValidationError:
            raise Rejected("Thư điện tử của người nộp không hợp lệ.") from None
    return applicant


def _step(step) -> int | str:
    """A step's order (a number, or digits) or its code; an order fits the step column."""
    if isinstance(step, str) and (order := parse_int(step)) is not None:
        step = order
    if (
        isinstance(step, bool)
        or not isinstance(step, int | str)
        or (isinstance(step, int) and not 1 <= step <= MAX_STEP)
    ):
        raise Rejected("Trường 'step' phải là số thứ tự (từ 1) hoặc mã bước.")
    return step


def validate(event) -> dict:
    """The cleaned event, or Rejected with a Vietnamese reason. Checks the shape only."""
    if not isinstance(event, dict):
        raise Rejected("Sự kiện phải là một đối tượng JSON.")
    kind = event.get("type")
    if kind not in EXTRA:
        raise Rejected(f"Loại sự kiện không hợp lệ: {str(kind)[:40]}.")
    unknown = set(event) - COMMON - EXTRA[kind]
    if unknown:
        raise Rejected("Trường không được hỗ trợ: " + ", ".join(sorted(str(k) for k in unknown)) + ".")
    missing = (COMMON | REQUIRED.get(kind, set())) - {k for k, v in event.items() if v not in (None, "")}
    if missing:
        raise Rejected("Thiếu trường bắt buộc: " + ", ".join(sorted(missing)) + ".")
    clean = {
        "id": _text(event, "id", 100),
        "type": kind,
        "at": _moment(event["at"], "at"),
        "dossier": _text(event, "dossier", 80),
    }
    if not clean["id"] or not clean["dossier"]:
        raise Rejected("Thiếu trường bắt buộc: id, dossier.")
    if "due" in event and event["due"] is not None:
        clean["due"] = _moment(event["due"], "due")
    for name in ("reason", "agency", "procedure", "channel", "unit", "actor"):
        if name in event:
            clean[name] = _text(event, name, 2000 if name == "reason" else 200)
    if kind == EventType.RECEIVED:
        if clean["channel"] not in Channel.values:
            raise Rejected("Kênh nộp phải là direct, online hoặc post.")
        clean["applicant"] = _applicant(event)
    if kind in (EventType.STEP_STARTED, EventType.STEP_FINISHED):
        clean["step"] = _step(event["step"])
    if kind == EventType.EXTENDED and clean["due"] <= clean["at"]:
        raise Rejected("Hạn mới của gia hạn phải sau thời điểm gia hạn.")
    return clean
