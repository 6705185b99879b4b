"""The document records eISO keeps, and how long (core.retention): versions of controlled documents
that were superseded or withdrawn (ISO 9001:2015 §7.5.3.2 f: retention of obsolete documents)."""

from django.db.models import Q

from eiso.core import retention
from eiso.documents.models import Document, DocumentVersion

ENDED = (DocumentVersion.Status.SUPERSEDED, DocumentVersion.Status.OBSOLETE)


def _ended_on(version: DocumentVersion):
    if version.status not in ENDED:
        return None
    if version.superseded_at is not None:
        return version.superseded_at.date()
    return version.document.withdrawn_on


def _ended_before(day) -> Q:
    return Q(status__in=ENDED) & (
        Q(superseded_at__date__lt=day)
        | Q(
            superseded_at__isnull=True,
            document__status=Document.Status.OBSOLETE,
            document__withdrawn_on__lt=day,
        )
    )


retention.register(
    retention.RecordType(
        key="documents.version",
        label="Phiên bản tài liệu HTQLCL đã thay thế hoặc thu hồi",
        model=DocumentVersion,
        years=5,
        source="Mặc định ISO (TCVN ISO 9001, mục 7.5.3), quản trị của tỉnh có thể thay đổi",
        counts_from="năm tài liệu bị thay thế hoặc thu hồi",
        ended_on=_ended_on,
        ended_before=_ended_before,
        code=lambda version: f"{version.document.code} lần {version.number}",
        title=lambda version: version.document.title,
        files=lambda version: [version.file] if version.file else [],
        author=lambda version: version.author.full_name if version.author_id else "",
        describe=lambda version: [
            ("Tài liệu", f"{version.document.code} — {version.document.title}"),
            ("Lần ban hành", str(version.number)),
            ("Ngày hiệu lực", f"{version.effective_on:%d/%m/%Y}" if version.effective_on else "—"),
            ("Trạng thái", version.get_status_display()),
            ("Tóm tắt thay đổi", version.change_summary or "—"),
        ],
        select_related=("document", "author"),
    )
)
