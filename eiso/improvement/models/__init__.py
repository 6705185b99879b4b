from eiso.improvement.models.announcements import Announcement, QmsLifecycle
from eiso.improvement.models.audits import (
    AuditProgramme,
    AuditTeamMember,
    ChecklistLine,
    ChecklistQuestion,
    Finding,
    InternalAudit,
    Reference,
    Result,
)
from eiso.improvement.models.calendar import CalendarFeed, Schedule
from eiso.improvement.models.nonconformities import Nonconformity, NonconformityProposal
from eiso.improvement.models.reviews import ManagementReview

__all__ = [
    "Announcement",
    "AuditProgramme",
    "AuditTeamMember",
    "CalendarFeed",
    "ChecklistLine",
    "ChecklistQuestion",
    "Finding",
    "InternalAudit",
    "ManagementReview",
    "Nonconformity",
    "NonconformityProposal",
    "QmsLifecycle",
    "Reference",
    "Result",
    "Schedule",
]
