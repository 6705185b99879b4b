"""What a citizen may see of a dossier, in plain words, given its code and the last 4 digits of
the phone number. A wrong code and wrong digits give the same answer (None): no enumeration.

Four digits are few, so besides the pages' and the API's limit per client address, each dossier
code takes only a few wrong answers from all addresses together (`CODE_LIMITS`); past them every
answer for that code is refused for a while, the right one too (else guessing could go on), and
an unknown code is counted and refused the same way, so the refusal does not tell codes apart.
"""

from django.utils import timezone

from eiso.core import ratelimit
from eiso.core.errors import DomainError
from eiso.dossiers.models import Dossier, EventType, Status

# Wrong answers allowed per dossier code, from every address together: (answers, seconds). With
# 10 a day, guessing 4 digits takes 500 days on average.
CODE_LIMITS = [(5, 3600), (10, 86400)]
TOO_MANY_FOR_CODE = (
    "Mã hồ sơ này đã bị tra cứu sai quá nhiều lần nên tạm ngừng tra cứu. Vui lòng thử lại sau, "
    "hoặc liên hệ bộ phận một cửa nơi nộp hồ sơ."
)


class TooManyTries(DomainError):
    """The dossier code had too many wrong answers lately; `retry_after` is in seconds."""

    def __init__(self, retry_after: int):
        super().__init__(TOO_MANY_FOR_CODE, extra={"retry_after": retry_after})
        self.retry_after = retry_after


PLAIN_STATUS = {
    Status.RECEIVED: "Hồ sơ đã được tiếp nhận và đang chờ xử lý.",
    Status.IN_PROGRESS: "Hồ sơ đang được giải quyết.",
    Status.SUPPLEMENT: "Hồ sơ cần bổ sung, hoàn thiện. Vui lòng nộp bổ sung các giấy tờ nêu dưới đây.",
    Status.RESULT_READY: "Đã có kết quả. Mời ông/bà đến nhận kết quả.",
    Status.RETURNED: "Đã trả kết quả.",
    Status.REFUSED: "Hồ sơ không được giải quyết. Lý do được nêu trong phiếu từ chối.",
    Status.STOPPED: "Hồ sơ đã dừng giải quyết theo đề nghị của ông/bà.",
    Status.CLOSED: "Hồ sơ đã kết thúc do không được bổ sung trong 15 ngày.",
}


def find(*, code: str, phone4: str) -> Dossier | None:
    """The dossier with this code and phone digits, or None; raises TooManyTries for a closed code."""
    code, phone4 = (code or "").strip(), (phone4 or "").strip()
    if len(phone4) != 4 or not phone4.isdigit():
        return None
    counter = f"dossier-lookup-code:{code}"
    closed_for = ratelimit.hit(counter, CODE_LIMITS)  # counted first: parallel guesses cannot slip through
    if closed_for:
        raise TooManyTries(closed_for)
    dossier = Dossier.objects.filter(code=code).select_related("agency", "procedure_version").first()
    if dossier is None or dossier.phone4 != phone4:
        return None
    ratelimit.unhit(counter, CODE_LIMITS)  # only wrong answers count
    return dossier


def public_view(*, code: str, phone4: str) -> dict | None:
    """What the citizen sees, or None for a wrong code or wrong digits (TooManyTries as `find`)."""
    dossier = find(code=code, phone4=phone4)
    if dossier is None:
        return None
    return describe(dossier)


def describe(dossier: Dossier) -> dict:
    """What the citizen sees of a dossier found by its code and digits."""
    apology = dossier.events.filter(type=EventType.EXTENDED).values_list("reason", flat=True).first()
    late = dossier.is_late or dossier.is_overdue(timezone.now())
    return {
        "code": dossier.code,
        "procedure": dossier.procedure_version.name,
        "agency": dossier.agency.name,
        "status": dossier.status,
        "status_text": PLAIN_STATUS[dossier.status],
        "received_at": dossier.received_at,
        "appointment": dossier.appointment,
        "late": late,
        "apology": (
            f"Cơ quan xin lỗi ông/bà vì hồ sơ giải quyết chậm. Lý do: {apology}. "
            f"Thời hạn trả kết quả mới: {timezone.localtime(dossier.appointment):%H:%M ngày %d/%m/%Y}."
            if apology
            else ""
        ),
        "can_rate": dossier.ended_at is not None and not hasattr_rating(dossier),
        "supplement": _supplement(dossier),
    }


def _supplement(dossier: Dossier) -> dict | None:
    """What a dossier waiting for its supplement lacks (form 02's list), until when it may be
    completed, and whom to call; None when it is not waiting."""
    if not dossier.is_awaiting_supplement:
        return None
    from eiso.dossiers.services import closure_due

    event = dossier.events.filter(type=EventType.SUPPLEMENT_REQUESTED).order_by("-at", "-pk").first()
    if event is None:
        return None
    return {
        "requested_at": event.at,
        "items": supplement_items(event.data.get("items"), fallback=event.reason),
        "closure_due": closure_due(dossier),
        "contact_name": event.data.get("contact_name", ""),
        "contact_phone": event.data.get("contact_phone", ""),
    }


def supplement_items(items, *, fallback: str = "") -> list[str]:
    """The papers to supplement: the counter stores a list, the form 02 request a text with one
    paper a line (or separated by semicolons)."""
    if isinstance(items, list):
        found = [str(item).strip() for item in items if str(item).strip()]
    else:
        text = str(items or "").replace(";", "\n")
        found = [line.strip(" -;") for line in text.splitlines() if line.strip(" -;")]
    return found or ([fallback] if fallback.strip() else [])


def hasattr_rating(dossier: Dossier) -> bool:
    from eiso.dossiers.models import Rating

    return Rating.objects.filter(dossier=dossier).exists()
