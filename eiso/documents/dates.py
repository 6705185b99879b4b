"""Calendar-month arithmetic for review periods and legal-change deadlines."""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the last day of the month when it has no such day (31/01 + 1 = 28/02)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
