"""Objectives and the values of their indicators: entry, computation, freezing, recalculation."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from eiso.core import audit, uploads
from eiso.core.errors import DomainError
from eiso.core.permissions import check_member, check_same_agency, is_manager, require_manager
from eiso.quality import indicators
from eiso.quality.models import IndicatorValue, QualityObjective
from eiso.quality.models.objectives import MANUAL_SOURCE, MeasureUnit
from eiso.quality.periods import Period, period_starting, started_periods
from eiso.quality.services.common import apply_fields

OBJECTIVE_FIELDS = [
    "year",
    "unit",
    "statement",
    "work_plan_task",
    "indicator",
    "source",
    "procedure",
    "comparison",
    "target",
    "measure_unit",
    "frequency",
    "owner",
    "is_active",
]
AUDITED_FIELDS = [name for name in OBJECTIVE_FIELDS if name not in ("unit", "procedure", "owner")] + [
    "unit_id",
    "procedure_id",
    "owner_id",
]


def check_measure(value: Decimal, measure_unit: str, *, field: str, what: str) -> None:
    """A number must fit its unit: a percentage lies within 0–100, times and counts are not negative."""
    if measure_unit == MeasureUnit.PERCENT and not (0 <= value <= 100):
        raise DomainError(f"{what} tính bằng % phải nằm trong khoảng 0–100.", field=field)
    if value < 0:
        raise DomainError(f"{what} không được âm.", field=field)
    if measure_unit == MeasureUnit.COUNT and value != value.to_integral_value():
        raise DomainError(f"{what} là số lượng nên phải là số nguyên.", field=field)


def _check_objective(objective: QualityObjective) -> None:
    if objective.source != MANUAL_SOURCE:
        source = indicators.get_source(objective.source)
        if source is None:
            raise DomainError("Nguồn số liệu không có trong danh mục chỉ số.", field="source")
        # A computed indicator has one unit; a target in another unit could never be compared.
        objective.measure_unit = source.unit
    check_measure(objective.target, objective.measure_unit, field="target", what="Chỉ tiêu")
    check_same_agency(objective.agency, objective.unit, message="Phòng/ban không thuộc cơ quan này.")
    check_member(objective.owner, objective.agency, field="owner", label="Người chịu trách nhiệm")
    if objective.procedure is not None and objective.procedure.province_id != objective.agency.province_id:
        raise DomainError("Thủ tục không thuộc danh mục của tỉnh.", field="procedure")


@transaction.atomic
def objective_create(*, agency, actor, **fields) -> QualityObjective:
    """Set a new yearly objective with its indicator and target."""
    require_manager(actor, agency)
    objective = QualityObjective(agency=agency)
    apply_fields(objective, fields, OBJECTIVE_FIELDS)
    _check_objective(objective)
    objective.full_clean()
    objective.save()
    audit.record(
        actor=actor,
        action="quality_objective.create",
        target=objective,
        changes={name: [None, value] for name, value in audit.snapshot(objective, AUDITED_FIELDS).items()},
    )
    return objective


@transaction.atomic
def objective_update(*, objective: QualityObjective, actor, **fields) -> QualityObjective:
    """Change an objective. Its stored values keep their figures; their status follows the new target."""
    require_manager(actor, objective.agency)
    before = audit.snapshot(objective, AUDITED_FIELDS)
    previous_source = objective.source
    changed = apply_fields(objective, fields, OBJECTIVE_FIELDS)
    if not changed:
        return objective
    if objective.source != previous_source and objective.values.exists():
        raise DomainError(
            "Chỉ số đã có giá trị đo nên không đổi được nguồn số liệu. Hãy lập mục tiêu mới.", field="source"
        )
    _check_objective(objective)
    objective.full_clean()
    objective.save()
    audit.record(
        actor=actor,
        action="quality_objective.update",
        target=objective,
        changes=audit.diff(before, audit.snapshot(objective, AUDITED_FIELDS)),
    )
    return objective


def _period(objective: QualityObjective, period_start: date) -> Period:
    period = period_starting(objective.year, objective.frequency, period_start)
    if period is None:
        raise DomainError("Kỳ đo không thuộc năm và tần suất của mục tiêu.", field="period")
    return period


@transaction.atomic
def indicator_value_enter(
    *,
    objective: QualityObjective,
    period_start: date,
    value: Decimal,
    actor,
    note: str = "",
    evidence: UploadedFile | None = None,
    today: date | None = None,
) -> IndicatorValue:
    """Type in the value of a manual indicator for a period that has begun, with its evidence."""
    if not (is_manager(actor, objective.agency) or (actor is not None and objective.owner_id == actor.pk)):
        require_manager(actor, objective.agency)
    today = today or timezone.localdate()
    if not objective.is_manual:
        raise DomainError("Chỉ số này được tính tự động từ dữ liệu; không nhập tay được.")
    period = _period(objective, period_start)
    if period.start > today:
        raise DomainError("Kỳ đo chưa bắt đầu nên chưa nhập được giá trị.", field="period")
    check_measure(value, objective.measure_unit, field="value", what="Giá trị")
    if evidence is not None:
        uploads.accept_upload(evidence, uploads.EVIDENCE, field="evidence")

    row, created = IndicatorValue.objects.select_for_update().get_or_create(
        objective=objective,
        period_start=period.start,
        defaults={
            "agency": objective.agency,
            "period_end": period.end,
            "label": period.label,
            "source": MANUAL_SOURCE,
        },
    )
    before = {} if created else audit.snapshot(row, ["value", "note"])
    row.value = value
    row.note = note
    row.figures = {}
    row.entered_by = actor
    row.computed_at = timezone.now()
    row.is_final = period.is_closed(today)
    if evidence is not None:
        row.evidence = evidence
    row.full_clean()
    row.save()
    changes = audit.diff(before, audit.snapshot(row, ["value", "note"]))
    if evidence is not None:
        changes["evidence"] = [None, row.evidence.name]
    audit.record(actor=actor, action="indicator_value.enter", target=row, changes=changes)
    return row


@transaction.atomic
def indicator_recalculate(
    *, objective: QualityObjective, period_start: date, actor, today: date | None = None, reopen: bool = False
) -> IndicatorValue:
    """Compute a period's value from eISO data and store it with its figures. A final value (its
    period ended when it was computed) changes only with `reopen=True`, and that is recorded."""
    if actor is not None:
        require_manager(actor, objective.agency)
    today = today or timezone.localdate()
    if objective.is_manual:
        raise DomainError("Chỉ số nhập tay không tính lại tự động được.")
    period = _period(objective, period_start)
    if period.start > today:
        raise DomainError("Kỳ đo chưa bắt đầu.", field="period")

    existing = (
        IndicatorValue.objects.select_for_update()
        .filter(objective=objective, period_start=period.start)
        .first()
    )
    if existing is not None and existing.is_final and not reopen:
        raise DomainError(
            f"Kỳ {existing.label} đã chốt số liệu. Chỉ tính lại khi chọn “tính lại kỳ đã chốt”; "
            "việc này được ghi nhật ký."
        )
    scope = indicators.Scope(unit_id=objective.unit_id, procedure_id=objective.procedure_id)
    result = indicators.compute(
        objective.source,
        agency=objective.agency,
        period_start=period.start,
        period_end=min(period.end, today),
        scope=scope,
    )
    row = existing or IndicatorValue(
        agency=objective.agency,
        objective=objective,
        period_start=period.start,
        period_end=period.end,
        label=period.label,
        source=objective.source,
    )
    before = audit.snapshot(row, ["value", "figures"]) if existing else {}
    # Stored with two decimals, as the column keeps it, so an unchanged result records no change.
    row.value = result.value.quantize(Decimal("0.01")) if result.value is not None else None
    row.figures = result.figures
    row.computed_at = timezone.now()
    row.entered_by = actor
    was_final = row.is_final
    row.is_final = period.is_closed(today)
    row.full_clean()
    row.save()

    changes = audit.diff(before, audit.snapshot(row, ["value", "figures"]))
    action = "indicator_value.recalculate_closed" if was_final else "indicator_value.compute"
    if was_final or changes or existing is None:
        audit.record(actor=actor, action=action, target=row, changes=changes)
    return row


def objective_recalculate(
    *, objective: QualityObjective, actor, today: date | None = None, reopen: bool = False
) -> list[IndicatorValue]:
    """Compute every period of the objective's year that has begun; final periods only with `reopen`."""
    today = today or timezone.localdate()
    final_starts = set(objective.values.filter(is_final=True).values_list("period_start", flat=True))
    return [
        indicator_recalculate(
            objective=objective, period_start=period.start, actor=actor, today=today, reopen=reopen
        )
        for period in started_periods(objective.year, objective.frequency, today)
        if reopen or period.start not in final_starts
    ]


def indicators_recalculate_all(*, today: date | None = None, year: int | None = None, agency=None) -> int:
    """The scheduled run: every active computed objective, periods not yet final. Returns the count."""
    today = today or timezone.localdate()
    objectives = QualityObjective.objects.filter(is_active=True, year=year or today.year).exclude(
        source=MANUAL_SOURCE
    )
    if agency is not None:
        objectives = objectives.filter(agency=agency)
    count = 0
    for objective in objectives.select_related("agency"):
        if indicators.get_source(objective.source) is None:
            continue  # the app that registers this source is not installed
        count += len(objective_recalculate(objective=objective, actor=None, today=today))
    return count
