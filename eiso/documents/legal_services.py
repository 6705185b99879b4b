"""The register of legal documents, citations of them, and the update tasks a legal change opens.

Public services (keyword-only):

    legal_document_create(*, province, number, kind, issuing_body, title, issued_on, actor,
                          effective_on=None) -> LegalDocument
    legal_document_update(*, legal_document, actor, number, kind, issuing_body, title, issued_on,
                          effective_on) -> LegalDocument
    legal_document_mark(*, legal_document, status, actor, new_document=None, on=None,
                        at=None) -> LegalDocument
    citations_replace(*, target, agency, legal_documents, actor) -> None
    legal_task_close(*, task, resolutions, actor, note="", at=None) -> LegalChangeTask

`citations_replace` is how any app cites: `target` is any model instance (a Document, a
Process, a step…), `agency` its agency (None for province-wide records). The impact service
then finds every citing record through the one citation table.

A legal document's changes (amended, replaced, expired) and the closing of an update task are
transitions declared in `LEGAL_DOCUMENT` and `LEGAL_CHANGE_TASK` (core.workflow); the two
services above that run them are thin wrappers.
"""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from eiso.accounts.permissions import DENIED_MESSAGE, has_province_role, require_role
from eiso.core import audit, deadlines
from eiso.core import calendar as work_calendar
from eiso.core.errors import DomainError
from eiso.core.roles import DRAFTERS, QMS_MANAGERS, Role
from eiso.core.text import fold
from eiso.core.workflow import Transition, Workflow
from eiso.documents.forms import LegalChangeForm, LegalExpireForm, LegalReplaceForm, TaskCloseForm
from eiso.documents.models import (
    Document,
    DocumentVersion,
    LegalChangeTask,
    LegalChangeTaskItem,
    LegalCitation,
    LegalDocument,
)

Status = LegalDocument.Status
LEGAL_FIELDS = ["number", "kind", "issuing_body", "title", "issued_on", "effective_on"]


def number_key(number: str) -> str:
    """'61/2018/NĐ-CP' and ' 61/2018/nd-cp' give the same key."""
    return fold(number).replace(" ", "")


def may_keep_register(user, province) -> bool:
    """Coordinators of the province and the ISO secretaries of its agencies keep the register."""
    if not user.is_authenticated or province is None:
        return False
    if has_province_role(user, province, Role.COORDINATOR):
        return True
    return any(
        m.role == Role.SECRETARY and m.agency is not None and m.agency.province_id == province.pk
        for m in user.active_memberships()
    )


def _require_register_keeper(actor, province) -> None:
    if not may_keep_register(actor, province):
        raise PermissionDenied(DENIED_MESSAGE)


def _check_unique(province, number: str, exclude_pk: int | None = None) -> None:
    clash = LegalDocument.objects.filter(province=province, number_key=number_key(number))
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise DomainError(f"Văn bản số “{number}” đã có trong danh mục.", field="number")


def _refresh_keys(legal_document: LegalDocument) -> None:
    legal_document.number_key = number_key(legal_document.number)
    legal_document.search_text = fold(
        f"{legal_document.number} {legal_document.title} {legal_document.issuing_body}"
    )


@transaction.atomic
def legal_document_create(
    *,
    province,
    number: str,
    kind: str,
    issuing_body: str,
    title: str,
    issued_on: date,
    actor,
    effective_on: date | None = None,
) -> LegalDocument:
    """Add a legal document to the province's register; its number must be new there."""
    _require_register_keeper(actor, province)
    number = number.strip()
    _check_unique(province, number)
    legal_document = LegalDocument(
        province=province,
        number=number,
        kind=kind,
        issuing_body=issuing_body.strip(),
        title=title.strip(),
        issued_on=issued_on,
        effective_on=effective_on,
    )
    _refresh_keys(legal_document)
    legal_document.full_clean()
    legal_document.save()
    audit.record(
        actor=actor,
        action="legal_document.create",
        target=legal_document,
        province=province,
        changes={"number": [None, number], "title": [None, legal_document.title]},
    )
    return legal_document


@transaction.atomic
def legal_document_update(
    *,
    legal_document: LegalDocument,
    actor,
    number: str,
    kind: str,
    issuing_body: str,
    title: str,
    issued_on: date,
    effective_on: date | None,
) -> LegalDocument:
    """Correct a register entry's details; its status changes only through `legal_document_mark`."""
    _require_register_keeper(actor, legal_document.province)
    number = number.strip()
    _check_unique(legal_document.province, number, exclude_pk=legal_document.pk)
    before = audit.snapshot(legal_document, LEGAL_FIELDS)
    legal_document.number = number
    legal_document.kind = kind
    legal_document.issuing_body = issuing_body.strip()
    legal_document.title = title.strip()
    legal_document.issued_on = issued_on
    legal_document.effective_on = effective_on
    _refresh_keys(legal_document)
    legal_document.full_clean()
    legal_document.save()
    audit.record(
        actor=actor,
        action="legal_document.update",
        target=legal_document,
        province=legal_document.province,
        changes=audit.diff(before, audit.snapshot(legal_document, LEGAL_FIELDS)),
    )
    return legal_document


def _open_change_tasks(legal_document, change, new_document, due_on, actor) -> list[LegalChangeTask]:
    citations = (
        LegalCitation.objects.filter(legal_document=legal_document, agency__isnull=False)
        .select_related("agency", "content_type")
        .order_by("agency_id", "id")
    )
    by_agency: dict = {}
    for citation in citations:
        by_agency.setdefault(citation.agency, []).append(citation)
    tasks = []
    for agency, agency_citations in by_agency.items():
        task, created = LegalChangeTask.objects.get_or_create(
            agency=agency,
            legal_document=legal_document,
            change=change,
            new_legal_document=new_document,
            defaults={"due_on": due_on},
        )
        if not created:
            continue
        LegalChangeTaskItem.objects.bulk_create(
            LegalChangeTaskItem(
                agency=agency,
                task=task,
                content_type=citation.content_type,
                object_id=citation.object_id,
                label=_label(citation)[:400],
            )
            for citation in agency_citations
        )
        audit.record(
            actor=actor,
            action="legal_change_task.open",
            target=task,
            changes={"due_on": [None, due_on], "affected_records": [None, len(agency_citations)]},
        )
        tasks.append(task)
    return tasks


def _label(citation: LegalCitation) -> str:
    target = citation.target
    kind = (
        citation.content_type.model_class()._meta.verbose_name if citation.content_type.model_class() else ""
    )
    return f"{str(kind).capitalize()}: {target}" if target is not None else f"{kind} #{citation.object_id}"


@transaction.atomic
def citations_replace(*, target, agency, legal_documents, actor) -> None:
    """Make `target` cite exactly `legal_documents` (of its province's register)."""
    if agency is not None and actor is not None:
        require_role(actor, agency, *DRAFTERS)
    content_type = ContentType.objects.get_for_model(target)
    wanted = {doc.pk: doc for doc in legal_documents}
    if agency is not None and any(doc.province_id != agency.province_id for doc in wanted.values()):
        raise DomainError("Văn bản pháp luật không thuộc danh mục của tỉnh.", field="legal_documents")
    existing = LegalCitation.objects.filter(content_type=content_type, object_id=target.pk)
    before = sorted(existing.values_list("legal_document__number", flat=True))
    existing.exclude(legal_document_id__in=wanted).delete()
    kept = set(existing.values_list("legal_document_id", flat=True))
    LegalCitation.objects.bulk_create(
        LegalCitation(agency=agency, legal_document=doc, content_type=content_type, object_id=target.pk)
        for pk, doc in wanted.items()
        if pk not in kept
    )
    after = sorted(doc.number for doc in wanted.values())
    if before != after and agency is not None:
        audit.record(
            actor=actor,
            action="legal_citation.replace",
            target=target,
            changes={"legal_bases": [before, after]},
        )


def _check_resolution(item: LegalChangeTaskItem, version: DocumentVersion | None) -> None:
    target_model = item.content_type.model_class()
    if version is None:
        if target_model is Document:
            raise DomainError(f"Hãy chọn phiên bản mới của “{item.label}”.", field=f"item_{item.pk}")
        return
    if version.agency_id != item.agency_id or version.status not in (
        DocumentVersion.Status.APPROVED,
        DocumentVersion.Status.PUBLISHED,
    ):
        raise DomainError(f"Phiên bản chọn cho “{item.label}” chưa được phê duyệt.", field=f"item_{item.pk}")
    if target_model is Document and version.document_id != item.object_id:
        raise DomainError(
            f"Phiên bản chọn cho “{item.label}” không phải của tài liệu đó.", field=f"item_{item.pk}"
        )


# --- the lifecycles, declared once (core.workflow) ---------------------------------------------------


def _keeps_register(legal_document: LegalDocument, user) -> bool:
    return may_keep_register(user, legal_document.province)


def _mark(change: str):
    """Apply a legal change: record the new text, then open an update task for every agency whose
    records cite the document, due 3 months after the change takes effect (QĐ 19/2014 Điều 4.4 a)."""

    def apply(legal_document: LegalDocument, *, actor, at, new_document=None, on: date | None = None):
        if change != Status.EXPIRED:
            if new_document is None:
                raise DomainError("Hãy chọn văn bản sửa đổi hoặc thay thế.", field="new_document")
            if new_document.pk == legal_document.pk or new_document.province_id != legal_document.province_id:
                raise DomainError("Văn bản sửa đổi hoặc thay thế không hợp lệ.", field="new_document")
        changed_on = (new_document.effective_on if new_document else None) or on or timezone.localdate(at)
        legal_document.status_changed_on = changed_on
        if change == Status.AMENDED:
            legal_document.amended_by = new_document
        elif change == Status.REPLACED:
            legal_document.replaced_by = new_document
        due_on = deadlines.legal_update_due(
            work_calendar.for_province(legal_document.province_id), changed_on
        )
        _open_change_tasks(legal_document, change, new_document, due_on, actor)
        return {
            "new_document": [None, new_document.number if new_document else None],
            "status_changed_on": [None, changed_on],
        }

    return apply


def _close(task: LegalChangeTask, *, actor, at, resolutions: dict, note: str = "") -> dict:
    items = list(task.items.select_related("content_type"))
    for item in items:
        _check_resolution(item, resolutions.get(item.pk))
    for item in items:
        item.resolved_version = resolutions.get(item.pk)
        item.save(update_fields=["resolved_version", "updated_at"])
    task.closed_at = at
    task.closed_by = actor
    task.closing_note = note.strip()
    return {"versions": [None, [str(v) for v in resolutions.values() if v is not None]]}


MARKABLE = (Status.IN_FORCE, Status.AMENDED)
# Transition names keep the audit-trail actions of the register ("legal_document.mark_replaced"…).
MARKS = {Status.AMENDED: "mark_amended", Status.REPLACED: "mark_replaced", Status.EXPIRED: "mark_expired"}
MARK_CONFIRM = "Cập nhật tình trạng văn bản và giao nhiệm vụ cập nhật cho các cơ quan viện dẫn?"
MARK_HELP = "Mỗi cơ quan có tài liệu hoặc quy trình viện dẫn văn bản nhận một nhiệm vụ cập nhật, hạn 3 tháng."
MARK_DONE = "Đã cập nhật tình trạng văn bản; các cơ quan viện dẫn đã được giao nhiệm vụ cập nhật."

LEGAL_DOCUMENT = Workflow(
    name="legal_document",
    model=LegalDocument,
    label="văn bản pháp luật",
    url_name="documents:legal_document_transition",
    scope="province",
    badges={
        Status.IN_FORCE: "success",
        Status.AMENDED: "warning",
        Status.REPLACED: "danger",
        Status.EXPIRED: "danger",
    },
    transitions=(
        Transition(
            "mark_amended",
            "Ghi nhận được sửa đổi, bổ sung",
            MARKABLE,
            Status.AMENDED,
            grants=_keeps_register,
            apply=_mark(Status.AMENDED),
            form=LegalChangeForm,
            style="warning",
            confirm=MARK_CONFIRM,
            help=MARK_HELP,
            success=MARK_DONE,
        ),
        Transition(
            "mark_replaced",
            "Ghi nhận bị thay thế",
            MARKABLE,
            Status.REPLACED,
            grants=_keeps_register,
            apply=_mark(Status.REPLACED),
            form=LegalReplaceForm,
            style="warning",
            confirm=MARK_CONFIRM,
            help=MARK_HELP,
            success=MARK_DONE,
        ),
        Transition(
            "mark_expired",
            "Ghi nhận hết hiệu lực",
            MARKABLE,
            Status.EXPIRED,
            grants=_keeps_register,
            apply=_mark(Status.EXPIRED),
            form=LegalExpireForm,
            style="warning",
            confirm=MARK_CONFIRM,
            help=MARK_HELP,
            success=MARK_DONE,
        ),
    ),
)

LEGAL_CHANGE_TASK = Workflow(
    name="legal_change_task",
    model=LegalChangeTask,
    label="nhiệm vụ cập nhật",
    url_name="documents:legal_change_task_transition",
    badges={LegalChangeTask.Status.OPEN: "warning", LegalChangeTask.Status.CLOSED: "success"},
    transitions=(
        Transition(
            "close",
            "Hoàn thành nhiệm vụ",
            (LegalChangeTask.Status.OPEN,),
            LegalChangeTask.Status.CLOSED,
            roles=QMS_MANAGERS,
            apply=_close,
            form=TaskCloseForm,
            style="success",
            help="Chọn phiên bản mới (đã phê duyệt hoặc đã ban hành) đã cập nhật từng nội dung.",
            success="Đã hoàn thành nhiệm vụ cập nhật.",
        ),
    ),
)


def legal_document_mark(
    *, legal_document: LegalDocument, status: str, actor, new_document=None, on: date | None = None, at=None
) -> LegalDocument:
    """Mark a legal document amended (by `new_document`), replaced (by `new_document`) or expired
    (on `on`), and open an update task for every agency whose records cite it."""
    if status not in MARKS:
        raise DomainError("Tình trạng mới không hợp lệ.", field="status")
    return LEGAL_DOCUMENT.run(
        legal_document, MARKS[status], actor=actor, at=at, new_document=new_document, on=on
    )


def legal_task_close(
    *, task: LegalChangeTask, resolutions: dict, actor, note: str = "", at=None
) -> LegalChangeTask:
    """Close an update task by linking, for each affected record, the new version that updated it
    (`resolutions`: item id -> DocumentVersion or None); every affected document needs one."""
    return LEGAL_CHANGE_TASK.run(task, "close", actor=actor, at=at, resolutions=resolutions, note=note)
