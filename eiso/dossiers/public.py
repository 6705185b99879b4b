"""What a citizen may see of a dossier, in plain words, given its code and the last 4 digits of
the phone number. A wrong code and wrong digits give the same answer (None): no enumeration."""

from django.utils import timezone

from eiso.dossiers.models import Dossier, EventType, Status

PLAIN_STATUS = {
    Status.RECEIVED: "Hồ sơ đã được tiếp nhận và đang chờ xử lý.",
    Status.IN_PROGRESS: "Hồ sơ đang được giải quyết.",
    Status.SUPPLEMENT: "Hồ sơ cần bổ sung giấy tờ. Vui lòng xem phiếu yêu cầu bổ sung và nộp bổ sung.",
    Status.RESULT_READY: "Đã có kết quả. Mời ông/bà đến nhận kết quả.",
    Status.RETURNED: "Đã trả kết quả.",
    Status.REFUSED: "Hồ sơ không được giải quyết. Lý do được nêu trong phiếu từ chối.",
    Status.STOPPED: "Hồ sơ đã dừng giải quyết theo đề nghị của ông/bà.",
    Status.CLOSED: "Hồ sơ đã kết thúc do không được bổ sung trong 15 ngày.",
}


def find(*, code: str, phone4: str) -> Dossier | None:
    phone4 = (phone4 or "").strip()
    if len(phone4) != 4 or not phone4.isdigit():
        return None
    dossier = (
        Dossier.objects.filter(code=(code or "").strip())
        .select_related("agency", "procedure_version")
        .first()
    )
    if dossier is None or dossier.phone4 != phone4:
        return None
    return dossier


def public_view(*, code: str, phone4: str) -> dict | None:
    dossier = find(code=code, phone4=phone4)
    if dossier is None:
        return None
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
    }


def hasattr_rating(dossier: Dossier) -> bool:
    from eiso.dossiers.models import Rating

    return Rating.objects.filter(dossier=dossier).exists()
