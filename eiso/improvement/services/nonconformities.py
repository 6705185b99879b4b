"""Nonconformities from any source, through the gated stages of ISO 9001:2015 §10.2, declared once
(core.workflow): recorded → analysed (root cause) → action plan (quality.Action) → in progress →
effectiveness check → closed, or cancelled with a reason. Adding a corrective action creates an
Action and leaves the nonconformity's status alone: it is a service, not a transition."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from eiso.core import audit as audit_trail
from eiso.core import deadlines, rich_text
from eiso.core.calendar import for_province
from eiso.core.errors import DomainError
from eiso.core.permissions import check_member, check_same_agency, require_manager, require_role
from eiso.core.roles import QMS_MANAGERS, QMS_MANAGERS_AND_AUDITORS
from eiso.core.workflow import Transition, Workflow
from eiso.improvement.forms import AnalyseForm, EffectivenessForm, PlanForm, ReasonForm
from eiso.improvement.models import Finding, Nonconformity
from eiso.improvement.services.common import next_code
from eiso.orgs import editions
from eiso.quality import services as quality_services
from eiso.quality.models import Action

Status = Nonconformity.Status
OPEN = (Status.RECORDED, Status.ANALYSED, Status.PLANNED, Status.IN_PROGRESS, Status.EFFECTIVENESS_CHECK)
OPEN_ACTION = (Action.Status.OPEN, Action.Status.IN_PROGRESS)
MIN_WHYS = 2


def _fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def nonconformity_actions(nonconformity: Nonconformity):
    return Action.objects.filter(**Action.source_filter(nonconformity)).order_by("due_on", "pk")


def _live_actions(nonconformity: Nonconformity) -> list[Action]:
    return [a for a in nonconformity_actions(nonconformity) if a.status != Action.Status.CANCELLED]


def _open_action_titles(nonconformity: Nonconformity) -> list[str]:
    return [f"“{a.title}”" for a in nonconformity_actions(nonconformity) if a.status in OPEN_ACTION]


# --- recording ------------------------------------------------------------------------------------


def create_nonconformity(agency, *, source: str, detected_on: date, **fields) -> Nonconformity:
    """Number and save a new nonconformity; the caller writes the audit-trail entry. One from an
    inspection is reported on within two months of its detection (TT 26/2014 Điều 37)."""
    nonconformity = Nonconformity(
        agency=agency,
        code=next_code(Nonconformity, agency, "KPH", detected_on.year),
        source=source,
        detected_on=detected_on,
        **fields,
    )
    if nonconformity.edition_id is None:
        nonconformity.edition = editions.of(agency)
    if source == Nonconformity.Source.INSPECTION and nonconformity.report_due_on is None:
        calendar = for_province(agency.province_id)
        nonconformity.report_due_on = deadlines.inspection_follow_up_due(calendar, detected_on)
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
    description = rich_text.clean(description)
    if not title.strip() or not description:
        raise DomainError("Hãy ghi tóm tắt và mô tả sự không phù hợp.", field="description")
    if detected_on > timezone.localdate():
        raise DomainError("Ngày phát hiện không được ở tương lai.", field="detected_on")
    nonconformity = create_nonconformity(
        agency,
        source=source,
        detected_on=detected_on,
        title=title.strip(),
        description=description,
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
    nonconformity = create_nonconformity(
        finding.agency,
        source=Nonconformity.Source.AUDIT,
        detected_on=today,
        title=f"{finding.audit.code} · điều khoản {finding.clause}: {finding.statement[:200]}",
        description=finding.statement,
        severity=severity,
        clause=finding.clause,
        edition=finding.audit.edition,
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


@transaction.atomic
def nonconformity_add_action(
    *, nonconformity: Nonconformity, actor, title: str, due_on: date, owner, description: str = ""
) -> Action:
    """Plan a corrective action (a quality.Action with owner and due date) once the cause is known and
    until the effectiveness check; due no later than the planned check."""
    require_manager(actor, nonconformity.agency)
    if not nonconformity.accepts_actions:
        raise DomainError(
            "Chỉ lập hành động khắc phục sau khi đã phân tích nguyên nhân gốc và trước khi kiểm tra hiệu lực."
        )
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


# --- guards ---------------------------------------------------------------------------------------


def _has_actions(nonconformity: Nonconformity, actor, at: datetime) -> None:
    if not _live_actions(nonconformity):
        raise DomainError("Kế hoạch chưa có hành động khắc phục nào: hãy thêm hành động khắc phục trước.")


def _actions_done(nonconformity: Nonconformity, actor, at: datetime) -> None:
    open_titles = _open_action_titles(nonconformity)
    if open_titles:
        raise DomainError("Còn hành động chưa hoàn thành: " + ", ".join(open_titles) + ".")


def _check_date_reached(nonconformity: Nonconformity, actor, at: datetime) -> None:
    planned = nonconformity.effectiveness_check_on
    if planned is not None and timezone.localdate(at) < planned:
        raise DomainError(f"Chưa đến ngày kiểm tra hiệu lực ({_fmt(planned)}).")


def _closable(nonconformity: Nonconformity, actor, at: datetime) -> None:
    """Closed only when every action is done and the effectiveness check found them effective."""
    missing = []
    open_titles = _open_action_titles(nonconformity)
    if open_titles:
        missing.append("còn hành động chưa hoàn thành: " + ", ".join(open_titles))
    if not _live_actions(nonconformity):
        missing.append("chưa có hành động khắc phục")
    if nonconformity.is_effective is not True or nonconformity.status != Status.EFFECTIVENESS_CHECK:
        missing.append("chưa kiểm tra hiệu lực hoặc kết quả kiểm tra chưa đạt")
    if missing:
        raise DomainError("Chưa đóng được điểm không phù hợp: " + "; ".join(missing) + ".")


# --- applying -------------------------------------------------------------------------------------


def _clean_analysis(method: str, analysis: list[str]) -> list[str]:
    if method not in Nonconformity.CauseMethod.values:
        raise DomainError("Hãy chọn phương pháp phân tích nguyên nhân.", field="cause_method")
    items = [item.strip() for item in analysis if item and item.strip()]
    if method == Nonconformity.CauseMethod.FIVE_WHYS and len(items) < MIN_WHYS:
        raise DomainError(f"Phân tích 5 lần hỏi tại sao cần ít nhất {MIN_WHYS} câu trả lời.", field="why_1")
    if method == Nonconformity.CauseMethod.CATEGORIES and not items:
        raise DomainError("Hãy ghi nguyên nhân cho ít nhất một nhóm.", field="why_1")
    return items


def _analyse(
    nonconformity, *, actor, at, cause_method: str, analysis: list[str], root_cause: str, correction=""
):
    items = _clean_analysis(cause_method, analysis)
    if not root_cause.strip():
        raise DomainError("Chưa xác định nguyên nhân gốc: hãy ghi nguyên nhân gốc.", field="root_cause")
    before = nonconformity.root_cause or None
    nonconformity.cause_method = cause_method
    nonconformity.cause_analysis = items
    nonconformity.root_cause = root_cause.strip()
    nonconformity.correction = correction.strip()
    nonconformity.full_clean()
    return {"root_cause": [before, nonconformity.root_cause]}


def _plan(nonconformity, *, actor, at, effectiveness_criteria: str, effectiveness_check_on: date):
    if not effectiveness_criteria.strip():
        raise DomainError("Hãy ghi tiêu chí đánh giá hiệu lực.", field="effectiveness_criteria")
    latest = max(_live_actions(nonconformity), key=lambda action: action.due_on)
    if effectiveness_check_on < latest.due_on:
        raise DomainError(
            f"Ngày kiểm tra hiệu lực {_fmt(effectiveness_check_on)} trước hạn hoàn thành của hành động "
            f"“{latest.title}” ({_fmt(latest.due_on)}).",
            field="effectiveness_check_on",
        )
    nonconformity.effectiveness_criteria = effectiveness_criteria.strip()
    nonconformity.effectiveness_check_on = effectiveness_check_on
    nonconformity.is_effective = None
    nonconformity.full_clean()
    return {"effectiveness_check_on": [None, effectiveness_check_on.isoformat()]}


def _check(nonconformity, *, actor, at, is_effective: bool, result: str):
    """Effective: it waits to be closed; not effective: back to the analysis of its cause."""
    if not result.strip():
        raise DomainError("Hãy ghi kết quả kiểm tra so với tiêu chí.", field="result")
    before = nonconformity.is_effective
    nonconformity.is_effective = is_effective
    nonconformity.effectiveness_result = result.strip()
    nonconformity.effectiveness_checked_by = actor
    nonconformity.effectiveness_checked_on = timezone.localdate(at)
    if not is_effective:
        nonconformity.status = Status.ANALYSED
    nonconformity.full_clean()
    return {"is_effective": [before, is_effective], "result": [None, nonconformity.effectiveness_result]}


def _close(nonconformity, *, actor, at):
    nonconformity.closed_on = timezone.localdate(at)
    return {"closed_on": [None, nonconformity.closed_on.isoformat()]}


def _cancel(nonconformity, *, actor, at, reason: str):
    """Its open actions are cancelled with it (each writes its own entry: another record)."""
    if not reason.strip():
        raise DomainError("Hãy ghi lý do hủy.", field="reason")
    for action in nonconformity_actions(nonconformity):
        if action.status in OPEN_ACTION:
            quality_services.action_cancel(
                action=action, actor=actor, reason=f"Hủy theo điểm không phù hợp {nonconformity.code}"
            )
    nonconformity.cancel_reason = reason.strip()
    return {"reason": [None, nonconformity.cancel_reason]}


NONCONFORMITY = Workflow(
    name="nonconformity",
    model=Nonconformity,
    label="điểm không phù hợp",
    url_name="improvement:nonconformity_transition",
    badges={
        Status.RECORDED: "warning",
        Status.ANALYSED: "info",
        Status.PLANNED: "info",
        Status.IN_PROGRESS: "primary",
        Status.EFFECTIVENESS_CHECK: "primary",
        Status.CLOSED: "success",
        Status.CANCELLED: "secondary",
    },
    transitions=(
        Transition(
            "analyse",
            "Phân tích nguyên nhân",
            (Status.RECORDED, Status.ANALYSED),
            Status.ANALYSED,
            roles=QMS_MANAGERS,
            apply=_analyse,
            form=AnalyseForm,
            form_template="improvement/_analyse_fields.html",
            help="Hỏi “tại sao” liên tiếp (ít nhất 2 lần) hoặc ghi nguyên nhân theo nhóm; nguyên nhân gốc là "
            "bắt buộc.",
            success="Đã ghi phân tích nguyên nhân.",
        ),
        Transition(
            "plan",
            "Chốt kế hoạch hành động",
            (Status.ANALYSED,),
            Status.PLANNED,
            roles=QMS_MANAGERS,
            guard=_has_actions,
            apply=_plan,
            form=PlanForm,
            help="Ngày kiểm tra hiệu lực không trước hạn hoàn thành của hành động nào.",
            success="Đã chốt kế hoạch hành động.",
        ),
        Transition(
            "start",
            "Bắt đầu khắc phục",
            (Status.PLANNED,),
            Status.IN_PROGRESS,
            roles=QMS_MANAGERS,
            success="Đã bắt đầu khắc phục.",
        ),
        Transition(
            "request_check",
            "Chuyển sang kiểm tra hiệu lực",
            (Status.PLANNED, Status.IN_PROGRESS),
            Status.EFFECTIVENESS_CHECK,
            roles=QMS_MANAGERS,
            guard=_actions_done,
            success="Đã chuyển sang kiểm tra hiệu lực.",
        ),
        Transition(
            "check",
            "Ghi kết quả kiểm tra hiệu lực",
            (Status.EFFECTIVENESS_CHECK,),
            roles=QMS_MANAGERS,
            guard=_check_date_reached,
            apply=_check,
            form=EffectivenessForm,
            help="So với tiêu chí đã đặt; chưa có hiệu lực thì quay lại phân tích nguyên nhân.",
            success="Đã ghi kết quả kiểm tra hiệu lực.",
        ),
        Transition(
            "close",
            "Đóng điểm không phù hợp",
            # Offered at every open stage, so that the page says what still blocks the closure.
            (
                Status.EFFECTIVENESS_CHECK,
                Status.RECORDED,
                Status.ANALYSED,
                Status.PLANNED,
                Status.IN_PROGRESS,
            ),
            Status.CLOSED,
            roles=QMS_MANAGERS,
            guard=_closable,
            apply=_close,
            style="success",
            success="Đã đóng điểm không phù hợp.",
        ),
        Transition(
            "cancel",
            "Hủy điểm không phù hợp",
            OPEN,
            Status.CANCELLED,
            roles=QMS_MANAGERS,
            apply=_cancel,
            form=ReasonForm,
            style="danger",
            confirm="Hủy điểm không phù hợp này? Các hành động khắc phục chưa xong cũng bị hủy.",
            success="Đã hủy điểm không phù hợp.",
        ),
    ),
)


# --- the services other modules call --------------------------------------------------------------


def nonconformity_analyse(
    *,
    nonconformity: Nonconformity,
    actor,
    cause_method: str,
    analysis: list[str],
    root_cause: str,
    correction: str = "",
    at: datetime | None = None,
) -> Nonconformity:
    """Record the correction and the root-cause analysis (5 whys or cause categories); the root
    cause is required."""
    return NONCONFORMITY.run(
        nonconformity,
        "analyse",
        actor=actor,
        at=at,
        cause_method=cause_method,
        analysis=analysis,
        root_cause=root_cause,
        correction=correction,
    )


def nonconformity_plan(
    *, nonconformity: Nonconformity, actor, effectiveness_criteria: str, effectiveness_check_on: date
) -> Nonconformity:
    """Fix the action plan: at least one corrective action, criteria, and a check date not before
    any action's due date."""
    return NONCONFORMITY.run(
        nonconformity,
        "plan",
        actor=actor,
        effectiveness_criteria=effectiveness_criteria,
        effectiveness_check_on=effectiveness_check_on,
    )


def nonconformity_start(*, nonconformity: Nonconformity, actor) -> Nonconformity:
    """The planned actions are under way."""
    return NONCONFORMITY.run(nonconformity, "start", actor=actor)


def nonconformity_request_check(*, nonconformity: Nonconformity, actor) -> Nonconformity:
    """Every action is done: the nonconformity waits for its effectiveness check."""
    return NONCONFORMITY.run(nonconformity, "request_check", actor=actor)


def nonconformity_check_effectiveness(
    *, nonconformity: Nonconformity, actor, is_effective: bool, result: str, at: datetime | None = None
) -> Nonconformity:
    """Check the effectiveness against the criteria on or after the planned date; not effective
    sends it back to analysis."""
    return NONCONFORMITY.run(
        nonconformity, "check", actor=actor, at=at, is_effective=is_effective, result=result
    )


def nonconformity_close(*, nonconformity: Nonconformity, actor, at: datetime | None = None) -> Nonconformity:
    """Close: refused while an action is open or the effectiveness check is not done and positive."""
    return NONCONFORMITY.run(nonconformity, "close", actor=actor, at=at)


def nonconformity_cancel(*, nonconformity: Nonconformity, actor, reason: str) -> Nonconformity:
    """Cancel a nonconformity recorded in error, with a reason; its open actions are cancelled too."""
    return NONCONFORMITY.run(nonconformity, "cancel", actor=actor, reason=reason)
