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
    _base: date | None = field(default=None, repr=False)
    _end: date | None = field(default=None, repr=False)
    _ranks: list[int] = field(default_factory=list, repr=False)
    _working: list[date] = field(default_factory=list, repr=False)
    _sessions: dict[date, tuple] = field(default_factory=dict, repr=False)
    _office: timedelta | None = field(default=None, repr=False)

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

    # Working-day arithmetic reads precomputed ordinals: for each date of a span of years, how many
    # working days there are up to and including it, and the working days in order. A due date
    # is then an array lookup, not a walk day by day (the clock is asked millions of times).

    def _covers(self, day: date) -> None:
        if self._base is not None and self._base <= day < self._end:
            return
        first = day.year if self._base is None else min(day.year, self._base.year)
        # A margin of two years after: periods reach past the year they start in.
        last = day.year + 2 if self._base is None else max(day.year + 2, self._end.year)
        if last - first > MAX_SCAN_DAYS // 366:
            raise ValueError("Không tìm thấy ngày làm việc trong khoảng thời gian hợp lý.")
        base, end = date(first, 1, 1), date(last + 1, 1, 1)
        ranks, working, count = [], [], 0
        for offset in range((end - base).days):
            day_ = base + timedelta(days=offset)
            if self.is_working_day(day_):
                count += 1
                working.append(day_)
            ranks.append(count)
        self._base, self._end, self._ranks, self._working = base, end, ranks, working

    def _rank(self, day: date) -> int:
        """Working days from the start of the span up to and including `day`."""
        self._covers(day)
        return self._ranks[(day - self._base).days]

    def add_working_days_to_date(self, day: date, amount: int) -> date:
        """The `amount`-th working day after `day` (`day` itself when `amount` is 0)."""
        if amount < 0:
            raise ValueError("Số ngày không được âm.")
        if amount == 0:
            return day
        target = self._rank(day) + amount
        while target > len(self._working):
            self._covers(self._end + timedelta(days=366))
            target = self._rank(day) + amount
        return self._working[target - 1]

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        return self.add_working_days_to_date(day, 1)

    def working_day_on_or_after(self, day: date) -> date:
        return day if self.is_working_day(day) else self.next_working_day(day)

    def count_working_days(self, start: date, end: date) -> int:
        """Working days d with start < d ≤ end: the inverse of `add_working_days_to_date`."""
        if end <= start:
            return 0
        self._covers(end)
        return self._rank(end) - self._rank(start)

    # -- moments ------------------------------------------------------------------------------

    def local(self, moment: datetime) -> datetime:
        if timezone.is_naive(moment):
            return moment.replace(tzinfo=self.tz)
        return moment.astimezone(self.tz)

    def _at(self, day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, tzinfo=self.tz)

    def sessions(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """The office sessions of a day, empty on a day off (kept per day: aware datetimes are
        costly to build, and the clock asks for the same days again and again)."""
        if day not in self._sessions:
            self._sessions[day] = (
                (
                    (self._at(day, self.morning_start), self._at(day, self.morning_end)),
                    (self._at(day, self.afternoon_start), self._at(day, self.afternoon_end)),
                )
                if self.is_working_day(day)
                else ()
            )
        return self._sessions[day]

    def close_of(self, day: date) -> datetime:
        return self._at(day, self.afternoon_end)

    def opening_of(self, day: date) -> datetime:
        return self._at(day, self.morning_start)

    @property
    def office_day_hours(self) -> Decimal:
        """The length of the province's office day in hours: its "working day" (7.5 by default)."""
        return Decimal(int(self._office_day().total_seconds()) // 60) / Decimal(60)

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

    def _office_day(self) -> timedelta:
        if self._office is None:
            self._office = self._office_length()
        return self._office

    def _office_length(self) -> timedelta:
        ordinary = date(2000, 1, 3)
        return sum(
            (
                datetime.combine(ordinary, end) - datetime.combine(ordinary, begin)
                for begin, end in (
                    (self.morning_start, self.morning_end),
                    (self.afternoon_start, self.afternoon_end),
                )
            ),
            timedelta(0),
        )

    def _within(self, day: date, moment: datetime, amount: timedelta) -> datetime | None:
        """`amount` of office time after `moment` on `day`, or None when the day's rest is shorter."""
        for begin, end in self.sessions(day):
            if moment >= end:
                continue
            moment = max(moment, begin)
            if amount <= end - moment:
                return moment + amount
            amount -= end - moment
            moment = end
        return None

    def _left_on(self, day: date, moment: datetime) -> timedelta:
        return sum(
            (end - max(moment, begin) for begin, end in self.sessions(day) if moment < end), timedelta(0)
        )

    def add_working_hours(self, start: datetime, hours: Decimal | float | int) -> datetime:
        """The moment when `hours` office hours have passed since `start`."""
        remaining = timedelta(hours=float(hours))
        if remaining < timedelta(0):
            raise ValueError("Số giờ không được âm.")
        moment = self.next_working_moment(start)
        day = moment.date()
        today = self._within(day, moment, remaining)
        if today is not None:
            return today
        remaining -= self._left_on(day, moment)
        whole, rest = divmod(remaining, self._office_day())
        if not rest:
            return self.close_of(self.add_working_days_to_date(day, whole))
        target = self.add_working_days_to_date(day, whole + 1)
        return self._within(target, self.opening_of(target), rest)

    def working_hours_between(self, start: datetime, end: datetime) -> Decimal:
        """Office hours elapsed from `start` to `end` (0 when end is before start)."""
        start, end = self.local(start), self.local(end)
        if end <= start:
            return Decimal(0)
        first, last = start.date(), end.date()
        if first == last:
            total = self._overlap(first, start, end)
        else:
            between = self.count_working_days(first, last - timedelta(days=1))
            total = (
                self._overlap(first, start, self.close_of(first))
                + self._overlap(last, self.opening_of(last), end)
                + between * self._office_day()
            )
        return (Decimal(total.total_seconds()) / Decimal(3600)).quantize(Decimal("0.01"))

    def _overlap(self, day: date, start: datetime, end: datetime) -> timedelta:
        total = timedelta(0)
        for begin, close in self.sessions(day):
            overlap = min(close, end) - max(begin, start)
            if overlap > timedelta(0):
                total += overlap
        return total


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
