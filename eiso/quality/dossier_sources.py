"""The indicator sources measured from dossiers, computed by the dossiers app's KPI selectors.

`dossiers` sits below `quality`, so `quality` registers these itself (DESIGN.md: quality calls
the dossiers selectors; the dossiers app never imports quality). Each selector takes the agency,
the period and an optional unit or procedure, and returns `Kpi(value, figures)`, with value
None when the period has nothing to measure.
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from eiso.dossiers import selectors as dossier_selectors
from eiso.quality.indicators import IndicatorResult, IndicatorSource, Scope, register_source
from eiso.quality.models.objectives import MeasureUnit


def _plain(figures: dict) -> dict:
    """Figures as JSON can store them: decimals become numbers."""
    return {key: float(value) if isinstance(value, Decimal) else value for key, value in figures.items()}


def _from_kpi(selector: Callable) -> Callable[..., IndicatorResult]:
    def compute(agency, period_start: date, period_end: date, scope: Scope) -> IndicatorResult:
        kpi = selector(
            agency=agency,
            start=period_start,
            end=period_end,
            unit=scope.unit_id,
            procedure=scope.procedure_id,
        )
        return IndicatorResult(value=kpi.value, figures=_plain(kpi.figures))

    return compute


SOURCES = [
    (
        "dossier_on_time_rate",
        "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn và trước hạn",
        MeasureUnit.PERCENT,
        dossier_selectors.kpi_on_time_rate,
        "Hồ sơ kết thúc xử lý trong kỳ; đúng hạn gồm trước hạn và đúng hạn (cách tính của Bộ chỉ số 766).",
        {"resolved": "đã giải quyết", "early": "trước hạn", "on_time": "đúng hạn", "late": "trễ hạn"},
    ),
    (
        "dossier_average_time",
        "Thời gian giải quyết trung bình (ngày làm việc)",
        MeasureUnit.DAYS,
        dossier_selectors.kpi_average_processing_time,
        "Từ khi tiếp nhận (hoặc bổ sung xong) đến khi kết thúc xử lý, tính theo giờ hành chính; "
        "một ngày làm việc là số giờ hành chính của tỉnh.",
        {"resolved": "đã giải quyết", "days": "số ngày bình quân"},
    ),
    (
        "dossier_late_without_apology",
        "Số hồ sơ trễ hạn không có văn bản xin lỗi",
        MeasureUnit.COUNT,
        dossier_selectors.kpi_late_without_apology,
        "Hồ sơ kết thúc trong kỳ, trễ hạn mà không xin lỗi, gia hạn chậm nhất 01 ngày trước hạn.",
        {"late": "trễ hạn", "resolved": "đã giải quyết", "late_without_apology": "trễ hạn không xin lỗi"},
    ),
    (
        "dossier_supplement_rate",
        "Tỷ lệ hồ sơ phải bổ sung",
        MeasureUnit.PERCENT,
        dossier_selectors.kpi_supplement_rate,
        "Hồ sơ tiếp nhận trong kỳ có ít nhất một lần yêu cầu bổ sung.",
        {"received": "tiếp nhận", "supplements": "phải bổ sung"},
    ),
    (
        "dossier_satisfaction",
        "Tỷ lệ người dân hài lòng (đánh giá của người dân)",
        MeasureUnit.PERCENT,
        dossier_selectors.kpi_satisfaction,
        "Đánh giá cho các hồ sơ kết thúc trong kỳ.",
        {"ratings": "lượt đánh giá", "satisfied": "hài lòng"},
    ),
]


def register() -> None:
    for key, label, unit, selector, description, figure_labels in SOURCES:
        register_source(
            IndicatorSource(
                key=key,
                label=label,
                unit=unit,
                compute=_from_kpi(selector),
                description=description,
                figure_labels=figure_labels,
            )
        )
