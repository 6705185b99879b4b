"""Measurement periods of an objective's year: months, quarters or the whole year."""

from dataclasses import dataclass
from datetime import date

from eiso.core.dates import month_end
from eiso.quality.models.objectives import Frequency


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str

    def is_closed(self, today: date) -> bool:
        return self.end < today


def periods_of_year(year: int, frequency: str) -> list[Period]:
    if frequency == Frequency.MONTHLY:
        return [Period(date(year, m, 1), month_end(year, m), f"Tháng {m}/{year}") for m in range(1, 13)]
    if frequency == Frequency.QUARTERLY:
        return [
            Period(date(year, 3 * q - 2, 1), month_end(year, 3 * q), f"Quý {q}/{year}") for q in range(1, 5)
        ]
    return [Period(date(year, 1, 1), date(year, 12, 31), f"Năm {year}")]


def period_starting(year: int, frequency: str, start: date) -> Period | None:
    return next((period for period in periods_of_year(year, frequency) if period.start == start), None)


def started_periods(year: int, frequency: str, today: date) -> list[Period]:
    """The periods that have begun by `today`: those that can have a value."""
    return [period for period in periods_of_year(year, frequency) if period.start <= today]
