"""The improvement app's indicator source for quality objectives: overdue corrective actions."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.utils import timezone

from eiso.improvement.models import Nonconformity
from eiso.quality.indicators import IndicatorResult, IndicatorSource, Scope, register_source
from eiso.quality.models import Action
from eiso.quality.models.objectives import MeasureUnit


def overdue_corrective_actions(agency, period_start: date, period_end: date, scope: Scope) -> IndicatorResult:
    """Corrective actions due in the period (up to today) that were not done by their due date."""
    last_day = min(period_end, timezone.localdate() - timedelta(days=1))
    due = Action.objects.filter(
        agency=agency,
        source_type=ContentType.objects.get_for_model(Nonconformity),
        due_on__range=(period_start, last_day),
    ).exclude(status=Action.Status.CANCELLED)
    if scope.unit_id:
        unit_ncs = Nonconformity.objects.filter(agency=agency, unit_id=scope.unit_id).values("pk")
        due = due.filter(source_id__in=unit_ncs)
    late = due.filter(Q(completed_on__isnull=True) | Q(completed_on__gt=F("due_on")))
    due_count, late_count = due.count(), late.count()
    return IndicatorResult(value=Decimal(late_count), figures={"due": due_count, "late": late_count})


def register() -> None:
    register_source(
        IndicatorSource(
            key="improvement.overdue_corrective_actions",
            label="Hành động khắc phục quá hạn",
            unit=MeasureUnit.COUNT,
            compute=overdue_corrective_actions,
            description="Số hành động khắc phục đến hạn trong kỳ nhưng không hoàn thành đúng hạn.",
            figure_labels={"due": "Đến hạn trong kỳ", "late": "Không hoàn thành đúng hạn"},
        )
    )
