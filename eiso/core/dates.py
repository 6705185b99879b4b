"""Calendar-month arithmetic, written once: review periods, legal-change deadlines, inspection
follow-ups, measurement periods and the working calendar's "n months" all count months this way."""

import calendar
from datetime import date


def month_end(year: int, month: int) -> date:
    """The last day of a month (29/02 in a leap year)."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier, when negative); the month's last day when it has no
    such day, as Vietnamese deadlines are read (31/01 + 1 month = 28/02, or 29/02 in a leap year)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = month_end(year, month)
    return last if day.day > last.day else date(year, month, day.day)
