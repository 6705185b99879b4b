"""Internal audits (ISO 9001:2015 §9.2): the yearly programme, approved by the leader; audits with
their team, checklist, findings and report; the lifecycles of both declared once (core.workflow).
An audit starts only under an approved programme."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from eiso.core import audit as audit_trail
from eiso.core.collation import vietnamese_key
from eiso.core.errors import DomainError
from eiso.core.permissions import check_member, check_same_agency, require_manager
from eiso.core.roles import QMS_MANAGERS, Role
from eiso.core.workflow import Transition, Workflow
from eiso.improvement.forms import ReasonForm, ReportForm
from eiso.improvement.models import (
    AuditProgramme,
    AuditTeamMember,
    ChecklistLine,
    ChecklistQuestion,
    InternalAudit,
    Result,
)
from eiso.improvement.services.common import next_code, units_of
from eiso.improvement.services.library import ensure_library
from eiso.orgs import editions

Status = InternalAudit.Status


@transaction.atomic
def programme_create(
    *, agency, actor, year: int, objectives: str = "", risk_basis: str = ""
) -> AuditProgramme:
    """Open the yearly audit programme of an agency (one per year)."""
    require_manager(actor, agency)
    if AuditProgramme.objects.filter(agency=agency, year=year).exists():
        raise DomainError(f"Cơ quan đã có chương trình đánh giá nội bộ năm {year}.", field="year")
    programme = AuditProgramme(agency=agency, year=year, objectives=objectives, risk_basis=risk_basis)
    programme.full_clean()
    programme.save()
    audit_trail.record(
        actor=actor, action="audit_programme.create", target=programme, changes={"year": [None, year]}
    )
    return programme


def _approve(programme: AuditProgramme, *, actor, at):
    programme.approved_by = actor
    programme.approved_on = timezone.localdate(at)
    return {"approved_on": [None, programme.approved_on.isoformat()]}


AUDIT_PROGRAMME = Workflow(
    name="audit_programme",
    model=AuditProgramme,
    label="chương trình đánh giá nội bộ",
    url_name="improvement:programme_transition",
    badges={AuditProgramme.Status.DRAFT: "secondary", AuditProgramme.Status.APPROVED: "success"},
    transitions=(
        Transition(
            "approve",
            "Phê duyệt chương trình",
            (AuditProgramme.Status.DRAFT,),
            AuditProgramme.Status.APPROVED,
            # The head of the agency alone approves it (core.roles has no one-role set to name).
            roles=(Role.LEADER,),
            apply=_approve,
            style="success",
            help="Các cuộc đánh giá của chương trình chỉ bắt đầu được sau khi chương trình được phê duyệt.",
            success="Đã phê duyệt chương trình đánh giá.",
        ),
    ),
)


def programme_approve(*, programme: AuditProgramme, actor, at: datetime | None = None) -> AuditProgramme:
    """The leader approves the programme: its audits may start."""
    return AUDIT_PROGRAMME.run(programme, "approve", actor=actor, at=at)


def audited_unit_ids(audit: InternalAudit) -> dict[int, str]:
    """The units an audit looks at: those named, and the owner units of the audited processes."""
    units = {unit.pk: unit.name for unit in audit.units.all()}
    for process in audit.processes.select_related("document__owner_unit"):
        owner = process.document.owner_unit
        if owner is not None:
            units[owner.pk] = owner.name
    return units


def check_independence(audit: InternalAudit, user) -> None:
    """Nobody audits their own unit (ISO 9001:2015 §9.2.2 c)."""
    audited = audited_unit_ids(audit)
    own = units_of(user, audit.agency) & set(audited)
    if own:
        names = ", ".join(sorted((audited[pk] for pk in own), key=vietnamese_key))
        raise DomainError(
            f"{user} làm việc tại {names}, là đơn vị được đánh giá: người đánh giá không được đánh giá đơn "
            "vị của chính mình.",
            field="team",
        )


def _add_member(audit: InternalAudit, user, *, is_lead: bool) -> AuditTeamMember:
    check_member(user, audit.agency, field="team", label="Thành viên đoàn đánh giá")
    check_independence(audit, user)
    member, _ = AuditTeamMember.objects.get_or_create(
        audit=audit, user=user, defaults={"agency": audit.agency, "is_lead": is_lead}
    )
    if is_lead and not member.is_lead:
        member.is_lead = True
        member.save(update_fields=["is_lead", "updated_at"])
    return member


def _build_checklist(audit: InternalAudit) -> None:
    ensure_library(province=audit.agency.province)
    questions = ChecklistQuestion.objects.filter(province=audit.agency.province_id, is_active=True)
    ChecklistLine.objects.bulk_create(
        ChecklistLine(
            agency=audit.agency,
            audit=audit,
            question=question,
            reference=question.reference,
            clause=question.clause,
            text=question.text,
            evidence_hint=question.evidence_hint,
            order=index,
        )
        for index, question in enumerate(questions, start=1)
    )


@transaction.atomic
def audit_plan(
    *,
    programme: AuditProgramme,
    actor,
    title: str,
    scope: str,
    planned_start_on: date,
    planned_end_on: date,
    lead_auditor,
    members=(),
    units=(),
    processes=(),
    criteria: str = "",
) -> InternalAudit:
    """Plan an audit of an approved programme with its team; refuses an auditor of an audited unit;
    builds the checklist."""
    agency = programme.agency
    require_manager(actor, agency)
    check_programme_approved(programme)
    check_same_agency(agency, *units, *processes)
    if planned_end_on < planned_start_on:
        raise DomainError("Ngày kết thúc không được trước ngày bắt đầu.", field="planned_end_on")
    audit = InternalAudit(
        agency=agency,
        programme=programme,
        code=next_code(InternalAudit, agency, "ĐGNB", programme.year, width=2),
        title=title,
        scope=scope,
        planned_start_on=planned_start_on,
        planned_end_on=planned_end_on,
        lead_auditor=lead_auditor,
    )
    audit.edition = editions.of(agency)
    audit.criteria = criteria or f"{editions.name(agency)}; hệ thống tài liệu của cơ quan; QĐ 19/2014/QĐ-TTg"
    audit.full_clean()
    audit.save()
    audit.units.set(units)
    audit.processes.set(processes)
    _add_member(audit, lead_auditor, is_lead=True)
    for member in members:
        if member != lead_auditor:
            _add_member(audit, member, is_lead=False)
    _build_checklist(audit)
    audit_trail.record(
        actor=actor,
        action="internal_audit.plan",
        target=audit,
        changes={
            "code": [None, audit.code],
            "lead_auditor": [None, str(lead_auditor)],
            "team": [None, [str(m.user) for m in audit.team.all()]],
            "units": [None, [str(u) for u in units]],
        },
    )
    return audit


@transaction.atomic
def audit_add_member(*, audit: InternalAudit, actor, user) -> AuditTeamMember:
    """Add an auditor to a planned or running audit, after the independence check."""
    require_manager(actor, audit.agency)
    if not audit.is_open:
        raise DomainError("Chỉ bổ sung thành viên khi cuộc đánh giá chưa kết thúc.")
    member = _add_member(audit, user, is_lead=False)
    audit_trail.record(
        actor=actor, action="internal_audit.add_member", target=audit, changes={"team": [None, str(user)]}
    )
    return member


def is_team_member(audit: InternalAudit, user) -> bool:
    return user.is_authenticated and audit.team.filter(user=user).exists()


def is_lead_auditor(audit: InternalAudit, user) -> bool:
    return user.is_authenticated and audit.lead_auditor_id == user.pk


# --- the audit's lifecycle ------------------------------------------------------------------------


def check_programme_approved(programme: AuditProgramme) -> None:
    """Audits are planned and started only under a programme the leader approved (ISO 9001:2015
    §9.2.2): the one rule behind audit_plan and the "start" transition's guard."""
    if not programme.is_approved:
        raise DomainError(
            f"Chương trình đánh giá nội bộ năm {programme.year} chưa được lãnh đạo cơ quan phê duyệt: "
            "chưa lập kế hoạch hay bắt đầu được cuộc đánh giá. Đề nghị lãnh đạo phê duyệt chương trình "
            f"trước ({editions.name(programme.agency)}, mục 9.2.2)."
        )


def _programme_approved(audit: InternalAudit, actor, at: datetime) -> None:
    check_programme_approved(audit.programme)


def _every_line_answered(audit: InternalAudit, actor, at: datetime) -> None:
    pending = audit.lines.filter(result=Result.PENDING).count()
    if pending:
        raise DomainError(f"Còn {pending} câu hỏi chưa có kết quả đánh giá.")


def _no_nonconformity_raised(audit: InternalAudit, actor, at: datetime) -> None:
    if audit.findings.filter(nonconformity__isnull=False).exists():
        raise DomainError("Cuộc đánh giá đã sinh điểm không phù hợp; hãy hủy các điểm đó trước.")


def _report(audit: InternalAudit, *, actor, at, summary: str, conclusions: str, report_number: str = ""):
    if not summary.strip() or not conclusions.strip():
        raise DomainError("Báo cáo cần có tóm tắt kết quả và kết luận.", field="summary")
    audit.summary = summary.strip()
    audit.conclusions = conclusions.strip()
    audit.report_number = report_number.strip() or f"{audit.code}/BC"
    audit.reported_on = timezone.localdate(at)
    audit.full_clean()
    return {"report_number": [None, audit.report_number]}


def _acknowledge(audit: InternalAudit, *, actor, at):
    audit.acknowledged_by = actor
    audit.acknowledged_on = timezone.localdate(at)
    return {"acknowledged_on": [None, audit.acknowledged_on.isoformat()]}


def _cancel(audit: InternalAudit, *, actor, at, reason: str):
    if not reason.strip():
        raise DomainError("Hãy ghi lý do hủy.", field="reason")
    audit.cancel_reason = reason.strip()
    return {"reason": [None, audit.cancel_reason]}


INTERNAL_AUDIT = Workflow(
    name="internal_audit",
    model=InternalAudit,
    label="cuộc đánh giá",
    url_name="improvement:audit_transition",
    badges={
        Status.PLANNED: "secondary",
        Status.IN_PROGRESS: "primary",
        Status.REPORTED: "info",
        Status.ACKNOWLEDGED: "success",
        Status.CANCELLED: "secondary",
    },
    transitions=(
        Transition(
            "start",
            "Bắt đầu đánh giá",
            (Status.PLANNED,),
            Status.IN_PROGRESS,
            roles=QMS_MANAGERS,
            grants=is_team_member,
            guard=_programme_approved,
            success="Đã bắt đầu cuộc đánh giá.",
        ),
        Transition(
            "report",
            "Ban hành báo cáo đánh giá",
            (Status.IN_PROGRESS,),
            Status.REPORTED,
            # Only the lead auditor issues the report: no role grants it.
            grants=is_lead_auditor,
            guard=_every_line_answered,
            apply=_report,
            form=ReportForm,
            help="Trưởng đoàn ban hành báo cáo khi mọi câu hỏi của danh mục đã có kết quả.",
            success="Đã ban hành báo cáo đánh giá.",
        ),
        Transition(
            "acknowledge",
            "Tiếp nhận báo cáo",
            (Status.REPORTED,),
            Status.ACKNOWLEDGED,
            roles=(Role.LEADER,),
            apply=_acknowledge,
            style="success",
            success="Đã tiếp nhận báo cáo đánh giá.",
        ),
        Transition(
            "cancel",
            "Hủy cuộc đánh giá",
            (Status.PLANNED, Status.IN_PROGRESS),
            Status.CANCELLED,
            roles=QMS_MANAGERS,
            guard=_no_nonconformity_raised,
            apply=_cancel,
            form=ReasonForm,
            style="danger",
            confirm="Hủy cuộc đánh giá này?",
            success="Đã hủy cuộc đánh giá.",
        ),
    ),
)


def audit_start(*, audit: InternalAudit, actor) -> InternalAudit:
    """The team (or a QMS manager) starts the audit, under an approved programme: checklist lines
    can now be recorded."""
    return INTERNAL_AUDIT.run(audit, "start", actor=actor)


def audit_issue_report(
    *,
    audit: InternalAudit,
    actor,
    summary: str,
    conclusions: str,
    report_number: str = "",
    at: datetime | None = None,
) -> InternalAudit:
    """The lead auditor issues the report; every checklist line must have a result."""
    return INTERNAL_AUDIT.run(
        audit,
        "report",
        actor=actor,
        at=at,
        summary=summary,
        conclusions=conclusions,
        report_number=report_number,
    )


def audit_acknowledge(*, audit: InternalAudit, actor, at: datetime | None = None) -> InternalAudit:
    """The agency leader acknowledges the issued report."""
    return INTERNAL_AUDIT.run(audit, "acknowledge", actor=actor, at=at)


def audit_cancel(*, audit: InternalAudit, actor, reason: str) -> InternalAudit:
    """Cancel an audit that has not reported, saying why; not once it raised a nonconformity."""
    return INTERNAL_AUDIT.run(audit, "cancel", actor=actor, reason=reason)
