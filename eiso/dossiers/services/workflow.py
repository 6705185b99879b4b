"""The dossier's workflow at the one-stop counter, declared once (core.workflow).

Rules (NĐ 118/2025/NĐ-CP; regulations.md §4.2, §4.9.2): an online dossier is accepted within
08 working hours; the applicant is asked to supplement once and fully, within 03 working days
of reception, and the processing time restarts from zero when they do; a dossier not supplemented
within 15 days of the request may be closed; the apology with extension is made at least one day
before the due date, only once, to a working day after the legal due moment; a wrong result is
corrected within 03 working days.

A dossier's status is derived from its events: each transition records one event (through
`events.record`, which holds the rules the integration contract shares with ingest) and replays
the dossier. Ingest maps the events it receives to these transitions by their `event`.
"""

from django.utils import timezone

from eiso.core import deadlines
from eiso.core.errors import DomainError
from eiso.core.roles import COUNTER
from eiso.core.workflow import Transition, Workflow
from eiso.dossiers.forms import ExtendForm, ReasonForm, RequiredReasonForm, SupplementForm
from eiso.dossiers.models import Channel, Dossier, EventType, Handover, Status
from eiso.dossiers.services import events
from eiso.dossiers.services.reception import display_name
from eiso.dossiers.services.replay import calendar_for, rebuild

OPEN = (Status.RECEIVED, Status.IN_PROGRESS)
UNFINISHED = (Status.RECEIVED, Status.IN_PROGRESS, Status.SUPPLEMENT)


def _record(dossier: Dossier, type: str, *, actor, at, **values) -> dict:
    events.record(dossier, type, at=at, actor=actor, **values)
    rebuild(dossier)
    return {}


# --- guards: what the counter may not do, whatever the input ---------------------------------------


def _online_not_accepted(dossier: Dossier, actor, at) -> None:
    if dossier.channel != Channel.ONLINE:
        raise DomainError("Chỉ hồ sơ nộp trực tuyến mới cần tiếp nhận chính thức.")
    if dossier.accepted_at:
        raise DomainError("Hồ sơ đã được tiếp nhận chính thức.")


def _first_supplement_in_time(dossier: Dossier, actor, at) -> None:
    if dossier.supplement_count:
        raise DomainError(
            "Hồ sơ đã được yêu cầu bổ sung một lần. Pháp luật chỉ cho phép yêu cầu bổ sung, "
            "hoàn thiện hồ sơ một lần, đầy đủ."
        )
    notice_due = deadlines.supplement_notice_due(calendar_for(dossier.agency), dossier.received_at)
    if at > notice_due:
        raise DomainError(
            "Đã quá 03 ngày làm việc kể từ ngày tiếp nhận "
            f"(hạn {timezone.localtime(notice_due):%H:%M %d/%m/%Y}): không được yêu cầu bổ sung hồ sơ nữa."
        )


def _extension_allowed(dossier: Dossier, actor, at) -> None:
    if dossier.extended:
        raise DomainError("Hồ sơ đã được gia hạn một lần: không được gia hạn lần thứ hai.")
    cal = calendar_for(dossier.agency)
    if not deadlines.is_timely_extension(cal, at, dossier.legal_due):
        raise DomainError(
            "Phải xin lỗi và đề nghị gia hạn chậm nhất 01 ngày trước ngày hẹn trả "
            f"({dossier.legal_due_on:%d/%m/%Y}), tức là đến hết ngày "
            f"{deadlines.extension_last_day(cal, dossier.legal_due):%d/%m/%Y}."
        )


def _closure_due_passed(dossier: Dossier, actor, at) -> None:
    due = closure_due(dossier)
    if due is not None and at <= due:
        raise DomainError(
            f"Chưa hết 15 ngày kể từ ngày yêu cầu bổ sung (đến {timezone.localtime(due):%H:%M %d/%m/%Y})."
        )


def _steps_finished(dossier: Dossier, actor, at) -> None:
    pending = dossier.steps.filter(finished_at__isnull=True).order_by("order").first()
    if pending is not None:
        raise DomainError(f"Còn bước chưa hoàn thành: {pending}.")


def closure_due(dossier: Dossier):
    """When a dossier waiting for its supplement may be closed (None when it is not waiting)."""
    if not dossier.is_awaiting_supplement or dossier.supplement_requested_at is None:
        return None
    return deadlines.closure_due(calendar_for(dossier.agency), dossier.supplement_requested_at)


# --- applying -------------------------------------------------------------------------------------


def _accept(dossier, *, actor, at):
    return _record(dossier, EventType.ACCEPTED, actor=actor, at=at)


def _supplement_request(
    dossier, *, actor, at, items: str, reason: str = "", contact_name: str = "", contact_phone: str = ""
):
    if not items.strip():
        raise DomainError("Cần ghi rõ nội dung phải bổ sung, hoàn thiện.", field="items")
    # Form 02 names who guides the applicant and at what number; the officer by default.
    data = {"items": items}
    data.update(
        {k: v.strip() for k, v in (("contact_name", contact_name), ("contact_phone", contact_phone)) if v}
    )
    _record(dossier, EventType.SUPPLEMENT_REQUESTED, actor=actor, at=at, reason=reason, data=data)
    return {"items": [None, items.strip()]}


def _supplement_complete(dossier, *, actor, at):
    _record(dossier, EventType.SUPPLEMENT_COMPLETED, actor=actor, at=at)
    return {"legal_due": [None, dossier.legal_due.isoformat()]}


def _extend(dossier, *, actor, at, reason: str, new_date=None, new_appointment=None):
    cal = calendar_for(dossier.agency)
    if not reason.strip():
        raise DomainError("Cần nêu rõ lý do chậm.", field="reason")
    if new_appointment is None:
        if new_date is None:
            raise DomainError("Cần nhập ngày hẹn trả mới.", field="new_date")
        new_appointment = cal.close_of(new_date)
    problem = deadlines.extension_appointment_error(cal, new_appointment, dossier.legal_due)
    if problem:
        raise DomainError(problem, field="new_date")
    before = dossier.appointment
    _record(dossier, EventType.EXTENDED, actor=actor, at=at, due=new_appointment, reason=reason.strip())
    return {
        "appointment": [before.isoformat(), new_appointment.isoformat()],
        "reason": [None, reason.strip()],
    }


def _reasoned(kind: str, required: str = ""):
    def apply(dossier, *, actor, at, reason: str = ""):
        if required and not reason.strip():
            raise DomainError(required, field="reason")
        _record(dossier, kind, actor=actor, at=at, reason=reason.strip())
        return {"reason": [None, reason.strip()]} if reason.strip() else {}

    return apply


def _close(dossier, *, actor, at):
    return _record(dossier, EventType.CLOSED, actor=actor, at=at, reason="Không bổ sung hồ sơ trong 15 ngày")


def _result_ready(dossier, *, actor, at):
    return _record(dossier, EventType.RESULT_READY, actor=actor, at=at)


def _return(dossier, *, actor, at):
    Handover.objects.create(
        agency=dossier.agency,
        dossier=dossier,
        at=at,
        given_by=display_name(actor),
        received_by=dossier.applicant_name,
        from_place="Bộ phận Một cửa",
    )
    return _record(dossier, EventType.RETURNED, actor=actor, at=at)


DOSSIER = Workflow(
    name="dossier",
    model=Dossier,
    label="hồ sơ",
    url_name="dossiers:dossier_transition",
    derived_status=True,
    badges={
        Status.RECEIVED: "primary",
        Status.IN_PROGRESS: "primary",
        Status.SUPPLEMENT: "warning",
        Status.RESULT_READY: "info",
        Status.RETURNED: "success",
        Status.REFUSED: "secondary",
        Status.STOPPED: "secondary",
        Status.CLOSED: "secondary",
    },
    transitions=(
        Transition(
            "accept",
            "Tiếp nhận chính thức",
            OPEN,
            roles=COUNTER,
            applies=lambda dossier: dossier.channel == Channel.ONLINE and not dossier.accepted_at,
            guard=_online_not_accepted,
            apply=_accept,
            event=EventType.ACCEPTED,
            success="Đã tiếp nhận chính thức hồ sơ trực tuyến.",
        ),
        Transition(
            "supplement_request",
            "Yêu cầu bổ sung hồ sơ (Mẫu 02)",
            OPEN,
            Status.SUPPLEMENT,
            roles=COUNTER,
            guard=_first_supplement_in_time,
            apply=_supplement_request,
            form=SupplementForm,
            style="warning",
            event=EventType.SUPPLEMENT_REQUESTED,
            help="Chỉ được yêu cầu bổ sung một lần, đầy đủ, trong 03 ngày làm việc kể từ ngày tiếp nhận.",
            success="Đã lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.",
        ),
        Transition(
            "supplement_complete",
            "Người nộp đã bổ sung đủ",
            (Status.SUPPLEMENT,),
            roles=COUNTER,
            apply=_supplement_complete,
            event=EventType.SUPPLEMENT_COMPLETED,
            success="Đã ghi nhận bổ sung: thời hạn giải quyết được tính lại từ đầu.",
        ),
        Transition(
            "extend",
            "Xin lỗi và gia hạn (Mẫu 04)",
            OPEN,
            roles=COUNTER,
            guard=_extension_allowed,
            apply=_extend,
            form=ExtendForm,
            style="warning",
            event=EventType.EXTENDED,
            help="Chậm nhất 01 ngày trước ngày hẹn trả, chỉ một lần; ngày hẹn mới là ngày làm việc.",
            success="Đã lập văn bản xin lỗi và hẹn lại ngày trả kết quả.",
        ),
        Transition(
            "result_ready",
            "Có kết quả",
            OPEN,
            Status.RESULT_READY,
            roles=COUNTER,
            guard=_steps_finished,
            apply=_result_ready,
            style="success",
            event=EventType.RESULT_READY,
            success="Đã ghi nhận có kết quả giải quyết.",
        ),
        Transition(
            "return",
            "Trả kết quả",
            (Status.RESULT_READY,),
            Status.RETURNED,
            roles=COUNTER,
            apply=_return,
            style="success",
            event=EventType.RETURNED,
            success="Đã trả kết quả cho người nộp.",
        ),
        Transition(
            "refuse",
            "Từ chối giải quyết (Mẫu 03)",
            UNFINISHED,
            Status.REFUSED,
            roles=COUNTER,
            apply=_reasoned(EventType.REFUSED, "Cần nêu rõ lý do từ chối."),
            form=RequiredReasonForm,
            style="danger",
            confirm="Từ chối giải quyết hồ sơ này?",
            event=EventType.REFUSED,
            success="Đã từ chối giải quyết hồ sơ.",
        ),
        Transition(
            "stop",
            "Dừng theo đề nghị của người nộp (Mẫu 05)",
            UNFINISHED,
            Status.STOPPED,
            roles=COUNTER,
            apply=_reasoned(EventType.STOPPED),
            form=ReasonForm,
            style="secondary",
            confirm="Dừng giải quyết hồ sơ theo đề nghị của người nộp?",
            event=EventType.STOPPED,
            success="Đã dừng giải quyết hồ sơ.",
        ),
        Transition(
            "close",
            "Kết thúc vì không bổ sung trong 15 ngày",
            (Status.SUPPLEMENT,),
            Status.CLOSED,
            roles=COUNTER,
            guard=_closure_due_passed,
            apply=_close,
            style="secondary",
            confirm="Kết thúc hồ sơ vì người nộp không bổ sung trong 15 ngày?",
            event=EventType.CLOSED,
            success="Đã kết thúc hồ sơ.",
        ),
        Transition(
            "correct",
            "Đính chính kết quả",
            (Status.RETURNED,),
            roles=COUNTER,
            apply=_reasoned(EventType.CORRECTED, "Cần nêu rõ sai sót cần đính chính."),
            form=RequiredReasonForm,
            event=EventType.CORRECTED,
            help="Sửa kết quả sai trong 03 ngày làm việc.",
            success="Đã ghi nhận đính chính kết quả.",
        ),
    ),
)


# --- the services other modules call --------------------------------------------------------------


def dossier_accept(*, dossier: Dossier, actor, at=None) -> Dossier:
    """Accept an online dossier (within 8 working hours of its arrival, NĐ 118/2025 Điều 17)."""
    return DOSSIER.run(dossier, "accept", actor=actor, at=at)


def supplement_request(
    *,
    dossier: Dossier,
    items: str,
    actor,
    reason: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    at=None,
) -> Dossier:
    """Form 02: ask the applicant to complete the dossier, once and fully; the clock stops."""
    return DOSSIER.run(
        dossier,
        "supplement_request",
        actor=actor,
        at=at,
        items=items,
        reason=reason,
        contact_name=contact_name,
        contact_phone=contact_phone,
    )


def supplement_complete(*, dossier: Dossier, actor, at=None) -> Dossier:
    """The applicant completed the dossier: the processing time restarts from zero."""
    return DOSSIER.run(dossier, "supplement_complete", actor=actor, at=at)


def dossier_extend(*, dossier: Dossier, new_appointment, reason: str, actor, at=None) -> Dossier:
    """Form 04: apology and extension, at least one day before the due date, once."""
    return DOSSIER.run(dossier, "extend", actor=actor, at=at, new_appointment=new_appointment, reason=reason)


def dossier_refuse(*, dossier: Dossier, reason: str, actor, at=None) -> Dossier:
    return DOSSIER.run(dossier, "refuse", actor=actor, at=at, reason=reason)


def dossier_stop(*, dossier: Dossier, reason: str, actor, at=None) -> Dossier:
    return DOSSIER.run(dossier, "stop", actor=actor, at=at, reason=reason)


def dossier_close(*, dossier: Dossier, actor, at=None) -> Dossier:
    """End a dossier not completed within 15 days of the supplement request (NĐ 118 Điều 19.5)."""
    return DOSSIER.run(dossier, "close", actor=actor, at=at)


def dossier_result_ready(*, dossier: Dossier, actor, at=None) -> Dossier:
    return DOSSIER.run(dossier, "result_ready", actor=actor, at=at)


def dossier_return(*, dossier: Dossier, actor, at=None) -> Dossier:
    return DOSSIER.run(dossier, "return", actor=actor, at=at)


def dossier_correct(*, dossier: Dossier, reason: str, actor, at=None) -> Dossier:
    """A wrong result: the agency corrects it within 03 working days (NĐ 118 Điều 23)."""
    return DOSSIER.run(dossier, "correct", actor=actor, at=at, reason=reason)
