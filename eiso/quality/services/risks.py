"""The register of risks and opportunities: rating on the agency's matrix, then the declared workflow
(core.workflow): under treatment (its treatments are Actions), re-evaluated, closed."""

from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from eiso.core import audit
from eiso.core.errors import DomainError
from eiso.core.permissions import check_member, check_same_agency, require_manager
from eiso.core.roles import QMS_MANAGERS
from eiso.core.workflow import Transition, Workflow
from eiso.quality import matrix as matrices
from eiso.quality.forms import RiskCloseForm, RiskEvaluateForm
from eiso.quality.models import Action, Risk, RiskMatrix
from eiso.quality.models.actions import TO_DO
from eiso.quality.services.actions import action_create
from eiso.quality.services.common import apply_fields

Status = Risk.Status
RISK_FIELDS = [
    "kind",
    "title",
    "description",
    "process",
    "objective",
    "context_issue",
    "owner",
    "likelihood",
    "impact",
    "review_on",
]
AUDITED_FIELDS = [
    "kind",
    "title",
    "description",
    "process",
    "objective_id",
    "context_issue_id",
    "owner_id",
    "likelihood",
    "impact",
    "residual_likelihood",
    "residual_impact",
    "status",
    "review_on",
]


def _check_risk(risk: Risk) -> None:
    matrices.matrix_for(risk.agency).check_rating(
        risk.likelihood, risk.impact, fields=("likelihood", "impact")
    )
    check_same_agency(risk.agency, risk.objective, risk.context_issue)
    check_member(risk.owner, risk.agency, field="owner", label="Người phụ trách")


@transaction.atomic
def risk_matrix_update(*, agency, actor, size: int, bands: list[dict]) -> RiskMatrix:
    """Set the agency's matrix. Refused if an existing rating would fall outside the new size."""
    require_manager(actor, agency)
    matrices.build(size, bands)
    too_high = (
        Risk.objects.filter(agency=agency)
        .exclude(status=Risk.Status.CLOSED)
        .filter(
            Q(likelihood__gt=size)
            | Q(impact__gt=size)
            | Q(residual_likelihood__gt=size)
            | Q(residual_impact__gt=size)
        )
    )
    if too_high.exists():
        raise DomainError(
            "Có rủi ro đang theo dõi được chấm vượt quá kích thước mới; hãy đánh giá lại trước.", field="size"
        )
    row, created = RiskMatrix.objects.get_or_create(agency=agency, defaults={"size": size, "bands": bands})
    before = {} if created else {"size": row.size, "bands": row.bands}
    row.size = size
    row.bands = bands
    row.full_clean()
    row.save()
    audit.record(
        actor=actor,
        action="risk_matrix.update",
        target=row,
        changes=audit.diff(before, {"size": size, "bands": bands}),
    )
    return row


@transaction.atomic
def risk_create(*, agency, actor, **values) -> Risk:
    """Record a risk or an opportunity with its rating on the agency's matrix."""
    require_manager(actor, agency)
    risk = Risk(agency=agency)
    apply_fields(risk, values, RISK_FIELDS)
    _check_risk(risk)
    risk.full_clean()
    risk.save()
    audit.record(
        actor=actor,
        action="risk.create",
        target=risk,
        changes={name: [None, value] for name, value in audit.snapshot(risk, AUDITED_FIELDS).items()},
    )
    return risk


@transaction.atomic
def risk_update(*, risk: Risk, actor, **values) -> Risk:
    """Change a risk's description, links or initial rating."""
    require_manager(actor, risk.agency)
    if risk.is_closed:
        raise DomainError("Rủi ro/cơ hội đã kết thúc nên không sửa được.")
    before = audit.snapshot(risk, AUDITED_FIELDS)
    changed = apply_fields(risk, values, RISK_FIELDS)
    if not changed:
        return risk
    _check_risk(risk)
    risk.full_clean()
    risk.save()
    audit.record(
        actor=actor,
        action="risk.update",
        target=risk,
        changes=audit.diff(before, audit.snapshot(risk, AUDITED_FIELDS)),
    )
    return risk


@transaction.atomic
def risk_add_treatment(
    *,
    risk: Risk,
    actor,
    title: str,
    due_on: date,
    owner=None,
    description: str = "",
    resources: str = "",
    evaluation_method: str = "",
) -> Action:
    """Plan an action to treat the risk (or take the opportunity); the first one puts the risk under
    treatment (the "treat" transition)."""
    if risk.is_closed:
        raise DomainError("Rủi ro/cơ hội đã kết thúc.")
    action = action_create(
        source=risk,
        actor=actor,
        title=title,
        due_on=due_on,
        owner=owner,
        description=description,
        resources=resources,
        evaluation_method=evaluation_method,
    )
    if risk.status == Status.OPEN:
        RISK.run(risk, "treat", actor=actor)
    return action


# --- the workflow: treated, re-evaluated, closed ------------------------------------------------------


def _no_open_treatment(risk: Risk, actor, at: datetime) -> None:
    open_actions = Action.objects.filter(**Action.source_filter(risk)).filter(status__in=TO_DO)
    if open_actions.exists():
        raise DomainError("Còn hành động xử lý chưa hoàn thành; hãy hoàn thành hoặc hủy trước khi kết thúc.")


def _evaluate(
    risk: Risk,
    *,
    actor,
    at: datetime,
    residual_likelihood: int,
    residual_impact: int,
    note: str = "",
    review_on: date | None = None,
) -> dict:
    matrices.matrix_for(risk.agency).check_rating(
        residual_likelihood, residual_impact, fields=("residual_likelihood", "residual_impact")
    )
    today = timezone.localdate(at)
    if review_on is not None and review_on <= today:
        raise DomainError("Ngày xem xét lại phải sau hôm nay.", field="review_on")
    before = audit.snapshot(risk, AUDITED_FIELDS)
    risk.residual_likelihood = residual_likelihood
    risk.residual_impact = residual_impact
    risk.evaluation_note = note.strip()
    risk.evaluated_on = today
    risk.review_on = review_on
    changes = audit.diff(before, audit.snapshot(risk, AUDITED_FIELDS))
    changes["evaluation_note"] = [None, risk.evaluation_note]
    return changes


def _close(risk: Risk, *, actor, at: datetime, note: str) -> dict:
    if not note.strip():
        raise DomainError("Hãy ghi lý do kết thúc theo dõi.", field="note")
    risk.evaluation_note = note.strip()
    return {"note": [None, risk.evaluation_note]}


RISK = Workflow(
    name="risk",
    model=Risk,
    label="rủi ro/cơ hội",
    url_name="quality:risk_transition",
    badges={Status.OPEN: "warning", Status.TREATING: "primary", Status.CLOSED: "secondary"},
    transitions=(
        Transition(
            "treat",
            "Đưa vào xử lý",
            (Status.OPEN,),
            Status.TREATING,
            roles=QMS_MANAGERS,
            style="secondary",
            help="Tự động khi thêm hành động xử lý đầu tiên.",
            success="Rủi ro/cơ hội đã được đưa vào xử lý.",
        ),
        Transition(
            "evaluate",
            "Đánh giá lại sau xử lý",
            (Status.OPEN, Status.TREATING),
            roles=QMS_MANAGERS,
            apply=_evaluate,
            form=RiskEvaluateForm,
            success="Đã ghi kết quả đánh giá lại.",
        ),
        Transition(
            "close",
            "Kết thúc theo dõi",
            (Status.OPEN, Status.TREATING),
            Status.CLOSED,
            roles=QMS_MANAGERS,
            guard=_no_open_treatment,
            apply=_close,
            form=RiskCloseForm,
            style="danger",
            confirm="Kết thúc theo dõi rủi ro/cơ hội này?",
            help="Khi rủi ro đã được xử lý, được chấp nhận hoặc không còn phù hợp.",
            success="Đã kết thúc theo dõi rủi ro/cơ hội.",
        ),
    ),
)


def risk_evaluate(
    *,
    risk: Risk,
    actor,
    residual_likelihood: int,
    residual_impact: int,
    note: str = "",
    review_on: date | None = None,
    at: datetime | None = None,
) -> Risk:
    """Re-evaluate a risk after treatment: the residual rating on the agency's matrix, a note and the
    next review date (after today)."""
    return RISK.run(
        risk,
        "evaluate",
        actor=actor,
        at=at,
        residual_likelihood=residual_likelihood,
        residual_impact=residual_impact,
        note=note,
        review_on=review_on,
    )


def risk_close(*, risk: Risk, actor, note: str, at: datetime | None = None) -> Risk:
    """End the follow-up of a risk (treated, accepted or no longer relevant), saying why; refused
    while one of its treatments is still to be done."""
    return RISK.run(risk, "close", actor=actor, at=at, note=note)
