"""Object URLs of the improvement app, for the tenancy guard (tests/test_tenancy_guard.py)."""

from eiso.improvement import services
from tests.improvement.factories import (
    AnnouncementFactory,
    AuditProgrammeFactory,
    ChecklistLineFactory,
    FindingFactory,
    InternalAuditFactory,
    ManagementReviewFactory,
    NonconformityFactory,
    NonconformityProposalFactory,
    ScheduleFactory,
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


def _programme(agency):
    return {"pk": AuditProgrammeFactory(agency=agency).pk}


def _proposal(agency):
    return {"pk": NonconformityProposalFactory(agency=agency).pk}


def _edition_transition(agency):
    from tests.orgs.factories import EditionTransitionFactory

    return {"pk": EditionTransitionFactory(agency=agency).pk}


def _transition(builder, name: str):
    """The kwargs of a transition URL: the object's, and one of its workflow's transitions."""
    return lambda agency: {**builder(agency), "transition": name}


def _api_actions(basename: str, workflow, builder) -> dict:
    """One API action per transition of the declared workflow."""
    return {f"api:{basename}-{t.name.replace('_', '-')}": builder for t in workflow.transitions}


def _question(province):
    from eiso.improvement.models import ChecklistQuestion

    return ChecklistQuestion.objects.create(
        province=province, reference="iso", clause="4.1", clause_title="x", text="x"
    ).pk


AGENCY_URLS = {
    "improvement:programme_detail": _programme,
    "improvement:programme_transition": _transition(_programme, "approve"),
    "improvement:audit_create": _programme,
    "improvement:audit_detail": _audit,
    "improvement:audit_transition": _transition(_audit, "start"),
    "improvement:audit_add_member": _audit,
    "improvement:line_add": _audit,
    "improvement:audit_report_docx": _audit,
    "improvement:audit_report_pdf": _audit,
    "improvement:line_record": _line,
    "improvement:nonconformity_detail": _nc,
    "improvement:nonconformity_transition": _transition(_nc, "analyse"),
    "improvement:nonconformity_add_action": _nc,
    "improvement:nonconformity_action_complete": lambda agency: {**_nc(agency), "action_pk": 1},
    "improvement:proposal_transition": _transition(_proposal, "accept"),
    "improvement:review_detail": _review,
    "improvement:review_transition": _transition(_review, "hold"),
    "improvement:review_update": _review,
    "improvement:review_add_output": _review,
    "improvement:review_minutes_docx": _review,
    "improvement:review_minutes_pdf": _review,
    "improvement:announcement_detail": _announcement,
    "improvement:announcement_transition": _transition(_announcement, "announce"),
    "improvement:announcement_decision_docx": _announcement,
    "improvement:announcement_decision_pdf": _announcement,
    "improvement:schedule_complete": lambda agency: {"pk": ScheduleFactory(agency=agency).pk},
    "improvement:transition_gap": lambda agency: {"pk": agency.pk},
    "improvement:transition_start": lambda agency: {"pk": agency.pk},
    "improvement:transition_plan": _edition_transition,
    "improvement:transition_complete": _edition_transition,
    "api:audit-detail": _audit,
    "api:audit-lines": _audit,
    **_api_actions("audit", services.INTERNAL_AUDIT, _audit),
    "api:finding-detail": lambda agency: {
        "pk": FindingFactory(audit=InternalAuditFactory(programme=AuditProgrammeFactory(agency=agency))).pk
    },
    "api:nonconformity-detail": _nc,
    "api:nonconformity-add-action": _nc,
    **_api_actions("nonconformity", services.NONCONFORMITY, _nc),
    "api:review-detail": _review,
    **_api_actions("review", services.MANAGEMENT_REVIEW, _review),
    "api:announcement-detail": _announcement,
    **_api_actions("announcement", services.ANNOUNCEMENT, _announcement),
}

# The checklist library is the province's: another province's question is out of reach.
PROVINCE_URLS = {
    "improvement:question_update": lambda agency: {"pk": _question(agency.province)},
}
