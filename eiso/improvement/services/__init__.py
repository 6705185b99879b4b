"""Every change of state of the improvement app, one function per business action, split by
sub-domain; the workflows of its objects with a lifecycle are declared in these modules and
registered when this package is imported (at startup, by the app's urls and registrations)."""

from eiso.improvement.services.announcements import (
    ANNOUNCEMENT,
    announcement_announce,
    announcement_prepare,
    announcement_record_notices,
    lifecycle_check_scope,
    lifecycle_confirm_effectiveness,
    lifecycle_get_or_create,
    lifecycle_update,
)
from eiso.improvement.services.audits import (
    AUDIT_PROGRAMME,
    INTERNAL_AUDIT,
    audit_acknowledge,
    audit_add_member,
    audit_cancel,
    audit_issue_report,
    audit_plan,
    audit_start,
    programme_approve,
    programme_create,
)
from eiso.improvement.services.checklists import checklist_line_add, checklist_line_record
from eiso.improvement.services.library import library_load_defaults, question_save
from eiso.improvement.services.nonconformities import (
    NONCONFORMITY,
    nonconformity_add_action,
    nonconformity_analyse,
    nonconformity_cancel,
    nonconformity_check_effectiveness,
    nonconformity_close,
    nonconformity_plan,
    nonconformity_record,
    nonconformity_request_check,
    nonconformity_start,
)
from eiso.improvement.services.proposals import (
    NONCONFORMITY_PROPOSAL,
    LateCount,
    late_dossier_proposals,
    proposal_accept,
    proposal_dismiss,
)
from eiso.improvement.services.reviews import (
    MANAGEMENT_REVIEW,
    review_add_output,
    review_hold,
    review_plan,
    review_update,
)

__all__ = [
    "ANNOUNCEMENT",
    "AUDIT_PROGRAMME",
    "INTERNAL_AUDIT",
    "MANAGEMENT_REVIEW",
    "NONCONFORMITY",
    "NONCONFORMITY_PROPOSAL",
    "LateCount",
    "announcement_announce",
    "announcement_prepare",
    "announcement_record_notices",
    "audit_acknowledge",
    "audit_add_member",
    "audit_cancel",
    "audit_issue_report",
    "audit_plan",
    "audit_start",
    "checklist_line_add",
    "checklist_line_record",
    "late_dossier_proposals",
    "library_load_defaults",
    "lifecycle_check_scope",
    "lifecycle_confirm_effectiveness",
    "lifecycle_get_or_create",
    "lifecycle_update",
    "nonconformity_add_action",
    "nonconformity_analyse",
    "nonconformity_cancel",
    "nonconformity_check_effectiveness",
    "nonconformity_close",
    "nonconformity_plan",
    "nonconformity_record",
    "nonconformity_request_check",
    "nonconformity_start",
    "programme_approve",
    "programme_create",
    "proposal_accept",
    "proposal_dismiss",
    "question_save",
    "review_add_output",
    "review_hold",
    "review_plan",
    "review_update",
]
