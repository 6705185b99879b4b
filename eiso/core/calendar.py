"""The Vietnamese working-day calendar of a province: which days are worked, and office hours.

A day is a working day when it is Monday to Friday and not a public holiday, or when it is a
swapped working Saturday. Public holidays (lunar ones included) and the swaps the `holidays`
package knows come from it; the compensatory days off and swapped working days that the
government announces each year are `CalendarDay` rows, which win over the package (the
administrator may also turn a library holiday into a working day, because the Prime Minister
fixes Tết each year).

This module answers questions about days and office hours; the periods of the law (due moments
of dossiers, steps, legal updates…) are counted on it by `core.deadlines`, the one clock.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.utils import timezone

from eiso.core.models import CalendarDay, WorkCalendar


class Unit:
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    DAYS = "days"
    MONTHS = "months"

    ALL = (WORKING_DAYS, WORKING_HOURS, DAYS, MONTHS)
    LABELS = {
        WORKING_DAYS: "ngày làm việc",
        WORKING_HOURS: "giờ làm việc",
        DAYS: "ngày",
        MONTHS: "tháng",
    }


# Safety net for loops over days: no legal period is longer than a few years.
MAX_SCAN_DAYS = 366 * 20


@dataclass
class WorkingCalendar:
    """The working calendar of one province, ready to count. Build it with `for_province`."""

    morning_start: time = time(7, 30)
    morning_end: time = time(11, 30)
    afternoon_start: time = time(13, 30)
    afternoon_end: time = time(17, 0)
    # The province's default cut-off hour for receptions; None (the default) is off: the 15:00 rule
    # moves the paper transfer, not the time limit (core.deadlines).
    cutoff: time | None = None
    days_off: dict[date, str] = field(default_factory=dict)
    extra_working_days: dict[date, str] = field(default_factory=dict)
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(settings.TIME_ZONE))
    _holiday_years: dict[int, holidays.HolidayBase] = field(default_factory=dict, repr=False)
    _year_sets: dict[int, tuple[frozenset, frozenset]] = field(default_factory=dict, repr=False)

    # -- days ---------------------------------------------------------------------------------

    def _holidays(self, year: int) -> holidays.HolidayBase:
        if year not in self._holiday_years:
            self._holiday_years[year] = holidays.country_holidays("VN", years=year, language="vi")
        return self._holiday_years[year]

    def holiday_name(self, day: date) -> str:
        """Why `day` is off, or "" when it is a working day or an ordinary weekend."""
        if day in self.days_off:
            return self.days_off[day]
        return self._holidays(day.year).get(day, "")

    def _sets(self, year: int) -> tuple[frozenset, frozenset]:
        """The package's holidays and swapped working days of a year, as plain sets: a lookup in
        the package object itself is an order of magnitude slower, and deadlines ask millions."""
        if year not in self._year_sets:
            package = self._holidays(year)
            swapped = frozenset(d for d in getattr(package, "weekend_workdays", ()) if d.year == year)
            self._year_sets[year] = (frozenset(package.keys()), swapped)
        return self._year_sets[year]

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.days_off:
            return False
        holiday_dates, swapped = self._sets(day.year)
        if day in swapped:
            return True
        return day.weekday() < 5 and day not in holiday_dates

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        for offset in range(1, MAX_SCAN_DAYS):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise ValueError("Không tìm thấy ngày làm việc tiếp theo.")

    def working_day_on_or_after(self, day: date) -> date:
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days_to_date(self, day: date, amount: int) -> date:
        """The `amount`-th working day after `day` (`day` itself when `amount` is 0)."""
        if amount < 0:
            raise ValueError("Số ngày không được âm.")
        result = day
        for _ in range(amount):
            result = self.next_working_day(result)
        return result

    def count_working_days(self, start: date, end: date) -> int:
        """Working days d with start < d ≤ end: the inverse of `add_working_days_to_date`."""
        if end <= start:
            return 0
        days = (end - start).days
        return sum(1 for offset in range(1, days + 1) if self.is_working_day(start + timedelta(days=offset)))

    # -- moments ------------------------------------------------------------------------------

    def local(self, moment: datetime) -> datetime:
        if timezone.is_naive(moment):
            return moment.replace(tzinfo=self.tz)
        return moment.astimezone(self.tz)

    def _at(self, day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, tzinfo=self.tz)

    def sessions(self, day: date) -> list[tuple[datetime, datetime]]:
        """The office sessions of a day, empty on a day off."""
        if not self.is_working_day(day):
            return []
        return [
            (self._at(day, self.morning_start), self._at(day, self.morning_end)),
            (self._at(day, self.afternoon_start), self._at(day, self.afternoon_end)),
        ]

    def close_of(self, day: date) -> datetime:
        return self._at(day, self.afternoon_end)

    def opening_of(self, day: date) -> datetime:
        return self._at(day, self.morning_start)

    @property
    def office_day_hours(self) -> Decimal:
        """The length of the province's office day in hours: its "working day" (7.5 by default)."""
        minutes = sum(
            (datetime.combine(date.min, end) - datetime.combine(date.min, begin)).seconds // 60
            for begin, end in (
                (self.morning_start, self.morning_end),
                (self.afternoon_start, self.afternoon_end),
            )
        )
        return Decimal(minutes) / Decimal(60)

    def next_working_moment(self, moment: datetime) -> datetime:
        """`moment` itself when it is within office hours, else the start of the next session."""
        local = self.local(moment)
        day = local.date()
        for _ in range(MAX_SCAN_DAYS):
            for begin, end in self.sessions(day):
                if local < end:
                    return max(local, begin)
            day = self.next_working_day(day)
            local = self._at(day, time(0, 0))
        raise ValueError("Không tìm thấy giờ làm việc tiếp theo.")

    def add_working_hours(self, start: datetime, hours: Decimal | float | int) -> datetime:
        """The moment when `hours` office hours have passed since `start`."""
        remaining = timedelta(hours=float(hours))
        if remaining < timedelta(0):
            raise ValueError("Số giờ không được âm.")
        moment = self.next_working_moment(start)
        day = moment.date()
        for _ in range(MAX_SCAN_DAYS):
            for begin, end in self.sessions(day):
                if moment >= end:
                    continue
                moment = max(moment, begin)
                available = end - moment
                if remaining <= available:
                    return moment + remaining
                remaining -= available
                moment = end
            day = self.next_working_day(day)
            moment = self._at(day, time(0, 0))
        raise ValueError("Thời hạn quá dài.")

    def working_hours_between(self, start: datetime, end: datetime) -> Decimal:
        """Office hours elapsed from `start` to `end` (0 when end is before start)."""
        start, end = self.local(start), self.local(end)
        if end <= start:
            return Decimal(0)
        total = timedelta(0)
        day = start.date()
        while day <= end.date():
            for begin, close in self.sessions(day):
                overlap = min(close, end) - max(begin, start)
                if overlap > timedelta(0):
                    total += overlap
            day += timedelta(days=1)
        return (Decimal(total.total_seconds()) / Decimal(3600)).quantize(Decimal("0.01"))


def for_province(province) -> WorkingCalendar:
    """The working calendar of a province (or a province id): its office hours and its announced days."""
    province_id = getattr(province, "pk", province)
    settings_row = WorkCalendar.objects.filter(province_id=province_id).first() if province_id else None
    if settings_row is None:
        return WorkingCalendar()
    days = list(CalendarDay.objects.filter(calendar=settings_row))
    return WorkingCalendar(
        morning_start=settings_row.morning_start,
        morning_end=settings_row.morning_end,
        afternoon_start=settings_row.afternoon_start,
        afternoon_end=settings_row.afternoon_end,
        cutoff=settings_row.cutoff,
        days_off={day.date: day.name for day in days if day.kind == CalendarDay.Kind.DAY_OFF},
        extra_working_days={day.date: day.name for day in days if day.kind == CalendarDay.Kind.WORKING_DAY},
    )


def year_overview(calendar: WorkingCalendar, year: int) -> list[dict]:
    """Every day off (holiday or announced) and every swapped working day of a year, in order."""
    rows = []
    day = date(year, 1, 1)
    while day.year == year:
        working = calendar.is_working_day(day)
        name = calendar.holiday_name(day)
        if not working and name:
            rows.append({"date": day, "name": name, "working": False})
        elif working and day.weekday() >= 5:
            rows.append(
                {
                    "date": day,
                    "name": calendar.extra_working_days.get(day, "Ngày làm việc bù"),
                    "working": True,
                }
            )
        day += timedelta(days=1)
    return rows
