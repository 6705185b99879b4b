"""Time arithmetic of a process: the steps' durations against the legal processing time.

A process's steps must fit in the legal time of every procedure it handles (regulations.md
§3.3: "step times sum to the legal deadline"). Everything is compared in working hours, a
working day being the province's office day (7.5 hours with the default 07:30–11:30 and
13:30–17:00; `core.calendar.WorkingCalendar.office_day_hours`), the same day the dossiers'
clock counts (core.deadlines).

Calendar-day and month limits cannot be matched exactly against working time without knowing
the start date, so they are converted to the working days they contain at the least in an
ordinary week: 5 of every 7 days, a month counted as 30 days. That errs on the safe side: a
process that passes this check fits in any period of that length without holidays.
"""

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from eiso.core.numbers import number_text

WORKING_DAYS = "working_days"
WORKING_HOURS = "working_hours"
DAYS = "days"
MONTHS = "months"

STEP_UNITS = {WORKING_DAYS: "ngày làm việc", WORKING_HOURS: "giờ làm việc"}
TIME_UNIT_LABELS = {**STEP_UNITS, DAYS: "ngày", MONTHS: "tháng"}


def to_working_hours(amount: Decimal, unit: str, hours_per_day: Decimal) -> Decimal:
    """The working hours a duration stands for (see the module docstring for calendar units)."""
    amount = Decimal(amount)
    if unit == WORKING_HOURS:
        return amount
    if unit == WORKING_DAYS:
        return amount * hours_per_day
    if unit == DAYS:
        return _calendar_days_as_hours(amount, hours_per_day)
    if unit == MONTHS:
        return _calendar_days_as_hours(amount * 30, hours_per_day)
    raise ValueError(f"unknown time unit {unit!r}")


def _calendar_days_as_hours(days: Decimal, hours_per_day: Decimal) -> Decimal:
    half_days = (days * 5 / 7 * 2).to_integral_value(rounding=ROUND_FLOOR)
    return half_days / 2 * hours_per_day


def hours_text(hours: Decimal, hours_per_day: Decimal) -> str:
    """Working hours as people say them: whole or half days in days, the rest in hours."""
    hours = Decimal(hours)
    days = hours / hours_per_day
    if hours >= hours_per_day / 2 and (days * 2) == (days * 2).to_integral_value():
        return f"{number_text(days)} ngày làm việc"
    return f"{number_text(hours)} giờ làm việc"


def duration_text(amount: Decimal, unit: str) -> str:
    return f"{number_text(amount)} {STEP_UNITS.get(unit, unit)}"


@dataclass(frozen=True)
class TimeLimit:
    """The tightest legal time among a process's procedures."""

    hours: Decimal
    label: str  # the legal time as the catalogue states it, e.g. "20 ngày làm việc"
    procedure_code: str
    is_converted: bool  # calendar days or months, converted (module docstring)


@dataclass(frozen=True)
class TimeCheck:
    total_hours: Decimal
    limit: TimeLimit | None
    hours_per_day: Decimal

    @property
    def slack_hours(self) -> Decimal | None:
        return None if self.limit is None else self.limit.hours - self.total_hours

    @property
    def fits(self) -> bool:
        return self.limit is None or self.total_hours <= self.limit.hours

    @property
    def total_text(self) -> str:
        return hours_text(self.total_hours, self.hours_per_day)

    @property
    def slack_text(self) -> str:
        if self.slack_hours is None:
            return ""
        return hours_text(abs(self.slack_hours), self.hours_per_day)

    def error_message(self) -> str:
        """The Vietnamese refusal: how much the steps exceed the legal time, and of which TTHC."""
        limit = self.limit
        converted = (
            f", quy đổi thành {hours_text(limit.hours, self.hours_per_day)}" if limit.is_converted else ""
        )
        return (
            f"Tổng thời gian các bước là {self.total_text}, vượt {self.slack_text} so với thời hạn "
            f"giải quyết theo quy định của thủ tục {limit.procedure_code} ({limit.label}{converted}). "
            "Hãy rút ngắn thời gian của các bước."
        )


def _limit_label(amount: Decimal, unit: str) -> str:
    return f"{number_text(amount)} {TIME_UNIT_LABELS[unit]}"


def tightest_limit(procedure_versions, hours_per_day: Decimal) -> TimeLimit | None:
    """The smallest legal time among the procedure versions (each with amount, unit, code)."""
    limits = [
        TimeLimit(
            hours=to_working_hours(
                version.processing_time_amount, version.processing_time_unit, hours_per_day
            ),
            label=_limit_label(version.processing_time_amount, version.processing_time_unit),
            procedure_code=version.procedure.code,
            is_converted=version.processing_time_unit in (DAYS, MONTHS),
        )
        for version in procedure_versions
    ]
    return min(limits, key=lambda limit: limit.hours, default=None)


def check(durations, procedure_versions, hours_per_day: Decimal) -> TimeCheck:
    """Compare the sum of `durations` ((amount, unit) pairs) with the tightest legal time, on an
    office day of `hours_per_day` hours (the province's)."""
    total = sum((to_working_hours(amount, unit, hours_per_day) for amount, unit in durations), Decimal(0))
    return TimeCheck(
        total_hours=total,
        limit=tightest_limit(procedure_versions, hours_per_day),
        hours_per_day=hours_per_day,
    )
