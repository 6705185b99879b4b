"""Citizens' feedback (phản ánh, kiến nghị): received from the portal or recorded by staff, then
its declared workflow (core.workflow): accepted or refused, then answered.

Deadlines count working days on the province's calendar (core.deadlines): accept or refuse within
2 of reception, answer within 15 of acceptance (QĐ 766/QĐ-TTg practice).
"""

import secrets
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from eiso.core import audit, deadlines
from eiso.core import calendar as work_calendar
from eiso.core.errors import DomainError
from eiso.core.permissions import check_member, check_same_agency, require_role
from eiso.core.roles import AGENCY_MEMBERS, QMS_MANAGERS
from eiso.core.workflow import Transition, Workflow
from eiso.quality.forms import FeedbackAcceptForm, FeedbackReplyForm, ReasonForm
from eiso.quality.models import Feedback
from eiso.quality.models.feedback import ACCEPT_WORKING_DAYS, HANDLE_WORKING_DAYS

Status = Feedback.Status
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: the code is read over the phone
SUBMITTED_FIELDS = [
    "kind",
    "channel",
    "category",
    "content",
    "dossier_code",
    "sender_name",
    "sender_phone",
    "sender_email",
    "received_on",
    "accept_due_on",
    "status",
]


def _new_code(today: date) -> str:
    while True:
        code = f"PA{today:%y}-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        if not Feedback.objects.filter(code=code).exists():
            return code


def _receive(*, agency, channel: str, actor, today: date | None, values: dict) -> Feedback:
    today = today or timezone.localdate()
    content = (values.get("content") or "").strip()
    if len(content) < 10:
        raise DomainError("Hãy mô tả nội dung phản ánh, kiến nghị (ít nhất 10 ký tự).", field="content")
    if not (values.get("sender_name") or "").strip():
        raise DomainError("Hãy ghi họ tên người gửi.", field="sender_name")
    feedback = Feedback(
        agency=agency,
        code=_new_code(today),
        channel=channel,
        received_on=today,
        accept_due_on=deadlines.working_days_after(
            work_calendar.for_province(agency.province_id), today, ACCEPT_WORKING_DAYS
        ),
        kind=values.get("kind") or Feedback.Kind.COMPLAINT,
        category=values.get("category") or Feedback.Category.OTHER,
        content=content,
        dossier_code=(values.get("dossier_code") or "").strip(),
        sender_name=values["sender_name"].strip(),
        sender_phone=(values.get("sender_phone") or "").strip(),
        sender_email=(values.get("sender_email") or "").strip(),
        sender_address=(values.get("sender_address") or "").strip(),
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    feedback.full_clean()
    feedback.save()
    audit.record(
        actor=actor,
        action="feedback.receive",
        target=feedback,
        changes={name: [None, value] for name, value in audit.snapshot(feedback, SUBMITTED_FIELDS).items()},
    )
    return feedback


@transaction.atomic
def feedback_submit(*, agency, today: date | None = None, **values) -> Feedback:
    """A citizen sends feedback from the public portal, without login. Spam control (rate limit,
    challenge) belongs to the public page that calls this."""
    return _receive(agency=agency, channel=Feedback.Channel.PORTAL, actor=None, today=today, values=values)


@transaction.atomic
def feedback_record(*, agency, actor, channel: str, today: date | None = None, **values) -> Feedback:
    """A member of the agency records feedback received at the counter, by phone or by letter."""
    require_role(actor, agency, *AGENCY_MEMBERS)
    if channel not in (Feedback.Channel.COUNTER, Feedback.Channel.STAFF):
        raise DomainError("Kênh tiếp nhận không hợp lệ.", field="channel")
    return _receive(agency=agency, channel=channel, actor=actor, today=today, values=values)


# --- the workflow: accept or refuse within 2 working days, answer within 15 --------------------------


def _accept(feedback: Feedback, *, actor, at: datetime, handler=None, unit=None) -> dict:
    check_member(handler, feedback.agency, field="handler", label="Người xử lý")
    check_same_agency(feedback.agency, unit, message="Phòng/ban không thuộc cơ quan này.")
    feedback.accepted_on = timezone.localdate(at)
    feedback.handle_due_on = deadlines.working_days_after(
        work_calendar.for_province(feedback.agency.province_id), feedback.accepted_on, HANDLE_WORKING_DAYS
    )
    feedback.handler = handler
    feedback.unit = unit
    return {
        "handle_due_on": [None, feedback.handle_due_on.isoformat()],
        "handler_id": [None, feedback.handler_id],
        "unit_id": [None, feedback.unit_id],
    }


def _refuse(feedback: Feedback, *, actor, at: datetime, reason: str) -> dict:
    if not reason.strip():
        raise DomainError("Hãy ghi lý do không thụ lý.", field="reason")
    feedback.refusal_reason = reason.strip()
    feedback.answered_on = timezone.localdate(at)
    return {"refusal_reason": [None, feedback.refusal_reason]}


def _reply(feedback: Feedback, *, actor, at: datetime, reply: str) -> dict:
    if len(reply.strip()) < 10:
        raise DomainError("Hãy ghi nội dung trả lời (ít nhất 10 ký tự).", field="reply")
    feedback.reply = reply.strip()
    feedback.answered_on = timezone.localdate(at)
    return {"reply": [None, feedback.reply]}


def _is_handler(feedback: Feedback, user) -> bool:
    return feedback.handler_id is not None and feedback.handler_id == user.pk


FEEDBACK = Workflow(
    name="feedback",
    model=Feedback,
    label="phản ánh",
    url_name="quality:feedback_transition",
    badges={
        Status.RECEIVED: "warning",
        Status.ACCEPTED: "primary",
        Status.REFUSED: "secondary",
        Status.ANSWERED: "success",
    },
    transitions=(
        Transition(
            "accept",
            "Thụ lý",
            (Status.RECEIVED,),
            Status.ACCEPTED,
            roles=QMS_MANAGERS,
            apply=_accept,
            form=FeedbackAcceptForm,
            help="Thời hạn xử lý 15 ngày làm việc tính từ ngày thụ lý.",
            success="Đã thụ lý; hạn xử lý 15 ngày làm việc.",
        ),
        Transition(
            "refuse",
            "Từ chối thụ lý",
            (Status.RECEIVED,),
            Status.REFUSED,
            roles=QMS_MANAGERS,
            apply=_refuse,
            form=ReasonForm,
            style="danger",
            confirm="Từ chối thụ lý phản ánh này?",
            help="Người gửi xem được lý do bằng mã phản ánh.",
            success="Đã từ chối thụ lý; người gửi xem được lý do bằng mã phản ánh.",
        ),
        Transition(
            "reply",
            "Ghi trả lời",
            (Status.ACCEPTED,),
            Status.ANSWERED,
            roles=QMS_MANAGERS,
            grants=_is_handler,
            apply=_reply,
            form=FeedbackReplyForm,
            style="success",
            success="Đã ghi nội dung trả lời; người gửi xem được bằng mã phản ánh.",
        ),
    ),
)


# --- the services other modules call --------------------------------------------------------------


def feedback_accept(
    *, feedback: Feedback, actor, handler=None, unit=None, at: datetime | None = None
) -> Feedback:
    """Accept the feedback for handling (QMS managers); the 15-working-day handling deadline starts."""
    return FEEDBACK.run(feedback, "accept", actor=actor, at=at, handler=handler, unit=unit)


def feedback_refuse(*, feedback: Feedback, actor, reason: str, at: datetime | None = None) -> Feedback:
    """Refuse to handle the feedback (not within the agency's remit, anonymous abuse…), saying why;
    the sender reads the reason by the feedback code."""
    return FEEDBACK.run(feedback, "refuse", actor=actor, at=at, reason=reason)


def feedback_reply(*, feedback: Feedback, actor, reply: str, at: datetime | None = None) -> Feedback:
    """Record the answer to accepted feedback (its handler or a QMS manager); the sender reads it by
    the feedback code."""
    return FEEDBACK.run(feedback, "reply", actor=actor, at=at, reply=reply)
