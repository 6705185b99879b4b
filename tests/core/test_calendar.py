"""The working-day calendar: which days are worked and office hours, around Vietnamese holidays.
The periods of the law counted on it are tested in test_deadlines.py."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eiso.core import calendar as work_calendar
from eiso.core.models import CalendarDay, WorkCalendar

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = work_calendar.WorkingCalendar()


def at(y, m, d, hh=9, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=TZ)


@pytest.mark.parametrize(
    "day, working",
    [
        (date(2026, 2, 13), True),  # Friday before Tết
        (date(2026, 2, 16), False),  # 29 Tết 2026
        (date(2026, 2, 17), False),  # Mùng một
        (date(2026, 2, 20), False),  # Mùng bốn
        (date(2026, 2, 23), True),  # first working day after Tết
        (date(2027, 2, 4), False),  # 29 Tết 2027
        (date(2027, 2, 10), False),  # Mùng năm 2027
        (date(2027, 2, 11), True),
        (date(2026, 4, 30), False),
        (date(2026, 5, 1), False),
        (date(2026, 9, 1), False),
        (date(2026, 9, 2), False),
        (date(2026, 11, 24), False),  # Ngày Văn hóa Việt Nam, a holiday from 2026
        (date(2025, 11, 24), True),  # not yet a holiday in 2025
        (date(2026, 8, 22), True),  # swapped working Saturday
        (date(2026, 8, 31), False),  # its compensatory day off
        (date(2026, 11, 28), False),  # an ordinary Saturday
    ],
)
def test_working_days_follow_vietnamese_holidays(day, working):
    assert CAL.is_working_day(day) is working


def test_working_hours_between_counts_office_time():
    assert CAL.working_hours_between(at(2026, 3, 2, 7, 30), at(2026, 3, 3, 7, 30)) == Decimal("7.50")
    assert CAL.working_hours_between(at(2026, 3, 3), at(2026, 3, 2)) == 0


@pytest.mark.django_db
def test_announced_days_override_the_package(province):
    calendar = WorkCalendar.objects.create(province=province)
    CalendarDay.objects.create(calendar=calendar, date=date(2026, 3, 3), kind="day_off", name="Nghỉ bù")
    CalendarDay.objects.create(calendar=calendar, date=date(2026, 3, 7), kind="working_day", name="Làm bù")
    CalendarDay.objects.create(calendar=calendar, date=date(2026, 2, 20), kind="working_day", name="Tết dời")
    cal = work_calendar.for_province(province)
    assert not cal.is_working_day(date(2026, 3, 3))
    assert cal.is_working_day(date(2026, 3, 7))
    # A library holiday the Prime Minister moved becomes a working day again.
    assert cal.is_working_day(date(2026, 2, 20))


@pytest.mark.django_db
def test_a_province_without_a_calendar_row_uses_the_defaults(province):
    cal = work_calendar.for_province(province)
    assert cal.cutoff is None
    assert cal.office_day_hours == Decimal("7.5")


def test_the_office_day_is_the_sum_of_the_two_sessions():
    cal = work_calendar.WorkingCalendar(afternoon_end=time(17, 30))
    assert cal.office_day_hours == Decimal(8)
    assert cal.opening_of(date(2026, 3, 2)) == at(2026, 3, 2, 7, 30)


working_dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)).filter(CAL.is_working_day)


@settings(max_examples=200, deadline=None)
@given(start=working_dates, amount=st.integers(min_value=0, max_value=60))
def test_adding_and_counting_working_days_are_inverse(start, amount):
    end = CAL.add_working_days_to_date(start, amount)
    assert CAL.is_working_day(end)
    assert CAL.count_working_days(start, end) == amount


@settings(max_examples=200, deadline=None)
@given(
    start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31)),
    hours=st.integers(min_value=1, max_value=120),
)
def test_adding_working_hours_and_measuring_them_are_inverse(start, hours):
    start = start.replace(tzinfo=TZ, second=0, microsecond=0)
    due = CAL.add_working_hours(start, hours)
    assert CAL.working_hours_between(start, due) == hours
