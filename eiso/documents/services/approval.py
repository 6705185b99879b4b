"""The approval chain of a version: submit it into the agency's chain, sign a step (approve) or send
it back (request changes), and set the chain for a document kind."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from eiso.accounts.permissions import DENIED_MESSAGE, require_role
from eiso.core import audit
from eiso.core.errors import DomainError
from eiso.core.roles import QMS_MANAGERS
from eiso.documents import hooks
from eiso.documents.models import (
    ApprovalChain,
    ApprovalSignoff,
    ApprovalStep,
    Approver,
    Document,
    DocumentVersion,
)
from eiso.documents.services.common import (
    DEFAULT_APPROVAL_STEPS,
    Status,
    approver_kinds,
    check_source,
    lock,
    require_editor,
)


def _approval_steps(document: Document) -> list[str]:
    chain = (
        ApprovalChain.objects.filter(agency_id=document.agency_id, kind__in=[document.kind, ""])
        .order_by("-kind")
        .prefetch_related("steps")
        .first()
    )
    if chain is None or not chain.steps.all():
        return [str(step) for step in DEFAULT_APPROVAL_STEPS]
    return [step.approver for step in chain.steps.all()]


@transaction.atomic
def version_submit(*, version: DocumentVersion, actor) -> DocumentVersion:
    """Send a draft (or one sent back for changes) into the agency's approval chain, from step one."""
    require_editor(actor, version)
    lock(version)
    check_source("submit", version)
    version = hooks.version_submitting(version=version, actor=actor)
    if not version.body.strip() and not version.file:
        raise DomainError("Dự thảo chưa có nội dung hay tệp đính kèm nào để trình.")
    before = version.status
    version.status = Status.IN_REVIEW
    version.approval_steps = _approval_steps(version.document)
    version.current_step = 0
    version.submitted_at = timezone.now()
    version.full_clean(validate_constraints=False)
    version.save(update_fields=["status", "approval_steps", "current_step", "submitted_at", "updated_at"])
    audit.record(
        actor=actor,
        action="document_version.submit",
        target=version,
        changes={"status": [before, version.status], "waiting_for": [None, version.waiting_for]},
    )
    return version


def _require_approver_role(actor, version: DocumentVersion) -> None:
    """403 for someone who signs no step of this version's approval chain."""
    steps = set(version.approval_steps or _approval_steps(version.document))
    if not approver_kinds(actor, version) & steps:
        raise PermissionDenied(DENIED_MESSAGE)


def _require_turn(actor, version: DocumentVersion) -> str:
    """The step `actor` signs now; refused when another step is waiting."""
    if version.waiting_for not in approver_kinds(actor, version):
        raise DomainError(
            f"Chưa đến lượt bạn: phiên bản đang chờ ý kiến của {version.waiting_for_label.lower()}."
        )
    return version.waiting_for


def _sign(version: DocumentVersion, actor, approver: str, decision: str, comment: str) -> None:
    ApprovalSignoff.objects.create(
        agency=version.agency,
        version=version,
        step=version.current_step,
        approver=approver,
        decision=decision,
        signed_by=actor,
        signed_at=timezone.now(),
        comment=comment.strip(),
    )


@transaction.atomic
def version_approve(*, version: DocumentVersion, actor, comment: str = "") -> DocumentVersion:
    """Sign the step now waiting; the last step approves the version. Nobody approves their own version."""
    _require_approver_role(actor, version)
    lock(version)
    check_source("approve", version)
    approver = _require_turn(actor, version)
    if version.author_id == actor.pk:
        raise DomainError("Người soạn thảo không được tự phê duyệt phiên bản của mình.")

    _sign(version, actor, approver, ApprovalSignoff.Decision.APPROVED, comment)
    changes = {"signed": [None, approver]}
    version.current_step += 1
    if version.current_step >= len(version.approval_steps):
        version.status = Status.APPROVED
        version.approved_by = actor
        version.approved_at = timezone.now()
        changes["status"] = [Status.IN_REVIEW.value, Status.APPROVED.value]
    version.full_clean(validate_constraints=False)
    version.save(update_fields=["status", "current_step", "approved_by", "approved_at", "updated_at"])
    audit.record(actor=actor, action="document_version.approve", target=version, changes=changes)
    return version


@transaction.atomic
def version_request_changes(*, version: DocumentVersion, actor, comment: str) -> DocumentVersion:
    """Send a version in review back to its author, saying what to change."""
    _require_approver_role(actor, version)
    lock(version)
    check_source("request_changes", version)
    approver = _require_turn(actor, version)
    if not comment.strip():
        raise DomainError("Hãy ghi rõ nội dung cần sửa đổi.", field="comment")
    _sign(version, actor, approver, ApprovalSignoff.Decision.CHANGES_REQUESTED, comment)
    version.status = Status.CHANGES_REQUESTED
    version.current_step = 0
    version.full_clean(validate_constraints=False)
    version.save(update_fields=["status", "current_step", "updated_at"])
    audit.record(
        actor=actor,
        action="document_version.request_changes",
        target=version,
        changes={"status": ["in_review", "changes_requested"], "comment": [None, comment.strip()]},
    )
    return version


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
