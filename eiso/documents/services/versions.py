"""Services on a version's text and readers: open and save a draft, ask units to read a published
version, and record that a reader has read it. The transitions of a version are in `workflow`."""

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from eiso.accounts.models import Membership
from eiso.accounts.permissions import require_role
from eiso.core import audit, rich_text, uploads
from eiso.core.errors import DomainError
from eiso.core.roles import AGENCY_MEMBERS, DRAFTERS
from eiso.documents import tasks
from eiso.documents.models import (
    Acknowledgement,
    Document,
    DocumentVersion,
)
from eiso.documents.services.common import Status, require_editor


def _attach(version: DocumentVersion, upload: UploadedFile) -> None:
    """Store a file the upload gate accepted; its text is read after the commit, in the worker."""
    uploads.accept_upload(upload, uploads.DOCUMENT, field="file")
    version.file.save(upload.name, upload, save=False)
    version.file_text = ""


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
        body=rich_text.clean(body) if body is not None else (current.body if current else ""),
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
    if upload is not None:
        tasks.read_text_after_commit(version)
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
    require_editor(actor, version)
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
        "body": "\n".join(rich_text.text_lines(version.body)),
        "change_summary": version.change_summary,
        "file": version.file_name,
    }
    version.body = rich_text.clean(body)
    version.change_summary = change_summary.strip()
    if remove_file and version.file:
        version.file = ""
        version.file_text = ""
    if upload is not None:
        _attach(version, upload)
    version.revision += 1
    version.full_clean(validate_constraints=False)
    version.save(update_fields=["body", "change_summary", "file", "file_text", "revision", "updated_at"])
    if upload is not None:
        tasks.read_text_after_commit(version)
    after = {
        "body": "\n".join(rich_text.text_lines(version.body)),
        "change_summary": version.change_summary,
        "file": version.file_name,
    }
    audit.record(
        actor=actor, action="document_version.update", target=version, changes=audit.diff(before, after)
    )
    return version


def ask_to_read(version: DocumentVersion, units) -> list[int]:
    """Ask the active staff of `units` (of the version's agency) to read the version; their ids."""
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
