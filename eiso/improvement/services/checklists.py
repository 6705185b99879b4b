"""The checklist of an internal audit (ISO 9001:2015 §9.2.2 d): the team adds questions and records
each line's result and evidence; a finding follows the result, and a nonconformity result
becomes a recorded nonconformity."""

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from eiso.core import audit as audit_trail
from eiso.core import uploads
from eiso.core.errors import DomainError
from eiso.core.permissions import check_same_agency, require_manager
from eiso.improvement.models import ChecklistLine, Finding, InternalAudit, Nonconformity, Result
from eiso.improvement.models.audits import FINDING_RESULTS, NONCONFORMING
from eiso.improvement.services.audits import is_team_member
from eiso.improvement.services.nonconformities import nonconformity_from_finding
from eiso.orgs.models import Unit


def _require_team_or_manager(audit: InternalAudit, actor) -> None:
    if is_team_member(audit, actor):
        return
    require_manager(actor, audit.agency)


@transaction.atomic
def checklist_line_add(
    *, audit: InternalAudit, actor, clause: str, text: str, evidence_hint: str = ""
) -> ChecklistLine:
    """An auditor adds a question of their own to this audit's checklist."""
    _require_team_or_manager(audit, actor)
    if not audit.is_open:
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
    if not audit.is_under_way:
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
        uploads.accept_upload(evidence_file, uploads.EVIDENCE, field="evidence_file")
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
