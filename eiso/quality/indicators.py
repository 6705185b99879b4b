"""The registry of indicator sources: where an objective's value comes from.

A computed source is a plain function `compute(agency, period_start, period_end, scope)`
returning an `IndicatorResult`: the value (None when the period has no data: shown as
"chưa có dữ liệu", never as 0) and the figures it came from, stored beside the value.
`quality` registers the sources it computes from its own data, from documents (sources.py) and
from dossiers through their KPI selectors (dossier_sources.py); apps above it (`improvement`:
overdue corrective actions) register theirs from their AppConfig.ready(), so `quality` never
imports them. Manual entry is the source "manual", which has no function.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from eiso.quality.models.objectives import MANUAL_SOURCE, MeasureUnit


@dataclass(frozen=True)
class Scope:
    """What the value is computed over: the whole agency, one of its units, or one procedure."""

    unit_id: int | None = None
    procedure_id: int | None = None


@dataclass(frozen=True)
class IndicatorResult:
    value: Decimal | None
    figures: dict = field(default_factory=dict)


@dataclass(frozen=True)
class IndicatorSource:
    key: str
    label: str
    unit: str  # one of MeasureUnit
    compute: Callable[..., IndicatorResult]
    description: str = ""
    figure_labels: dict[str, str] = field(default_factory=dict)  # figure key -> Vietnamese label


sources: dict[str, IndicatorSource] = {}


def register_source(source: IndicatorSource) -> None:
    if source.key == MANUAL_SOURCE:
        raise ValueError("'manual' is reserved for values typed in by people")
    if source.unit not in MeasureUnit.values:
        raise ValueError(f"unknown unit {source.unit!r} for indicator source {source.key}")
    sources[source.key] = source


def get_source(key: str) -> IndicatorSource | None:
    return sources.get(key)


def source_choices() -> list[tuple[str, str]]:
    computed = sorted(sources.values(), key=lambda source: source.label)
    return [(MANUAL_SOURCE, "Nhập tay (kèm bằng chứng)")] + [(s.key, f"Tự động: {s.label}") for s in computed]


def compute(key: str, *, agency, period_start: date, period_end: date, scope: Scope) -> IndicatorResult:
    source = sources[key]
    return source.compute(agency, period_start, period_end, scope)


def percentage(part: int, whole: int) -> Decimal | None:
    """part/whole as a percentage with two decimals; None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
