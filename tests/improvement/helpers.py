"""Set-ups shared by the improvement tests."""

import datetime

from django.utils import timezone

from eiso.documents.models import Document
from eiso.improvement import selectors, services
from eiso.improvement.models import AuditProgramme, InternalAudit, ManagementReview
from tests.documents.factories import DocumentFactory, published_version
from tests.improvement.factories import AuditProgrammeFactory, InternalAuditFactory, ManagementReviewFactory
from tests.procedures.factories import ProcessFactory

TODAY = datetime.date(2026, 11, 20)


def approved_programme(agency, year: int = 2026) -> AuditProgramme:
    """The agency's programme of `year`, approved by its leader (audits may start under it)."""
    return AuditProgrammeFactory(
        agency=agency, year=year, status=AuditProgramme.Status.APPROVED, approved_on=datetime.date(year, 1, 5)
    )


def running_audit(agency, lead, *, secretary, units=(), members=()) -> InternalAudit:
    """An audit planned by the secretary under an approved programme and started by its lead auditor."""
    audit = services.audit_plan(
        programme=approved_programme(agency),
        actor=secretary,
        title="Đánh giá nội bộ lần 1 năm 2026",
        scope="Toàn bộ quy trình giải quyết TTHC",
        planned_start_on=datetime.date(2026, 5, 4),
        planned_end_on=datetime.date(2026, 5, 6),
        lead_auditor=lead,
        members=members,
        units=units,
    )
    return services.audit_start(audit=audit, actor=lead)


def finish_checklist(audit, actor) -> None:
    """Every line still pending is marked conforming."""
    for line in audit.lines.filter(result="pending"):
        services.checklist_line_record(line=line, actor=actor, result="conforming")


def in_force_process(agency):
    process = ProcessFactory(agency=agency)
    published_version(document=process.document)
    return process


def announcement_ready(agency, leader) -> None:
    """Policy, objectives and a procedure approved, one audit reported, one review held, effectiveness
    confirmed: the QĐ 19/2014 prerequisites of an announcement."""
    if not selectors.announcement_missing(agency):
        return
    today = timezone.localdate()
    for kind in (Document.Kind.QUALITY_POLICY, Document.Kind.QUALITY_OBJECTIVES):
        published_version(document=DocumentFactory(agency=agency, kind=kind))
    in_force_process(agency)
    InternalAuditFactory(
        programme=AuditProgrammeFactory(agency=agency),
        status=InternalAudit.Status.REPORTED,
        reported_on=today,
        lead_auditor=leader,
    )
    ManagementReviewFactory(
        agency=agency,
        chair=leader,
        status=ManagementReview.Status.HELD,
        held_on=today,
        inputs_frozen_at=timezone.now(),
    )
    services.lifecycle_confirm_effectiveness(agency=agency, actor=leader)
