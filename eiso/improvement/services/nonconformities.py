"""Nonconformities from any source, through the gated stages of ISO 9001:2015 §10.2:
recorded → analysed (root cause) → action plan (quality.Action) → in progress →
effectiveness check → closed, or cancelled with a reason; and the late-dossier proposals."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from eiso.core import audit as audit_trail
from eiso.core.dates import add_months
from eiso.core.errors import DomainError
from eiso.core.permissions import require_role
from eiso.core.roles import QMS_MANAGERS_AND_AUDITORS
from eiso.improvement.models import Finding, Nonconformity, NonconformityProposal
from eiso.improvement.selectors import LateCount
from eiso.improvement.services.common import check_member, check_same_agency, next_code, require_manager
from eiso.quality import services as quality_services
from eiso.quality.models import Action

Status = Nonconformity.Status
OPEN_ACTION = (Action.Status.OPEN, Action.Status.IN_PROGRESS)
# An inspection's corrective actions are reported within two months of the minutes (TT 26/2014 Điều 37).
INSPECTION_REPORT_MONTHS = 2
MIN_WHYS = 2


def _fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def nonconformity_actions(nonconformity: Nonconformity):
    return Action.objects.filter(**Action.source_filter(nonconformity)).order_by("due_on", "pk")


def _new(agency, *, source: str, detected_on: date, **fields) -> Nonconformity:
    nonconformity = Nonconformity(
        agency=agency,
        code=next_code(Nonconformity, agency, "KPH", detected_on.year),
        source=source,
        detected_on=detected_on,
        **fields,
    )
    if source == Nonconformity.Source.INSPECTION and nonconformity.report_due_on is None:
        nonconformity.report_due_on = add_months(detected_on, INSPECTION_REPORT_MONTHS)
    nonconformity.full_clean()
    nonconformity.save()
    return nonconformity


@transaction.atomic
def nonconformity_record(
    *,
    agency,
    actor,
    source: str,
    title: str,
    description: str,
    detected_on: date,
    severity: str = Nonconformity.Severity.MINOR,
    clause: str = "",
    unit=None,
    process=None,
    feedback=None,
    report_due_on: date | None = None,
) -> Nonconformity:
    """Record a nonconformity from any source (the secretary, the leader or an internal auditor)."""
    require_role(actor, agency, *QMS_MANAGERS_AND_AUDITORS)
    check_same_agency(agency, unit, process, feedback)
    if feedback is not None:
        source = Nonconformity.Source.COMPLAINT
    if not title.strip() or not description.strip():
        raise DomainError("Hãy ghi tóm tắt và mô tả sự không phù hợp.", field="description")
    if detected_on > timezone.localdate():
        raise DomainError("Ngày phát hiện không được ở tương lai.", field="detected_on")
    nonconformity = _new(
        agency,
        source=source,
        detected_on=detected_on,
        title=title.strip(),
        description=description.strip(),
        severity=severity,
        clause=clause.strip(),
        unit=unit,
        process=process,
        feedback=feedback,
        report_due_on=report_due_on,
        raised_by=actor,
    )
    audit_trail.record(
        actor=actor,
        action="nonconformity.record",
        target=nonconformity,
        changes={
            "code": [None, nonconformity.code],
            "source": [None, source],
            "status": [None, Status.RECORDED],
        },
    )
    return nonconformity


def nonconformity_from_finding(*, finding: Finding, actor, today: date) -> Nonconformity:
    """The nonconformity behind an audit finding; called inside the checklist service's transaction."""
    severity = Nonconformity.Severity.MAJOR if finding.kind == "nc_major" else Nonconformity.Severity.MINOR
    nonconformity = _new(
        finding.agency,
        source=Nonconformity.Source.AUDIT,
        detected_on=today,
        title=f"{finding.audit.code} · điều khoản {finding.clause}: {finding.statement[:200]}",
        description=finding.statement,
        severity=severity,
        clause=finding.clause,
        unit=finding.unit,
        finding=finding,
        raised_by=actor,
    )
    audit_trail.record(
        actor=actor,
        action="nonconformity.record",
        target=nonconformity,
        changes={
            "code": [None, nonconformity.code],
            "source": [None, "audit"],
            "finding": [None, finding.pk],
        },
    )
    return nonconformity


def _clean_analysis(method: str, analysis: list[str]) -> list[str]:
    items = [item.strip() for item in analysis if item and item.strip()]
    if method == Nonconformity.CauseMethod.FIVE_WHYS and len(items) < MIN_WHYS:
        raise DomainError(
            f"Phân tích 5 lần hỏi tại sao cần ít nhất {MIN_WHYS} câu trả lời.", field="analysis"
        )
    if method == Nonconformity.CauseMethod.CATEGORIES and not items:
        raise DomainError("Hãy ghi nguyên nhân cho ít nhất một nhóm.", field="analysis")
    if method not in Nonconformity.CauseMethod.values:
        raise DomainError("Hãy chọn phương pháp phân tích nguyên nhân.", field="cause_method")
    return items


@transaction.atomic
def nonconformity_analyse(
    *,
    nonconformity: Nonconformity,
    actor,
    cause_method: str,
    analysis: list[str],
    root_cause: str,
    correction: str = "",
) -> Nonconformity:
    """Record the correction and the root-cause analysis (5 whys or cause categories); the root cause is
    required."""
    require_manager(actor, nonconformity.agency)
    if nonconformity.status not in (Status.RECORDED, Status.ANALYSED):
        raise DomainError(
            "Chỉ phân tích nguyên nhân khi điểm không phù hợp mới ghi nhận hoặc cần phân tích lại."
        )
    items = _clean_analysis(cause_method, analysis)
    if not root_cause.strip():
        raise DomainError("Chưa xác định nguyên nhân gốc: hãy ghi nguyên nhân gốc.", field="root_cause")
    before = nonconformity.status
    nonconformity.cause_method = cause_method
    nonconformity.cause_analysis = items
    nonconformity.root_cause = root_cause.strip()
    nonconformity.correction = correction.strip()
    nonconformity.status = Status.ANALYSED
    nonconformity.full_clean()
    nonconformity.save(
        update_fields=["cause_method", "cause_analysis", "root_cause", "correction", "status", "updated_at"]
    )
    audit_trail.record(
        actor=actor,
        action="nonconformity.analyse",
        target=nonconformity,
        changes={"status": [before, Status.ANALYSED], "root_cause": [None, nonconformity.root_cause]},
    )
    return nonconformity


@transaction.atomic
def nonconformity_add_action(
    *, nonconformity: Nonconformity, actor, title: str, due_on: date, owner, description: str = ""
) -> Action:
    """Plan a corrective action (a quality.Action with owner and due date) once the cause is known."""
    require_manager(actor, nonconformity.agency)
    if nonconformity.status not in (Status.ANALYSED, Status.PLANNED, Status.IN_PROGRESS):
        raise DomainError("Chỉ lập hành động khắc phục sau khi đã phân tích nguyên nhân gốc.")
    if owner is None:
        raise DomainError("Hành động khắc phục phải có người thực hiện.", field="owner")
    if due_on < nonconformity.detected_on:
        raise DomainError("Hạn hoàn thành không được trước ngày phát hiện.", field="due_on")
    if nonconformity.effectiveness_check_on and due_on > nonconformity.effectiveness_check_on:
        raise DomainError(
            "Hạn hoàn thành không được sau ngày kiểm tra hiệu lực "
            f"{_fmt(nonconformity.effectiveness_check_on)}.",
            field="due_on",
        )
    check_member(owner, nonconformity.agency, field="owner", label="Người thực hiện")
    return quality_services.action_create(
        source=nonconformity, actor=actor, title=title, due_on=due_on, owner=owner, description=description
    )


@transaction.atomic
def nonconformity_plan(
    *, nonconformity: Nonconformity, actor, effectiveness_criteria: str, effectiveness_check_on: date
) -> Nonconformity:
    """Fix the action plan: at least one corrective action, criteria, and a check date not before any
    action's due date."""
    require_manager(actor, nonconformity.agency)
    if nonconformity.status != Status.ANALYSED:
        raise DomainError("Chỉ chốt kế hoạch hành động sau khi đã phân tích nguyên nhân.")
    actions = [a for a in nonconformity_actions(nonconformity) if a.status != Action.Status.CANCELLED]
    if not actions:
        raise DomainError("Kế hoạch chưa có hành động khắc phục nào.")
    if not effectiveness_criteria.strip():
        raise DomainError("Hãy ghi tiêu chí đánh giá hiệu lực.", field="effectiveness_criteria")
    latest = max(actions, key=lambda action: action.due_on)
    if effectiveness_check_on < latest.due_on:
        raise DomainError(
            f"Ngày kiểm tra hiệu lực {_fmt(effectiveness_check_on)} trước hạn hoàn thành của hành động "
            f"“{latest.title}” ({_fmt(latest.due_on)}).",
            field="effectiveness_check_on",
        )
    nonconformity.effectiveness_criteria = effectiveness_criteria.strip()
    nonconformity.effectiveness_check_on = effectiveness_check_on
    nonconformity.is_effective = None
    nonconformity.status = Status.PLANNED
    nonconformity.full_clean()
    nonconformity.save(
        update_fields=[
            "effectiveness_criteria",
            "effectiveness_check_on",
            "is_effective",
            "status",
            "updated_at",
        ]
    )
    audit_trail.record(
        actor=actor,
        action="nonconformity.plan",
        target=nonconformity,
        changes={
            "status": ["analysed", "planned"],
            "effectiveness_check_on": [None, effectiveness_check_on.isoformat()],
        },
    )
    return nonconformity


def _set_status(
    nonconformity: Nonconformity, actor, new: str, verb: str, allowed: tuple, message: str
) -> Nonconformity:
    require_manager(actor, nonconformity.agency)
    if nonconformity.status not in allowed:
        raise DomainError(message)
    before = nonconformity.status
    nonconformity.status = new
    nonconformity.full_clean()
    nonconformity.save(update_fields=["status", "updated_at"])
    audit_trail.record(
        actor=actor, action=f"nonconformity.{verb}", target=nonconformity, changes={"status": [before, new]}
    )
    return nonconformity


def _open_action_titles(nonconformity: Nonconformity) -> list[str]:
    return [f"“{a.title}”" for a in nonconformity_actions(nonconformity) if a.status in OPEN_ACTION]


@transaction.atomic
def nonconformity_start(*, nonconformity: Nonconformity, actor) -> Nonconformity:
    """The planned actions are under way."""
    return _set_status(
        nonconformity,
        actor,
        Status.IN_PROGRESS,
        "start",
        (Status.PLANNED,),
        "Chỉ bắt đầu khắc phục khi đã có kế hoạch hành động.",
    )


@transaction.atomic
def nonconformity_request_check(*, nonconformity: Nonconformity, actor) -> Nonconformity:
    """Every action is done: the nonconformity waits for its effectiveness check."""
    require_manager(actor, nonconformity.agency)
    open_titles = _open_action_titles(nonconformity)
    if open_titles:
        raise DomainError("Còn hành động chưa hoàn thành: " + ", ".join(open_titles) + ".")
    return _set_status(
        nonconformity,
        actor,
        Status.EFFECTIVENESS_CHECK,
        "request_check",
        (Status.PLANNED, Status.IN_PROGRESS),
        "Chỉ chuyển sang kiểm tra hiệu lực khi đang khắc phục.",
    )


@transaction.atomic
def nonconformity_check_effectiveness(
    *, nonconformity: Nonconformity, actor, is_effective: bool, result: str, today: date | None = None
) -> Nonconformity:
    """Check the effectiveness against the criteria on or after the planned date; not effective sends it
    back to analysis."""
    require_manager(actor, nonconformity.agency)
    today = today or timezone.localdate()
    if nonconformity.status != Status.EFFECTIVENESS_CHECK:
        raise DomainError("Điểm không phù hợp chưa đến bước kiểm tra hiệu lực.")
    if today < nonconformity.effectiveness_check_on:
        raise DomainError(f"Chưa đến ngày kiểm tra hiệu lực ({_fmt(nonconformity.effectiveness_check_on)}).")
    if not result.strip():
        raise DomainError("Hãy ghi kết quả kiểm tra so với tiêu chí.", field="result")
    nonconformity.is_effective = is_effective
    nonconformity.effectiveness_result = result.strip()
    nonconformity.effectiveness_checked_by = actor
    nonconformity.effectiveness_checked_on = today
    if not is_effective:
        nonconformity.status = Status.ANALYSED
    nonconformity.full_clean()
    nonconformity.save(
        update_fields=[
            "is_effective",
            "effectiveness_result",
            "effectiveness_checked_by",
            "effectiveness_checked_on",
            "status",
            "updated_at",
        ]
    )
    audit_trail.record(
        actor=actor,
        action="nonconformity.check_effectiveness",
        target=nonconformity,
        changes={
            "is_effective": [None, is_effective],
            "status": ["effectiveness_check", nonconformity.status],
        },
    )
    return nonconformity


@transaction.atomic
def nonconformity_close(*, nonconformity: Nonconformity, actor, today: date | None = None) -> Nonconformity:
    """Close: refused while an action is open or the effectiveness check is not done and positive."""
    require_manager(actor, nonconformity.agency)
    if not nonconformity.is_open:
        raise DomainError("Điểm không phù hợp đã kết thúc.")
    missing = []
    open_titles = _open_action_titles(nonconformity)
    if open_titles:
        missing.append("còn hành động chưa hoàn thành: " + ", ".join(open_titles))
    if not any(a.status != Action.Status.CANCELLED for a in nonconformity_actions(nonconformity)):
        missing.append("chưa có hành động khắc phục")
    if nonconformity.is_effective is not True or nonconformity.status != Status.EFFECTIVENESS_CHECK:
        missing.append("chưa kiểm tra hiệu lực hoặc kết quả kiểm tra chưa đạt")
    if missing:
        raise DomainError("Chưa đóng được điểm không phù hợp: " + "; ".join(missing) + ".")
    nonconformity.status = Status.CLOSED
    nonconformity.closed_on = today or timezone.localdate()
    nonconformity.full_clean()
    nonconformity.save(update_fields=["status", "closed_on", "updated_at"])
    audit_trail.record(
        actor=actor,
        action="nonconformity.close",
        target=nonconformity,
        changes={"status": ["effectiveness_check", "closed"]},
    )
    return nonconformity


@transaction.atomic
def nonconformity_cancel(*, nonconformity: Nonconformity, actor, reason: str) -> Nonconformity:
    """Cancel a nonconformity recorded in error, with a reason; its open actions are cancelled too."""
    require_manager(actor, nonconformity.agency)
    if not nonconformity.is_open:
        raise DomainError("Điểm không phù hợp đã kết thúc.")
    if not reason.strip():
        raise DomainError("Hãy ghi lý do hủy.", field="reason")
    for action in nonconformity_actions(nonconformity):
        if action.status in OPEN_ACTION:
            quality_services.action_cancel(
                action=action, actor=actor, reason=f"Hủy theo điểm không phù hợp {nonconformity.code}"
            )
    before = nonconformity.status
    nonconformity.status = Status.CANCELLED
    nonconformity.cancel_reason = reason.strip()
    nonconformity.full_clean()
    nonconformity.save(update_fields=["status", "cancel_reason", "updated_at"])
    audit_trail.record(
        actor=actor,
        action="nonconformity.cancel",
        target=nonconformity,
        changes={"status": [before, "cancelled"], "reason": [None, nonconformity.cancel_reason]},
    )
    return nonconformity


# --- the late-dossier rule -------------------------------------------------------------------------


@transaction.atomic
def late_dossier_proposals(
    *, agency, period_start: date, period_end: date, threshold: int, counts: list[LateCount]
) -> list[NonconformityProposal]:
    """Propose a nonconformity for every procedure or unit at or over the threshold of late dossiers
    in the period; a subject already proposed for that period is not proposed again."""
    if threshold < 1:
        raise DomainError("Ngưỡng phải từ 1 hồ sơ trở lên.", field="threshold")
    created = []
    for count in counts:
        if count.late_count < threshold:
            continue
        proposal, is_new = NonconformityProposal.objects.get_or_create(
            agency=agency,
            subject=count.subject,
            period_start=period_start,
            period_end=period_end,
            defaults={
                "procedure_id": count.procedure_id,
                "unit_id": count.unit_id,
                "late_count": count.late_count,
                "threshold": threshold,
            },
        )
        if is_new:
            audit_trail.record(
                actor=None,
                action="nonconformity_proposal.create",
                target=proposal,
                changes={"late_count": [None, count.late_count], "threshold": [None, threshold]},
            )
            created.append(proposal)
    return created


@transaction.atomic
def proposal_accept(*, proposal: NonconformityProposal, actor, today: date | None = None) -> Nonconformity:
    """The secretary turns a proposal into a recorded nonconformity."""
    require_manager(actor, proposal.agency)
    if proposal.status != NonconformityProposal.Status.PENDING:
        raise DomainError("Đề xuất này đã được xử lý.")
    period = f"{_fmt(proposal.period_start)}–{_fmt(proposal.period_end)}"
    nonconformity = _new(
        proposal.agency,
        source=Nonconformity.Source.LATE_DOSSIERS,
        detected_on=today or timezone.localdate(),
        title=f"{proposal.subject}: {proposal.late_count} hồ sơ trễ hạn ({period})",
        description=(
            f"{proposal.late_count} hồ sơ trễ hạn trong kỳ {period}, vượt ngưỡng {proposal.threshold} hồ sơ "
            f"(ISO 9001:2015 §8.7)."
        ),
        unit_id=proposal.unit_id,
        raised_by=actor,
    )
    proposal.status = NonconformityProposal.Status.ACCEPTED
    proposal.nonconformity = nonconformity
    proposal.decided_by = actor
    proposal.full_clean()
    proposal.save(update_fields=["status", "nonconformity", "decided_by", "updated_at"])
    audit_trail.record(
        actor=actor,
        action="nonconformity_proposal.accept",
        target=proposal,
        changes={"status": ["pending", "accepted"], "nonconformity": [None, nonconformity.code]},
    )
    return nonconformity


@transaction.atomic
def proposal_dismiss(*, proposal: NonconformityProposal, actor, reason: str) -> NonconformityProposal:
    """The secretary dismisses a proposal, with a reason."""
    require_manager(actor, proposal.agency)
    if proposal.status != NonconformityProposal.Status.PENDING:
        raise DomainError("Đề xuất này đã được xử lý.")
    if not reason.strip():
        raise DomainError("Hãy ghi lý do bỏ qua đề xuất.", field="reason")
    proposal.status = NonconformityProposal.Status.DISMISSED
    proposal.dismiss_reason = reason.strip()
    proposal.decided_by = actor
    proposal.full_clean()
    proposal.save(update_fields=["status", "dismiss_reason", "decided_by", "updated_at"])
    audit_trail.record(
        actor=actor,
        action="nonconformity_proposal.dismiss",
        target=proposal,
        changes={"status": ["pending", "dismissed"], "reason": [None, proposal.dismiss_reason]},
    )
    return proposal
