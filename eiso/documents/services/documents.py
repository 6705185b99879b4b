"""Services on a Document itself: register, edit, confirm its periodic review. Its withdrawal is a
transition, declared in `workflow`."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from eiso.accounts.permissions import require_role
from eiso.core import audit, deadlines
from eiso.core import calendar as work_calendar
from eiso.core.errors import DomainError
from eiso.core.roles import QMS_MANAGERS
from eiso.documents.models import Document
from eiso.documents.services.common import search_text
from eiso.documents.services.versions import version_create_draft


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
    document.search_text = search_text(document, None)
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
    document.search_text = search_text(document, document.current_version)
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
    """Record a periodic review that keeps the current version: the next review is one period later
    (on the next working day when that falls on a day off)."""
    require_role(actor, document.agency, *QMS_MANAGERS)
    if document.is_obsolete or document.current_version_id is None:
        raise DomainError("Chỉ xem xét định kỳ tài liệu đang có phiên bản hiệu lực.")
    today = today or timezone.localdate()
    before = document.next_review_on
    cal = work_calendar.for_province(document.agency.province_id)
    document.next_review_on = deadlines.months_after(cal, today, document.review_period_months)
    document.save(update_fields=["next_review_on", "updated_at"])
    audit.record(
        actor=actor,
        action="document.review_confirm",
        target=document,
        changes={"next_review_on": [before, document.next_review_on], "comment": [None, comment or None]},
    )
    return document
