"""Working-day arithmetic for the feedback deadlines.

TODO(#2): move to the WorkCalendar service of `core` once it exists; this reads the same data:
public holidays from `holidays` (VN, with substituted days and swapped working Saturdays) and
the province's CalendarDay overrides.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

from eiso.core.models import CalendarDay


@lru_cache(maxsize=32)
def _national(year: int) -> tuple[frozenset[date], frozenset[date]]:
    calendar = holidays.country_holidays("VN", years=year, language="vi")
    weekend_workdays = getattr(calendar, "weekend_workdays", set())
    return frozenset(calendar.keys()), frozenset(weekend_workdays)


def _overrides(province_id: int, start: date, end: date) -> dict[date, str]:
    rows = CalendarDay.objects.filter(calendar__province_id=province_id, date__range=(start, end))
    return {row.date: row.kind for row in rows}


def is_working_day(day: date, overrides: dict[date, str]) -> bool:
    if day in overrides:
        return overrides[day] == CalendarDay.Kind.WORKING_DAY
    days_off, swapped_workdays = _national(day.year)
    if day in swapped_workdays:
        return True
    return day.weekday() < 5 and day not in days_off


def add_working_days(start: date, count: int, *, province_id: int) -> date:
    """The date `count` working days after `start` (the day of receipt is not counted)."""
    overrides = _overrides(province_id, start, start + timedelta(days=count * 3 + 30))
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, overrides):
            remaining -= 1
    return day
