"""Internal audits: the checklist library, the yearly programme, audits with their team,
checklist, findings, report and the leader's acknowledgement (ISO 9001:2015 §9.2)."""

import json
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from eiso.core import audit as audit_trail
from eiso.core.errors import DomainError
from eiso.core.permissions import require_province_role, require_role
from eiso.core.roles import PROVINCE_LIBRARIANS, Role
from eiso.improvement.models import (
    AuditProgramme,
    AuditTeamMember,
    ChecklistLine,
    ChecklistQuestion,
    Finding,
    InternalAudit,
    Nonconformity,
    Result,
)
from eiso.improvement.models.audits import FINDING_RESULTS, NONCONFORMING
from eiso.improvement.services.common import (
    check_member,
    check_same_agency,
    next_code,
    require_manager,
    units_of,
)
from eiso.orgs.models import Unit

LIBRARY_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "checklist_library.json"
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024


def _library_rows() -> list[dict]:
    return json.loads(LIBRARY_FILE.read_text(encoding="utf-8"))


@transaction.atomic
def library_load_defaults(*, province, actor=None) -> int:
    """Copy the default question library into a province that has none yet; the number of questions added."""
    if ChecklistQuestion.objects.filter(province=province).exists():
        return 0
    questions = [
        ChecklistQuestion(province=province, order=index, **row)
        for index, row in enumerate(_library_rows(), start=1)
    ]
    ChecklistQuestion.objects.bulk_create(questions)
    audit_trail.record(
        actor=actor,
        action="checklist_library.load",
        province=province,
        changes={"questions": [0, len(questions)]},
    )
    return len(questions)


@transaction.atomic
def question_save(
    *, actor, province, question: ChecklistQuestion | None = None, **fields
) -> ChecklistQuestion:
    """The provincial coordinator adds or edits a question of the province's library."""
    require_province_role(actor, province, *PROVINCE_LIBRARIANS)
    if question is not None and question.province_id != province.pk:
        raise DomainError("Câu hỏi không thuộc thư viện của tỉnh.")
    if not str(fields.get("text", "")).strip():
        raise DomainError("Hãy nhập nội dung câu hỏi.", field="text")
    is_new = question is None
    question = question or ChecklistQuestion(province=province)
    before = {} if is_new else audit_trail.snapshot(question, list(fields))
    for name, value in fields.items():
        setattr(question, name, value)
    question.full_clean()
    question.save()
    audit_trail.record(
        actor=actor,
        action="checklist_question.create" if is_new else "checklist_question.update",
        target=question,
        province=province,
        changes=audit_trail.diff(before, audit_trail.snapshot(question, list(fields))),
    )
    return question


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


@transaction.atomic
def programme_approve(*, programme: AuditProgramme, actor, today: date | None = None) -> AuditProgramme:
    """The leader approves the programme."""
    require_role(actor, programme.agency, Role.LEADER)
    if programme.approved_on:
        raise DomainError("Chương trình đã được phê duyệt.")
    programme.approved_by = actor
    programme.approved_on = today or timezone.localdate()
    programme.full_clean()
    programme.save(update_fields=["approved_by", "approved_on", "updated_at"])
    audit_trail.record(
        actor=actor,
        action="audit_programme.approve",
        target=programme,
        changes={"approved_on": [None, programme.approved_on.isoformat()]},
    )
    return programme


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
        names = ", ".join(sorted(audited[pk] for pk in own))
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
    library_load_defaults(province=audit.agency.province)
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
    """Plan an audit of the programme with its team; refuses an auditor of an audited unit; builds the
    checklist."""
    agency = programme.agency
    require_manager(actor, agency)
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
    if criteria:
        audit.criteria = criteria
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
    if audit.status not in (InternalAudit.Status.PLANNED, InternalAudit.Status.IN_PROGRESS):
        raise DomainError("Chỉ bổ sung thành viên khi cuộc đánh giá chưa kết thúc.")
    member = _add_member(audit, user, is_lead=False)
    audit_trail.record(
        actor=actor, action="internal_audit.add_member", target=audit, changes={"team": [None, str(user)]}
    )
    return member


def is_team_member(audit: InternalAudit, user) -> bool:
    return user.is_authenticated and audit.team.filter(user=user).exists()


def _require_team_or_manager(audit: InternalAudit, actor) -> None:
    if is_team_member(audit, actor):
        return
    require_manager(actor, audit.agency)


@transaction.atomic
def audit_start(*, audit: InternalAudit, actor) -> InternalAudit:
    """The team starts the audit: checklist lines can now be recorded."""
    _require_team_or_manager(audit, actor)
    if audit.status != InternalAudit.Status.PLANNED:
        raise DomainError("Chỉ bắt đầu được cuộc đánh giá đã lập kế hoạch.")
    audit.status = InternalAudit.Status.IN_PROGRESS
    audit.full_clean()
    audit.save(update_fields=["status", "updated_at"])
    audit_trail.record(
        actor=actor,
        action="internal_audit.start",
        target=audit,
        changes={"status": ["planned", "in_progress"]},
    )
    return audit


@transaction.atomic
def checklist_line_add(
    *, audit: InternalAudit, actor, clause: str, text: str, evidence_hint: str = ""
) -> ChecklistLine:
    """An auditor adds a question of their own to this audit's checklist."""
    _require_team_or_manager(audit, actor)
    if audit.status not in (InternalAudit.Status.PLANNED, InternalAudit.Status.IN_PROGRESS):
        raise DomainError("Cuộc đánh giá đã kết thúc, không thêm câu hỏi được.")
    if not text.strip():
        raise DomainError("Hãy nhập nội dung câu hỏi.", field="text")
    last = audit.lines.order_by("-order").values_list("order", flat=True).first() or 0
    reference = (
        "tt26" if clause and clause[0] in "12" and not clause[:2].replace(".", "").isdigit() else "iso"
    )
    line = ChecklistLine(
        agency=audit.agency,
        audit=audit,
        reference=reference,
        clause=clause.strip(),
        text=text.strip(),
        evidence_hint=evidence_hint.strip(),
        order=last + 1,
    )
    line.full_clean()
    line.save()
    audit_trail.record(
        actor=actor, action="checklist_line.add", target=line, changes={"text": [None, line.text]}
    )
    return line


def _sync_finding(line: ChecklistLine, actor, unit, today: date) -> None:
    """Keep the line's finding (and, for a nonconformity, its Nonconformity) in step with the result."""
    finding = getattr(line, "finding", None) if line.pk else None
    if line.result not in FINDING_RESULTS:
        if finding is not None:
            finding.delete()
        return
    if finding is None:
        finding = Finding(agency=line.agency, audit=line.audit, line=line)
    finding.kind = line.result
    finding.clause = line.clause
    finding.statement = line.evidence_text or line.text
    finding.evidence = line.evidence_text
    finding.unit = unit
    finding.full_clean()
    finding.save()
    if line.result in NONCONFORMING and not Nonconformity.objects.filter(finding=finding).exists():
        from eiso.improvement.services.nonconformities import nonconformity_from_finding

        nonconformity_from_finding(finding=finding, actor=actor, today=today)


@transaction.atomic
def checklist_line_record(
    *,
    line: ChecklistLine,
    actor,
    result: str,
    evidence_text: str = "",
    evidence_file: UploadedFile | None = None,
    document_version=None,
    record_reference: str = "",
    unit: Unit | None = None,
    today: date | None = None,
) -> ChecklistLine:
    """A team member records the result and evidence of a checklist line; a nonconformity result
    becomes a finding and a recorded nonconformity."""
    audit = line.audit
    _require_team_or_manager(audit, actor)
    if audit.status != InternalAudit.Status.IN_PROGRESS:
        raise DomainError("Chỉ ghi kết quả khi cuộc đánh giá đang diễn ra.")
    if result not in Result.values or result == Result.PENDING:
        raise DomainError("Hãy chọn kết quả đánh giá.", field="result")
    check_same_agency(audit.agency, document_version, unit)
    if result in FINDING_RESULTS and not evidence_text.strip():
        raise DomainError("Phát hiện phải ghi rõ bằng chứng khách quan.", field="evidence_text")
    existing = getattr(line, "finding", None)
    if (
        existing is not None
        and hasattr(existing, "nonconformity")
        and existing.nonconformity.status != Nonconformity.Status.RECORDED
    ):
        raise DomainError(
            f"Dòng này đã sinh điểm không phù hợp {existing.nonconformity.code} đang được xử lý; không đổi "
            "kết quả được."
        )
    if existing is not None and hasattr(existing, "nonconformity") and result not in NONCONFORMING:
        raise DomainError(
            f"Dòng này đã sinh điểm không phù hợp {existing.nonconformity.code}: hãy hủy điểm đó trước khi "
            "đổi kết quả."
        )
    if evidence_file is not None:
        if evidence_file.size > EVIDENCE_MAX_BYTES:
            raise DomainError("Tệp bằng chứng quá lớn (tối đa 20 MB).", field="evidence_file")
        line.evidence_file = evidence_file
    before = audit_trail.snapshot(line, ["result", "evidence_text", "record_reference"])
    line.result = result
    line.evidence_text = evidence_text.strip()
    line.document_version = document_version
    line.record_reference = record_reference.strip()
    line.auditor = actor
    line.full_clean()
    line.save()
    _sync_finding(line, actor, unit, today or timezone.localdate())
    audit_trail.record(
        actor=actor,
        action="checklist_line.record",
        target=line,
        changes=audit_trail.diff(
            before, audit_trail.snapshot(line, ["result", "evidence_text", "record_reference"])
        ),
    )
    return line


@transaction.atomic
def audit_issue_report(
    *,
    audit: InternalAudit,
    actor,
    summary: str,
    conclusions: str,
    report_number: str = "",
    today: date | None = None,
) -> InternalAudit:
    """The lead auditor issues the report; every checklist line must have a result."""
    if audit.lead_auditor_id != actor.pk:
        raise PermissionDenied("Chỉ trưởng đoàn đánh giá ban hành báo cáo.")
    if audit.status != InternalAudit.Status.IN_PROGRESS:
        raise DomainError("Chỉ ban hành báo cáo khi cuộc đánh giá đang diễn ra.")
    pending = audit.lines.filter(result=Result.PENDING).count()
    if pending:
        raise DomainError(f"Còn {pending} câu hỏi chưa có kết quả đánh giá.")
    if not summary.strip() or not conclusions.strip():
        raise DomainError("Báo cáo cần có tóm tắt kết quả và kết luận.", field="summary")
    audit.summary = summary.strip()
    audit.conclusions = conclusions.strip()
    audit.report_number = report_number.strip() or f"{audit.code}/BC"
    audit.reported_on = today or timezone.localdate()
    audit.status = InternalAudit.Status.REPORTED
    audit.full_clean()
    audit.save(
        update_fields=["summary", "conclusions", "report_number", "reported_on", "status", "updated_at"]
    )
    audit_trail.record(
        actor=actor,
        action="internal_audit.report",
        target=audit,
        changes={"status": ["in_progress", "reported"], "report_number": [None, audit.report_number]},
    )
    return audit


@transaction.atomic
def audit_acknowledge(*, audit: InternalAudit, actor, today: date | None = None) -> InternalAudit:
    """The agency leader acknowledges the issued report."""
    require_role(actor, audit.agency, Role.LEADER)
    if audit.status != InternalAudit.Status.REPORTED:
        raise DomainError("Chỉ tiếp nhận được báo cáo đã ban hành.")
    audit.status = InternalAudit.Status.ACKNOWLEDGED
    audit.acknowledged_by = actor
    audit.acknowledged_on = today or timezone.localdate()
    audit.full_clean()
    audit.save(update_fields=["status", "acknowledged_by", "acknowledged_on", "updated_at"])
    audit_trail.record(
        actor=actor,
        action="internal_audit.acknowledge",
        target=audit,
        changes={"status": ["reported", "acknowledged"]},
    )
    return audit


@transaction.atomic
def audit_cancel(*, audit: InternalAudit, actor, reason: str) -> InternalAudit:
    """Cancel an audit that has not reported, saying why."""
    require_manager(actor, audit.agency)
    if audit.status not in (InternalAudit.Status.PLANNED, InternalAudit.Status.IN_PROGRESS):
        raise DomainError("Không hủy được cuộc đánh giá đã có báo cáo.")
    if not reason.strip():
        raise DomainError("Hãy ghi lý do hủy.", field="reason")
    if audit.findings.filter(nonconformity__isnull=False).exists():
        raise DomainError("Cuộc đánh giá đã sinh điểm không phù hợp; hãy hủy các điểm đó trước.")
    before = audit.status
    audit.status = InternalAudit.Status.CANCELLED
    audit.cancel_reason = reason.strip()
    audit.full_clean()
    audit.save(update_fields=["status", "cancel_reason", "updated_at"])
    audit_trail.record(
        actor=actor, action="internal_audit.cancel", target=audit, changes={"status": [before, "cancelled"]}
    )
    return audit
