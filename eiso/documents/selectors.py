"""Reads of document control and the legal register shared by pages, the API, exports and cards."""

import difflib
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from eiso.accounts.models import Membership
from eiso.core import rich_text
from eiso.core.collation import vietnamese
from eiso.documents import services
from eiso.documents.models import (
    Acknowledgement,
    Document,
    DocumentVersion,
    LegalChangeTask,
    LegalCitation,
    LegalDocument,
)


def document_list(*, user) -> QuerySet[Document]:
    """The documents the user may see, with what a list row shows, in one query."""
    return (
        Document.objects.for_user(user)
        .select_related("agency", "owner_unit", "current_version")
        .order_by(vietnamese("agency__name"), "code")
    )


def documents_due_for_review(*, user, today: date) -> QuerySet[Document]:
    """Documents in use whose periodic review date has come (ISO 9001:2015 §7.5.2)."""
    return document_list(user=user).filter(status=Document.Status.ACTIVE, next_review_on__lte=today)


def document_versions(*, document: Document) -> list[DocumentVersion]:
    """Every version of a document, newest first, with their sign-offs and reading counts."""
    return list(
        document.versions.select_related("author", "approved_by", "published_by")
        .prefetch_related("signoffs__signed_by")
        .annotate(
            asked=Count("acknowledgements"),
            read=Count("acknowledgements", filter=Q(acknowledgements__acknowledged_at__isnull=False)),
        )
        .order_by("-number")
    )


def versions_awaiting(*, user) -> list[DocumentVersion]:
    """Versions in review whose current step this user signs."""
    candidates = (
        DocumentVersion.objects.for_user(user)
        .filter(status=DocumentVersion.Status.IN_REVIEW)
        .select_related("document", "agency", "author")
        .exclude(author=user)
        .order_by("submitted_at")
    )
    return [
        version for version in candidates if version.waiting_for in services.approver_kinds(user, version)
    ]


def acknowledgements(*, version: DocumentVersion) -> tuple[list[Acknowledgement], list[Acknowledgement]]:
    """Who has read this version, and who was asked and has not yet."""
    rows = list(version.acknowledgements.select_related("user").order_by(vietnamese("user__full_name")))
    return [row for row in rows if row.is_acknowledged], [row for row in rows if not row.is_acknowledged]


def asked_units(*, version: DocumentVersion) -> list[str]:
    """The names of the units whose staff were asked to read this version (the units ticked when
    it was published, as far as they had staff then): the asked readers' units, alphabetically."""
    names = (
        Membership.objects.filter(
            agency_id=version.agency_id,
            user_id__in=version.acknowledgements.values("user_id"),
            unit__isnull=False,
        )
        .values_list("unit__name", flat=True)
        .distinct()
    )
    return sorted(set(names))


def pending_acknowledgements(*, user) -> QuerySet[Acknowledgement]:
    """Published versions this user was asked to read and has not acknowledged."""
    return (
        Acknowledgement.objects.filter(
            user=user, acknowledged_at__isnull=True, version__status=DocumentVersion.Status.PUBLISHED
        )
        .select_related("version__document")
        .order_by("requested_at")
    )


def legal_list(*, user) -> QuerySet[LegalDocument]:
    return LegalDocument.objects.for_user(user).select_related("amended_by", "replaced_by")


def citing_records(*, legal_document: LegalDocument, user) -> list[LegalCitation]:
    """The records the user may see that cite this legal document."""
    return list(
        LegalCitation.objects.for_user(user)
        .filter(legal_document=legal_document)
        .select_related("agency", "content_type")
        .prefetch_related("target")
    )


def citations_of(target) -> list[LegalDocument]:
    """The legal documents a record cites."""
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(target)
    return list(
        LegalDocument.objects.filter(
            citations__content_type=content_type, citations__object_id=target.pk
        ).order_by("number")
    )


def legal_task_list(*, user, status: str = "") -> QuerySet[LegalChangeTask]:
    """Update tasks of the user's agencies (every agency of the province for provincial roles)."""
    queryset = (
        LegalChangeTask.objects.for_user(user)
        .select_related("agency", "legal_document", "new_legal_document")
        .annotate(item_count=Count("items"))
        .order_by("status", "due_on", "id")
    )
    return queryset.filter(status=status) if status else queryset


@dataclass
class DiffLine:
    kind: str  # "same", "added", "removed"
    text: str


def text_of(version: DocumentVersion) -> list[str]:
    """The comparable lines of a version: its rich text, then the text of its attached file."""
    lines = rich_text.text_lines(version.body)
    lines += [line.strip() for line in version.file_text.splitlines() if line.strip()]
    return lines


def version_diff(*, old: DocumentVersion, new: DocumentVersion) -> list[DiffLine]:
    """An inline, line-by-line comparison of two versions."""
    result = []
    for line in difflib.ndiff(text_of(old), text_of(new)):
        code, text = line[:2], line[2:]
        if code == "  ":
            result.append(DiffLine("same", text))
        elif code == "- ":
            result.append(DiffLine("removed", text))
        elif code == "+ ":
            result.append(DiffLine("added", text))
    return result
