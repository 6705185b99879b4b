"""Object URLs of the improvement app, for the tenancy guard (tests/test_tenancy_guard.py)."""

from tests.improvement.factories import (
    AnnouncementFactory,
    AuditProgrammeFactory,
    ChecklistLineFactory,
    FindingFactory,
    InternalAuditFactory,
    ManagementReviewFactory,
    NonconformityFactory,
    NonconformityProposalFactory,
)


def _audit(agency):
    return {"pk": InternalAuditFactory(programme=AuditProgrammeFactory(agency=agency)).pk}


def _line(agency):
    return {
        "pk": ChecklistLineFactory(
            audit=InternalAuditFactory(programme=AuditProgrammeFactory(agency=agency))
        ).pk
    }


def _nc(agency):
    return {"pk": NonconformityFactory(agency=agency).pk}


def _review(agency):
    return {"pk": ManagementReviewFactory(agency=agency).pk}


def _announcement(agency):
    return {"pk": AnnouncementFactory(agency=agency).pk}


def _question(province):
    from eiso.improvement.models import ChecklistQuestion

    return ChecklistQuestion.objects.create(
        province=province, reference="iso", clause="4.1", clause_title="x", text="x"
    ).pk


AGENCY_URLS = {
    "improvement:programme_detail": lambda agency: {"pk": AuditProgrammeFactory(agency=agency).pk},
    "improvement:programme_approve": lambda agency: {"pk": AuditProgrammeFactory(agency=agency).pk},
    "improvement:audit_create": lambda agency: {"pk": AuditProgrammeFactory(agency=agency).pk},
    "improvement:audit_detail": _audit,
    "improvement:audit_start": _audit,
    "improvement:audit_add_member": _audit,
    "improvement:line_add": _audit,
    "improvement:audit_report": _audit,
    "improvement:audit_acknowledge": _audit,
    "improvement:audit_cancel": _audit,
    "improvement:audit_report_docx": _audit,
    "improvement:audit_report_pdf": _audit,
    "improvement:line_record": _line,
    "improvement:nonconformity_detail": _nc,
    "improvement:nonconformity_analyse": _nc,
    "improvement:nonconformity_add_action": _nc,
    "improvement:nonconformity_plan": _nc,
    "improvement:nonconformity_start": _nc,
    "improvement:nonconformity_request_check": _nc,
    "improvement:nonconformity_check": _nc,
    "improvement:nonconformity_close": _nc,
    "improvement:nonconformity_cancel": _nc,
    "improvement:nonconformity_action_complete": lambda agency: {**_nc(agency), "action_pk": 1},
    "improvement:proposal_accept": lambda agency: {"pk": NonconformityProposalFactory(agency=agency).pk},
    "improvement:proposal_dismiss": lambda agency: {"pk": NonconformityProposalFactory(agency=agency).pk},
    "improvement:review_detail": _review,
    "improvement:review_update": _review,
    "improvement:review_hold": _review,
    "improvement:review_add_output": _review,
    "improvement:review_minutes_docx": _review,
    "improvement:review_minutes_pdf": _review,
    "improvement:announcement_detail": _announcement,
    "improvement:announcement_announce": _announcement,
    "improvement:announcement_notices": _announcement,
    "improvement:announcement_decision_docx": _announcement,
    "api:audit-detail": _audit,
    "api:audit-lines": _audit,
    "api:audit-start": _audit,
    "api:audit-acknowledge": _audit,
    "api:finding-detail": lambda agency: {
        "pk": FindingFactory(audit=InternalAuditFactory(programme=AuditProgrammeFactory(agency=agency))).pk
    },
    "api:nonconformity-detail": _nc,
    "api:nonconformity-analyse": _nc,
    "api:nonconformity-add-action": _nc,
    "api:nonconformity-plan": _nc,
    "api:nonconformity-start": _nc,
    "api:nonconformity-request-check": _nc,
    "api:nonconformity-check": _nc,
    "api:nonconformity-close": _nc,
    "api:nonconformity-cancel": _nc,
    "api:review-detail": _review,
    "api:announcement-detail": _announcement,
}

# The checklist library is the province's: another province's question is out of reach.
PROVINCE_URLS = {
    "improvement:question_update": lambda agency: {"pk": _question(agency.province)},
}
