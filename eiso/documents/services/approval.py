"""The approval chain of a document kind: which steps a version goes through, a sign-off of one
step, and setting the chain for a kind. The transitions that walk a version along the chain are
declared in `workflow`."""

from datetime import datetime

from django.db import transaction

from eiso.accounts.permissions import require_role
from eiso.core import audit
from eiso.core.errors import DomainError
from eiso.core.roles import QMS_MANAGERS
from eiso.documents.models import (
    ApprovalChain,
    ApprovalSignoff,
    ApprovalStep,
    Approver,
    Document,
    DocumentVersion,
)
from eiso.documents.services.common import DEFAULT_APPROVAL_STEPS


def approval_steps(document: Document) -> list[str]:
    """The sign-off steps of the agency's chain for the document's kind (or its default chain)."""
    chain = (
        ApprovalChain.objects.filter(agency_id=document.agency_id, kind__in=[document.kind, ""])
        .order_by("-kind")
        .prefetch_related("steps")
        .first()
    )
    if chain is None or not chain.steps.all():
        return [str(step) for step in DEFAULT_APPROVAL_STEPS]
    return [step.approver for step in chain.steps.all()]


def sign(version: DocumentVersion, *, actor, at: datetime, decision: str, comment: str) -> ApprovalSignoff:
    """Record the decision on the step now waiting, by the person whose turn it is."""
    return ApprovalSignoff.objects.create(
        agency=version.agency,
        version=version,
        step=version.current_step,
        approver=version.waiting_for,
        decision=decision,
        signed_by=actor,
        signed_at=at,
        comment=comment.strip(),
    )


@transaction.atomic
def approval_chain_set(*, agency, kind: str, approvers: list[str], actor) -> ApprovalChain:
    """Set the sign-off steps for one document kind ("" for every kind without its own chain)."""
    require_role(actor, agency, *QMS_MANAGERS)
    if not approvers:
        raise DomainError("Quy trình phê duyệt cần ít nhất một bước.", field="approvers")
    if any(approver not in Approver.values for approver in approvers):
        raise DomainError("Người ký không hợp lệ.", field="approvers")
    if len(set(approvers)) != len(approvers):
        raise DomainError("Mỗi người ký chỉ có mặt một lần trong quy trình phê duyệt.", field="approvers")
    chain, _ = ApprovalChain.objects.get_or_create(agency=agency, kind=kind)
    before = [step.approver for step in chain.steps.all()]
    chain.steps.all().delete()
    ApprovalStep.objects.bulk_create(
        ApprovalStep(agency=agency, chain=chain, order=order, approver=approver)
        for order, approver in enumerate(approvers, start=1)
    )
    audit.record(
        actor=actor, action="approval_chain.set", target=chain, changes={"steps": [before, approvers]}
    )
    return chain
