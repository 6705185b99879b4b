"""Document control: every change of state of a Document and its versions (STYLE.md §6, §8),
split by responsibility: `documents` (a document itself), `versions` (drafting, reading),
`approval` (the approval chain), `workflow` (the declared lifecycles of a version and of a
document) and `common` (who may do what).
Callers import this package, never the modules: `from eiso.documents import services`.

Public services (keyword-only, stable; any app may call them for any Document, including the
procedures app, whose Process is a Document of kind "procedure"):

    document_create(*, agency, code, title, kind, owner_unit, actor, review_period_months=12,
                    legal_documents=(), with_draft=False) -> Document
    document_update(*, document, actor, title, owner_unit, review_period_months,
                    legal_documents=None) -> Document
    document_review_confirm(*, document, actor, today=None, comment="") -> Document
    document_withdraw(*, document, reason, actor, at=None) -> Document
    version_create_draft(*, document, actor, body=None, change_summary="", upload=None) -> DocumentVersion
    version_update(*, version, actor, expected_revision, body, change_summary, upload=None,
                   remove_file=False) -> DocumentVersion
    version_submit(*, version, actor, at=None) -> DocumentVersion
    version_approve(*, version, actor, comment="", at=None) -> DocumentVersion
    version_request_changes(*, version, actor, comment, at=None) -> DocumentVersion
    version_publish(*, version, actor, effective_on=None, units=(), at=None) -> DocumentVersion
    version_acknowledge(*, version, actor) -> Acknowledgement
    approval_chain_set(*, agency, kind, approvers, actor) -> ApprovalChain
    folder_stage(*, agency, actor, uploaded) -> str
    folder_upload(*, agency, actor, uploaded) -> str; folder_read(*, agency, actor, token) -> None
    folder_progress(*, agency, actor, token) -> dict
    folder_review(*, agency, actor, token) -> list[ReviewRow]
    folder_import_confirm(*, agency, actor, token, rows) -> list[Document]
    folder_discard(*, agency, actor, token) -> None

The transitions are declared in `DOCUMENT_VERSION` and `DOCUMENT` (core.workflow): pages, the API
and templates read them. Business errors raise DomainError (Vietnamese message); a wrong role
raises PermissionDenied. `hooks.on_version_submitting` lets the apps above check or prepare a
submission, `hooks.on_version_published` tells them of each publication. Legal documents,
citations and legal-change tasks are in `legal_services`.
"""

from eiso.documents.services.approval import approval_chain_set, approval_steps
from eiso.documents.services.common import (
    DEFAULT_APPROVAL_STEPS,
    approver_kinds,
    may_edit,
)
from eiso.documents.services.documents import (
    document_create,
    document_review_confirm,
    document_update,
)
from eiso.documents.services.imports import (
    folder_discard,
    folder_import_confirm,
    folder_progress,
    folder_read,
    folder_review,
    folder_stage,
    folder_upload,
)
from eiso.documents.services.versions import (
    version_acknowledge,
    version_create_draft,
    version_update,
)
from eiso.documents.services.workflow import (
    DOCUMENT,
    DOCUMENT_VERSION,
    document_withdraw,
    version_approve,
    version_publish,
    version_request_changes,
    version_submit,
)

__all__ = [
    "DEFAULT_APPROVAL_STEPS",
    "DOCUMENT",
    "DOCUMENT_VERSION",
    "approval_chain_set",
    "approval_steps",
    "approver_kinds",
    "document_create",
    "document_review_confirm",
    "document_update",
    "document_withdraw",
    "folder_discard",
    "folder_import_confirm",
    "folder_progress",
    "folder_read",
    "folder_review",
    "folder_stage",
    "folder_upload",
    "may_edit",
    "version_acknowledge",
    "version_approve",
    "version_create_draft",
    "version_publish",
    "version_request_changes",
    "version_submit",
    "version_update",
]
