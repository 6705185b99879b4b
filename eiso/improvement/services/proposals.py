"""The late-dossier rule (ISO 9001:2015 §9.1.3, §10.2): procedures and units over a threshold of
late dossiers are proposed as nonconformities; the secretary accepts a proposal (it becomes a
recorded nonconformity) or dismisses it with a reason, a lifecycle declared once (core.workflow)."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from eiso.core import audit as audit_trail
from eiso.core.errors import DomainError
from eiso.core.roles import QMS_MANAGERS
from eiso.core.workflow import Transition, Workflow
from eiso.improvement.forms import ReasonForm
from eiso.improvement.models import Nonconformity, NonconformityProposal
from eiso.improvement.selectors import LateCount
from eiso.improvement.services.nonconformities import create_nonconformity
from eiso.orgs import editions

Status = NonconformityProposal.Status


def _fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@transaction.atomic
def late_dossier_proposals(
    *, agency, period_start: date, period_end: date, threshold: int, counts: list[LateCount]
) -> list[NonconformityProposal]:
    """Propose a nonconformity for every procedure or unit at or over the threshold of late dossiers
    in the period; a subject already proposed for that period is not proposed again."""
    if threshold < 1:
        raise DomainError("Ngưỡng phải từ 1 hồ sơ trở lên.", field="threshold")
    created = []
    for count in counts:
        if count.late_count < threshold:
            continue
        proposal, is_new = NonconformityProposal.objects.get_or_create(
            agency=agency,
            subject=count.subject,
            period_start=period_start,
            period_end=period_end,
            defaults={
                "procedure_id": count.procedure_id,
                "unit_id": count.unit_id,
                "late_count": count.late_count,
                "threshold": threshold,
            },
        )
        if is_new:
            audit_trail.record(
                actor=None,
                action="nonconformity_proposal.create",
                target=proposal,
                changes={"late_count": [None, count.late_count], "threshold": [None, threshold]},
            )
            created.append(proposal)
    return created


def _accept(proposal: NonconformityProposal, *, actor, at):
    """The proposal becomes a recorded nonconformity, detected the day it is accepted."""
    period = f"{_fmt(proposal.period_start)}–{_fmt(proposal.period_end)}"
    nonconformity = create_nonconformity(
        proposal.agency,
        source=Nonconformity.Source.LATE_DOSSIERS,
        detected_on=timezone.localdate(at),
        title=f"{proposal.subject}: {proposal.late_count} hồ sơ trễ hạn ({period})",
        description=(
            f"{proposal.late_count} hồ sơ trễ hạn trong kỳ {period}, vượt ngưỡng {proposal.threshold} hồ sơ "
            f"({editions.name(proposal.agency)}, mục 8.7)."
        ),
        unit_id=proposal.unit_id,
        raised_by=actor,
    )
    proposal.nonconformity = nonconformity
    proposal.decided_by = actor
    return {"nonconformity": [None, nonconformity.code]}


def _dismiss(proposal: NonconformityProposal, *, actor, at, reason: str):
    if not reason.strip():
        raise DomainError("Hãy ghi lý do bỏ qua đề xuất.", field="reason")
    proposal.dismiss_reason = reason.strip()
    proposal.decided_by = actor
    return {"reason": [None, proposal.dismiss_reason]}


NONCONFORMITY_PROPOSAL = Workflow(
    name="nonconformity_proposal",
    model=NonconformityProposal,
    label="đề xuất",
    url_name="improvement:proposal_transition",
    badges={Status.PENDING: "warning", Status.ACCEPTED: "success", Status.DISMISSED: "secondary"},
    transitions=(
        Transition(
            "accept",
            "Lập điểm không phù hợp",
            (Status.PENDING,),
            Status.ACCEPTED,
            roles=QMS_MANAGERS,
            apply=_accept,
            style="danger",
            success="Đã lập điểm không phù hợp từ đề xuất.",
        ),
        Transition(
            "dismiss",
            "Bỏ qua đề xuất",
            (Status.PENDING,),
            Status.DISMISSED,
            roles=QMS_MANAGERS,
            apply=_dismiss,
            form=ReasonForm,
            style="secondary",
            confirm="Bỏ qua đề xuất này?",
            success="Đã bỏ qua đề xuất.",
        ),
    ),
)


def proposal_accept(*, proposal: NonconformityProposal, actor, at: datetime | None = None) -> Nonconformity:
    """The secretary turns a proposal into a recorded nonconformity, which is returned."""
    return NONCONFORMITY_PROPOSAL.run(proposal, "accept", actor=actor, at=at).nonconformity


def proposal_dismiss(*, proposal: NonconformityProposal, actor, reason: str) -> NonconformityProposal:
    """The secretary dismisses a proposal, with a reason."""
    return NONCONFORMITY_PROPOSAL.run(proposal, "dismiss", actor=actor, reason=reason)
