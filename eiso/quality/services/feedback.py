"""Citizens' feedback (phản ánh, kiến nghị): submission, acceptance or refusal, reply.

Deadlines count working days: accept or refuse within 2, handle within 15 after acceptance.
"""

import secrets
from datetime import date

from django.db import transaction
from django.utils import timezone

from eiso.core import audit
from eiso.core import calendar as work_calendar
from eiso.core.errors import DomainError
from eiso.core.permissions import check_member, check_same_agency, is_manager, require_manager, require_role
from eiso.core.roles import AGENCY_MEMBERS
from eiso.quality.models import Feedback
from eiso.quality.models.feedback import ACCEPT_WORKING_DAYS, HANDLE_WORKING_DAYS

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
        accept_due_on=work_calendar.for_province(agency.province_id).add_working_days_to_date(
            today, ACCEPT_WORKING_DAYS
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


@transaction.atomic
def feedback_accept(
    *, feedback: Feedback, actor, handler=None, unit=None, today: date | None = None
) -> Feedback:
    """Accept the feedback for handling; the 15-working-day handling deadline starts."""
    require_manager(actor, feedback.agency)
    if feedback.status != Feedback.Status.RECEIVED:
        raise DomainError("Chỉ phản ánh mới tiếp nhận mới được thụ lý.")
    check_member(handler, feedback.agency, field="handler", label="Người xử lý")
    check_same_agency(feedback.agency, unit, message="Phòng/ban không thuộc cơ quan này.")
    today = today or timezone.localdate()
    feedback.status = Feedback.Status.ACCEPTED
    feedback.accepted_on = today
    feedback.handle_due_on = work_calendar.for_province(feedback.agency.province_id).add_working_days_to_date(
        today, HANDLE_WORKING_DAYS
    )
    feedback.handler = handler
    feedback.unit = unit
    feedback.full_clean()
    feedback.save(update_fields=["status", "accepted_on", "handle_due_on", "handler", "unit", "updated_at"])
    audit.record(
        actor=actor,
        action="feedback.accept",
        target=feedback,
        changes={
            "status": ["received", "accepted"],
            "handle_due_on": [None, feedback.handle_due_on.isoformat()],
            "handler_id": [None, feedback.handler_id],
            "unit_id": [None, feedback.unit_id],
        },
    )
    return feedback


@transaction.atomic
def feedback_refuse(*, feedback: Feedback, actor, reason: str, today: date | None = None) -> Feedback:
    """Refuse to handle the feedback (not within the agency's remit, anonymous abuse…), saying why;
    the sender reads the reason by the feedback code."""
    require_manager(actor, feedback.agency)
    if feedback.status != Feedback.Status.RECEIVED:
        raise DomainError("Chỉ phản ánh mới tiếp nhận mới có thể từ chối thụ lý.")
    if not reason.strip():
        raise DomainError("Hãy ghi lý do không thụ lý.", field="reason")
    feedback.status = Feedback.Status.REFUSED
    feedback.refusal_reason = reason.strip()
    feedback.answered_on = today or timezone.localdate()
    feedback.full_clean()
    feedback.save(update_fields=["status", "refusal_reason", "answered_on", "updated_at"])
    audit.record(
        actor=actor,
        action="feedback.refuse",
        target=feedback,
        changes={"status": ["received", "refused"], "refusal_reason": [None, feedback.refusal_reason]},
    )
    return feedback


@transaction.atomic
def feedback_reply(*, feedback: Feedback, actor, reply: str, today: date | None = None) -> Feedback:
    """Record the answer to accepted feedback; the sender reads it by the feedback code."""
    if not (is_manager(actor, feedback.agency) or (actor is not None and feedback.handler_id == actor.pk)):
        require_manager(actor, feedback.agency)
    if feedback.status != Feedback.Status.ACCEPTED:
        raise DomainError("Chỉ trả lời được phản ánh đang xử lý.")
    if len(reply.strip()) < 10:
        raise DomainError("Hãy ghi nội dung trả lời (ít nhất 10 ký tự).", field="reply")
    feedback.status = Feedback.Status.ANSWERED
    feedback.reply = reply.strip()
    feedback.answered_on = today or timezone.localdate()
    feedback.full_clean()
    feedback.save(update_fields=["status", "reply", "answered_on", "updated_at"])
    audit.record(
        actor=actor,
        action="feedback.reply",
        target=feedback,
        changes={"status": ["accepted", "answered"], "reply": [None, feedback.reply]},
    )
    return feedback
