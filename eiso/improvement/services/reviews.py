"""Management reviews (ISO 9001:2015 §9.3): plan, hold (inputs compiled from eISO data and frozen,
a lifecycle declared once in core.workflow), outputs as Actions."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from eiso.core import audit as audit_trail
from eiso.core.errors import DomainError
from eiso.core.permissions import check_member, require_manager
from eiso.core.roles import Role
from eiso.core.workflow import Transition, Workflow
from eiso.improvement import selectors
from eiso.improvement.forms import HoldForm
from eiso.improvement.models import ManagementReview
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


def _hold(
    review: ManagementReview,
    *,
    actor,
    at,
    held_on: date,
    participants: str,
    conclusions: str,
    notes: dict[str, str] | None = None,
    minutes_number: str = "",
):
    """The inputs are compiled from live data for the period and frozen with the meeting."""
    if held_on > timezone.localdate(at):
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
    review.inputs_frozen_at = at
    review.held_on = held_on
    review.participants = participants.strip()
    review.conclusions = conclusions.strip()
    review.minutes_number = minutes_number.strip() or f"{review.pk}/BB-XXLĐ"
    review.full_clean()
    return {"held_on": [None, held_on.isoformat()], "inputs": [None, len(inputs)]}


MANAGEMENT_REVIEW = Workflow(
    name="management_review",
    model=ManagementReview,
    label="cuộc họp xem xét",
    url_name="improvement:review_transition",
    badges={ManagementReview.Status.PLANNED: "secondary", ManagementReview.Status.HELD: "success"},
    transitions=(
        Transition(
            "hold",
            "Ghi kết quả cuộc họp",
            (ManagementReview.Status.PLANNED,),
            ManagementReview.Status.HELD,
            # The head of the agency chairs the review (core.roles has no one-role set to name).
            roles=(Role.LEADER,),
            apply=_hold,
            form=HoldForm,
            help="Khi lưu, đầu vào tổng hợp từ dữ liệu được chốt cùng cuộc họp; thay đổi dữ liệu sau đó "
            "không làm đổi biên bản.",
            success="Đã ghi kết quả cuộc họp; đầu vào đã được chốt.",
        ),
    ),
)


def review_hold(
    *,
    review: ManagementReview,
    actor,
    held_on: date,
    participants: str,
    conclusions: str,
    notes: dict[str, str] | None = None,
    minutes_number: str = "",
    at: datetime | None = None,
) -> ManagementReview:
    """The leader records the meeting: inputs are compiled from live data for the period and frozen."""
    return MANAGEMENT_REVIEW.run(
        review,
        "hold",
        actor=actor,
        at=at,
        held_on=held_on,
        participants=participants,
        conclusions=conclusions,
        notes=notes,
        minutes_number=minutes_number,
    )


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
