"""The lifecycles of document control, declared once (core.workflow): a version's (drafted, walked
along the agency's approval chain, published, superseded) and a document's (withdrawn from use).

Rules (ISO 9001:2015 §7.5.2, §7.5.3; QĐ 19/2014/QĐ-TTg Điều 4): a version is submitted by its
author or the ISO secretary; it stays in review until the last step of the chain signs, each step
signed by the person whose turn it is, never by the author; any step may send it back with what to
change; an approved version is published by the QMS managers, superseding the one in use and
asking units to read it. Withdrawing a document makes its version in use obsolete.

Who may act: someone who signs no step of the version's chain gets 403 (PermissionDenied); an
approver whose step is not yet reached sees the button disabled with the reason, and is refused
in Vietnamese (DomainError). Audit-trail actions: "document_version.<transition>" and
"document.withdraw".
"""

from datetime import datetime

from django.utils import timezone

from eiso.core import calendar as work_calendar
from eiso.core import deadlines
from eiso.core.errors import DomainError
from eiso.core.roles import QMS_MANAGERS
from eiso.core.workflow import Transition, Workflow
from eiso.documents import hooks, notifications
from eiso.documents.forms import ApproveForm, PublishForm, RequestChangesForm, WithdrawForm
from eiso.documents.models import ApprovalSignoff, Document, DocumentVersion
from eiso.documents.services.approval import approval_steps, sign
from eiso.documents.services.common import approver_kinds, is_editor, search_text
from eiso.documents.services.versions import ask_to_read

Status = DocumentVersion.Status


# --- who may act: editors submit, the approvers of the chain sign ---------------------------------


def _signs_in_chain(version: DocumentVersion, user) -> bool:
    """Someone who signs a step of the version's chain (frozen at submission, else the agency's)."""
    steps = set(version.approval_steps or approval_steps(version.document))
    return bool(approver_kinds(user, version) & steps)


def _turn(version: DocumentVersion, actor, at: datetime) -> None:
    if version.waiting_for not in approver_kinds(actor, version):
        raise DomainError(
            f"Chưa đến lượt bạn: phiên bản đang chờ ý kiến của {version.waiting_for_label.lower()}."
        )


def _turn_and_not_own(version: DocumentVersion, actor, at: datetime) -> None:
    _turn(version, actor, at)
    if actor is not None and version.author_id == actor.pk:
        raise DomainError("Người soạn thảo không được tự phê duyệt phiên bản của mình.")


def _no_open_version(document: Document, actor, at: datetime) -> None:
    if document.versions.filter(status__in=DocumentVersion.OPEN_STATUSES).exists():
        raise DomainError("Tài liệu đang có dự thảo chưa ban hành; hãy xử lý dự thảo trước khi thu hồi.")


# --- applying ---------------------------------------------------------------------------------------


def _submit(version: DocumentVersion, *, actor, at: datetime) -> dict:
    # The apps above may refuse the submission or prepare the content (a process writes its
    # step table); a listener that saved the version through a service hands back a fresh copy.
    if hooks.version_submitting(version=version, actor=actor) is not version:
        version.refresh_from_db()
    if not version.body.strip() and not version.file:
        raise DomainError("Dự thảo chưa có nội dung hay tệp đính kèm nào để trình.")
    version.approval_steps = approval_steps(version.document)
    version.current_step = 0
    version.submitted_at = at
    return {"waiting_for": [None, version.approval_steps[0]]}


def _approve(version: DocumentVersion, *, actor, at: datetime, comment: str = "") -> dict:
    signed = version.waiting_for
    sign(version, actor=actor, at=at, decision=ApprovalSignoff.Decision.APPROVED, comment=comment)
    version.current_step += 1
    if version.current_step >= len(version.approval_steps):
        version.status = Status.APPROVED
        version.approved_by = actor
        version.approved_at = at
    changes = {"signed": [None, signed]}
    if comment.strip():
        changes["comment"] = [None, comment.strip()]
    return changes


def _request_changes(version: DocumentVersion, *, actor, at: datetime, comment: str) -> dict:
    if not comment.strip():
        raise DomainError("Hãy ghi rõ nội dung cần sửa đổi.", field="comment")
    sign(version, actor=actor, at=at, decision=ApprovalSignoff.Decision.CHANGES_REQUESTED, comment=comment)
    version.current_step = 0
    return {"comment": [None, comment.strip()]}


def _publish(version: DocumentVersion, *, actor, at: datetime, effective_on=None, units=()) -> dict:
    document = Document.objects.select_for_update().get(pk=version.document_id)
    effective_on = effective_on or timezone.localdate(at)
    previous = document.current_version
    if previous is not None and previous.status == Status.PUBLISHED:
        previous.status = Status.SUPERSEDED
        previous.superseded_at = at
        previous.save(update_fields=["status", "superseded_at", "updated_at"])
    cal = work_calendar.for_province(document.agency.province_id)
    version.published_by = actor
    version.published_at = at
    version.effective_on = effective_on
    version.next_review_on = deadlines.months_after(cal, effective_on, document.review_period_months)
    document.current_version = version
    document.next_review_on = version.next_review_on
    document.search_text = search_text(document, version)
    document.save(update_fields=["current_version", "next_review_on", "search_text", "updated_at"])
    asked = ask_to_read(version, units)
    notifications.acknowledgement_requests_on_commit(version=version, user_ids=asked)
    hooks.version_published(version=version, previous=previous, actor=actor)
    return {
        "effective_on": [None, effective_on],
        "superseded": [None, previous.number if previous else None],
        "asked_to_read": [None, len(asked)],
    }


def _withdraw(document: Document, *, actor, at: datetime, reason: str) -> dict:
    if not reason.strip():
        raise DomainError("Hãy ghi lý do thu hồi tài liệu.", field="reason")
    version = document.current_version
    if version is not None:
        version.status = Status.OBSOLETE
        version.save(update_fields=["status", "updated_at"])
    document.withdrawn_on = timezone.localdate(at)
    document.withdrawal_reason = reason.strip()
    document.next_review_on = None
    return {"withdrawal_reason": [None, document.withdrawal_reason]}


DOCUMENT_VERSION = Workflow(
    name="document_version",
    model=DocumentVersion,
    label="phiên bản",
    url_name="documents:version_transition",
    badges={
        Status.DRAFT: "secondary",
        Status.IN_REVIEW: "primary",
        Status.CHANGES_REQUESTED: "warning",
        Status.APPROVED: "info",
        Status.PUBLISHED: "success",
        Status.SUPERSEDED: "light",
        Status.OBSOLETE: "danger",
    },
    transitions=(
        Transition(
            "submit",
            "Trình duyệt",
            (Status.DRAFT, Status.CHANGES_REQUESTED),
            Status.IN_REVIEW,
            grants=is_editor,
            apply=_submit,
            success="Đã trình duyệt; phiên bản chờ ý kiến theo quy trình phê duyệt.",
        ),
        # No target: the version stays in review until the last step of the chain signs.
        Transition(
            "approve",
            "Phê duyệt",
            (Status.IN_REVIEW,),
            grants=_signs_in_chain,
            guard=_turn_and_not_own,
            apply=_approve,
            form=ApproveForm,
            style="success",
            success="Đã ghi ý kiến đồng ý.",
        ),
        Transition(
            "request_changes",
            "Yêu cầu sửa đổi",
            (Status.IN_REVIEW,),
            Status.CHANGES_REQUESTED,
            grants=_signs_in_chain,
            guard=_turn,
            apply=_request_changes,
            form=RequestChangesForm,
            style="warning",
            success="Đã gửi yêu cầu sửa đổi cho người soạn thảo.",
        ),
        Transition(
            "publish",
            "Ban hành",
            (Status.APPROVED,),
            Status.PUBLISHED,
            roles=QMS_MANAGERS,
            apply=_publish,
            form=PublishForm,
            style="success",
            help="Phiên bản đang hiệu lực (nếu có) được thay thế từ khi ban hành phiên bản này.",
            success="Đã ban hành.",
        ),
    ),
)

DOCUMENT = Workflow(
    name="document",
    model=Document,
    label="tài liệu",
    url_name="documents:document_transition",
    badges={Document.Status.ACTIVE: "success", Document.Status.OBSOLETE: "danger"},
    transitions=(
        Transition(
            "withdraw",
            "Thu hồi (hết hiệu lực)",
            (Document.Status.ACTIVE,),
            Document.Status.OBSOLETE,
            roles=QMS_MANAGERS,
            guard=_no_open_version,
            apply=_withdraw,
            form=WithdrawForm,
            style="danger",
            confirm="Thu hồi tài liệu này? Tài liệu sẽ hết hiệu lực và chuyển vào lưu trữ.",
            help="Phiên bản đang hiệu lực hết hiệu lực; tài liệu được lưu trữ để tra cứu.",
            success="Đã thu hồi tài liệu; tài liệu chuyển vào lưu trữ.",
        ),
    ),
)


# --- the services other modules call ------------------------------------------------------------------


def version_submit(*, version: DocumentVersion, actor, at=None) -> DocumentVersion:
    """Send a draft (or one sent back for changes) into the agency's approval chain, from step one."""
    return DOCUMENT_VERSION.run(version, "submit", actor=actor, at=at)


def version_approve(*, version: DocumentVersion, actor, comment: str = "", at=None) -> DocumentVersion:
    """Sign the step now waiting; the last step approves the version. Nobody approves their own version."""
    return DOCUMENT_VERSION.run(version, "approve", actor=actor, at=at, comment=comment)


def version_request_changes(*, version: DocumentVersion, actor, comment: str, at=None) -> DocumentVersion:
    """Send a version in review back to its author, saying what to change."""
    return DOCUMENT_VERSION.run(version, "request_changes", actor=actor, at=at, comment=comment)


def version_publish(
    *, version: DocumentVersion, actor, effective_on=None, units=(), at=None
) -> DocumentVersion:
    """Publish an approved version: it becomes the document's current version, the previous one is
    superseded in the same transaction, and the staff of `units` are asked to read it."""
    return DOCUMENT_VERSION.run(
        version, "publish", actor=actor, at=at, effective_on=effective_on, units=units
    )


def document_withdraw(*, document: Document, reason: str, actor, at=None) -> Document:
    """Withdraw a document from use: its published version becomes obsolete, readable in the archive."""
    return DOCUMENT.run(document, "withdraw", actor=actor, at=at, reason=reason)
