"""The working-day calendar: fixed cases around Vietnamese holidays and property tests."""

from datetime import date, datetime, time, timedelta
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


def test_three_working_days_across_tet_2026():
    # Received Friday 13/02 morning: Tết runs 16–20/02, so the days are 23, 24, 25/02.
    assert CAL.due(at(2026, 2, 13), 3, "working_days") == at(2026, 2, 25, 17)


def test_reception_after_the_cutoff_counts_from_the_next_working_day():
    assert CAL.due(at(2026, 3, 2, 14, 59), 1, "working_days") == at(2026, 3, 3, 17)
    assert CAL.due(at(2026, 3, 2, 15, 0), 1, "working_days") == at(2026, 3, 4, 17)


def test_reception_on_a_day_off_counts_from_the_next_working_day():
    # Saturday 28/11/2026 → counted as received Monday 30/11; one day later is Tuesday 01/12.
    assert CAL.due(at(2026, 11, 28, 10), 1, "working_days") == at(2026, 12, 1, 17)


def test_working_days_skip_30_april_and_1_may():
    assert CAL.due(at(2026, 4, 29, 10), 2, "working_days") == at(2026, 5, 5, 17)


def test_working_days_skip_national_day_and_use_the_swapped_saturday():
    # 21/08/2026 (Fri) + 1 working day = Saturday 22/08, a swapped working day.
    assert CAL.due(at(2026, 8, 21, 10), 1, "working_days") == at(2026, 8, 22, 17)
    # 28/08 (Fri) + 1 = 03/09: 31/08 is the compensatory day, 01–02/09 National Day.
    assert CAL.due(at(2026, 8, 28, 10), 1, "working_days") == at(2026, 9, 3, 17)


def test_working_days_skip_24_november_from_2026():
    assert CAL.due(at(2026, 11, 23, 10), 1, "working_days") == at(2026, 11, 25, 17)


def test_working_hours_consume_office_hours_only():
    # Friday 16:00 + 8 h: 1 h on Friday, then (after Tết) Monday 23/02 7:30–11:30 and 13:30–16:30.
    assert CAL.due(at(2026, 2, 13, 16), 8, "working_hours") == at(2026, 2, 23, 16, 30)
    # Received during lunch: the clock starts at 13:30.
    assert CAL.due(at(2026, 3, 2, 12, 0), 2, "working_hours") == at(2026, 3, 2, 15, 30)


def test_calendar_days_ending_on_a_day_off_end_at_the_next_working_day():
    # 10/02/2026 + 7 days = 17/02 (Tết) → next working day 23/02 (Civil Code Điều 148).
    assert CAL.due(at(2026, 2, 10), 7, "days") == at(2026, 2, 23, 17)


def test_months_end_on_the_corresponding_day_or_the_last_day_of_the_month():
    assert CAL.due(at(2026, 1, 31), 1, "months") == at(2026, 3, 2, 17)  # 28/02 is a Saturday
    assert CAL.due(at(2026, 3, 16), 1, "months") == at(2026, 4, 16, 17)


def test_half_a_working_day_is_four_office_hours():
    assert CAL.due(at(2026, 3, 2, 9), Decimal("1.5"), "working_days") == at(2026, 3, 4, 11, 30)


def test_unknown_unit_and_negative_amounts_are_refused():
    with pytest.raises(ValueError):
        CAL.due(at(2026, 3, 2), 1, "weeks")
    with pytest.raises(ValueError):
        CAL.due(at(2026, 3, 2), -1, "working_days")


def test_working_hours_between_counts_office_time():
    assert CAL.working_hours_between(at(2026, 3, 2, 7, 30), at(2026, 3, 3, 7, 30)) == Decimal("7.50")
    assert CAL.working_hours_between(at(2026, 3, 3), at(2026, 3, 2)) == 0


@pytest.mark.django_db
def test_announced_days_override_the_package(province):
    calendar = WorkCalendar.objects.create(province=province, cutoff=time(16, 0))
    CalendarDay.objects.create(calendar=calendar, date=date(2026, 3, 3), kind="day_off", name="Nghỉ bù")
    CalendarDay.objects.create(calendar=calendar, date=date(2026, 3, 7), kind="working_day", name="Làm bù")
    cal = work_calendar.for_province(province)
    assert not cal.is_working_day(date(2026, 3, 3))
    assert cal.is_working_day(date(2026, 3, 7))
    # The province's cut-off is 16:00: a 15:30 reception still counts the same day.
    assert cal.due(at(2026, 3, 2, 15, 30), 2, "working_days") == at(2026, 3, 5, 17)


@pytest.mark.django_db
def test_a_province_without_a_calendar_row_uses_the_defaults(province):
    assert work_calendar.for_province(province).cutoff == time(15, 0)


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


@settings(max_examples=100, deadline=None)
@given(start=working_dates, amount=st.integers(min_value=1, max_value=40))
def test_a_due_moment_is_always_the_close_of_a_working_day(start, amount):
    due = CAL.due(datetime.combine(start, time(9), tzinfo=TZ), amount, "working_days")
    assert CAL.is_working_day(due.date()) and due.time() == time(17)
    assert due.date() > start and due.date() - start >= timedelta(days=amount)
