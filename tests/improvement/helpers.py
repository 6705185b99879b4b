"""Set-ups shared by the improvement tests."""

import datetime

from eiso.improvement import services
from eiso.improvement.models import InternalAudit
from tests.improvement.factories import AuditProgrammeFactory

TODAY = datetime.date(2026, 11, 20)


def running_audit(agency, lead, *, secretary, units=(), members=()) -> InternalAudit:
    """An audit planned by the secretary and started by its lead auditor."""
    programme = AuditProgrammeFactory(agency=agency, year=2026)
    audit = services.audit_plan(
        programme=programme,
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
