"""The one clock (core.deadlines): fixed cases around Vietnamese holidays, the cut-off, the steps'
budgets, date-only deadlines, and property tests against a naive day-by-day count."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from eiso.core import deadlines
from eiso.core.calendar import Unit, WorkingCalendar

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkingCalendar()
THREE_PM = time(15, 0)


def at(y, m, d, hh=9, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=TZ)


def due(start, amount, unit=Unit.WORKING_DAYS, cutoff=None):
    return deadlines.period_end(CAL, start, amount, unit, cutoff=cutoff)


# --- fixed cases ------------------------------------------------------------------------------------


def test_three_working_days_across_tet_2026():
    # Received Friday 13/02 morning: Tết runs 16–20/02, so the days are 23, 24, 25/02.
    assert due(at(2026, 2, 13), 3) == at(2026, 2, 25, 17)


def test_the_time_limit_counts_from_the_reception_not_from_the_paper_transfer():
    # NĐ 118/2025 Điều 18.2: after 15:00 the paper moves the next day; the limit does not.
    assert due(at(2026, 3, 9, 16), 1) == at(2026, 3, 10, 17)
    assert due(at(2026, 3, 9, 14, 59), 1) == due(at(2026, 3, 9, 15, 0), 1)


def test_a_procedure_with_its_own_cutoff_counts_from_the_next_working_day():
    # 1.001193: "nhận hồ sơ sau 15 giờ … trả kết quả trong ngày làm việc tiếp theo".
    assert due(at(2026, 3, 2, 14, 59), 1, cutoff=THREE_PM) == at(2026, 3, 3, 17)
    assert due(at(2026, 3, 2, 15, 0), 1, cutoff=THREE_PM) == at(2026, 3, 4, 17)
    # On a day off too: Saturday counts as received Monday.
    assert due(at(2026, 11, 28, 10), 1, cutoff=THREE_PM) == at(2026, 12, 1, 17)


def test_a_reception_on_a_day_off_starts_counting_the_next_day():
    # Civil Code Điều 147: Saturday 28/11/2026; the first working day after it is Monday 30/11.
    assert due(at(2026, 11, 28, 10), 1) == at(2026, 11, 30, 17)


def test_working_days_skip_30_april_and_1_may():
    assert due(at(2026, 4, 29, 10), 2) == at(2026, 5, 5, 17)


def test_working_days_skip_national_day_and_use_the_swapped_saturday():
    # 21/08/2026 (Fri) + 1 working day = Saturday 22/08, a swapped working day.
    assert due(at(2026, 8, 21, 10), 1) == at(2026, 8, 22, 17)
    # 28/08 (Fri) + 1 = 03/09: 31/08 is the compensatory day, 01–02/09 National Day.
    assert due(at(2026, 8, 28, 10), 1) == at(2026, 9, 3, 17)


def test_working_days_skip_24_november_from_2026():
    assert due(at(2026, 11, 23, 10), 1) == at(2026, 11, 25, 17)


def test_working_hours_consume_office_hours_only():
    # Friday 16:00 + 8 h: 1 h on Friday, then (after Tết) Monday 23/02 7:30–11:30 and 13:30–16:30.
    assert due(at(2026, 2, 13, 16), 8, Unit.WORKING_HOURS) == at(2026, 2, 23, 16, 30)
    # Received during lunch: the clock starts at 13:30.
    assert due(at(2026, 3, 2, 12, 0), 2, Unit.WORKING_HOURS) == at(2026, 3, 2, 15, 30)


def test_calendar_days_ending_on_a_day_off_end_at_the_next_working_day():
    # 10/02/2026 + 7 days = 17/02 (Tết) → next working day 23/02 (Civil Code Điều 148).
    assert due(at(2026, 2, 10), 7, Unit.DAYS) == at(2026, 2, 23, 17)


def test_months_end_on_the_corresponding_day_or_the_last_day_of_the_month():
    assert due(at(2026, 1, 31), 1, Unit.MONTHS) == at(2026, 3, 2, 17)  # 28/02 is a Saturday
    assert due(at(2026, 3, 16), 1, Unit.MONTHS) == at(2026, 4, 16, 17)


def test_half_a_working_day_is_half_the_office_day():
    # 1.5 days from Monday: Tuesday's close, then 3.75 of Wednesday's 7.5 office hours.
    assert due(at(2026, 3, 2, 9), Decimal("1.5")) == at(2026, 3, 4, 11, 15)


def test_zero_working_days_end_the_same_working_day():
    assert due(at(2026, 3, 2, 9), 0) == at(2026, 3, 2, 17)
    assert due(at(2026, 3, 7, 9), 0) == at(2026, 3, 9, 17)  # a Saturday: Monday


def test_unknown_unit_and_negative_amounts_are_refused():
    with pytest.raises(ValueError):
        due(at(2026, 3, 2), 1, "weeks")
    with pytest.raises(ValueError):
        due(at(2026, 3, 2), -1)


def test_a_longer_office_day_moves_fractions_and_hours():
    cal = WorkingCalendar(afternoon_end=time(17, 30))
    assert deadlines.period_end(cal, at(2026, 3, 2, 9), Decimal("0.5"), Unit.WORKING_DAYS) == at(
        2026, 3, 3, 11, 30
    )


def test_date_only_deadlines_move_off_days_off():
    # A legal update of a text in force 30/01/2026 is due three months later, 30/04, a holiday;
    # 01/05 too, then a weekend: Monday 04/05.
    assert deadlines.legal_update_due(CAL, date(2026, 1, 30)) == date(2026, 5, 4)
    # Two months after 30/06/2026 is Sunday 30/08; 31/08 is the day off swapped for 22/08 and
    # 01–02/09 National Day: Thursday 03/09.
    assert deadlines.inspection_follow_up_due(CAL, date(2026, 6, 30)) == date(2026, 9, 3)
    assert deadlines.year_end_due(CAL, 2026) == date(2026, 12, 31)
    assert deadlines.on_working_day(CAL, date(2026, 9, 2)) == date(2026, 9, 3)


def test_dossier_deadlines_of_the_law():
    received = at(2026, 3, 2, 9)
    assert deadlines.supplement_notice_due(CAL, received) == at(2026, 3, 5, 17)
    assert deadlines.online_acceptance_due(CAL, received) == at(2026, 3, 3, 9, 30)
    assert deadlines.closure_due(CAL, received) == at(2026, 3, 17, 17)
    assert deadlines.correction_due(CAL, received) == at(2026, 3, 5, 17)


def test_an_extension_is_timely_until_the_day_before_the_due_date():
    legal = at(2026, 3, 5, 17)
    assert deadlines.is_timely_extension(CAL, at(2026, 3, 4, 16, 59), legal)
    assert not deadlines.is_timely_extension(CAL, at(2026, 3, 5, 8), legal)


def test_a_new_appointment_is_a_working_day_after_the_legal_due_moment():
    legal = at(2026, 4, 28, 17)
    assert deadlines.extension_appointment_error(CAL, at(2026, 4, 28, 17), legal)
    assert "ngày làm việc" in deadlines.extension_appointment_error(CAL, at(2026, 4, 30, 17), legal)
    assert deadlines.extension_appointment_error(CAL, at(2026, 5, 4, 17), legal) == ""


def test_steps_are_budgeted_in_the_procedures_unit_and_the_last_ends_at_the_legal_due():
    received = at(2026, 3, 2, 9)
    legal = due(received, 3)
    budgets = [
        deadlines.step_budget(CAL, amount, unit, Unit.WORKING_DAYS)
        for amount, unit in [
            (Decimal("0.5"), Unit.WORKING_DAYS),
            (Decimal("11.25"), Unit.WORKING_HOURS),
            (1, Unit.WORKING_DAYS),
        ]
    ]
    assert budgets == [Decimal("0.5"), Decimal("1.5"), Decimal(1)]
    dues = deadlines.step_dues(CAL, received, budgets, Unit.WORKING_DAYS, legal)
    assert dues == [at(2026, 3, 3, 11, 15), at(2026, 3, 4, 17), legal]


def test_steps_longer_than_the_legal_time_never_end_after_it():
    received = at(2026, 3, 2, 9)
    legal = due(received, 1)
    dues = deadlines.step_dues(CAL, received, [Decimal(2), Decimal(2)], Unit.WORKING_DAYS, legal)
    assert dues == [legal, legal]


def test_steps_of_a_calendar_day_procedure_run_in_working_days():
    received = at(2026, 3, 2, 9)
    legal = due(received, 15, Unit.DAYS)
    budgets = [deadlines.step_budget(CAL, 2, Unit.WORKING_DAYS, Unit.DAYS)]
    assert deadlines.step_dues(CAL, received, budgets + budgets, Unit.DAYS, legal) == [
        at(2026, 3, 4, 17),
        legal,
    ]


# --- property tests -----------------------------------------------------------------------------


def naive_working_days_due(start: datetime, amount: int, cutoff: time | None) -> datetime:
    """Day by day, as a person counts on a paper calendar."""
    day = start.astimezone(TZ).date()
    if cutoff is not None and (not CAL.is_working_day(day) or start.astimezone(TZ).time() >= cutoff):
        day += timedelta(days=1)
        while not CAL.is_working_day(day):
            day += timedelta(days=1)
    counted = 0
    while counted < amount:
        day += timedelta(days=1)
        if CAL.is_working_day(day):
            counted += 1
    while not CAL.is_working_day(day):
        day += timedelta(days=1)
    return datetime.combine(day, time(17), tzinfo=TZ)


def naive_working_hours_due(start: datetime, hours: int) -> datetime:
    """Minute by minute through the office sessions."""
    moment = start.astimezone(TZ).replace(second=0, microsecond=0)
    if moment != start.astimezone(TZ):
        moment += timedelta(minutes=1)
    left = hours * 60
    while True:
        in_office = CAL.is_working_day(moment.date()) and (
            time(7, 30) <= moment.time() < time(11, 30) or time(13, 30) <= moment.time() < time(17)
        )
        if in_office:
            if left == 0:
                return moment
            left -= 1
            if left == 0:
                return moment + timedelta(minutes=1)
        moment += timedelta(minutes=1)


def naive_calendar_days_due(start: datetime, amount: int) -> datetime:
    day = start.astimezone(TZ).date() + timedelta(days=amount)
    while not CAL.is_working_day(day):
        day += timedelta(days=1)
    return datetime.combine(day, time(17), tzinfo=TZ)


moments = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31)).map(
    lambda moment: moment.replace(tzinfo=TZ, microsecond=0)
)
cutoffs = st.sampled_from([None, THREE_PM, time(16, 30)])


@settings(max_examples=150, deadline=None)
@given(start=moments, amount=st.integers(min_value=0, max_value=40), cutoff=cutoffs)
def test_working_days_agree_with_a_naive_count(start, amount, cutoff):
    assert due(start, amount, cutoff=cutoff) == naive_working_days_due(start, amount, cutoff)


@settings(max_examples=60, deadline=None)
@given(start=moments, hours=st.integers(min_value=1, max_value=30))
def test_working_hours_agree_with_a_naive_count(start, hours):
    start = start.replace(second=0)
    assert due(start, hours, Unit.WORKING_HOURS) == naive_working_hours_due(start, hours)


@settings(max_examples=100, deadline=None)
@given(start=moments, amount=st.integers(min_value=0, max_value=90))
def test_calendar_days_agree_with_a_naive_count(start, amount):
    assert due(start, amount, Unit.DAYS) == naive_calendar_days_due(start, amount)


units = st.sampled_from([Unit.WORKING_DAYS, Unit.WORKING_HOURS, Unit.DAYS, Unit.MONTHS])


@settings(max_examples=150, deadline=None)
@given(
    first=moments,
    gap=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=20)),
    amount=st.integers(min_value=0, max_value=30),
    unit=units,
    cutoff=cutoffs,
)
def test_dues_are_monotone_in_the_reception_time(first, gap, amount, unit, cutoff):
    assume(unit != Unit.WORKING_HOURS or amount > 0)
    assert due(first, amount, unit, cutoff) <= due(first + gap, amount, unit, cutoff)


step_durations = st.lists(
    st.tuples(
        st.decimals(min_value=0, max_value=5, places=1),
        st.sampled_from([Unit.WORKING_DAYS, Unit.WORKING_HOURS]),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(
    start=moments,
    legal_amount=st.integers(min_value=1, max_value=30),
    legal_unit=units,
    steps=step_durations,
    extension_days=st.integers(min_value=0, max_value=10),
    cutoff=cutoffs,
)
def test_steps_never_end_after_the_appointment(
    start, legal_amount, legal_unit, steps, extension_days, cutoff
):
    legal = due(start, legal_amount, legal_unit, cutoff)
    appointment = due(legal, extension_days) if extension_days else legal
    budgets = [deadlines.step_budget(CAL, amount, unit, legal_unit) for amount, unit in steps]
    dues = deadlines.step_dues(CAL, start, budgets, legal_unit, min(legal, appointment), cutoff)
    assert all(step_due <= appointment for step_due in dues)
    assert dues == sorted(dues)
    assert dues[-1] == legal
