"""What every document-control service shares: the table of allowed transitions of a version, who may
do what, row locks and the folded search text."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.html import strip_tags

from eiso.accounts.permissions import has_role, require_role
from eiso.core.errors import DomainError
from eiso.core.roles import DRAFTERS, QMS_MANAGERS, Role
from eiso.core.text import fold
from eiso.documents.models import (
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


def lock(version: DocumentVersion) -> None:
    """Lock the version's row and reload it, so two people acting at once act one after the other."""
    DocumentVersion.objects.select_for_update().filter(pk=version.pk).exists()
    version.refresh_from_db()


def check_source(action: str, version: DocumentVersion) -> None:
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


def require_editor(actor, version: DocumentVersion) -> None:
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


def search_text(document: Document, version: DocumentVersion | None) -> str:
    parts = [document.code, document.title]
    if version is not None:
        parts += [strip_tags(version.body), version.file_text]
    return fold(" ".join(parts))[:100_000]
