"""Document control: every change of state of a Document and its versions (STYLE.md §6, §8),
split by responsibility: `documents` (a document itself), `versions` (drafting, publishing,
reading), `approval` (the approval chain) and `common` (the transitions table and who may do what).
Callers import this package, never the modules: `from eiso.documents import services`.

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

from eiso.documents.services.approval import (
    approval_chain_set,
    version_approve,
    version_request_changes,
    version_submit,
)
from eiso.documents.services.common import (
    DEFAULT_APPROVAL_STEPS,
    TRANSITIONS,
    Transition,
    approver_kinds,
    available_actions,
    may_edit,
)
from eiso.documents.services.documents import (
    document_create,
    document_review_confirm,
    document_update,
    document_withdraw,
)
from eiso.documents.services.versions import (
    version_acknowledge,
    version_create_draft,
    version_publish,
    version_update,
)

__all__ = [
    "DEFAULT_APPROVAL_STEPS",
    "TRANSITIONS",
    "Transition",
    "approval_chain_set",
    "approver_kinds",
    "available_actions",
    "document_create",
    "document_review_confirm",
    "document_update",
    "document_withdraw",
    "may_edit",
    "version_acknowledge",
    "version_approve",
    "version_create_draft",
    "version_publish",
    "version_request_changes",
    "version_submit",
    "version_update",
]
