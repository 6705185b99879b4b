"""The computed indicator sources that `quality` can measure from its own data and from the
documents app below it.

Registered from registrations.py, like the dossier-based sources of dossier_sources.py.
"""

from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from eiso.documents.models import Document
from eiso.quality.indicators import IndicatorResult, IndicatorSource, Scope, percentage, register_source
from eiso.quality.models import Action, Feedback, Risk
from eiso.quality.models.objectives import MeasureUnit


def feedback_on_time(agency, period_start: date, period_end: date, scope: Scope) -> IndicatorResult:
    """Share of the feedback closed in the period (answered or refused) that met its deadline."""
    closed = Feedback.objects.filter(
        agency=agency,
        status__in=[Feedback.Status.ANSWERED, Feedback.Status.REFUSED],
        answered_on__range=(period_start, period_end),
    )
    if scope.unit_id:
        closed = closed.filter(unit_id=scope.unit_id)
    rows = list(closed.only("status", "answered_on", "accept_due_on", "handle_due_on"))
    on_time = sum(1 for row in rows if row.was_handled_on_time())
    return IndicatorResult(
        value=percentage(on_time, len(rows)),
        figures={"closed": len(rows), "on_time": on_time, "late": len(rows) - on_time},
    )


def feedback_received(agency, period_start: date, period_end: date, scope: Scope) -> IndicatorResult:
    """Number of complaints and suggestions received in the period (zero is a real result here)."""
    received = Feedback.objects.filter(agency=agency, received_on__range=(period_start, period_end))
    if scope.unit_id:
        received = received.filter(unit_id=scope.unit_id)
    complaints = received.filter(kind=Feedback.Kind.COMPLAINT).count()
    total = received.count()
    return IndicatorResult(
        value=Decimal(total),
        figures={"received": total, "complaints": complaints, "suggestions": total - complaints},
    )


def risk_actions_overdue(agency, period_start: date, period_end: date, scope: Scope) -> IndicatorResult:
    """Risk treatment actions past their due date and not completed by the end of the period."""
    actions = Action.objects.filter(
        agency=agency, source_type=ContentType.objects.get_for_model(Risk), due_on__lt=period_end
    ).exclude(status=Action.Status.CANCELLED)
    overdue = actions.filter(Q(completed_on__isnull=True) | Q(completed_on__gt=period_end)).count()
    return IndicatorResult(value=Decimal(overdue), figures={"due": actions.count(), "overdue": overdue})


def documents_overdue_review(agency, period_start: date, period_end: date, scope: Scope) -> IndicatorResult:
    """Controlled documents in force whose periodic review was due by the end of the period."""
    documents = Document.objects.filter(
        agency=agency, status=Document.Status.ACTIVE, current_version__isnull=False
    )
    if scope.unit_id:
        documents = documents.filter(owner_unit_id=scope.unit_id)
    overdue = documents.filter(next_review_on__lte=period_end).count()
    return IndicatorResult(
        value=Decimal(overdue), figures={"controlled": documents.count(), "overdue": overdue}
    )


def register() -> None:
    register_source(
        IndicatorSource(
            key="feedback_on_time",
            label="Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn",
            unit=MeasureUnit.PERCENT,
            compute=feedback_on_time,
            figure_labels={"closed": "đã giải quyết", "on_time": "đúng hạn", "late": "trễ hạn"},
            description="Phản ánh, kiến nghị đã trả lời hoặc từ chối thụ lý trong kỳ, so với thời hạn.",
        )
    )
    register_source(
        IndicatorSource(
            key="feedback_received",
            label="Số phản ánh, kiến nghị nhận được",
            unit=MeasureUnit.COUNT,
            compute=feedback_received,
            figure_labels={"received": "tổng số", "complaints": "phản ánh", "suggestions": "kiến nghị"},
            description="Mọi kênh: cổng thông tin, Bộ phận Một cửa, cán bộ ghi nhận.",
        )
    )
    register_source(
        IndicatorSource(
            key="risk_actions_overdue",
            label="Số hành động xử lý rủi ro quá hạn",
            unit=MeasureUnit.COUNT,
            compute=risk_actions_overdue,
            figure_labels={"due": "đến hạn", "overdue": "quá hạn"},
            description="Hành động đến hạn trong kỳ mà chưa hoàn thành vào cuối kỳ.",
        )
    )
    register_source(
        IndicatorSource(
            key="documents_overdue_review",
            label="Số tài liệu quá hạn xem xét định kỳ",
            unit=MeasureUnit.COUNT,
            compute=documents_overdue_review,
            description="Tài liệu đang hiệu lực đã đến hạn xem xét định kỳ vào cuối kỳ mà chưa được xem xét.",
            figure_labels={"controlled": "tài liệu đang kiểm soát", "overdue": "quá hạn xem xét"},
        )
    )
