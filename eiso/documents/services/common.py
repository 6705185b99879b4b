"""What every document-control service shares: who signs which approval step, who may edit a
draft, and the folded search text."""

from django.core.exceptions import PermissionDenied
from django.utils.html import strip_tags

from eiso.accounts.permissions import has_role, require_role
from eiso.core.roles import DRAFTERS, Role
from eiso.core.text import fold
from eiso.documents.models import (
    Approver,
    Document,
    DocumentVersion,
)

Status = DocumentVersion.Status

# Used when the agency has configured no chain for the document's kind.
DEFAULT_APPROVAL_STEPS = [Approver.UNIT_HEAD, Approver.LEADER]


def approver_kinds(user, version: DocumentVersion) -> set[str]:
    """The approval steps `user` may sign for this version's document."""
    if user is None or not user.is_authenticated:
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


def is_editor(version: DocumentVersion, user) -> bool:
    """The author of a draft, or the ISO secretary, may edit and submit it."""
    return has_role(user, version.agency, *DRAFTERS) and (
        version.author_id == user.pk or has_role(user, version.agency, Role.SECRETARY)
    )


def require_editor(actor, version: DocumentVersion) -> None:
    require_role(actor, version.agency, *DRAFTERS)
    if not is_editor(version, actor):
        raise PermissionDenied("Chỉ người soạn thảo hoặc thư ký ISO được sửa và trình dự thảo này.")


def may_edit(version: DocumentVersion, user) -> bool:
    return version.is_editable and not version.document.is_obsolete and is_editor(version, user)


def search_text(document: Document, version: DocumentVersion | None) -> str:
    parts = [document.code, document.title]
    if version is not None:
        parts += [strip_tags(version.body), version.file_text]
    return fold(" ".join(parts))[:100_000]
