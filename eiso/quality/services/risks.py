"""The register of risks and opportunities: rating on the agency's matrix, treatment, re-evaluation."""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from eiso.core import audit
from eiso.core.errors import DomainError
from eiso.core.permissions import check_member, check_same_agency, require_manager
from eiso.quality import matrix as matrices
from eiso.quality.models import Action, Risk, RiskMatrix
from eiso.quality.services.actions import action_create
from eiso.quality.services.common import apply_fields

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
    if risk.status == Risk.Status.CLOSED:
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
    """Plan an action to treat the risk (or take the opportunity); the risk is then being treated."""
    if risk.status == Risk.Status.CLOSED:
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
    if risk.status == Risk.Status.OPEN:
        risk.status = Risk.Status.TREATING
        risk.save(update_fields=["status", "updated_at"])
        audit.record(actor=actor, action="risk.treat", target=risk, changes={"status": ["open", "treating"]})
    return action


@transaction.atomic
def risk_evaluate(
    *,
    risk: Risk,
    actor,
    residual_likelihood: int,
    residual_impact: int,
    note: str = "",
    review_on: date | None = None,
    today: date | None = None,
) -> Risk:
    """Re-evaluate a risk after treatment: the residual rating, a note and the next review date."""
    require_manager(actor, risk.agency)
    if risk.status == Risk.Status.CLOSED:
        raise DomainError("Rủi ro/cơ hội đã kết thúc.")
    matrices.matrix_for(risk.agency).check_rating(
        residual_likelihood, residual_impact, fields=("residual_likelihood", "residual_impact")
    )
    today = today or timezone.localdate()
    if review_on is not None and review_on <= today:
        raise DomainError("Ngày xem xét lại phải sau hôm nay.", field="review_on")
    before = audit.snapshot(risk, AUDITED_FIELDS)
    risk.residual_likelihood = residual_likelihood
    risk.residual_impact = residual_impact
    risk.evaluation_note = note.strip()
    risk.evaluated_on = today
    risk.review_on = review_on
    risk.full_clean()
    risk.save(
        update_fields=[
            "residual_likelihood",
            "residual_impact",
            "evaluation_note",
            "evaluated_on",
            "review_on",
            "updated_at",
        ]
    )
    changes = audit.diff(before, audit.snapshot(risk, AUDITED_FIELDS))
    changes["evaluation_note"] = [None, risk.evaluation_note]
    audit.record(actor=actor, action="risk.evaluate", target=risk, changes=changes)
    return risk


@transaction.atomic
def risk_close(*, risk: Risk, actor, note: str) -> Risk:
    """End the follow-up of a risk (treated, accepted or no longer relevant), saying why."""
    require_manager(actor, risk.agency)
    if risk.status == Risk.Status.CLOSED:
        raise DomainError("Rủi ro/cơ hội đã kết thúc.")
    if not note.strip():
        raise DomainError("Hãy ghi lý do kết thúc theo dõi.", field="note")
    if (
        Action.objects.filter(**Action.source_filter(risk))
        .filter(status__in=[Action.Status.OPEN, Action.Status.IN_PROGRESS])
        .exists()
    ):
        raise DomainError("Còn hành động xử lý chưa hoàn thành; hãy hoàn thành hoặc hủy trước khi kết thúc.")
    before = risk.status
    risk.status = Risk.Status.CLOSED
    risk.evaluation_note = note.strip()
    risk.full_clean()
    risk.save(update_fields=["status", "evaluation_note", "updated_at"])
    audit.record(
        actor=actor,
        action="risk.close",
        target=risk,
        changes={"status": [before, "closed"], "note": [None, risk.evaluation_note]},
    )
    return risk
