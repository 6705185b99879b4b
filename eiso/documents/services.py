"""Document control: every change of state of a Document and its versions (STYLE.md §6, §8).

Public services (keyword-only, stable; any app may call them for any Document, including the
procedures app, whose Process is a Document of kind "procedure"):

    document_create(*, agency, code, title, kind, owner_unit, actor, review_period_months=12,
                    legal_documents=(), with_draft=False) -> Document
    document_update(*, document, actor, title, owner_unit, review_period_months,
                    legal_documents=None) -> Document
    document_review_confirm(*, document, actor, today=None, comment="") -> Document
    document_withdraw(*, document, reason, actor, today=None) -> Document
    version_create_draft(*, document, actor, body=None, change_summary="", upload=None) -> DocumentVersion
    version_update(*, version, actor, expected_revision, body, change_summary, upload=None,
                   remove_file=False) -> DocumentVersion
    version_submit(*, version, actor) -> DocumentVersion
    version_approve(*, version, actor, comment="") -> DocumentVersion
    version_request_changes(*, version, actor, comment) -> DocumentVersion
    version_publish(*, version, actor, effective_on=None, units=()) -> DocumentVersion
    version_acknowledge(*, version, actor) -> Acknowledgement
    approval_chain_set(*, agency, kind, approvers, actor) -> ApprovalChain

and, for templates and the API, `available_actions(version, user) -> list[str]` read from
TRANSITIONS. Business errors raise DomainError (Vietnamese message); a wrong role raises
PermissionDenied. `hooks.on_version_published` tells the apps above of each publication.
Legal documents and citations are in `legal_services`.
"""

from dataclasses import dataclass
from datetime import date

import nh3
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import strip_tags

from eiso.accounts.models import Membership
from eiso.accounts.permissions import DENIED_MESSAGE, has_role, require_role
from eiso.core import audit
from eiso.core.dates import add_months
from eiso.core.errors import DomainError
from eiso.core.roles import AGENCY_MEMBERS, DRAFTERS, QMS_MANAGERS, Role
from eiso.core.text import fold
from eiso.documents import hooks, notifications, uploads
from eiso.documents.models import (
    Acknowledgement,
    ApprovalChain,
    ApprovalSignoff,
    ApprovalStep,
    Approver,
    Document,
    DocumentVersion,
)

Status = DocumentVersion.Status


@dataclass(frozen=True)
class Transition:
    label: str
    sources: tuple[str, ...]
    target: str
    style: str = "primary"


# The one table of allowed moves of a version. Services check it; templates and the API ask
# `available_actions()`, which reads it, so the buttons shown and the rules cannot drift.
# "approve" reaches APPROVED only at the last step of the chain; before that it stays IN_REVIEW.
TRANSITIONS: dict[str, Transition] = {
    "submit": Transition("Trình duyệt", (Status.DRAFT, Status.CHANGES_REQUESTED), Status.IN_REVIEW),
    "approve": Transition("Phê duyệt", (Status.IN_REVIEW,), Status.APPROVED, "success"),
    "request_changes": Transition(
        "Yêu cầu sửa đổi", (Status.IN_REVIEW,), Status.CHANGES_REQUESTED, "warning"
    ),
    "publish": Transition("Ban hành", (Status.APPROVED,), Status.PUBLISHED, "success"),
    "withdraw": Transition("Thu hồi (hết hiệu lực)", (Status.PUBLISHED,), Status.OBSOLETE, "danger"),
}

# Used when the agency has configured no chain for the document's kind.
DEFAULT_APPROVAL_STEPS = [Approver.UNIT_HEAD, Approver.LEADER]


def _lock(version: DocumentVersion) -> None:
    """Lock the version's row and reload it, so two people acting at once act one after the other."""
    DocumentVersion.objects.select_for_update().filter(pk=version.pk).exists()
    version.refresh_from_db()


def _check_source(action: str, version: DocumentVersion) -> None:
    if version.status not in TRANSITIONS[action].sources:
        raise DomainError(
            f"Không thể “{TRANSITIONS[action].label.lower()}” phiên bản đang ở trạng thái "
            f"“{version.get_status_display().lower()}”."
        )


# --- who may do what -------------------------------------------------------------------------


def approver_kinds(user, version: DocumentVersion) -> set[str]:
    """The approval steps `user` may sign for this version's document."""
    if not user.is_authenticated:
        return set()
    kinds = set()
    if has_role(user, version.agency, Role.SECRETARY):
        kinds.add(Approver.SECRETARY)
    if has_role(user, version.agency, Role.LEADER):
        kinds.add(Approver.LEADER)
    unit_id = version.document.owner_unit_id
    for membership in user.active_memberships():
        if (
            membership.agency_id == version.agency_id
            and membership.is_unit_head
            and (unit_id is None or membership.unit_id == unit_id)
        ):
            kinds.add(Approver.UNIT_HEAD)
    return kinds


def _may_edit(user, version: DocumentVersion) -> bool:
    return has_role(user, version.agency, *DRAFTERS) and (
        version.author_id == user.pk or has_role(user, version.agency, Role.SECRETARY)
    )


def _require_editor(actor, version: DocumentVersion) -> None:
    require_role(actor, version.agency, *DRAFTERS)
    if not _may_edit(actor, version):
        raise PermissionDenied("Chỉ người soạn thảo hoặc thư ký ISO được sửa và trình dự thảo này.")


def _may(action: str, user, version: DocumentVersion) -> bool:
    if action == "submit":
        return _may_edit(user, version)
    if action in ("approve", "request_changes"):
        allowed = version.waiting_for in approver_kinds(user, version)
        return allowed and (action == "request_changes" or version.author_id != user.pk)
    return has_role(user, version.agency, *QMS_MANAGERS)


def available_actions(version: DocumentVersion, user) -> list[str]:
    """The transitions `user` may apply to `version` now, in TRANSITIONS order."""
    if version.document.is_obsolete:
        return []
    return [
        action
        for action, transition in TRANSITIONS.items()
        if version.status in transition.sources and _may(action, user, version)
    ]


def may_edit(version: DocumentVersion, user) -> bool:
    return version.is_editable and not version.document.is_obsolete and _may_edit(user, version)


# --- documents -------------------------------------------------------------------------------


def _search_text(document: Document, version: DocumentVersion | None) -> str:
    parts = [document.code, document.title]
    if version is not None:
        parts += [strip_tags(version.body), version.file_text]
    return fold(" ".join(parts))[:100_000]


@transaction.atomic
def document_create(
    *,
    agency,
    code: str,
    title: str,
    kind: str,
    owner_unit,
    actor,
    review_period_months: int = 12,
    legal_documents=(),
    with_draft: bool = False,
) -> Document:
    """Register a new controlled document; its code must be new in the agency."""
    require_role(actor, agency, *QMS_MANAGERS)
    code = code.strip().upper()
    if Document.objects.filter(agency=agency, code=code).exists():
        raise DomainError(f"Mã tài liệu “{code}” đã có trong cơ quan.", field="code")
    if owner_unit is not None and owner_unit.agency_id != agency.pk:
        raise DomainError("Đơn vị chủ trì không thuộc cơ quan.", field="owner_unit")

    document = Document(
        agency=agency,
        code=code,
        title=title.strip(),
        kind=kind,
        owner_unit=owner_unit,
        review_period_months=review_period_months,
    )
    document.search_text = _search_text(document, None)
    document.full_clean()
    document.save()
    audit.record(
        actor=actor,
        action="document.create",
        target=document,
        changes={"code": [None, document.code], "title": [None, document.title], "kind": [None, kind]},
    )
    if legal_documents:
        from eiso.documents.legal_services import citations_replace

        citations_replace(target=document, agency=agency, legal_documents=legal_documents, actor=actor)
    if with_draft:
        version_create_draft(document=document, actor=actor)
    return document


DOCUMENT_FIELDS = ["title", "owner_unit_id", "review_period_months"]


@transaction.atomic
def document_update(
    *, document: Document, actor, title: str, owner_unit, review_period_months: int, legal_documents=None
) -> Document:
    """Change a document's title, owner unit, review period or (if given) legal bases; never its code."""
    require_role(actor, document.agency, *QMS_MANAGERS)
    if document.is_obsolete:
        raise DomainError("Tài liệu đã hết hiệu lực, không sửa được.")
    if owner_unit is not None and owner_unit.agency_id != document.agency_id:
        raise DomainError("Đơn vị chủ trì không thuộc cơ quan.", field="owner_unit")
    before = audit.snapshot(document, DOCUMENT_FIELDS)
    document.title = title.strip()
    document.owner_unit = owner_unit
    document.review_period_months = review_period_months
    document.search_text = _search_text(document, document.current_version)
    document.full_clean()
    document.save(update_fields=["title", "owner_unit", "review_period_months", "search_text", "updated_at"])
    changes = audit.diff(before, audit.snapshot(document, DOCUMENT_FIELDS))
    audit.record(actor=actor, action="document.update", target=document, changes=changes)
    if legal_documents is not None:
        from eiso.documents.legal_services import citations_replace

        citations_replace(
            target=document, agency=document.agency, legal_documents=legal_documents, actor=actor
        )
    return document


@transaction.atomic
def document_review_confirm(
    *, document: Document, actor, today: date | None = None, comment: str = ""
) -> Document:
    """Record a periodic review that keeps the current version: the next review is one period later."""
    require_role(actor, document.agency, *QMS_MANAGERS)
    if document.is_obsolete or document.current_version_id is None:
        raise DomainError("Chỉ xem xét định kỳ tài liệu đang có phiên bản hiệu lực.")
    today = today or timezone.localdate()
    before = document.next_review_on
    document.next_review_on = add_months(today, document.review_period_months)
    document.save(update_fields=["next_review_on", "updated_at"])
    audit.record(
        actor=actor,
        action="document.review_confirm",
        target=document,
        changes={"next_review_on": [before, document.next_review_on], "comment": [None, comment or None]},
    )
    return document


@transaction.atomic
def document_withdraw(*, document: Document, reason: str, actor, today: date | None = None) -> Document:
    """Withdraw a document from use: its published version becomes obsolete, readable in the archive."""
    require_role(actor, document.agency, *QMS_MANAGERS)
    if document.is_obsolete:
        raise DomainError("Tài liệu đã hết hiệu lực từ trước.")
    if not reason.strip():
        raise DomainError("Hãy ghi lý do thu hồi tài liệu.", field="reason")
    if document.versions.filter(status__in=DocumentVersion.OPEN_STATUSES).exists():
        raise DomainError("Tài liệu đang có dự thảo chưa ban hành; hãy xử lý dự thảo trước khi thu hồi.")
    version = document.current_version
    if version is not None:
        version.status = Status.OBSOLETE
        version.save(update_fields=["status", "updated_at"])
    document.status = Document.Status.OBSOLETE
    document.withdrawn_on = today or timezone.localdate()
    document.withdrawal_reason = reason.strip()
    document.next_review_on = None
    document.save(
        update_fields=["status", "withdrawn_on", "withdrawal_reason", "next_review_on", "updated_at"]
    )
    audit.record(
        actor=actor,
        action="document.withdraw",
        target=document,
        changes={"status": ["active", "obsolete"], "withdrawal_reason": [None, document.withdrawal_reason]},
    )
    return document


# --- versions --------------------------------------------------------------------------------


def _attach(version: DocumentVersion, upload: UploadedFile) -> None:
    extension = uploads.check_document_file(upload)
    data = upload.read()
    upload.seek(0)
    version.file_text = uploads.extract_text(data, extension)
    version.file.save(upload.name, upload, save=False)


@transaction.atomic
def version_create_draft(
    *,
    document: Document,
    actor,
    body: str | None = None,
    change_summary: str = "",
    upload: UploadedFile | None = None,
) -> DocumentVersion:
    """Open a new draft, numbered after the last version; a document has at most one open draft.
    Without `body`, the draft starts from the current version's text."""
    require_role(actor, document.agency, *DRAFTERS)
    if document.is_obsolete:
        raise DomainError("Tài liệu đã hết hiệu lực: không thể soạn phiên bản mới.")
    # Lock the document so two drafts started at once are numbered one after the other.
    Document.objects.select_for_update().get(pk=document.pk)
    if document.versions.filter(status__in=DocumentVersion.OPEN_STATUSES).exists():
        raise DomainError(
            "Tài liệu đã có một dự thảo đang soạn hoặc đang trình duyệt; hãy tiếp tục dự thảo đó."
        )
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    current = document.current_version
    version = DocumentVersion(
        agency=document.agency,
        document=document,
        number=last + 1,
        status=Status.DRAFT,
        body=nh3.clean(body) if body is not None else (current.body if current else ""),
        change_summary=change_summary.strip(),
        author=actor,
    )
    if upload is not None:
        _attach(version, upload)
    version.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError as exc:
        raise DomainError("Tài liệu đã có một dự thảo đang soạn hoặc đang trình duyệt.") from exc
    audit.record(
        actor=actor,
        action="document_version.create",
        target=version,
        changes={"number": [None, version.number]},
    )
    return version


@transaction.atomic
def version_update(
    *,
    version: DocumentVersion,
    actor,
    expected_revision: int,
    body: str,
    change_summary: str,
    upload: UploadedFile | None = None,
    remove_file: bool = False,
) -> DocumentVersion:
    """Save a draft; refused when someone saved it after `expected_revision` was read, so no
    one's changes are silently overwritten, and refused once the version left the drafting stage."""
    _require_editor(actor, version)
    version = DocumentVersion.objects.select_for_update().select_related("document").get(pk=version.pk)
    if not version.is_editable:
        raise DomainError(
            "Phiên bản đã trình duyệt hoặc đã ban hành nên không sửa được; "
            "muốn thay đổi hãy soạn phiên bản mới."
        )
    if version.revision != expected_revision:
        raise DomainError(
            "Dự thảo đã được người khác lưu sau khi bạn mở trang. Thay đổi của bạn chưa được lưu; "
            "hãy tải lại trang để xem bản mới nhất rồi sửa lại."
        )
    before = {
        "body": strip_tags(version.body),
        "change_summary": version.change_summary,
        "file": version.file_name,
    }
    version.body = nh3.clean(body)
    version.change_summary = change_summary.strip()
    if remove_file and version.file:
        version.file = ""
        version.file_text = ""
    if upload is not None:
        _attach(version, upload)
    version.revision += 1
    version.full_clean(validate_constraints=False)
    version.save(update_fields=["body", "change_summary", "file", "file_text", "revision", "updated_at"])
    after = {
        "body": strip_tags(version.body),
        "change_summary": version.change_summary,
        "file": version.file_name,
    }
    audit.record(
        actor=actor, action="document_version.update", target=version, changes=audit.diff(before, after)
    )
    return version


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
    _require_editor(actor, version)
    _lock(version)
    _check_source("submit", version)
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
    _lock(version)
    _check_source("approve", version)
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
    _lock(version)
    _check_source("request_changes", version)
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
def version_publish(
    *, version: DocumentVersion, actor, effective_on: date | None = None, units=()
) -> DocumentVersion:
    """Publish an approved version: it becomes the document's current version, the previous one
    is superseded in the same transaction, and the staff of `units` are asked to read it."""
    require_role(actor, version.agency, *QMS_MANAGERS)
    _lock(version)
    _check_source("publish", version)
    document = Document.objects.select_for_update().get(pk=version.document_id)
    effective_on = effective_on or timezone.localdate()
    previous = document.current_version
    now = timezone.now()
    if previous is not None and previous.status == Status.PUBLISHED:
        previous.status = Status.SUPERSEDED
        previous.superseded_at = now
        previous.save(update_fields=["status", "superseded_at", "updated_at"])

    version.status = Status.PUBLISHED
    version.published_by = actor
    version.published_at = now
    version.effective_on = effective_on
    version.next_review_on = add_months(effective_on, document.review_period_months)
    version.full_clean(validate_constraints=False)
    version.save(
        update_fields=[
            "status",
            "published_by",
            "published_at",
            "effective_on",
            "next_review_on",
            "updated_at",
        ]
    )
    document.current_version = version
    document.next_review_on = version.next_review_on
    document.search_text = _search_text(document, version)
    document.save(update_fields=["current_version", "next_review_on", "search_text", "updated_at"])
    asked = _ask_to_read(version, units)
    audit.record(
        actor=actor,
        action="document_version.publish",
        target=version,
        changes={
            "status": ["approved", "published"],
            "effective_on": [None, effective_on],
            "superseded": [None, previous.number if previous else None],
            "asked_to_read": [None, len(asked)],
        },
    )
    notifications.acknowledgement_requests_on_commit(version=version, user_ids=asked)
    hooks.version_published(version=version, previous=previous, actor=actor)
    return version


def _ask_to_read(version: DocumentVersion, units) -> list[int]:
    unit_ids = [unit.pk for unit in units if unit.agency_id == version.agency_id]
    if not unit_ids:
        return []
    user_ids = set(
        Membership.objects.filter(
            agency_id=version.agency_id, unit_id__in=unit_ids, is_active=True
        ).values_list("user_id", flat=True)
    )
    Acknowledgement.objects.bulk_create(
        [
            Acknowledgement(agency=version.agency, version=version, user_id=user_id)
            for user_id in sorted(user_ids)
        ],
        ignore_conflicts=True,
    )
    return sorted(user_ids)


@transaction.atomic
def version_acknowledge(*, version: DocumentVersion, actor) -> Acknowledgement:
    """Record that `actor` has read this exact published version."""
    require_role(actor, version.agency, *AGENCY_MEMBERS)
    if version.status != Status.PUBLISHED:
        raise DomainError("Chỉ xác nhận đã đọc phiên bản đang hiệu lực.")
    acknowledgement, _ = Acknowledgement.objects.get_or_create(
        agency=version.agency, version=version, user=actor
    )
    if acknowledgement.is_acknowledged:
        raise DomainError("Bạn đã xác nhận đọc phiên bản này.")
    acknowledgement.acknowledged_at = timezone.now()
    acknowledgement.save(update_fields=["acknowledged_at", "updated_at"])
    audit.record(
        actor=actor,
        action="document_version.acknowledge",
        target=version,
        changes={"acknowledged_by": [None, str(actor)]},
    )
    return acknowledgement


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
