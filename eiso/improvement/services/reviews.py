"""Management reviews: plan, hold (inputs compiled from eISO data and frozen), outputs as Actions (ISO
9001:2015 §9.3)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from eiso.core import audit as audit_trail
from eiso.core.errors import DomainError
from eiso.core.permissions import require_role
from eiso.core.roles import Role
from eiso.improvement import selectors
from eiso.improvement.models import ManagementReview
from eiso.improvement.services.common import check_member, require_manager
from eiso.quality import services as quality_services
from eiso.quality.models import Action

FROZEN_MESSAGE = "Cuộc họp đã diễn ra: đầu vào đã được chốt, không sửa được."
PLAN_FIELDS = ["title", "period_start", "period_end", "planned_on", "location", "chair", "participants"]


def _check_period(period_start: date, period_end: date) -> None:
    if period_end < period_start:
        raise DomainError("Kỳ số liệu: ngày kết thúc không được trước ngày bắt đầu.", field="period_end")


@transaction.atomic
def review_plan(
    *,
    agency,
    actor,
    title: str,
    period_start: date,
    period_end: date,
    planned_on: date,
    chair,
    location: str = "",
    participants: str = "",
) -> ManagementReview:
    """Plan a management review meeting with its data period and chair."""
    require_manager(actor, agency)
    _check_period(period_start, period_end)
    check_member(chair, agency, field="chair", label="Người chủ trì")
    review = ManagementReview(
        agency=agency,
        title=title,
        period_start=period_start,
        period_end=period_end,
        planned_on=planned_on,
        chair=chair,
        location=location,
        participants=participants,
    )
    review.full_clean()
    review.save()
    audit_trail.record(
        actor=actor, action="management_review.plan", target=review, changes={"title": [None, title]}
    )
    return review


@transaction.atomic
def review_update(*, review: ManagementReview, actor, **fields) -> ManagementReview:
    """Change a planned review; refused once held, since the inputs are frozen."""
    require_manager(actor, review.agency)
    if review.is_held:
        raise DomainError(FROZEN_MESSAGE)
    before = audit_trail.snapshot(review, list(fields))
    for name, value in fields.items():
        if name not in PLAN_FIELDS:
            raise TypeError(f"cannot set {name} on a review")
        setattr(review, name, value)
    _check_period(review.period_start, review.period_end)
    review.full_clean()
    review.save()
    audit_trail.record(
        actor=actor,
        action="management_review.update",
        target=review,
        changes=audit_trail.diff(before, audit_trail.snapshot(review, list(fields))),
    )
    return review


@transaction.atomic
def review_hold(
    *,
    review: ManagementReview,
    actor,
    held_on: date,
    participants: str,
    conclusions: str,
    notes: dict[str, str] | None = None,
    minutes_number: str = "",
) -> ManagementReview:
    """The leader records the meeting: inputs are compiled from live data for the period and frozen."""
    require_role(actor, review.agency, Role.LEADER)
    if review.is_held:
        raise DomainError(FROZEN_MESSAGE)
    if held_on > timezone.localdate():
        raise DomainError("Ngày họp không được ở tương lai.", field="held_on")
    if not participants.strip():
        raise DomainError("Hãy ghi thành phần tham dự.", field="participants")
    if not conclusions.strip():
        raise DomainError("Hãy ghi kết luận của cuộc họp.", field="conclusions")
    inputs = selectors.review_inputs_compile(
        agency=review.agency,
        period_start=review.period_start,
        period_end=review.period_end,
        exclude_review=review,
    )
    for section in inputs:
        section["note"] = (notes or {}).get(section["key"], "").strip()
    review.inputs = inputs
    review.inputs_frozen_at = timezone.now()
    review.held_on = held_on
    review.participants = participants.strip()
    review.conclusions = conclusions.strip()
    review.minutes_number = minutes_number.strip() or f"{review.pk}/BB-XXLĐ"
    review.status = ManagementReview.Status.HELD
    review.full_clean()
    review.save(
        update_fields=[
            "inputs",
            "inputs_frozen_at",
            "held_on",
            "participants",
            "conclusions",
            "minutes_number",
            "status",
            "updated_at",
        ]
    )
    audit_trail.record(
        actor=actor,
        action="management_review.hold",
        target=review,
        changes={
            "status": ["planned", "held"],
            "held_on": [None, held_on.isoformat()],
            "inputs": [None, len(inputs)],
        },
    )
    return review


@transaction.atomic
def review_add_output(
    *, review: ManagementReview, actor, title: str, due_on: date, owner, description: str = ""
) -> Action:
    """An output of a held review (improvement, change to the QMS, resources) becomes an Action."""
    require_manager(actor, review.agency)
    if not review.is_held:
        raise DomainError("Chỉ giao hành động sau khi cuộc họp đã diễn ra.")
    if owner is None:
        raise DomainError("Hành động phải có người thực hiện.", field="owner")
    return quality_services.action_create(
        source=review, actor=actor, title=title, due_on=due_on, owner=owner, description=description
    )
